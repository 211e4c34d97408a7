import Analysis
import ArgumentParser
import Canvas
import Collect
import Foundation
import JSONText
import Loaders
import Model

/// `vpcx diff OLD NEW`: what changed between two networks, and what follows from it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two networks: resources added, removed and changed, and the paths, findings and cost that follow.",
        discussion: """
            OLD and NEW are any sources: two collect snapshots (DIR@-1 is the snapshot collect --keep kept \
            before the one in DIR), an inventory and its Terraform spec (drift: spec resources without an ID \
            are matched by Name tag, CIDR or service and VPC), two Terraform revisions, a plan JSON. \
            Paths: every subnet both sides have × every service either side has an endpoint for, plus s3 \
            and dynamodb. A path or attribute one side cannot tell is shown with ? and counts as a change. \
            Exit: 0 no change, 1 changes (with --fail-on new-error: only when NEW has an error finding OLD \
            has not), 2 bad input.
            """)

    @Argument(help: ArgumentHelp("The network before: any SOURCE, or DIR@-N for a snapshot collect --keep kept.", valueName: "OLD"),
              completion: Completions.sources)
    var old: String

    @Argument(help: ArgumentHelp("The network after: any SOURCE.", valueName: "NEW"), completion: Completions.sources)
    var new: String

    @Option(name: .customLong("var"), help: ArgumentHelp("Terraform variable NAME=VALUE for both sides (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("old-var"), help: ArgumentHelp("Terraform variable NAME=VALUE for OLD only, over --var (repeatable).", valueName: "NAME=VALUE"))
    var oldVariables: [String] = []

    @Option(name: .customLong("new-var"), help: ArgumentHelp("Terraform variable NAME=VALUE for NEW only, over --var (repeatable).", valueName: "NAME=VALUE"))
    var newVariables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Terraform .tfvars or .tfvars.json file for both sides (repeatable).", valueName: "FILE"),
            completion: .file(extensions: ["tfvars", "json"]))
    var varFiles: [String] = []

    @Option(name: .customLong("azs"), help: ArgumentHelp("Zones Terraform's aws_availability_zones answers with, on both sides.", valueName: "ZONES"))
    var zones: String?

    @Option(name: .customLong("allow-read"), help: ArgumentHelp("A directory outside a Terraform configuration its file() calls may read (repeatable).", valueName: "DIR"))
    var allowRead: [String] = []

    @Option(name: .customLong("gb"), help: ArgumentHelp("Monthly traffic, [VPC:]SERVICE=GB (repeatable), the same on both sides.", valueName: "[VPC:]SERVICE=GB"))
    var traffic: [String] = []

    @Option(help: ArgumentHelp("Prices (YAML or JSON) over the built-in us-east-1 list prices.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var pricing: String?

    @OptionGroup var usage: UsageOptions

    @Option(help: ArgumentHelp("Output: text or json.", valueName: "FORMAT"))
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 on: change (any change) or new-error (an error finding NEW has and OLD has not).", valueName: "WHEN"),
            completion: .list(["change", "new-error"]))
    var failOn: FailOn = .change

    @Flag(help: .hidden)
    var timing = false

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case change
        case newError = "new-error"
    }

    func validate() throws {
        // Standard input can be read once: one side at most.
        if old == "-" && new == "-" { throw ValidationError("OLD and NEW cannot both be - (standard input is read once)") }
    }

    func run() throws {
        let config = try UserSettings.load()
        let book = try CostCommand.loadPricing(pricing ?? config.pricing)
        // A side's own variables come after the common ones: the later NAME=VALUE wins.
        let oldOptions = try SourceOptions.loadOptions(variables: variables + oldVariables, varFiles: varFiles, zones: zones, allowRead: allowRead)
        let newOptions = try SourceOptions.loadOptions(variables: variables + newVariables, varFiles: varFiles, zones: zones, allowRead: allowRead)
        let started = Date()
        let before = try SourceOptions.load([try Self.resolve(old)], options: oldOptions)
        let after = try SourceOptions.load([try Self.resolve(new)], options: newOptions)
        // The usage file describes NEW (the network as it will be); OLD is priced with the same figures.
        let flows = try usage.traffic(gb: traffic, config: config, inventory: after)
        let loaded = Date(), loadedCPU = PathsCommand.cpuSeconds()
        let diff = NetworkDiff(old: before, new: after, traffic: flows, pricing: book, engine: CheckCommand.engine)
        let compared = Date(), comparedCPU = PathsCommand.cpuSeconds()
        let clean = { (s: String) in TextWidth.sanitize(s) }
        let oldLabel = Self.label(old, before), newLabel = Self.label(new, after)
        switch format {
        case .json:
            // What each side assumed or plans (a spec's data sources, its planned resources), as other commands say it.
            guard case .object(let fields) = diff.json(old: oldLabel, new: newLabel, clean: clean) else { break }
            let provenance: [(key: String, value: JSONValue)] = [("oldProvenance", .object(Provenance.jsonFields(before))),
                                                                 ("newProvenance", .object(Provenance.jsonFields(after)))]
            print(JSONValue.object(fields + provenance).prettyText)
        case .text:
            var text = diff.composedText(old: oldLabel, new: newLabel, clean: clean)
            for (side, inventory) in [("OLD", before), ("NEW", after)] {
                let provenance = Provenance.text(inventory)
                if !provenance.isEmpty { text += ComposedText(verbatim: "\n\(side) \(clean(side == "OLD" ? old : new)):" + provenance) }
            }
            Output.text(text)
        }
        if timing {
            let ms = { (a: Date, b: Date) in String(format: "%.1f", b.timeIntervalSince(a) * 1000) }
            // The CPU time beside the wall time: on a shared machine the wall time includes waiting for a core.
            printError("timing: load both \(ms(started, loaded)) ms, diff \(ms(loaded, compared)) ms, print \(ms(compared, Date())) ms,"
                       + " diff cpu \(String(format: "%.1f", (comparedCPU - loadedCPU) * 1000)) ms")
        }
        switch failOn {
        case .change: if diff.hasChanges { throw ExitCode(1) }
        case .newError: if !diff.newErrors.isEmpty { throw ExitCode(1) }
        }
    }

    /// A side's source path: the argument, or the kept snapshot `DIR@-N` names (exit 2 when there is none).
    static func resolve(_ argument: String) throws -> String {
        // A file or directory literally named `x@-1` is itself, not a kept snapshot.
        if FileManager.default.fileExists(atPath: argument) { return argument }
        do {
            return try SnapshotHistory.resolve(argument) ?? argument
        } catch {
            printError("error: \(TextWidth.sanitize(error.description))")
            throw ExitCode(2)
        }
    }

    /// `snap@-1 (aws-cli, collected …/snap.history/2026-12-01T23-00-00Z)`: the argument and what was read.
    static func label(_ argument: String, _ inventory: Inventory) -> String {
        let formats = inventory.sources.map(\.format.rawValue)
        var unique: [String] = []
        for f in formats where !unique.contains(f) { unique.append(f) }
        return unique.isEmpty ? argument : "\(argument) (\(unique.joined(separator: ", ")))"
    }
}
