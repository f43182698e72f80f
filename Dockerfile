# siphon as an Airbyte source image. The platform runs: spec | check --config | discover --config | read --config
# --catalog [--state], with files mounted under /secrets or /config. The manifest is either baked in at
# /airbyte/integration_code/manifest.yaml (build with --build-arg MANIFEST=path/to/manifest.yaml) or injected
# through the config's __injected_declarative_manifest, as for the platform's manifest-only sources.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Siphon.Cli -c Release -o /out -p:UseAppHost=true

FROM mcr.microsoft.com/dotnet/runtime:10.0
ARG MANIFEST=examples/contacts-export/manifest.yaml
WORKDIR /airbyte/integration_code
COPY --from=build /out /airbyte/integration_code/bin
COPY ${MANIFEST} /airbyte/integration_code/manifest.yaml
COPY docker/entrypoint.sh /airbyte/integration_code/entrypoint.sh
RUN chmod +x /airbyte/integration_code/entrypoint.sh
ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/entrypoint.sh"
ENTRYPOINT ["/airbyte/integration_code/entrypoint.sh"]
LABEL io.airbyte.name=siphon/source-declarative io.airbyte.version=0.1.0
