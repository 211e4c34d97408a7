import JSONText
import Model

/// The `vpcx check` outputs and exit decision for a list of findings.
public struct FindingsReport: Sendable {
    /// The findings in the engine's order.
    public var findings: [Finding]
    /// Rules that could not run (for every VPC or some) because a kind they need was not collected.
    public var notEvaluated: [SkippedRule]
    /// Kinds whose answer may be incomplete (a page ended with `NextToken`).
    public var incomplete: [ResourceKind]

    public init(_ findings: [Finding]) {
        self.findings = FindingEngine.sorted(findings)
        notEvaluated = []
        incomplete = []
    }

    /// The report of an engine's run, with what it could not evaluate.
    public init(_ results: FindingResults) {
        findings = results.findings
        notEvaluated = results.notEvaluated
        incomplete = results.incomplete
    }

    /// Whether every rule ran, on answers that were complete: what `--require-complete` demands.
    public var isComplete: Bool { notEvaluated.isEmpty && incomplete.isEmpty }

    /// How many findings of a severity.
    public func count(_ severity: Severity) -> Int {
        // Counted in place: filtering would copy every matching finding (a dozen strings each) to count them.
        var n = 0
        for i in findings.indices where findings[i].severity == severity { n += 1 }
        return n
    }

    /// Whether any finding is at or above `threshold` (nil: `--fail-on never`).
    public func fails(at threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }

    /// `{"findings":[{"rule","severity","resource","resources":[…],"vpc","message","fix"}],
    ///   "notEvaluated":[{"rule","vpcs":[…] (empty: every VPC),"missing":[kind…],"reason"}],
    ///   "incomplete":[kind…], "summary":{"error":N,"warning":N,"info":N,"notEvaluated":N,"complete":Bool}}`.
    public func json(clean: @escaping (String) -> String = { $0 }) -> JSONValue {
        .object([
            ("findings", .array(findings.map { f in
                .object([
                    ("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("resource", .string(clean(f.resource))),
                    ("resources", .array(f.resources.map { .string(clean($0)) })), ("vpc", .string(clean(f.vpc))), ("message", .string(clean(f.message))), ("fix", .string(cleanBlock(f.fix, clean))),
                ])
            })),
            ("notEvaluated", .array(notEvaluated.map { skipped in
                .object([
                    ("rule", .string(skipped.rule)), ("vpcs", .array(skipped.vpcs.map { .string(clean($0)) })),
                    ("missing", .array(skipped.missing.map { .string($0.rawValue) })), ("reason", .string(skipped.reason)),
                ])
            })),
            ("incomplete", .array(incomplete.map { .string($0.rawValue) })),
            ("summary", .object([
                ("error", .number(String(count(.error)))), ("warning", .number(String(count(.warning)))),
                ("info", .number(String(count(.info)))), ("notEvaluated", .number(String(notEvaluated.count))),
                ("complete", .bool(isComplete)),
            ])),
        ])
    }

    /// Text grouped by VPC: each finding's severity, rule, resource and message, its fix indented below,
    /// then a summary line. `color` adds ANSI colours to the severity words (the command decides when:
    /// a terminal, and NO_COLOR unset).
    public func text(inventory: Inventory?, color: Bool = false, clean: @escaping (String) -> String = { $0 }) -> String {
        guard !findings.isEmpty else {
            return isComplete ? "No findings.\n" : "No findings among the rules that could run.\n\n" + gapText(clean) + "\n"
        }
        var out: [String] = []
        var vpcOrder: [String] = []
        for f in findings where !vpcOrder.contains(f.vpc) { vpcOrder.append(f.vpc) }
        for vpc in vpcOrder {
            let mine = findings.filter { $0.vpc == vpc }
            let name = inventory?.vpc(vpc)?.name.map { " (\(clean($0)))" } ?? ""
            let counts = Severity.allCases.reversed().compactMap { s -> String? in
                let n = mine.filter { $0.severity == s }.count
                return n == 0 ? nil : FindingsReport.plural(n, s)
            }
            if !out.isEmpty { out.append("") }
            out.append("VPC \(clean(vpc))\(name): \(counts.joined(separator: ", "))")
            for f in mine {
                let word = FindingsReport.pad(f.severity.rawValue, 7)
                let shownWord = color ? FindingsReport.colored(word, f.severity) : word
                let resource = f.resource == f.vpc ? "" : " " + clean(f.resource)
                out.append("  \(shownWord) \(f.rule)\(resource): \(clean(f.message))")
                for line in cleanBlock(f.fix, clean).split(separator: "\n", omittingEmptySubsequences: false) {
                    out.append(line.isEmpty ? "" : "          " + line)
                }
            }
        }
        out.append("")
        out.append(summaryLine)
        if !isComplete { out.append(gapText(clean)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// The rules that did not run and why, and the answers that may be incomplete: a clean report
    /// of an inventory that lacks route tables is not a clean network.
    func gapText(_ clean: (String) -> String) -> String {
        var out: [String] = []
        if !notEvaluated.isEmpty {
            let rules = Set(notEvaluated.map(\.rule)).count
            out.append("Not evaluated: \(rules) rule\(rules == 1 ? "" : "s") (a kind they need was not collected):")
            for skipped in notEvaluated {
                let scope = skipped.vpcs.isEmpty ? "" : " for " + skipped.vpcs.map(clean).joined(separator: ", ")
                out.append("  \(skipped.rule)\(scope): \(skipped.reason)")
            }
        }
        for kind in incomplete {
            out.append("May be incomplete: \(kind.title) (the \(kind.awsCommand) answer ended with a NextToken)")
        }
        return out.joined(separator: "\n")
    }

    /// `3 errors, 2 warnings, 0 info`.
    public var summaryLine: String {
        FindingsReport.summaryLine([.error: count(.error), .warning: count(.warning), .info: count(.info)])
    }

    /// `3 errors, 1 warning, 0 info` for counts per severity (a severity not there counts 0).
    public static func summaryLine(_ counts: [Severity: Int]) -> String {
        [Severity.error, .warning, .info].map { plural(counts[$0] ?? 0, $0) }.joined(separator: ", ")
    }

    static func plural(_ n: Int, _ s: Severity) -> String {
        s == .info ? "\(n) info" : "\(n) \(s.rawValue)\(n == 1 ? "" : "s")"
    }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }

    static func colored(_ text: String, _ severity: Severity) -> String {
        let code: String
        switch severity {
        case .error: code = "1;31"
        case .warning: code = "33"
        case .info: code = "36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

/// Fix text keeps its lines: clean each line and join them again.
func cleanBlock(_ text: String, _ clean: (String) -> String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { clean(String($0)) }.joined(separator: "\n")
}
