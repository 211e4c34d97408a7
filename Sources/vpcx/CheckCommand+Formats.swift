import Analysis
import Model

/// `vpcx check --format`: which renderer prints a report, and what `--quiet` keeps.
struct CheckOutput {
    var format: CheckFormat
    var quiet: Bool
    /// `--fail-on` (nil: never).
    var threshold: Severity?

    /// The whole output, newline-terminated.
    func render(_ report: FindingsReport, engine: FindingEngine, inventory: Inventory, color: Bool,
                clean: @escaping (String) -> String) -> String {
        switch format {
        case .json:
            return Provenance.json(report.json(), inventory).prettyText + "\n"
        case .sarif:
            return report.sarif(engine: engine, inventory: inventory, toolVersion: vpcxVersion, clean: { $0 }).prettyText + "\n"
        case .junit:
            return report.junit(engine: engine, threshold: threshold, clean: clean)
        case .github:
            let shown = quiet ? FindingsReport(report.findings.filter { f in threshold.map { f.severity >= $0 } ?? false }) : report
            // The summary counts every finding, as in text.
            return shown.githubAnnotations(inventory: inventory, clean: clean) + report.summaryLine + "\n"
        case .text:
            if quiet { return report.quietText(threshold: threshold, color: color, clean: clean) }
            return report.text(inventory: inventory, color: color, clean: clean) + Provenance.text(inventory)
        }
    }
}
