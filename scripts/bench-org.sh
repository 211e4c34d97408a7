#!/usr/bin/env bash
# An organisation at scale (issue 17): 300 accounts × 3 regions × 4 VPCs in aws CLI shapes, hub and
# spoke over a transit gateway per region (scripts/make-org-inventory.py), against the single-account
# large inventory: whole-process load + first frame (`vpcx snapshot`), reported per ENI read, and the
# ratio of the two (1.0: the org loads at the same per-ENI speed). Run by scripts/bench, or alone:
#   scripts/bench-org.sh [VPCX] [LARGE-INVENTORY]
# The org has about as many ENIs as the large inventory but 18 times its VPCs, 3 times its subnets, and
# cross-VPC rules the large one has nothing for, so per ENI it measures the network's size as much as
# its being an organisation. The same network collected as one hub account and one spoke account
# (bench-data/org-flat: 132 files, not 8,205) separates the two: org/flat is what 300 accounts cost.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-inputs.sh
# Generated once per generator and arguments: `.complete` holds their checksum, so a fixed generator
# (the ECR zone's name, say) makes the inputs again instead of measuring the old ones.
generate() { # DIR ACCOUNTS VPCS-PER-SPOKE-ACCOUNT WHAT
  local args=(--accounts "$2" --regions eu-west-1,us-east-1,ap-southeast-2 --vpcs "$3"
              --services secretsmanager,ssm,ssmmessages,ec2messages,logs,kms,sts,ecr.api --instances 20 --peered)
  local stamp; stamp=$( { cat scripts/make-org-inventory.py; echo "${args[*]}"; } | sha256sum | cut -d' ' -f1)
  [[ -f $1/.complete && $(cat "$1/.complete") == "$stamp" ]] && return
  echo "== generating $4 (once)"
  rm -rf "$1"
  python3 scripts/make-org-inventory.py "$1" "${args[@]}"
  echo "$stamp" > "$1/.complete"
}
org=bench-data/org flat=bench-data/org-flat
generate "$org" 301 4 "the org inventory: 300 accounts × 3 regions × 4 VPCs"
generate "$flat" 2 1200 "the same network in two accounts"
enis() { find "$1" -name describe-network-interfaces.json -print0 | xargs -0 cat | grep -c '"NetworkInterfaceId"'; }
large_enis=$(enis "$data"); org_enis=$(enis "$org")
du -sh "$org" | sed 's/^/org input size    /'
echo "ENIs: large $large_enis, org $org_enis; org files $(find "$org" -name '*.json' | wc -l)"
best() { # the fastest of 3 runs, in seconds
  local best=""
  for i in 1 2 3; do
    local t; t=$( { /usr/bin/env time -f "%e" "$bin" snapshot "$1" --size 200x60 >/dev/null; } 2>&1 | tail -1)
    if [[ -z $best ]] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}
large_s=$(best "$data"); org_s=$(best "$org"); flat_s=$(best "$flat")
echo "large: ${large_s} s for $large_enis ENIs; org: ${org_s} s for $org_enis ENIs; the org in two accounts: ${flat_s} s (best of 3, load + whole analysis + first frame)"
awk -v a="$large_s" -v n="$large_enis" -v b="$org_s" -v m="$org_enis" -v f="$flat_s" 'BEGIN {
  pa = a / n * 1e6; pb = b / m * 1e6
  printf "per ENI: large %.2f µs, org %.2f µs; org/large ratio %.2f; org/the same network in two accounts %.2f\n", pa, pb, pb / pa, b / f }'
/usr/bin/env time -f "org peak RSS %M KB" "$bin" snapshot "$org" --size 200x60 >/dev/null
# The explorer's start and a what-if, alternating the three so they share the machine's moment: the
# network drawn before its cross-VPC rules run, with them in, and a what-if's frame.
for round in 1 2; do
  for dir in "$data" "$flat" "$org"; do
    echo "-- $dir (round $round)"
    "$bin" benchmark "$dir" --size 200x60 --keys 1 --toggles 5 | grep -E '^(load|analysis shown|whole, drawn|whole network|what-if toggle|  checked)'
  done
done
