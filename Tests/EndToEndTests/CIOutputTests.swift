import Foundation
import Testing

/// A scratch directory with a Terraform spec whose findings point at known lines, and whose endpoint's
/// Name tag tries to break out of a GitHub workflow command.
struct HostileSpec {
    let directory: String
    var mainTF: String { directory + "/main.tf" }
    /// The line of `resource "aws_vpc" "main"` and of `resource "aws_vpc_endpoint" "ecr"`.
    static let vpcLine = 5
    static let endpointLine = 16

    init() throws {
        directory = NSTemporaryDirectory() + "vpcx-ci-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        provider "aws" {
          region = "eu-west-1"
        }

        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
          tags = { Name = "main" }
        }

        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.0.1.0/24"
          availability_zone = "eu-west-1a"
        }

        resource "aws_vpc_endpoint" "ecr" {
          vpc_id            = aws_vpc.main.id
          service_name      = "com.amazonaws.eu-west-1.ecr.dkr"
          vpc_endpoint_type = "Interface"
          subnet_ids        = [aws_subnet.a.id]
          tags = { Name = "ecr\\n::error file=x.tf,line=1::injected <b>&amp; 100%" }
        }

        """.write(toFile: mainTF, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// Runs `python3 -c script arguments…`; nil when there is no python3 on PATH.
func python(_ script: String, _ arguments: [String]) throws -> BuiltBinary.Result? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return BuiltBinary.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite struct CIOutputTests {
    let broken = BuiltBinary.fixtures + "/aws-cli/broken-us-east-1"

    /// The parts of the SARIF 2.1.0 schema a consumer (GitHub code scanning) relies on, checked by hand.
    @Test func sarifFollowsTheSchemaAndPointsAtTheTerraformBlock() throws {
        let spec = try HostileSpec()
        defer { spec.remove() }
        let result = try BuiltBinary.run(["check", spec.mainTF, "--format", "sarif"])
        #expect(result.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "vpcx")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.count == rules.count && Set(ruleIDs).count == rules.count && ruleIDs.contains("ecr-needs-s3-gateway"))
        for rule in rules {
            // reportingDescriptor: id required; the multiformatMessageStrings need "text".
            let help = (rule["help"] as? [String: Any])?["text"] as? String
            #expect(help?.contains("How to fix it:") == true, "rule \(rule["id"] ?? "?") has the --explain text as help")
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(["none", "note", "warning", "error"].contains((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String ?? ""))
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        let lines = try String(contentsOfFile: spec.mainTF, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for r in results {
            let ruleID = try #require(r["ruleId"] as? String)
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(index >= 0 && index < rules.count && ruleIDs[index] == ruleID, "ruleIndex names the rule")
            #expect(["none", "note", "warning", "error"].contains(r["level"] as? String ?? ""))
            #expect(((r["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require((r["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.contains(" ") && !uri.contains("\\"), "a URI reference, not a raw path")
            let path = try #require(URL(string: uri)?.path)
            #expect(path == spec.mainTF)
            let line = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
            #expect(line >= 1 && line <= lines.count)
            // The line is the declaring block of the finding's resource (or of its VPC).
            #expect(line == HostileSpec.vpcLine || line == HostileSpec.endpointLine)
            #expect(lines[line - 1].hasPrefix("resource \"aws_vpc"))
        }
        #expect(results.contains { ($0["ruleId"] as? String) == "private-dns-disabled" && sarifLine($0) == HostileSpec.endpointLine })
        #expect(results.contains { ($0["ruleId"] as? String) == "ecr-needs-s3-gateway" && sarifLine($0) == HostileSpec.vpcLine })
    }

    func sarifLine(_ result: [String: Any]) -> Int? {
        (((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int
    }

    @Test func sarifOfAnAWSInventoryNamesTheResourceWithoutAFile() throws {
        let result = try BuiltBinary.run(["check", broken, "--format", "sarif"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for r in results {
            let location = try #require((r["locations"] as? [[String: Any]])?.first)
            #expect(location["physicalLocation"] == nil, "no file to point at: an AWS inventory")
            let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
            #expect((logical["name"] as? String)?.isEmpty == false)
        }
    }

    /// JUnit as a consumer reads it: python's xml.etree, with the counts the format's attributes promise.
    @Test func junitParsesAndItsCountsAddUp() throws {
        let result = try BuiltBinary.run(["check", broken, "--format", "junit", "--fail-on", "warning"])
        #expect(result.status == 1)
        let script = """
        import sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        assert root.tag == "testsuites", root.tag
        total = failures = 0
        for suite in root.findall("testsuite"):
            cases = suite.findall("testcase")
            fails = [c for c in cases if c.find("failure") is not None]
            assert int(suite.get("tests")) == len(cases), (suite.get("name"), suite.get("tests"), len(cases))
            assert int(suite.get("failures")) == len(fails), suite.get("name")
            for c in cases:
                assert c.get("name") and c.get("classname", "").startswith("vpcx.check."), c.attrib
                f = c.find("failure")
                if f is not None:
                    assert f.get("type") in ("error", "warning") and f.get("message"), f.attrib
            total += len(cases); failures += len(fails)
        assert int(root.get("tests")) == total and int(root.get("failures")) == failures
        print(total, failures)
        """
        let path = NSTemporaryDirectory() + "vpcx-junit-\(UUID().uuidString).xml"
        try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let parsed = try python(script, [path]) else {
            Issue.record("python3 is needed to read the JUnit report")
            return
        }
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let counts = parsed.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2 && counts[1] > 0 && counts[0] > counts[1])
    }

    @Test func junitEscapesWhatTheSpecSays() throws {
        let spec = try HostileSpec()
        defer { spec.remove() }
        let result = try BuiltBinary.run(["check", spec.mainTF, "--format", "junit", "--fail-on", "info"])
        let path = spec.directory + "/report.xml"
        try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
        import sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        texts = [f.get("message") for f in root.iter("failure")]
        assert any("<b>&amp; 100%" in t for t in texts), texts
        """
        guard let parsed = try python(script, [path]) else {
            Issue.record("python3 is needed to read the JUnit report")
            return
        }
        #expect(parsed.status == 0, "\(parsed.stderr)")
    }

    @Test func githubAnnotationsPointAtTheLineAndCannotBeInjected() throws {
        let spec = try HostileSpec()
        defer { spec.remove() }
        let result = try BuiltBinary.run(["check", spec.mainTF, "--format", "github"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "2 errors, 3 warnings, 1 info")
        let commands = lines.dropLast()
        #expect(!commands.isEmpty && commands.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(commands.contains { $0.hasPrefix("::warning file=\(spec.mainTF),line=\(HostileSpec.endpointLine),title=private-dns-disabled") })
        // The Name tag's newline and "::error file=x.tf" stay inside one annotation's message.
        #expect(!lines.contains { $0.hasPrefix("::error file=x.tf") })
        #expect(commands.contains { $0.contains("injected <b>&amp; 100%25") })
    }

    @Test func quietPrintsOnlyWhatFailsTheGateAndTheSummary() throws {
        let full = try BuiltBinary.run(["check", broken])
        let summary = try #require(full.stdout.split(separator: "\n").last.map(String.init))
        let quiet = try BuiltBinary.run(["check", broken, "--quiet"])
        #expect(quiet.status == 1)
        let lines = quiet.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == summary)
        let findings = lines.dropLast()
        #expect(!findings.isEmpty && findings.allSatisfy { $0.hasPrefix("error ") })
        #expect(findings.count == Int(summary.split(separator: " ").first ?? "") )
        let never = try BuiltBinary.run(["check", broken, "--quiet", "--fail-on", "never"])
        #expect(never.status == 0 && never.stdout == summary + "\n")
        let json = try BuiltBinary.run(["check", broken, "--quiet", "--format", "json"])
        #expect(json.status == 2 && json.stderr.contains("--quiet applies to text and github"))
    }

    @Test func pathsCSVCarriesTheJSONFacts() throws {
        let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
        let csv = try BuiltBinary.run(["paths", blog, "--format", "csv"])
        let json = try BuiltBinary.run(["paths", blog, "--format", "json"])
        #expect(csv.status == 0 && json.status == 0)
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        #expect(header.first == "vpc" && header.contains("via") && header.contains("withoutVia"))
        let paths = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["paths"] as? [[String: Any]])
        #expect(rows.count - 1 == paths.count)
        let via = try #require(header.firstIndex(of: "via")), subnet = try #require(header.firstIndex(of: "subnet"))
        var compared = 0
        for (row, path) in zip(rows.dropFirst(), paths) where row.count == header.count {  // rows without quoted commas
            #expect(row[via] == path["via"] as? String && row[subnet] == path["subnet"] as? String)
            compared += 1
        }
        #expect(compared > 0)
    }
}
