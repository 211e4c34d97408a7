import Model

/// A what-if the explorer can make, worked out from the network: the changes that would follow,
/// and a line saying what they do (or why nothing can be done). Planning is analysis: which route
/// table gets a gateway endpoint and which subnets an interface endpoint are facts of the network,
/// so they are chosen here, not in the UI.
public struct WhatIfPlan: Hashable, Sendable {
    /// The what-if list after the step; nil when nothing could be done (`message` says why).
    public var changes: WhatIf?
    public var message: String

    public init(changes: WhatIf?, message: String) {
        self.changes = changes
        self.message = message
    }
}

extension WhatIf {
    /// Switches one endpoint off.
    public func disablingEndpoint(_ id: String) -> WhatIfPlan {
        var next = self
        next.changes.append(.disableEndpoint(id))
        return WhatIfPlan(changes: next, message: "what-if: \(id) switched off (u undoes)")
    }

    /// `x` on a service in a VPC: take back an endpoint added for it, switch a real one that was
    /// switched off back on, switch the existing one off, or add one where there is none: a gateway
    /// endpoint on `subnetID`'s route table for S3 and DynamoDB, else an interface endpoint in one
    /// private subnet per AZ (the first by AZ name, so the plan is the same on every run).
    /// - Parameters:
    ///   - base: the network as loaded; `shown`: with these what-ifs applied.
    public func toggling(service: String, vpc vpcID: String, subnetID: String?, base: Inventory, shown: Inventory) -> WhatIfPlan {
        var next = self
        if let position = changes.lastIndex(where: {
            if case .addEndpoint(let s, let v, _, _, _) = $0 { return s == service && v == vpcID }
            return false
        }) {
            next.changes.remove(at: position)
            return WhatIfPlan(changes: next, message: "what-if: removed the added \(service) endpoint")
        }
        if let id = disabledEndpoints.first(where: { base.endpoint($0)?.service == service && base.endpoint($0)?.vpcID == vpcID }) {
            next.changes.append(.enableEndpoint(id))
            return WhatIfPlan(changes: next, message: "what-if: \(service) endpoint \(id) back on")
        }
        if let endpoint = shown.endpoints(in: vpcID).first(where: { $0.service == service }) {
            next.changes.append(.disableEndpoint(endpoint.id))
            return WhatIfPlan(changes: next, message: "what-if: \(service) endpoint \(endpoint.id) switched off")
        }
        if ServiceName.gatewayServices.contains(service) {
            guard let subnetID, let table = shown.routeTable(forSubnet: subnetID) else {
                return WhatIfPlan(changes: nil, message: "no route table known for a gateway endpoint")
            }
            next.changes.append(.addEndpoint(service: service, vpc: vpcID, kind: .gateway, subnetIDs: [], routeTableIDs: [table.id]))
            return WhatIfPlan(changes: next, message: "what-if: \(service) gateway endpoint added on \(table.name ?? table.id)")
        }
        let subnets = WhatIf.interfaceEndpointSubnets(in: vpcID, of: shown)
        guard !subnets.isEmpty else { return WhatIfPlan(changes: nil, message: "no private subnet to put an interface endpoint in") }
        next.changes.append(.addEndpoint(service: service, vpc: vpcID, kind: .interface, subnetIDs: subnets, routeTableIDs: []))
        return WhatIfPlan(changes: next, message: "what-if: \(service) interface endpoint added in \(subnets.count) AZ\(subnets.count == 1 ? "" : "s")")
    }

    /// Where an added interface endpoint goes: the first private subnet of each AZ, AZs in name order.
    public static func interfaceEndpointSubnets(in vpcID: String, of inventory: Inventory) -> [String] {
        var perZone: [String: String] = [:]
        for subnet in inventory.privateSubnets(in: vpcID) {
            if let zone = subnet.availabilityZone, perZone[zone] == nil { perZone[zone] = subnet.id }
        }
        return perZone.keys.sorted().compactMap { perZone[$0] }
    }

    /// `N`: the NAT gateway `subnetID`'s default route uses, removed.
    public func removingNAT(for subnetID: String?, in inventory: Inventory) -> WhatIfPlan {
        guard let subnetID, let table = inventory.routeTable(forSubnet: subnetID),
              let route = inventory.defaultRoute(in: table), case .natGateway(let id) = route.target, !route.isBlackhole else {
            return WhatIfPlan(changes: nil, message: "the focused subnet does not route through a NAT gateway")
        }
        var next = self
        next.changes.append(.removeNATGateway(id))
        return WhatIfPlan(changes: next, message: "what-if: \(id) removed (u undoes)")
    }
}
