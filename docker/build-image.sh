#!/usr/bin/env bash
# Builds Siphon's connector image: a self-contained publish for linux-x64 (no SDK, no shared runtime in the image),
# then the Dockerfile on top of a base image. Works with podman or docker (IMAGE_TOOL).
#
#   docker/build-image.sh [--tag NAME] [--base IMAGE] [--manifest PATH] [--reuse-publish]
#
# --base defaults to Microsoft's runtime-deps image; CI passes a local Debian root filesystem (docker/ci-image.sh).
# --manifest bakes a connector in; without it the image is the generic one that takes the manifest in the config.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=siphon/source-declarative:dev
base=mcr.microsoft.com/dotnet/runtime-deps:10.0
manifest=docker/no-manifest
reuse=false
tool=${IMAGE_TOOL:-$(command -v podman >/dev/null && echo podman || echo docker)}
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --manifest) manifest=$2; shift 2 ;;
    --reuse-publish) reuse=true; shift ;;
    *) echo "usage: $0 [--tag NAME] [--base IMAGE] [--manifest PATH] [--reuse-publish]" >&2; exit 2 ;;
  esac
done

out=artifacts/image
if [ "$reuse" = false ] || [ ! -x "$out/bin/siphon" ]; then
  rm -rf "$out" && mkdir -p "$out"
  dotnet publish src/Siphon.Cli -c Release -r linux-x64 --self-contained -o "$out/bin" -p:DebugType=none >"$out/publish.log" 2>&1 \
    || { cat "$out/publish.log" >&2; exit 1; }
fi
rm -f "$out/manifest.yaml"
version=$("$out/bin/siphon" --version)
# The build context holds only what the image needs (.dockerignore), so the manifest to bake in is staged beside it.
if [ "$manifest" != docker/no-manifest ]; then cp "$manifest" "$out/manifest.yaml"; manifest=$out/manifest.yaml; fi

"$tool" build --file Dockerfile --tag "$tag" \
  --build-arg BASE_IMAGE="$base" --build-arg MANIFEST="$manifest" \
  --build-arg SIPHON_VERSION="${version%%+*}" --build-arg SIPHON_REVISION="${version#*+}" .
echo "built $tag (siphon $version, $(du -sh "$out/bin" | cut -f1) of binaries)"
