import Foundation
import Testing
@testable import Collect

/// A collect treats the aws CLI's answers and its own options as untrusted: names that become
/// paths or arguments are checked, the snapshot is private, and only vpcx's own snapshots are
/// replaced without `--force`.
@Suite struct CollectHostileTests {
    private func collect(_ fake: FakeAWS, _ settings: [String: String] = [:], regions: [String] = ["eu-west-1"],
                         output: URL, force: Bool = false, allRegions: Bool = false) throws -> CollectReport {
        var options = CollectOptions(regions: regions, allRegions: allRegions, output: output.path,
                                     environment: fake.environment(settings), retryBaseDelay: 0.01)
        options.force = force
        return try runCollect(options)
    }

    /// Every path under `root`, relative.
    private func tree(_ root: URL) -> [String] {
        (FileManager.default.subpaths(atPath: root.path) ?? []).sorted()
    }

    @Test(arguments: ["../../../../etc/x", "--endpoint-url=http://evil", "eu-west-1/../../x", "EU-WEST-1", "eu-west-1\n", ""])
    func aHostileRegionListIsRefusedAndNothingIsWritten(_ name: String) throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("out/snapshot")
        let members = #"{"RegionName": "eu-west-1"}, {"RegionName": "# + name.debugDescription.replacingOccurrences(of: "\\n", with: "\\n") + "}"
        #expect {
            try collect(fake, ["AWS_REGION": "eu-west-1", "FAKE_AWS_REGIONS": members], regions: [], output: output, allRegions: true)
        } throws: { error in
            guard case CollectError.awsCLIFailed(let call, let code, _) = error else { return false }
            return call == "ec2 describe-regions" && code == "InvalidRegionName"
        }
        // Nothing beside the fake's own files, inside or outside the output's parent.
        // (The output's parent is created before the first call; it stays empty.)
        #expect(tree(fake.directory).filter { !$0.hasPrefix("bin") && $0 != "calls.log" && $0 != "keys.log" && !$0.hasPrefix("state") } == ["out"])
        #expect(fake.invocations().allSatisfy { $0.value(of: "--region") == nil || $0.value(of: "--region") == "eu-west-1" })
    }

    @Test(arguments: ["--profile=x", "../x", "us east 1"])
    func aBadRegionOptionIsAnInvalidOption(_ name: String) throws {
        let fake = try FakeAWS()
        #expect(throws: CollectError.invalidOptions("'\(name)' is not a region name (such as eu-west-1)")) {
            try collect(fake, regions: [name], output: fake.directory.appendingPathComponent("s"))
        }
        #expect(fake.invocations().isEmpty)
    }

    @Test func realRegionNamesAreAccepted() {
        for name in ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5", "us-isob-east-1", "il-central-1"] {
            #expect(AWSName.isRegion(name), "\(name)")
        }
        for name in ["us-east", "u-east-1", "us-east-1a", "us--east-1", "us-east-1/..", "-us-east-1", "us-east-01x"] {
            #expect(!AWSName.isRegion(name), "\(name)")
        }
    }

    @Test func idsFromAnswersThatAreNotIDsAreNotPassedOn() {
        let answer: [String: Any] = ["Vpcs": [["VpcId": "vpc-1a2b"], ["VpcId": "--endpoint-url=http://evil"], ["VpcId": "vpc-1,vpc-2"]]]
        #expect(CallPlan.vpcIDs(answer) == ["vpc-1a2b"])
        let endpoints: [String: Any] = ["VpcEndpoints": [["NetworkInterfaceIds": ["eni-1", "-x", "eni-2,Name=x"]]]]
        #expect(CallPlan.endpointENIs(endpoints) == ["eni-1"])
    }

    @Test func theSnapshotIsPrivate() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        _ = try collect(fake, output: output)
        let mode = { (path: String) -> Int in
            ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
        }
        #expect(mode(output.path) == 0o700)
        let entries = tree(output)
        // Two unit directories, their files, the manifest.
        #expect(entries.count == 2 + CollectWithFakeAWSTests.callsPerRegion + 1)
        for entry in entries {
            let path = output.appendingPathComponent(entry).path
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            #expect(mode(path) == (isDirectory.boolValue ? 0o700 : 0o600), "\(entry)")
        }
    }

    @Test func aDirectoryVpcxDidNotWriteIsReplacedOnlyWithForce() throws {
        let fake = try FakeAWS()
        let precious = fake.directory.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: precious.appendingPathComponent("notes.txt"))
        #expect {
            try collect(fake, output: precious)
        } throws: { error in
            guard case CollectError.outputNotReplaceable(_, let reason) = error else { return false }
            return reason.contains("--force")
        }
        #expect(tree(precious) == ["notes.txt"])
        _ = try collect(fake, output: precious, force: true)
        #expect(tree(precious).contains("manifest.json") && !tree(precious).contains("notes.txt"))
    }
}
