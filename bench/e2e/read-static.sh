#!/usr/bin/env bash
# `siphon read` of an async export whose files come from a plain static file server (Python's http.server) rather
# than from the simulator generating rows while it serves them: the figure the issue's "a million records a second"
# target names. The simulator answers create and poll (knob `staticFilesUrl`); the files were generated once before
# the runs. Beside siphon, the raw baseline (bench/RawBaseline) reads the same files. Prints a markdown table:
# records/s, wall, CPU and peak RSS (medians of RUNS runs; peak RSS the largest).
#
# Usage: bench/e2e/read-static.sh [ROWS=1000000] [FORMATS="csv csv.gz jsonl jsonl.gz"] [RUNS=5] [BASE_REV]
# With BASE_REV, that commit's siphon (published once into artifacts/bench/rev-COMMIT-sc by lib.sh's publish_rev) reads
# the same files too, runs interleaved (base, siphon, raw baseline...), and its row comes first.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
rows=${1:-1000000}
formats=${2:-"csv csv.gz jsonl jsonl.gz"}
runs=${3:-5}
base_rev=${4:-}
work=$(mktemp -d)
files_pid=
trap 'stop_simulator; [[ -n "$files_pid" ]] && kill "$files_pid" 2>/dev/null; git worktree remove --force "$work/tree" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v python3 >/dev/null || { echo "read-static.sh needs python3 (its http.server serves the files)" >&2; exit 1; }

publish_siphon
publish_raw_baseline
readers="siphon raw"
if [[ -n "$base_rev" ]]; then
  base=$(publish_rev "$base_rev")
  readers="base siphon raw"
fi

json_field() { python3 -c "import json,sys; v=json.load(sys.stdin).get('$1'); print('\n'.join(v) if isinstance(v, list) else (v or ''))"; }

# generate_files FORMAT DIR: one export job on a generating simulator, its files downloaded into DIR/0, DIR/1...
generate_files() {
  serve_format "$rows" "$1"
  local auth="Authorization: Bearer sim-token" id status i=0
  id=$(curl -sf -X POST -H "$auth" "${sim_url}v3/marketing/contacts/exports" | json_field id)
  for _ in $(seq 100); do
    status=$(curl -sf -H "$auth" "${sim_url}v3/marketing/contacts/exports/$id")
    [[ $(echo "$status" | json_field status) == ready ]] && break
    sleep 0.1
  done
  mkdir -p "$2"
  for url in $(echo "$status" | json_field urls); do curl -sf "$url" -o "$2/$i"; i=$((i + 1)); done
  stop_simulator
}

# serve_files DIR: python's http.server on a free loopback port; sets files_url.
serve_files() {
  local log=$work/files.log
  python3 -m http.server --bind 127.0.0.1 --directory "$1" 0 >"$log" 2>&1 &
  files_pid=$!
  for _ in $(seq 100); do grep -q "port" "$log" 2>/dev/null && break; sleep 0.1; done
  files_url="http://127.0.0.1:$(grep -o 'port [0-9]*' "$log" | head -1 | cut -d' ' -f2)/"
}

machine_line
echo
echo "| format | rows | reader | records/s | wall s | CPU s | peak RSS MB | file MB |"
echo "|---|---|---|---|---|---|---|---|"
for format in $formats; do
  generate_files "$format" "$work/files/$format"
  size=$(du -sm "$work/files/$format" | cut -f1)
  serve_files "$work/files/$format"
  manifest=$(manifest_for "$format")
  knobs=$(knobs_for "$rows" "$format" | sed "s|}\$|,\"staticFilesUrl\":\"$files_url\"}|")
  start_simulator "$knobs"
  echo "{\"api_key\":\"sim-token\",\"base_url\":\"${sim_url%/}\"}" >"$work/config.json"
  for _ in $(seq "$runs"); do
    [[ -n "$base_rev" ]] && run_one "base-$format" "$base" read --manifest "$manifest" --config "$work/config.json"
    run_one "siphon-$format" "$siphon" read --manifest "$manifest" --config "$work/config.json"
    run_one "raw-$format" "$raw" "$sim_url" "$knobs"
  done
  stop_simulator
  kill "$files_pid" 2>/dev/null || true; wait "$files_pid" 2>/dev/null || true; files_pid=
  for reader in $readers; do
    f=$work/$reader-$format
    records=$(awk '{print $1}' "$f" | median); wall=$(awk '{print $2}' "$f" | median)
    cpu=$(awk '{print $3}' "$f" | median); rss=$(awk '{print $4}' "$f" | sort -n | tail -1)
    [[ "$records" == "$rows" ]] || echo "warning: $reader $format emitted $records records, not $rows" >&2
    printf '| %s | %s | %s | %.0f | %.2f | %.2f | %s | %s |\n' "$format" "$rows" "$(case $reader in raw) echo "raw baseline" ;; base) echo "siphon at $base_rev" ;; *) echo siphon ;; esac)" \
      "$(echo "$records / $wall" | bc -l)" "$wall" "$cpu" "$rss" "$size"
  done
done
