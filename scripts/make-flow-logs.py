#!/usr/bin/env python3
"""Writes VPC flow log records for a network from a traffic matrix, for vpcx's tests and benchmarks.

    scripts/make-flow-logs.py --network DIR --matrix MATRIX.json --out OUT [--format default|custom]
                              [--gzip] [--layout file|s3] [--repeat N] [--cloudwatch] [--bad-lines N]

DIR holds `aws ec2 describe-*` JSON (the built-in demo's is Sources/Loaders/Demo/blog-eu-west-1).
MATRIX is {"window_hours": 1, "flows": [{"subnet": "private-a", "service": "s3", "gb_per_month": 3200}, ...]}:
GB a month per source subnet (ID or Name tag) and service. `service` is an interface endpoint's service
(its records go to the endpoint's ENI IPs), `s3` or `dynamodb` (to the addresses of --ip-ranges, which
this script also writes: OUT.ip-ranges.json), or `internet` (through the subnet's NAT gateway, also logged
on the NAT's ENI). Each flow's bytes, over the window, are split into one record a minute, 30% sent and 70%
received, so that attribution must add both directions and scale the window to a 730-hour month to
recover the matrix. Endpoint ENIs log the same bytes again (attribution must not count them twice), and
REJECT and NODATA records are mixed in (they move nothing billable).

--format custom writes a header line and v3-v5 fields in a shuffled order (pkt-srcaddr, pkt-dstaddr,
flow-direction, traffic-path, pkt-src-aws-service, pkt-dst-aws-service); default is AWS's v2 format.
--layout s3 writes AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/ACCOUNT_vpcflowlogs_REGION_fl-..._HHMMZ_hash.log[.gz].
--repeat N writes the window N times over (consecutive windows): a bigger log with the same monthly figures.
"""
import argparse
import gzip
import json
import os
import random
import sys

BYTES_PER_GB = 1 << 30
HOURS_PER_MONTH = 730
START = 1_714_521_600  # 2024-05-01T00:00:00Z
S3_PREFIX = "52.218.0.0/17"
DYNAMODB_PREFIX = "52.119.224.0/20"
AMAZON_PREFIXES = ["52.0.0.0/10", "3.0.0.0/9"]
INTERNET = "93.184.216.34"
DEFAULT_FIELDS = ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
                  "packets", "bytes", "start", "end", "action", "log-status"]
CUSTOM_FIELDS = ["interface-id", "pkt-dst-aws-service", "bytes", "srcaddr", "version", "flow-direction", "dstaddr",
                 "pkt-srcaddr", "start", "traffic-path", "end", "pkt-dstaddr", "action", "account-id", "log-status",
                 "pkt-src-aws-service", "vpc-id", "subnet-id", "packets", "protocol", "srcport", "dstport"]


def load(directory, name, key):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f).get(key, [])


def name_of(resource):
    for tag in resource.get("Tags", []):
        if tag.get("Key") == "Name":
            return tag.get("Value")
    return None


def ip(prefix, n):
    base, _ = prefix.split("/")
    a, b, c, d = (int(x) for x in base.split("."))
    value = (a << 24 | b << 16 | c << 8 | d) + n
    return ".".join(str(value >> s & 255) for s in (24, 16, 8, 0))


class Network:
    def __init__(self, directory):
        self.subnets = load(directory, "describe-subnets.json", "Subnets")
        self.enis = load(directory, "describe-network-interfaces.json", "NetworkInterfaces")
        self.endpoints = load(directory, "describe-vpc-endpoints.json", "VpcEndpoints")
        self.nats = load(directory, "describe-nat-gateways.json", "NatGateways")
        self.tables = load(directory, "describe-route-tables.json", "RouteTables")
        self.account = next((e.get("OwnerId") for e in self.enis if e.get("OwnerId")), "123456789012")
        self.region = self.subnets[0]["AvailabilityZone"][:-1] if self.subnets else "us-east-1"

    def subnet(self, word):
        for s in self.subnets:
            if word in (s["SubnetId"], name_of(s)):
                return s
        sys.exit(f"make-flow-logs: no subnet {word!r} in the network")

    def eni_ip(self, eni_id):
        return next((e.get("PrivateIpAddress") for e in self.enis if e["NetworkInterfaceId"] == eni_id), None)

    def endpoint_enis(self, service):
        for endpoint in self.endpoints:
            if endpoint["ServiceName"].split(".")[-1] == service or endpoint["ServiceName"].endswith("." + service):
                enis = [(i, self.eni_ip(i)) for i in endpoint.get("NetworkInterfaceIds", [])]
                return [(i, a) for i, a in enis if a]
        return []

    def nat_for(self, subnet_id):
        """The NAT gateway of the subnet's default route: (its ENI, its private IP)."""
        table = next((t for t in self.tables if any(a.get("SubnetId") == subnet_id for a in t.get("Associations", []))), None)
        if table is None:
            table = next((t for t in self.tables if any(a.get("Main") for a in t.get("Associations", []))), None)
        for route in (table or {}).get("Routes", []):
            if route.get("DestinationCidrBlock") == "0.0.0.0/0" and route.get("NatGatewayId"):
                nat = next(n for n in self.nats if n["NatGatewayId"] == route["NatGatewayId"])
                address = nat["NatGatewayAddresses"][0]
                return address["NetworkInterfaceId"], address["PrivateIp"]
        return None


def split(total, parts):
    """`total` as `parts` whole numbers that add up to it exactly, each within a tenth of the mean
    (minutes of real traffic differ; equal figures would make the log compress unrealistically well)."""
    base = total // parts
    jitter = base // 10
    out = [base + random.randint(-jitter, jitter) for _ in range(parts)]
    out[-1] += total - sum(out)
    if out[-1] < 0:  # the jitter overshot: fall back to an even split
        base, extra = divmod(total, parts)
        out = [base + (1 if i < extra else 0) for i in range(parts)]
    return out


def records(network, matrix, window_index):
    """(fields dict) for every record of one window."""
    window = int(matrix.get("window_hours", 1) * 3600)
    minutes = max(1, window // 60)
    offset = START + window_index * window
    out = []
    for number, flow in enumerate(matrix["flows"]):
        subnet = network.subnet(flow["subnet"])
        service = flow["service"]
        # The workload: an ENI of the script's own (not in the inventory), an address in the subnet.
        cidr = subnet["CidrBlock"]
        host = ip(cidr, 200 + number % 50)
        eni = "eni-0f10%013x" % (number + 1)
        total = round(flow["gb_per_month"] * BYTES_PER_GB * window / (HOURS_PER_MONTH * 3600))
        sent, received = total * 3 // 10, total - total * 3 // 10
        endpoint_enis = network.endpoint_enis(service) if service not in ("s3", "dynamodb", "internet") else []
        if service == "s3":
            remote, tag, path = ip(S3_PREFIX, 1000 + number), "S3", "8"
        elif service == "dynamodb":
            remote, tag, path = ip(DYNAMODB_PREFIX, 7 + number), "DYNAMODB", "8"
        elif service == "internet":
            remote, tag, path = INTERNET, "-", "8"
        elif endpoint_enis:
            remote, tag, path = endpoint_enis[number % len(endpoint_enis)][1], "-", "1"
        else:
            sys.exit(f"make-flow-logs: {service!r} has no endpoint in the network (use s3, dynamodb, internet or an endpoint's service)")
        nat = network.nat_for(subnet["SubnetId"]) if service == "internet" else None
        for minute, (up, down) in enumerate(zip(split(sent, minutes), split(received, minutes))):
            start = offset + minute * 60
            # An ephemeral port per connection and packet counts that follow the bytes, as real logs have:
            # they are what makes a real log compress about 6:1 rather than 25:1 (the benchmark's MB/s of
            # gzip input means something only then). Attribution reads neither.
            port = str(random.randint(32768, 60999))
            common = {"account-id": network.account, "version": "5", "vpc-id": subnet["VpcId"], "protocol": "6",
                      "start": str(start), "end": str(start + 60), "action": "ACCEPT", "log-status": "OK",
                      "traffic-path": path, "subnet-id": subnet["SubnetId"]}
            egress = dict(common, **{"interface-id": eni, "srcaddr": host, "dstaddr": remote, "srcport": port, "dstport": "443",
                                     "bytes": str(up), "packets": str(max(1, up // 1448)), "flow-direction": "egress",
                                     "pkt-srcaddr": host, "pkt-dstaddr": remote, "pkt-src-aws-service": "-", "pkt-dst-aws-service": tag})
            ingress = dict(common, **{"interface-id": eni, "srcaddr": remote, "dstaddr": host, "srcport": "443", "dstport": port,
                                      "bytes": str(down), "packets": str(max(1, down // 1448)), "flow-direction": "ingress",
                                      "pkt-srcaddr": remote, "pkt-dstaddr": host, "pkt-src-aws-service": tag, "pkt-dst-aws-service": "-"})
            out += [egress, ingress]
            if endpoint_enis:
                # The endpoint's ENI logs the same bytes: attribution counts them once, on the caller's side.
                out.append(dict(ingress, **{"interface-id": endpoint_enis[0][0], "srcaddr": host, "dstaddr": remote,
                                            "bytes": str(up), "flow-direction": "ingress"}))
            if nat:
                nat_eni, nat_ip = nat
                # The NAT's ENI: the private side, with pkt-srcaddr naming the workload.
                out.append(dict(egress, **{"interface-id": nat_eni, "srcaddr": host, "dstaddr": remote, "flow-direction": "ingress"}))
                out.append(dict(egress, **{"interface-id": nat_eni, "srcaddr": nat_ip, "dstaddr": remote, "pkt-srcaddr": host}))
            if minute == 0:
                out.append(dict(egress, **{"action": "REJECT", "bytes": "999"}))
                out.append(dict(egress, **{"log-status": "NODATA", "bytes": "-", "srcaddr": "-", "dstaddr": "-"}))
    return out


def line(fields, record, cloudwatch):
    text = " ".join(record.get(f, "-") for f in fields)
    if cloudwatch:
        text = "2024-05-01T00:00:00.000Z " + text
    return text


def write(path, lines, compress):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    data = ("\n".join(lines) + "\n").encode()
    if compress:
        with gzip.open(path, "wb", compresslevel=6) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", required=True)
    parser.add_argument("--matrix", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=["default", "custom"], default="default")
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--layout", choices=["file", "s3"], default="file")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cloudwatch", action="store_true", help="a timestamp before each record, as a CloudWatch Logs export")
    parser.add_argument("--bad-lines", type=int, default=0, help="lines that are not records, to be counted and skipped")
    args = parser.parse_args()

    network = Network(args.network)
    with open(args.matrix) as f:
        matrix = json.load(f)
    fields = DEFAULT_FIELDS if args.format == "default" else CUSTOM_FIELDS
    version = "2" if args.format == "default" else "5"
    header = [" ".join(fields)] if args.format == "custom" else []
    suffix = ".log.gz" if args.gzip else ".log"
    random.seed(7)
    for window in range(args.repeat):
        body = [line(fields, dict(r, version=version), args.cloudwatch) for r in records(network, matrix, window)]
        if window == 0:
            for i in range(args.bad_lines):
                body.insert(min(len(body), 3 + i * 5), "this is not a flow log record %d" % i)
        if args.layout == "s3":
            hour = window % 24
            day = 1 + window // 24
            directory = os.path.join(args.out, "AWSLogs", network.account, "vpcflowlogs", network.region, "2024", "05", "%02d" % day)
            name = "%s_vpcflowlogs_%s_fl-0a1b2c3d_202405%02dT%02d00Z_%08x%s" % (network.account, network.region, day, hour, window, suffix)
            write(os.path.join(directory, name), header + body, args.gzip)
        else:
            mode = "ab" if window else "wb"
            path = args.out
            data = ("\n".join((header if window == 0 else []) + body) + "\n").encode()
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            if args.gzip:
                with gzip.open(path, mode, compresslevel=6) as f:  # appended windows are further gzip members
                    f.write(data)
            else:
                with open(path, mode) as f:
                    f.write(data)

    ranges = {"syncToken": "1714521600", "createDate": matrix.get("ip_ranges_date", "2024-05-01-00-00-00"),
              "prefixes": [{"ip_prefix": S3_PREFIX, "region": network.region, "service": "AMAZON", "network_border_group": network.region},
                           {"ip_prefix": S3_PREFIX, "region": network.region, "service": "S3", "network_border_group": network.region},
                           {"ip_prefix": DYNAMODB_PREFIX, "region": network.region, "service": "DYNAMODB", "network_border_group": network.region}]
                          + [{"ip_prefix": p, "region": network.region, "service": "AMAZON", "network_border_group": network.region}
                             for p in AMAZON_PREFIXES],
              "ipv6_prefixes": [{"ipv6_prefix": "2600:1f00::/24", "region": network.region, "service": "AMAZON",
                                 "network_border_group": network.region}]}
    with open(args.out.rstrip("/") + ".ip-ranges.json", "w") as f:
        json.dump(ranges, f, indent=2)


if __name__ == "__main__":
    main()
