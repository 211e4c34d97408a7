import Analysis
import ArgumentParser
import Canvas
import Loaders
import Model
import Explorer
import Foundation

/// `--usage FILE`: the usage file every command that prices reads (GB a month per VPC and service),
/// and how the figures of every source combine: the usage file (or the config's `usage:`), then
/// `--gb` (or the config's `traffic:` list) on top.
struct UsageOptions: ParsableArguments {
    @Option(name: .customLong("usage"), help: ArgumentHelp("Usage file: GB a month per VPC and service, per AZ or source subnet where known (see the README).", valueName: "FILE"),
            completion: .file(extensions: ["yaml", "yml"]))
    var path: String?

    @Option(name: .customLong("flow-logs"), parsing: .upToNextOption,
            help: ArgumentHelp("VPC flow logs (files or directories, plain or .gz): measured GB a month, over the usage file, under --gb.", valueName: "FILE|DIR"),
            completion: .file())
    var flowLogs: [String] = []

    @Option(name: .customLong("ip-ranges"), help: ArgumentHelp("AWS's ip-ranges.json, for --flow-logs.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var ipRanges: String?

    /// Measured figures from `--flow-logs` (none without it); their notes go to standard error.
    func measured(inventory: Inventory) throws -> Traffic {
        guard !flowLogs.isEmpty else { return Traffic() }
        let result = try FlowLogMeasure.measure(flowLogs, inventory: inventory, ipRanges: ipRanges)
        for note in result.notes { printError("vpcx: note: \(TextWidth.sanitize(note))") }
        for warning in result.warnings { printError("vpcx: warning: \(TextWidth.sanitize(warning))") }
        return result.traffic.traffic()
    }

    /// The usage file named by `--usage`, else by the config; nil when neither names one.
    func file(config: UserConfig) throws -> UsageFile? {
        guard let path = path ?? config.usage else { return nil }
        return try Self.load(path)
    }

    /// Reads a usage file, or exit 2 with `file:line:col: error: …`.
    static func load(_ path: String) throws -> UsageFile {
        do {
            return try UsageFile.load(path: path)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }

    /// The figures a command prices with, checked against the network it prices: the usage file's,
    /// with `--gb` (or the config's list when no `--gb` is given) on top. A typo'd service or an
    /// unknown VPC in the usage file is an error at its line, with a suggestion.
    func traffic(gb: [String], config: UserConfig, inventory: Inventory) throws -> Traffic {
        let flags = try CostCommand.parseTraffic(gb.isEmpty ? config.traffic : gb)
        var base = Traffic()
        if let usage = try file(config: config) {
            try Self.check(usage, against: inventory)
            base = usage.traffic
        }
        return base.overlaid(by: try measured(inventory: inventory), in: inventory).overlaid(by: flags, in: inventory)
    }

    /// A usage file's figures checked against a network, or exit 2 at the first mistake.
    static func check(_ usage: UsageFile, against inventory: Inventory) throws {
        do {
            try usage.check(against: inventory, knownServices: ServiceCatalog.known)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }
}

/// The explorer's and `vpcx snapshot`'s traffic and prices: `--gb`, `--pricing` and `--usage`, as
/// `vpcx cost` takes them (and from the user config the same way).
struct ExplorerPricingOptions: ParsableArguments {
    @Option(name: .customLong("gb"), help: ArgumentHelp("Monthly traffic, [VPC:]SERVICE=GB (repeatable), on top of --usage.", valueName: "[VPC:]SERVICE=GB"))
    var traffic: [String] = []

    @Option(help: ArgumentHelp("Prices (YAML or JSON) over the built-in us-east-1 list prices.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var pricing: String?

    @OptionGroup var usage: UsageOptions

    /// What a session starts with: the usage file (checked once the network is loaded), the `--gb`
    /// figures to lay over it, and the prices; or exit 2 at the first bad one.
    func inputs(config: UserConfig) throws -> SessionInputs {
        SessionInputs(usage: try usage.file(config: config),
                      flags: try CostCommand.parseTraffic(traffic.isEmpty ? config.traffic : traffic),
                      pricing: try CostCommand.loadPricing(pricing ?? config.pricing),
                      flowLogs: usage.flowLogs, ipRanges: usage.ipRanges)
    }
}

/// The traffic and prices an explorer session starts with, before the network is loaded.
struct SessionInputs: Sendable {
    var usage: UsageFile?
    var flags: Traffic
    var pricing: PricingBook
    /// `--flow-logs` and `--ip-ranges`: measured on the load's thread, once the network is there.
    var flowLogs: [String] = []
    var ipRanges: String?

    /// Whether any was given: else a load keeps the explorer's own (none).
    var isEmpty: Bool { usage == nil && flags.isEmpty && pricing == .builtIn && flowLogs.isEmpty }

    /// The session for a loaded network: the usage file's figures checked against it (a typo'd
    /// service or unknown VPC is a located error) with `--gb` on top.
    func session(for inventory: Inventory, comparedWith old: Inventory? = nil) throws(LoadError) -> Session {
        var traffic = Traffic()
        if let usage {
            try usage.check(against: inventory, knownServices: ServiceCatalog.known)
            traffic = usage.traffic
        }
        if !flowLogs.isEmpty {
            traffic = traffic.overlaid(by: try FlowLogMeasure.measuring(flowLogs, inventory: inventory, ipRanges: ipRanges).traffic.traffic(),
                                       in: inventory)
        }
        return Session(baseInventory: inventory, traffic: traffic.overlaid(by: flags, in: inventory), pricing: pricing, comparedWith: old)
    }

    /// Where the Cost panel's `w` writes: the usage file read, else a new `usage.yaml` beside the
    /// first source (in it, for a directory), else in the working directory.
    func target(sources: [String], workingDirectory: String) -> UsageTarget {
        if let usage { return UsageTarget(path: usage.path, loadedText: usage.text) }
        var directory = workingDirectory
        if let first = sources.first, first != "-" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) {
                directory = isDirectory.boolValue ? first : (first as NSString).deletingLastPathComponent
                if directory.isEmpty { directory = workingDirectory }
            }
        }
        return UsageTarget(path: (directory as NSString).appendingPathComponent("usage.yaml"), loadedText: nil)
    }
}

/// Writing the Cost panel's figures back (`w`): atomically, and never over a file that changed on
/// disk since it was read (or, for a new file, one that appeared meanwhile).
enum UsageWriter {
    /// The text written, or why nothing was.
    static func write(_ traffic: Traffic, to path: String, expected: String?) -> Result<String, UsageWriteError> {
        let current = try? String(contentsOfFile: path, encoding: .utf8)
        let exists = FileManager.default.fileExists(atPath: path)
        if let expected, current != expected {
            return .failure(UsageWriteError(reason: exists ? "it changed on disk since it was read; not overwritten (open it again to edit it)"
                                                           : "it was removed since it was read; not written"))
        }
        if expected == nil, exists {
            return .failure(UsageWriteError(reason: "a file is there already; not overwritten (open it with --usage \(path))"))
        }
        let text = UsageFile.text(traffic)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return .success(text)
        } catch {
            return .failure(UsageWriteError(reason: error.localizedDescription))
        }
    }
}

struct UsageWriteError: Error {
    var reason: String
}
