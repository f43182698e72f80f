#!/usr/bin/env bash
# Orchestration cost: N slices of an async stream (one export job each, ready at its first poll) with a job budget
# of B, against the simulator. Prints wall time, siphon's own CPU time (user+sys; the simulator runs in another
# process) and CPU per job. The default polling policy applies (first poll 1 s after creation), so the wall time is
# at least N / B seconds.
# Usage: bench/e2e/orchestration.sh [SLICES=1000] [BUDGET=100]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/e2e/lib.sh
slices=${1:-1000}
budget=${2:-100}
work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT

publish_siphon
start_simulator '{"rows":10,"files":1,"pollsUntilDone":0}'
url=${sim_url%/}

values=$(seq -s, 1 "$slices" | sed 's/[0-9]\+/"s&"/g')
cat >"$work/manifest.yaml" <<YAML
version: 6.5.0
max_concurrent_async_job_count: "{{ config['budget'] }}"
check: { stream_names: [contacts] }
streams:
  - name: contacts
    retriever:
      type: AsyncRetriever
      partition_router: { type: ListPartitionRouter, cursor_field: n, values: [$values] }
      creation_requester:
        url: "$url/v3/marketing/contacts/exports"
        http_method: POST
        authenticator: { type: BearerAuthenticator, api_token: sim-token }
      polling_requester:
        url: "$url/v3/marketing/contacts/exports/{{ creation_response['id'] }}"
        authenticator: { type: BearerAuthenticator, api_token: sim-token }
      download_requester: { url: "{{ download_target }}" }
      status_extractor: { field_path: [status] }
      status_mapping: { running: [pending], completed: [ready], failed: [failed], timeout: [] }
      download_target_extractor: { field_path: [urls] }
      record_selector: { extractor: { field_path: [] } }
      download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
YAML
echo "{\"budget\": $budget}" >"$work/config.json"

/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$siphon" read --manifest "$work/manifest.yaml" --config "$work/config.json" >"$work/out.jsonl"
read -r wall user sys rss <"$work/time"
records=$(grep -c '"RECORD"' "$work/out.jsonl" || true)
jobs=$(curl -s "$url/__stats" | grep -o '"jobsCreated":[0-9]*' | cut -d: -f2)
peak=$(curl -s "$url/__stats" | grep -o '"maxConcurrentRunningJobs":[0-9]*' | cut -d: -f2)
cpu=$(echo "$user + $sys" | bc)
machine_line
echo
printf '| slices | budget | jobs created | peak running jobs | records | wall s | siphon CPU s | CPU ms per job | peak RSS MB |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
printf '| %s | %s | %s | %s | %s | %s | %s | %.1f | %.0f |\n' "$slices" "$budget" "$jobs" "$peak" "$records" "$wall" "$cpu" \
  "$(echo "$cpu * 1000 / $jobs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
