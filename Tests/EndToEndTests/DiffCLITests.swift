import Foundation
import Testing

/// `vpcx diff` through the built binary: the exit codes CI relies on, the plan-like text, JSON, and
/// `DIR@-N` for the snapshots `collect --keep` keeps. Each network is the blog inventory copied into a
/// temporary directory with one edit to its describe-vpc-endpoints answer.
@Suite struct DiffCLITests {
    static let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
    static let ssmmessages = "vpce-24f4c4429031605f5"
    static let secretsmanager = "vpce-79a2d1ddda46c7d6f"

    /// A copy of the blog inventory at `dir`, its endpoints edited.
    static func blogCopy(at dir: URL, editEndpoints: (inout [[String: Any]]) -> Void = { _ in }) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: blog) {
            try fm.copyItem(atPath: blog + "/" + name, toPath: dir.appendingPathComponent(name).path)
        }
        let file = dir.appendingPathComponent("describe-vpc-endpoints.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var endpoints = try #require(root["VpcEndpoints"] as? [[String: Any]])
        editEndpoints(&endpoints)
        root["VpcEndpoints"] = endpoints
        try JSONSerialization.data(withJSONObject: root).write(to: file)
        return dir.path
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func noChangeExitsZero() throws {
        let result = try BuiltBinary.run(["diff", Self.blog, Self.blog])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Diff: 0 to add, 0 to remove, 0 to change; 0 paths change"))
    }

    @Test func aRemovedEndpointExitsOneAndFailsOnTheNewError() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = try Self.blogCopy(at: dir.appendingPathComponent("new")) { $0.removeAll { $0["VpcEndpointId"] as? String == Self.ssmmessages } }
        let result = try BuiltBinary.run(["diff", Self.blog, new])
        #expect(result.status == 1)
        #expect(result.stdout.contains("  - VPC endpoint \(Self.ssmmessages) (ssmmessages-endpoint)\n"))
        #expect(result.stdout.contains("  ~ private-a (subnet-e58e4935e7c5f1654) -> ssmmessages: interface-endpoint \(Self.ssmmessages) -> nat-gateway\n"))
        #expect(result.stdout.contains("  + error ssm-incomplete "))
        // Session Manager loses an endpoint: an error finding the old network did not have.
        #expect(try BuiltBinary.run(["diff", Self.blog, new, "--fail-on", "new-error"]).status == 1)
        // The other way round the error disappears: a change, but no new error.
        #expect(try BuiltBinary.run(["diff", new, Self.blog, "--fail-on", "new-error"]).status == 0)
        #expect(try BuiltBinary.run(["diff", new, Self.blog]).status == 1)
    }

    @Test func privateDNSOffIsAChangeButNoNewError() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = try Self.blogCopy(at: dir.appendingPathComponent("new")) { endpoints in
            for i in endpoints.indices where endpoints[i]["VpcEndpointId"] as? String == Self.secretsmanager {
                endpoints[i]["PrivateDnsEnabled"] = false
            }
        }
        let text = try BuiltBinary.run(["diff", Self.blog, new])
        #expect(text.status == 1 && text.stdout.contains("      ~ privateDns: yes -> no\n"))
        #expect(try BuiltBinary.run(["diff", Self.blog, new, "--fail-on", "new-error"]).status == 0)
        let json = try BuiltBinary.run(["diff", Self.blog, new, "--format", "json"])
        #expect(json.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(root["changed"] as? Bool == true)
        let resources = try #require(root["resources"] as? [[String: Any]])
        #expect(resources.map { $0["id"] as? String } == [Self.secretsmanager])
        let paths = try #require(root["paths"] as? [[String: Any]])
        #expect(paths.contains { ($0["new"] as? [String: Any])?["via"] as? String == "nat-gateway" && $0["service"] as? String == "secretsmanager" })
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "private-dns-disabled" && $0["change"] as? String == "appeared" })
    }

    @Test func aKeptSnapshotIsNamedDirAtMinusN() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let current = try Self.blogCopy(at: dir.appendingPathComponent("snap")) { $0.removeAll { $0["VpcEndpointId"] as? String == Self.ssmmessages } }
        _ = try Self.blogCopy(at: dir.appendingPathComponent("snap.history/2026-12-01T22-00-00Z"))
        let result = try BuiltBinary.run(["diff", current + "@-1", current])
        #expect(result.status == 1 && result.stdout.contains("  - VPC endpoint \(Self.ssmmessages)"))
        let missing = try BuiltBinary.run(["diff", current + "@-2", current])
        #expect(missing.status == 2 && missing.stderr.contains("only 1 earlier snapshot is kept"))
    }

    @Test func twoRevisionsOfASpecDifferByAVariable() throws {
        let seed = BuiltBinary.fixtures + "/terraform/seed-module"
        #expect(try BuiltBinary.run(["diff", seed, seed]).status == 0)
        let result = try BuiltBinary.run(["diff", seed, seed, "--new-var", "vpc_cidr=10.1.0.0/16"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("  ~ subnet aws_subnet.private[0] (private-a)\n      ~ cidr: 10.0.1.0/24 -> 10.1.1.0/24\n"))
        #expect(result.stdout.contains("  ~ VPC aws_vpc.main"))
        #expect(try BuiltBinary.run(["diff", seed, seed, "--old-var", "vpc_cidr"]).status == 2)
    }

    @Test func badInputExitsTwo() throws {
        #expect(try BuiltBinary.run(["diff", Self.blog, "/no/such/dir"]).status == 2)
        #expect(try BuiltBinary.run(["diff", Self.blog, Self.blog, "--format", "xml"]).status == 2)
        #expect(try BuiltBinary.run(["diff", Self.blog, Self.blog, "--fail-on", "sometimes"]).status == 2)
        #expect(try BuiltBinary.run(["diff", Self.blog]).status == 2)
        #expect(try BuiltBinary.run(["diff", Self.blog, Self.blog, Self.blog]).status == 2)
        #expect(try BuiltBinary.run(["diff", "-", "-"], stdin: "{}").status == 2)
        let noHistory = try BuiltBinary.run(["diff", Self.blog + "@-1", Self.blog])
        #expect(noHistory.status == 2 && noHistory.stderr.contains("no earlier snapshots are kept"))
    }
}
