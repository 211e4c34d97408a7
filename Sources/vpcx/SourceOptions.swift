import ArgumentParser
import Canvas
import Foundation
import Loaders
import Model

/// The SOURCE arguments every command takes, and reading them with the exit-2 contract.
struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Inventory or spec: a directory or file of aws ec2 describe-* JSON, Terraform .tf files, terraform show -json output, a vpcx design (NAME.vpcx.yaml), or - for standard input. None: the built-in demo.", valueName: "SOURCE"), completion: Completions.sources)
    var sources: [String] = []

    @Option(name: .customLong("var"), help: ArgumentHelp("Terraform variable NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Terraform .tfvars or .tfvars.json file (repeatable).", valueName: "FILE"), completion: .file(extensions: ["tfvars", "json"]))
    var varFiles: [String] = []

    @Option(name: .customLong("azs"), help: ArgumentHelp("Zones Terraform's aws_availability_zones answers with: names (eu-west-1a,eu-west-1b), letters (a,b) or a count (2). Default: the region's zones, listed as assumed.", valueName: "ZONES"))
    var zones: String?

    @Option(name: .customLong("allow-read"), help: ArgumentHelp("A directory outside the Terraform configuration that its file() calls and module sources may read (repeatable).", valueName: "DIR"))
    var allowRead: [String] = []

    /// The load options the loaders take.
    func loadOptions() throws -> LoadOptions {
        try Self.loadOptions(variables: variables, varFiles: varFiles, zones: zones, allowRead: allowRead)
    }

    /// The load options from the option values (`vpcx diff` takes them without SOURCE arguments).
    static func loadOptions(variables: [String], varFiles: [String], zones: String?, allowRead: [String]) throws -> LoadOptions {
        var values: [String: String] = [:]
        for pair in variables {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ValidationError("--var takes NAME=VALUE, got '\(pair)'")
            }
            values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        let zoneList = zones.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return LoadOptions(variables: values, varFiles: varFiles, zones: zoneList, allowRead: allowRead)
    }

    /// The inventory, or the demo when no source is given. A load error prints
    /// `file:line:col: error: …` and exits 2.
    func load() throws -> Inventory {
        if sources.isEmpty { return SourceLoader.demo() }
        return try Self.load(sources, options: try loadOptions())
    }

    /// Loads sources as one inventory, printing its warnings; a load error prints
    /// `file:line:col: error: …` and exits 2.
    static func load(_ sources: [String], options: LoadOptions) throws -> Inventory {
        do {
            let inventory = try SourceLoader.load(sources, options: options)
            printWarnings(inventory.contents.warnings)
            // What is missing from the network is said on every command, not only in the explorer's header.
            for gap in inventory.sources.flatMap(\.gaps) where inventory.sources.contains(where: { $0.format == .terraform && $0.gaps.contains(gap) }) {
                printError("vpcx: warning: \(TextWidth.sanitize(gap))")
            }
            return inventory
        } catch {
            // SourceLoader.load throws only LoadError (typed throws): its description is the located message.
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

extension SourceOptions {
    /// Load warnings on standard error: each page that may be incomplete, and the files skipped as not
    /// describe-* answers (a cloudmapper directory has dozens: the first few, then a count).
    static func printWarnings(_ warnings: [String]) {
        let skipped = warnings.filter { $0.contains(": skipped: ") }
        for warning in warnings where !warning.contains(": skipped: ") { printError(TextWidth.sanitize(warning)) }
        for line in skipped.prefix(3) { printError("note: " + TextWidth.sanitize(line)) }
        if skipped.count > 3 { printError("note: \(skipped.count - 3) more files skipped: not aws ec2 describe-* answers vpcx reads") }
    }
}

/// Writes a line to standard error, sanitised (`Output.error`).
func printError(_ line: String) {
    Output.error(line)
}
