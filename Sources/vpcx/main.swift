// Temporary (branch collect): the lead's main.swift replaces this file and registers CollectCommand.
import ArgumentParser

struct VPCX: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vpcx", subcommands: [CollectCommand.self])
}

VPCX.main()
