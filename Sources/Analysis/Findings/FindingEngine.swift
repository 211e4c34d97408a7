import Model

/// What a rule looks at: the network, and the traffic and prices some rules (below-break-even) need.
public struct FindingContext: Sendable {
    public var inventory: Inventory
    public var traffic: Traffic
    public var pricing: PricingBook
    /// The cost report for `traffic`, computed once for the rules that compare costs; nil without traffic.
    public var cost: CostReport?
    /// Per-VPC facts every standard rule reads, worked out once for all of them.
    var vpcFacts: [VPCFacts]
    /// What the endpoint policies say, parsed once for the four policy rules.
    public var policyFindings: [Finding]

    public init(inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) {
        self.inventory = inventory
        self.traffic = traffic
        self.pricing = pricing
        cost = traffic.isEmpty ? nil : CostReport(inventory: inventory, traffic: traffic, pricing: pricing)
        vpcFacts = VPCFacts.all(inventory)
        policyFindings = PolicyFindings.findings(in: inventory)
    }
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

    public init(id: String, severity: Severity, title: String, checks: String, why: String, howToFix: String,
                needs: [ResourceKind] = [.vpcEndpoints],
                evaluate: @escaping @Sendable (FindingContext) -> [Finding]) {
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
        let inventory = context.inventory
        var findings: [Finding] = []
        var skipped: [SkippedRule] = []
        for rule in rules {
            let missing = inventory.missing(rule.needs)
            if !missing.isEmpty {
                skipped.append(SkippedRule(rule: rule.id, vpcs: [], missing: missing))
                continue
            }
            // Kinds collected in some regions only: the rule runs for the VPCs that have them.
            var excluded: [[ResourceKind]: [String]] = [:]
            var kept: [VPCFacts] = []
            for facts in context.vpcFacts {
                let gone = inventory.missing(rule.needs, in: facts.vpc.id)
                if gone.isEmpty { kept.append(facts) } else { excluded[gone, default: []].append(facts.vpc.id) }
            }
            if excluded.isEmpty {
                findings += rule.evaluate(context)
                continue
            }
            var partial = context
            partial.vpcFacts = kept
            let left = Set(excluded.values.joined())
            findings += rule.evaluate(partial).filter { !left.contains($0.vpc) }
            for (gone, vpcs) in excluded.sorted(by: { $0.value.first ?? "" < $1.value.first ?? "" }) {
                skipped.append(SkippedRule(rule: rule.id, vpcs: vpcs, missing: gone))
            }
        }
        let incomplete = ResourceKind.allCases.filter { inventory.contents.incomplete.contains($0) }
        return FindingResults(findings: FindingEngine.sorted(findings), notEvaluated: skipped, incomplete: incomplete)
    }

    /// Every finding for a network (and traffic, for the cost rules).
    public func findings(in inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) -> [Finding] {
        findings(in: FindingContext(inventory: inventory, traffic: traffic, pricing: pricing))
    }

    /// Severity (error first), then VPC, then resource, then rule and message so equal keys stay stable.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.vpc != b.vpc { return a.vpc < b.vpc }
            if a.resource != b.resource { return a.resource < b.resource }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
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
