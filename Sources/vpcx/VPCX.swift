import ArgumentParser
import CBuildInfo
import Foundation

/// The `vpcx` command: the explorer by default, and the non-interactive commands beside it.
@main
struct VPCX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpcx",
        abstract: "Explore AWS VPC endpoints: traffic paths with and without endpoints, ENIs, policies, cost, findings.",
        discussion: "Reads inventories (aws ec2 describe-* JSON, terraform show -json) and specs (Terraform .tf). Never writes to AWS.",
        version: BuildInfo.versionLine,
        subcommands: VPCX.commands,
        defaultSubcommand: ExploreCommand.self
    )

    /// ArgumentParser's own parsing, with DESIGN's exit codes (a value an option cannot take, such as
    /// `--size 0x5`, is bad usage: exit 2, not ArgumentParser's 64), and its messages (which quote the
    /// arguments given) through `Output` like every other line vpcx writes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Output.line(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Output.error(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// The version `--version` and `collect`'s manifest print.
let vpcxVersion = "0.1.0"

/// What the binary was built from, for `--version` and bug reports.
enum BuildInfo {
    /// The git commit `scripts/dist` stamped into the binary; nil for a plain `swift build`.
    static var commit: String? {
        guard let stamp = vpcx_build_commit() else { return nil }
        let commit = String(cString: stamp)
        return commit.isEmpty ? nil : commit
    }

    /// `0.1.0 (commit 4705e89a1b2c)`, or `0.1.0 (development build: no commit stamped)`.
    static var versionLine: String {
        "\(vpcxVersion) (" + (commit.map { "commit \($0)" } ?? "development build: no commit stamped") + ")"
    }
}
