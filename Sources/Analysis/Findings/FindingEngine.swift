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

    public init(id: String, severity: Severity, title: String, checks: String, why: String, howToFix: String,
                evaluate: @escaping @Sendable (FindingContext) -> [Finding]) {
        self.id = id
        self.severity = severity
        self.title = title
        self.checks = checks
        self.why = why
        self.howToFix = howToFix
        self.evaluate = evaluate
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

    /// Every finding of every rule, in the deterministic order.
    public func findings(in context: FindingContext) -> [Finding] {
        FindingEngine.sorted(rules.flatMap { $0.evaluate(context) })
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
