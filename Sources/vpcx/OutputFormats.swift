import ArgumentParser

/// `--format text|json`: ArgumentParser lists the values in `--help` and refuses any other (exit 2).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `vpcx cost --format text|json|csv`.
enum CostOutput: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
