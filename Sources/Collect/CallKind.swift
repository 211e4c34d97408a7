import Model

/// Every aws CLI call a snapshot is made of, by the operation's name (the file's name). The first ten
/// are the inventory `ResourceKind`s the loaders read today; the rest are the calls for Transit
/// Gateway, peering, Route 53 and Route 53 Resolver (issue 17).
enum CallKind: String, CaseIterable, Hashable, Sendable {
    case vpcs = "describe-vpcs"
    case subnets = "describe-subnets"
    case routeTables = "describe-route-tables"
    case vpcEndpoints = "describe-vpc-endpoints"
    case networkInterfaces = "describe-network-interfaces"
    case securityGroups = "describe-security-groups"
    case natGateways = "describe-nat-gateways"
    case internetGateways = "describe-internet-gateways"
    case prefixLists = "describe-prefix-lists"
    case vpcAttributes = "describe-vpc-attribute"
    case transitGateways = "describe-transit-gateways"
    case transitGatewayAttachments = "describe-transit-gateway-attachments"
    case transitGatewayVPCAttachments = "describe-transit-gateway-vpc-attachments"
    case transitGatewayRouteTables = "describe-transit-gateway-route-tables"
    /// Per TGW route table: the answer does not name the table, so the file name does.
    case transitGatewayRouteTableAssociations = "get-transit-gateway-route-table-associations"
    /// Per TGW route table, named like the associations.
    case transitGatewayRouteTablePropagations = "get-transit-gateway-route-table-propagations"
    /// Per TGW route table: its static and propagated routes.
    case transitGatewayRoutes = "search-transit-gateway-routes"
    case vpcPeeringConnections = "describe-vpc-peering-connections"
    /// Per VPC: the private hosted zones associated with it, whichever account owns them.
    case hostedZonesByVPC = "list-hosted-zones-by-vpc"
    case resolverEndpoints = "list-resolver-endpoints"
    case resolverRules = "list-resolver-rules"
    case resolverRuleAssociations = "list-resolver-rule-associations"
    /// Global (once per account): the account's hosted zones, to find its private ones.
    case hostedZones = "list-hosted-zones"
    /// Global, per private zone of the account: the zone and every VPC associated with it.
    case hostedZone = "get-hosted-zone"
    /// Global, per private zone of the account: its records, at most `CallPlan.maxRecordsPerZone`.
    case resourceRecordSets = "list-resource-record-sets"

    /// The aws CLI operation.
    var operation: String { rawValue }

    /// The aws CLI service the operation belongs to.
    var service: String {
        switch self {
        case .hostedZonesByVPC, .hostedZones, .hostedZone, .resourceRecordSets: return "route53"
        case .resolverEndpoints, .resolverRules, .resolverRuleAssociations: return "route53resolver"
        default: return "ec2"
        }
    }

    /// The call for an inventory kind.
    init(_ kind: ResourceKind) {
        // Every ResourceKind's awsCommand is one of the cases (CallPlanTests checks it).
        self = CallKind(rawValue: kind.awsCommand) ?? .vpcs
    }

    /// The inventory kind this call lists, for the ten the loaders read today.
    var resourceKind: ResourceKind? { ResourceKind.allCases.first { $0.awsCommand == rawValue } }

    /// Route 53's account-wide calls, made once per account (in the `global` unit), not per region.
    var isGlobal: Bool { self == .hostedZones || self == .hostedZone || self == .resourceRecordSets }

    /// Calls made once per resource an earlier answer listed; each has a file of its own.
    var isPerResource: Bool {
        switch self {
        case .transitGatewayRouteTableAssociations, .transitGatewayRouteTablePropagations, .transitGatewayRoutes,
             .hostedZonesByVPC, .hostedZone, .resourceRecordSets:
            return true
        default:
            return false
        }
    }

    /// The file of this call relative to its unit's directory: `describe-vpcs.json`, or for a
    /// per-resource call `search-transit-gateway-routes.tgw-rtb-0a1b.json`.
    func fileName(resource: String?) -> String {
        SnapshotFileName.of(operation: operation, resource: resource)
    }
}
