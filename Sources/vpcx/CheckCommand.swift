import Analysis
import ArgumentParser
import Canvas
import Foundation
import Loaders
import Model

/// `vpcx check`: the article's misconfigurations as findings; the exit code makes it a CI gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find endpoint misconfigurations (exit 1 when any is at or above --fail-on).",
        discussion: "Rules: \(FindingEngine.complete.rules.map(\.id).joined(separator: ", ")). `vpcx check --explain RULE` says what a rule checks, why it matters and how to fix it.")

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Output: text, json, sarif, junit or github.", valueName: "FORMAT"),
            completion: Completions.formats(CheckFormat.allCases.map(\.rawValue)))
    var format: CheckFormat = .text

    @Flag(help: "Print only the findings at or above --fail-on, one line each, and the summary line (text and github).")
    var quiet = false

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding is at or above: error, warning, info or never.", valueName: "LEVEL"), completion: .list(FailOn.allCases.map(\.rawValue)))
    var failOn: FailOn = .error

    @Option(help: ArgumentHelp("Explain a rule and exit.", valueName: "RULE"), completion: Completions.rules)
    var explain: String?

    @Option(name: .customLong("gb"), help: ArgumentHelp("Monthly traffic for the below-break-even rule, [VPC:]SERVICE=GB (repeatable).", valueName: "[VPC:]SERVICE=GB"))
    var traffic: [String] = []

    @Option(help: ArgumentHelp("Prices (YAML or JSON) over the built-in us-east-1 list prices.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var pricing: String?

    @OptionGroup var usage: UsageOptions

    @Flag(name: .customLong("require-complete"), help: "Exit 2 when a rule could not run because a kind it needs was not collected, or an answer may be incomplete (NextToken).")
    var requireComplete = false

    /// The engine every command and the explorer share; the policy analysis appends its rules here.
    static var engine: FindingEngine { FindingEngine.complete }

    func run() throws {
        let engine = CheckCommand.engine
        if let explain {
            guard let rule = engine.rule(explain) else {
                printError("error: unknown rule '\(TextWidth.sanitize(explain))'; rules: \(engine.rules.map(\.id).joined(separator: ", "))")
                throw ExitCode(2)
            }
            Output.text(rule.explanation)
            return
        }
        if quiet && !format.isQuietable {
            printError("error: --quiet applies to text and github output; \(format) always carries every finding")
            throw ExitCode(2)
        }
        let threshold = failOn.threshold
        let config = try UserSettings.load()
        let book = try CostCommand.loadPricing(pricing ?? config.pricing)
        let inventory = try source.load()
        let flows = try usage.traffic(gb: traffic, config: config, inventory: inventory)
        let report = FindingsReport(engine.results(in: FindingContext(inventory: inventory, traffic: flows, pricing: book)))
        let clean = { (s: String) in TextWidth.sanitize(s) }
        let output = CheckOutput(format: format, quiet: quiet, threshold: threshold)
        let color = Self.useColor()
        let rendered = output.render(report, engine: engine, inventory: inventory, color: color, clean: clean)
        // JSON keeps exact values; `Output` escapes (JSON) or sanitises (text) what a terminal must not see.
        if format.isJSON { Output.json(rendered) } else { Output.text(rendered, styled: color) }
        if !report.isComplete {
            // On standard error too, so a CI log shows it whatever the output format.
            let rules = Set(report.notEvaluated.map(\.rule)).count
            let missing = Set(report.notEvaluated.flatMap(\.missing))
            let kinds = ResourceKind.allCases.filter { missing.contains($0) }.map(\.title)
            var parts: [String] = []
            if rules > 0 { parts.append("\(rules) rule\(rules == 1 ? "" : "s") not evaluated (\(kinds.joined(separator: ", ")) not collected)") }
            if !report.incomplete.isEmpty { parts.append("\(report.incomplete.map(\.title).joined(separator: ", ")) may be incomplete") }
            printError("warning: check is incomplete: \(parts.joined(separator: "; "))" + (requireComplete ? "" : "; --require-complete makes this exit 2"))
            // An unusable inventory for the gate: the input is what is wrong, as for a file that cannot be read.
            if requireComplete { throw ExitCode(2) }
        }
        if report.fails(at: threshold) { throw ExitCode(1) }
    }

    /// Colours only for a person at a terminal who has not asked for none (https://no-color.org).
    static func useColor() -> Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
