# Shared by the bench/e2e scripts: publish what they run, start and stop simulators, read /usr/bin/time -v output.
# Sourced from the repository root; each script sets `work` (a temp dir) before using these.

# Publishes the CLI (and, when asked, the raw baseline) in Release into artifacts/bench, once per script run, the way
# the container image ships it (docker/build-image.sh): self-contained for this machine's runtime, the program and the
# runtime's libraries precompiled into one composite ReadyToRun image (see Siphon.Cli.csproj). A commit named for a
# comparison is published the same way (publish_rev), so that only the code differs between the two.
rid() { echo "linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"; }

# The publish flags; PublishReadyToRunComposite is also given on the command line for commits older than the property.
publish_flags() { echo "-c Release -r $(rid) --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -v q -nologo"; }

publish_siphon() {
  local out=artifacts/bench
  echo "publishing siphon (Release, self-contained, composite ReadyToRun) into $out/siphon ..." >&2
  # shellcheck disable=SC2046
  dotnet publish src/Siphon.Cli/Siphon.Cli.csproj $(publish_flags) -o "$out/siphon" >&2
  siphon="$out/siphon/siphon"
}

publish_raw_baseline() {
  local out=artifacts/bench
  echo "publishing the raw baseline (Release, self-contained, composite ReadyToRun) into $out/raw ..." >&2
  # shellcheck disable=SC2046
  dotnet publish bench/RawBaseline/RawBaseline.csproj $(publish_flags) -o "$out/raw" >&2
  raw="$out/raw/raw-baseline"
}

# publish_rev REV: publishes a commit once into artifacts/bench/rev-COMMIT-sc (a commit does not change, so its
# publish is reused), from a temporary worktree under $work; prints the CLI's path.
publish_rev() {
  local out
  out=artifacts/bench/rev-$(git rev-parse --short "$1")-sc
  if [[ ! -x "$out/siphon" ]]; then
    echo "publishing $1 (Release, self-contained, composite ReadyToRun) into $out ..." >&2
    git worktree add --detach "$work/tree" "$1" >&2
    # shellcheck disable=SC2046
    dotnet publish "$work/tree/src/Siphon.Cli/Siphon.Cli.csproj" $(publish_flags) -o "$out" >&2
    git worktree remove --force "$work/tree" >&2
  fi
  echo "$out/siphon"
}

# start_simulator PORT_FILE_PREFIX KNOBS_JSON: starts `siphon simulate` on a free port; sets sim_pid and sim_url.
start_simulator() {
  local log="$work/sim.$RANDOM.log"
  "$siphon" simulate --port 0 --knobs "$1" >"$log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 100); do grep -q listening "$log" 2>/dev/null && break; sleep 0.1; done
  sim_url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1)
  [[ -n "$sim_url" ]] || { echo "the simulator did not start: $(cat "$log")" >&2; exit 1; }
}

stop_simulator() {
  if [[ -n "${sim_pid:-}" ]]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; sim_pid=; fi
}

# time_field FILE NAME: a field of /usr/bin/time -v output.
time_field() { grep -F "$2" "$1" | head -1 | awk -F': ' '{print $2}'; }

# wall_seconds FILE: "Elapsed (wall clock) time (h:mm:ss or m:ss)" in seconds.
wall_seconds() { time_field "$1" "Elapsed (wall clock)" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'; }

cpu_seconds() { echo "$(time_field "$1" "User time") + $(time_field "$1" "System time")" | bc; }

peak_rss_mb() { echo "$(time_field "$1" "Maximum resident set size") / 1024" | bc; }

# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2] + v[NR/2+1]) / 2 }'; }

machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# manifest_for FORMAT: writes $work/FORMAT.yaml, the contacts example with the download decoder the format needs
# (csv csv.gz jsonl jsonl.gz), polled 50 ms after creation so the figures are about reading, not waiting; prints its path.
manifest_for() {
  local decoder
  case "$1" in
    csv) decoder="{ type: CsvDecoder }" ;;
    csv.gz) decoder="{ type: GzipDecoder, decoder: { type: CsvDecoder } }" ;;
    jsonl) decoder="{ type: JsonlDecoder }" ;;
    jsonl.gz) decoder="{ type: GzipDecoder, decoder: { type: JsonlDecoder } }" ;;
  esac
  sed -e "/^      download_decoder:/,/^    transformations:/c\\      download_decoder: $decoder\\n    transformations:" \
    -e "s/^      type: AsyncRetriever$/&\\n      polling: { type: AsyncPollingPolicy, initial_interval: PT0.05S }/" \
    examples/contacts-export/manifest.yaml >"$work/$1.yaml"
  echo "$work/$1.yaml"
}

knobs_for() { # rows format -> simulator knobs
  local format=${2%.gz} compression=none
  [[ "$2" == *.gz ]] && compression=gzip
  echo "{\"rows\":$1,\"files\":4,\"pollsUntilDone\":0,\"format\":\"$format\",\"compression\":\"$compression\"}"
}

# serve_format ROWS FORMAT: starts the simulator with ROWS rows in FORMAT and writes $work/config.json for it; sets
# manifest (manifest_for FORMAT) and knobs.
serve_format() {
  manifest=$(manifest_for "$2")
  knobs=$(knobs_for "$1" "$2")
  start_simulator "$knobs"
  echo "{\"api_key\":\"sim-token\",\"base_url\":\"${sim_url%/}\"}" >"$work/config.json"
}

# run_one LABEL COMMAND...: runs once with stdout counted, appends "records wall cpu rss" to $work/LABEL
run_one() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time" "$@" 2>"$work/stderr" | LC_ALL=C grep -c '^{"type":"RECORD"' >"$work/count" || true
  echo "$(cat "$work/count") $(wall_seconds "$work/time") $(cpu_seconds "$work/time") $(peak_rss_mb "$work/time")" >>"$work/$label"
}

