#!/usr/bin/env bash
# `scripts/bench org-collect [N] [M]`: `vpcx collect --org` against moto_server with N member accounts
# (a hub and N-1 spokes, Tests/CollectTests/Support/moto-org.py), and for reference the same with M
# (default 10) in the same invocation: wall time, calls, and vpcx's own peak RSS (VmHWM, sampled
# from /proc while it runs: the aws CLI children are not counted). Memory is bounded when the two
# peaks stay close while the accounts grow five-fold.
set -euo pipefail
bin=$1
accounts=${2:-50}
reference=${3:-10}
jobs=${VPCX_BENCH_JOBS:-4}
command -v moto_server >/dev/null || { echo "moto_server is needed: pip install \"moto[server]\""; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vpcx-org-bench-XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
: > "$work/config"; : > "$work/credentials"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_CONFIG_FILE=$work/config \
  AWS_SHARED_CREDENTIALS_FILE=$work/credentials AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN

# One organisation of n member accounts in a fresh moto_server; collects it and prints one line.
run() {
  local n=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto-$n.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.2; done
  python3 Tests/CollectTests/Support/moto-org.py --endpoint "http://127.0.0.1:$port" --spokes $((n - 1)) >"$work/org-$n.json"
  local start end pid peak=0 hwm
  start=$(date +%s.%N)
  "$bin" collect --org --endpoint-url "http://127.0.0.1:$port" --region eu-west-1 --jobs "$jobs" \
    --output "$work/snapshot-$n" 2>"$work/collect-$n.log" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $hwm && $hwm -gt $peak ]] && peak=$hwm
    sleep 0.2
  done
  wait "$pid" || { echo "collect failed:"; tail -5 "$work/collect-$n.log"; exit 1; }
  end=$(date +%s.%N)
  local calls units
  calls=$(python3 -c "import json; m=json.load(open('$work/snapshot-$n/manifest.json')); print(len(m['calls']))")
  units=$(python3 -c "import json; m=json.load(open('$work/snapshot-$n/manifest.json')); u=m['units']; print(sum(x['status']=='collected' for x in u), '/', len(u))")
  printf '%3d member accounts (+ management): %s units collected, %s files, wall %.1f s, vpcx peak RSS %d KB\n' \
    "$n" "$units" "$calls" "$(echo "$end - $start" | bc)" "$peak"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

echo "collect --org against moto_server, --jobs $jobs, one region"
# REFERENCE 0: no reference run (its figure taken from an earlier invocation).
if ((reference > 0)); then run "$reference"; fi
run "$accounts"
