#!/usr/bin/env python3
"""Writes a hub-and-spoke organisation in aws CLI shapes, as `vpcx collect --org` lays it out:
OUT/ACCOUNT/REGION/<call>.json.

Per region, the first account is the network hub: a hub VPC with interface endpoints (private DNS
off), one private hosted zone per service (the service's hostname, aliased to the hub endpoint) shared
with every spoke, a NAT gateway for centralised egress and a transit gateway every VPC attaches to.
Every other account holds --vpcs spoke VPCs routing 10.0.0.0/8 and 0.0.0.0/0 to the transit gateway.

--peered adds to the hub account a VPC peered with the hub and no DNS sharing (the article's VPC B).
--sg-excludes N leaves spoke N (1-based, over all spokes of a region) out of the hub endpoints' security
group. --duplicate SERVICE gives the first spoke its own endpoint for a service the hub also has.
--blackhole N makes the TGW route to spoke N a blackhole.

Deterministic: the same arguments give the same files. Usage:
  scripts/make-org-inventory.py OUT --accounts 300 --regions eu-west-1,us-east-1,ap-southeast-2 --vpcs 4
"""
import argparse
import hashlib
import json
import os

SERVICES_DEFAULT = "secretsmanager,ssm,logs,sts"


def hexid(*parts, n=17):
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()[:n]


def zone_id(*parts):
    return "Z" + hashlib.sha256("/".join(parts).encode()).hexdigest()[:13].upper()


def hostname(service, region):
    """The name the SDKs call (vpcx's ServiceCatalog.hostname): ECR's API is api.ecr.REGION, not ecr.api.REGION;
    a zone named after the service's code would answer nothing, and every spoke would resolve ECR publicly."""
    if service == "ecr.api":
        return f"api.ecr.{region}.amazonaws.com"
    return f"{service}.{region}.amazonaws.com"


def endpoint_host(service, region):
    """The regional part of an interface endpoint's own DNS name (after vpce-ID-SUFFIX.)."""
    return hostname(service, region).replace(".amazonaws.com", ".vpce.amazonaws.com")


def tags(name):
    return [{"Key": "Name", "Value": name}]


def write(directory, name, value):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")


def vpc_block(region_index, vpc_index):
    """10.X.Y.0/22-sized: the hub is 10.0.0.0/16; VPC k of a region gets 10.(1+k//64).(k%64*4).0/22."""
    if vpc_index == 0:
        return "10.0.0.0/16", "10.0"
    k = vpc_index - 1
    second = 1 + (k // 64) + region_index * 60
    third = (k % 64) * 4
    return f"10.{second}.{third}.0/22", f"10.{second}.{third}"


class Region:
    def __init__(self, name, index, hub_account):
        self.name = name
        self.index = index
        self.hub = hub_account
        self.tgw = "tgw-" + hexid("tgw", name)
        self.tgw_rtb = "tgw-rtb-" + hexid("tgw-rtb", name)
        self.attachments = []  # (attachment, vpc id, owner, block, subnet ids)
        self.routes = []
        self.propagations = []


INSTANCES = 0


def vpc_files(account, region, vpc_id, block, prefix, name, azs, private_routes, public=False, endpoints=(),
              sg_ingress=None, nat=False):
    """The describe-* items of one VPC: subnets per AZ, a private route table (+ a public one with a NAT)."""
    out = {"Vpcs": [], "Subnets": [], "RouteTables": [], "VpcEndpoints": [], "NetworkInterfaces": [],
           "SecurityGroups": [], "NatGateways": [], "InternetGateways": [], "Attributes": []}
    out["Vpcs"].append({"VpcId": vpc_id, "OwnerId": account, "CidrBlock": block, "State": "available",
                        "IsDefault": False, "Tags": tags(name),
                        "CidrBlockAssociationSet": [{"CidrBlock": block, "CidrBlockState": {"State": "associated"}}]})
    out["Attributes"] += [{"VpcId": vpc_id, "EnableDnsSupport": {"Value": True}},
                          {"VpcId": vpc_id, "EnableDnsHostnames": {"Value": True}}]
    private_subnets = []
    for i, az in enumerate(azs):
        sid = "subnet-" + hexid(vpc_id, "private", az)
        private_subnets.append((sid, az, f"{prefix}.{i * 64 if block.endswith('/16') else i * 64 // 4}"))
    subnets = []
    for i, az in enumerate(azs):
        sid = "subnet-" + hexid(vpc_id, "private", az)
        third = i if block.endswith("/16") else None
        if block.endswith("/16"):
            cidr = f"{prefix}.{i}.0/24"
        else:
            base = prefix.split(".")
            cidr = f"{base[0]}.{base[1]}.{int(base[2]) + i}.0/24"
        subnets.append((sid, az, cidr))
        out["Subnets"].append({"SubnetId": sid, "VpcId": vpc_id, "AvailabilityZone": az, "CidrBlock": cidr,
                               "AvailableIpAddressCount": 250, "MapPublicIpOnLaunch": False, "State": "available",
                               "OwnerId": account, "Tags": tags(f"{name}-private-{az[-1]}")})
        for k in range(INSTANCES):
            # Instances' own ENIs: what a large account has most of (counted per subnet, not kept).
            base = cidr.split("/")[0].rsplit(".", 1)[0]
            out["NetworkInterfaces"].append({"NetworkInterfaceId": "eni-" + hexid(sid, "instance", k), "VpcId": vpc_id, "SubnetId": sid,
                                             "AvailabilityZone": az, "PrivateIpAddress": f"{base}.{100 + k % 150}",
                                             "InterfaceType": "interface", "Description": "", "RequesterManaged": False,
                                             "Status": "in-use", "Groups": [], "TagSet": []})
    rtb = "rtb-" + hexid(vpc_id, "private")
    routes = [{"DestinationCidrBlock": block, "GatewayId": "local", "State": "active", "Origin": "CreateRouteTable"}]
    routes += private_routes
    out["RouteTables"].append({"RouteTableId": rtb, "VpcId": vpc_id, "OwnerId": account, "Routes": routes,
                               "Tags": tags(f"{name}-private"),
                               "Associations": [{"Main": True, "RouteTableId": rtb,
                                                 "RouteTableAssociationId": "rtbassoc-" + hexid(rtb, "main"),
                                                 "AssociationState": {"State": "associated"}}]})
    if nat:
        pub = "subnet-" + hexid(vpc_id, "public")
        out["Subnets"].append({"SubnetId": pub, "VpcId": vpc_id, "AvailabilityZone": azs[0], "CidrBlock": f"{prefix}.100.0/24",
                               "AvailableIpAddressCount": 250, "MapPublicIpOnLaunch": True, "State": "available",
                               "OwnerId": account, "Tags": tags(f"{name}-public")})
        igw = "igw-" + hexid(vpc_id, "igw")
        natid = "nat-" + hexid(vpc_id, "nat")
        pub_rtb = "rtb-" + hexid(vpc_id, "public")
        out["RouteTables"].append({"RouteTableId": pub_rtb, "VpcId": vpc_id, "OwnerId": account, "Tags": tags(f"{name}-public"),
                                   "Routes": [{"DestinationCidrBlock": block, "GatewayId": "local", "State": "active"},
                                              {"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": region.tgw, "State": "active"},
                                              {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "State": "active"}],
                                   "Associations": [{"Main": False, "SubnetId": pub, "RouteTableId": pub_rtb,
                                                     "RouteTableAssociationId": "rtbassoc-" + hexid(pub_rtb),
                                                     "AssociationState": {"State": "associated"}}]})
        out["InternetGateways"].append({"InternetGatewayId": igw, "OwnerId": account, "Tags": tags(f"{name}-igw"),
                                        "Attachments": [{"VpcId": vpc_id, "State": "available"}]})
        nat_eni = "eni-" + hexid(natid)
        out["NatGateways"].append({"NatGatewayId": natid, "VpcId": vpc_id, "SubnetId": pub, "State": "available",
                                   "ConnectivityType": "public", "Tags": tags(f"{name}-nat"),
                                   "NatGatewayAddresses": [{"PublicIp": "203.0.113.%d" % (10 + region.index),
                                                            "PrivateIp": f"{prefix}.100.10", "NetworkInterfaceId": nat_eni}]})
        out["NetworkInterfaces"].append({"NetworkInterfaceId": nat_eni, "VpcId": vpc_id, "SubnetId": pub,
                                         "AvailabilityZone": azs[0], "PrivateIpAddress": f"{prefix}.100.10",
                                         "InterfaceType": "nat_gateway", "Description": f"Interface for NAT Gateway {natid}",
                                         "RequesterManaged": True, "Status": "in-use", "Groups": [], "TagSet": []})
    sg = "sg-" + hexid(vpc_id, "endpoints")
    if endpoints:
        ingress = sg_ingress if sg_ingress is not None else [block]
        out["SecurityGroups"].append({"GroupId": sg, "GroupName": f"{name}-endpoints", "VpcId": vpc_id, "OwnerId": account,
                                      "Description": "HTTPS to the interface endpoints",
                                      "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                                         "IpRanges": [{"CidrIp": c} for c in ingress]}],
                                      "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
    for service in endpoints:
        eid = "vpce-" + hexid(vpc_id, service)
        enis = []
        for k, (sid, az, cidr) in enumerate(subnets):
            eni = "eni-" + hexid(eid, az)
            host = 20 + sorted(endpoints).index(service)
            ip = cidr.rsplit(".", 2)[0] + "." + cidr.split(".")[2] + f".{host}"
            enis.append(eni)
            out["NetworkInterfaces"].append({"NetworkInterfaceId": eni, "VpcId": vpc_id, "SubnetId": sid, "AvailabilityZone": az,
                                             "PrivateIpAddress": ip, "InterfaceType": "vpc_endpoint",
                                             "Description": f"VPC Endpoint Interface {eid}", "RequesterManaged": True,
                                             "Status": "in-use", "Groups": [{"GroupId": sg}], "TagSet": []})
        suffix = hexid(eid, "dns", n=8)
        host = endpoint_host(service, region.name)
        out["VpcEndpoints"].append({"VpcEndpointId": eid, "VpcEndpointType": "Interface", "VpcId": vpc_id, "OwnerId": account,
                                    "ServiceName": f"com.amazonaws.{region.name}.{service}", "State": "available",
                                    "SubnetIds": [s for s, _, _ in subnets], "Groups": [{"GroupId": sg, "GroupName": f"{name}-endpoints"}],
                                    "PrivateDnsEnabled": private_dns_for(vpc_id), "NetworkInterfaceIds": enis,
                                    "RouteTableIds": [], "Tags": tags(f"{name}-{service}"),
                                    "DnsEntries": [{"DnsName": f"{eid}-{suffix}.{host}", "HostedZoneId": "Z7HUB4ULQBBCH9"}]
                                    + [{"DnsName": f"{eid}-{suffix}-{az}.{host}", "HostedZoneId": "Z7HUB4ULQBBCH9"} for az in azs]})
    return out, subnets, rtb


PRIVATE_DNS = {}


def private_dns_for(vpc_id):
    return PRIVATE_DNS.get(vpc_id, False)


def flush(directory, files):
    write(directory, "describe-vpcs.json", {"Vpcs": files["Vpcs"]})
    write(directory, "describe-subnets.json", {"Subnets": files["Subnets"]})
    write(directory, "describe-route-tables.json", {"RouteTables": files["RouteTables"]})
    write(directory, "describe-vpc-endpoints.json", {"VpcEndpoints": files["VpcEndpoints"]})
    write(directory, "describe-network-interfaces.json", {"NetworkInterfaces": files["NetworkInterfaces"]})
    write(directory, "describe-security-groups.json", {"SecurityGroups": files["SecurityGroups"]})
    write(directory, "describe-nat-gateways.json", {"NatGateways": files["NatGateways"]})
    write(directory, "describe-internet-gateways.json", {"InternetGateways": files["InternetGateways"]})
    write(directory, "describe-vpc-attribute.json", files["Attributes"])


def merge(a, b):
    for k, v in b.items():
        a.setdefault(k, []).extend(v)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--accounts", type=int, default=3, help="accounts, the first being the hub (default 3)")
    p.add_argument("--regions", default="eu-west-1")
    p.add_argument("--vpcs", type=int, default=1, help="spoke VPCs per spoke account and region")
    p.add_argument("--services", default=SERVICES_DEFAULT)
    p.add_argument("--peered", action="store_true")
    p.add_argument("--sg-excludes", type=int, default=0)
    p.add_argument("--duplicate", default="")
    p.add_argument("--blackhole", type=int, default=0)
    p.add_argument("--instances", type=int, default=0, help="instance ENIs per spoke subnet (for the scale case)")
    args = p.parse_args()
    global INSTANCES
    INSTANCES = args.instances
    services = [s for s in args.services.split(",") if s]
    accounts = ["%012d" % (111111111111 * (i + 1) if i < 9 else 100000000000 + i) for i in range(args.accounts)]
    hub_account = accounts[0]
    for r_index, region_name in enumerate(args.regions.split(",")):
        region = Region(region_name, r_index, hub_account)
        global_region = region
        azs = [region_name + "a", region_name + "b"]
        hub_vpc = "vpc-" + hexid("hub", region_name)
        spokes = []  # (account, vpc id, block, prefix, name)
        n = 0
        for a in accounts[1:]:
            for v in range(args.vpcs):
                n += 1
                block, prefix = vpc_block(r_index, n)
                spokes.append((a, "vpc-" + hexid("spoke", a, region_name, v), block, prefix, f"spoke-{a[-4:]}-{v + 1}"))
        ingress = [s[2] for i, s in enumerate(spokes) if i + 1 != args.sg_excludes] + ["10.0.0.0/16"]
        if len(ingress) > 60:
            ingress = ["10.0.0.0/8"]  # one rule covers a large org, as a real hub does
        # The hub.
        globals()["region"] = region
        hub_routes = [{"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": region.tgw, "State": "active"},
                      {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-" + hexid(hub_vpc, "nat"), "State": "active"}]
        peered_vpc = "vpc-" + hexid("peered", region_name)
        pcx = "pcx-" + hexid("pcx", region_name)
        if args.peered:
            hub_routes.append({"DestinationCidrBlock": "10.250.0.0/16", "VpcPeeringConnectionId": pcx, "State": "active"})
        hub, hub_subnets, _ = vpc_files(hub_account, region, hub_vpc, "10.0.0.0/16", "10.0", "hub", azs, hub_routes,
                                        endpoints=services, sg_ingress=ingress, nat=True)
        hub_dir = os.path.join(args.out, hub_account, region_name)
        att = "tgw-attach-" + hexid("attach", hub_vpc)
        region.attachments.append((att, hub_vpc, hub_account, "10.0.0.0/16", [s for s, _, _ in hub_subnets]))
        if args.peered:
            peered, _, _ = vpc_files(hub_account, region, peered_vpc, "10.250.0.0/16", "10.250", "peered", azs,
                                     [{"DestinationCidrBlock": "10.0.0.0/16", "VpcPeeringConnectionId": pcx, "State": "active"}])
            merge(hub, peered)
        # The spokes.
        by_account = {}
        for i, (a, vpc_id, block, prefix, name) in enumerate(spokes):
            own = [args.duplicate] if args.duplicate and i == 0 else []
            if own:
                PRIVATE_DNS[vpc_id] = True
            files, subnets, _ = vpc_files(a, region, vpc_id, block, prefix, name, azs,
                                          [{"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": region.tgw, "State": "active"},
                                           {"DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": region.tgw, "State": "active"}],
                                          endpoints=own)
            merge(by_account.setdefault(a, {}), files)
            region.attachments.append(("tgw-attach-" + hexid("attach", vpc_id), vpc_id, a, block, [s for s, _, _ in subnets]))
        flush(hub_dir, hub)
        for a, files in by_account.items():
            flush(os.path.join(args.out, a, region_name), files)
        # The transit gateway, its attachments and its one route table (every attachment associated and propagating).
        write(hub_dir, "describe-transit-gateways.json", {"TransitGateways": [{
            "TransitGatewayId": region.tgw, "OwnerId": hub_account, "State": "available",
            "TransitGatewayArn": f"arn:aws:ec2:{region_name}:{hub_account}:transit-gateway/{region.tgw}",
            "Options": {"AssociationDefaultRouteTableId": region.tgw_rtb, "PropagationDefaultRouteTableId": region.tgw_rtb},
            "Tags": tags("hub-tgw")}]})
        items = []
        vpc_items = []
        routes = []
        for k, (att_id, vpc_id, owner, block, subnet_ids) in enumerate(region.attachments):
            items.append({"TransitGatewayAttachmentId": att_id, "TransitGatewayId": region.tgw, "TransitGatewayOwnerId": hub_account,
                          "ResourceOwnerId": owner, "ResourceType": "vpc", "ResourceId": vpc_id, "State": "available",
                          "Association": {"TransitGatewayRouteTableId": region.tgw_rtb, "State": "associated"}, "Tags": []})
            vpc_items.append({"TransitGatewayAttachmentId": att_id, "TransitGatewayId": region.tgw, "VpcId": vpc_id,
                              "VpcOwnerId": owner, "State": "available", "SubnetIds": subnet_ids, "Tags": []})
            blackhole = k > 0 and k == args.blackhole
            routes.append({"DestinationCidrBlock": block, "Type": "propagated", "State": "blackhole" if blackhole else "active",
                           "TransitGatewayAttachments": [] if blackhole else [{"TransitGatewayAttachmentId": att_id, "ResourceId": vpc_id, "ResourceType": "vpc"}]})
        hub_att = region.attachments[0][0]
        routes.append({"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
                       "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": hub_att, "ResourceId": hub_vpc, "ResourceType": "vpc"}]})
        write(hub_dir, "describe-transit-gateway-attachments.json", {"TransitGatewayAttachments": items})
        write(hub_dir, "describe-transit-gateway-vpc-attachments.json", {"TransitGatewayVpcAttachments": vpc_items})
        write(hub_dir, "describe-transit-gateway-route-tables.json", {"TransitGatewayRouteTables": [{
            "TransitGatewayRouteTableId": region.tgw_rtb, "TransitGatewayId": region.tgw, "State": "available",
            "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": True, "Tags": tags("hub-tgw-rtb")}]})
        write(hub_dir, f"get-transit-gateway-route-table-propagations.{region.tgw_rtb}.json", {"TransitGatewayRouteTablePropagations": [
            {"TransitGatewayAttachmentId": a[0], "ResourceId": a[1], "ResourceType": "vpc", "State": "enabled"} for a in region.attachments]})
        write(hub_dir, f"search-transit-gateway-routes.{region.tgw_rtb}.json", {"Routes": routes, "AdditionalRoutesAvailable": False})
        if args.peered:
            write(hub_dir, "describe-vpc-peering-connections.json", {"VpcPeeringConnections": [{
                "VpcPeeringConnectionId": pcx, "Status": {"Code": "active", "Message": "Active"}, "Tags": tags("hub-to-peered"),
                "RequesterVpcInfo": {"VpcId": peered_vpc, "OwnerId": hub_account, "Region": region_name, "CidrBlock": "10.250.0.0/16",
                                     "CidrBlockSet": [{"CidrBlock": "10.250.0.0/16"}],
                                     "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": False}},
                "AccepterVpcInfo": {"VpcId": hub_vpc, "OwnerId": hub_account, "Region": region_name, "CidrBlock": "10.0.0.0/16",
                                    "CidrBlockSet": [{"CidrBlock": "10.0.0.0/16"}],
                                    "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": False}}}]})
        else:
            write(hub_dir, "describe-vpc-peering-connections.json", {"VpcPeeringConnections": []})
        # One private hosted zone per service, aliased to the hub endpoint, shared with the hub and every spoke.
        associated = [{"VPCRegion": region_name, "VPCId": hub_vpc}] + [{"VPCRegion": region_name, "VPCId": s[1]} for s in spokes]
        summaries = []
        for service in services:
            host = hostname(service, region_name)
            zid = zone_id(region_name, service)
            eid = "vpce-" + hexid(hub_vpc, service)
            dns = f"{eid}-{hexid(eid, 'dns', n=8)}.{endpoint_host(service, region_name)}"
            # A VPC with its own endpoint for the service (private DNS on) cannot also take the hub's zone for it.
            shared = [v for v in associated if not (service == args.duplicate and spokes and v["VPCId"] == spokes[0][1])]
            write(hub_dir, f"get-hosted-zone.{zid}.json", {
                "HostedZone": {"Id": f"/hostedzone/{zid}", "Name": host + ".", "CallerReference": f"hub-{service}",
                               "Config": {"Comment": f"{service} through the hub endpoint", "PrivateZone": True},
                               "ResourceRecordSetCount": 3},
                "VPCs": shared})
            write(hub_dir, f"list-resource-record-sets.{zid}.json", {"ResourceRecordSets": [
                {"Name": host + ".", "Type": "A", "AliasTarget": {"HostedZoneId": "Z7HUB4ULQBBCH9", "DNSName": dns + ".",
                                                                  "EvaluateTargetHealth": False}},
                {"Name": host + ".", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-0.awsdns-00.com."}]},
                {"Name": host + ".", "Type": "SOA", "TTL": 900,
                 "ResourceRecords": [{"Value": "ns-0.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]}]})
            summaries.append({"HostedZoneId": zid, "Name": host + ".", "Owner": {"OwningAccount": hub_account}})
        write(hub_dir, "list-resolver-endpoints.json", {"ResolverEndpoints": []})
        write(hub_dir, "list-resolver-rules.json", {"ResolverRules": [
            {"Id": "rslvr-autodefined-rr-internet-resolver", "DomainName": ".", "RuleType": "RECURSIVE", "Status": "COMPLETE",
             "OwnerId": "Route 53 Resolver", "ShareStatus": "NOT_SHARED", "Name": "Internet Resolver"}]})
        write(hub_dir, "list-resolver-rule-associations.json", {"ResolverRuleAssociations": []})


if __name__ == "__main__":
    main()
