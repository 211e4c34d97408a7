import ArgumentParser

extension VPCX {
    /// Every subcommand; the first is the default (the explorer).
    static let commands: [ParsableCommand.Type] = [
        ExploreCommand.self,
        PolicyCommand.self,
    ]
}
