import ArgumentParser
import Foundation

/// The `vpcx` command: the explorer by default, and the non-interactive commands beside it.
@main
struct VPCX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpcx",
        abstract: "Explore AWS VPC endpoints: traffic paths with and without endpoints, ENIs, policies, cost, findings.",
        discussion: "Reads inventories (aws ec2 describe-* JSON, terraform show -json) and specs (Terraform .tf). Never writes to AWS.",
        version: vpcxVersion,
        subcommands: VPCX.commands,
        defaultSubcommand: ExploreCommand.self
    )

    /// ArgumentParser's `main`, except that its messages (which quote the arguments given, e.g. an
    /// invalid value) go through `Output` like every other line vpcx writes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Output.line(message) }
            } else if !message.isEmpty {
                Output.error(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// The version `--version` and `collect`'s manifest print.
let vpcxVersion = "0.1.0"
