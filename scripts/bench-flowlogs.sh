#!/usr/bin/env bash
# Flow-log throughput and peak memory: `vpcx traffic` on a generated multi-GB gzip'd log, against
# `zcat | wc -l` on the same file in the same run (the floor: decompressing and counting lines).
# Run by scripts/bench (which passes its release binary), or alone: scripts/bench-flowlogs.sh [VPCX].
# VPCX_FLOWLOG_GB sets the uncompressed size (default 2); the log is written once into bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ] && [ -x "$1" ]; then bin=$1; else swift build -c release --product vpcx >/dev/null; bin=.build/release/vpcx; fi
gb=${VPCX_FLOWLOG_GB:-2}
dir=bench-data/flowlogs
log=$dir/flow-${gb}g.log.gz
if [[ ! -f $log ]]; then
  echo "== generating a ${gb} GB (uncompressed) flow log (once)"
  mkdir -p "$dir"
  cat > "$dir/matrix.json" <<'JSON'
{"window_hours": 1, "flows": [
  {"subnet": "private-a", "service": "s3", "gb_per_month": 3200}, {"subnet": "private-b", "service": "s3", "gb_per_month": 800},
  {"subnet": "private-a", "service": "logs", "gb_per_month": 300}, {"subnet": "private-c", "service": "ecr.dkr", "gb_per_month": 120},
  {"subnet": "private-b", "service": "dynamodb", "gb_per_month": 42}, {"subnet": "private-c", "service": "internet", "gb_per_month": 500}]}
JSON
  python3 scripts/make-flow-logs.py --network Sources/Loaders/Demo/blog-eu-west-1 --matrix "$dir/matrix.json" \
    --out "$dir/piece.log.gz" --gzip --repeat 200
  piece=$(gzip -dc "$dir/piece.log.gz" | wc -c)
  copies=$(( gb * 1024 * 1024 * 1024 / piece + 1 ))
  # Concatenated gzip members are one valid gzip file (the reader must take them all).
  for _ in $(seq "$copies"); do cat "$dir/piece.log.gz"; done > "$log"
  cp "$dir/piece.log.gz.ip-ranges.json" "$dir/ip-ranges.json"
fi
size=$(stat -c %s "$log")
echo "input: $log, $(( size / 1048576 )) MB gzip'd, $gb GB of text"
for round in 1 2; do
  echo "-- round $round"
  /usr/bin/env time -f "zcat | wc -l: wall %e s" sh -c "zcat '$log' | wc -l >/dev/null" 2>&1
  /usr/bin/env time -f "vpcx traffic: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    "$bin" traffic "$log" --ip-ranges "$dir/ip-ranges.json" --format json >/dev/null 2>"$dir/stderr.txt" || cat "$dir/stderr.txt"
  tail -1 "$dir/stderr.txt"
done
echo "(MB/s = $(( size / 1048576 )) MB of gzip input, or $gb GB of text, over the wall times above)"
