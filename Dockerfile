# Siphon as an Airbyte source image. The platform runs: spec | check --config | discover --config |
# read --config --catalog [--state], with files mounted (e.g. under /secrets or /config), JSON lines on stdout.
#
# Build it with docker/build-image.sh, which publishes Siphon self-contained for linux-x64 into artifacts/image/bin
# first (the image holds no SDK and no shared runtime). Without a manifest the image is the generic manifest-only
# source: `spec` asks for the manifest inside the config (__injected_declarative_manifest) and check, discover and
# read take it from there. With --manifest the connector is baked in at /airbyte/integration_code/manifest.yaml.
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0
FROM ${BASE_IMAGE}

ARG MANIFEST=docker/no-manifest
ARG SIPHON_VERSION=0.1.0
ARG SIPHON_REVISION=unknown

WORKDIR /airbyte/integration_code
COPY artifacts/image/bin/ /airbyte/integration_code/bin/
COPY docker/entrypoint.sh /airbyte/integration_code/entrypoint.sh
COPY ${MANIFEST} /airbyte/integration_code/baked-manifest
# An empty file means "no manifest baked in": the generic image.
RUN if [ -s baked-manifest ]; then mv baked-manifest manifest.yaml; else rm baked-manifest; fi \
 && chmod 0755 entrypoint.sh bin/siphon

ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/entrypoint.sh" \
    HOME=/tmp \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0
ENTRYPOINT ["/airbyte/integration_code/entrypoint.sh"]

LABEL io.airbyte.name=siphon/source-declarative \
      io.airbyte.version=${SIPHON_VERSION} \
      org.opencontainers.image.version=${SIPHON_VERSION}+${SIPHON_REVISION} \
      org.opencontainers.image.revision=${SIPHON_REVISION} \
      org.opencontainers.image.title="Siphon declarative source"

# The platform runs connectors as an unprivileged user; so does this image.
USER 1000:1000
