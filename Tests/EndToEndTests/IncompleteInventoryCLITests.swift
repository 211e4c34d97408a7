import Foundation
import Testing

/// The binary on inventories that lack kinds: `check` says what it could not run and `--require-complete`
/// makes a gate fail; `paths` answers unknown, never blocked; skipped files are noted.
@Suite struct IncompleteInventoryCLITests {
    /// The article's network without its route tables, NAT and internet gateways (as cloudmapper keeps it),
    /// beside a file that is not a describe-* answer.
    static func partialCopy() throws -> String {
        let directory = NSTemporaryDirectory() + "vpcx-partial-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
        for name in try FileManager.default.contentsOfDirectory(atPath: blog)
        where !["describe-route-tables.json", "describe-nat-gateways.json", "describe-internet-gateways.json"].contains(name) {
            try FileManager.default.copyItem(atPath: blog + "/" + name, toPath: directory + "/" + name)
        }
        try Data(#"{"trailList": []}"#.utf8).write(to: URL(fileURLWithPath: directory + "/cloudtrail-describe-trails.json"))
        return directory
    }

    @Test func checkListsWhatItCouldNotEvaluateAndRequireCompleteExitsTwo() throws {
        let directory = try Self.partialCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try BuiltBinary.run(["check", directory, "--fail-on", "never"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Not evaluated: "))
        #expect(text.stdout.contains("missing-free-gateway-endpoint: route tables not loaded (aws ec2 describe-route-tables)"))
        #expect(!text.stdout.contains("no NAT gateway"))
        #expect(text.stderr.contains("warning: check is incomplete"))
        #expect(text.stderr.contains("cloudtrail-describe-trails.json: skipped"))

        let json = try BuiltBinary.run(["check", directory, "--format", "json", "--fail-on", "never"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let skipped = try #require(document["notEvaluated"] as? [[String: Any]])
        #expect(skipped.contains { $0["rule"] as? String == "gateway-endpoint-missing-route" && ($0["missing"] as? [String]) == ["routeTables"] })
        #expect((document["summary"] as? [String: Any])?["complete"] as? Bool == false)

        let gate = try BuiltBinary.run(["check", directory, "--fail-on", "never", "--require-complete"])
        #expect(gate.status == 2)
        let whole = try BuiltBinary.run(["check", BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1", "--require-complete", "--fail-on", "never"])
        #expect(whole.status == 0 && whole.stderr.isEmpty)
    }

    @Test func pathsAreUnknownNotBlockedAndTheInterfaceEndpointIsStillDecided() throws {
        let directory = try Self.partialCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try BuiltBinary.run(["paths", directory, "--service", "dynamodb,secretsmanager", "--format", "json"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [[String: Any]])
        #expect(!paths.isEmpty)
        for path in paths {
            let via = path["via"] as? String
            #expect(via != "none")
            if path["service"] as? String == "secretsmanager" {
                #expect(via == "interface-endpoint" && path["reachable"] as? Bool == true)
            } else {
                #expect(via == "unknown" && path["reachable"] is NSNull)
                #expect((path["unknown"] as? String)?.contains("route tables not loaded") == true)
            }
        }
    }
}
