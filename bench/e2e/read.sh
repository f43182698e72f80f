#!/usr/bin/env bash
# `siphon read` throughput: one contacts export job per (rows, format) from `siphon simulate`, RECORD lines to a
# counting pipe, beside a raw baseline (bench/RawBaseline: the same downloads gunzipped, parsed and written as RECORD
# lines in one process with no engine). Prints a markdown table: records/s, wall, CPU and peak RSS (/usr/bin/time -v).
#
# Usage: bench/e2e/read.sh [ROWS="100000 1000000"] [FORMATS="csv csv.gz jsonl jsonl.gz"] [RUNS=3]
#   e.g. bench/e2e/read.sh "1000000 10000000" "csv.gz" 1     (the 10M-row runs take about a minute each)
# Each cell is the median of RUNS runs; records/s is records over the whole wall time, process start included. The job
# is ready at its first poll, and the manifest polls after 50 ms (not the default 1 s: polling-latency.sh measures
# that), so the figure is about reading, not waiting.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
rows_list=${1:-"100000 1000000"}
formats=${2:-"csv csv.gz jsonl jsonl.gz"}
runs=${3:-3}
work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT

publish_siphon
publish_raw_baseline

row() { # label rows format what
  local f=$work/$1
  local records wall cpu rss
  records=$(awk '{print $1}' "$f" | median)
  wall=$(awk '{print $2}' "$f" | median)
  cpu=$(awk '{print $3}' "$f" | median)
  rss=$(awk '{print $4}' "$f" | sort -n | tail -1)
  [[ "$records" == "$2" ]] || echo "warning: $4 $3 $2 rows emitted $records records" >&2
  printf '| %s | %s | %s | %.0f | %.2f | %.2f | %s |\n' "$3" "$2" "$4" "$(echo "$records / $wall" | bc -l)" "$wall" "$cpu" "$rss"
}

machine_line
echo
echo "| format | rows | reader | records/s | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|"
for rows in $rows_list; do
  for format in $formats; do
    serve_format "$rows" "$format"
    for _ in $(seq "$runs"); do
      run_one "siphon-$rows-$format" "$siphon" read --manifest "$manifest" --config "$work/config.json"
      run_one "raw-$rows-$format" "$raw" "$sim_url" "$knobs"
    done
    stop_simulator
    row "siphon-$rows-$format" "$rows" "$format" siphon
    row "raw-$rows-$format" "$rows" "$format" "raw baseline"
  done
done
