import Model

/// Paths that leave the subnet's VPC: to an interface endpoint in another VPC that a shared private
/// zone or a Resolver rule answers with (centralised endpoints), and out to the internet through a
/// transit gateway's egress VPC. Peering never carries traffic on to the peer's NAT or internet gateway.
extension PathBatch {
    /// The path a private zone's or Resolver rule's answer sends the request on; nil when the answer is public DNS.
    func sharedTail(_ context: SubnetContext, _ service: String, _ answer: NameAnswer, notes: [ComposedText]) -> PathTail? {
        var notes = notes + answer.why
        // The hop that stands for the answer, where the path stops at it (made only then).
        func dnsHop() -> Hop {
            Hop(kind: .unknown, id: answer.sourceText, label: "Private DNS", detail: ["answered by \(answer.sourceText)"])
        }
        if let reason = answer.unknown {
            var tail = PathTail.unknown(reason, hop: dnsHop())
            tail.notes = notes + [reason]
            return tail
        }
        if answer.nxdomain {
            let host = ServiceCatalog.hostname(service, region: inventory.vpc(context.subnet.vpcID)?.region ?? resolver.region)
            let reason: ComposedText = "\(host) does not resolve in \(context.subnet.vpcID) (NXDOMAIN from \(answer.sourceText)): the SDK cannot connect"
            return PathTail(hops: [], notes: notes + [reason], via: .none, serviceBlocked: reason)
        }
        guard let endpointID = answer.endpoint, let index = inventory.endpointByID[endpointID] else { return nil }
        // The zone answers for the endpoint whose own private DNS is off: that note no longer holds.
        notes.removeAll { $0.plain.hasPrefix("\(endpointID) (") && $0.plain.contains("is bypassed") }
        let endpoint = inventory.endpoints[index]
        if endpoint.vpcID == context.subnet.vpcID {
            return interfaceTail(context, context.table, service, index, notes: notes)
        }
        let placement = self.placement(index, service, context)
        guard let table = context.table else {
            let reason = context.tableUnknown ?? ComposedText(verbatim: ResourceKind.routeTables.notLoaded)
            return .unknown("whether \(context.subnet.id) reaches \(endpointID) in \(endpoint.vpcID) is unknown: \(reason)", hop: unknownTableHop(reason))
        }
        guard let found = placement.eniIP.map({ (address: $0, exact: true) }) ?? resolver.address(of: endpoint) else {
            let reason: ComposedText = "the ENI addresses of \(endpointID) in \(endpoint.vpcID) are not in the inventory: which route they take is unknown"
            return PathTail(hops: [dnsHop()], notes: notes + [reason], via: .unknown, unknown: reason)
        }
        let ip = found.address
        if !found.exact { notes.append("\(endpointID)'s ENI addresses are not known yet: routed as \(ip), an address of its subnet") }
        var hops: [Hop] = []
        var tail = PathTail(notes: [], via: .interfaceEndpoint, endpoint: endpointID, networkInterface: placement.eniID,
                            crossAz: placement.crossAz, serviceIsPrivate: true)
        func blocked(_ reason: ComposedText, hop: Hop) -> PathTail {
            var hop = hop
            hop.blocked = reason
            tail.hops = hops + [hop]
            tail.notes = notes + ["blocked: \(reason)"]
            tail.serviceBlocked = nil
            return tail
        }
        guard let routeIndex = Inventory.longestPrefixMatchIndex(ip, in: table) else {
            return blocked("\(table.id) has no route to \(ip), the ENI of \(endpointID) in \(endpoint.vpcID)",
                           hop: routeTableHop(context, table, route: "no route to \(ip)"))
        }
        let route = table.routes[routeIndex]
        let routeHop = self.routeHop(context, table, index: routeIndex)
        if route.isBlackhole { return blocked("\(route.destination) -> \(route.target.id) is a blackhole", hop: routeHop) }
        switch route.target {
        case .transitGateway, .peering:
            hops.append(routeHop)
            let crossing = resolver.crossing(from: context.subnet.vpcID, target: route.target, to: ip, source: context.subnet.cidr, memo: memo)
            notes += crossing.notes
            if let unknown = crossing.unknown {
                tail.hops = hops + crossing.hops
                tail.notes = notes
                tail.via = .unknown
                tail.unknown = unknown
                tail.serviceIsPrivate = false
                return tail
            }
            if crossing.blocked != nil {
                tail.hops = hops + crossing.hops
                tail.notes = notes.map { $0 == crossing.blocked ? "blocked: \($0)" : $0 }
                return tail
            }
            hops += crossing.hops
            if crossing.arrivesIn != endpoint.vpcID {
                return blocked("\(route.target.id) delivers \(ip) to \(crossing.arrivesIn ?? "nowhere"), not to \(endpoint.vpcID)", hop: placement.hop)
            }
        case .local:
            return blocked("\(ip) is inside \(context.subnet.vpcID)'s own range (the CIDRs overlap): the local route keeps it in the VPC", hop: routeHop)
        default:
            return blocked("\(table.id) sends \(ip) to \(route.target.id), not into \(endpoint.vpcID)", hop: routeHop)
        }
        var hop = placement.hop
        hop.detail.append("in \(inventory.displayName(endpoint.vpcID))")
        notes += placement.notes
        if let cidr = context.subnet.cidr, !allowsHTTPS(index, from: cidr) {
            switch HTTPSReach.check(endpoint, from: cidr, in: inventory) {
            case .allowed: break
            case .unknown(let reason): notes.append("security group: \(reason); taken as reachable")
            case .notKnown: notes.append("the security groups of \(endpointID) are not in the inventory; taken as allowing TCP 443")
            case .blocked(let reason):
                return blocked("\(endpointID)'s security groups do not allow TCP 443 from \(context.subnet.id) (\(cidr)): \(reason)", hop: hop)
            }
        }
        tail.hops = hops + [hop]
        tail.notes = notes
        tail.reachable = true
        return tail
    }

    /// The default route sent to a transit gateway or peering: on through the other VPC's NAT gateway
    /// (centralised egress), or stopped there with the reason.
    func egressTail(_ context: SubnetContext, route: Route, tail: PathTail) -> PathTail {
        var tail = tail
        let subnet = context.subnet
        let address = PathResolver.publicServiceAddress
        let crossing = resolver.crossing(from: subnet.vpcID, target: route.target, to: address, source: subnet.cidr, memo: memo)
        tail.hops += crossing.hops
        tail.notes += crossing.notes
        tail.via = PathVia.notFollowed(route.target)
        if let unknown = crossing.unknown {
            tail.unknown = unknown
            return tail
        }
        if let blocked = crossing.blocked {
            tail.notes = tail.notes.map { $0 == blocked ? "blocked: \($0)" : $0 }
            return tail
        }
        guard let egress = crossing.arrivesIn, case .transitGateway(let tgw) = route.target else { return tail }
        let attachment = inventory.interconnect.attachment(of: egress, to: tgw)
        guard let homeID = attachment?.subnetIDs.first, let home = inventory.routeTable(forSubnet: homeID) else {
            let reason: ComposedText = "where \(egress) sends traffic arriving from \(tgw) is unknown: the route table of its attachment's subnets is not in the inventory"
            tail.unknown = reason
            tail.notes.append(reason)
            return tail
        }
        guard let onward = inventory.longestPrefixMatch(address, in: home), !onward.isBlackhole else {
            let reason: ComposedText = "\(home.id) in \(egress) (the attachment's subnets) has no route to the internet"
            tail.serviceBlocked = reason
            tail.notes.append(reason)
            return tail
        }
        switch onward.target {
        case .natGateway(let natID):
            let nat = natTail(natID, vpcID: egress)
            tail.hops += nat.hops
            tail.notes += nat.notes
            tail.via = .natGateway
            tail.reachable = nat.reachable
            tail.unknown = nat.unknown
            tail.serviceBlocked = nat.serviceBlocked
            // The NAT's replies go back to the spoke by its subnet's route to the transit gateway.
            if nat.reachable, let cidr = subnet.cidr, let natSubnet = inventory.natGateway(natID)?.subnetID,
               let natTable = inventory.routeTable(forSubnet: natSubnet) {
                let back = inventory.longestPrefixMatch(cidr.network, in: natTable)
                if back?.target != .transitGateway(tgw) || back?.isBlackhole == true {
                    let reason: ComposedText = "missing return route: \(natTable.id) of the NAT's subnet in \(egress) does not send \(cidr) back to \(tgw)"
                    tail.reachable = false
                    tail.serviceBlocked = reason
                    tail.notes.append("blocked: \(reason)")
                }
            }
        case .internetGateway(let igw):
            let reason: ComposedText = "\(egress) sends traffic from \(tgw) straight to \(igw): an internet gateway does not translate another VPC's private addresses (a NAT gateway must come first)"
            tail.hops.append(resolver.internetGatewayHop(igw, detail: ["via \(home.id)"]))
            tail.serviceBlocked = reason
            tail.notes.append(reason)
        default:
            tail.append(notFollowed: onward.target, destination: onward.destination)
        }
        return tail
    }
}
