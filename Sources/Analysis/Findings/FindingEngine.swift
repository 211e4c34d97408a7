import Foundation
import Model

/// What a rule looks at: the network, and the traffic and prices some rules (below-break-even) need.
public struct FindingContext: Sendable {
    public var inventory: Inventory
    public var traffic: Traffic
    public var pricing: PricingBook
    /// The cost report for `traffic`, computed once for the rules that compare costs; nil without traffic.
    public var cost: CostReport?
    /// Per-VPC facts every standard rule reads, worked out once for all of them (when first read: the
    /// network-wide rules a what-if runs again mostly do not).
    var vpcFacts: [VPCFacts] {
        get { facts.value }
        set { facts = MadeOnce(newValue) }
    }
    private var facts: MadeOnce<[VPCFacts]>
    /// What the endpoint policies say, parsed once for the four policy rules.
    public var policyFindings: [Finding] {
        get { parsedPolicies ?? PolicyFindings.findings(in: inventory) }
        set { parsedPolicies = newValue }
    }
    /// nil: not parsed (a context for the network-wide rules only, which do not read them): parsed on use.
    private var parsedPolicies: [Finding]?
    /// The VPCs a `.linkedVPCs` rule looks at (what a what-if changed and what is linked with it); nil: every VPC.
    var vpcsInScope: Set<String>?

    public init(inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) {
        self.init(inventory: inventory, traffic: traffic, pricing: pricing,
                  cost: traffic.isEmpty ? nil : CostReport(inventory: inventory, traffic: traffic, pricing: pricing))
        parsedPolicies = PolicyFindings.findings(in: inventory)
    }

    /// A context whose cost report was made already (the explorer keeps one); the policies are parsed when read.
    init(inventory: Inventory, traffic: Traffic, pricing: PricingBook, cost: CostReport?) {
        self.inventory = inventory
        self.traffic = traffic
        self.pricing = pricing
        self.cost = cost
        facts = MadeOnce { VPCFacts.all(inventory) }
    }

    /// The same network seen by the VPC-scoped rules as if it held only `vpcs`: their facts, and the
    /// policies of their endpoints (in endpoint order, as `PolicyFindings.findings(in:)` gives them).
    func restricted(to vpcs: Set<String>) -> FindingContext {
        var copy = self
        let inventory = inventory
        copy.facts = MadeOnce { VPCFacts.all(inventory, only: vpcs) }
        copy.parsedPolicies = parsedPolicies?.filter { vpcs.contains($0.vpc) }
            ?? inventory.endpoints.filter { vpcs.contains($0.vpcID) }.flatMap { PolicyFindings.findings(for: $0, in: inventory) }
        return copy
    }
}

/// Which part of a network a rule's findings follow from: what has to run again when only some VPCs
/// change (a what-if adds or switches off an endpoint of one VPC).
public enum FindingScope: Sendable {
    /// A finding about VPC V (its `vpc`) follows from V's own resources, and from what a what-if does
    /// not change (which kinds were collected, the network's region): a change elsewhere leaves it as it was.
    case vpc
    /// Per VPC while the network holds nothing between VPCs (no transit gateway, peering or hosted zone);
    /// across VPCs otherwise (a hub's endpoint that a shared zone answers for is not "bypassed").
    case vpcUnlessInterconnected
    /// A finding about VPC V follows from the resources of the VPCs linked with V (`LinkedVPCs`: its
    /// region's, those a transit gateway, peering, shared zone or Resolver rule joins it to) and from
    /// the interconnect, which a what-if does not change. The rule runs for the VPCs in
    /// `FindingContext.vpcsInScope` (every VPC when nil) and finds nothing about the others.
    case linkedVPCs
    /// Anything else: the rule looks across VPCs (a hub's endpoints, a shared zone) or at the cost
    /// report (data tiers are summed per region), or its scope is not known. It runs again wholly.
    case network
}

/// A rule of `vpcx check`: its stable ID and severity, the documentation `--explain` prints, and the
/// check itself. Rules are data so other analyses (endpoint policies) can add theirs.
public struct FindingRule: Sendable {
    /// The stable ID (`ecr-needs-s3-gateway`); CI configurations and `--explain` name it.
    public var id: String
    public var severity: Severity
    /// A short title (`ECR endpoints without an S3 endpoint`).
    public var title: String
    /// What the rule checks, in the network's terms.
    public var checks: String
    /// Why it matters: what breaks or costs money.
    public var why: String
    /// How to fix it, in general; each finding carries its own fix with the real IDs.
    public var howToFix: String
    /// The check: every finding of this rule in a network.
    public var evaluate: @Sendable (FindingContext) -> [Finding]
    /// The kinds of resource the rule decides from. Where one was not collected the rule is not run
    /// (for every VPC, or for the VPCs it is missing in) and `check` says so: an empty list of route
    /// tables is not "no route".
    public var needs: [ResourceKind]
    /// What its findings follow from; `.network` (run again on every change) unless the rule says so.
    public var scope: FindingScope

    public init(id: String, severity: Severity, title: String, checks: String, why: String, howToFix: String,
                needs: [ResourceKind] = [.vpcEndpoints], scope: FindingScope = .network,
                evaluate: @escaping @Sendable (FindingContext) -> [Finding]) {
        self.scope = scope
        self.id = id
        self.severity = severity
        self.title = title
        self.checks = checks
        self.why = why
        self.howToFix = howToFix
        self.evaluate = evaluate
        self.needs = needs
    }

    /// The `vpcx check --explain RULE` text.
    public var explanation: String {
        """
        \(id) (\(severity.rawValue)): \(title)

        What it checks:
        \(FindingRule.indent(checks))

        Why it matters:
        \(FindingRule.indent(why))

        How to fix it:
        \(FindingRule.indent(howToFix))

        """
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}

/// Runs rules over a network and orders what they find: severity (errors first), then VPC, then resource.
public struct FindingEngine: Sendable {
    public var rules: [FindingRule]

    public init(rules: [FindingRule]) { self.rules = rules }

    /// DESIGN.md's rules that need no policy evaluation (the policy analysis adds
    /// `endpoint-full-access-policy` and its own rules with `append`).
    public static var standard: FindingEngine { FindingEngine(rules: StandardRules.all) }

    /// Adds rules from another source (the policy analysis); a rule with an ID already present replaces it.
    public mutating func append(_ more: [FindingRule]) {
        for rule in more {
            if let i = rules.firstIndex(where: { $0.id == rule.id }) { rules[i] = rule } else { rules.append(rule) }
        }
    }

    /// A copy with more rules.
    public func appending(_ more: [FindingRule]) -> FindingEngine {
        var copy = self
        copy.append(more)
        return copy
    }

    /// A rule by ID.
    public func rule(_ id: String) -> FindingRule? { rules.first { $0.id == id } }

    /// Every finding of every rule, in the deterministic order (the rules that could run; see `results`).
    public func findings(in context: FindingContext) -> [Finding] { results(in: context).findings }

    /// Every rule run where the kinds it needs were collected: its findings, and the rules (or the
    /// VPCs of a rule) left out because a kind was not.
    public func results(in context: FindingContext) -> FindingResults {
        var findings: [Finding] = []
        var skipped: [SkippedRule] = []
        for rule in rules {
            let run = FindingEngine.run(rule, in: context)
            findings += run.findings
            skipped += run.skipped
        }
        let incomplete = ResourceKind.allCases.filter { context.inventory.contents.incomplete.contains($0) }
        return FindingResults(findings: FindingEngine.sorted(findings), notEvaluated: skipped, incomplete: incomplete)
    }

    /// One rule where the kinds it needs were collected (for every VPC of `context`, or for those that have them).
    static func run(_ rule: FindingRule, in context: FindingContext) -> (findings: [Finding], skipped: [SkippedRule]) {
        let inventory = context.inventory
        let missing = inventory.missing(rule.needs)
        if !missing.isEmpty { return ([], [SkippedRule(rule: rule.id, vpcs: [], missing: missing)]) }
        // Kinds collected for every VPC alike (no per-region answers, no per-VPC attributes): none is left out.
        let perVPC = rule.needs.contains(.vpcAttributes)
            || rule.needs.contains { kind in inventory.contents.knownRegions[kind].map { !$0.contains("") } ?? false }
        if !perVPC { return (rule.evaluate(context), []) }
        // Kinds collected in some regions only: the rule runs for the VPCs that have them.
        var excluded: [[ResourceKind]: [String]] = [:]
        var kept: [VPCFacts] = []
        for facts in context.vpcFacts {
            let gone = inventory.missing(rule.needs, in: facts.vpc.id)
            if gone.isEmpty { kept.append(facts) } else { excluded[gone, default: []].append(facts.vpc.id) }
        }
        if excluded.isEmpty { return (rule.evaluate(context), []) }
        var partial = context
        partial.vpcFacts = kept
        let left = Set(excluded.values.joined())
        let skipped = excluded.sorted(by: { $0.value.first ?? "" < $1.value.first ?? "" }).map { gone, vpcs in
            SkippedRule(rule: rule.id, vpcs: vpcs, missing: gone)
        }
        return (rule.evaluate(partial).filter { !left.contains($0.vpc) }, skipped)
    }

    /// The findings of `inventory`, from `previous`, the sorted findings of a network it differs from only
    /// in the resources of `changed` (a what-if's VPCs; the same kinds collected, the same region),
    /// with the same traffic and prices. The VPC-scoped rules run for `changed` alone, and what they
    /// found about other VPCs is kept; the rules that look across VPCs run for the VPCs linked with
    /// `changed` in `before` (the network `previous` was found in) or in `inventory`, and without
    /// `before` wholly, as the network-wide rules do. The same list, in the same order, as
    /// `findings(in:)` on `inventory` gives.
    /// - Parameter cost: the cost report of `inventory` for `traffic` and `pricing` (the rules that compare costs read it).
    public func findings(updating previous: [Finding], changed: Set<String>, in inventory: Inventory, before: Inventory? = nil,
                         traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn, cost: CostReport) -> [Finding] {
        findings(updating: previous, changed: changed, in: inventory, traffic: traffic, pricing: pricing, cost: cost,
                 linked: Self.linkedVPCs(changed, in: inventory, before: before))
    }

    /// The VPCs whose cross-VPC findings a change of `changed` can reach; nil: all of them.
    static func linkedVPCs(_ changed: Set<String>, in inventory: Inventory, before: Inventory?) -> Set<String>? {
        inventory.interconnect.isEmpty ? nil : before.flatMap { LinkedVPCs([$0, inventory]).vpcs(linkedTo: changed) }
    }

    private func findings(updating previous: [Finding], changed: Set<String>, in inventory: Inventory,
                          traffic: Traffic, pricing: PricingBook, cost: CostReport, linked: Set<String>?) -> [Finding] {
        let context = FindingContext(inventory: inventory, traffic: traffic, pricing: pricing, cost: traffic.isEmpty ? nil : cost)
        let local = context.restricted(to: changed)
        let interconnected = !inventory.interconnect.isEmpty
        var fresh: [Finding] = []
        var scopedToVPC = Set<String>()
        var scopedToLinked = Set<String>()
        for rule in rules {
            switch rule.scope {
            case .vpc,
                 .vpcUnlessInterconnected where !interconnected: // the condition is the second pattern's only
                scopedToVPC.insert(rule.id)
                fresh += FindingEngine.run(rule, in: local).findings.filter { changed.contains($0.vpc) }
            case .vpcUnlessInterconnected, .linkedVPCs, .network:
                if rule.scope != .network, let linked {
                    scopedToLinked.insert(rule.id)
                    // A per-VPC rule reads the facts of its VPCs; a cross-VPC one the whole network, for these VPCs.
                    var scoped = rule.scope == .linkedVPCs ? context : context.restricted(to: linked)
                    scoped.vpcsInScope = linked
                    fresh += FindingEngine.run(rule, in: scoped).findings.filter { linked.contains($0.vpc) }
                } else {
                    fresh += FindingEngine.run(rule, in: context).findings
                }
            }
        }
        let kept = previous.filter {
            (scopedToVPC.contains($0.rule) && !changed.contains($0.vpc))
                || (scopedToLinked.contains($0.rule) && !(linked?.contains($0.vpc) ?? true))
        }
        return FindingEngine.merged(kept, FindingEngine.sorted(fresh))
    }

    /// `findings(updating:…)` with the `deferred` rules left to run later (an organisation's cross-VPC
    /// rules, after the frame that shows the what-if): their findings about the VPCs the change can
    /// reach are taken out (they may no longer hold), those about the others kept. Returns the
    /// findings and the VPCs the deferred rules must still be run for (nil: every VPC), for
    /// `findings(in:…, about:)`; the two together are what `findings(updating:…)` gives.
    public func findings(updating previous: [Finding], changed: Set<String>, in inventory: Inventory, before: Inventory? = nil,
                         traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn, cost: CostReport,
                         deferring deferred: Set<String>) -> (findings: [Finding], deferredAbout: Set<String>?) {
        guard !deferred.isEmpty else {
            return (findings(updating: previous, changed: changed, in: inventory, before: before, traffic: traffic, pricing: pricing, cost: cost), nil)
        }
        let now = FindingEngine(rules: rules.filter { !deferred.contains($0.id) })
        // The VPCs `findings(updating:)` reruns the cross-VPC rules for, worked out once for both.
        let linked = Self.linkedVPCs(changed, in: inventory, before: before)
        let found = now.findings(updating: previous, changed: changed, in: inventory, traffic: traffic, pricing: pricing, cost: cost, linked: linked)
        let kept = linked.map { linked in previous.filter { deferred.contains($0.rule) && !linked.contains($0.vpc) } } ?? []
        return (FindingEngine.merged(found, kept), linked)
    }

    /// The findings of these rules about the VPCs of `scope` alone (nil: every VPC), as `findings(in:)`
    /// finds them about those VPCs: what a what-if's deferred rules still owe.
    public func findings(in inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn,
                         about scope: Set<String>?) -> [Finding] {
        guard let scope else { return findings(in: inventory, traffic: traffic, pricing: pricing) }
        let context = FindingContext(inventory: inventory, traffic: traffic, pricing: pricing)
        var found: [Finding] = []
        for rule in rules {
            var scoped = rule.scope == .linkedVPCs ? context : context.restricted(to: scope)
            scoped.vpcsInScope = scope
            found += FindingEngine.run(rule, in: scoped).findings.filter { scope.contains($0.vpc) }
        }
        return FindingEngine.sorted(found)
    }

    /// Every finding for a network (and traffic, for the cost rules).
    public func findings(in inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) -> [Finding] {
        findings(in: FindingContext(inventory: inventory, traffic: traffic, pricing: pricing))
    }

    /// Severity (error first), then VPC, then resource, then rule and message so equal keys stay stable.
    public static func sorted(_ findings: [Finding]) -> [Finding] { findings.sorted(by: precedes) }

    /// The order of `sorted`.
    static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.vpc != b.vpc { return a.vpc < b.vpc }
        if a.resource != b.resource { return a.resource < b.resource }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.message < b.message
    }

    /// Two sorted lists as one sorted list, in one pass. Findings that tie come from one rule about one
    /// VPC, so both are in the same list and keep their order there, as the stable sort keeps it.
    static func merged(_ a: [Finding], _ b: [Finding]) -> [Finding] {
        var out: [Finding] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if precedes(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }
}

/// A rule `check` could not run, for every VPC or for some, and the kinds it lacked.
public struct SkippedRule: Hashable, Sendable {
    public var rule: String
    /// The VPCs it was not run for; empty: not run at all.
    public var vpcs: [String]
    /// The kinds not collected (for those VPCs).
    public var missing: [ResourceKind]

    public init(rule: String, vpcs: [String], missing: [ResourceKind]) {
        self.rule = rule
        self.vpcs = vpcs
        self.missing = missing
    }

    /// `route tables not loaded (aws ec2 describe-route-tables)`, each missing kind.
    public var reason: String { missing.map(\.notLoaded).joined(separator: "; ") }
}

/// What `check` found, and what it could not look at.
public struct FindingResults: Sendable {
    public var findings: [Finding]
    /// Rules not run (or not run for some VPCs) because a kind they need was not collected.
    public var notEvaluated: [SkippedRule]
    /// Kinds whose answer ended with a `NextToken` and no last page: the rules ran on what was there.
    public var incomplete: [ResourceKind]

    public init(findings: [Finding], notEvaluated: [SkippedRule] = [], incomplete: [ResourceKind] = []) {
        self.findings = findings
        self.notEvaluated = notEvaluated
        self.incomplete = incomplete
    }

    /// Whether every rule ran on complete answers.
    public var isComplete: Bool { notEvaluated.isEmpty && incomplete.isEmpty }
}
