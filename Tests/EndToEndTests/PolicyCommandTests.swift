import Foundation
import Testing

/// The `vpcx policy` contract, driven through the built binary on the built-in demo (the article's network).
@Suite("vpcx policy command")
struct PolicyCommandTests {
    typealias Run = BuiltBinary.Result

    func vpcx(_ arguments: [String]) throws -> Run {
        try BuiltBinary.run(arguments)
    }

    func policy(_ extra: [String]) throws -> Run { try vpcx(["policy"] + extra) }

    @Test func allowedRequestExitsZeroAndNamesTheStatement() throws {
        let run = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                              "--resource", "arn:aws:s3:::acme-app/report.csv"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("ALLOW (statement 1 \"AllowSpecificBuckets\")\n"))
        #expect(run.stdout.contains("IAM policy: not checked"))
    }

    @Test func deniedRequestExitsOneWithTheClosestStatements() throws {
        let run = try policy(["--endpoint", "vpce-d92fb38065fbf700d", "--action", "s3:GetObject",
                              "--resource", "arn:aws:s3:::acme-new/report.csv"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("DENY (implicit: no statement allows s3:GetObject on arn:aws:s3:::acme-new/report.csv)"))
        let closest = try #require(run.stdout.range(of: "closest:"))
        let after = run.stdout[closest.upperBound...]
        let first = try #require(after.range(of: "AllowSpecificBuckets"))
        let second = try #require(after.range(of: "AllowECRBuckets"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(run.stdout.contains("Access Denied"))
    }

    @Test func jsonShape() throws {
        let run = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                              "--resource", "arn:aws:s3:::acme-new/x", "--context", "aws:PrincipalOrgID=o-1", "--format", "json"])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["allowed"] as? Bool == false)
        #expect(object["decision"] as? String == "implicit-deny")
        #expect(object["deniedAt"] as? String == "endpoint policy")
        let request = try #require(object["request"] as? [String: Any])
        let context = try #require(request["context"] as? [String: [String]])
        #expect(context["aws:PrincipalOrgID"] == ["o-1"])
        #expect(context["aws:SourceVpce"] == ["vpce-d92fb38065fbf700d"])
        let stage = try #require(object["endpointPolicy"] as? [String: Any])
        #expect(stage["checked"] as? Bool == true)
        let closest = try #require(stage["closest"] as? [[String: Any]])
        #expect(closest.first?["sid"] as? String == "AllowSpecificBuckets")
        #expect(closest.first?["index"] as? Int == 1)
        #expect(closest.first?["matched"] as? Int == 3)
        let failed = try #require(closest.first?["failed"] as? [[String: Any]])
        #expect(failed.first?["part"] as? String == "resource")
        #expect((object["iamPolicy"] as? [String: Any])?["checked"] as? Bool == false)
    }

    @Test func iamPolicyIsTheSecondStep() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let iam = dir.appendingPathComponent("iam.json")
        try #"{"Version":"2012-10-17","Statement":[{"Sid":"ReadLogs","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-logs/*"}]}"#
            .write(to: iam, atomically: true, encoding: .utf8)
        let denied = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                                 "--resource", "arn:aws:s3:::acme-app/x", "--iam-policy", iam.path, "--format", "json"])
        #expect(denied.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(denied.stdout.utf8)) as? [String: Any])
        #expect(object["deniedAt"] as? String == "IAM policy")
        let allowed = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                                  "--resource", "arn:aws:s3:::acme-logs/x", "--iam-policy", iam.path])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("IAM policy (\(iam.path)): ALLOW by statement 1 \"ReadLogs\""))
    }

    @Test func badInputExitsTwo() throws {
        let unknown = try policy(["--endpoint", "no-such-endpoint", "--action", "s3:GetObject", "--resource", "*"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no endpoint 'no-such-endpoint'"))

        let missing = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing --resource"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("iam.json")
        try "{\n  \"Statement\": [\n    {\"Effect\": \"Alow\", \"Action\": \"*\"}\n  ]\n}".write(to: bad, atomically: true, encoding: .utf8)
        let malformed = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                                    "--resource", "*", "--iam-policy", bad.path])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("\(bad.path):3:16: error: Statement 1: Effect must be Allow or Deny"))

        let unreadable = try policy(["--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                                     "--resource", "*", "--iam-policy", dir.appendingPathComponent("absent.json").path])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("absent.json: error: cannot read"))
    }
}
