import ArgumentParser

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
}

/// The version `--version` and `collect`'s manifest print.
let vpcxVersion = "0.1.0"
