#!/bin/sh
# Benchmark: `vpcx paths` over the large inventory, every subnet x every service, release build.
# Goal (issue 22): resolving all paths under 100 ms after loading. The hidden --timing flag prints
# load / resolve / print times, wall and CPU (on a shared machine the wall time includes waiting for
# a core, so the load average is printed too).
# Usage: [REFERENCE=OLD_BIN] scripts/bench-paths.sh [BIN [DATA]]
#   BIN: a release vpcx (scripts/bench passes its own); without it, built with --scratch-path $SCRATCH
#        (default .build).  DATA: the inventory directory (default bench-data/large).
#   REFERENCE: another vpcx (an older build) run in turn with BIN, run by run, so that before and
#        after are measured under the same load; its summary and the ratio of the medians follow.
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
. scripts/lib/bench-inputs.sh
out=${TMPDIR:-/tmp}/vpcx-bench-paths.$$
trap 'rm -f "$out".*' EXIT

reference=${REFERENCE:-}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# One run of BIN ($1) in FORMAT ($2), its line appended to $out.$3.$2.
measure() {
    /usr/bin/env time -f "%e %M" -o "$out.time" "$1" paths "$data" --format "$2" --timing >"$out.stdout" 2>"$out.timing"
    printf '%s %s %s\n' "$(grep '^timing:' "$out.timing")" "$(cat "$out.time")" "$(wc -c <"$out.stdout")" >>"$out.$3.$2"
}
for format in json text; do
    i=0
    while [ $i -lt "$runs" ]; do
        [ -n "$reference" ] && measure "$reference" "$format" ref
        measure "$bin" "$format" bin
        i=$((i + 1))
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# timing: load A ms, resolve N paths B ms (cpu C ms), print D ms (cpu E ms) WALL RSS BYTES
summary() {
    awk -v label="$2" '
        { load[NR] = $3; paths = $6; resolve[NR] = $8; rcpu[NR] = $11; print_[NR] = $14; pcpu[NR] = $17
          wall[NR] = $19; rss[NR] = $20; bytes = $21 }
        function median(a, n,   i, j, t, b) {
            for (i = 1; i <= n; i++) b[i] = a[i]
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] + 0 < b[i] + 0) { t = b[i]; b[i] = b[j]; b[j] = t }
            return b[int((n + 1) / 2)]
        }
        function min(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
        END {
            n = NR
            if (label == "json")
                printf "resolve %d paths (all subnets x all services): median %s ms, min %s ms wall; cpu median %s ms  [goal: < 100 ms]\n", paths, median(resolve, n), min(resolve, n), median(rcpu, n)
            printf "print %-4s (%d MB): median %s ms, min %s ms wall; cpu median %s ms; whole process median %s s, peak RSS %d MB\n", label, bytes / 1048576, median(print_, n), min(print_, n), median(pcpu, n), median(wall, n), median(rss, n) / 1024
            if (label == "json") printf "load (not part of the goal): median %s ms\n", median(load, n)
        }' "$1"
}
summary "$out.bin.json" json
summary "$out.bin.text" text
if [ -n "$reference" ]; then
    echo "reference $reference, in turn with it:"
    summary "$out.ref.json" json | sed 's/^/  /'
    summary "$out.ref.text" text | sed 's/^/  /'
    # field 8: resolve wall ms, 11: resolve cpu ms (as summary reads them)
    awk 'function median(a, n,   i, j, t) {
             for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
             return a[int((n + 1) / 2)]
         }
         FNR == 1 { file++ }
         file == 1 { bw[FNR] = $8; bc[FNR] = $11; n = FNR }
         file == 2 { rw[FNR] = $8; rc[FNR] = $11 }
         END { printf "resolve, this build / reference: wall %.2fx, cpu %.2fx (medians)\n",
                      median(bw, n) / median(rw, n), median(bc, n) / median(rc, n) }' "$out.bin.json" "$out.ref.json"
fi
echo "runs: $runs each (RUNS=n to change); per run:"
sed 's/^/  json /' "$out.bin.json"
sed 's/^/  text /' "$out.bin.text"
