#!/usr/bin/env bash
# `siphon spec` wall time: the published CLI loading the contacts example and printing its SPEC message. The first
# run follows the publish (the closest to a cold start a script can get without dropping the page cache); the
# median is over RUNS more.
# Usage: bench/e2e/startup.sh [RUNS=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

publish_siphon
spec() {
  /usr/bin/time -v -o "$work/time" "$siphon" spec --manifest examples/contacts-export/manifest.yaml >"$work/out"
  grep -q '"type":"SPEC"' "$work/out" || { echo "siphon spec printed no SPEC: $(cat "$work/out")" >&2; exit 1; }
  echo "$(wall_seconds "$work/time") $(cpu_seconds "$work/time") $(peak_rss_mb "$work/time")"
}
first=$(spec)
: >"$work/runs"
for _ in $(seq "$runs"); do spec >>"$work/runs"; done

machine_line
echo
echo "| siphon spec | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|"
read -r w c r <<<"$first"
printf '| first run after publish | %.3f | %.2f | %s |\n' "$w" "$c" "$r"
printf '| median of %s | %.3f | %.2f | %s |\n' "$runs" "$(awk '{print $1}' "$work/runs" | median)" \
  "$(awk '{print $2}' "$work/runs" | median)" "$(awk '{print $3}' "$work/runs" | median)"
