import Model

/// What happens to traffic a route table sends to a transit gateway or a VPC peering connection:
/// the hop it makes, the VPC it arrives in, and why it stops, if it does.
///
/// The rules (AWS Transit Gateway and VPC peering guides, the article's "things most people don't know"):
/// - a transit gateway routes an attachment's traffic by the one TGW route table the attachment is
///   associated with; no association, no route, a blackhole route, or a VPC whose attachment does
///   not propagate (and has no static route) drops it;
/// - the way back needs routes too: the destination VPC's route table toward the source's CIDR, and
///   (TGW) the destination attachment's TGW route table toward the source attachment;
/// - peering is not transitive: it carries traffic between the two VPCs' CIDRs only, never on to the
///   peer's NAT gateway, internet gateway, gateway endpoints or another peering.
public struct Crossing: Hashable, Sendable {
    /// The transit gateway or peering box (one hop), with its route and what it costs per GB.
    public var hops: [Hop]
    /// The VPC the traffic arrives in, when it gets there.
    public var arrivesIn: String?
    /// Why the traffic stops (the hop's `blocked`), when it does.
    public var blocked: ComposedText?
    /// The missing fact that decides it, when one does.
    public var unknown: ComposedText?
    public var notes: [ComposedText]

    public var isThrough: Bool { blocked == nil && unknown == nil && arrivesIn != nil }
}

/// `PathResolver.departure`: into the transit gateway by the attachment, routed by its table (the
/// hop says so), or stopped before it.
public enum TransitGatewayDeparture: Sendable {
    case onward(TransitGatewayAttachment, TransitGatewayRouteTable, Hop)
    case stopped(Crossing)
}

extension Crossing {
    /// Stopped at `hop`: blocked there for `reason`, or (`unknown`) not followed because of it.
    init(stoppedAt hop: Hop, _ reason: ComposedText, unknown: Bool = false) {
        var hop = hop
        if !unknown { hop.blocked = reason }
        self.init(hops: [hop], arrivesIn: nil, blocked: unknown ? nil : reason, unknown: unknown ? reason : nil, notes: [reason])
    }
}

extension PathResolver {
    /// Follows `target` (a `tgw-` or `pcx-` route) from `vpcID` toward `address`; `source` is the
    /// sending subnet's block, for the return routes. `memo` keeps transit gateway crossings for
    /// the next address the same route takes (`ResolverMemo`).
    public func crossing(from vpcID: String, target: RouteTarget, to address: IPv4Address, source: IPv4CIDR?,
                         memo: ResolverMemo? = nil) -> Crossing {
        switch target {
        case .transitGateway(let tgw): return transitGatewayCrossing(from: vpcID, tgw: tgw, to: address, source: source, memo: memo)
        case .peering(let pcx): return peeringCrossing(from: vpcID, pcx: pcx, to: address, source: source)
        default:
            return Crossing(hops: [], arrivesIn: nil, blocked: nil, unknown: "\(target.id) is not a transit gateway or peering", notes: [])
        }
    }

    /// The VPC of the inventory whose blocks hold the address (the most specific block wins), among
    /// those of `near`'s region when it is known: every region may reuse the same private ranges.
    public func vpc(holding address: IPv4Address, near: String? = nil) -> VPC? {
        let region = near.flatMap { inventory.vpc($0)?.region }
        for (length, byNetwork) in vpcBlocks {
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
            for i in byNetwork[address.value & mask] ?? [] {
                let vpc = inventory.vpcs[i]
                if region == nil || vpc.region == nil || vpc.region == region { return vpc }
            }
        }
        return nil
    }

    /// An address an interface endpoint answers on: an ENI's, else (a spec, where AWS picks them at
    /// apply) the first address of a subnet it is in, which every route to that subnet covers too.
    public func address(of endpoint: VPCEndpoint) -> (address: IPv4Address, exact: Bool)? {
        if let ip = inventory.interfaces(of: endpoint).lazy.compactMap(\.privateIP).first { return (ip, true) }
        let block = endpoint.subnetIDs.lazy.compactMap { self.inventory.subnet($0)?.cidr }.first
        return block.map { (IPv4Address($0.network.value &+ 4), false) }
    }

    // MARK: Peering

    func peeringCrossing(from vpcID: String, pcx: String, to address: IPv4Address, source: IPv4CIDR?) -> Crossing {
        let net = inventory.interconnect
        var hop = Hop(kind: .routeTarget, id: pcx, label: "VPC peering", detail: [], costPerGB: 0)
        func stop(_ reason: ComposedText, unknown: Bool = false) -> Crossing {
            hop.detail.append(unknown ? "not followed: unknown" : "blocked")
            return Crossing(stoppedAt: hop, reason, unknown: unknown)
        }
        guard net.knows(.peeringConnections) else {
            return stop("where \(pcx) leads is unknown: \(InterconnectKind.peeringConnections.notLoaded)", unknown: true)
        }
        guard let peering = net.peering(pcx) else {
            return stop("\(pcx) is not in the inventory's peering connections, so where it leads is unknown", unknown: true)
        }
        guard peering.isActive else { return stop("\(pcx) is \(peering.status), not active: it carries no traffic") }
        guard let peer = peering.peer(of: vpcID) else { return stop("\(pcx) does not connect \(vpcID) (it joins \(peering.requester.vpcID) and \(peering.accepter.vpcID))") }
        hop.detail.append("to \(inventory.displayName(peer.vpcID))")
        let place = [peer.ownerID.map { "account \($0)" }, peer.region].compactMap { $0 }
        if !place.isEmpty { hop.detail.append(ComposedText(joining: place)) }
        let peerBlocks = peer.cidrs.isEmpty ? (inventory.vpc(peer.vpcID)?.cidrs ?? []) : peer.cidrs
        if peerBlocks.isEmpty {
            return stop("whether \(address) is in \(peer.vpcID) is unknown: the peering answer does not list its CIDRs", unknown: true)
        }
        guard peerBlocks.contains(where: { $0.contains(address) }) else {
            let blocks = peerBlocks.map(\.description).joined(separator: ", ")
            return stop("peering is not transitive: \(address) is outside \(peer.vpcID) (\(blocks)); \(pcx) carries only traffic between the two VPCs, never on to the peer's NAT gateway, internet gateway, gateway endpoints or other peerings")
        }
        var notes: [ComposedText] = []
        if let source, let back = returnRoute(in: peer.vpcID, toward: address, back: source, via: .peering(pcx)) {
            if let blocked = back.blocked { return stop(blocked) }
            if let unknown = back.unknown { notes.append(unknown) }
        }
        return Crossing(hops: [hop], arrivesIn: peer.vpcID, blocked: nil, unknown: nil, notes: notes)
    }

    // MARK: Transit gateway

    func transitGatewayCrossing(from vpcID: String, tgw: String, to address: IPv4Address, source: IPv4CIDR?,
                                memo: ResolverMemo? = nil) -> Crossing {
        let net = inventory.interconnect
        let departureKey = ResolverMemo.DepartureKey(vpc: vpcID, tgw: tgw)
        let departure: TransitGatewayDeparture
        if let known = memo?.departures[departureKey] {
            departure = known
        } else {
            departure = self.departure(from: vpcID, tgw: tgw)
            memo?.departures[departureKey] = departure
        }
        let attachment: TransitGatewayAttachment, table: TransitGatewayRouteTable
        var hop: Hop
        switch departure {
        case .stopped(let crossing): return crossing
        case .onward(let a, let t, let h): (attachment, table, hop) = (a, t, h)
        }
        func stop(_ reason: ComposedText, unknown: Bool = false) -> Crossing { Crossing(stoppedAt: hop, reason, unknown: unknown) }
        guard table.routes != nil else {
            return stop("the routes of \(table.id) are not loaded (aws ec2 search-transit-gateway-routes): where \(tgw) sends \(address) is unknown", unknown: true)
        }
        guard let route = net.route(in: table, for: address) else {
            let destinationVPC = vpc(holding: address, near: vpcID)
            var reason: ComposedText = "\(table.id) has no route to \(address)"
            if let destinationVPC, let theirs = net.attachment(of: destinationVPC.id, to: tgw) {
                if let propagations = table.propagations, !propagations.contains(theirs.id) {
                    reason += ": \(theirs.id) (\(inventory.displayName(destinationVPC.id))) does not propagate into it, and no static route covers it"
                }
            } else if let destinationVPC {
                reason += ": \(destinationVPC.id) has no attachment to \(tgw)"
            }
            hop.detail.append("no route to \(address)")
            return stop(reason)
        }
        // From here on the address matters only through the route and the subnet it lands in: what
        // follows is the same for every address they share (a spoke's services at the hub's ENIs).
        let hubSubnet = route.attachmentIDs.first.flatMap { net.attachment($0) }.flatMap { inventory.subnetIndex(in: $0.resourceID, holding: address) }
        let key = ResolverMemo.CrossingKey(attachment: attachment.id, table: table.id, route: route.destination, source: source, subnet: hubSubnet)
        if let known = memo?.crossings[key] { return known }
        let crossing = transitGatewayCrossing(attachment, table, route, hop, in: hubSubnet.map { inventory.subnets[$0] }, source: source)
        memo?.crossings[key] = crossing
        return crossing
    }

    /// How traffic from a VPC enters a transit gateway: by its attachment, routed by the TGW route
    /// table the attachment is associated with; or why it does not. The same for every address.
    func departure(from vpcID: String, tgw: String) -> TransitGatewayDeparture {
        let net = inventory.interconnect
        var hop = Hop(kind: .routeTarget, id: tgw, label: "Transit gateway", detail: [], costPerGB: prices.transitGatewayPerGB)
        func stop(_ reason: ComposedText, unknown: Bool = false) -> TransitGatewayDeparture {
            .stopped(Crossing(stoppedAt: hop, reason, unknown: unknown))
        }
        guard net.knows(.transitGatewayAttachments) else {
            return stop("where \(tgw) sends the traffic is unknown: \(InterconnectKind.transitGatewayAttachments.notLoaded)", unknown: true)
        }
        guard let attachment = net.attachment(of: vpcID, to: tgw) else {
            return stop("\(vpcID) has no attachment to \(tgw): the route leads nowhere")
        }
        guard attachment.isAvailable else { return stop("\(attachment.id) is \(attachment.state), not available") }
        switch associatedTable(of: attachment) {
        case .table(let table):
            hop.detail.append("\(attachment.id) -> \(table.id)")
            return .onward(attachment, table, hop)
        case .none(let reason): return stop(reason)
        case .unknown(let reason): return stop(reason, unknown: true)
        }
    }

    /// The rest of `transitGatewayCrossing`, from the TGW route the address takes (`hop` says how
    /// it got there): on to the attachment the route sends to, and the way back.
    private func transitGatewayCrossing(_ attachment: TransitGatewayAttachment, _ table: TransitGatewayRouteTable, _ route: TransitGatewayRoute,
                                        _ hop: Hop, in hubSubnet: Subnet?, source: IPv4CIDR?) -> Crossing {
        let net = inventory.interconnect
        let tgw = attachment.transitGatewayID
        var hop = hop
        func stop(_ reason: ComposedText, unknown: Bool = false) -> Crossing { Crossing(stoppedAt: hop, reason, unknown: unknown) }
        hop.detail.append("\(route.destination) -> \(route.isBlackhole ? "blackhole" : route.attachmentIDs.joined(separator: ", ")) (\(route.type))")
        if route.isBlackhole { return stop("\(route.destination) is a blackhole route in \(table.id): the transit gateway drops the traffic") }
        guard let next = route.attachmentIDs.first.flatMap({ net.attachment($0) }) else {
            return stop("\(route.attachmentIDs.first ?? "the route's attachment") is not in the inventory: where \(tgw) sends it is unknown", unknown: true)
        }
        guard next.resourceType == .vpc else {
            return stop("\(route.destination) -> \(next.id): traffic leaves through a \(next.resourceType.title) attachment (\(next.resourceID)); vpcx does not follow it further", unknown: true)
        }
        hop.detail.append("to \(inventory.displayName(next.resourceID))")
        var notes: [ComposedText] = []
        if let source {
            // The way back: the destination attachment's table must route the source's block to the source attachment.
            switch associatedTable(of: next) {
            case .table(let theirs):
                if theirs.routes != nil {
                    let back = net.route(in: theirs, for: source.network)
                    if back == nil || back?.isBlackhole == true || back?.attachmentIDs.contains(attachment.id) == false {
                        return stop("missing return route: \(theirs.id) (associated with \(next.id)) does not send \(source) back to \(attachment.id)")
                    }
                } else {
                    notes.append("whether \(theirs.id) routes \(source) back is unknown: its routes are not loaded")
                }
            case .none(let reason): return stop("missing return route: \(reason)")
            case .unknown(let reason): notes.append("the way back is unknown: \(reason)")
            }
            if let back = returnRoute(in: next.resourceID, from: hubSubnet, back: source, via: .transitGateway(tgw)) {
                if let blocked = back.blocked { return stop(blocked) }
                if let unknown = back.unknown { notes.append(unknown) }
            }
        }
        return Crossing(hops: [hop], arrivesIn: next.resourceID, blocked: nil, unknown: nil, notes: notes)
    }

    enum AssociatedTable {
        case table(TransitGatewayRouteTable)
        case none(ComposedText)
        case unknown(ComposedText)
    }

    /// The TGW route table an attachment's traffic is routed by.
    func associatedTable(of attachment: TransitGatewayAttachment) -> AssociatedTable {
        let net = inventory.interconnect
        var tableID = attachment.associatedRouteTableID
        if tableID == nil {
            tableID = net.contents.tgwRouteTables.first { $0.associations?.contains(attachment.id) == true }?.id
        }
        guard let tableID else {
            if attachment.associationKnown || net.contents.tgwRouteTables.contains(where: { $0.transitGatewayID == attachment.transitGatewayID && $0.associations != nil }) {
                return .none("\(attachment.id) is associated with no TGW route table: the transit gateway drops its traffic")
            }
            return .unknown("which TGW route table \(attachment.id) is associated with is unknown (aws ec2 describe-transit-gateway-attachments)")
        }
        guard let table = net.tgwRouteTable(tableID) else {
            return .unknown("\(tableID), which \(attachment.id) is associated with, is not loaded (aws ec2 describe-transit-gateway-route-tables)")
        }
        return .table(table)
    }

    /// The route back from the destination's subnet toward the source's block: must lead to the same
    /// transit gateway or peering. Nil when the destination's subnet or route table are not in the
    /// inventory (another account not collected): then nothing is said.
    func returnRoute(in vpcID: String, toward address: IPv4Address, back source: IPv4CIDR, via target: RouteTarget) -> (blocked: ComposedText?, unknown: ComposedText?)? {
        returnRoute(in: vpcID, from: inventory.subnetIndex(in: vpcID, holding: address).map { inventory.subnets[$0] }, back: source, via: target)
    }

    /// `returnRoute` from the destination's subnet that holds the address, when one does.
    func returnRoute(in vpcID: String, from subnet: Subnet?, back source: IPv4CIDR, via target: RouteTarget) -> (blocked: ComposedText?, unknown: ComposedText?)? {
        guard inventory.vpc(vpcID) != nil else {
            return (nil, "the way back is unknown: \(vpcID) is not in the inventory (another account or region not collected)")
        }
        guard let subnet, let table = inventory.routeTable(forSubnet: subnet.id) else {
            return inventory.knows(.routeTables, in: vpcID) ? nil : (nil, "the way back is unknown: \(ResourceKind.routeTables.notLoaded) for \(vpcID)")
        }
        let back = inventory.longestPrefixMatch(source.network, in: table)
        if let back, !back.isBlackhole, back.target == target { return (nil, nil) }
        let found = back.map { "sends it to \($0.target.id)\($0.isBlackhole ? " (blackhole)" : "")" } ?? "has no route for it"
        return ("missing return route: \(table.id) of \(subnet.name ?? subnet.id) in \(vpcID) \(found), not to \(target.id)", nil)
    }
}
