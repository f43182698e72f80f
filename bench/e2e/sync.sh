#!/usr/bin/env bash
# `siphon sync` into DuckDB: one contacts export job per row count (gzip CSV from `siphon simulate`), written into a
# fresh database file. Prints rows/s, wall, CPU and peak RSS (/usr/bin/time -v) as a markdown table.
# Usage: bench/e2e/sync.sh [ROWS="100000 1000000"] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
rows_list=${1:-"100000 1000000"}
runs=${2:-3}
work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT

publish_siphon
# The contacts example, polled 50 ms after creation so the figure is about writing, not waiting.
sed -e "s/^      type: AsyncRetriever$/&\n      polling: { type: AsyncPollingPolicy, initial_interval: PT0.05S }/" \
  examples/contacts-export/manifest.yaml >"$work/manifest.yaml"

machine_line
echo
echo "| rows | rows/s | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|---|"
for rows in $rows_list; do
  start_simulator "{\"rows\":$rows,\"files\":4,\"pollsUntilDone\":0}"
  echo "{\"api_key\":\"sim-token\",\"base_url\":\"${sim_url%/}\"}" >"$work/config.json"
  : >"$work/runs"
  for _ in $(seq "$runs"); do
    rm -f "$work/bench.duckdb" "$work/bench.duckdb.wal"
    /usr/bin/time -v -o "$work/time" "$siphon" sync --manifest "$work/manifest.yaml" --config "$work/config.json" \
      --destination "duckdb:$work/bench.duckdb" --full-refresh >"$work/out" 2>&1
    # The summary table's row: "contacts | ok | 1,000,000 | ..." (box-drawing characters on a terminal).
    synced=$(grep -E 'contacts[^a-z0-9]*ok' "$work/out" | grep -oE '[0-9]{1,3}(,[0-9]{3})*' | head -1 | tr -d ,)
    [[ "$synced" == "$rows" ]] || echo "warning: $rows rows asked, the summary says ${synced:-nothing}" >&2
    echo "$(wall_seconds "$work/time") $(cpu_seconds "$work/time") $(peak_rss_mb "$work/time")" >>"$work/runs"
  done
  stop_simulator
  wall=$(awk '{print $1}' "$work/runs" | median)
  cpu=$(awk '{print $2}' "$work/runs" | median)
  rss=$(awk '{print $3}' "$work/runs" | sort -n | tail -1)
  printf '| %s | %.0f | %.2f | %.2f | %s |\n' "$rows" "$(echo "$rows / $wall" | bc -l)" "$wall" "$cpu" "$rss"
done
