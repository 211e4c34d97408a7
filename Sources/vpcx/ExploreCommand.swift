import ArgumentParser
import Model

/// `vpcx [SOURCE ...]`: the explorer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore", abstract: "Open the explorer (the default).")

    @OptionGroup var source: SourceOptions

    func run() throws {
        let inventory = try source.load()
        print("\(inventory.vpcs.count) VPCs, \(inventory.endpoints.count) endpoints")
    }
}
