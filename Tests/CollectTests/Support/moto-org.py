#!/usr/bin/env python3
"""Builds a hub-and-spoke AWS organisation in a moto server, for `vpcx collect --org` tests and the
`scripts/bench org-collect` case. Prints one JSON object with every ID it made (stdout).

    moto-org.py --endpoint http://127.0.0.1:PORT [--region eu-west-1] [--spokes 2]

The organisation (the management account is moto's default, 123456789012, and holds nothing):
  hub       VPC 10.0.0.0/16 (DNS support and hostnames on), two private subnets in two AZs, a security
            group allowing 443 from 10.0.0.0/8, a Secrets Manager interface endpoint with private DNS
            OFF, and a private hosted zone secretsmanager.REGION.amazonaws.com (an alias A record to the
            endpoint) associated with the hub VPC and every spoke VPC; a transit gateway with the hub's
            and every spoke's VPC attached, a static route to the hub and a blackhole route; a Route 53
            Resolver outbound endpoint with a forwarding rule for corp.example. associated with the hub VPC.
  spoke-N   (N = 1..--spokes) VPC 10.N.0.0/16 with one subnet, attached to the hub's transit gateway.
  spoke-1   also holds a second VPC, 10.200.0.0/16 ("peered"), peered with the hub VPC (accepted by the hub).

moto keeps each account's resources apart (assumed-role credentials choose the account), but it has no
Resource Access Manager for transit gateways and no cross-account hosted-zone authorisations: the spokes'
attachments and zone associations are made from the hub's side, so they appear in the hub's answers (as
the owner of a shared transit gateway and of the zone sees them), not in the spokes'.
"""
import argparse
import json
import boto3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--spokes", type=int, default=2)
    args = parser.parse_args()
    region = args.region
    base = dict(endpoint_url=args.endpoint, region_name=region, aws_access_key_id="testing",
                aws_secret_access_key="testing")

    org = boto3.client("organizations", **base)
    org.create_organization(FeatureSet="ALL")
    accounts = {}
    for name in ["hub"] + [f"spoke-{n}" for n in range(1, args.spokes + 1)]:
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        accounts[name] = status["AccountId"]

    sts = boto3.client("sts", **base)

    def client(service, account):
        credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/vpcx-readonly",
                                      RoleSessionName="moto-org-setup")["Credentials"]
        return boto3.client(service, endpoint_url=args.endpoint, region_name=region,
                            aws_access_key_id=credentials["AccessKeyId"],
                            aws_secret_access_key=credentials["SecretAccessKey"],
                            aws_session_token=credentials["SessionToken"])

    out = {"management": sts.get_caller_identity()["Account"], "region": region, "accounts": accounts, "vpcs": {}}

    # The hub.
    hub = client("ec2", accounts["hub"])
    hub_vpc = hub.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    hub.modify_vpc_attribute(VpcId=hub_vpc, EnableDnsHostnames={"Value": True})
    subnets = [hub.create_subnet(VpcId=hub_vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"]["SubnetId"]
               for n, az in [(1, "a"), (2, "b")]]
    group = hub.create_security_group(VpcId=hub_vpc, GroupName="endpoints", Description="endpoints")["GroupId"]
    hub.authorize_security_group_ingress(GroupId=group, IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="10.0.0.0/8")
    endpoint = hub.create_vpc_endpoint(VpcId=hub_vpc, VpcEndpointType="Interface", SubnetIds=subnets,
                                       SecurityGroupIds=[group], PrivateDnsEnabled=False,
                                       ServiceName=f"com.amazonaws.{region}.secretsmanager")["VpcEndpoint"]
    out["vpcs"]["hub"] = hub_vpc
    out["hubSubnets"] = subnets
    out["endpoint"] = endpoint["VpcEndpointId"]

    # The spokes, each attached (from the hub's side, see above) to the hub's transit gateway.
    tgw = hub.create_transit_gateway(Description="hub")["TransitGateway"]["TransitGatewayId"]
    attachments = {"hub": hub.create_transit_gateway_vpc_attachment(
        TransitGatewayId=tgw, VpcId=hub_vpc, SubnetIds=subnets)["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]}
    for n in range(1, args.spokes + 1):
        name = f"spoke-{n}"
        spoke = client("ec2", accounts[name])
        vpc = spoke.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"]
        subnet = spoke.create_subnet(VpcId=vpc, CidrBlock=f"10.{n}.1.0/24", AvailabilityZone=f"{region}a")["Subnet"]["SubnetId"]
        attachments[name] = hub.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        out["vpcs"][name] = vpc
    table = hub.describe_transit_gateway_route_tables(
        Filters=[{"Name": "transit-gateway-id", "Values": [tgw]}])["TransitGatewayRouteTables"][0]["TransitGatewayRouteTableId"]
    hub.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.0.0.0/16",
                                     TransitGatewayAttachmentId=attachments["hub"])
    hub.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.99.0.0/16", Blackhole=True)
    out.update(transitGateway=tgw, transitGatewayRouteTable=table, attachments=attachments)

    # The peered VPC, in the first spoke's account, peered with the hub VPC.
    if args.spokes >= 1:
        spoke = client("ec2", accounts["spoke-1"])
        peered = spoke.create_vpc(CidrBlock="10.200.0.0/16")["Vpc"]["VpcId"]
        peering = spoke.create_vpc_peering_connection(VpcId=peered, PeerVpcId=hub_vpc, PeerOwnerId=accounts["hub"],
                                                      PeerRegion=region)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        try:
            hub.accept_vpc_peering_connection(VpcPeeringConnectionId=peering)
        except Exception:  # moto keeps a cross-account peering pending in the hub's backend; it stays requested
            pass
        out["vpcs"]["peered"] = peered
        out["peering"] = peering

    # The private hosted zone the spokes share.
    route53 = client("route53", accounts["hub"])
    zone = route53.create_hosted_zone(Name=f"secretsmanager.{region}.amazonaws.com", CallerReference="moto-org",
                                      VPC={"VPCRegion": region, "VPCId": hub_vpc},
                                      HostedZoneConfig={"PrivateZone": True, "Comment": "centralised endpoint"})["HostedZone"]["Id"]
    zone = zone.split("/")[-1]
    dns = endpoint.get("DnsEntries") or [{"DnsName": f"vpce.secretsmanager.{region}.vpce.amazonaws.com", "HostedZoneId": "Z0VPCE"}]
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {
        "Name": f"secretsmanager.{region}.amazonaws.com", "Type": "A",
        "AliasTarget": {"HostedZoneId": dns[0].get("HostedZoneId", "Z0VPCE"), "DNSName": dns[0]["DnsName"], "EvaluateTargetHealth": False}}}]})
    for n in range(1, args.spokes + 1):
        route53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": region, "VPCId": out["vpcs"][f"spoke-{n}"]})
    out["zone"] = zone

    # A Resolver forwarding rule for an on-premises domain.
    resolver = client("route53resolver", accounts["hub"])
    resolver_endpoint = resolver.create_resolver_endpoint(
        CreatorRequestId="moto-org", Name="outbound", SecurityGroupIds=[group], Direction="OUTBOUND",
        IpAddresses=[{"SubnetId": s} for s in subnets])["ResolverEndpoint"]["Id"]
    rule = resolver.create_resolver_rule(CreatorRequestId="moto-org-rule", Name="corp", RuleType="FORWARD",
                                         DomainName="corp.example.", ResolverEndpointId=resolver_endpoint,
                                         TargetIps=[{"Ip": "192.168.0.2", "Port": 53}])["ResolverRule"]["Id"]
    resolver.associate_resolver_rule(ResolverRuleId=rule, VPCId=hub_vpc, Name="hub")
    out.update(resolverEndpoint=resolver_endpoint, resolverRule=rule)

    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
