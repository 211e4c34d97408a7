import Analysis
import ArgumentParser
import Canvas
import Foundation
import JSONText
import Loaders
import Model

/// `vpcx traffic LOGS...`: what VPC flow logs say each subnet sends to each AWS service, scaled to a
/// month; `--format usage` writes it as a usage file.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Measure GB a month per VPC, subnet and service from VPC flow logs (text, JSON, or a usage file).",
        discussion: """
        LOGS are flow log files (plain or .gz; the default v2 format, or a custom format with its header line) or \
        directories such as the S3 delivery's AWSLogs/ (walked for *.log, *.log.gz, *.txt); CloudWatch Logs exports \
        (a timestamp before each record) too. Parquet is not read: no well-kept Swift Parquet reader is available. \
        Records are attributed with the network (--source; none: the built-in demo) and AWS's ip-ranges.json.
        """)

    @Argument(help: ArgumentHelp("Flow log files or directories.", valueName: "LOGS"), completion: .file())
    var logs: [String]

    @Option(name: .customLong("source"), help: ArgumentHelp("The network the logs are of (as SOURCE elsewhere; repeatable). None: the built-in demo.", valueName: "SOURCE"),
            completion: Completions.sources)
    var sources: [String] = []

    @Option(name: .customLong("ip-ranges"), help: ArgumentHelp("AWS's ip-ranges.json, to tell S3 and DynamoDB addresses apart.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var ipRanges: String?

    @Option(help: ArgumentHelp("Output: text, json or usage (a usage file for --usage).", valueName: "FORMAT"),
            completion: .list(["text", "json", "usage"]))
    var format: TrafficOutput = .text

    enum TrafficOutput: String, ExpressibleByArgument, CaseIterable {
        case text, json, usage
    }

    func run() throws {
        let inventory = sources.isEmpty ? SourceLoader.demo() : try SourceOptions.load(sources, options: LoadOptions())
        let measured = try FlowLogMeasure.measure(logs, inventory: inventory, ipRanges: ipRanges)
        let traffic = measured.traffic.traffic()
        switch format {
        case .usage:
            let window = measured.traffic.windowSeconds.map { "\(CostFormat.number($0 / 3600, decimals: 1)) hours" } ?? "an unknown window"
            Output.text(UsageFile.text(traffic, header: "vpcx usage file, measured from VPC flow logs over \(window), scaled to a month"))
        case .json:
            let flows: [JSONValue] = measured.traffic.flows.map { flow in
                .object([("vpc", .string(flow.vpc)), ("subnet", flow.subnet.map(JSONValue.string) ?? .null), ("service", .string(flow.service)),
                         ("bytes", .number(String(flow.bytes))),
                         ("gbPerMonth", .number(CostFormat.plain(measured.traffic.monthlyGB(flow.bytes))))])
            }
            let window: JSONValue = measured.traffic.windowSeconds.map { .number(CostFormat.plain($0)) } ?? .null
            Output.json(JSONValue.object([("windowSeconds", window), ("records", .number(String(measured.summary.records))),
                                          ("skippedLines", .number(String(measured.summary.skipped))), ("flows", .array(flows)),
                                          ("notes", .array(measured.notes.map(JSONValue.string)))]).prettyText + "\n")
        case .text:
            var lines = ["Flow logs: \(measured.summary.files) file\(measured.summary.files == 1 ? "" : "s"), \(measured.summary.records) records"]
            lines += measured.notes.map { "note: " + $0 }
            var rows = [["VPC", "SUBNET", "SERVICE", "GB/MONTH"]]
            for flow in measured.traffic.flows {
                rows.append([flow.vpc, flow.subnet ?? "(unknown: a NAT record)", flow.service,
                             CostFormat.number(measured.traffic.monthlyGB(flow.bytes), decimals: 1)])
            }
            lines.append("")
            lines += CostReport.table(rows, rightAligned: [3])
            Output.text(lines.map(TextWidth.sanitize).joined(separator: "\n") + "\n")
        }
        for note in measured.warnings { printError("vpcx: warning: \(TextWidth.sanitize(note))") }
    }
}

/// Reading flow logs and attributing them: the one path `vpcx traffic`, `--flow-logs` on the
/// explorer and on `cost` share.
enum FlowLogMeasure {
    struct Result {
        var traffic: MeasuredTraffic
        var summary: FlowLogReader.Summary
        /// What the report says about the figures (window, internet bytes, skipped lines).
        var notes: [String]
        /// What the user should act on (missing or old ip-ranges.json), on standard error.
        var warnings: [String]
    }

    /// Reads and attributes the logs, or exit 2 with a located error. A progress line goes to
    /// standard error when it is a terminal.
    static func measure(_ paths: [String], inventory: Inventory, ipRanges path: String?) throws -> Result {
        do {
            return try measuring(paths, inventory: inventory, ipRanges: path, progress: isatty(2) == 1)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }

    /// Reads and attributes the logs (the explorer's load thread calls this: no exit, no progress line).
    static func measuring(_ paths: [String], inventory: Inventory, ipRanges path: String?, progress tty: Bool = false) throws(LoadError) -> Result {
        let ranges = try path.map { p throws(LoadError) in try IPRangesLoader.load(path: p) }
        let files = try FlowLogReader.files(paths)
        let attribution = FlowAttribution(inventory: inventory, ipRanges: ranges)
        let progress: (@Sendable (UInt64, UInt64) -> Void)? = tty ? FlowLogProgress().report : nil
        // Two parsing threads (the machine's two cores, with the reading thread inflating beside them).
        let helper = attribution.fork()
        let summary = try FlowLogReader.read(files, into: [attribution, helper], progress: progress)
        attribution.merge(helper)
        if tty { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        let traffic = attribution.measured()
        var notes = traffic.notes()
        if summary.skipped > 0 {
            notes.append("\(summary.skipped) line\(summary.skipped == 1 ? "" : "s") skipped, not flow log records: "
                         + summary.firstSkips.joined(separator: "; ") + (summary.skipped > summary.firstSkips.count ? "; …" : ""))
        }
        let warnings = [IPRangesLoader.staleness(ranges, path: path)].compactMap { $0 }
        return Result(traffic: traffic, summary: summary, notes: notes, warnings: warnings)
    }
}

/// `Reading flow logs: 1.2 GB of 3.4 GB (35%)`, at most ten times a second, on a terminal's stderr.
final class FlowLogProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0.0

    func report(_ done: UInt64, _ total: UInt64) {
        let now = Date().timeIntervalSince1970
        let due = lock.withLock { () -> Bool in
            guard now - last >= 0.1 || done == total else { return false }
            last = now
            return true
        }
        guard due else { return }
        let gb = { (b: UInt64) in CostFormat.number(Double(b) / 1e9, decimals: 2) }
        let percent = total > 0 ? " (\(done * 100 / total)%)" : ""
        FileHandle.standardError.write(Data("\r\u{1b}[KReading flow logs: \(gb(done)) GB of \(gb(total)) GB\(percent)".utf8))
    }
}
