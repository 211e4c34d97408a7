import Model

/// One hypothetical change to a network, as the explorer's what-if mode makes them.
public enum WhatIfChange: Hashable, Sendable {
    /// Take an endpoint away (its routes and ENIs go with it).
    case disableEndpoint(String)
    /// Undo an earlier `disableEndpoint` of the same ID.
    case enableEndpoint(String)
    /// Create an endpoint for a short service name: an interface endpoint in `subnetIDs` (one ENI per
    /// subnet's AZ), or a gateway endpoint on `routeTableIDs`.
    case addEndpoint(service: String, vpc: String, kind: VPCEndpoint.Kind, subnetIDs: [String], routeTableIDs: [String])
    /// Delete a NAT gateway: routes to it become blackholes.
    case removeNATGateway(String)

    /// A line for the header and the change list.
    public var summary: String {
        switch self {
        case .disableEndpoint(let id): return "disable \(id)"
        case .enableEndpoint(let id): return "enable \(id)"
        case .addEndpoint(let service, let vpc, let kind, let subnets, let tables):
            let places = kind == .gateway ? tables : subnets
            return "add \(service) \(kind.rawValue.lowercased()) endpoint in \(vpc) on \(places.joined(separator: ", "))"
        case .removeNATGateway(let id): return "remove \(id)"
        }
    }
}

/// An ordered list of hypothetical changes. `apply` builds the network as it would be; the list is
/// the undo history (drop the last change to undo it).
public struct WhatIf: Hashable, Sendable {
    public var changes: [WhatIfChange]

    public init(_ changes: [WhatIfChange] = []) { self.changes = changes }

    /// Whether nothing is in play.
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes with those that cancel out taken away: an endpoint switched off and then back
    /// on is no change, so it is neither counted nor written.
    public var netted: WhatIf {
        var kept: [WhatIfChange] = []
        for change in changes {
            if case .enableEndpoint(let id) = change,
               let off = kept.lastIndex(where: { if case .disableEndpoint(id) = $0 { return true }; return false }) {
                kept.remove(at: off)
                continue
            }
            kept.append(change)
        }
        var copy = self
        copy.changes = kept
        return copy
    }

    /// The ID an added endpoint gets: stable for its position in the list, recognisably not AWS's.
    public static func addedEndpointID(_ position: Int) -> String { "vpce-whatif-\(position + 1)" }

    /// The endpoints switched off once every disable and enable is applied, in order.
    public var disabledEndpoints: [String] {
        var disabled: [String] = []
        for change in changes {
            switch change {
            case .disableEndpoint(let id): if !disabled.contains(id) { disabled.append(id) }
            case .enableEndpoint(let id): disabled.removeAll { $0 == id }
            default: break
            }
        }
        return disabled
    }

    /// The network with the changes made.
    public func apply(to inventory: Inventory) -> Inventory {
        if changes.isEmpty { return inventory }
        var contents = inventory.contents
        let disabled = Set(disabledEndpoints)
        if !disabled.isEmpty {
            let enis = Set(contents.endpoints.filter { disabled.contains($0.id) }.flatMap(\.networkInterfaceIDs))
            contents.endpoints.removeAll { disabled.contains($0.id) }
            contents.networkInterfaces.removeAll { enis.contains($0.id) }
            let toDisabled = { (route: Route) -> Bool in
                if case .vpcEndpoint(let id) = route.target { return disabled.contains(id) }
                return false
            }
            // Only the tables that route to them are written: the others keep sharing their routes with the base.
            for t in contents.routeTables.indices where contents.routeTables[t].routes.contains(where: toDisabled) {
                contents.routeTables[t].routes.removeAll(where: toDisabled)
            }
        }
        for (position, change) in changes.enumerated() {
            switch change {
            case .disableEndpoint, .enableEndpoint:
                break
            case .removeNATGateway(let id):
                contents.natGateways.removeAll { $0.id == id }
                for t in contents.routeTables.indices {
                    for r in contents.routeTables[t].routes.indices where contents.routeTables[t].routes[r].target == .natGateway(id) {
                        contents.routeTables[t].routes[r].state = "blackhole"
                    }
                }
            case .addEndpoint(let service, let vpc, let kind, let subnetIDs, let routeTableIDs):
                let id = Self.addedEndpointID(position)
                if kind == .gateway {
                    addGateway(id: id, service: service, vpc: vpc, routeTableIDs: routeTableIDs, to: &contents, index: inventory)
                } else {
                    addInterface(id: id, service: service, vpc: vpc, subnetIDs: subnetIDs, to: &contents, index: inventory)
                }
            }
        }
        return Inventory(contents)
    }

    /// The VPCs whose resources `apply(to: inventory)` gives differently from `other.apply(to: inventory)`:
    /// those the changes after the two lists' common beginning touch (an added endpoint's ID follows its
    /// position, so every change after the first difference counts). The rest of the network is the same
    /// in both, resource for resource, so what follows from one VPC alone need not be worked out again.
    public func vpcsChanged(from other: WhatIf, in inventory: Inventory) -> Set<String> {
        var same = 0
        while same < changes.count, same < other.changes.count, changes[same] == other.changes[same] { same += 1 }
        var vpcs = Set<String>()
        for change in changes[same...] + other.changes[same...] { vpcs.formUnion(Self.vpcs(touchedBy: change, in: inventory)) }
        return vpcs
    }

    /// The VPCs of what a change adds, takes away or re-routes in `inventory` (the base network): an
    /// endpoint's own, its ENIs' and those of the route tables with a route to it; a NAT gateway's and
    /// those of the tables routing to it; an added endpoint's and its route tables'.
    public static func vpcs(touchedBy change: WhatIfChange, in inventory: Inventory) -> Set<String> {
        func tablesRouting(to target: RouteTarget) -> [String] {
            inventory.routeTables.filter { $0.routes.contains { $0.target == target } }.map(\.vpcID)
        }
        switch change {
        case .disableEndpoint(let id), .enableEndpoint(let id):
            guard let endpoint = inventory.endpoint(id) else { return [] }
            let enis = endpoint.networkInterfaceIDs.compactMap { inventory.networkInterface($0)?.vpcID }
            return Set([endpoint.vpcID] + enis + tablesRouting(to: .vpcEndpoint(id)))
        case .removeNATGateway(let id):
            return Set((inventory.natGateway(id).map { [$0.vpcID] } ?? []) + tablesRouting(to: .natGateway(id)))
        case .addEndpoint(_, let vpc, _, _, let routeTableIDs):
            return Set([vpc] + routeTableIDs.compactMap { inventory.routeTable($0)?.vpcID })
        }
    }

    func region(of vpcID: String, in inventory: Inventory) -> String {
        inventory.vpc(vpcID)?.region ?? inventory.region ?? "REGION"
    }

    func addGateway(id: String, service: String, vpc: String, routeTableIDs: [String], to contents: inout InventoryContents,
                    index inventory: Inventory) {
        let fullName = ServiceName.full(service, region: region(of: vpc, in: inventory))
        var list = contents.prefixLists.first { $0.service == service }
        if list == nil {
            let synthetic = PrefixList(id: "pl-whatif-\(service)", name: fullName)
            contents.prefixLists.append(synthetic)
            list = synthetic
        }
        let listID = list?.id ?? "pl-whatif-\(service)"
        for t in contents.routeTables.indices where routeTableIDs.contains(contents.routeTables[t].id) {
            contents.routeTables[t].routes.append(Route(destination: .prefixList(listID), target: .vpcEndpoint(id),
                                                        origin: "CreateRouteTable"))
        }
        contents.endpoints.append(VPCEndpoint(id: id, vpcID: vpc, kind: .gateway, serviceName: fullName,
                                              routeTableIDs: routeTableIDs, tags: [Tag(key: "Name", value: "what-if \(service)")]))
        contents.known.insert(.vpcEndpoints)
    }

    func addInterface(id: String, service: String, vpc: String, subnetIDs: [String], to contents: inout InventoryContents,
                      index inventory: Inventory) {
        let region = region(of: vpc, in: inventory)
        let group = Self.endpointSecurityGroup(vpc: vpc, in: inventory)
        if inventory.securityGroup(group.id) == nil, !contents.securityGroups.contains(where: { $0.id == group.id }) {
            contents.securityGroups.append(group)
        }
        // AWS allows one subnet per AZ; the first subnet named in an AZ gets its ENI.
        var zonesSeen = Set<String>()
        var subnets: [String] = []
        var enis: [String] = []
        for subnetID in subnetIDs {
            guard let subnet = inventory.subnet(subnetID), subnet.vpcID == vpc else { continue }
            let zone = subnet.availabilityZone ?? subnet.id
            guard zonesSeen.insert(zone).inserted else { continue }
            let eniID = "eni-whatif-\(id.dropFirst("vpce-whatif-".count))-\(zone)"
            contents.networkInterfaces.append(NetworkInterface(
                id: eniID, vpcID: vpc, subnetID: subnet.id, availabilityZone: subnet.availabilityZone, privateIP: nil,
                interfaceType: "vpc_endpoint", description: "VPC Endpoint Interface \(id) (what-if)",
                securityGroupIDs: [group.id]))
            subnets.append(subnet.id)
            enis.append(eniID)
        }
        contents.endpoints.append(VPCEndpoint(
            id: id, vpcID: vpc, kind: .interface, serviceName: ServiceName.full(service, region: region),
            subnetIDs: subnets, securityGroupIDs: [group.id], privateDNSEnabled: true, networkInterfaceIDs: enis,
            dnsEntries: [DNSEntry(name: "\(id).\(service).\(region).vpce.amazonaws.com")],
            tags: [Tag(key: "Name", value: "what-if \(service)")]))
        contents.known.insert(.vpcEndpoints)
        contents.known.insert(.networkInterfaces)
    }

    /// The security group a new interface endpoint of a VPC gets: the one its other interface
    /// endpoints use, else a new one allowing TCP 443 from the VPC's CIDRs.
    public static func endpointSecurityGroup(vpc vpcID: String, in inventory: Inventory) -> SecurityGroup {
        for endpoint in inventory.endpoints(in: vpcID) where endpoint.kind == .interface {
            if let id = endpoint.securityGroupIDs.first, let group = inventory.securityGroup(id) { return group }
        }
        let cidrs = inventory.vpc(vpcID)?.cidrs ?? []
        return SecurityGroup(id: "sg-whatif-\(vpcID)", name: "vpc-endpoints", vpcID: vpcID,
                             description: "HTTPS from the VPC to its interface endpoints (what-if)",
                             ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: cidrs)])
    }
}
