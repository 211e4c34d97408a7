import Model

/// Builds a `CostReport`: routes each VPC's traffic to what carries it, then prices hours and data.
struct CostCalculator {
    let inventory: Inventory
    let traffic: Traffic
    let pricing: PricingBook

    /// Who carries one subnet's share of a service's traffic.
    enum Carrier: Equatable {
        case endpoint(String)
        case nat(String)
        case none
    }

    /// Endpoint states AWS does not bill hours for (lower-cased): gone, refused, or not yet accepted
    /// or created (a `pendingAcceptance` endpoint waits for the service owner and bills nothing yet).
    static let unbilledStates: Set<String> = ["failed", "rejected", "deleted", "deleting", "expired", "pending", "pendingacceptance"]

    /// Whether AWS bills an endpoint's hours in this state.
    static func billed(_ state: String) -> Bool { !unbilledStates.contains(state.lowercased()) }

    func report() -> CostReport { report(reusing: nil, changed: []) }

    /// The report; with `previous` (this network's report before a what-if changed the resources of
    /// `changed`, for the same traffic and prices), the routing and the endpoint and VPC lines of the
    /// other VPCs are taken from it. The data tiers are summed per region again, and so are the totals,
    /// in the same order, so the report is the one made from scratch.
    func report(reusing previous: CostReport?, changed: Set<String>) -> CostReport {
        let vpcs = allVPCs()
        let order = vpcs.map(\.id)
        // Another list of VPCs (a stub VPC an endpoint names comes or goes): nothing is kept.
        let previous = previous?.routingOrder == order ? previous : nil
        var routing: [String: VPCRouting] = [:]
        for vpc in vpcs {
            if let previous, !changed.contains(vpc.id), let kept = previous.routing[vpc.id] {
                routing[vpc.id] = kept
            } else {
                routing[vpc.id] = route(vpc)
            }
        }
        // Each endpoint and NAT carries one VPC's traffic: adding the VPCs' parts in order gives the same sums.
        var endpointGB: [String: Double] = [:]
        var endpointCrossGB: [String: Double] = [:]
        var natGB: [String: Double] = [:]
        var natServiceGB: [String: Double] = [:] // "vpc|service"
        var servicesWithTraffic: Set<String> = [] // "vpc|service"
        var notes: [String] = []
        var azShares: [String: [String: Double]] = [:]
        for id in order {
            guard let part = routing[id] else { continue }
            azShares[id] = part.azShares
            for (key, gb) in part.endpointGB { endpointGB[key, default: 0] += gb }
            for (key, gb) in part.endpointCrossGB { endpointCrossGB[key, default: 0] += gb }
            for (key, gb) in part.natGB { natGB[key, default: 0] += gb }
            for (key, gb) in part.natServiceGB { natServiceGB[key, default: 0] += gb }
            servicesWithTraffic.formUnion(part.servicesWithTraffic)
            notes += part.notes
        }
        for word in traffic.unknownVPCs(in: inventory) {
            notes.append("traffic names VPC '\(word)', which is not in the inventory")
        }

        // Data tiers are summed per region across interface endpoints; each pays the average rate.
        var regionGB: [String: Double] = [:]
        for endpoint in inventory.endpoints where endpoint.kind != .gateway {
            regionGB[region(of: endpoint) ?? "", default: 0] += endpointGB[endpoint.id] ?? 0
        }
        var regionRate: [String: Double] = [:]
        for (region, gb) in regionGB where gb > 0 {
            let table = pricing.table(for: region.isEmpty ? nil : region)
            regionRate[region] = table.interfaceEndpointDataCost(totalGB: gb) / gb
        }

        let vpcsWithNAT = Set(inventory.natGateways.filter { !["failed", "deleted", "deleting"].contains($0.state.lowercased()) }.map(\.vpcID))
        var previousLines: [String: EndpointCost] = [:]
        for line in previous?.endpoints ?? [] where !changed.contains(line.vpc) { previousLines[line.id] = line }
        var endpointLines: [EndpointCost] = []
        endpointLines.reserveCapacity(inventory.endpoints.count)
        for endpoint in inventory.endpoints {
            let region = region(of: endpoint)
            // A line of an unchanged VPC stays, unless its region's data rate moved with another VPC's traffic.
            if let kept = previousLines[endpoint.id], kept.vpc == endpoint.vpcID,
               endpoint.kind == .gateway || previous?.dataRates[region ?? ""] == regionRate[region ?? ""] {
                endpointLines.append(kept)
                continue
            }
            let table = pricing.table(for: region)
            let isGateway = endpoint.kind == .gateway
            let zones = isGateway ? [] : inventory.availabilityZones(of: endpoint)
            let azs = isGateway ? 0 : (zones.isEmpty ? endpoint.subnetIDs.count : zones.count)
            let billed = CostCalculator.billed(endpoint.state)
            let hourly = !billed ? 0 : isGateway ? table.gatewayEndpointHourly * table.hoursPerMonth
                : table.interfaceEndpointHourlyMonthly(azCount: azs)
            let gb = endpointGB[endpoint.id] ?? 0
            let rate = isGateway ? table.gatewayEndpointPerGB : (regionRate[region ?? ""] ?? table.interfaceEndpointPerGB)
            let data = gb * rate
            let crossGB = endpointCrossGB[endpoint.id] ?? 0
            let cross = crossGB * table.crossAZRoundTripPerGB
            let perGB = isGateway ? table.gatewayEndpointPerGB : table.interfaceEndpointPerGB
            // A VPC without a NAT gateway would have to add one (one per private AZ) to send this traffic
            // through NAT, so its hours count against the endpoint's. A gateway endpoint has no break-even.
            let addedNAT = isGateway || vpcsWithNAT.contains(endpoint.vpcID) ? 0
                : table.natGatewayHourlyMonthly * Double(max(1, inventory.privateAZs(in: endpoint.vpcID).count))
            let breakEven = isGateway ? nil
                : BreakEven.gb(hourlyMonthly: hourly, natPerGB: table.natGatewayPerGB, endpointPerGB: perGB, natHourlyMonthly: addedNAT)
            endpointLines.append(EndpointCost(
                id: endpoint.id, vpc: endpoint.vpcID, service: endpoint.service, type: endpoint.kind.rawValue,
                azs: azs, zones: zones, hourlyMonthly: hourly, dataGB: gb, dataMonthly: data,
                crossAzGB: crossGB, crossAzMonthly: cross, monthly: hourly + data + cross,
                natAlternativeMonthly: gb * table.natGatewayPerGB, breakEvenGB: breakEven, natHoursToAddMonthly: addedNAT,
                trafficGiven: servicesWithTraffic.contains(endpoint.vpcID + "|" + endpoint.service),
                trafficOrigin: traffic.origin(for: endpoint.service, in: inventory.vpc(endpoint.vpcID) ?? VPC(id: endpoint.vpcID, cidr: nil)),
                bypassed: bypassReason(endpoint), region: region, planned: inventory.contents.planned.contains(endpoint.id)))
        }

        var natLines: [NATGatewayCost] = []
        for nat in inventory.natGateways {
            let table = pricing.table(for: inventory.vpc(nat.vpcID)?.region ?? inventory.region)
            let billed = !["failed", "deleted", "deleting"].contains(nat.state.lowercased())
            let hourly = billed ? table.natGatewayHourlyMonthly : 0
            let gb = natGB[nat.id] ?? 0
            let data = gb * table.natGatewayPerGB
            natLines.append(NATGatewayCost(id: nat.id, vpc: nat.vpcID, hourlyMonthly: hourly, dataGB: gb,
                                           dataMonthly: data, monthly: hourly + data))
        }

        // Each VPC's lines, in report order (one pass, not a filter per VPC).
        let endpointsByVPC = Dictionary(grouping: endpointLines, by: \.vpc)
        let natsByVPC = Dictionary(grouping: natLines, by: \.vpc)
        var previousVPCs: [String: VPCCost] = [:]
        var previousEndpoints: [String: [EndpointCost]] = [:]
        var previousNATs: [String: [NATGatewayCost]] = [:]
        if let previous {
            for line in previous.vpcs where !changed.contains(line.vpc) { previousVPCs[line.vpc] = line }
            previousEndpoints = Dictionary(grouping: previous.endpoints, by: \.vpc)
            previousNATs = Dictionary(grouping: previous.natGateways, by: \.vpc)
        }
        var vpcLines: [VPCCost] = []
        var totals = CostTotals()
        for vpc in vpcs {
            let mine = endpointsByVPC[vpc.id] ?? []
            let nats = natsByVPC[vpc.id] ?? []
            guard !mine.isEmpty || !nats.isEmpty else { continue }
            let line: VPCCost
            // An unchanged VPC with the same lines costs what it did.
            if let kept = previousVPCs[vpc.id], previousEndpoints[vpc.id] ?? [] == mine, previousNATs[vpc.id] ?? [] == nats {
                line = kept
            } else {
                let endpointsMonthly = mine.reduce(0) { $0 + $1.monthly }
                let natMonthly = nats.reduce(0) { $0 + $1.monthly }
                let removal = nats.isEmpty ? nil : natRemoval(vpc: vpc, endpoints: mine, current: endpointsMonthly + natMonthly)
                line = VPCCost(vpc: vpc.id, endpointsMonthly: endpointsMonthly, natGatewaysMonthly: natMonthly,
                               monthly: endpointsMonthly + natMonthly,
                               natAlternativeMonthly: mine.reduce(0) { $0 + $1.natAlternativeMonthly },
                               natRemoval: removal)
            }
            vpcLines.append(line)
            totals.natRemovalSavingMonthly += line.natRemoval?.savingMonthly ?? 0
        }
        for line in endpointLines {
            totals.endpointsHourlyMonthly += line.hourlyMonthly
            totals.endpointsDataMonthly += line.dataMonthly
            totals.crossAzMonthly += line.crossAzMonthly
            totals.endpointsMonthly += line.monthly
            totals.natAlternativeMonthly += line.natAlternativeMonthly
        }
        for line in natLines {
            totals.natGatewaysHourlyMonthly += line.hourlyMonthly
            totals.natGatewaysDataMonthly += line.dataMonthly
            totals.natGatewaysMonthly += line.monthly
        }
        totals.monthly = totals.endpointsMonthly + totals.natGatewaysMonthly

        var report = CostReport(pricing: pricing, region: inventory.region, endpoints: endpointLines, natGateways: natLines,
                                vpcs: vpcLines, totals: totals, trafficGiven: !traffic.isEmpty, notes: notes, azShares: azShares)
        report.trafficOrigins = Set(traffic.entries.map(\.origin))
        report.advice = advice(natServiceGB: natServiceGB, endpoints: endpointLines)
        report.routing = routing
        report.routingOrder = order
        report.dataRates = regionRate
        return report
    }

    /// One VPC's traffic, routed: how it spreads over the AZs, and the GB each endpoint and NAT carries.
    func route(_ vpc: VPC) -> VPCRouting {
        var part = VPCRouting()
        let spread = spread(in: vpc.id)
        var zones: [String: Double] = [:]
        for (subnet, share) in spread { if let az = subnet.availabilityZone { zones[az, default: 0] += share } }
        part.azShares = zones
        for service in traffic.services(in: vpc) {
            let figures = traffic.figures(for: service, in: vpc)
            guard !figures.isEmpty else { continue }
            part.servicesWithTraffic.insert(vpc.id + "|" + service)
            var unrouted = 0.0
            var parts: [(Subnet, Double)] = []
            for figure in figures {
                if let word = figure.subnet {
                    // A figure from one subnet: that subnet's path carries it (public or private).
                    if let subnet = inventory.subnets(in: vpc.id).first(where: { $0.id == word || $0.name == word }) {
                        parts.append((subnet, figure.gb))
                    } else {
                        part.notes.append("\(vpc.id): \(format(figure.gb)) GB/month of \(service) from subnet '\(word)', which is not in the VPC; not priced")
                    }
                } else if let az = figure.az {
                    let here = spread.filter { $0.0.availabilityZone == az }
                    let total = here.reduce(0) { $0 + $1.1 }
                    if here.isEmpty || total <= 0 {
                        part.notes.append("\(vpc.id): \(format(figure.gb)) GB/month of \(service) from \(az), where the VPC has no private subnet; not priced")
                    }
                    for (subnet, share) in here where total > 0 { parts.append((subnet, figure.gb * (share / total))) }
                } else if spread.isEmpty {
                    // No private subnet to spread over: the VPC's endpoint for the service takes it all.
                    if let endpoint = inventory.endpoints(in: vpc.id).first(where: { $0.service == service }) {
                        part.endpointGB[endpoint.id, default: 0] += figure.gb
                    } else {
                        unrouted += figure.gb
                    }
                } else {
                    for (subnet, share) in spread { parts.append((subnet, figure.gb * share)) }
                }
            }
            for (subnet, share) in parts {
                switch carrier(service: service, from: subnet, vpc: vpc) {
                case .endpoint(let id):
                    part.endpointGB[id, default: 0] += share
                    if let endpoint = inventory.endpoint(id), endpoint.kind != .gateway,
                       let az = subnet.availabilityZone, !inventory.availabilityZones(of: endpoint).contains(az) {
                        part.endpointCrossGB[id, default: 0] += share
                    }
                case .nat(let id):
                    part.natGB[id, default: 0] += share
                    part.natServiceGB[vpc.id + "|" + service, default: 0] += share
                case .none: unrouted += share
                }
            }
            if unrouted > 0.0005 {
                part.notes.append("\(vpc.id): \(format(unrouted)) GB/month of \(service) has no endpoint and no NAT gateway to take it; not priced")
            }
        }
        return part
    }

    /// The VPCs, plus stubs for VPC IDs that endpoints or NATs name but no source described.
    func allVPCs() -> [VPC] {
        var result = inventory.vpcs
        var seen = Set(result.map(\.id))
        for id in inventory.endpoints.map(\.vpcID) + inventory.natGateways.map(\.vpcID) where !seen.contains(id) {
            seen.insert(id)
            result.append(VPC(id: id, cidr: nil))
        }
        return result
    }

    /// How a VPC's traffic is spread: evenly over its private subnets' AZs, then evenly over the
    /// private subnets of each AZ. Subnets with no known AZ share one bucket of their own.
    func spread(in vpcID: String) -> [(Subnet, Double)] {
        let subnets = inventory.privateSubnets(in: vpcID)
        guard !subnets.isEmpty else { return [] }
        var byAZ: [String: [Subnet]] = [:]
        for subnet in subnets { byAZ[subnet.availabilityZone ?? "", default: []].append(subnet) }
        let azShare = 1.0 / Double(byAZ.count)
        return subnets.map { subnet in
            (subnet, azShare / Double(byAZ[subnet.availabilityZone ?? ""]?.count ?? 1))
        }
    }

    func region(of endpoint: VPCEndpoint) -> String? {
        inventory.vpc(endpoint.vpcID)?.region ?? ServiceName.region(endpoint.serviceName) ?? inventory.region
    }

    /// Why traffic would not use an endpoint that exists (DESIGN.md's path rules 1 and 2).
    func bypassReason(_ endpoint: VPCEndpoint) -> String? {
        if !endpoint.isAvailable { return "state is \(endpoint.state)" }
        if endpoint.kind == .gateway { return nil }
        if !endpoint.privateDNSEnabled { return "private DNS is off: the SDK resolves the public name" }
        if let vpc = inventory.vpc(endpoint.vpcID), vpc.enableDnsSupport == false || vpc.enableDnsHostnames == false {
            return "the VPC's DNS support or DNS hostnames is off"
        }
        return nil
    }

    /// DESIGN.md's path rules, reduced to who carries (and bills) the bytes.
    func carrier(service: String, from subnet: Subnet, vpc: VPC) -> Carrier {
        let endpoints = inventory.endpoints(in: vpc.id).filter { $0.service == service && $0.isAvailable }
        let table = inventory.routeTable(forSubnet: subnet.id)
        if let table {
            for endpoint in endpoints where endpoint.kind == .gateway {
                if endpoint.routeTableIDs.contains(table.id) { return .endpoint(endpoint.id) }
                if let route = inventory.prefixListRoute(for: service, in: table), route.target.id == endpoint.id {
                    return .endpoint(endpoint.id)
                }
            }
        }
        if let endpoint = endpoints.first(where: { $0.kind != .gateway && bypassReason($0) == nil }) {
            return .endpoint(endpoint.id)
        }
        if let table, let route = inventory.defaultRoute(in: table), !route.isBlackhole, case .natGateway(let id) = route.target {
            return .nat(id)
        }
        return .none
    }

    /// Today's cost against a VPC where every used service has an endpoint and the NATs are gone.
    func natRemoval(vpc: VPC, endpoints: [EndpointCost], current: Double) -> NATRemoval {
        let table = pricing.table(for: vpc.region ?? inventory.region)
        let have = Set(endpoints.filter { CostCalculator.billed(inventory.endpoint($0.id)?.state ?? "") }.map(\.service))
        let used = Set(traffic.services(in: vpc)).union(have)
        let needed = used.subtracting(have).sorted()
        let azs = max(1, inventory.privateAZs(in: vpc.id).count)
        var newHourly = 0.0
        for service in needed where !ServiceName.gatewayServices.contains(service) {
            newHourly += table.interfaceEndpointHourlyMonthly(azCount: azs)
        }
        var after = newHourly + endpoints.reduce(0) { $0 + $1.hourlyMonthly + $1.crossAzMonthly }
        for service in used {
            let gb = traffic.gb(for: service, in: vpc) ?? 0
            after += gb * (ServiceName.gatewayServices.contains(service) ? table.gatewayEndpointPerGB : table.interfaceEndpointPerGB)
        }
        return NATRemoval(servicesNeedingEndpoint: needed, newEndpointsHourlyMonthly: newHourly,
                          withoutNATMonthly: after, savingMonthly: current - after)
    }

    func format(_ x: Double) -> String { CostFormat.number(x, decimals: 1) }

    /// What the traffic says to do, one line each: services going through NAT that an endpoint
    /// would carry for less (a gateway endpoint is free), and interface endpoints that carry too
    /// little to pay for their hours.
    func advice(natServiceGB: [String: Double], endpoints: [EndpointCost]) -> [String] {
        var lines: [String] = []
        for key in natServiceGB.keys.sorted() {
            guard let gb = natServiceGB[key], gb >= 0.05 else { continue }
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let (vpcID, service) = (parts[0], parts[1])
            let table = pricing.table(for: inventory.vpc(vpcID)?.region ?? inventory.region)
            let money = { (x: Double) in CostFormat.money(x, currency: table.currency) }
            let viaNAT = gb * table.natGatewayPerGB
            let name = ServiceCatalog.displayName(service)
            if ServiceName.gatewayServices.contains(service) {
                lines.append("\(vpcID): \(name) through NAT: \(CostFormat.volume(gb)), \(money(viaNAT))/month; a gateway endpoint is free (saves \(money(viaNAT - gb * table.gatewayEndpointPerGB))/month)")
            } else {
                let azs = max(1, inventory.privateAZs(in: vpcID).count)
                let endpoint = table.interfaceEndpointHourlyMonthly(azCount: azs) + gb * table.interfaceEndpointPerGB
                let saving = viaNAT - endpoint
                lines.append("\(vpcID): \(name) through NAT: \(CostFormat.volume(gb)), \(money(viaNAT))/month; an interface endpoint in \(azs) AZ"
                             + (saving > 0 ? " would cost \(money(endpoint)) (saves \(money(saving))/month)" : " would cost \(money(endpoint)): NAT stays cheaper"))
            }
        }
        for line in endpoints where line.type != VPCEndpoint.Kind.gateway.rawValue && line.trafficGiven && line.bypassed == nil {
            guard let breakEven = line.breakEvenGB, breakEven > 0, line.dataGB < breakEven else { continue }
            let table = pricing.table(for: line.region)
            let extra = line.monthly - line.natAlternativeMonthly - line.natHoursToAddMonthly
            lines.append("\(line.vpc): \(line.service) endpoint \(line.id) carries \(CostFormat.volume(line.dataGB)), below its break-even of \(format(breakEven)) GB: NAT would be \(CostFormat.money(extra, currency: table.currency))/month cheaper")
        }
        return lines
    }
}
