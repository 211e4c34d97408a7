import ArgumentParser
import Canvas
import Foundation
import Loaders
import Model

/// The SOURCE arguments every command takes, and reading them with the exit-2 contract.
struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Inventory or spec: a directory or file of aws ec2 describe-* JSON, Terraform .tf files, terraform show -json output, or - for standard input. None: the built-in demo.", valueName: "SOURCE"), completion: Completions.sources)
    var sources: [String] = []

    @Option(name: .customLong("var"), help: ArgumentHelp("Terraform variable NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Terraform .tfvars or .tfvars.json file (repeatable).", valueName: "FILE"), completion: .file(extensions: ["tfvars", "json"]))
    var varFiles: [String] = []

    /// The load options the loaders take.
    func loadOptions() throws -> LoadOptions {
        var values: [String: String] = [:]
        for pair in variables {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ValidationError("--var takes NAME=VALUE, got '\(pair)'")
            }
            values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return LoadOptions(variables: values, varFiles: varFiles)
    }

    /// The inventory, or the demo when no source is given. A load error prints
    /// `file:line:col: error: …` and exits 2.
    func load() throws -> Inventory {
        if sources.isEmpty { return SourceLoader.demo() }
        do {
            let inventory = try SourceLoader.load(sources, options: try loadOptions())
            Self.printWarnings(inventory.contents.warnings)
            return inventory
        } catch let error as LoadError {
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

/// Writes a line to standard error.
func printError(_ line: String) {
    var stderr = StandardError()
    print(line, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
