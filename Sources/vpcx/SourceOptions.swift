import ArgumentParser
import Foundation
import Loaders
import Model

/// The SOURCE arguments every command takes, and reading them with the exit-2 contract.
struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Inventory or spec: a directory or file of aws ec2 describe-* JSON, Terraform .tf files, terraform show -json output, or - for standard input. None: the built-in demo.", valueName: "SOURCE"))
    var sources: [String] = []

    @Option(name: .customLong("var"), help: ArgumentHelp("Terraform variable NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Terraform .tfvars or .tfvars.json file (repeatable).", valueName: "FILE"))
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
            for warning in inventory.contents.warnings { printError(warning) }
            return inventory
        } catch let error as LoadError {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// Writes a line to standard error, sanitised (`Output.error`).
func printError(_ line: String) {
    Output.error(line)
}
