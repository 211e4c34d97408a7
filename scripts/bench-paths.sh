#!/bin/sh
# Benchmark: `vpcx paths` over the large inventory (all subnets x all services), release build.
# Goal: resolving under 200 ms after loading. The hidden --timing flag splits load / resolve / print.
# Usage: scripts/bench-paths.sh [SCRATCH]   (SCRATCH defaults to .build)
set -eu
cd "$(dirname "$0")/.."
scratch=${1:-.build}
data=${TMPDIR:-/tmp}/vpcx-large-inventory
if [ ! -f "$data/describe-vpcs.json" ]; then
    python3 /work/shared/tools/make-large-inventory.py "$data"   # never committed
fi
swift build -c release --scratch-path "$scratch" --product vpcx >/dev/null
bin="$scratch/release/vpcx"
for run in 1 2 3; do
    /usr/bin/time -f "paths (json): %e s wall, %M KB max RSS" "$bin" paths "$data" --format json --timing >/dev/null
done
"$bin" paths "$data" --format text --timing >/dev/null
