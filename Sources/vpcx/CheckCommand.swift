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
        discussion: "Rules: \(FindingEngine.standard.rules.map(\.id).joined(separator: ", ")). `vpcx check --explain RULE` says what a rule checks, why it matters and how to fix it.")

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Output: text or json.", valueName: "FORMAT"))
    var format: String = "text"

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding is at or above: error, warning, info or never.", valueName: "LEVEL"))
    var failOn: String = "error"

    @Option(help: ArgumentHelp("Explain a rule and exit.", valueName: "RULE"))
    var explain: String?

    @Option(name: .customLong("gb"), help: ArgumentHelp("Monthly traffic for the below-break-even rule, [VPC:]SERVICE=GB (repeatable).", valueName: "[VPC:]SERVICE=GB"))
    var traffic: [String] = []

    @Option(help: ArgumentHelp("Prices (YAML or JSON) over the built-in us-east-1 list prices.", valueName: "FILE"))
    var pricing: String?

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
        guard ["text", "json"].contains(format) else {
            printError("error: --format takes text or json, got '\(TextWidth.sanitize(format))'")
            throw ExitCode(2)
        }
        let threshold: Severity?
        switch failOn {
        case "never": threshold = nil
        default:
            guard let level = Severity(rawValue: failOn) else {
                printError("error: --fail-on takes error, warning, info or never, got '\(TextWidth.sanitize(failOn))'")
                throw ExitCode(2)
            }
            threshold = level
        }
        let flows = try CostCommand.parseTraffic(traffic)
        let book = try CostCommand.loadPricing(pricing)
        let inventory = try source.load()
        let report = FindingsReport(engine.findings(in: inventory, traffic: flows, pricing: book))
        if format == "json" {
            // Exact values; `Output.json` escapes what a terminal must not see.
            Output.json(report.json().prettyText + "\n")
        } else {
            let color = Self.useColor()
            Output.text(report.text(inventory: inventory, color: color, clean: { TextWidth.sanitize($0) }), styled: color)
        }
        if report.fails(at: threshold) { throw ExitCode(1) }
    }

    /// Colours only for a person at a terminal who has not asked for none (https://no-color.org).
    static func useColor() -> Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
