#!/usr/bin/env bash
# `siphon read` of two builds, runs interleaved (base, this, base, this...) so that whatever else loads the machine
# weighs on both equally. Prints a markdown table: median wall and CPU of each build and this one's over the base's,
# per (rows, format).
#
# Usage: bench/e2e/read-compare.sh BASE_REV [ROWS="1000000"] [FORMATS="csv jsonl"] [RUNS=5] [THIS_REV=working tree]
#   e.g. bench/e2e/read-compare.sh 60abdb5 "1000000" "csv jsonl" 7 main
# A commit is checked out in a temporary worktree and published like this tree (lib.sh's publish_rev) into
# artifacts/bench/rev-COMMIT-sc, kept for the next comparison with it. Both builds
# read the same manifests (lib.sh's manifest_for) from the same simulator (this tree's), so only the reader differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
base_rev=${1:?usage: bench/e2e/read-compare.sh BASE_REV [ROWS] [FORMATS] [RUNS]}
rows_list=${2:-"1000000"}
formats=${3:-"csv jsonl"}
runs=${4:-5}
this_rev=${5:-}
work=$(mktemp -d)
trap 'stop_simulator; git worktree remove --force "$work/tree" 2>/dev/null || true; rm -rf "$work"' EXIT

publish_siphon # the simulator, and this side unless a commit is named
base=$(publish_rev "$base_rev")
[[ -n "$this_rev" ]] && siphon=$(publish_rev "$this_rev")

column_median() { awk -v c="$2" '{print $c}' "$1" | median; }

machine_line
echo "base: $base_rev ($(git rev-parse --short "$base_rev")), this: ${this_rev:-the working tree} ($(git rev-parse --short "${this_rev:-HEAD}"))"
echo
echo "| format | rows | runs | base wall s | this wall s | wall ratio | base CPU s | this CPU s | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for rows in $rows_list; do
  for format in $formats; do
    serve_format "$rows" "$format"
    for _ in $(seq "$runs"); do
      run_one "base-$rows-$format" "$base" read --manifest "$manifest" --config "$work/config.json"
      run_one "this-$rows-$format" "$siphon" read --manifest "$manifest" --config "$work/config.json"
    done
    stop_simulator
    for label in base this; do
      records=$(column_median "$work/$label-$rows-$format" 1)
      [[ "$records" == "$rows" ]] || echo "warning: $label $format $rows rows emitted $records records" >&2
    done
    bw=$(column_median "$work/base-$rows-$format" 2); tw=$(column_median "$work/this-$rows-$format" 2)
    bc_=$(column_median "$work/base-$rows-$format" 3); tc=$(column_median "$work/this-$rows-$format" 3)
    printf '| %s | %s | %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n' "$format" "$rows" "$runs" "$bw" "$tw" \
      "$(echo "$tw / $bw" | bc -l)" "$bc_" "$tc" "$(echo "$tc / $bc_" | bc -l)"
  done
done
echo
echo "load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
