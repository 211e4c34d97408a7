import Analysis
import ArgumentParser

/// `--format text|json`: ArgumentParser lists the values in `--help` and refuses any other (exit 2).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `vpcx cost --format text|json|csv`.
enum CostOutput: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// `vpcx check --format`: text for people, the rest for tools (SARIF for code-scanning dashboards,
/// JUnit for CI test reports, GitHub workflow annotations).
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github

    /// The formats `--quiet` narrows: the ones a person reads in a CI log. The others are files for
    /// tools and always hold every finding.
    var isQuietable: Bool { self == .text || self == .github }
    /// JSON (exact values, escaped by `Output.json`) rather than text (sanitised).
    var isJSON: Bool { self == .json || self == .sarif }
}

/// `vpcx check --fail-on`: the lowest severity that fails the gate.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never

    /// The severity at or above which `check` exits 1 (nil: never).
    var threshold: Severity? { Severity(rawValue: rawValue) }
}
