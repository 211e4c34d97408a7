#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Model

/// The read-only aws CLI calls a snapshot is made of, one region (and once per account, Route 53's) at a time.
enum CallPlan {
    /// At most this many records are read from one private hosted zone (`--max-items`): a zone of a
    /// hundred thousand records would otherwise fill the snapshot. A zone cut short keeps the CLI's
    /// `NextToken` in its file, so the loader knows it is incomplete.
    static let maxRecordsPerZone = 2000

    /// The calls of a region made as soon as it starts, in file order: the inventory kinds, then
    /// Transit Gateway, peering and Resolver, which depend on nothing.
    static func independentCalls(allENIs: Bool) -> [CallKind] {
        independentKinds(allENIs: allENIs).map(CallKind.init) + [
            .transitGateways, .transitGatewayAttachments, .transitGatewayVPCAttachments, .transitGatewayRouteTables,
            .vpcPeeringConnections, .resolverEndpoints, .resolverRules, .resolverRuleAssociations,
        ]
    }

    /// The arguments after `aws` for a call about a whole region (or account). The Transit Gateway,
    /// peering and Resolver calls are not narrowed by `--vpc-id`: a VPC's connections are read whole.
    static func arguments(for call: CallKind, vpcIDs: [String]) -> [String] {
        if let kind = call.resourceKind { return arguments(for: kind, vpcIDs: vpcIDs) }
        return [call.service, call.operation]
    }

    /// The arguments after `aws` for a call about one resource: a TGW route table, a VPC (in `region`),
    /// a hosted zone.
    static func arguments(for call: CallKind, resource: String, region: String) -> [String] {
        switch call {
        case .transitGatewayRouteTableAssociations, .transitGatewayRouteTablePropagations:
            return ["ec2", call.operation, "--transit-gateway-route-table-id", resource]
        case .transitGatewayRoutes:
            return ["ec2", call.operation, "--transit-gateway-route-table-id", resource,
                    "--filters", "Name=type,Values=static,propagated"]
        case .hostedZonesByVPC:
            return ["route53", call.operation, "--vpc-id", resource, "--vpc-region", region]
        case .hostedZone:
            return ["route53", call.operation, "--id", resource]
        case .resourceRecordSets:
            return ["route53", call.operation, "--hosted-zone-id", resource, "--max-items", "\(maxRecordsPerZone)"]
        default:
            return [call.service, call.operation]
        }
    }

    /// The TGW route table IDs a describe-transit-gateway-route-tables answer lists.
    static func transitGatewayRouteTableIDs(_ json: Any) -> [String] {
        let tables = (json as? [String: Any])?["TransitGatewayRouteTables"] as? [[String: Any]] ?? []
        return tables.compactMap { $0["TransitGatewayRouteTableId"] as? String }.filter(AWSName.isResourceID)
    }

    /// The private zones a list-hosted-zones answer lists, by bare ID (`/hostedzone/Z1` → `Z1`).
    static func privateHostedZoneIDs(_ json: Any) -> [String] {
        let zones = (json as? [String: Any])?["HostedZones"] as? [[String: Any]] ?? []
        return zones.filter { (($0["Config"] as? [String: Any])?["PrivateZone"] as? Bool) == true }
            .compactMap { ($0["Id"] as? String).map(bareZoneID) }.filter(AWSName.isHostedZoneID)
    }

    /// `/hostedzone/Z1` → `Z1`.
    static func bareZoneID(_ id: String) -> String {
        id.hasPrefix("/hostedzone/") ? String(id.dropFirst("/hostedzone/".count)) : id
    }

    /// Network interfaces per call when fetching them by ID: keeps every filter within AWS's 200 values.
    static let eniChunkSize = 200

    /// The kinds fetched by one call each as soon as a region starts, in file order.
    static func independentKinds(allENIs: Bool) -> [ResourceKind] {
        var kinds: [ResourceKind] = [.vpcs, .subnets, .routeTables, .vpcEndpoints, .securityGroups, .natGateways,
                                     .internetGateways, .prefixLists]
        if allENIs { kinds.append(.networkInterfaces) }
        return kinds
    }

    /// The arguments after `aws` for one of the independent calls.
    /// `--vpc-id` narrows with a filter rather than `describe-vpcs --vpc-ids`: a VPC lives in one region,
    /// and `--vpc-ids` fails (InvalidVpcID.NotFound) in every other region of a multi-region collect.
    static func arguments(for kind: ResourceKind, vpcIDs: [String]) -> [String] {
        var arguments = ["ec2", kind.awsCommand]
        guard !vpcIDs.isEmpty else { return arguments }
        let values = "Values=" + vpcIDs.joined(separator: ",")
        switch kind {
        case .prefixLists, .vpcAttributes:
            break
        case .natGateways:
            // The NAT gateway call names its option in the singular.
            arguments += ["--filter", "Name=vpc-id," + values]
        case .internetGateways:
            arguments += ["--filters", "Name=attachment.vpc-id," + values]
        case .vpcs, .subnets, .routeTables, .vpcEndpoints, .networkInterfaces, .securityGroups:
            arguments += ["--filters", "Name=vpc-id," + values]
        }
        return arguments
    }

    /// The two attributes the path analysis needs, in the order they are asked and stored.
    static let vpcAttributes = ["enableDnsSupport", "enableDnsHostnames"]

    /// The arguments after `aws` for one VPC attribute.
    static func attributeArguments(vpcID: String, attribute: String) -> [String] {
        ["ec2", "describe-vpc-attribute", "--vpc-id", vpcID, "--attribute", attribute]
    }

    /// The arguments after `aws` for some network interfaces by ID.
    /// A filter rather than `--network-interface-ids`: an ENI deleted since its endpoint was listed
    /// is then simply absent, where `--network-interface-ids` fails the whole call.
    static func eniArguments(ids: [String]) -> [String] {
        ["ec2", "describe-network-interfaces", "--filters", "Name=network-interface-id,Values=" + ids.joined(separator: ",")]
    }

    // IDs taken from answers become arguments of further calls: only well-formed IDs do
    // (`AWSName.isResourceID`), so an answer cannot slip an option or a filter value in.

    /// The ENI IDs an endpoints answer lists (`VpcEndpoints[].NetworkInterfaceIds`).
    static func endpointENIs(_ json: Any) -> [String] {
        let endpoints = (json as? [String: Any])?["VpcEndpoints"] as? [[String: Any]] ?? []
        return endpoints.flatMap { $0["NetworkInterfaceIds"] as? [String] ?? [] }.filter(AWSName.isResourceID)
    }

    /// The ENI IDs a NAT gateways answer lists (`NatGateways[].NatGatewayAddresses[].NetworkInterfaceId`).
    static func natGatewayENIs(_ json: Any) -> [String] {
        let gateways = (json as? [String: Any])?["NatGateways"] as? [[String: Any]] ?? []
        return gateways.flatMap { gateway in
            (gateway["NatGatewayAddresses"] as? [[String: Any]] ?? []).compactMap { $0["NetworkInterfaceId"] as? String }
        }.filter(AWSName.isResourceID)
    }

    /// The VPC IDs a describe-vpcs answer lists.
    static func vpcIDs(_ json: Any) -> [String] {
        let vpcs = (json as? [String: Any])?["Vpcs"] as? [[String: Any]] ?? []
        return vpcs.compactMap { $0["VpcId"] as? String }.filter(AWSName.isResourceID)
    }

    /// The IDs without duplicates, in first-seen order.
    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Splits IDs into chunks of at most `size`, dropping duplicates and keeping first-seen order.
    static func chunks(_ ids: [String], size: Int = eniChunkSize) -> [[String]] {
        let unique = unique(ids)
        return stride(from: 0, to: unique.count, by: size).map { Array(unique[$0..<min($0 + size, unique.count)]) }
    }
}
