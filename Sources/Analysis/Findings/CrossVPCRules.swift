import Foundation
import JSONText
import Model
import TerraformWriter

/// The rules about endpoints shared between VPCs (issue 17): the article's "things most people don't
/// know" #4, private DNS of an interface endpoint does not reach a peered or attached VPC by itself.
/// They run only where the inventory holds transit gateway, peering or hosted-zone facts.
public enum CrossVPCRules {
    public static var all: [FindingRule] { [privateDNSNotShared, centralisedEndpointUnreachable, duplicateEndpoints] }

    static let privateDNSNotShared = FindingRule(
        id: "private-dns-not-shared", severity: .warning, title: "A VPC reaches a hub's endpoints but resolves the service publicly",
        checks: """
        A VPC whose routes reach another VPC (over a transit gateway or peering) that has an interface
        endpoint for a service, while the service's hostname resolves to public addresses in the VPC:
        no endpoint of its own, no private hosted zone or Resolver rule associated with it covers the name.
        """,
        why: """
        An interface endpoint's private DNS is a private hosted zone AWS associates with the endpoint's
        own VPC only. A peered or attached VPC keeps resolving secretsmanager.REGION.amazonaws.com to
        public addresses, so its requests leave by its default route (NAT at $0.045/GB, or nowhere), and
        the hub's endpoints are paid for and unused. AllowDnsResolutionFromRemoteVpc does not change this.
        """,
        howToFix: """
        One of three: a private hosted zone named after the service's hostname, aliased to the hub's
        endpoint and associated with this VPC (aws_route53_zone_association; across accounts, with an
        aws_route53_vpc_association_authorization); a Resolver forwarding rule to an inbound Resolver
        endpoint in the hub; or an endpoint in this VPC.
        """,
        needs: [.vpcEndpoints, .routeTables], scope: .linkedVPCs
    ) { context in
        CrossVPCFacts(context.inventory, only: context.vpcsInScope).map { $0.privateDNSNotShared() } ?? []
    }

    static let centralisedEndpointUnreachable = FindingRule(
        id: "centralised-endpoint-unreachable", severity: .error, title: "A shared zone names a hub endpoint the VPC cannot reach",
        checks: """
        A VPC where a private hosted zone or Resolver rule answers a service's hostname with an interface
        endpoint in another VPC, while requests from its subnets do not get there: no route to the hub,
        a transit gateway route table without the route (or a blackhole), no route back, or the
        endpoint's security group not allowing TCP 443 from the VPC's CIDR.
        """,
        why: """
        DNS sends every SDK call to the hub's private addresses, so nothing falls back to the public
        endpoint: the calls time out. This is the usual failure of a new spoke account: the zone is
        shared, the security group or the transit gateway route is not.
        """,
        howToFix: "Allow TCP 443 from the VPC's CIDR on the endpoint's security group, or add the missing route.",
        needs: [.vpcEndpoints, .routeTables, .subnets], scope: .linkedVPCs
    ) { context in
        CrossVPCFacts(context.inventory, only: context.vpcsInScope).map { $0.centralisedEndpointUnreachable() } ?? []
    }

    static let duplicateEndpoints = FindingRule(
        id: "duplicate-endpoints", severity: .info, title: "An endpoint a reachable hub already has",
        checks: """
        An interface endpoint in a VPC that already reaches another VPC of the same region with an endpoint
        for the same service (over a transit gateway or peering).
        """,
        why: """
        Each interface endpoint costs $0.01 per AZ-hour ($7.30/month per AZ) whatever its traffic; with tens
        of VPCs the same eight endpoints in every VPC cost more than one hub's plus the transit gateway
        (see the cost's "centralise?" section for the break-even).
        """,
        howToFix: "Share the hub's private hosted zone with this VPC and remove the endpoint, when the traffic makes the hub cheaper.",
        needs: [.vpcEndpoints, .routeTables], scope: .linkedVPCs
    ) { context in
        CrossVPCFacts(context.inventory, only: context.vpcsInScope).map { $0.duplicateEndpoints(prices: context.pricing.table(for: nil)) } ?? []
    }
}

/// What the cross-VPC rules share: a resolver over the inventory and which VPCs reach which endpoints.
struct CrossVPCFacts {
    let inventory: Inventory
    let resolver: PathResolver

    /// Endpoints a private hosted zone answers for (an alias or A record to them): the hub's, shared on purpose.
    let sharedEndpoints: Set<String>

    /// The endpoints a VPC may reach a hub's through: interface, available, inventory order (indices
    /// into `inventory.endpoints`), all of them and by their VPC's region, so that each VPC of an
    /// organisation looks at its own region's candidates instead of every endpoint of every region.
    let hubCandidates: [Int]
    let hubCandidatesByRegion: [String: [Int]]

    /// The VPCs the rules find about (a what-if's linked VPCs, `LinkedVPCs`); nil: every VPC.
    let vpcsInScope: Set<String>?

    /// Nil when nothing between VPCs is known: the rules have nothing to say.
    init?(_ inventory: Inventory, only vpcsInScope: Set<String>? = nil) {
        guard !inventory.interconnect.isEmpty else { return nil }
        self.inventory = inventory
        self.vpcsInScope = vpcsInScope
        resolver = PathResolver(inventory: inventory)
        sharedEndpoints = Self.sharedEndpoints(in: inventory)
        var candidates: [Int] = []
        var byRegion: [String: [Int]] = [:]
        for (i, endpoint) in inventory.endpoints.enumerated() where endpoint.kind == .interface && endpoint.isAvailable {
            candidates.append(i)
            if let region = inventory.vpc(endpoint.vpcID)?.region { byRegion[region, default: []].append(i) }
        }
        hubCandidates = candidates
        hubCandidatesByRegion = byRegion
    }

    /// The interface endpoints a private hosted zone's alias or A record names (`sharedEndpoints`).
    static func sharedEndpoints(in inventory: Inventory) -> Set<String> {
        var byName: [String: String] = [:]
        var byIP: [IPv4Address: String] = [:]
        for endpoint in inventory.endpoints where endpoint.kind == .interface {
            for entry in endpoint.dnsEntries { byName[DNSName.normalised(entry.name)] = endpoint.id }
            for eni in inventory.interfaces(of: endpoint) { if let ip = eni.privateIP { byIP[ip] = endpoint.id } }
        }
        var shared = Set<String>()
        for zone in inventory.interconnect.contents.hostedZones where zone.isPrivate {
            for record in zone.records ?? [] {
                if let alias = record.aliasTarget, let id = byName[alias] { shared.insert(id) }
                for value in record.values { if let ip = IPv4Address(value), let id = byIP[ip] { shared.insert(id) } }
            }
        }
        return shared
    }

    /// Interface endpoints of other VPCs of the same region that `vpc` routes to over a TGW or peering
    /// and gets through to: (endpoint, route target).
    func reachableHubEndpoints(from vpc: VPC) -> [(endpoint: VPCEndpoint, via: String)] {
        guard let subnet = inventory.subnetsByVPC[vpc.id]?.first.map({ inventory.subnets[$0] }), let table = inventory.routeTable(forSubnet: subnet.id) else { return [] }
        var found: [(VPCEndpoint, String)] = []
        var decided: [String: String?] = [:]
        // Same region: the endpoint's VPC is in the inventory with the VPC's region (any, when the VPC's is unknown).
        let candidates = vpc.region.map { hubCandidatesByRegion[$0] ?? [] } ?? hubCandidates
        for i in candidates where inventory.endpoints[i].vpcID != vpc.id {
            let endpoint = inventory.endpoints[i]
            if let known = decided[endpoint.vpcID] {
                if let via = known { found.append((endpoint, via)) }
                continue
            }
            var via: String?
            if let ip = resolver.address(of: endpoint)?.address,
               let route = inventory.longestPrefixMatch(ip, in: table), !route.isBlackhole {
                switch route.target {
                case .transitGateway, .peering:
                    let crossing = resolver.crossing(from: vpc.id, target: route.target, to: ip, source: subnet.cidr)
                    if crossing.isThrough && crossing.arrivesIn == endpoint.vpcID { via = route.target.id }
                default: break
                }
            }
            decided[endpoint.vpcID] = via
            if let via { found.append((endpoint, via)) }
        }
        return found
    }

    /// Whether a private hosted zone or Resolver rule of the VPC answers `host`: whether
    /// `PathResolver.nameAnswer(host, in:)` is not nil, by the same decision, without making the answer
    /// and its why (which private-dns-not-shared does not read).
    func answersPrivately(_ host: String, in vpcID: String) -> Bool {
        resolver.privateAnswerer(DNSName.normalised(host), in: vpcID) != nil
    }

    func region(of vpc: VPC) -> String { vpc.region ?? inventory.region ?? "REGION" }

    func ownInterfaceEndpoint(_ vpcID: String, _ service: String) -> VPCEndpoint? {
        inventory.endpoints(in: vpcID).first { $0.kind == .interface && $0.service == service && !["deleted", "deleting"].contains($0.state) }
    }

    // MARK: private-dns-not-shared

    func privateDNSNotShared(parts: Int? = nil) -> [Finding] {
        eachVPC(parts: parts) { vpc, _ in privateDNSNotShared(vpc) }
    }

    func privateDNSNotShared(_ vpc: VPC) -> [Finding] {
        var services: [(service: String, hub: VPCEndpoint, via: String)] = []
        for (endpoint, via) in reachableHubEndpoints(from: vpc) where !services.contains(where: { $0.service == endpoint.service }) {
            if ownInterfaceEndpoint(vpc.id, endpoint.service) != nil { continue }
            let host = ServiceCatalog.hostname(endpoint.service, region: region(of: vpc))
            guard !answersPrivately(host, in: vpc.id) else { continue }
            services.append((endpoint.service, endpoint, via))
        }
        guard !services.isEmpty else { return [] }
        let names = services.map(\.service).joined(separator: ", ")
        let hubs = Set(services.map(\.hub.vpcID)).sorted().map { inventory.displayName($0) }.joined(separator: ", ")
        var message = "\(inventory.displayName(vpc.id)) reaches the endpoints of \(hubs) (\(names)) but resolves them to public addresses: no private hosted zone or Resolver rule shares their DNS with it"
        if !inventory.interconnect.zoneAssociationsKnown {
            message += " (\(InterconnectKind.hostedZones.notLoaded): a zone may exist)"
        }
        let fix = services.map { zoneFix(vpc, $0.service, $0.hub) }.joined(separator: "\n\n")
        return [Finding(rule: "private-dns-not-shared", severity: .warning, resource: vpc.id, vpc: vpc.id,
                        resources: [vpc.id] + services.map(\.hub.id), message: message, fix: fix)]
    }

    /// Shares the hub's zone for the service with `vpc`, or makes one aliased to the hub endpoint.
    func zoneFix(_ vpc: VPC, _ service: String, _ hub: VPCEndpoint) -> String {
        let host = ServiceCatalog.hostname(service, region: region(of: vpc))
        let name = TerraformFix.name(service) + "_" + TerraformFix.name(vpc.id)
        let hubOwner = hub.ownerID ?? inventory.vpc(hub.vpcID)?.ownerID
        let crossAccount = hubOwner != nil && vpc.ownerID != nil && hubOwner != vpc.ownerID
        // The hub's own zone for the name: the most specific of its zones covering it, when that is the name itself.
        if let zone = inventory.interconnect.mostSpecificPrivateZone(of: hub.vpcID, covering: host), zone.name == DNSName.normalised(host) {
            var blocks: [String] = []
            if crossAccount {
                blocks.append(TerraformFix.comment("in the hub account (\(hubOwner ?? "")), which owns \(zone.id):"))
                blocks.append(HCLBlock.resource("aws_route53_vpc_association_authorization", name, [
                    .attribute("zone_id", .id(zone.id)), .attribute("vpc_id", .id(vpc.id)),
                ]).rendered)
                blocks.append(TerraformFix.comment("in the VPC's account (\(vpc.ownerID ?? "")):"))
            }
            blocks.append(HCLBlock.resource("aws_route53_zone_association", name, [
                .attribute("zone_id", .id(zone.id)), .attribute("vpc_id", .id(vpc.id)),
            ]).rendered)
            return blocks.joined(separator: "\n")
        }
        let regional = hub.dnsEntries.first { entry in
            let first = entry.name.split(separator: ".").first ?? ""
            return first.split(separator: "-").count <= 3
        } ?? hub.dnsEntries.first
        var record: [HCLBodyItem] = [
            .attribute("zone_id", .reference("aws_route53_zone", TerraformFix.name(service), "zone_id")),
            .attribute("name", .string(host)),
            .attribute("type", .string("A")),
        ]
        record.append(.block(HCLBlock("alias", [], [
            .attribute("name", .string(regional?.name ?? "\(hub.id).\(service).\(region(of: vpc)).vpce.amazonaws.com")),
            .attribute("zone_id", .string(regional?.hostedZoneID ?? "ENDPOINT_ZONE_ID")),
            .attribute("evaluate_target_health", .bool(false)),
        ])))
        return [
            HCLBlock.resource("aws_route53_zone", TerraformFix.name(service), [
                .attribute("name", .string(host)),
                .block(HCLBlock("vpc", [], [.attribute("vpc_id", .id(hub.vpcID))])),
                .block(HCLBlock("vpc", [], [.attribute("vpc_id", .id(vpc.id))])),
            ]).rendered,
            HCLBlock.resource("aws_route53_record", TerraformFix.name(service), record).rendered,
        ].joined(separator: "\n")
    }

    // MARK: centralised-endpoint-unreachable

    func centralisedEndpointUnreachable(parts: Int? = nil) -> [Finding] {
        var services = Set<String>()
        for endpoint in inventory.endpoints where endpoint.kind == .interface { services.insert(endpoint.service) }
        let sorted = services.sorted()
        return eachVPC(parts: parts) { vpc, batch in centralisedEndpointUnreachable(vpc, services: sorted, batch) }
    }

    /// The batch is shared with other VPCs, as `PathResolver.paths` would share one: a subnet's
    /// route-table outcome is worked out once for all the services, an endpoint's ENIs once for the
    /// VPCs. Only the paths with endpoints are read.
    func centralisedEndpointUnreachable(_ vpc: VPC, services sorted: [String], _ batch: PathBatch) -> [Finding] {
        var findings: [Finding] = []
        let subnets = inventory.subnets(in: vpc.id)
        guard !subnets.isEmpty else { return [] }
        var contexts: [SubnetContext] = []
        for service in sorted {
            let host = ServiceCatalog.hostname(service, region: region(of: vpc))
            guard let answer = batch.nameAnswer(host, in: vpc.id), let endpointID = answer.endpoint,
                  let endpoint = inventory.endpoint(endpointID), endpoint.vpcID != vpc.id else { continue }
            if contexts.isEmpty { contexts = subnets.map(batch.context(for:)) }
            let name = ServiceCatalog.normalise(service)
            let info = batch.vpcService(vpc.id, name)
            let blocked = contexts.map { batch.path($0, name, info, withWithout: false) }
                .filter { $0.endpoint == endpointID && $0.isKnown && !$0.reachable }
            guard let first = blocked.first else { continue }
            let reason = first.blockedHop?.blocked ?? first.notes.last ?? "blocked"
            let share = blocked.count == subnets.count ? "every subnet" : "\(blocked.count) of \(subnets.count) subnets"
            let message = "\(host) resolves in \(inventory.displayName(vpc.id)) to \(endpointID) in \(inventory.displayName(endpoint.vpcID)) (\(answer.sourceText)), but requests from \(share) do not get there: \(reason)"
            findings.append(Finding(rule: "centralised-endpoint-unreachable", severity: .error, resource: vpc.id, vpc: vpc.id,
                                    resources: [vpc.id, endpointID] + blocked.map(\.subnet), message: message,
                                    fix: unreachableFix(vpc, endpoint, first)))
        }
        return findings
    }

    /// `body` for every VPC, the findings in inventory order. The VPCs are independent of each other,
    /// so an organisation's are shared out over the cores in contiguous runs (`parts` of them; by
    /// default one a core from 512 VPCs on, below which a thread costs more than it saves). A batch
    /// serves 64 VPCs (their endpoints' ENIs, their NATs' tails shared) and is then dropped: what one
    /// batch kept for thousands of VPCs was 40 MB.
    func eachVPC(parts wanted: Int? = nil, _ body: (VPC, PathBatch) -> [Finding]) -> [Finding] {
        let vpcs = vpcsInScope.map { scope in inventory.vpcs.filter { scope.contains($0.id) } } ?? inventory.vpcs
        let parts = min(vpcs.count, wanted ?? min(JSONReader.processorCount, vpcs.count / 256))
        guard parts > 1 else { return run(vpcs[...], body) }
        let results = UnsafeMutableBufferPointer<[Finding]>.allocate(capacity: parts)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                slots[part] = run(vpcs[(vpcs.count * part / parts)..<(vpcs.count * (part + 1) / parts)], body)
            }
        }
        return Array(results.joined())
    }

    /// One run of `eachVPC`, in order.
    private func run(_ vpcs: ArraySlice<VPC>, _ body: (VPC, PathBatch) -> [Finding]) -> [Finding] {
        var found: [Finding] = []
        var batch = PathBatch(resolver)
        for (n, vpc) in vpcs.enumerated() {
            if n > 0 && n % 64 == 0 { batch = PathBatch(resolver) }
            found += body(vpc, batch)
        }
        return found
    }

    func unreachableFix(_ vpc: VPC, _ endpoint: VPCEndpoint, _ path: RequestPath) -> String {
        let reason = path.blockedHop?.blocked ?? ""
        if reason.plain.contains("security group"), let group = endpoint.securityGroupIDs.first {
            return vpc.cidrs.map { block in
                HCLBlock.resource("aws_vpc_security_group_ingress_rule", "https_from_" + TerraformFix.name(vpc.id), [
                    .attribute("security_group_id", .id(group)),
                    .attribute("cidr_ipv4", .string(block.description)),
                    .attribute("ip_protocol", .string("tcp")),
                    .attribute("from_port", .number(443)),
                    .attribute("to_port", .number(443)),
                    .attribute("description", .string("HTTPS from \(vpc.id) to the shared endpoints")),
                ]).rendered
            }.joined(separator: "\n")
        }
        if reason.plain.contains("has no route to"), let table = path.routeTable, let hub = inventory.vpc(endpoint.vpcID), let block = hub.cidr,
           let tgw = inventory.interconnect.attachments(of: vpc.id).first?.transitGatewayID, path.hops.count <= 3 {
            return HCLBlock.resource("aws_route", "to_" + TerraformFix.name(hub.id), [
                .attribute("route_table_id", .id(table)),
                .attribute("destination_cidr_block", .string(block.description)),
                .attribute("transit_gateway_id", .id(tgw)),
            ]).rendered
        }
        return TerraformFix.comment("fix what blocks the request: \(reason)")
    }

    // MARK: duplicate-endpoints

    func duplicateEndpoints(prices: PriceTable) -> [Finding] {
        var findings: [Finding] = []
        for vpc in inventory.vpcs where vpcsInScope?.contains(vpc.id) ?? true {
            let own = inventory.endpoints(in: vpc.id).filter { $0.kind == .interface && !["deleted", "deleting"].contains($0.state) }
            guard !own.isEmpty else { continue }
            let hubs = reachableHubEndpoints(from: vpc)
            for endpoint in own {
                // The hub is the VPC whose endpoint a zone shares; without zones, the VPC with more endpoints.
                guard let hub = hubs.first(where: { candidate in
                    candidate.endpoint.service == endpoint.service
                        && (sharedEndpoints.isEmpty
                            ? inventory.endpoints(in: candidate.endpoint.vpcID).count > own.count
                            : sharedEndpoints.contains(candidate.endpoint.id) && !sharedEndpoints.contains(endpoint.id))
                }) else { continue }
                let azs = max(1, inventory.availabilityZones(of: endpoint).count)
                let monthly = prices.interfaceEndpointHourlyMonthly(azCount: azs)
                let message = "\(endpoint.id) (\(endpoint.service)) duplicates \(hub.endpoint.id) in \(inventory.displayName(hub.endpoint.vpcID)), which \(vpc.id) already reaches over \(hub.via): it costs \(CostFormat.money(monthly))/month in endpoint-hours (\(azs) AZ\(azs == 1 ? "" : "s"))"
                var fix = TerraformFix.comment("share the hub's DNS for \(endpoint.service) with \(vpc.id), then remove \(endpoint.id):") + "\n"
                fix += zoneFix(vpc, endpoint.service, hub.endpoint)
                findings.append(Finding(rule: "duplicate-endpoints", severity: .info, resource: endpoint.id, vpc: vpc.id,
                                        resources: [endpoint.id, hub.endpoint.id], message: message, fix: fix))
            }
        }
        return findings
    }
}
