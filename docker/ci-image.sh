#!/usr/bin/env bash
# Prepares the container image tests (tests/Siphon.Cli.Tests/ContainerImageTests.cs) on a machine with no registry
# but Debian's and NuGet: installs podman, runc and mmdebstrap, makes a minimal Debian root filesystem as the base
# image (cached in /var/cache/siphon-ci between runs where the machine keeps it), and builds two images from the
# repository's Dockerfile: the generic manifest-only one and one with the contacts-export example baked in.
# Prints the variable the tests read; .ci/run exports it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF="$PWD/docker/containers.conf"

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v mmdebstrap >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq podman runc mmdebstrap uidmap >/dev/null
fi

base=localhost/siphon-base:bookworm
cache=/var/cache/siphon-ci/base-bookworm.tar
if ! podman image exists "$base"; then
  if [ ! -s "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    # What a self-contained .NET program needs at run time (ICU is off: the project is invariant-globalized).
    mmdebstrap --variant=minbase --format=tar --include=ca-certificates,libssl3,zlib1g,libstdc++6,tzdata \
      bookworm "$cache.part" http://deb.debian.org/debian >/dev/null 2>&1
    mv "$cache.part" "$cache"
  fi
  podman import "$cache" "$base" >/dev/null
fi

docker/build-image.sh --base "$base" --tag localhost/siphon/source-declarative:ci >/dev/null
docker/build-image.sh --base "$base" --tag localhost/siphon/source-contacts:ci --manifest examples/contacts-export/manifest.yaml --reuse-publish >/dev/null
echo "SIPHON_IMAGE=localhost/siphon/source-declarative:ci"
echo "SIPHON_IMAGE_BAKED=localhost/siphon/source-contacts:ci"
