import Model

/// Facts about a network's routing that every analysis shares: which route a destination takes,
/// where a subnet's default route goes, which subnets are private.
extension Inventory {
    /// The route a destination address takes in a table: longest prefix wins among CIDR routes.
    /// Prefix-list routes are matched by service instead (see `prefixListRoute`).
    public func longestPrefixMatch(_ address: IPv4Address, in table: RouteTable) -> Route? {
        Self.longestPrefixMatchIndex(address, in: table).map { table.routes[$0] }
    }

    /// `longestPrefixMatch`, as the route's index in `table.routes` (paths cache a hop per route).
    public static func longestPrefixMatchIndex(_ address: IPv4Address, in table: RouteTable) -> Int? {
        var best: Int?
        var bestLength = -1
        for (i, route) in table.routes.enumerated() {
            guard case .cidr(let block) = route.destination, block.contains(address), block.prefixLength > bestLength else { continue }
            best = i
            bestLength = block.prefixLength
        }
        return best
    }

    /// The route for `0.0.0.0/0` in a table (the most specific route that covers "the internet").
    public func defaultRoute(in table: RouteTable) -> Route? {
        table.routes.first { $0.destination == .cidr(.anywhere) }
    }

    /// The service (`s3`, `dynamodb`) a prefix list stands for, from describe-prefix-lists;
    /// without that file, from the gateway endpoint the route points at.
    public func service(ofPrefixList id: String, target: RouteTarget? = nil) -> String? {
        if let list = prefixList(id), let service = list.service { return service }
        if case .vpcEndpoint(let endpointID)? = target, let endpoint = endpoint(endpointID) { return endpoint.service }
        return nil
    }

    /// The prefix-list route of a table that sends `service` to a gateway endpoint, if any.
    public func prefixListRoute(for service: String, in table: RouteTable) -> Route? {
        table.routes.first { route in
            guard case .prefixList(let id) = route.destination else { return false }
            return self.service(ofPrefixList: id, target: route.target) == service
        }
    }

    /// Whether a subnet is private: its route table has no `0.0.0.0/0` route (`::/0` for an IPv6-only
    /// subnet) to an internet gateway (DESIGN.md). A subnet with no known route table counts as private:
    /// callers that must not guess ask `knows(.routeTables, in:)` first.
    public func isPrivate(_ subnet: Subnet) -> Bool {
        guard let table = routeTable(forSubnet: subnet.id) else { return true }
        // An IPv6-only subnet is public when its ::/0 goes to an internet gateway.
        let route = subnet.addressFamily == .ipv6 ? table.routes.first { $0.destination == .ipv6("::/0") } : defaultRoute(in: table)
        guard let route else { return true }
        if case .internetGateway = route.target, !route.isBlackhole { return false }
        return true
    }

    /// The private subnets of a VPC, in inventory order.
    public func privateSubnets(in vpcID: String) -> [Subnet] { subnets(in: vpcID).filter { isPrivate($0) } }

    /// The AZs a VPC's private subnets span, sorted.
    public func privateAZs(in vpcID: String) -> [String] {
        Array(Set(privateSubnets(in: vpcID).compactMap(\.availabilityZone))).sorted()
    }

    /// The network interfaces of an interface endpoint, as listed by the endpoint, in AZ order.
    public func interfaces(of endpoint: VPCEndpoint) -> [NetworkInterface] {
        endpoint.networkInterfaceIDs.compactMap { networkInterface($0) }
            .sorted { ($0.availabilityZone ?? "") < ($1.availabilityZone ?? "") }
    }

    /// The AZs an interface endpoint has an ENI in: from its ENIs, else from its subnets.
    public func availabilityZones(of endpoint: VPCEndpoint) -> [String] {
        var zones = Set(interfaces(of: endpoint).compactMap(\.availabilityZone))
        if zones.isEmpty { zones = Set(endpoint.subnetIDs.compactMap { subnet($0)?.availabilityZone }) }
        return zones.sorted()
    }
}
