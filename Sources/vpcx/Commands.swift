import ArgumentParser

extension VPCX {
    /// Every subcommand; the first is the default (the explorer).
    static let commands: [ParsableCommand.Type] = [
        ExploreCommand.self,
        SnapshotCommand.self,
        BenchmarkCommand.self,
        PolicyCommand.self,
    ]
}
