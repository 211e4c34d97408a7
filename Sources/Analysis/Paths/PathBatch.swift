import Model

/// The part of a path between its source hop and its service hop, and how it ends.
struct PathTail {
    var hops: [Hop] = []
    var notes: [ComposedText] = []
    var via: PathVia = .none
    var endpoint: String?
    var networkInterface: String?
    var crossAz = false
    var reachable = false
    /// Why the answer is not known (a kind not collected, a target not followed); nil when decided.
    var unknown: ComposedText?
    /// Whether the service hop is the private one (over the AWS network).
    var serviceIsPrivate = false
    /// Why traffic cannot enter the service hop, if it cannot.
    var serviceBlocked: ComposedText?

    /// A path that ends at a missing fact: a box that names it, never a blocked one.
    static func unknown(_ reason: ComposedText, hop: Hop) -> PathTail {
        PathTail(hops: [hop], notes: [reason], via: .unknown, unknown: reason)
    }
}

/// What every path from one subnet shares, whatever the service.
final class SubnetContext {
    let subnet: Subnet
    let table: RouteTable?
    let tableIsMain: Bool
    /// Why the subnet's route table is not known, when it is not (nil with a table, and nil is never
    /// taken as "no route").
    var tableUnknown: ComposedText?
    let source: Hop
    /// Rule 3 for this subnet (or the missing route table): the tail of every `without`, and of every
    /// path with endpoints that no endpoint rule takes. Made on first use (`PathBatch.defaultTail`):
    /// a rule that reads only paths to endpoints never needs it.
    var madeDefaultTail: PathTail?
    /// Prefix-list routes to gateway endpoints the inventory lacks, with the service each carries.
    var orphanGatewayRoutes: [(route: Route, listID: String, endpointID: String, service: String?)] = []
    /// Route-table hops toward ENIs by 1 + the index of the route they show (0: no route), built once.
    var routeHops: [Hop?] = []
    /// Where interface endpoints' ENIs are for a caller in this subnet's AZ.
    var placements: AZPlacements

    init(subnet: Subnet, table: RouteTable?, tableIsMain: Bool, source: Hop, placements: AZPlacements) {
        self.subnet = subnet
        self.placements = placements
        self.table = table
        self.tableIsMain = tableIsMain
        self.source = source
    }
}

/// One VPC's endpoints for one service, and what paths to it say whatever the subnet.
/// A class: every path to the service from the VPC's subnets reads it, so it is shared, not copied.
final class VPCService {
    /// What rule 1 reads of each of the VPC's gateway endpoints for the service, in inventory order.
    var gateways: [GatewayFacts] = []
    /// Why interface endpoints are bypassed, in inventory order.
    var interfaceNotes: [ComposedText] = []
    /// The interface endpoint the SDK's hostname resolves to (index into `inventory.endpoints`).
    var chosen: Int?
    /// An interface endpoint that would be chosen but for the VPC's DNS attributes, which the sources
    /// do not hold: the answer hinges on them.
    var dnsUndecided: ComposedText?
    /// Whether the VPC's endpoints were collected at all (else every path with endpoints is unknown).
    var endpointsUnknown: ComposedText?
    /// What a private hosted zone or Resolver rule of the VPC answers for the service's hostname, when
    /// one covers it and no endpoint of the VPC's own is used (a hub's endpoint, NXDOMAIN, ...).
    var sharedAnswer: NameAnswer?
    let serviceName: String
    let privateHop: Hop
    let publicHop: Hop

    init(serviceName: String, privateHop: Hop, publicHop: Hop) {
        self.serviceName = serviceName
        self.privateHop = privateHop
        self.publicHop = publicHop
    }
}

/// What rule 1 reads of one gateway endpoint, worked out once per VPC and service rather than per
/// path (copying the whole endpoint and spelling its unknown-field key cost more than the rule).
struct GatewayFacts {
    let id: String
    let routeTableIDs: [String]
    /// Why it carries no traffic (not available), or nil.
    let unavailable: ComposedText?
    /// Whether its State is missing from the describe-vpc-endpoints answer.
    let stateUnknown: Bool
}

/// Where an interface endpoint's ENI is for a caller in one AZ.
final class ENIPlacement {
    let eniID: String?
    let eniIP: IPv4Address?
    let crossAz: Bool
    let notes: [ComposedText]
    /// The interface-endpoint hop, not blocked.
    let hop: Hop

    init(eni: NetworkInterface?, crossAz: Bool, notes: [ComposedText], hop: Hop) {
        eniID = eni?.id
        eniIP = eni?.privateIP
        self.crossAz = crossAz
        self.notes = notes
        self.hop = hop
    }
}

/// The `ENIPlacement`s of one AZ, by endpoint index, filled in as paths need them.
final class AZPlacements {
    var byEndpoint: [ENIPlacement?]
    init(count: Int) { byEndpoint = Array(repeating: nil, count: count) }
}

/// Resolves a batch of paths over one inventory, sharing what pairs of subnet and service have in common.
/// The rules are DESIGN.md's "Path of a request"; the text they produce is the same whatever is shared.
final class PathBatch {
    let resolver: PathResolver
    var inventory: Inventory { resolver.inventory }

    /// The hop line that says a spec adds this endpoint (`vpcx INVENTORY SPEC`), so every diagram and
    /// `paths` output shows what is planned rather than what exists.
    func plannedDetail(_ endpointID: String) -> [ComposedText] {
        inventory.contents.planned.contains(endpointID) ? ["planned: the spec adds it"] : []
    }
    private var vpcServices: [String: [String: VPCService]] = [:]
    /// `vpcServices(_:_:)` of this batch's one list of services, by VPC ID.
    private var servicesByVPC: [String: [VPCService]] = [:]
    /// Per endpoint: its ENIs and AZs (`Inventory.interfaces(of:)`, `availabilityZones(of:)`).
    private var endpointENIs: [Int: (interfaces: [NetworkInterface], zones: [String])] = [:]
    private var placements: [String?: AZPlacements] = [:]
    /// Service hops (private, public) by region and service: they name only those.
    private var serviceHops: [String: (private: Hop, public: Hop)] = [:]
    /// What follows a NAT gateway (rule 3), by NAT ID: the same for every subnet that routes to it.
    private var natTails: [String: PathTail] = [:]
    /// Per interface endpoint: the CIDRs its security groups allow TCP 443 from (empty: ask HTTPSReach).
    private var httpsCIDRs: [[IPv4CIDR]?] = []
    /// What a VPC's private zones and Resolver rules answer for a hostname, by VPC ID and hostname:
    /// a rule that asks before reading the paths (centralised-endpoint-unreachable) asks once.
    private var nameAnswers: [String: [String: NameAnswer?]] = [:]
    /// Crossings and zone answers already worked out (`ResolverMemo`).
    let memo = ResolverMemo()

    init(_ resolver: PathResolver) { self.resolver = resolver }

    /// `PathResolver.nameAnswer`, worked out once per VPC and hostname in this batch.
    func nameAnswer(_ hostname: String, in vpcID: String) -> NameAnswer? {
        if let known = nameAnswers[vpcID]?[hostname] { return known }
        let answer = resolver.nameAnswer(hostname, in: vpcID, memo: memo)
        nameAnswers[vpcID, default: [:]][hostname] = .some(answer)
        return answer
    }

    // MARK: Paths

    func path(_ context: SubnetContext, _ service: String, withWithout: Bool) -> RequestPath {
        path(context, service, vpcService(context.subnet.vpcID, service), withWithout: withWithout)
    }

    func path(_ context: SubnetContext, _ service: String, _ info: VPCService, withWithout: Bool) -> RequestPath {
        let without = withWithout ? assemble(context, service, info, defaultTail(context), without: nil) : nil
        return assemble(context, service, info, withTail(context, service, info), without: consume without)
    }

    func withoutPath(_ context: SubnetContext, _ service: String) -> RequestPath {
        assemble(context, service, vpcService(context.subnet.vpcID, service), defaultTail(context), without: nil)
    }

    private func assemble(_ context: SubnetContext, _ service: String, _ info: VPCService, _ tail: PathTail,
                          without: consuming RequestPath?) -> RequestPath {
        var hops: [Hop] = []
        hops.reserveCapacity(tail.hops.count + 2)
        hops.append(context.source)
        hops.append(contentsOf: tail.hops)
        var last = tail.serviceIsPrivate ? info.privateHop : info.publicHop
        if tail.via == .unknown {
            // Neither the private nor the public side: which one is what is not known.
            last.label = ServiceCatalog.displayName(service)
            last.detail = ["reached how: unknown"]
        }
        if let blocked = tail.serviceBlocked { last.blocked = blocked }
        hops.append(last)
        let subnet = context.subnet
        return RequestPath(vpc: subnet.vpcID, subnet: subnet.id, subnetName: subnet.name, az: subnet.availabilityZone,
                           routeTable: context.table?.id, service: service, serviceName: info.serviceName,
                           via: tail.via, endpoint: tail.endpoint, networkInterface: tail.networkInterface,
                           crossAz: tail.crossAz, reachable: tail.reachable, unknown: tail.unknown,
                           addressFamily: subnet.addressFamily, hops: hops, notes: tail.notes,
                           costPerGB: hops.reduce(0) { $0 + $1.costPerGB }, without: consume without)
    }

    /// The rules in order with the VPC's endpoints: gateway endpoint, interface endpoint, the route table.
    /// A missing fact makes the path unknown only where it decides the answer: without route tables an
    /// interface endpoint still decides (it needs only the local route), a gateway endpoint does not.
    private func withTail(_ context: SubnetContext, _ service: String, _ info: VPCService) -> PathTail {
        if let reason = info.endpointsUnknown {
            return .unknown(reason, hop: Hop(kind: .unknown, id: "vpc-endpoints", label: "VPC endpoints", detail: ["not collected"]))
        }
        var notes: [ComposedText] = []
        if let table = context.table {
            if !info.gateways.isEmpty || !context.orphanGatewayRoutes.isEmpty,
               let tail = gatewayTail(context, table, service, info, notes: &notes) { return tail }
        } else if let reason = context.tableUnknown, let gateway = info.gateways.first(where: { $0.unavailable == nil }) {
            // Rule 1 hinges on the subnet's route table carrying the gateway endpoint's route.
            let why: ComposedText = "whether \(gateway.id) (\(service) gateway endpoint) serves \(context.subnet.id) is unknown: \(reason)"
            return .unknown(why, hop: unknownTableHop(reason))
        }
        notes.append(contentsOf: info.interfaceNotes)
        if let chosen = info.chosen { return interfaceTail(context, context.table, service, chosen, notes: notes) }
        if let answer = info.sharedAnswer, let tail = sharedTail(context, service, answer, notes: notes) { return tail }
        if let undecided = info.dnsUndecided {
            var tail = PathTail.unknown(undecided, hop: Hop(kind: .unknown, id: context.subnet.vpcID, label: "VPC DNS attributes",
                                                            detail: ["not collected"]))
            tail.notes = notes + tail.notes
            return tail
        }
        if notes.isEmpty { return defaultTail(context) }
        var tail = defaultTail(context)
        tail.notes = notes + tail.notes
        return tail
    }

    // MARK: Subnets

    /// The subnet's rule 3 tail (`SubnetContext.madeDefaultTail`), made once.
    func defaultTail(_ context: SubnetContext) -> PathTail {
        if let made = context.madeDefaultTail { return made }
        // With no table the tail was made with the context, so here there is one.
        guard let table = context.table else { return PathTail() }
        let tail = defaultRouteTail(context, table: table)
        context.madeDefaultTail = tail
        return tail
    }

    func context(for subnet: Subnet) -> SubnetContext {
        let table = inventory.routeTable(forSubnet: subnet.id)
        let isMain = table.map { table in
            inventory.mainRouteTable[table.vpcID].map { inventory.routeTables[$0].id == table.id } ?? false
        } ?? false
        let placements: AZPlacements
        if let known = self.placements[subnet.availabilityZone] {
            placements = known
        } else {
            placements = AZPlacements(count: inventory.endpoints.count)
            self.placements[subnet.availabilityZone] = placements
        }
        let context = SubnetContext(subnet: subnet, table: table, tableIsMain: isMain, source: resolver.sourceHop(subnet),
                                    placements: placements)
        if let table {
            for route in table.routes where !route.isBlackhole {
                guard case .prefixList(let listID) = route.destination, case .vpcEndpoint(let endpointID) = route.target,
                      inventory.endpoint(endpointID) == nil else { continue }
                context.orphanGatewayRoutes.append((route, listID, endpointID,
                                                    inventory.service(ofPrefixList: listID, target: route.target)))
            }
        } else {
            // Every VPC has a main route table: not finding one means it was not collected, not that there is none.
            let reason = inventory.knows(.routeTables, in: subnet.vpcID)
                ? "the route table of \(subnet.id) is not in the inventory (no association for it, and \(subnet.vpcID)'s main route table is missing)"
                : ComposedText(verbatim: ResourceKind.routeTables.notLoaded)
            context.tableUnknown = reason
            context.madeDefaultTail = .unknown(reason, hop: unknownTableHop(reason))
        }
        return context
    }

    func unknownTableHop(_ reason: ComposedText) -> Hop {
        Hop(kind: .unknown, id: "route-table", label: "Route table", detail: ["not collected"])
    }

    func routeTableHop(_ context: SubnetContext, _ table: RouteTable, route: ComposedText) -> Hop {
        Hop(kind: .routeTable, id: table.id, label: context.tableIsMain ? "Route table (main)" : "Route table", detail: [route])
    }

    // MARK: VPC and service

    func vpcService(_ vpcID: String, _ service: String) -> VPCService {
        if let known = vpcServices[vpcID]?[service] { return known }
        let made = makeVPCService(vpcID, service)
        vpcServices[vpcID, default: [:]][service] = made
        return made
    }

    /// `vpcService` for each of the services, in their order: looked up once per VPC, not once per path.
    func vpcServices(_ vpcID: String, _ services: [String]) -> [VPCService] {
        if let known = servicesByVPC[vpcID] { return known }
        let made = services.map { vpcService(vpcID, $0) }
        servicesByVPC[vpcID] = made
        return made
    }

    private func makeVPCService(_ vpcID: String, _ service: String) -> VPCService {
        let indices = resolver.endpointIndex[vpcID]?[service] ?? []
        let vpc = inventory.vpc(vpcID)
        let hopKey = (vpc?.region ?? resolver.region ?? "REGION") + "\u{0}" + service
        let hops: (private: Hop, public: Hop)
        if let known = serviceHops[hopKey] {
            hops = known
        } else {
            hops = (resolver.serviceHop(service, vpcID: vpcID, isPrivate: true),
                    resolver.serviceHop(service, vpcID: vpcID, isPrivate: false))
            serviceHops[hopKey] = hops
        }
        let info = VPCService(serviceName: resolver.fullName(service, vpcID: vpcID), privateHop: hops.private,
                              publicHop: hops.public)
        if !inventory.knows(.vpcEndpoints, in: vpcID) { info.endpointsUnknown = ComposedText(verbatim: ResourceKind.vpcEndpoints.notLoaded) }
        for i in indices where inventory.endpoints[i].kind == .gateway {
            let endpoint = inventory.endpoints[i]
            info.gateways.append(GatewayFacts(
                id: endpoint.id, routeTableIDs: endpoint.routeTableIDs,
                unavailable: endpoint.isAvailable ? nil
                    : "\(endpoint.id) (\(service) gateway endpoint) is \(endpoint.state), not available: it carries no traffic",
                stateUnknown: inventory.unknown(endpoint.id, "state") != nil))
        }
        for i in indices where inventory.endpoints[i].kind == .interface {
            let endpoint = inventory.endpoints[i]
            var reasons: [String] = []
            // Fields the answer left out are unknown, not "available" or "off".
            var unknownFields: [String] = []
            if inventory.unknown(endpoint.id, "state") != nil { unknownFields.append("its State") }
            else if !endpoint.isAvailable { reasons.append("it is \(endpoint.state), not available") }
            if inventory.unknown(endpoint.id, "privateDNSEnabled") != nil { unknownFields.append("its PrivateDnsEnabled") }
            else if !endpoint.privateDNSEnabled { reasons.append("its private DNS is off") }
            var unknownAttributes: [String] = []
            for (name, value) in [("enableDnsSupport", vpc?.enableDnsSupport), ("enableDnsHostnames", vpc?.enableDnsHostnames)] {
                switch value {
                case true?: break
                case false?: reasons.append("\(vpcID) has \(name) off")
                case nil: unknownAttributes.append(name)
                }
            }
            if reasons.isEmpty && !(unknownAttributes.isEmpty && unknownFields.isEmpty) {
                // Whether the SDK's hostname resolves to this endpoint hangs on facts the sources lack.
                if info.chosen == nil && info.dnsUndecided == nil {
                    var missing = unknownFields.isEmpty ? [] : [unknownFields.joined(separator: " and ") + " not in the describe-vpc-endpoints answer"]
                    if !unknownAttributes.isEmpty {
                        missing.append("\(vpcID)'s \(unknownAttributes.joined(separator: " and ")) not loaded (aws ec2 describe-vpc-attribute)")
                    }
                    info.dnsUndecided = "whether \(endpoint.id) (\(service)) is used is unknown: \(missing.joined(separator: "; "))"
                }
            } else if reasons.isEmpty {
                if info.chosen == nil { info.chosen = i }
            } else {
                info.interfaceNotes.append("\(endpoint.id) (\(service)) is bypassed: \(reasons.joined(separator: "; ")); the SDK's default hostname resolves to public IPs")
            }
        }
        if info.chosen == nil && info.dnsUndecided == nil && !inventory.interconnect.isEmpty {
            info.sharedAnswer = nameAnswer(ServiceCatalog.hostname(service, region: vpc?.region ?? resolver.region), in: vpcID)
        }
        return info
    }

    // MARK: Rule 1: a gateway endpoint for the service on the subnet's route table

    private func gatewayTail(_ context: SubnetContext, _ table: RouteTable, _ service: String, _ info: VPCService,
                             notes: inout [ComposedText]) -> PathTail? {
        for endpoint in info.gateways {
            if let unavailable = endpoint.unavailable {
                notes.append(unavailable)
                continue
            }
            let route = table.routes.first { route in
                guard case .prefixList = route.destination, route.target == .vpcEndpoint(endpoint.id) else { return false }
                return !route.isBlackhole
            }
            guard route != nil || endpoint.routeTableIDs.contains(table.id) else {
                let subnet = context.subnet
                notes.append("\(endpoint.id) (\(service) gateway endpoint) is not associated with \(table.id), the route table of \(subnet.name ?? subnet.id)")
                continue
            }
            if endpoint.stateUnknown {
                let reason: ComposedText = "whether \(endpoint.id) (\(service) gateway endpoint) is available is unknown: its State is not in the describe-vpc-endpoints answer"
                return PathTail(hops: [routeTableHop(context, table, route: "\(service) prefix list -> \(endpoint.id)")], notes: notes + [reason],
                                via: .unknown, unknown: reason)
            }
            return gatewayTail(context, endpointID: endpoint.id, service, route: route, table: table, notes: notes)
        }
        // A prefix-list route whose endpoint the inventory lacks: the route itself says the endpoint
        // exists (AWS adds it), and describe-prefix-lists says which service it carries.
        for orphan in context.orphanGatewayRoutes where orphan.service == service {
            notes.append("\(orphan.endpointID) is not in the inventory; its route \(orphan.listID) (\(service)) in \(table.id) says it exists")
            return gatewayTail(context, endpointID: orphan.endpointID, service, route: orphan.route, table: table, notes: notes)
        }
        return nil
    }

    private func gatewayTail(_ context: SubnetContext, endpointID: String, _ service: String, route: Route?,
                             table: RouteTable, notes: [ComposedText]) -> PathTail {
        let routeText: ComposedText
        if let route, case .prefixList(let listID) = route.destination {
            routeText = "\(listID) (\(service)) -> \(endpointID)"
        } else {
            let listID = inventory.prefixLists.first { $0.service == service }?.id ?? "\(service) prefix list"
            routeText = "\(listID) (\(service)) -> \(endpointID)"
        }
        let gateway = Hop(kind: .gatewayEndpoint, id: endpointID, label: "\(ServiceCatalog.displayName(service)) gateway endpoint",
                          detail: plannedDetail(endpointID) + ["routes by prefix list"], costPerGB: resolver.prices.gatewayEndpointPerGB)
        return PathTail(hops: [routeTableHop(context, table, route: routeText), gateway], notes: notes,
                        via: .gatewayEndpoint, endpoint: endpointID, reachable: true, serviceIsPrivate: true)
    }

    // MARK: Rule 2: an interface endpoint that the SDK's default hostname resolves to

    func interfaceTail(_ context: SubnetContext, _ table: RouteTable?, _ service: String, _ index: Int,
                               notes: [ComposedText]) -> PathTail {
        let subnet = context.subnet
        let placement = self.placement(index, service, context)
        let endpointID = placement.hop.id
        var notes = notes
        notes.append(contentsOf: placement.notes)

        var blocked: ComposedText?
        var unknown: ComposedText?
        if subnet.addressFamily == .ipv6 {
            // An IPv6-only caller needs AAAA records and IPv6 addresses on the endpoint's ENIs.
            switch inventory.endpoints[index].ipAddressType {
            case "ipv6"?, "dualstack"?: break
            case nil: unknown = "whether \(endpointID) answers IPv6 is unknown: its IpAddressType is not in the inventory, and \(subnet.name ?? subnet.id) is IPv6-only"
            case let type?: blocked = "\(endpointID) has IpAddressType \(type): an IPv6-only subnet cannot reach it"
            }
        } else if let cidr = subnet.cidr {
            if !allowsHTTPS(index, from: cidr) {
                switch HTTPSReach.check(inventory.endpoints[index], from: cidr, in: inventory) {
                case .allowed: break
                case .unknown(let reason): notes.append("security group: \(reason); taken as reachable")
                case .blocked(let reason): blocked = ComposedText(verbatim: reason)
                case .notKnown: notes.append("the security groups of \(endpointID) are not in the inventory; taken as allowing TCP 443")
                }
            }
        } else {
            notes.append("\(subnet.id)'s CIDR is unknown, so whether \(endpointID)'s security groups allow it is unknown; taken as reachable")
        }
        if let blocked { notes.append("blocked: \(blocked)") }
        if let unknown { notes.append(unknown) }

        var hop = placement.hop
        hop.blocked = blocked
        return PathTail(hops: [localRouteHop(context, table, eniIP: placement.eniIP), hop], notes: notes,
                        via: .interfaceEndpoint, endpoint: endpointID, networkInterface: placement.eniID,
                        crossAz: placement.crossAz, reachable: blocked == nil, unknown: unknown, serviceIsPrivate: true)
    }

    /// The route-table hop toward an ENI: the route its address matches, else the table's local route.
    /// With the table unknown, its local route: every route table has one for the VPC's own range.
    private func localRouteHop(_ context: SubnetContext, _ table: RouteTable?, eniIP: IPv4Address?) -> Hop {
        guard let table else {
            return Hop(kind: .routeTable, id: "local", label: "Route table",
                       detail: ["local route (the VPC's own range; the table itself was not collected)"])
        }
        var index = eniIP.flatMap { Inventory.longestPrefixMatchIndex($0, in: table) }
        if index == nil { index = table.routes.firstIndex { $0.target == .local } }
        return routeHop(context, table, index: index)
    }

    /// The route-table hop showing route `index` of the subnet's table (nil: its local route), made
    /// once per subnet: every path toward ENIs by that route shows the same hop.
    func routeHop(_ context: SubnetContext, _ table: RouteTable, index: Int?) -> Hop {
        let key = index.map { $0 + 1 } ?? 0
        if context.routeHops.isEmpty { context.routeHops = Array(repeating: nil, count: table.routes.count + 1) }
        if let known = context.routeHops[key] { return known }
        let text = index.map { resolver.routeText(table.routes[$0]) } ?? "local route (the VPC's own range)"
        let hop = routeTableHop(context, table, route: text)
        context.routeHops[key] = hop
        return hop
    }

    /// Whether a rule of the endpoint's security groups allows TCP 443 from the block (HTTPSReach's
    /// `.allowed`), from the endpoint's allowed blocks gathered once per batch; `HTTPSReach.check`
    /// then needs asking only when this says no, for why.
    func allowsHTTPS(_ index: Int, from source: IPv4CIDR) -> Bool {
        let cidrs: [IPv4CIDR]
        if httpsCIDRs.isEmpty { httpsCIDRs = Array(repeating: nil, count: inventory.endpoints.count) }
        if let known = httpsCIDRs[index] {
            cidrs = known
        } else {
            var found: [IPv4CIDR] = []
            let endpoint = inventory.endpoints[index]
            if inventory.knows(.securityGroups) {
                for group in endpoint.securityGroupIDs.compactMap({ inventory.securityGroup($0) }) {
                    for rule in group.ingress where rule.coversTCP(port: 443) { found += rule.cidrs }
                }
            }
            httpsCIDRs[index] = found
            cidrs = found
        }
        return cidrs.contains { $0.contains(source) }
    }

    private func enis(_ index: Int) -> (interfaces: [NetworkInterface], zones: [String]) {
        if let known = endpointENIs[index] { return known }
        let endpoint = inventory.endpoints[index]
        // `Inventory.availabilityZones(of:)`, without looking the ENIs up twice.
        let interfaces = inventory.interfaces(of: endpoint)
        var zones = Set(interfaces.compactMap(\.availabilityZone))
        if zones.isEmpty { zones = Set(endpoint.subnetIDs.compactMap { inventory.subnet($0)?.availabilityZone }) }
        let made = (interfaces, zones.sorted())
        endpointENIs[index] = made
        return made
    }

    /// The private hosted zone is VPC-wide: with no ENI in the caller's AZ, DNS answers with another AZ's.
    func placement(_ index: Int, _ service: String, _ context: SubnetContext) -> ENIPlacement {
        if let known = context.placements.byEndpoint[index] { return known }
        let az = context.subnet.availabilityZone
        let endpoint = inventory.endpoints[index]
        let prices = resolver.prices
        let (interfaces, zones) = enis(index)
        var eni = interfaces.first { $0.availabilityZone != nil && $0.availabilityZone == az }
        var crossAz = false
        var eniAZ = az
        if eni == nil {
            if let az, zones.contains(az) {
                eniAZ = az
            } else {
                eni = interfaces.first
                eniAZ = eni?.availabilityZone ?? zones.first
                crossAz = eniAZ != nil
            }
        }
        var notes: [ComposedText] = []
        var detail: [ComposedText] = []
        if let eni { detail.append("ENI \(eni.id)") } else { notes.append("the ENIs of \(endpoint.id) are not in the inventory") }
        detail.append(ComposedText(joining: [eniAZ ?? "AZ unknown", eni?.privateIP?.description ?? "IP unknown"]))
        if crossAz {
            let from = az ?? "the subnet's AZ"
            notes.append("\(endpoint.id) has no ENI in \(from): DNS answers with its ENI in \(eniAZ ?? "another AZ"), and cross-AZ transfer adds \(PerGB.text(prices.crossAZPerGB))")
            detail.append("cross-AZ from \(from)")
        }
        let cost = prices.interfaceEndpointPerGB + (crossAz ? prices.crossAZPerGB : 0)
        let hop = Hop(kind: .interfaceEndpoint, id: endpoint.id, label: "\(ServiceCatalog.displayName(service)) interface endpoint",
                      detail: plannedDetail(endpoint.id) + detail, costPerGB: cost)
        let made = ENIPlacement(eni: eni, crossAz: crossAz, notes: notes, hop: hop)
        context.placements.byEndpoint[index] = made
        return made
    }

    // MARK: Rule 3: the route that covers the service's public addresses

    private func defaultRouteTail(_ context: SubnetContext, table: RouteTable) -> PathTail {
        let subnet = context.subnet
        func tableHop(_ text: ComposedText) -> Hop { routeTableHop(context, table, route: text) }
        var tail = PathTail()
        let ipv6Route = table.routes.first { $0.destination == .ipv6("::/0") }
        let route: Route?
        if subnet.addressFamily == .ipv6 {
            route = ipv6Route
        } else {
            route = inventory.longestPrefixMatch(PathResolver.publicServiceAddress, in: table)
            // A dual-stack subnet: the SDKs resolve IPv4 first, but say where IPv6 would go.
            if !subnet.ipv6CIDRs.isEmpty {
                tail.notes.append(ipv6Route.map { "follows IPv4 (the SDK prefers it); over IPv6 \(subnet.name ?? subnet.id) sends ::/0 to \($0.target.id)" }
                                  ?? "follows IPv4 (the SDK prefers it); \(table.id) has no ::/0 route for IPv6")
            }
        }
        let anywhere = subnet.addressFamily == .ipv6 ? "::/0" : "0.0.0.0/0"
        guard let route else {
            tail.hops.append(tableHop("no route to \(anywhere)"))
            let reason: ComposedText = "no route to the internet: \(table.id) has no \(anywhere) route"
            tail.serviceBlocked = reason
            tail.notes.append(reason)
            return tail
        }
        tail.hops.append(tableHop(resolver.routeText(route)))
        if route.isBlackhole {
            let reason: ComposedText = "\(route.destination) -> \(route.target.id) is a blackhole: its target no longer exists"
            tail.serviceBlocked = reason
            tail.notes.append(reason)
            return tail
        }
        switch route.target {
        case .natGateway(let natID):
            let nat: PathTail
            if let known = natTails[natID] {
                nat = known
            } else {
                nat = natTail(natID, vpcID: subnet.vpcID)
                natTails[natID] = nat
            }
            tail.hops.append(contentsOf: nat.hops)
            tail.notes.append(contentsOf: nat.notes)
            tail.via = nat.via
            tail.reachable = nat.reachable
            tail.unknown = nat.unknown
            tail.serviceBlocked = nat.serviceBlocked
        case .internetGateway(let igwID):
            tail.hops.append(resolver.internetGatewayHop(igwID, detail: []))
            tail.via = .internetGateway
            tail.reachable = true
            if !subnet.mapPublicIPOnLaunch && subnet.addressFamily == .ipv4 {
                tail.notes.append("\(subnet.name ?? subnet.id) routes to an internet gateway: its instances need a public IP to use it")
            }
        case .egressOnlyInternetGateway(let id) where subnet.addressFamily == .ipv6:
            tail.hops.append(Hop(kind: .internetGateway, id: id, label: "Egress-only internet gateway",
                                 detail: ["IPv6, outbound only"], costPerGB: 0))
            tail.via = .egressOnlyInternetGateway
            tail.reachable = true
        case .transitGateway, .peering:
            // Without any transit gateway or peering facts, say where the traffic goes and stop there.
            if inventory.interconnect.isEmpty { tail.append(notFollowed: route.target, destination: route.destination) }
            else { tail = egressTail(context, route: route, tail: tail) }
        default:
            tail.append(notFollowed: route.target, destination: route.destination)
        }
        return tail
    }

    /// The hops from a NAT gateway on, and the notes about them.
    func natTail(_ natID: String, vpcID: String) -> PathTail {
        var tail = PathTail()
        let prices = resolver.prices
        tail.via = .natGateway
        guard let nat = inventory.natGateway(natID) else {
            let reason: ComposedText = inventory.knows(.natGateways, in: vpcID)
                ? "\(natID) is not in the inventory, so whether it reaches the internet is unknown"
                : "whether \(natID) reaches the internet is unknown: \(ResourceKind.natGateways.notLoaded)"
            tail.hops.append(Hop(kind: .natGateway, id: natID, label: "NAT gateway", detail: ["not collected"],
                                 costPerGB: prices.natGatewayPerGB))
            tail.notes.append(reason)
            tail.unknown = reason
            return tail
        }
        let home = inventory.subnet(nat.subnetID)
        let homeText = ComposedText(verbatim: "in " + (home?.name ?? nat.subnetID) + (home?.availabilityZone.map { " (\($0))" } ?? ""))
        guard nat.isAvailable else {
            let reason: ComposedText = "\(nat.id) is \(nat.state), not available"
            tail.hops.append(Hop(kind: .natGateway, id: nat.id, label: "NAT gateway", detail: [homeText],
                                 costPerGB: prices.natGatewayPerGB, blocked: reason))
            tail.notes.append(reason)
            return tail
        }
        tail.hops.append(Hop(kind: .natGateway, id: nat.id, label: "NAT gateway", detail: [homeText], costPerGB: prices.natGatewayPerGB))
        if nat.connectivityType.lowercased() == "private" {
            // A private NAT sends on by its subnet's routes (a transit gateway, a VGW), never to the internet directly.
            let reason: ComposedText = "\(nat.id) is a private NAT gateway: it cannot reach the internet"
            tail.serviceBlocked = reason
            tail.notes.append(reason)
            return tail
        }
        let place = home?.name ?? nat.subnetID
        guard let homeTable = inventory.routeTable(forSubnet: nat.subnetID) else {
            let reason: ComposedText = "whether \(nat.id) reaches the internet is unknown: the route table of its subnet \(place) is not in the inventory"
            tail.notes.append(reason)
            tail.unknown = reason
            return tail
        }
        let onward = inventory.longestPrefixMatch(PathResolver.publicServiceAddress, in: homeTable)
        if let onward, !onward.isBlackhole {
            if case .internetGateway(let igwID) = onward.target {
                tail.hops.append(resolver.internetGatewayHop(igwID, detail: ["via \(homeTable.id)"]))
                tail.reachable = true
                return tail
            }
            // Centralised egress: the NAT's subnet sends on to a transit gateway or a firewall.
            tail.append(notFollowed: onward.target, destination: onward.destination, via: .natGateway)
            return tail
        }
        let reason: ComposedText
        if let onward {
            reason = "\(nat.id)'s subnet \(place) sends 0.0.0.0/0 to \(onward.target.id) (blackhole), not to an internet gateway"
        } else {
            reason = "\(nat.id)'s subnet \(place) has no route to an internet gateway"
        }
        tail.serviceBlocked = reason
        tail.notes.append(reason)
        return tail
    }
}

extension PathTail {
    /// Ends the path at a route target vpcx does not follow: where the traffic goes is said, whether
    /// it arrives is unknown (not "no route"). `via` stays what led there when given (a NAT gateway).
    mutating func append(notFollowed target: RouteTarget, destination: RouteDestination, via: PathVia? = nil) {
        let title = target.title
        let reason: ComposedText = "\(destination) -> \(target.id): traffic goes to a \(title); vpcx does not follow it further"
        hops.append(Hop(kind: .routeTarget, id: target.id, label: title.prefix(1).uppercased() + title.dropFirst(),
                        detail: ["not followed further"]))
        notes.append(reason)
        self.via = via ?? PathVia.notFollowed(target)
        unknown = reason
    }
}
