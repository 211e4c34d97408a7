# Sourced by the scripts/bench-*.sh that time vpcx on the large inventory: sets `bin` (the release vpcx
# given as $1, as scripts/bench passes its own, else one built with --scratch-path $SCRATCH, default
# .build) and `data` (the inventory directory, $2 or bench-data/large), or exits 0 with a note when
# that inventory has not been generated yet (scripts/bench generates it once).
if [ $# -ge 1 ] && [ -x "$1" ] && [ ! -d "$1" ]; then
    bin=$1
else
    scratch=${SCRATCH:-.build}
    swift build -c release --scratch-path "$scratch" --product vpcx >/dev/null
    bin="$scratch/release/vpcx"
fi
data=${2:-bench-data/large}
if [ ! -f "$data/describe-vpcs.json" ]; then
    echo "no inventory at $data (scripts/bench generates bench-data/large once): skipped"
    exit 0
fi
