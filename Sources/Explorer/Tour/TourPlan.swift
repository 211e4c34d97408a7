import Analysis
import Model

/// The topics of the tour, in the order the article tells them: the network, the two kinds of
/// endpoint, the path that costs most through NAT, ENIs per AZ, private DNS, a policy decision, the
/// cost and its break-even, and the findings that matter most.
public enum TourTopic: String, CaseIterable, Hashable, Sendable {
    case network, endpointKinds, natPath, enis, privateDNS, policy, cost, findings

    /// A short name for the step counter's tooltip and the tests.
    public var title: String {
        switch self {
        case .network: return "The network"
        case .endpointKinds: return "Gateway and interface endpoints"
        case .natPath: return "The costliest path through NAT"
        case .enis: return "ENIs per AZ"
        case .privateDNS: return "Private DNS"
        case .policy: return "An endpoint policy"
        case .cost: return "Cost and break-even"
        case .findings: return "What to fix first"
        }
    }
}

/// One step of the tour: a real explorer screen (a selection, a panel, a Paths service) and the
/// one-line caption that says what it shows.
public struct TourStep: Hashable, Sendable {
    public var topic: TourTopic
    /// What the step shows, in a line; vpcx's arrows marked for the bar to draw.
    public var caption: ComposedText
    /// The navigator row the step selects (nil: none, the network has no VPC).
    public var node: NodeID?
    public var panel: Panel
    /// The Paths picker's service (Paths, DNS); nil leaves the picker alone.
    public var service: String?

    public init(_ topic: TourTopic, caption: ComposedText, node: NodeID?, panel: Panel, service: String? = nil) {
        self.topic = topic
        self.caption = caption
        self.node = node
        self.panel = panel
        self.service = service
    }
}

/// The steps of a tour of one network, chosen from its analysis: which subnet and service cost most
/// through NAT, which endpoint misses an AZ, which policy decides a request. A topic whose fact the
/// network lacks is left out, and `skipped` says why; nothing is made up to fill it.
public struct TourPlan: Hashable, Sendable {
    public var steps: [TourStep]
    /// The topics left out, each with the fact the network lacks.
    public var skipped: [TourTopic: String]
    /// The VPC the tour is about (the one with the most endpoints); nil when nothing is loaded.
    public var vpc: String?

    public init(steps: [TourStep], skipped: [TourTopic: String], vpc: String?) {
        self.steps = steps
        self.skipped = skipped
        self.vpc = vpc
    }

    /// The step about a topic, when the tour has one.
    public func step(_ topic: TourTopic) -> TourStep? { steps.first { $0.topic == topic } }

    /// The tour of the network the analysis describes (with its traffic and prices).
    public static func make(_ analysis: SessionAnalysis, traffic: Traffic = Traffic()) -> TourPlan {
        TourPlanner(analysis: analysis, traffic: traffic).plan()
    }
}

/// Works the plan out; one method per topic, each returning its step or why there is none.
struct TourPlanner {
    let analysis: SessionAnalysis
    let traffic: Traffic
    var inventory: Inventory { analysis.inventory }
    var resolver: PathResolver { analysis.resolver }

    func plan() -> TourPlan {
        // The VPC a reader would tour: the one with the most endpoints (the first listed on a tie).
        guard let vpc = inventory.vpcs.max(by: { inventory.endpoints(in: $0.id).count < inventory.endpoints(in: $1.id).count }) else {
            let only = TourStep(.network, caption: "No VPC in the sources: nothing to tour", node: nil, panel: .detail)
            var skipped: [TourTopic: String] = [:]
            for topic in TourTopic.allCases where topic != .network { skipped[topic] = "no VPC loaded" }
            return TourPlan(steps: [only], skipped: skipped, vpc: nil)
        }
        var steps: [TourStep] = []
        var skipped: [TourTopic: String] = [:]
        let makers: [(TourTopic, (VPC) -> Result<TourStep, Lack>)] = [
            (.network, network), (.endpointKinds, endpointKinds), (.natPath, natPath), (.enis, enis),
            (.privateDNS, privateDNS), (.policy, policy), (.cost, cost), (.findings, findings),
        ]
        for (topic, make) in makers {
            switch make(vpc) {
            case .success(let step): steps.append(step)
            case .failure(let lack): skipped[topic] = lack.reason.plain
            }
        }
        return TourPlan(steps: steps, skipped: skipped, vpc: vpc.id)
    }

    /// Why a topic has no step: the fact the network lacks.
    struct Lack: Error {
        var reason: ComposedText
    }

    func label(_ vpc: VPC) -> String { vpc.name ?? vpc.id }

    /// Why a topic about endpoints has nothing to show: they were not collected, or there are none of the kind.
    func lackOfEndpoints(_ vpc: VPC, _ none: String) -> Lack {
        inventory.knows(.vpcEndpoints, in: vpc.id) ? Lack(reason: "\(label(vpc)) has \(none)")
            : Lack(reason: "VPC endpoints were not collected (aws ec2 describe-vpc-endpoints)")
    }
    func label(_ subnet: Subnet) -> String { subnet.name ?? subnet.id }
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    func network(_ vpc: VPC) -> Result<TourStep, Lack> {
        let subnets = inventory.subnets(in: vpc.id)
        let zones = Set(subnets.compactMap(\.availabilityZone))
        let nats = inventory.natGateways(in: vpc.id).count
        var parts = [label(vpc) + (vpc.cidr.map { " " + $0.description } ?? ""),
                     plural(subnets.count, "subnet") + (zones.isEmpty ? " (AZs unknown)" : " in " + plural(zones.count, "AZ"))]
        parts.append(inventory.knows(.natGateways, in: vpc.id) ? plural(nats, "NAT gateway") : "NAT gateways not collected")
        // Kinds no source described are unknown, not zero.
        parts.append(inventory.knows(.vpcEndpoints, in: vpc.id) ? plural(inventory.endpoints(in: vpc.id).count, "endpoint")
                     : "endpoints not collected")
        let others = inventory.vpcs.count - 1
        let tail = others > 0 ? " (+\(plural(others, "other VPC")))" : ""
        return .success(TourStep(.network, caption: "The network: \(parts.joined(separator: ", "))\(tail)",
                                 node: .vpc(vpc.id), panel: .detail))
    }

    func endpointKinds(_ vpc: VPC) -> Result<TourStep, Lack> {
        let endpoints = inventory.endpoints(in: vpc.id)
        let gateways = endpoints.filter { $0.kind == .gateway }
        let interfaces = endpoints.filter { $0.kind == .interface }
        guard let shown = gateways.first ?? interfaces.first else {
            return .failure(lackOfEndpoints(vpc, "no gateway or interface endpoint"))
        }
        var parts: [String] = []
        if !gateways.isEmpty { parts.append("gateway (" + gateways.map(\.service).joined(separator: ", ") + "): routes, free") }
        if !interfaces.isEmpty { parts.append(plural(interfaces.count, "interface endpoint") + ": ENIs, paid per AZ-hour") }
        if gateways.isEmpty { parts.append("no gateway endpoint (S3 and DynamoDB have free ones)") }
        return .success(TourStep(.endpointKinds, caption: "Endpoints: \(parts.joined(separator: "; "))",
                                 node: .endpoint(shown.id), panel: .detail))
    }

    /// The path through NAT that costs most: the subnet and service with the most NAT dollars a month
    /// (the traffic given times the NAT rate), or with no traffic the dearest per GB. A path that goes
    /// through NAT today comes first; else the endpoint path whose "without" would.
    func natPath(_ vpc: VPC) -> Result<TourStep, Lack> {
        let subnets = inventory.privateSubnets(in: vpc.id).map(\.id)
        let services = tourServices(vpc)
        let paths = resolver.paths(from: subnets, services: services)
        func natCost(_ path: RequestPath) -> Double { path.costPerGB * (traffic.gb(for: path.service, in: vpc) ?? 0) }
        func rank(_ a: RequestPath, _ b: RequestPath) -> Bool {
            (natCost(a), a.costPerGB) < (natCost(b), b.costPerGB)
        }
        let throughNAT = paths.filter { $0.reachable && $0.via == .natGateway }
        if let worst = throughNAT.max(by: rank) {
            return .success(TourStep(.natPath, caption: natCaption(worst, today: true, vpc: vpc),
                                     node: .subnet(worst.subnet), panel: .paths, service: worst.service))
        }
        let saved = paths.compactMap { path -> (RequestPath, RequestPath)? in
            guard path.via.isEndpoint, let without = path.without, without.reachable, without.via == .natGateway else { return nil }
            return (path, without)
        }
        if let (path, without) = saved.max(by: { rank($0.1, $1.1) }) {
            return .success(TourStep(.natPath, caption: natCaption(without, today: false, vpc: vpc, endpointPath: path),
                                     node: .subnet(path.subnet), panel: .paths, service: path.service))
        }
        // What is not known cannot be said to have no NAT path.
        for kind in [ResourceKind.routeTables, .natGateways, .subnets] where !inventory.knows(kind, in: vpc.id) {
            return .failure(Lack(reason: "\(kind.title) not collected (aws ec2 \(kind.awsCommand)): the paths through NAT are unknown"))
        }
        if let unknown = paths.first(where: { $0.via == .unknown || $0.without?.via == .unknown }) {
            return .failure(Lack(reason: "whether a path goes through NAT is unknown: \(unknown.unknown ?? unknown.without?.unknown ?? "a fact is missing")"))
        }
        return .failure(Lack(reason: "no private subnet of \(label(vpc)) reaches a service through a NAT gateway, with or without its endpoints"))
    }

    func natCaption(_ nat: RequestPath, today: Bool, vpc: VPC, endpointPath: RequestPath? = nil) -> ComposedText {
        let from = nat.subnetName ?? nat.subnet
        let gb = traffic.gb(for: nat.service, in: vpc)
        let money = gb.map { " x \(CostFormat.plain($0)) GB = \(CostFormat.money(nat.costPerGB * $0))/mo" } ?? " (traffic not given)"
        if today {
            return "\(from) -> \(nat.service) goes through NAT at \(PerGB.text(nat.costPerGB))\(money); an endpoint avoids it"
        }
        let via = endpointPath.map { "\($0.via.title) \(PerGB.text($0.costPerGB))" } ?? "its endpoint"
        return "\(from) -> \(nat.service): \(via); without it, NAT at \(PerGB.text(nat.costPerGB))\(money)"
    }

    /// The services a tour looks at: those with an endpoint in the VPC, then S3 and DynamoDB.
    func tourServices(_ vpc: VPC) -> [String] {
        var list = inventory.endpoints(in: vpc.id).map(\.service)
        for s in ["s3", "dynamodb"] where !list.contains(s) { list.append(s) }
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }

    /// The interface endpoint missing the most AZs the VPC's subnets use; with none missing, the
    /// first interface endpoint, and the caption says every AZ has its ENI.
    func enis(_ vpc: VPC) -> Result<TourStep, Lack> {
        let matrix = resolver.eniMatrix(vpc: vpc.id)
        guard !matrix.rows.isEmpty else { return .failure(lackOfEndpoints(vpc, "no interface endpoint (no ENIs to show)")) }
        let worst = matrix.rows.max { $0.cells.filter(\.isMissing).count < $1.cells.filter(\.isMissing).count } ?? matrix.rows[0]
        let missing = worst.cells.filter(\.isMissing).map(\.availabilityZone)
        let caption: ComposedText
        if missing.isEmpty {
            caption = "ENIs: every interface endpoint has an ENI in each of the \(plural(matrix.zones.count, "AZ")) (\(matrix.zones.joined(separator: ", ")))"
        } else {
            caption = "ENIs: \(worst.service) (\(worst.endpoint)) has no ENI in \(missing.joined(separator: ", ")): calls from there cross AZs"
        }
        return .success(TourStep(.enis, caption: caption, node: .endpoint(worst.endpoint), panel: .enis))
    }

    /// The interface endpoint whose private DNS does not work (the default hostname resolves to
    /// public addresses), else one where it does.
    func privateDNS(_ vpc: VPC) -> Result<TourStep, Lack> {
        let interfaces = inventory.endpoints(in: vpc.id).filter { $0.kind == .interface }
        let sources = inventory.privateSubnets(in: vpc.id) + inventory.subnets(in: vpc.id)
        guard let subnet = sources.first else { return .failure(Lack(reason: "\(label(vpc)) has no subnet to resolve from")) }
        guard !interfaces.isEmpty else { return .failure(lackOfEndpoints(vpc, "no interface endpoint (private DNS is theirs)")) }
        let answers = interfaces.map { (endpoint: $0, dns: resolver.dnsResolution(from: subnet.id, service: $0.service)) }
        let chosen = answers.first { !$0.dns.resolvesPrivately } ?? answers[0]
        let dns = chosen.dns
        let caption: ComposedText
        if dns.resolvesPrivately {
            caption = "Private DNS: from \(label(subnet)), \(dns.hostname) answers \(dns.answerText)"
        } else {
            let failed: ComposedText = dns.requirements.first { $0.status == .fail }.map { ": \($0.name) \($0.detail)" }
                ?? dns.requirements.first { $0.status == .unknown }.map { ": \($0.name) unknown (\($0.detail))" } ?? ""
            caption = "Private DNS: \(dns.hostname) resolves to public addresses\(failed)"
        }
        return .success(TourStep(.privateDNS, caption: caption, node: .endpoint(chosen.endpoint.id), panel: .dns,
                                 service: chosen.endpoint.service))
    }

    /// The endpoint whose policy decides its service's usual request with a Deny; else one whose
    /// policy is its own (not the full-access default), else the first with a policy.
    func policy(_ vpc: VPC) -> Result<TourStep, Lack> {
        let endpoints = inventory.endpoints(in: vpc.id).filter { $0.kind == .gateway || $0.kind == .interface }
        guard !endpoints.isEmpty else { return .failure(lackOfEndpoints(vpc, "no endpoint, so no endpoint policy")) }
        let testers = endpoints.map { (endpoint: $0, tester: PolicyTester(endpoint: $0, inventory: inventory)) }
        let decided = testers.filter { $0.tester.decision != nil }
        func fullAccess(_ tester: PolicyTester) -> Bool { (try? tester.policy.get())?.allowsEverything ?? false }
        guard let chosen = decided.first(where: { $0.tester.decision?.isAllowed == false })
                ?? decided.first(where: { !fullAccess($0.tester) })
                ?? decided.first else {
            return .failure(Lack(reason: "no endpoint policy of \(label(vpc)) could be read"))
        }
        let request = chosen.tester.request
        let verdict = chosen.tester.decision?.isAllowed == true ? "allowed" : "denied"
        let own = fullAccess(chosen.tester) ? " (full-access policy)" : ""
        return .success(TourStep(.policy, caption: "Policy of \(chosen.endpoint.service)\(own): \(request.action) on \(request.resource) is \(verdict)",
                                 node: .endpoint(chosen.endpoint.id), panel: .policy))
    }

    /// The interface endpoint that costs most a month, with its break-even against NAT.
    func cost(_ vpc: VPC) -> Result<TourStep, Lack> {
        let report = analysis.costReport
        let costs = report.endpoints.filter { $0.vpc == vpc.id }
        // The first of the dearest, in the report's order.
        guard let dearest = costs.reduce(nil, { (best: EndpointCost?, next: EndpointCost) in
            best.map { next.monthly > $0.monthly ? next : $0 } ?? next
        }) else {
            return .failure(lackOfEndpoints(vpc, "no endpoint to cost"))
        }
        let money = { (x: Double) in CostFormat.money(x, currency: report.currency) }
        let total = costs.reduce(0) { $0 + $1.monthly }
        let nat = dearest.natAlternativeMonthly + dearest.natHoursToAddMonthly
        return .success(TourStep(.cost, caption: "Cost: endpoints \(money(total))/mo; \(dearest.service) \(money(dearest.monthly)) vs \(money(nat)) via NAT: \(dearest.verdict(currency: report.currency))",
                                 node: .endpoint(dearest.id), panel: .cost))
    }

    /// The findings, most severe first: the count and the first one.
    func findings(_ vpc: VPC) -> Result<TourStep, Lack> {
        let all = analysis.findings
        guard let first = all.first else {
            let unchecked = analysis.rulesNotEvaluated
            let tail = unchecked.isEmpty ? "" : " (\(plural(unchecked.count, "rule")) not evaluated: facts missing)"
            return .success(TourStep(.findings, caption: "Findings: none\(tail)", node: .vpc(vpc.id), panel: .findings))
        }
        let counts = analysis.findingCounts
        // As `vpcx check` counts them: errors, warnings, info.
        let summary = Severity.allCases.sorted(by: >).compactMap { s in
            counts[s].map { s == .info ? "\($0) info" : plural($0, s.rawValue) }
        }.joined(separator: ", ")
        return .success(TourStep(.findings, caption: "Findings: \(summary); first: \(first.rule)",
                                 node: .vpc(vpc.id), panel: .findings))
    }
}
