#!/bin/sh
# Adds the baked-in manifest unless the config injects one; everything else is passed to siphon unchanged.
set -e
command="$1"
manifest=/airbyte/integration_code/manifest.yaml
case "$command" in
  spec) exec /airbyte/integration_code/bin/siphon spec --manifest "$manifest" ;;
  check|discover|read)
    shift
    config=""
    prev=""
    for arg in "$@"; do [ "$prev" = "--config" ] && config="$arg"; prev="$arg"; done
    if [ -n "$config" ] && grep -q '__injected_declarative_manifest' "$config"; then
      exec /airbyte/integration_code/bin/siphon "$command" "$@"
    fi
    exec /airbyte/integration_code/bin/siphon "$command" --manifest "$manifest" "$@" ;;
  *) exec /airbyte/integration_code/bin/siphon "$@" ;;
esac
