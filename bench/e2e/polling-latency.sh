#!/usr/bin/env bash
# Job ready -> first download byte with the default polling policy. For each delay D, the simulator makes the job
# ready D seconds after creation (secondsUntilDone) and reports when it became ready and when the first download
# request arrived (/__stats: readyAt, firstDownloadAt); `siphon read` runs the contacts example unchanged.
# Prints one row per delay and the median latency.
# Usage: bench/e2e/polling-latency.sh [DELAYS="0.5 1 2 3 4 5 6 8 10"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
delays=${1:-"0.5 1 2 3 4 5 6 8 10"}
work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT

publish_siphon
epoch() { date -d "$1" +%s.%N; }

machine_line
echo
echo "| ready after s | polls | ready -> first download s |"
echo "|---|---|---|"
: >"$work/latencies"
for delay in $delays; do
  start_simulator "{\"rows\":1000,\"files\":1,\"secondsUntilDone\":$delay}"
  echo "{\"api_key\":\"sim-token\",\"base_url\":\"${sim_url%/}\"}" >"$work/config.json"
  "$siphon" read --manifest examples/contacts-export/manifest.yaml --config "$work/config.json" >/dev/null
  stats=$(curl -s "${sim_url}__stats")
  stop_simulator
  ready=$(grep -o '"readyAt":"[^"]*"' <<<"$stats" | head -1 | cut -d'"' -f4)
  download=$(grep -o '"firstDownloadAt":"[^"]*"' <<<"$stats" | head -1 | cut -d'"' -f4)
  polls=$(grep -o '"polls":[0-9]*' <<<"$stats" | tail -1 | cut -d: -f2)
  latency=$(echo "$(epoch "$download") - $(epoch "$ready")" | bc -l)
  echo "$latency" >>"$work/latencies"
  printf '| %s | %s | %.3f |\n' "$delay" "$polls" "$latency"
done
echo
printf 'median ready -> first download: %.3f s\n' "$(median <"$work/latencies")"
