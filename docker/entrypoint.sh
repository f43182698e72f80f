#!/bin/sh
# The platform calls the image with an Airbyte command and its file arguments. A baked-in manifest is used unless the
# config injects one (__injected_declarative_manifest), as the platform does for manifest-only connectors; without a
# baked-in manifest every command takes it from the config, and `spec` prints the generic spec that asks for it.
set -e
siphon=/airbyte/integration_code/bin/siphon
manifest=/airbyte/integration_code/manifest.yaml
command="${1:-}"
case "$command" in
  spec|check|discover|read)
    shift
    if [ ! -f "$manifest" ]; then exec "$siphon" "$command" "$@"; fi
    config=""
    prev=""
    for arg in "$@"; do [ "$prev" = "--config" ] && config="$arg"; prev="$arg"; done
    if [ -n "$config" ] && grep -q '"__injected_declarative_manifest"' "$config"; then exec "$siphon" "$command" "$@"; fi
    exec "$siphon" "$command" --manifest "$manifest" "$@" ;;
  *) exec "$siphon" "$@" ;;
esac
