import Model

/// Works out `RequestPath`s over one inventory (DESIGN.md, "Path of a request").
/// Build it once per inventory: it indexes the endpoints of every VPC by service, so resolving all
/// subnets to all services stays linear in their number.
public struct PathResolver: Sendable {
    public let inventory: Inventory
    public let prices: PriceTable
    /// VPC ID → short service name → indices into `inventory.endpoints`, inventory order.
    let endpointIndex: [String: [String: [Int]]]
    let region: String?

    /// A stand-in for a service's public addresses (an AWS range): the route that covers it is the
    /// route to "the internet", so a route more specific than `0.0.0.0/0` that covers it wins.
    public static let publicServiceAddress = IPv4Address(52 << 24 | 94 << 16 | 0 << 8 | 1)

    public init(inventory: Inventory, prices: PriceTable = .listPrices) {
        self.inventory = inventory
        self.prices = prices
        var index: [String: [String: [Int]]] = [:]
        for (i, endpoint) in inventory.endpoints.enumerated() {
            index[endpoint.vpcID, default: [:]][endpoint.service, default: []].append(i)
        }
        endpointIndex = index
        region = inventory.region
    }

    /// The services that have an endpoint in a VPC (every VPC when nil), sorted.
    public func servicesWithEndpoints(in vpcID: String? = nil) -> [String] {
        var services = Set<String>()
        for (vpc, byService) in endpointIndex where vpcID == nil || vpc == vpcID {
            services.formUnion(byService.keys)
        }
        return services.sorted()
    }

    /// Every request from the subnets to the services, subnet by subnet in the given orders.
    public func paths(from subnetIDs: [String], services: [String]) -> [RequestPath] {
        var result: [RequestPath] = []
        result.reserveCapacity(subnetIDs.count * services.count)
        for subnet in subnetIDs {
            for service in services { result.append(path(from: subnet, to: service)) }
        }
        return result
    }

    /// Where a request from a subnet to a service goes, with `without` filled in.
    public func path(from subnetID: String, to service: String) -> RequestPath {
        let service = ServiceCatalog.normalise(service)
        guard let subnet = inventory.subnet(subnetID) else {
            return RequestPath(vpc: "", subnet: subnetID, subnetName: nil, az: nil, routeTable: nil, service: service,
                               serviceName: fullName(service, vpcID: nil), via: .none, reachable: false,
                               hops: [Hop(kind: .source, id: subnetID, label: "Subnet", detail: ["not in the inventory"],
                                          blocked: "\(subnetID) is not in the inventory")],
                               notes: ["\(subnetID) is not in the inventory"], costPerGB: 0)
        }
        var path = resolve(subnet, service, useEndpoints: true)
        path.without = resolve(subnet, service, useEndpoints: false)
        return path
    }

    // MARK: Resolution

    /// What a resolution step collects before it becomes a `RequestPath`.
    struct Draft {
        var hops: [Hop]
        var notes: [String] = []
        var via: PathVia = .none
        var endpoint: String?
        var networkInterface: String?
        var crossAz = false
        var reachable = false
    }

    func fullName(_ service: String, vpcID: String?) -> String {
        if let vpcID, let first = endpointIndex[vpcID]?[service]?.first { return inventory.endpoints[first].serviceName }
        let region = vpcID.flatMap { inventory.vpc($0)?.region } ?? region ?? "REGION"
        return ServiceName.full(service, region: region)
    }

    func resolve(_ subnet: Subnet, _ service: String, useEndpoints: Bool) -> RequestPath {
        let vpcID = subnet.vpcID
        let table = inventory.routeTable(forSubnet: subnet.id)
        var draft = Draft(hops: [sourceHop(subnet)])
        if let table {
            resolve(subnet, service, table: table, useEndpoints: useEndpoints, into: &draft)
        } else {
            let reason = "no route table: \(subnet.id) has no association and \(vpcID) no known main route table"
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
            draft.notes.append(reason)
        }
        return RequestPath(vpc: vpcID, subnet: subnet.id, subnetName: subnet.name, az: subnet.availabilityZone,
                           routeTable: table?.id, service: service, serviceName: fullName(service, vpcID: vpcID),
                           via: draft.via, endpoint: draft.endpoint, networkInterface: draft.networkInterface,
                           crossAz: draft.crossAz, reachable: draft.reachable, hops: draft.hops, notes: draft.notes,
                           costPerGB: draft.hops.reduce(0) { $0 + $1.costPerGB })
    }

    func resolve(_ subnet: Subnet, _ service: String, table: RouteTable, useEndpoints: Bool, into draft: inout Draft) {
        let candidates = useEndpoints ? (endpointIndex[subnet.vpcID]?[service] ?? []).map { inventory.endpoints[$0] } : []
        if useEndpoints, gatewayRule(subnet, service, table: table, candidates: candidates, into: &draft) { return }
        if interfaceRule(subnet, service, table: table, candidates: candidates, into: &draft) { return }
        defaultRouteRule(subnet, service, table: table, into: &draft)
    }

    // Rule 1: a gateway endpoint for the service on the subnet's route table.
    func gatewayRule(_ subnet: Subnet, _ service: String, table: RouteTable, candidates: [VPCEndpoint],
                     into draft: inout Draft) -> Bool {
        for endpoint in candidates where endpoint.kind == .gateway {
            guard endpoint.isAvailable else {
                draft.notes.append("\(endpoint.id) (\(service) gateway endpoint) is \(endpoint.state), not available: it carries no traffic")
                continue
            }
            let route = table.routes.first { route in
                guard case .prefixList = route.destination, route.target == .vpcEndpoint(endpoint.id) else { return false }
                return !route.isBlackhole
            }
            guard route != nil || endpoint.routeTableIDs.contains(table.id) else {
                draft.notes.append("\(endpoint.id) (\(service) gateway endpoint) is not associated with \(table.id), the route table of \(subnet.name ?? subnet.id)")
                continue
            }
            takeGateway(endpointID: endpoint.id, service, route: route, table: table, into: &draft)
            return true
        }
        // A prefix-list route whose endpoint the inventory lacks: the route itself says the endpoint
        // exists (AWS adds it), and describe-prefix-lists says which service it carries.
        for route in table.routes where !route.isBlackhole {
            guard case .prefixList(let listID) = route.destination, case .vpcEndpoint(let endpointID) = route.target,
                  inventory.endpoint(endpointID) == nil,
                  inventory.service(ofPrefixList: listID, target: route.target) == service else { continue }
            draft.notes.append("\(endpointID) is not in the inventory; its route \(listID) (\(service)) in \(table.id) says it exists")
            takeGateway(endpointID: endpointID, service, route: route, table: table, into: &draft)
            return true
        }
        return false
    }

    func takeGateway(endpointID: String, _ service: String, route: Route?, table: RouteTable, into draft: inout Draft) {
        let routeText: String
        if let route, case .prefixList(let listID) = route.destination {
            routeText = "\(listID) (\(service)) → \(endpointID)"
        } else {
            let listID = inventory.prefixLists.first { $0.service == service }?.id ?? "\(service) prefix list"
            routeText = "\(listID) (\(service)) → \(endpointID)"
        }
        draft.hops.append(routeTableHop(table, route: routeText))
        draft.hops.append(Hop(kind: .gatewayEndpoint, id: endpointID, label: "\(ServiceCatalog.displayName(service)) gateway endpoint",
                              detail: ["routes by prefix list"], costPerGB: prices.gatewayEndpointPerGB))
        draft.hops.append(serviceHop(service, vpcID: table.vpcID, isPrivate: true))
        draft.via = .gatewayEndpoint
        draft.endpoint = endpointID
        draft.reachable = true
    }

    // Rule 2: an interface endpoint that the SDK's default hostname resolves to.
    func interfaceRule(_ subnet: Subnet, _ service: String, table: RouteTable, candidates: [VPCEndpoint],
                       into draft: inout Draft) -> Bool {
        let vpc = inventory.vpc(subnet.vpcID)
        var chosen: VPCEndpoint?
        for endpoint in candidates where endpoint.kind == .interface {
            var reasons: [String] = []
            if !endpoint.isAvailable { reasons.append("it is \(endpoint.state), not available") }
            if !endpoint.privateDNSEnabled { reasons.append("its private DNS is off") }
            for (name, value) in [("enableDnsSupport", vpc?.enableDnsSupport), ("enableDnsHostnames", vpc?.enableDnsHostnames)] {
                switch value {
                case true?: break
                case false?: reasons.append("\(subnet.vpcID) has \(name) off")
                case nil: reasons.append("\(subnet.vpcID)'s \(name) is unknown (no describe-vpc-attribute answer)")
                }
            }
            if reasons.isEmpty {
                if chosen == nil { chosen = endpoint }
            } else {
                draft.notes.append("\(endpoint.id) (\(service)) is bypassed: \(reasons.joined(separator: "; ")); the SDK's default hostname resolves to public IPs")
            }
        }
        guard let endpoint = chosen else { return false }

        // The private hosted zone is VPC-wide: with no ENI in the caller's AZ, DNS answers with another AZ's.
        let interfaces = inventory.interfaces(of: endpoint)
        let zones = inventory.availabilityZones(of: endpoint)
        var eni = interfaces.first { $0.availabilityZone != nil && $0.availabilityZone == subnet.availabilityZone }
        var crossAz = false
        var eniAZ = subnet.availabilityZone
        if eni == nil {
            if let az = subnet.availabilityZone, zones.contains(az) {
                eniAZ = az
            } else {
                eni = interfaces.first
                eniAZ = eni?.availabilityZone ?? zones.first
                crossAz = eniAZ != nil
            }
        }
        var detail: [String] = []
        if let eni { detail.append("ENI \(eni.id)") } else { draft.notes.append("the ENIs of \(endpoint.id) are not in the inventory") }
        detail.append([eniAZ ?? "AZ unknown", eni?.privateIP?.description ?? "IP unknown"].joined(separator: " · "))
        if crossAz {
            let from = subnet.availabilityZone ?? "the subnet's AZ"
            draft.notes.append("\(endpoint.id) has no ENI in \(from): DNS answers with its ENI in \(eniAZ ?? "another AZ"), and cross-AZ transfer adds \(PerGB.text(prices.crossAZPerGB))")
            detail.append("cross-AZ from \(from)")
        }

        var blocked: String?
        if let cidr = subnet.cidr {
            switch HTTPSReach.check(endpoint, from: cidr, in: inventory) {
            case .allowed: break
            case .unknown(let reason): draft.notes.append("security group: \(reason); taken as reachable")
            case .blocked(let reason): blocked = reason
            case .notKnown: draft.notes.append("the security groups of \(endpoint.id) are not in the inventory; taken as allowing TCP 443")
            }
        } else {
            draft.notes.append("\(subnet.id)'s CIDR is unknown, so whether \(endpoint.id)'s security groups allow it is unknown; taken as reachable")
        }
        if let blocked { draft.notes.append("blocked: \(blocked)") }

        let localRoute = eni?.privateIP.flatMap { inventory.longestPrefixMatch($0, in: table) }
            ?? table.routes.first { $0.target == .local }
        draft.hops.append(routeTableHop(table, route: localRoute.map(routeText) ?? "local route (the VPC's own range)"))
        let cost = prices.interfaceEndpointPerGB + (crossAz ? prices.crossAZPerGB : 0)
        draft.hops.append(Hop(kind: .interfaceEndpoint, id: endpoint.id, label: "\(ServiceCatalog.displayName(service)) interface endpoint",
                              detail: detail, costPerGB: cost, blocked: blocked))
        draft.hops.append(serviceHop(service, vpcID: subnet.vpcID, isPrivate: true))
        draft.via = .interfaceEndpoint
        draft.endpoint = endpoint.id
        draft.networkInterface = eni?.id
        draft.crossAz = crossAz
        draft.reachable = blocked == nil
        return true
    }

    // Rule 3: the route that covers the service's public addresses.
    func defaultRouteRule(_ subnet: Subnet, _ service: String, table: RouteTable, into draft: inout Draft) {
        let vpcID = subnet.vpcID
        guard let route = inventory.longestPrefixMatch(Self.publicServiceAddress, in: table) else {
            draft.hops.append(routeTableHop(table, route: "no route to 0.0.0.0/0"))
            let reason = "no route to the internet: \(table.id) has no 0.0.0.0/0 route"
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
            draft.notes.append(reason)
            return
        }
        draft.hops.append(routeTableHop(table, route: routeText(route)))
        if route.isBlackhole {
            let reason = "\(route.destination) → \(route.target.id) is a blackhole: its target no longer exists"
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
            draft.notes.append(reason)
            return
        }
        switch route.target {
        case .natGateway(let natID):
            natPath(natID, service, vpcID: vpcID, into: &draft)
        case .internetGateway(let igwID):
            draft.hops.append(internetGatewayHop(igwID, detail: []))
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false))
            draft.via = .internetGateway
            draft.reachable = true
            if !subnet.mapPublicIPOnLaunch {
                draft.notes.append("\(subnet.name ?? subnet.id) routes to an internet gateway: its instances need a public IP to use it")
            }
        default:
            let reason = "\(route.destination) → \(route.target.id): vpcx cannot follow traffic beyond this VPC"
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
            draft.notes.append(reason)
        }
    }

    func natPath(_ natID: String, _ service: String, vpcID: String, into draft: inout Draft) {
        draft.via = .natGateway
        guard let nat = inventory.natGateway(natID) else {
            draft.hops.append(Hop(kind: .natGateway, id: natID, label: "NAT gateway", detail: ["not in the inventory"],
                                  costPerGB: prices.natGatewayPerGB))
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false))
            draft.notes.append("\(natID) is not in the inventory; taken as reaching the internet")
            draft.reachable = true
            return
        }
        let home = inventory.subnet(nat.subnetID)
        let homeText = "in " + (home?.name ?? nat.subnetID) + (home?.availabilityZone.map { " (\($0))" } ?? "")
        guard nat.isAvailable else {
            let reason = "\(nat.id) is \(nat.state), not available"
            draft.hops.append(Hop(kind: .natGateway, id: nat.id, label: "NAT gateway", detail: [homeText],
                                  costPerGB: prices.natGatewayPerGB, blocked: reason))
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false))
            draft.notes.append(reason)
            return
        }
        draft.hops.append(Hop(kind: .natGateway, id: nat.id, label: "NAT gateway", detail: [homeText], costPerGB: prices.natGatewayPerGB))
        if nat.connectivityType.lowercased() == "private" {
            let reason = "\(nat.id) is a private NAT gateway: it cannot reach the internet"
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
            draft.notes.append(reason)
            return
        }
        let homeTable = inventory.routeTable(forSubnet: nat.subnetID)
        let onward = homeTable.flatMap { inventory.longestPrefixMatch(Self.publicServiceAddress, in: $0) }
        if let onward, !onward.isBlackhole, case .internetGateway(let igwID) = onward.target, let homeTable {
            draft.hops.append(internetGatewayHop(igwID, detail: ["via \(homeTable.id)"]))
            draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false))
            draft.reachable = true
            return
        }
        let place = home?.name ?? nat.subnetID
        let reason: String
        if let onward {
            reason = "\(nat.id)'s subnet \(place) sends 0.0.0.0/0 to \(onward.target.id)\(onward.isBlackhole ? " (blackhole)" : ""), not to an internet gateway"
        } else {
            reason = "\(nat.id)'s subnet \(place) has no route to an internet gateway"
        }
        draft.hops.append(serviceHop(service, vpcID: vpcID, isPrivate: false, blocked: reason))
        draft.notes.append(reason)
    }

    // MARK: Hops

    func sourceHop(_ subnet: Subnet) -> Hop {
        var detail: [String] = []
        let place = [subnet.availabilityZone, subnet.cidr?.description].compactMap { $0 }
        if !place.isEmpty { detail.append(place.joined(separator: " · ")) }
        return Hop(kind: .source, id: subnet.id, label: subnet.name.map { "Subnet \($0)" } ?? "Subnet", detail: detail)
    }

    func routeTableHop(_ table: RouteTable, route: String) -> Hop {
        let main = inventory.mainRouteTable[table.vpcID].map { inventory.routeTables[$0].id == table.id } ?? false
        return Hop(kind: .routeTable, id: table.id, label: main ? "Route table (main)" : "Route table", detail: [route])
    }

    func routeText(_ route: Route) -> String {
        var text = "\(route.destination) → \(route.target.id)"
        if case .prefixList(let listID) = route.destination,
           let service = inventory.service(ofPrefixList: listID, target: route.target) {
            text = "\(listID) (\(service)) → \(route.target.id)"
        }
        return route.isBlackhole ? text + " (blackhole)" : text
    }

    func internetGatewayHop(_ id: String, detail: [String]) -> Hop {
        Hop(kind: .internetGateway, id: id, label: "Internet gateway", detail: detail, costPerGB: 0)
    }

    func serviceHop(_ service: String, vpcID: String, isPrivate: Bool, blocked: String? = nil) -> Hop {
        let host = ServiceCatalog.hostname(service, region: inventory.vpc(vpcID)?.region ?? region)
        let name = ServiceCatalog.displayName(service)
        return Hop(kind: .service, id: host, label: isPrivate ? "\(name) (private)" : "\(name) public endpoint",
                   detail: [isPrivate ? "over the AWS network" : "public AWS addresses"], blocked: blocked)
    }
}
