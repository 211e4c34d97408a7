import Model

/// One attribute that differs between the two sides of a diff.
public struct AttributeChange: Hashable, Sendable {
    public var key: String
    /// nil: the attribute (a route, an association, a rule) is not there on that side.
    public var old: FactValue?
    public var new: FactValue?

    /// Whether one side does not know the value: the attribute may or may not have changed.
    public var isUnknown: Bool { old?.isUnknown == true || new?.isUnknown == true }
}

/// A resource added, removed or changed.
public struct ResourceChange: Hashable, Sendable {
    public enum Change: String, Hashable, Sendable {
        case added, removed, changed
        /// `+`, `-`, `~`, as terraform plan writes them.
        public var sign: String {
            switch self {
            case .added: return "+"
            case .removed: return "-"
            case .changed: return "~"
            }
        }
    }
    public var kind: ResourceKind
    public var id: String
    public var name: String?
    public var change: Change
    /// For a changed resource, its attributes that differ (known changes first is not promised: keys in order).
    public var attributes: [AttributeChange]
    /// For a resource a spec declared by address and the live network by ID: the spec's address.
    public var address: String?

    /// Whether every differing attribute is one some side does not know (the resource may be unchanged).
    public var isOnlyUnknown: Bool { change == .changed && attributes.allSatisfy(\.isUnknown) }
}

/// What a path is on one side of a diff: how it leaves, whether it arrives, or why that is unknown.
public struct PathOutcome: Hashable, Sendable {
    public var via: PathVia
    public var reachable: Bool
    public var endpoint: String?
    /// The missing fact, when the path is unknown.
    public var unknown: ComposedText?
    /// Why it is blocked, when it is.
    public var blocked: ComposedText?

    public init(_ path: RequestPath) {
        via = path.via
        reachable = path.reachable
        endpoint = path.endpoint
        unknown = path.unknown ?? (path.via == .unknown ? "the path's way out is unknown" : nil)
        blocked = path.reachable ? nil : (path.blockedHop?.blocked ?? "unreachable")
    }

    public var isUnknown: Bool { unknown != nil }

    /// `interface-endpoint vpce-1`, `nat-gateway (blocked: …)`, `unknown (route tables not loaded)`.
    public var text: ComposedText {
        if let unknown { return "unknown (\(unknown))" }
        var out = ComposedText(verbatim: via.rawValue)
        if let endpoint { out += " \(endpoint)" }
        if let blocked { out += " (blocked: \(blocked))" }
        return out
    }
}

/// A subnet's path to a service that changed its way out or its reachability, or that one side cannot tell.
public struct PathChange: Hashable, Sendable {
    public var subnet: String
    public var subnetName: String?
    public var service: String
    public var old: PathOutcome
    public var new: PathOutcome
    /// Whether one side's path is unknown: it is not a change to `none`, it is not known.
    public var isUnknown: Bool { old.isUnknown || new.isUnknown }
}

/// A finding that appears or disappears, by rule and resource.
public struct FindingChange: Hashable, Sendable {
    public var finding: Finding
    public var appeared: Bool
}

/// The monthly cost on each side, for the same traffic and prices; nil sides are unknown.
public struct CostChange: Hashable, Sendable {
    public var currency: String
    public var old: Double
    public var new: Double
    public var oldEndpoints: Double
    public var newEndpoints: Double
    public var oldNATGateways: Double
    public var newNATGateways: Double
    /// The kinds a side lacks for its cost to be whole (`OLD: NAT gateways not loaded (…)`).
    public var unknown: [String]
    public var delta: Double { new - old }
}

/// What a side of the diff could not say for a whole kind: its added/removed resources are unknown.
public struct UnknownKind: Hashable, Sendable {
    public var kind: ResourceKind
    /// `OLD` or `NEW`: the side that did not describe the kind.
    public var side: String
}

/// The comparison of two networks: resources added, removed and changed, and what follows, paths,
/// findings and cost. A pure function of the two inventories and the traffic and prices.
public struct NetworkDiff: Sendable {
    public var resources: [ResourceChange]
    public var paths: [PathChange]
    public var findings: [FindingChange]
    public var cost: CostChange
    public var unknownKinds: [UnknownKind]
    /// Spec resources matched to live ones without a shared ID (drift), one line each.
    public var matches: [ResourceMatch]
    /// Findings on one side whose rule could not run on the other for that VPC.
    public var findingsUnknown: [FindingChange]

    /// Compares OLD with NEW. Resources a spec names by address are first matched to the other side's
    /// by Name tag, CIDR or service (`DriftMatching`), so an inventory diffs against its Terraform.
    public init(old oldInventory: Inventory, new newInventory: Inventory, traffic: Traffic = Traffic(),
                pricing: PricingBook = .builtIn, engine: FindingEngine = .complete) {
        let matching = DriftMatching(old: oldInventory.contents, new: newInventory.contents)
        let old = matching.renamedOld.map(Inventory.init) ?? oldInventory
        let new = matching.renamedNew.map(Inventory.init) ?? newInventory
        matches = matching.matches
        let addressOf = Dictionary(matching.matches.map { ($0.id, $0.address) }) { a, _ in a }

        // Resources, by kind; a kind one side did not describe has unknown additions and removals.
        var unknownKinds: [UnknownKind] = []
        var resources: [ResourceChange] = []
        let oldFacts = ResourceFacts.all(in: old)
        let newFacts = ResourceFacts.all(in: new)
        for kind in ResourceFacts.listedKinds {
            let oldKnows = old.knows(kind), newKnows = new.knows(kind)
            if !oldKnows { unknownKinds.append(UnknownKind(kind: kind, side: "OLD")) }
            if !newKnows { unknownKinds.append(UnknownKind(kind: kind, side: "NEW")) }
            let before = oldFacts[kind] ?? [], after = newFacts[kind] ?? []
            var afterByID: [String: ResourceFacts] = [:]
            afterByID.reserveCapacity(after.count)
            for r in after { afterByID[r.id] = r }
            var seen = Set<String>()
            var changes: [ResourceChange] = []
            for r in before {
                seen.insert(r.id)
                if let other = afterByID[r.id] {
                    guard r != other else { continue }
                    var list = Self.attributeChanges(r.facts, other.facts)
                    // A renamed Name tag is a change; a Name only one side has is not: specs often tag
                    // less than the console does, and their loader names what Terraform leaves unnamed.
                    let renamed = r.name != nil && other.name != nil && r.name != other.name
                    if list.isEmpty && !renamed { continue }
                    if renamed {
                        list.insert(AttributeChange(key: "Name", old: r.name.map(FactValue.value), new: other.name.map(FactValue.value)), at: 0)
                    }
                    changes.append(ResourceChange(kind: kind, id: r.id, name: other.name ?? r.name, change: .changed,
                                                  attributes: list, address: addressOf[r.id]))
                } else if newKnows {
                    changes.append(ResourceChange(kind: kind, id: r.id, name: r.name, change: .removed, attributes: [],
                                                  address: addressOf[r.id]))
                }
            }
            if oldKnows {
                for r in after where !seen.contains(r.id) {
                    changes.append(ResourceChange(kind: kind, id: r.id, name: r.name, change: .added, attributes: [],
                                                  address: addressOf[r.id]))
                }
            }
            resources += changes.sorted { $0.id < $1.id }
        }
        self.resources = resources
        self.unknownKinds = unknownKinds

        paths = Self.pathChanges(old: old, new: new)

        // Findings, by rule + resource; a rule that could not run for a VPC on one side leaves that
        // VPC's findings on the other unknown rather than appeared or gone.
        let oldContext = FindingContext(inventory: old, traffic: traffic, pricing: pricing)
        let newContext = FindingContext(inventory: new, traffic: traffic, pricing: pricing)
        let oldResults = engine.results(in: oldContext), newResults = engine.results(in: newContext)
        func key(_ f: Finding) -> String { f.rule + "\u{0}" + f.resource }
        func skipped(_ results: FindingResults) -> Set<String> {
            Set(results.notEvaluated.flatMap { s in s.vpcs.map { s.rule + "\u{0}" + $0 } })
        }
        let oldKeys = Set(oldResults.findings.map(key)), newKeys = Set(newResults.findings.map(key))
        let oldSkipped = skipped(oldResults), newSkipped = skipped(newResults)
        var findings: [FindingChange] = [], findingsUnknown: [FindingChange] = []
        for f in newResults.findings where !oldKeys.contains(key(f)) {
            if oldSkipped.contains(f.rule + "\u{0}" + f.vpc) { findingsUnknown.append(FindingChange(finding: f, appeared: true)) }
            else { findings.append(FindingChange(finding: f, appeared: true)) }
        }
        for f in oldResults.findings where !newKeys.contains(key(f)) {
            if newSkipped.contains(f.rule + "\u{0}" + f.vpc) { findingsUnknown.append(FindingChange(finding: f, appeared: false)) }
            else { findings.append(FindingChange(finding: f, appeared: false)) }
        }
        let order = { (a: FindingChange, b: FindingChange) -> Bool in
            (a.finding.rule, a.finding.resource, a.appeared ? 1 : 0) < (b.finding.rule, b.finding.resource, b.appeared ? 1 : 0)
        }
        self.findings = findings.sorted(by: order)
        self.findingsUnknown = findingsUnknown.sorted(by: order)

        let oldCost = oldContext.cost ?? CostReport(inventory: old, traffic: traffic, pricing: pricing)
        let newCost = newContext.cost ?? CostReport(inventory: new, traffic: traffic, pricing: pricing)
        var costUnknown: [String] = []
        for (side, inventory) in [("OLD", old), ("NEW", new)] {
            for kind in inventory.missing([.vpcEndpoints, .natGateways, .subnets, .routeTables]) {
                costUnknown.append("\(side): \(kind.notLoaded)")
            }
        }
        cost = CostChange(currency: newCost.currency, old: oldCost.totals.monthly, new: newCost.totals.monthly,
                          oldEndpoints: oldCost.totals.endpointsMonthly, newEndpoints: newCost.totals.endpointsMonthly,
                          oldNATGateways: oldCost.totals.natGatewaysMonthly, newNATGateways: newCost.totals.natGatewaysMonthly,
                          unknown: costUnknown)
    }

    /// The attributes that differ, in OLD's key order then NEW's new keys.
    static func attributeChanges(_ old: [(key: String, value: FactValue)], _ new: [(key: String, value: FactValue)]) -> [AttributeChange] {
        var newByKey: [String: FactValue] = [:]
        for (k, v) in new { newByKey[k] = v }
        var oldKeys = Set<String>()
        var out: [AttributeChange] = []
        for (k, v) in old {
            oldKeys.insert(k)
            let other = newByKey[k]
            if other != v { out.append(AttributeChange(key: k, old: v, new: other)) }
        }
        for (k, v) in new where !oldKeys.contains(k) { out.append(AttributeChange(key: k, old: nil, new: v)) }
        return out
    }

    /// Every subnet both sides have × every service either side has an endpoint for (and s3, dynamodb):
    /// the paths whose way out or reachability differ, and those one side cannot tell.
    static func pathChanges(old: Inventory, new: Inventory) -> [PathChange] {
        let oldResolver = PathResolver(inventory: old), newResolver = PathResolver(inventory: new)
        var services = oldResolver.servicesWithEndpoints()
        for s in newResolver.servicesWithEndpoints() + ["s3", "dynamodb"] where !services.contains(s) { services.append(s) }
        services.sort()
        let subnets = old.subnets.map(\.id).filter { new.subnetByID[$0] != nil }.sorted()
        let before = oldResolver.paths(from: subnets, services: services)
        let after = newResolver.paths(from: subnets, services: services)
        var afterByKey: [String: RequestPath] = [:]
        afterByKey.reserveCapacity(after.count)
        for p in after { afterByKey[p.subnet + "\u{0}" + p.service] = p }
        var changes: [PathChange] = []
        for p in before {
            guard let q = afterByKey[p.subnet + "\u{0}" + p.service] else { continue }
            let a = PathOutcome(p), b = PathOutcome(q)
            let differs: Bool
            if a.isUnknown || b.isUnknown {
                // Two unknowns for the same missing fact are the same answer; otherwise one side cannot tell.
                differs = a.unknown != b.unknown
            } else {
                differs = a.via != b.via || a.reachable != b.reachable
            }
            if differs {
                changes.append(PathChange(subnet: p.subnet, subnetName: q.subnetName ?? p.subnetName, service: p.service, old: a, new: b))
            }
        }
        return changes.sorted { ($0.subnet, $0.service) < ($1.subnet, $1.service) }
    }

    // MARK: Summary

    /// Resources whose change is known (an unknown-only attribute change is not counted).
    public var knownResourceChanges: [ResourceChange] { resources.filter { !$0.isOnlyUnknown } }
    public var knownPathChanges: [PathChange] { paths.filter { !$0.isUnknown } }

    /// Whether anything differs, or may: unknown paths and attributes count, as a gate must not pass
    /// what it cannot see.
    public var hasChanges: Bool {
        !resources.isEmpty || !paths.isEmpty || !findings.isEmpty || !findingsUnknown.isEmpty || cost.delta != 0
    }

    /// Error findings that NEW has and OLD does not: what `--fail-on new-error` fails on.
    public var newErrors: [Finding] { findings.filter { $0.appeared && $0.finding.severity == .error }.map(\.finding) }

    public func count(_ change: ResourceChange.Change) -> Int { resources.filter { $0.change == change }.count }
}
