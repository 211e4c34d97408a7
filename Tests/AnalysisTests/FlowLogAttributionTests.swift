import Analysis
import Foundation
import Loaders
import Model
import Testing

/// Flow logs written by `scripts/make-flow-logs.py` for the article's network from a traffic matrix:
/// reading and attributing them must give the matrix back, whatever the format and the layout.
@Suite struct FlowLogAttributionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let demo = SourceLoader.demo()
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// GB a month per source subnet (Name tag) and service.
    static let matrix: [(subnet: String, service: String, gb: Double)] = [
        ("private-a", "s3", 3200), ("private-b", "s3", 800), ("private-a", "logs", 300),
        ("private-c", "ecr.dkr", 120.5), ("private-b", "dynamodb", 42), ("private-c", "secretsmanager", 2),
    ]

    /// Runs the generator into a scratch directory; returns it, with `logs` (a file or the S3 tree) inside.
    static func generate(_ arguments: [String], internet: Double = 500, window: Double = 2) throws -> String {
        let directory = NSTemporaryDirectory() + "vpcx-flowlogs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let flows = matrix.map { "{\"subnet\": \"\($0.subnet)\", \"service\": \"\($0.service)\", \"gb_per_month\": \($0.gb)}" }
            + ["{\"subnet\": \"private-c\", \"service\": \"internet\", \"gb_per_month\": \(internet)}"]
        try "{\"window_hours\": \(window), \"flows\": [\(flows.joined(separator: ", "))]}".write(toFile: directory + "/matrix.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python))
        process.arguments = [root + "/scripts/make-flow-logs.py", "--network", root + "/Sources/Loaders/Demo/blog-eu-west-1",
                             "--matrix", directory + "/matrix.json", "--out", directory + "/logs"] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return directory
    }

    final class Counter: FlowRecordSink {
        var records = 0
        func consume(_ record: FlowRecord, file: Int) { records += 1 }
    }

    /// Reads and attributes; the measured GB a month per subnet Name tag and service.
    static func measure(_ path: String, ranges: String? = nil) throws -> (MeasuredTraffic, FlowLogReader.Summary, [String: Double]) {
        let attribution = FlowAttribution(inventory: demo, ipRanges: try ranges.map { try IPRangesLoader.load(path: $0) })
        // Two parsing threads, as vpcx runs it: their attributions merged give the one answer.
        let helper = attribution.fork()
        let summary = try FlowLogReader.read(try FlowLogReader.files([path]), into: [attribution, helper])
        attribution.merge(helper)
        let measured = attribution.measured()
        var figures: [String: Double] = [:]
        for flow in measured.flows {
            let name = flow.subnet.flatMap { demo.subnet($0)?.name } ?? "?"
            figures["\(name) \(flow.service)", default: 0] += measured.monthlyGB(flow.bytes)
        }
        return (measured, summary, figures)
    }

    static func expectMatrix(_ figures: [String: Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(figures.keys) == Set(matrix.map { "\($0.subnet) \($0.service)" }), sourceLocation: sourceLocation)
        for row in matrix {
            let got = figures["\(row.subnet) \(row.service)"] ?? -1
            // Whole bytes a minute: the matrix comes back to a millionth of a GB.
            #expect(abs(got - row.gb) < 1e-6, "\(row.subnet) \(row.service): \(got) GB, not \(row.gb)", sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func theDefaultFormatWithIPRangesGivesTheMatrixBack() throws {
        let directory = try Self.generate([])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (measured, summary, figures) = try Self.measure(directory + "/logs", ranges: directory + "/logs.ip-ranges.json")
        Self.expectMatrix(figures)
        #expect(summary.skipped == 0 && summary.records > 0)
        #expect(measured.windowSeconds == 7200)
        // Internet through private-c's NAT, seen on the caller's ENI and the NAT's: counted once, not a service.
        #expect(abs(measured.monthlyGB(measured.internetBytes) - 500) < 1e-6)
        #expect(measured.natBytes.count == 1)
        #expect(measured.ignoredRecords > 0, "REJECT, NODATA and endpoint-side records are not counted")
        // Without ip-ranges.json the default format cannot tell S3 from the internet: not guessed.
        let (_, _, unranged) = try Self.measure(directory + "/logs")
        #expect(unranged["private-a s3"] == nil && unranged["private-a logs"].map { abs($0 - 300) < 1e-6 } == true)
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aCustomFormatGzipdInTheS3LayoutOverSeveralWindowsGivesTheMatrixBack() throws {
        let directory = try Self.generate(["--format", "custom", "--gzip", "--layout", "s3", "--repeat", "3", "--bad-lines", "7"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // pkt-dst-aws-service names S3 and DynamoDB: no ip-ranges.json needed.
        let (measured, summary, figures) = try Self.measure(directory + "/logs")
        Self.expectMatrix(figures)
        #expect(summary.files == 3)
        #expect(measured.windowSeconds == 21600.0)
        #expect(summary.skipped == 7)
        #expect(summary.firstSkips.count == FlowLogReader.namedSkips)
        #expect(summary.firstSkips.first?.contains("/vpcflowlogs/eu-west-1/2024/05/01/") == true)
        #expect(summary.firstSkips.first?.contains(".log.gz:5: not a flow log record") == true, "\(summary.firstSkips)")
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aCloudWatchExportAndConcatenatedGzipMembersRead() throws {
        let directory = try Self.generate(["--gzip", "--repeat", "2", "--cloudwatch"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (measured, _, figures) = try Self.measure(directory + "/logs", ranges: directory + "/logs.ip-ranges.json")
        Self.expectMatrix(figures)
        #expect(measured.windowSeconds == 14400.0)
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func measuredTrafficPricesLikeTheSameUsageFile() throws {
        let directory = try Self.generate([])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (measured, _, _) = try Self.measure(directory + "/logs", ranges: directory + "/logs.ip-ranges.json")
        let traffic = measured.traffic()
        #expect(traffic.entries.allSatisfy { $0.origin == .measured && $0.subnet != nil })
        let written = try UsageFile.parse(UsageFile.text(traffic), path: "measured.yaml")
        try written.check(against: Self.demo, knownServices: ["s3", "dynamodb", "logs", "ecr.dkr", "secretsmanager"])
        let a = CostReport(inventory: Self.demo, traffic: traffic), b = CostReport(inventory: Self.demo, traffic: written.traffic)
        #expect(abs(a.totals.monthly - b.totals.monthly) < 0.01)
        #expect(a.endpoints.first { $0.service == "logs" }?.trafficOrigin == .measured)
        #expect(a.advice.contains { $0.contains("logs endpoint") && $0.contains("below its break-even") })
    }

    @Test func badInputIsALocatedErrorOrACountedSkip() throws {
        let directory = NSTemporaryDirectory() + "vpcx-flowbad-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Not gzip after a gzip magic number: an error naming the file, never a crash.
        try Data([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).write(to: URL(fileURLWithPath: directory + "/broken.log.gz"))
        #expect(throws: LoadError.self) { try FlowLogReader.read([directory + "/broken.log.gz"], into: Counter()) }
        do {
            _ = try FlowLogReader.read([directory + "/broken.log.gz"], into: Counter())
        } catch {
            #expect(error.description.hasPrefix(directory + "/broken.log.gz: error: not valid gzip"))
        }
        #expect(throws: LoadError.self) { try FlowLogReader.files([directory + "/missing"]) }
        // A header in any order, a misspelt field, a record with a word too many, a non-number: skips, located.
        let text = """
        bytes interface-id srcaddr dstaddr start end
        100 eni-1 10.0.1.5 52.218.0.9 1714521600 1714521660
        bytes interface-id srcaddr dstaddr start end extra-field
        200 eni-1 10.0.1.5 52.218.0.9 1714521600 1714521660 9
        lots eni-1 10.0.1.5 52.218.0.9 1714521600 1714521660
        300 eni-1 10.0.1.5 52.218.0.9 1714521600 1714521720\r

        """
        try text.write(toFile: directory + "/custom.log", atomically: true, encoding: .utf8)
        let counter = Counter()
        let summary = try FlowLogReader.read([directory + "/custom.log"], into: counter)
        #expect(counter.records == 2)
        #expect(summary.skipped == 3)
        #expect(summary.firstSkips.map { $0.replacingOccurrences(of: directory + "/", with: "") } == [
            "custom.log:3: a header line with a field vpcx does not know: extra-field",
            "custom.log:4: not a flow log record in the header's format",
            "custom.log:5: not a flow log record in the header's format",
        ])
    }

    /// Several files are read two at a time; a broken one must still be reported as one reader
    /// would: the first broken file in the list, whichever thread meets its error first.
    @Test func severalFilesOnTwoReadersCountAllAndReportTheFirstBrokenFile() throws {
        let directory = NSTemporaryDirectory() + "vpcx-flowmany-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let record = "2 123456789012 eni-1 10.0.1.5 52.218.0.9 40000 443 6 10 100 1714521600 1714521660 ACCEPT OK\n"
        var good: [String] = []
        for i in 0..<9 {
            let path = directory + "/good-\(i).log"
            try String(repeating: record, count: 1000 + i).write(toFile: path, atomically: true, encoding: .utf8)
            good.append(path)
        }
        let counter = Counter()
        let summary = try FlowLogReader.read(good, into: counter)
        #expect(counter.records == (0..<9).reduce(0) { $0 + 1000 + $1 })
        #expect(summary.records == counter.records)
        #expect(summary.files == 9)

        // The first file is long and broken only at its end; the second is broken at once. The
        // second reader meets its error long before the first does, and the error is still the first file's.
        let long = directory + "/a-long.log"
        try String(repeating: record, count: 200_000).write(toFile: long, atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-1", long]
        try gzip.run()
        gzip.waitUntilExit()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: long + ".gz"))
        handle.seekToEndOfFile()
        handle.write(Data([0x1f, 0x8b, 0x08, 0x00, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]))  // a second member that is not gzip
        try handle.close()
        let broken = [0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as [UInt8]
        try Data(broken).write(to: URL(fileURLWithPath: directory + "/b-soon.log.gz"))
        for _ in 0..<3 {
            do {
                _ = try FlowLogReader.read([long + ".gz", directory + "/b-soon.log.gz", good[0]], into: [Counter(), Counter()])
                Issue.record("a broken file must fail the read")
            } catch {
                #expect(error.description.hasPrefix(long + ".gz: error: not valid gzip"), "\(error.description)")
            }
        }
    }

    @Test func ipRangesInAWSsShapeAreALongestPrefixIndex() throws {
        let directory = NSTemporaryDirectory() + "vpcx-ipranges-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let json = """
        {
          "syncToken": "1714521600",
          "createDate": "2024-05-01-00-00-00",
          "prefixes": [
            {"ip_prefix": "52.0.0.0/10", "region": "eu-west-1", "service": "AMAZON", "network_border_group": "eu-west-1"},
            {"ip_prefix": "52.218.0.0/17", "region": "eu-west-1", "service": "AMAZON", "network_border_group": "eu-west-1"},
            {"ip_prefix": "52.218.0.0/17", "region": "eu-west-1", "service": "S3", "network_border_group": "eu-west-1"},
            {"ip_prefix": "52.119.224.0/20", "region": "eu-west-1", "service": "DYNAMODB", "network_border_group": "eu-west-1"},
            {"ip_prefix": "52.119.230.0/24", "region": "eu-west-1", "service": "EC2", "network_border_group": "eu-west-1"}
          ],
          "ipv6_prefixes": [{"ipv6_prefix": "2600:1f00::/24", "region": "eu-west-1", "service": "AMAZON", "network_border_group": "eu-west-1"}]
        }
        """
        try json.write(toFile: directory + "/ip-ranges.json", atomically: true, encoding: .utf8)
        let ranges = try IPRangesLoader.load(path: directory + "/ip-ranges.json")
        let at = { (text: String) in ranges.service(of: IPv4Address(text)?.value ?? 0) }
        #expect(ranges.count == 5)
        #expect(at("52.218.10.1") == .s3, "S3 and AMAZON list the same block: S3")
        #expect(at("52.119.225.1") == .dynamodb)
        #expect(at("52.119.230.7") == .otherAWS, "the longer EC2 block inside DynamoDB's wins")
        #expect(at("52.10.0.1") == .otherAWS)
        #expect(at("93.184.216.34") == .none)
        let day = 86400.0
        let created = try #require(ranges.created)
        #expect(IPRangesLoader.staleness(ranges, path: "r.json", now: created + 3 * day) == nil)
        #expect(IPRangesLoader.staleness(ranges, path: "r.json", now: created + 45 * day)?.hasPrefix("r.json is 45 days old") == true)
        #expect(IPRangesLoader.staleness(nil, path: nil)?.hasPrefix("no --ip-ranges FILE") == true)
        try "{\"prefixes\": [{\"ip_prefix\": \"nope\"}]}".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        #expect(throws: LoadError.self) { try IPRangesLoader.load(path: directory + "/bad.json") }
    }
}
