#!/usr/bin/env python3
"""Write a copy of an aws CLI inventory directory with about PERCENT % of its resources changed, the
second side of the `vpcx diff` benchmark.

    python3 scripts/perturb-inventory.py IN OUT [--percent 1] [--seed 1]

Deterministic for a seed. Of the VPC endpoints, route tables, subnets and security groups, PERCENT %
each are edited the ways networks drift: an endpoint removed, private DNS turned off, a policy
narrowed; a default route moved; a subnet's public-IP flag flipped; an SG rule added. Files with no
edit (the network interfaces are most of the bytes) are hard-linked, or copied where links fail.
Prints what it changed, by kind.
"""
import argparse
import json
import os
import random
import shutil


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("indir")
    ap.add_argument("outdir")
    ap.add_argument("--percent", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    edited = {}
    counts = {}

    def pick(items):
        n = max(1, round(len(items) * a.percent / 100)) if items else 0
        return rnd.sample(range(len(items)), n)

    endpoints_file = "describe-vpc-endpoints.json"
    path = os.path.join(a.indir, endpoints_file)
    if os.path.exists(path):
        doc = load(path)
        eps = doc["VpcEndpoints"]
        chosen = pick(eps)
        removed = set()
        for k, i in enumerate(chosen):
            e = eps[i]
            if k % 3 == 0:
                removed.add(i)
            elif k % 3 == 1 and e.get("VpcEndpointType") == "Interface":
                e["PrivateDnsEnabled"] = False
            else:
                service = e.get("ServiceName", "").split(".")[-1]
                e["PolicyDocument"] = json.dumps({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": service + ":Get*", "Resource": "*"}]})
        doc["VpcEndpoints"] = [e for i, e in enumerate(eps) if i not in removed]
        edited[endpoints_file] = doc
        counts["endpoints"] = len(chosen)

    tables_file = "describe-route-tables.json"
    path = os.path.join(a.indir, tables_file)
    if os.path.exists(path):
        doc = load(path)
        tables = doc["RouteTables"]
        # A default route moves to a NAT or internet gateway of the table's own VPC, as a person would.
        nats, igws = {}, {}
        for t in tables:
            for r in t.get("Routes", []):
                if r.get("NatGatewayId"):
                    nats.setdefault(t["VpcId"], set()).add(r["NatGatewayId"])
                if r.get("GatewayId", "").startswith("igw-"):
                    igws.setdefault(t["VpcId"], set()).add(r["GatewayId"])
        chosen = pick(tables)
        for i in chosen:
            vpc_nats, vpc_igws = sorted(nats.get(tables[i]["VpcId"], ())), sorted(igws.get(tables[i]["VpcId"], ()))
            for r in tables[i].get("Routes", []):
                if r.get("DestinationCidrBlock") == "0.0.0.0/0":
                    if r.get("NatGatewayId") and vpc_igws:
                        del r["NatGatewayId"]
                        r["GatewayId"] = rnd.choice(vpc_igws)
                    elif vpc_nats:
                        r.pop("GatewayId", None)
                        r["NatGatewayId"] = rnd.choice(vpc_nats)
        edited[tables_file] = doc
        counts["route tables"] = len(chosen)

    subnets_file = "describe-subnets.json"
    path = os.path.join(a.indir, subnets_file)
    if os.path.exists(path):
        doc = load(path)
        subnets = doc["Subnets"]
        chosen = pick(subnets)
        for i in chosen:
            subnets[i]["MapPublicIpOnLaunch"] = not subnets[i].get("MapPublicIpOnLaunch", False)
        edited[subnets_file] = doc
        counts["subnets"] = len(chosen)

    groups_file = "describe-security-groups.json"
    path = os.path.join(a.indir, groups_file)
    if os.path.exists(path):
        doc = load(path)
        groups = doc["SecurityGroups"]
        chosen = pick(groups)
        for i in chosen:
            groups[i].setdefault("IpPermissions", []).append({
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []})
        edited[groups_file] = doc
        counts["security groups"] = len(chosen)

    for name in sorted(os.listdir(a.indir)):
        src, dst = os.path.join(a.indir, name), os.path.join(a.outdir, name)
        if os.path.exists(dst):
            os.remove(dst)
        if name in edited:
            with open(dst, "w") as f:
                json.dump(edited[name], f, indent=1)
        elif os.path.isfile(src):
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    print("perturbed: " + ", ".join("%d %s" % (n, k) for k, n in counts.items()))


if __name__ == "__main__":
    main()
