#!/usr/bin/env bash
# `siphon sync` into DuckDB: one contacts export job per row count and format (`siphon simulate`), written into a
# fresh database file, once as the example declares it (upsert by primary key `contact_id`) and once with the key
# removed (append only). Prints rows/s, wall, CPU and peak RSS (/usr/bin/time -v) of siphon, the simulator's CPU over
# the same runs, and the load average, as a markdown table; each cell is the median of RUNS runs (peak RSS: the largest).
# Mode "incremental": a sync by primary key into a file one untimed sync already filled with the same rows (every key
# exists, none changed), without --full-refresh: the upsert path through the merge, as a daily sync of an export runs.
# SIPHON=path uses that build instead of publishing this tree (to compare builds: publish one, copy it, change, rerun).
# Usage: bench/e2e/sync.sh [ROWS="100000 1000000"] [RUNS=3] [MODES="upsert append"] [FORMATS="csv.gz"]
#   e.g. bench/e2e/sync.sh "1000000" 1 "upsert incremental" "csv csv.gz jsonl jsonl.gz"
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
rows_list=${1:-"100000 1000000"}
runs=${2:-3}
modes=${3:-"upsert append"}
formats=${4:-"csv.gz"}
work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT

if [[ -n "${SIPHON:-}" ]]; then siphon=$SIPHON; else publish_siphon; fi
# manifest FORMAT MODE: the format's manifest as declared (upsert by contact_id) or with the key removed (append only).
manifest() {
  local declared
  declared=$(manifest_for "$1")
  if [[ "$2" != append ]]; then echo "$declared"; return; fi
  sed -e '/^    primary_key: contact_id$/d' "$declared" >"$work/$1.append.yaml"
  echo "$work/$1.append.yaml"
}

# cpu_ticks PID: user + system clock ticks of a running process (for the simulator, which outlives the runs).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

machine_line
echo
echo "| format | rows | mode | rows/s | wall s | CPU s | peak RSS MB | simulator CPU s | load average |"
echo "|---|---|---|---|---|---|---|---|---|"
for rows in $rows_list; do
for format in $formats; do
  start_simulator "$(knobs_for "$rows" "$format")"
  echo "{\"api_key\":\"sim-token\",\"base_url\":\"${sim_url%/}\"}" >"$work/config.json"
  for mode in $modes; do
    : >"$work/runs"
    for _ in $(seq "$runs"); do
      rm -f "$work/bench.duckdb" "$work/bench.duckdb.wal"
      refresh=--full-refresh
      if [[ "$mode" == incremental ]]; then
        "$siphon" sync --manifest "$(manifest "$format" "$mode")" --config "$work/config.json" \
          --destination "duckdb:$work/bench.duckdb" --full-refresh >"$work/out" 2>&1
        refresh=
      fi
      sim_before=$(cpu_ticks "$sim_pid")
      /usr/bin/time -v -o "$work/time" "$siphon" sync --manifest "$(manifest "$format" "$mode")" --config "$work/config.json" \
        --destination "duckdb:$work/bench.duckdb" $refresh >"$work/out" 2>&1
      sim_cpu=$(echo "($(cpu_ticks "$sim_pid") - $sim_before) / $(getconf CLK_TCK)" | bc -l)
      # The summary table's row: "contacts | ok | 1,000,000 | ..." (box-drawing characters on a terminal).
      synced=$(grep -E 'contacts[^a-z0-9]*ok' "$work/out" | grep -oE '[0-9]{1,3}(,[0-9]{3})*' | head -1 | tr -d ,)
      [[ "$synced" == "$rows" ]] || echo "warning: $rows rows asked, the summary says ${synced:-nothing}" >&2
      echo "$(wall_seconds "$work/time") $(cpu_seconds "$work/time") $(peak_rss_mb "$work/time") $sim_cpu $(cut -d' ' -f1 /proc/loadavg)" >>"$work/runs"
    done
    wall=$(awk '{print $1}' "$work/runs" | median)
    cpu=$(awk '{print $2}' "$work/runs" | median)
    rss=$(awk '{print $3}' "$work/runs" | sort -n | tail -1)
    sim=$(awk '{print $4}' "$work/runs" | median)
    load=$(awk '{print $5}' "$work/runs" | sort -g | awk 'NR == 1 {min = $1} {max = $1} END {print min "-" max}')
    printf '| %s | %s | %s | %.0f | %.2f | %.2f | %s | %.2f | %s |\n' "$format" "$rows" "$mode" "$(echo "$rows / $wall" | bc -l)" "$wall" "$cpu" "$rss" "$sim" "$load"
  done
  stop_simulator
done
done
