#!/bin/sh
# Benchmark: `vpcx diff` of the large inventory against a copy with 1% of its endpoints, route tables,
# subnets and security groups changed (scripts/perturb-inventory.py), release build.
# Goal (issue 20): the diff (after loading both sides) under 2 s. The hidden --timing flag prints load,
# diff and print times. Reference in the same invocation: the inventory diffed against itself (the
# same analyses, nothing to report), so the ratio shows what the changes themselves cost.
# Usage: scripts/bench-diff.sh [BIN [DATA]]  (as scripts/bench-paths.sh)
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
. scripts/lib/bench-inputs.sh
perturbed="$data-perturbed-1pct"
if [ ! -f "$perturbed/describe-vpcs.json" ]; then
    python3 scripts/perturb-inventory.py "$data" "$perturbed" --percent 1
fi
out=${TMPDIR:-/tmp}/vpcx-bench-diff.$$
trap 'rm -f "$out".*' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for side in same perturbed; do
    other=$data; [ $side = perturbed ] && other=$perturbed
    i=0
    while [ $i -lt "$runs" ]; do
        # Exit 1 (changes) is the expected answer for the perturbed pair.
        /usr/bin/env time -f "%e %M" -o "$out.time" "$bin" diff "$data" "$other" --timing >"$out.stdout" 2>"$out.timing" || true
        printf '%s %s %s\n' "$(grep '^timing:' "$out.timing")" "$(tail -1 "$out.time")" "$(grep '^Diff:' "$out.stdout")" >>"$out.$side"
        i=$((i + 1))
    done
done
# timing: load both A ms, diff B ms, print C ms, diff cpu D ms WALL RSS Diff: ...
median() { awk -v f="$2" '{ print $f }' "$1" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
same=$(median "$out.same" 7); changed=$(median "$out.perturbed" 7)
echo "diff, 1% perturbed: median $changed ms wall, cpu $(median "$out.perturbed" 14) ms (after loading both sides)  [goal: < 2000 ms]"
echo "diff, identical:    median $same ms wall, cpu $(median "$out.same" 14) ms (reference)  wall ratio $(awk -v a="$changed" -v b="$same" 'BEGIN { printf "%.2f", a / b }')"
echo "load both sides (not part of the goal): median $(median "$out.perturbed" 4) ms; whole process median $(median "$out.perturbed" 16) s, peak RSS $(( $(median "$out.perturbed" 17) / 1024 )) MB"
echo "runs: $runs each (RUNS=n to change); per run:"
sed 's/^/  same      /' "$out.same"
sed 's/^/  perturbed /' "$out.perturbed"
