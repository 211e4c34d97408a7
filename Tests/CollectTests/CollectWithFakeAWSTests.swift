import Foundation
import Model
import Testing
@testable import Collect

/// `runCollect` against a fake aws CLI that records its arguments: what is called, what is written,
/// and how each kind of failure ends.
@Suite struct CollectWithFakeAWSTests {
    static let expectedFiles = [
        "describe-internet-gateways.json", "describe-nat-gateways.json", "describe-network-interfaces.json",
        "describe-prefix-lists.json", "describe-route-tables.json", "describe-security-groups.json",
        "describe-subnets.json", "describe-transit-gateway-attachments.json", "describe-transit-gateway-route-tables.json",
        "describe-transit-gateway-vpc-attachments.json", "describe-transit-gateways.json", "describe-vpc-attribute.json",
        "describe-vpc-endpoints.json", "describe-vpc-peering-connections.json", "describe-vpcs.json",
        "get-transit-gateway-route-table-associations.tgw-rtb-0fake1.json",
        "get-transit-gateway-route-table-propagations.tgw-rtb-0fake1.json",
        "list-hosted-zones-by-vpc.vpc-24a5f259ef29682f9.json", "list-resolver-endpoints.json",
        "list-resolver-rule-associations.json", "list-resolver-rules.json", "search-transit-gateway-routes.tgw-rtb-0fake1.json",
    ]

    /// Route 53's files, once per account: the zones, and the one private zone's details and records.
    static let globalFiles = ["get-hosted-zone.Z0FAKEPRIVATE.json", "list-hosted-zones.json",
                              "list-resource-record-sets.Z0FAKEPRIVATE.json"]

    /// Every file of the fake's one region, with Route 53's: one manifest entry each.
    static let callsPerRegion = expectedFiles.count + globalFiles.count

    static let endpointAndNATENIs = [
        "eni-a927d558b27e6eb02", "eni-16a4d113772a25b47", "eni-02441f627c908de0a", // interface endpoints
        "eni-73614f4ac936392f3", "eni-1ca95556e39f140b7", "eni-ec2631c7ac93f71ce", // NAT gateways
    ]

    private func collect(_ fake: FakeAWS, _ settings: [String: String] = [:], regions: [String] = ["eu-west-1"],
                         output: URL, configure: (inout CollectOptions) -> Void = { _ in },
                         progress: (CollectProgress) -> Void = { _ in }) throws -> CollectReport {
        var options = CollectOptions(regions: regions, output: output.path, environment: fake.environment(settings),
                                     retryBaseDelay: 0.01)
        configure(&options)
        return try runCollect(options, progress: progress)
    }

    @Test func writesOneFilePerCallAndAManifest() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let report = try collect(fake, output: output)

        #expect(listing(output) == ["eu-west-1", "global", "manifest.json"])
        #expect(listing(output.appendingPathComponent("eu-west-1")) == Self.expectedFiles)
        #expect(listing(output.appendingPathComponent("global")) == Self.globalFiles)
        let manifest = try CollectManifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        #expect(manifest == report.manifest)
        #expect(manifest.account == "111122223333")
        #expect(manifest.regions == ["eu-west-1"])
        #expect(manifest.awsCliVersion == "aws-cli/2.99.0 Python/3.11 Linux/fake")
        #expect(manifest.vpcxVersion == CollectOptions.defaultVpcxVersion)
        #expect(ISO8601DateFormatter().date(from: manifest.collectedAt) != nil)
        #expect(manifest.failures.isEmpty)
        #expect(manifest.calls.count == Self.callsPerRegion)
        #expect(manifest.calls.allSatisfy { call in
            call.ok && call.file == "\(call.region)/\(call.call)\(call.resource.map { ".\($0)" } ?? "").json"
                && ["eu-west-1", "global"].contains(call.region) && call.account == nil
        })
        // A per-resource call names its resource: the answer does not.
        #expect(manifest.calls.filter { $0.resource != nil }.map(\.call).sorted() == [
            "get-hosted-zone", "get-transit-gateway-route-table-associations", "get-transit-gateway-route-table-propagations",
            "list-hosted-zones-by-vpc", "list-resource-record-sets", "search-transit-gateway-routes",
        ])
        // An answer is stored exactly as the CLI printed it.
        let vpcs = try Data(contentsOf: output.appendingPathComponent("eu-west-1/describe-vpcs.json"))
        #expect(try vpcs == Data(contentsOf: FakeAWS.fixtures.appendingPathComponent("describe-vpcs.json")))
        #expect(report.output.path == output.path)
    }

    @Test func vpcAttributeFileIsAnArrayOfTheTwoAnswersPerVPC() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        _ = try collect(fake, output: output)
        let answers = try #require(readJSON(output.appendingPathComponent("eu-west-1/describe-vpc-attribute.json"))
            as? [[String: Any]])
        #expect(answers.count == 2)
        #expect(answers.map { $0["VpcId"] as? String } == ["vpc-24a5f259ef29682f9", "vpc-24a5f259ef29682f9"])
        #expect((answers[0]["EnableDnsSupport"] as? [String: Any])?["Value"] as? Bool == true)
        #expect((answers[1]["EnableDnsHostnames"] as? [String: Any])?["Value"] as? Bool == true)
    }

    @Test func callsOnlyReadOperationsWithJSONOutputAndTheRegion() throws {
        let fake = try FakeAWS()
        _ = try collect(fake, output: fake.directory.appendingPathComponent("snapshot"),
                        configure: { $0.allRegions = true; $0.allENIs = true; $0.regions = [] ; $0.profile = "audit" })
        let invocations = fake.invocations()
        #expect(!invocations.isEmpty)
        #expect(Set(invocations.compactMap(\.words.first)) == ["ec2", "sts", "route53", "route53resolver", "configure"])
        for invocation in invocations {
            let words = invocation.words
            if invocation.arguments == ["--version"] || words == ["configure", "get", "region"] { continue }
            #expect(invocation.isReadOnly, "\(invocation.arguments)")
            #expect(invocation.operation != "assume-role", "\(invocation.arguments)")
            #expect(invocation.value(of: "--output") == "json", "\(invocation.arguments)")
            #expect(invocation.value(of: "--profile") == "audit", "\(invocation.arguments)")
        }
        // Route 53 is global: asked once, not once per region.
        #expect(invocations.filter { $0.operation == "list-hosted-zones" }.count == 1)
        let regionsOfDataCalls = Set(invocations.filter { $0.operation?.hasPrefix("describe-vpcs") == true }
            .compactMap { $0.value(of: "--region") })
        #expect(regionsOfDataCalls == ["eu-west-1", "us-east-1"])
    }

    @Test func allRegionsCollectsEveryEnabledRegion() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let report = try collect(fake, ["AWS_REGION": "eu-west-1"], regions: [], output: output,
                                 configure: { $0.allRegions = true })
        #expect(report.manifest.regions == ["eu-west-1", "us-east-1"])
        #expect(listing(output) == ["eu-west-1", "global", "manifest.json", "us-east-1"])
        #expect(listing(output.appendingPathComponent("us-east-1")) == Self.expectedFiles)
        let describeRegions = fake.invocations().filter { $0.operation == "describe-regions" }
        #expect(describeRegions.map { $0.value(of: "--region") } == ["eu-west-1"])
    }

    @Test func fetchesOnlyTheENIsOfEndpointsAndNATGateways() throws {
        let fake = try FakeAWS()
        _ = try collect(fake, output: fake.directory.appendingPathComponent("snapshot"))
        let eniCalls = fake.invocations().filter { $0.operation == "describe-network-interfaces" }
        #expect(eniCalls.count == 1)
        let filter = try #require(eniCalls.first?.value(of: "--filters"))
        #expect(filter.hasPrefix("Name=network-interface-id,Values="))
        let ids = Set(filter.dropFirst("Name=network-interface-id,Values=".count).split(separator: ",").map(String.init))
        #expect(ids.count == 30)
        #expect(ids.isSuperset(of: Self.endpointAndNATENIs))
    }

    @Test func allENIsFetchesEveryInterfaceInOneUnfilteredCall() throws {
        let fake = try FakeAWS()
        _ = try collect(fake, output: fake.directory.appendingPathComponent("snapshot"), configure: { $0.allENIs = true })
        let eniCalls = fake.invocations().filter { $0.operation == "describe-network-interfaces" }
        #expect(eniCalls.count == 1)
        #expect(eniCalls.first?.value(of: "--filters") == nil)
    }

    @Test func vpcIDNarrowsEveryCallThatCanBeNarrowed() throws {
        let fake = try FakeAWS()
        let report = try collect(fake, output: fake.directory.appendingPathComponent("snapshot"),
                                 configure: { $0.vpcIDs = ["vpc-24a5f259ef29682f9", "vpc-0000000000000dead"] })
        let values = "vpc-24a5f259ef29682f9,vpc-0000000000000dead"
        for invocation in fake.invocations() {
            switch invocation.operation {
            case "describe-vpcs", "describe-subnets", "describe-route-tables", "describe-vpc-endpoints",
                 "describe-security-groups":
                #expect(invocation.value(of: "--filters") == "Name=vpc-id,Values=\(values)", "\(invocation.arguments)")
            case "describe-nat-gateways":
                #expect(invocation.value(of: "--filter") == "Name=vpc-id,Values=\(values)")
            case "describe-internet-gateways":
                #expect(invocation.value(of: "--filters") == "Name=attachment.vpc-id,Values=\(values)")
            default:
                break
            }
        }
        #expect(report.vpcIDsNotFound == ["vpc-0000000000000dead"])
    }

    @Test func accessDeniedOnOneCallIsAGapAndTheRestIsCollected() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let report = try collect(fake, ["FAKE_AWS_DENY": "describe-nat-gateways"], output: output)

        #expect(report.manifest.failures == [CollectManifest.Failure(
            region: "eu-west-1", call: "describe-nat-gateways", error: "UnauthorizedOperation",
            message: "You are not authorized to perform this operation.")])
        #expect(report.manifest.calls.first { $0.call == "describe-nat-gateways" }
            == CollectManifest.Call(region: "eu-west-1", call: "describe-nat-gateways", file: nil, ok: false))
        #expect(report.manifest.calls.filter(\.ok).count == Self.callsPerRegion - 1)
        #expect(listing(output.appendingPathComponent("eu-west-1"))
            == Self.expectedFiles.filter { $0 != "describe-nat-gateways.json" })
        // The endpoints' ENIs are still fetched.
        let filter = fake.invocations().first { $0.operation == "describe-network-interfaces" }?.value(of: "--filters")
        #expect(filter?.contains("eni-a927d558b27e6eb02") == true)
        #expect(filter?.contains("eni-73614f4ac936392f3") == false)
    }

    @Test func deniedVPCAttributesLeaveAnIncompleteFileAndOneGapPerCall() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let report = try collect(fake, ["FAKE_AWS_DENY": "describe-vpc-attribute"], output: output)
        #expect(report.manifest.failures.map(\.message) == [
            "vpc-24a5f259ef29682f9 enableDnsHostnames: You are not authorized to perform this operation.",
            "vpc-24a5f259ef29682f9 enableDnsSupport: You are not authorized to perform this operation.",
        ])
        #expect(report.manifest.calls.first { $0.call == "describe-vpc-attribute" }?.ok == false)
        let answers = try readJSON(output.appendingPathComponent("eu-west-1/describe-vpc-attribute.json")) as? [Any]
        #expect(answers?.isEmpty == true)
    }

    @Test func throttledCallIsRetriedUntilItSucceeds() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        var retries: [Int] = []
        let report = try collect(fake, ["FAKE_AWS_THROTTLE": "describe-subnets:2"], output: output, progress: { progress in
            if case .retrying(let attempt, _) = progress.event, progress.call == "describe-subnets" {
                retries.append(attempt)
            }
        })
        #expect(report.manifest.failures.isEmpty)
        #expect(fake.invocations().filter { $0.operation == "describe-subnets" }.count == 3)
        #expect(retries == [1, 2])
        let subnets = try readJSON(output.appendingPathComponent("eu-west-1/describe-subnets.json")) as? [String: Any]
        #expect(subnets?["Subnets"] is [Any])
    }

    @Test func throttlingThatNeverEndsIsAGapAfterTheLastAttempt() throws {
        let fake = try FakeAWS()
        let report = try collect(fake, ["FAKE_AWS_THROTTLE": "describe-prefix-lists:99"],
                                 output: fake.directory.appendingPathComponent("snapshot"),
                                 configure: { $0.maxAttempts = 3 })
        #expect(fake.invocations().filter { $0.operation == "describe-prefix-lists" }.count == 3)
        #expect(report.manifest.failures.map(\.error) == ["Throttling"])
    }

    @Test func noCredentialsIsExplainedAndWritesNothing() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        #expect(throws: CollectError.noCredentials) {
            try collect(fake, ["FAKE_AWS_NO_CREDENTIALS": "1"], output: output)
        }
        #expect(CollectError.noCredentials.description.contains("no AWS credentials"))
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log"])
        #expect(!fake.invocations().contains { $0.operation?.hasPrefix("describe-") == true })
    }

    @Test func missingAWSCLIIsExplained() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        #expect(throws: CollectError.awsCLINotFound("no aws on PATH")) {
            try collect(fake, ["PATH": "/nonexistent"], output: output)
        }
        #expect(throws: CollectError.awsCLINotFound("/nonexistent/aws is not an executable file")) {
            try collect(fake, output: output, configure: { $0.awsPath = "/nonexistent/aws" })
        }
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log"])
    }

    @Test func regionNotEnabledIsRecordedAndItsOtherCallsAreNotAttempted() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let report = try collect(fake, ["FAKE_AWS_OPTIN": "ap-east-1"], regions: ["eu-west-1", "ap-east-1"],
                                 output: output, configure: { $0.concurrency = 1 })
        #expect(fake.invocations().filter { $0.value(of: "--region") == "ap-east-1" }.count == 1)
        #expect(report.manifest.calls.filter { $0.region == "ap-east-1" }.allSatisfy { !$0.ok && $0.file == nil })
        #expect(report.manifest.calls.filter { $0.region == "eu-west-1" }.allSatisfy { $0.ok })
        let refusals = report.manifest.failures.filter { $0.region == "ap-east-1" }
        // Every call about the region (the TGW route tables' and the VPCs' follow-ups are never known).
        #expect(refusals.count == CallPlan.independentCalls(allENIs: false).count + 2)
        #expect(refusals.allSatisfy { $0.error == "OptInRequired" })
        #expect(listing(output.appendingPathComponent("eu-west-1")) == Self.expectedFiles)
    }

    @Test func theOnlyRegionNotEnabledIsAnError() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        #expect(throws: CollectError.regionNotEnabled(region: "ap-east-1", code: "OptInRequired")) {
            try collect(fake, ["FAKE_AWS_OPTIN": "ap-east-1"], regions: ["ap-east-1"], output: output)
        }
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log"])
    }

    @Test func regionComesFromTheEnvironmentThenTheProfile() throws {
        let fake = try FakeAWS()
        let fromEnvironment = try collect(fake, ["AWS_DEFAULT_REGION": "eu-central-1"], regions: [],
                                          output: fake.directory.appendingPathComponent("a"))
        #expect(fromEnvironment.manifest.regions == ["eu-central-1"])
        let fromProfile = try collect(fake, ["FAKE_AWS_CONFIG_REGION": "us-west-2", "AWS_PROFILE": "dev"], regions: [],
                                      output: fake.directory.appendingPathComponent("b"))
        #expect(fromProfile.manifest.regions == ["us-west-2"])
        // The environment reaches the CLI unchanged.
        #expect(fake.invocations().filter { $0.profileVariable == "dev" }.count > 10)
        #expect(throws: CollectError.noRegion) {
            try collect(fake, regions: [], output: fake.directory.appendingPathComponent("c"))
        }
    }

    @Test func replacesAPreviousSnapshotButNotOtherDirectories() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        _ = try collect(fake, output: output)
        try Data("old".utf8).write(to: output.appendingPathComponent("eu-west-1/stale.json"))
        _ = try collect(fake, regions: ["us-east-1"], output: output)
        #expect(listing(output) == ["global", "manifest.json", "us-east-1"])
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log", "snapshot"])

        let precious = fake.directory.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: precious.appendingPathComponent("notes.txt"))
        let before = fake.invocations().count
        #expect(throws: CollectError.self) { try collect(fake, output: precious) }
        #expect(listing(precious) == ["notes.txt"])
        #expect(fake.invocations().count == before)

        let file = fake.directory.appendingPathComponent("file.json")
        try Data("{}".utf8).write(to: file)
        #expect(throws: CollectError.self) { try collect(fake, output: file) }
    }

    @Test func keepMovesThePreviousSnapshotsIntoTheHistoryNewestFirst() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        for region in ["eu-west-1", "us-east-1", "eu-west-1"] {
            _ = try collect(fake, regions: [region], output: output) { $0.keep = 1 }
        }
        #expect(listing(output) == ["eu-west-1", "global", "manifest.json"])
        // --keep 1: only the snapshot before the current one is kept (the us-east-1 one), under its collect time.
        let kept = SnapshotHistory.previous(of: output)
        #expect(kept.count == 1)
        #expect(listing(try #require(kept.first)) == ["global", "manifest.json", "us-east-1"])
        #expect(try SnapshotHistory.resolve(output.path + "@-1") == kept.first?.path)
        #expect(throws: CollectError.self) { try SnapshotHistory.resolve(output.path + "@-2") }
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log", "snapshot", "snapshot.history"])
        #expect(throws: CollectError.self) { try collect(fake, output: output) { $0.keep = -1 } }
    }

    @Test func emptyOutputDirectoryIsFilled() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        _ = try collect(fake, output: output)
        #expect(listing(output) == ["eu-west-1", "global", "manifest.json"])
    }

    @Test func progressCountsEveryCall() throws {
        let fake = try FakeAWS()
        var finished: [CollectProgress] = []
        _ = try collect(fake, output: fake.directory.appendingPathComponent("snapshot"), progress: { progress in
            if progress.event == .succeeded { finished.append(progress) }
        })
        // One call per file, except the VPC attributes' two calls in one file.
        let calls = Self.callsPerRegion + 1
        #expect(finished.count == calls)
        #expect(finished.map(\.done) == Array(1...calls))
        #expect(finished.last?.total == calls)
        #expect(finished.last?.line.hasPrefix("[\(calls)/\(calls)] ") == true)
        #expect(finished.last?.line.hasSuffix(" ok") == true)
    }
}
