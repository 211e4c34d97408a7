import ArgumentParser

extension VPCX {
    /// Every subcommand; the first is the default (the explorer).
    static let commands: [ParsableCommand.Type] = [
        ExploreCommand.self,
        CheckCommand.self,
        PathsCommand.self,
        CostCommand.self,
        TrafficCommand.self,
        PolicyCommand.self,
        DiagramCommand.self,
        DiffCommand.self,
        ExportCommand.self,
        CollectCommand.self,
        TourCommand.self,
        SnapshotCommand.self,
        BenchmarkCommand.self,
    ]
}
