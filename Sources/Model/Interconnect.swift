/// The kinds of cross-VPC fact a source can describe. As with `ResourceKind`, a kind no source
/// described is unknown: no peering file is "peering unknown", never "no peering".
public enum InterconnectKind: String, CaseIterable, Hashable, Sendable {
    case transitGateways, transitGatewayAttachments, transitGatewayRouteTables
    case peeringConnections, hostedZones, resolverEndpoints, resolverRules, resolverRuleAssociations

    /// The call that lists this kind.
    public var command: String {
        switch self {
        case .transitGateways: return "aws ec2 describe-transit-gateways"
        case .transitGatewayAttachments: return "aws ec2 describe-transit-gateway-attachments"
        case .transitGatewayRouteTables: return "aws ec2 describe-transit-gateway-route-tables"
        case .peeringConnections: return "aws ec2 describe-vpc-peering-connections"
        case .hostedZones: return "aws route53 list-hosted-zones-by-vpc / get-hosted-zone"
        case .resolverEndpoints: return "aws route53resolver list-resolver-endpoints"
        case .resolverRules: return "aws route53resolver list-resolver-rules"
        case .resolverRuleAssociations: return "aws route53resolver list-resolver-rule-associations"
        }
    }

    /// The kind as people say it, plural.
    public var title: String {
        switch self {
        case .transitGateways: return "transit gateways"
        case .transitGatewayAttachments: return "transit gateway attachments"
        case .transitGatewayRouteTables: return "transit gateway route tables"
        case .peeringConnections: return "VPC peering connections"
        case .hostedZones: return "private hosted zones"
        case .resolverEndpoints: return "Resolver endpoints"
        case .resolverRules: return "Resolver rules"
        case .resolverRuleAssociations: return "Resolver rule associations"
        }
    }

    /// `VPC peering connections not loaded (aws ec2 describe-vpc-peering-connections)`.
    public var notLoaded: String { "\(title) not loaded (\(command))" }
}

/// Everything between VPCs: transit gateways, peering, hosted zones and Resolver rules, as loaders
/// build and merge them (a field of `InventoryContents`).
public struct InterconnectContents: Sendable {
    public var transitGateways: [TransitGateway] = []
    public var attachments: [TransitGatewayAttachment] = []
    public var tgwRouteTables: [TransitGatewayRouteTable] = []
    public var peerings: [VPCPeeringConnection] = []
    public var hostedZones: [HostedZone] = []
    public var resolverEndpoints: [ResolverEndpoint] = []
    public var resolverRules: [ResolverRule] = []
    public var resolverRuleAssociations: [ResolverRuleAssociation] = []
    /// The kinds some source described (possibly as an empty list).
    public var known: Set<InterconnectKind> = []

    public init() {}

    /// Whether no source said anything about what lies between VPCs (the single-VPC case: nothing to show).
    public var isEmpty: Bool { known.isEmpty }

    /// Adds another source's facts; the later one of the same ID is merged into the earlier.
    public mutating func merge(_ other: InterconnectContents) {
        var indexes = MergeIndexes()
        merge(other, indexes: &indexes)
    }

    /// The same, keeping the positions by ID for the next source (as `InventoryContents.merge(_:indexes:)`).
    public mutating func merge(_ other: InterconnectContents, indexes: inout MergeIndexes) {
        guard !other.known.isEmpty || !other.hostedZones.isEmpty || !other.tgwRouteTables.isEmpty else { return }
        typealias C = InventoryContents
        C.merge(into: &transitGateways, other.transitGateways, index: &indexes.transitGateways, id: \.id)
        C.merge(into: &attachments, other.attachments, index: &indexes.attachments, id: \.id) { $0.merging($1) }
        C.merge(into: &tgwRouteTables, other.tgwRouteTables, index: &indexes.tgwRouteTables, id: \.id) { $0.merging($1) }
        C.merge(into: &peerings, other.peerings, index: &indexes.peerings, id: \.id)
        C.merge(into: &hostedZones, other.hostedZones, index: &indexes.hostedZones, id: \.id) { $0.merging($1) }
        C.merge(into: &resolverEndpoints, other.resolverEndpoints, index: &indexes.resolverEndpoints, id: \.id)
        C.merge(into: &resolverRules, other.resolverRules, index: &indexes.resolverRules, id: \.id)
        C.merge(into: &resolverRuleAssociations, other.resolverRuleAssociations, index: &indexes.resolverRuleAssociations, id: \.id)
        known.formUnion(other.known)
    }

    /// One `MergeIndex` per list, carried from one source's merge to the next.
    public struct MergeIndexes: Sendable {
        var transitGateways = MergeIndex(), attachments = MergeIndex(), tgwRouteTables = MergeIndex()
        var peerings = MergeIndex(), hostedZones = MergeIndex(), resolverEndpoints = MergeIndex()
        var resolverRules = MergeIndex(), resolverRuleAssociations = MergeIndex()
        public init() {}
    }
}

/// The lookups over `InterconnectContents` every cross-VPC analysis needs, built once with the inventory.
public struct InterconnectIndex: Sendable {
    public let contents: InterconnectContents
    let tgwByID: [String: Int]
    let attachmentByID: [String: Int]
    let tgwRouteTableByID: [String: Int]
    let peeringByID: [String: Int]
    /// VPC ID → its attachments (VPC attachments only), by transit gateway ID.
    let vpcAttachments: [String: [String: Int]]
    /// VPC ID → the peerings it is a side of.
    let peeringsByVPC: [String: [Int]]
    /// VPC ID → the private zones associated with it.
    let zonesByVPC: [String: [Int]]
    /// VPC ID → the Resolver rules associated with it.
    let rulesByVPC: [String: [Int]]
    let ruleByID: [String: Int]
    /// TGW route table ID → its routes by prefix length (longest first), by network: a hub's table holds
    /// a route per spoke, and every path from every spoke looks one up.
    let routesByLength: [String: [(length: Int, routes: [UInt32: Int])]]

    public init(_ contents: InterconnectContents) {
        self.contents = contents
        var lookups: [String: [(length: Int, routes: [UInt32: Int])]] = [:]
        for table in contents.tgwRouteTables {
            guard let routes = table.routes else { continue }
            var byLength: [Int: [UInt32: Int]] = [:]
            // The first route of a destination wins, as in `TransitGatewayRouteTable.route(for:)`.
            for (i, route) in routes.enumerated() where byLength[route.destination.prefixLength]?[route.destination.network.value] == nil {
                byLength[route.destination.prefixLength, default: [:]][route.destination.network.value] = i
            }
            lookups[table.id] = byLength.sorted { $0.key > $1.key }.map { (length: $0.key, routes: $0.value) }
        }
        routesByLength = lookups
        func index<T>(_ items: [T], _ id: KeyPath<T, String>) -> [String: Int] {
            var map: [String: Int] = [:]
            for (i, item) in items.enumerated() { map[item[keyPath: id]] = i }
            return map
        }
        tgwByID = index(contents.transitGateways, \.id)
        attachmentByID = index(contents.attachments, \.id)
        tgwRouteTableByID = index(contents.tgwRouteTables, \.id)
        peeringByID = index(contents.peerings, \.id)
        ruleByID = index(contents.resolverRules, \.id)
        var byVPC: [String: [String: Int]] = [:]
        for (i, a) in contents.attachments.enumerated() where a.resourceType == .vpc {
            byVPC[a.resourceID, default: [:]][a.transitGatewayID] = i
        }
        vpcAttachments = byVPC
        var peerings: [String: [Int]] = [:]
        for (i, p) in contents.peerings.enumerated() {
            peerings[p.requester.vpcID, default: []].append(i)
            if p.accepter.vpcID != p.requester.vpcID { peerings[p.accepter.vpcID, default: []].append(i) }
        }
        peeringsByVPC = peerings
        var zones: [String: [Int]] = [:]
        for (i, z) in contents.hostedZones.enumerated() where z.isPrivate {
            for vpc in z.vpcs ?? [] { zones[vpc.vpcID, default: []].append(i) }
        }
        zonesByVPC = zones
        var rules: [String: [Int]] = [:]
        let ruleIndex = index(contents.resolverRules, \.id)
        for association in contents.resolverRuleAssociations where association.isActive {
            if let i = ruleIndex[association.ruleID] { rules[association.vpcID, default: []].append(i) }
        }
        rulesByVPC = rules
    }

    /// The most specific route of `table` whose destination holds the address (what
    /// `TransitGatewayRouteTable.route(for:)` answers), through the index when the table has one.
    public func route(in table: TransitGatewayRouteTable, for address: IPv4Address) -> TransitGatewayRoute? {
        guard let lookup = routesByLength[table.id], let routes = table.routes else { return table.route(for: address) }
        for (length, byNetwork) in lookup {
            if let i = byNetwork[address.value & IPv4CIDR.mask(length)], i < routes.count { return routes[i] }
        }
        return nil
    }

    public func knows(_ kind: InterconnectKind) -> Bool { contents.known.contains(kind) }
    public var isEmpty: Bool { contents.isEmpty }

    public func transitGateway(_ id: String) -> TransitGateway? { tgwByID[id].map { contents.transitGateways[$0] } }
    public func attachment(_ id: String) -> TransitGatewayAttachment? { attachmentByID[id].map { contents.attachments[$0] } }
    public func tgwRouteTable(_ id: String) -> TransitGatewayRouteTable? {
        tgwRouteTableByID[id].map { contents.tgwRouteTables[$0] }
    }
    public func peering(_ id: String) -> VPCPeeringConnection? { peeringByID[id].map { contents.peerings[$0] } }
    public func resolverRule(_ id: String) -> ResolverRule? { ruleByID[id].map { contents.resolverRules[$0] } }

    /// The VPC's attachment to a transit gateway, if it has one.
    public func attachment(of vpcID: String, to tgwID: String) -> TransitGatewayAttachment? {
        vpcAttachments[vpcID]?[tgwID].map { contents.attachments[$0] }
    }

    /// Every TGW attachment of a VPC, by transit gateway ID order of the inventory.
    public func attachments(of vpcID: String) -> [TransitGatewayAttachment] {
        (vpcAttachments[vpcID] ?? [:]).values.sorted().map { contents.attachments[$0] }
    }

    /// The peerings a VPC is a side of.
    public func peerings(of vpcID: String) -> [VPCPeeringConnection] {
        (peeringsByVPC[vpcID] ?? []).map { contents.peerings[$0] }
    }

    /// The private hosted zones associated with a VPC.
    public func privateZones(of vpcID: String) -> [HostedZone] { (zonesByVPC[vpcID] ?? []).map { contents.hostedZones[$0] } }

    /// The Resolver rules associated with a VPC.
    public func resolverRules(of vpcID: String) -> [ResolverRule] { (rulesByVPC[vpcID] ?? []).map { contents.resolverRules[$0] } }

    /// The most specific private zone of the VPC that answers for `host` (its name or a name under it).
    /// Asked for every VPC and service of an organisation, so it reads the zones in place rather than
    /// copying the VPC's list.
    public func mostSpecificPrivateZone(of vpcID: String, covering host: String) -> HostedZone? {
        let zones = contents.hostedZones
        return Self.mostSpecific(zonesByVPC[vpcID] ?? [], domain: { zones[$0].name }, covering: host) { _ in true }.map { zones[$0] }
    }

    /// The most specific Resolver rule of the VPC whose domain covers `host`, among those `eligible` keeps.
    public func mostSpecificResolverRule(of vpcID: String, covering host: String,
                                         _ eligible: (ResolverRule) -> Bool) -> ResolverRule? {
        let rules = contents.resolverRules
        return Self.mostSpecific(rulesByVPC[vpcID] ?? [], domain: { rules[$0].domainName }, covering: host) { eligible(rules[$0]) }
            .map { rules[$0] }
    }

    /// Among `indices`, the first of those with the most labels whose domain holds `host`. By index
    /// and domain text: a hosted zone carries its records, and copying each zone a VPC is associated
    /// with to read its name was most of the DNS answers of an organisation.
    private static func mostSpecific(_ indices: [Int], domain: (Int) -> String, covering host: String,
                                     _ eligible: (Int) -> Bool) -> Int? {
        let host = DNSName.normalised(host)
        var best: Int?, bestLabels = -1
        for i in indices {
            let name = domain(i)
            guard DNSName.isWithin(host, name) else { continue }
            let labels = DNSName.labelCount(name)
            if labels > bestLabels && eligible(i) { best = i; bestLabels = labels }
        }
        return best
    }

    /// Whether the hosted-zone associations of every private zone were read (get-hosted-zone), so that
    /// "no zone for this VPC" is a fact.
    public var zoneAssociationsKnown: Bool {
        knows(.hostedZones) && contents.hostedZones.allSatisfy { !$0.isPrivate || $0.vpcs != nil }
    }
}
