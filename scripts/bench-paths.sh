#!/bin/sh
# Benchmark: `vpcx paths` over the large inventory, every subnet x every service, release build.
# Goal (issue 3): resolving all paths under 200 ms after loading. The hidden --timing flag prints
# load / resolve / print times, wall and CPU (on a shared machine the wall time includes waiting for
# a core, so the load average is printed too).
# Usage: scripts/bench-paths.sh [BIN [DATA]]
#   BIN: a release vpcx (scripts/bench passes its own); without it, built with --scratch-path $SCRATCH
#        (default .build).  DATA: the inventory directory (default bench-data/large).
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
. scripts/lib/bench-inputs.sh
out=${TMPDIR:-/tmp}/vpcx-bench-paths.$$
trap 'rm -f "$out".*' EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for format in json text; do
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/env time -f "%e %M" -o "$out.time" "$bin" paths "$data" --format "$format" --timing >"$out.stdout" 2>"$out.timing"
        printf '%s %s %s\n' "$(grep '^timing:' "$out.timing")" "$(cat "$out.time")" "$(wc -c <"$out.stdout")" >>"$out.$format"
        i=$((i + 1))
    done
done
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
                printf "resolve %d paths (all subnets x all services): median %s ms, min %s ms wall; cpu median %s ms  [goal: < 200 ms]\n", paths, median(resolve, n), min(resolve, n), median(rcpu, n)
            printf "print %-4s (%d MB): median %s ms, min %s ms wall; cpu median %s ms; whole process median %s s, peak RSS %d MB\n", label, bytes / 1048576, median(print_, n), min(print_, n), median(pcpu, n), median(wall, n), median(rss, n) / 1024
            if (label == "json") printf "load (not part of the goal): median %s ms\n", median(load, n)
        }' "$1"
}
summary "$out.json" json
summary "$out.text" text
echo "runs: $runs each (RUNS=n to change); per run:"
sed 's/^/  json /' "$out.json"
sed 's/^/  text /' "$out.text"
