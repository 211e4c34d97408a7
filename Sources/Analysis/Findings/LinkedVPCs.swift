import Model

/// Which VPCs' cross-VPC findings hang together: a finding about VPC V of a `.linkedVPCs` rule reads
/// only the resources of the VPCs linked with V. So a what-if that changes some VPCs can change the
/// findings of their linked VPCs only, and an organisation's toggle works out one region's share
/// instead of every region's (issue 17).
///
/// Two VPCs are linked when they are in the same region (a hub's endpoints are looked for in the
/// VPC's region, an address is placed among its region's VPCs), attached to the same transit gateway,
/// peered, associated with the same private hosted zone or Resolver rule, or one holds an endpoint a
/// zone's record names (by DNS name or ENI address) and the other is associated with that zone, or one
/// holds the target of a Resolver rule the other is associated with; and linked with what those are
/// linked with. A VPC whose region is not known may look at every region: then every VPC is linked.
/// A what-if changes none of the links' interconnect (transit gateways, peerings, zones, rules) but
/// may change which endpoints a record names, so the links of the network before and after are joined.
struct LinkedVPCs {
    /// A group per VPC ID; nil when every VPC is linked with every other (or what the rules read across
    /// the whole network differs between the networks: the interface services, whether any endpoint is shared).
    private let group: [String: Int]?

    init(_ networks: [Inventory]) {
        var links = UnionFind()
        var everything = false
        for inventory in networks {
            for vpc in inventory.vpcs {
                guard let region = vpc.region else { everything = true; break }
                links.join(vpc.id, "\u{0}region \(region)")
            }
            for endpoint in inventory.endpoints { links.add(endpoint.vpcID) }
            let net = inventory.interconnect.contents
            for attachment in net.attachments where attachment.resourceType == .vpc {
                links.join(attachment.resourceID, "\u{0}tgw \(attachment.transitGatewayID)")
            }
            for peering in net.peerings { links.join(peering.requester.vpcID, peering.accepter.vpcID) }
            // Endpoints by each DNS name and ENI address a zone's record may name.
            var byName: [String: [String]] = [:]
            var byAddress: [IPv4Address: [String]] = [:]
            for endpoint in inventory.endpoints {
                for entry in endpoint.dnsEntries { byName[DNSName.normalised(entry.name), default: []].append(endpoint.vpcID) }
                for eni in inventory.interfaces(of: endpoint) {
                    if let ip = eni.privateIP { byAddress[ip, default: []].append(endpoint.vpcID) }
                }
            }
            for zone in net.hostedZones where zone.isPrivate {
                let node = "\u{0}zone \(zone.id)"
                for association in zone.vpcs ?? [] { links.join(association.vpcID, node) }
                for record in zone.records ?? [] {
                    for name in [record.aliasTarget].compactMap({ $0 }) + record.values.map(DNSName.normalised) {
                        for vpc in byName[name] ?? [] { links.join(vpc, node) }
                    }
                    for ip in record.values.compactMap(IPv4Address.init) { for vpc in byAddress[ip] ?? [] { links.join(vpc, node) } }
                }
            }
            var ruleVPCs: [String: [String]] = [:]
            for association in net.resolverRuleAssociations { ruleVPCs[association.ruleID, default: []].append(association.vpcID) }
            let endpointVPC = Dictionary(net.resolverEndpoints.map { ($0.id, $0.vpcID) }, uniquingKeysWith: { first, _ in first })
            let resolver = net.resolverRules.isEmpty ? nil : PathResolver(inventory: inventory)
            for rule in net.resolverRules {
                let node = "\u{0}rule \(rule.id)"
                links.add(node)
                if let id = rule.resolverEndpointID, let vpc = endpointVPC[id] { links.join(vpc, node) }
                for vpc in ruleVPCs[rule.id] ?? [] {
                    links.join(vpc, node)
                    // The forwarded query is answered in the VPC holding a target, among `vpc`'s region's.
                    for ip in rule.targetIPs { if let target = resolver?.vpc(holding: ip, near: vpc) { links.join(target.id, node) } }
                }
            }
        }
        let signatures = Set(networks.map(LinkedVPCs.networkWide))
        group = everything || signatures.count > 1 ? nil : links.groups()
    }

    /// What the cross-VPC rules read of the whole network: the services of its interface endpoints
    /// (centralised-endpoint-unreachable asks each VPC about each) and whether a zone shares any
    /// endpoint (duplicate-endpoints picks its hubs otherwise without one).
    private static func networkWide(_ inventory: Inventory) -> NetworkWide {
        NetworkWide(interfaceServices: Set(inventory.endpoints.filter { $0.kind == .interface }.map(\.service)),
                    // Without building the rules' path resolver: this is asked of both networks at every what-if.
                    sharesAnEndpoint: !inventory.interconnect.isEmpty && !CrossVPCFacts.sharedEndpoints(in: inventory).isEmpty)
    }

    private struct NetworkWide: Hashable {
        var interfaceServices: Set<String>
        var sharesAnEndpoint: Bool
    }

    /// The VPCs linked with some of `changed` (those included); nil: every VPC.
    func vpcs(linkedTo changed: Set<String>) -> Set<String>? {
        guard let group else { return nil }
        let touched = Set(changed.compactMap { group[$0] })
        var vpcs = changed
        for (vpc, g) in group where touched.contains(g) { vpcs.insert(vpc) }
        return vpcs
    }
}

/// Groups of names joined pairwise (a disjoint-set forest with path halving).
private struct UnionFind {
    private var index: [String: Int] = [:]
    private var names: [String] = []
    private var parent: [Int] = []

    @discardableResult
    mutating func add(_ name: String) -> Int {
        if let i = index[name] { return i }
        let i = parent.count
        index[name] = i
        names.append(name)
        parent.append(i)
        return i
    }

    mutating func join(_ a: String, _ b: String) {
        let ra = root(add(a)), rb = root(add(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    private mutating func root(_ i: Int) -> Int {
        var i = i
        while parent[i] != i {
            parent[i] = parent[parent[i]]
            i = parent[i]
        }
        return i
    }

    /// Each VPC ID's group (the names that are not links' own nodes).
    mutating func groups() -> [String: Int] {
        var result: [String: Int] = [:]
        for (i, name) in names.enumerated() where !name.hasPrefix("\u{0}") { result[name] = root(i) }
        return result
    }
}
