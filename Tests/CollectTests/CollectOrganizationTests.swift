import Foundation
import Model
import Testing
@testable import Collect

/// `collect --org` and `--accounts FILE` against the fake aws CLI: every account entered through
/// `sts assume-role` with its credentials in the CLI's environment only, the ACCOUNT/REGION layout,
/// the manifest's accounts and units, throttling, a failed account and `--resume`.
@Suite struct CollectOrganizationTests {
    static let accounts = ["111122223333", "444455556666", "777788889999"]

    private func collect(_ fake: FakeAWS, _ settings: [String: String] = [:], output: URL,
                         configure: (inout CollectOptions) -> Void = { _ in },
                         cancellation: CollectCancellation = CollectCancellation(),
                         progress: (CollectProgress) -> Void = { _ in }) throws -> CollectReport {
        var options = CollectOptions(regions: ["eu-west-1"], output: output.path, environment: fake.environment(settings),
                                     retryBaseDelay: 0.01, accountSource: .organization)
        configure(&options)
        return try runCollect(options, cancellation: cancellation, progress: progress)
    }

    /// Every file under `root`, relative.
    private func files(_ root: URL) -> [String] {
        (FileManager.default.subpaths(atPath: root.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test func everyAccountIsCollectedThroughItsAssumedRole() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        let report = try collect(fake, output: output) { $0.profile = "management"; $0.externalID = "vpcx-2026" }

        #expect(listing(output) == Self.accounts + ["manifest.json"])
        for account in Self.accounts {
            #expect(listing(output.appendingPathComponent(account)) == ["eu-west-1", "global"])
            #expect(listing(output.appendingPathComponent("\(account)/eu-west-1")) == CollectWithFakeAWSTests.expectedFiles)
            #expect(listing(output.appendingPathComponent("\(account)/global")) == CollectWithFakeAWSTests.globalFiles)
        }
        let manifest = try CollectManifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        #expect(manifest == report.manifest)
        #expect(manifest.account == "111122223333")
        #expect(manifest.regions == ["eu-west-1"])
        #expect(manifest.accounts == [
            CollectManifest.Account(id: "111122223333", name: "management", access: "caller credentials"),
            CollectManifest.Account(id: "444455556666", name: "hub", access: "assumed role arn:aws:iam::444455556666:role/vpcx-readonly"),
            CollectManifest.Account(id: "777788889999", name: "spoke", access: "assumed role arn:aws:iam::777788889999:role/vpcx-readonly"),
        ])
        #expect(manifest.units?.map { "\($0.account) \($0.region) \($0.status.rawValue)" } == Self.accounts.flatMap {
            ["\($0) eu-west-1 collected", "\($0) global collected"]
        })
        #expect(manifest.failures.isEmpty)
        #expect(manifest.calls.count == 3 * CollectWithFakeAWSTests.callsPerRegion)
        #expect(manifest.calls.allSatisfy { call in call.ok && call.file?.hasPrefix("\(call.account ?? "?")/\(call.region)/") == true })

        let invocations = fake.invocations()
        #expect(invocations.allSatisfy { $0.arguments == ["--version"] || $0.isReadOnly }, "\(invocations.filter { !$0.isReadOnly })")
        let assumed = invocations.filter { $0.operation == "assume-role" }
        #expect(assumed.compactMap { $0.value(of: "--role-arn") }.sorted()
            == ["arn:aws:iam::444455556666:role/vpcx-readonly", "arn:aws:iam::777788889999:role/vpcx-readonly"])
        #expect(assumed.allSatisfy { $0.value(of: "--external-id") == "vpcx-2026" && $0.value(of: "--role-session-name") == "vpcx-collect" })
        #expect(assumed.allSatisfy { $0.value(of: "--profile") == "management" })
        #expect(invocations.filter { $0.operation == "list-accounts" }.count == 1)
        // Route 53 once per account.
        #expect(invocations.filter { $0.operation == "list-hosted-zones" }.count == 3)

        // Each assumed account's calls carry its own key, in the environment, and no profile (a profile
        // would win over the environment's keys); the caller's account keeps the profile.
        let keys = fake.accessKeys()
        for account in ["444455556666", "777788889999"] {
            #expect(keys.filter { $0.key == "ASIAFAKE\(account)" }.count == CollectWithFakeAWSTests.callsPerRegion + 1)
        }
        let withProfile = invocations.filter { $0.value(of: "--profile") == "management" }
        #expect(withProfile.count == keys.filter { $0.key.isEmpty }.count)

        // The credentials are nowhere: not in an argument, not in a file of the snapshot, not left beside it.
        let secrets = ["fakeSecret", "fakeSessionToken", "ASIAFAKE"]
        #expect(!invocations.contains { invocation in invocation.arguments.contains { argument in secrets.contains { argument.contains($0) } } })
        for file in files(output) {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
            #expect(!secrets.contains { text.contains($0) }, "\(file)")
        }
        #expect(listing(fake.directory) == ["bin", "calls.log", "keys.log", "org"])
    }

    @Test func aFailedAccountIsRecordedAndResumeCollectsOnlyIt() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        let first = try collect(fake, ["FAKE_AWS_DENY_ROLE": "777788889999"], output: output)
        let failed = first.manifest.units?.filter { $0.status != .collected } ?? []
        #expect(failed.map(\.account) == ["777788889999", "777788889999"])
        #expect(failed.map(\.region) == ["eu-west-1", "global"])
        #expect(failed.allSatisfy { $0.status == .failed && $0.reason?.hasPrefix(
            "could not assume arn:aws:iam::777788889999:role/vpcx-readonly: AccessDenied: ") == true })
        #expect(listing(output) == ["111122223333", "444455556666", "manifest.json"])
        let keptStamp = first.manifest.units?.first?.collectedAt
        let keptFile = try Data(contentsOf: output.appendingPathComponent("444455556666/eu-west-1/describe-vpcs.json"))

        let before = fake.invocations().count
        let keysBefore = fake.accessKeys().count
        let resumed = try collect(fake, output: output) { $0.resume = true }
        let again = fake.invocations().dropFirst(before)
        // Only the failed account is entered and collected again.
        #expect(again.filter { $0.operation == "assume-role" }.compactMap { $0.value(of: "--role-arn") }
            == ["arn:aws:iam::777788889999:role/vpcx-readonly"])
        let dataKeys = Set(fake.accessKeys().dropFirst(keysBefore).filter { $0.operation.hasPrefix("describe-") }.map(\.key))
        #expect(dataKeys == ["ASIAFAKE777788889999"])
        #expect(resumed.manifest.units?.allSatisfy { $0.status == .collected } == true)
        #expect(resumed.manifest.units?.count == 6)
        #expect(resumed.manifest.units?.first?.collectedAt == keptStamp)
        #expect(resumed.manifest.calls.count == 3 * CollectWithFakeAWSTests.callsPerRegion)
        #expect(listing(output) == Self.accounts + ["manifest.json"])
        #expect(try Data(contentsOf: output.appendingPathComponent("444455556666/eu-west-1/describe-vpcs.json")) == keptFile)
        #expect(listing(output.appendingPathComponent("444455556666/eu-west-1")) == CollectWithFakeAWSTests.expectedFiles)

        // A snapshot with nothing left to collect is resumed without entering any account.
        let count = fake.invocations().count
        _ = try collect(fake, output: output) { $0.resume = true }
        #expect(!fake.invocations().dropFirst(count).contains { $0.operation == "assume-role" || $0.words.first == "ec2" })
    }

    @Test func throttledAssumeRoleAndDataCallsAreRetried() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        var retried: [String] = []
        // One call at a time: the fake's throttle counter is not shared safely between parallel calls.
        let report = try collect(fake, ["FAKE_AWS_THROTTLE": "assume-role:2"], output: output) { $0.concurrency = 1 }
        #expect(fake.invocations().filter { $0.operation == "assume-role" }.count == 4)
        #expect(report.manifest.units?.allSatisfy { $0.status == .collected } == true)

        let subnets = try FakeAWS()
        let second = try collect(subnets, ["FAKE_AWS_THROTTLE": "describe-subnets:3"], output: subnets.directory.appendingPathComponent("org"),
                                 configure: { $0.concurrency = 1 }, progress: { progress in if case .retrying = progress.event { retried.append(progress.call) } })
        #expect(second.manifest.failures.isEmpty)
        #expect(subnets.invocations().filter { $0.operation == "describe-subnets" }.count == 3 + 3)
        #expect(retried.filter { $0 == "describe-subnets" }.count == 3)
    }

    @Test func throttlingThatNeverEndsMarksTheUnitForResume() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        let report = try collect(fake, ["FAKE_AWS_THROTTLE": "describe-prefix-lists:99"], output: output) { $0.maxAttempts = 2 }
        let units = report.manifest.units?.filter { $0.region == "eu-west-1" } ?? []
        #expect(units.count == 3)
        #expect(units.allSatisfy { $0.status == .collected && $0.reason?.contains("describe-prefix-lists Throttling") == true })
        // --resume collects those units again (the throttling has passed), and keeps the global ones.
        let count = fake.invocations().count
        let resumed = try collect(fake, output: output) { $0.resume = true }
        let again = fake.invocations().dropFirst(count)
        #expect(again.filter { $0.operation == "describe-vpcs" }.count == 3)
        #expect(!again.contains { $0.operation == "list-hosted-zones" })
        #expect(resumed.manifest.failures.isEmpty)
        #expect(resumed.manifest.units?.allSatisfy { $0.status == .collected && $0.reason == nil } == true)
    }

    @Test func allRegionsAsksEachAccountForItsOwnRegions() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        let report = try collect(fake, output: output) { $0.regions = ["eu-west-1"]; $0.allRegions = true }
        #expect(report.manifest.regions == ["eu-west-1", "us-east-1"])
        for account in Self.accounts {
            #expect(listing(output.appendingPathComponent(account)) == ["eu-west-1", "global", "us-east-1"])
        }
        // Once per account, with that account's credentials; the caller's with its own.
        let keys = fake.accessKeys().filter { $0.operation == "describe-regions" }.map(\.key).sorted()
        #expect(keys == ["", "ASIAFAKE444455556666", "ASIAFAKE777788889999"])
        #expect(report.manifest.units?.count == 9)
    }

    @Test func aSuspendedAccountIsListedAsNotCollectedWithoutAssumingItsRole() throws {
        let fake = try FakeAWS()
        let members = #"{"Id": "111122223333", "Name": "management", "Status": "ACTIVE"}, {"Id": "444455556666", "Name": "old", "Status": "SUSPENDED"}"#
        let report = try collect(fake, ["FAKE_AWS_ACCOUNTS": members], output: fake.directory.appendingPathComponent("org"))
        let suspended = report.manifest.units?.filter { $0.account == "444455556666" } ?? []
        #expect(suspended.count == 2)
        #expect(suspended.allSatisfy { $0.status == .failed && $0.reason?.contains("SUSPENDED") == true })
        #expect(!fake.invocations().contains { $0.operation == "assume-role" })
    }

    @Test func aHostileAccountListIsRefused() throws {
        let fake = try FakeAWS()
        let members = #"{"Id": "111122223333"}, {"Id": "../../../etc"}"#
        #expect {
            try collect(fake, ["FAKE_AWS_ACCOUNTS": members], output: fake.directory.appendingPathComponent("org"))
        } throws: { error in
            guard case CollectError.awsCLIFailed(let call, let code, _) = error else { return false }
            return call == "organizations list-accounts" && code == "InvalidAccountID"
        }
        #expect(!fake.invocations().contains { $0.words.first == "ec2" })
        #expect(throws: CollectError.self) {
            try collect(fake, output: fake.directory.appendingPathComponent("org")) { $0.roleName = "x y" }
        }
    }

    @Test func interruptedCollectKeepsWhatFinishedAndResumeCollectsTheRest() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("org")
        let cancellation = CollectCancellation()
        let finished = Counter()
        let result = ResultBox()
        let options = { (settings: [String: String]) -> CollectOptions in
            CollectOptions(regions: ["eu-west-1"], output: output.path, environment: fake.environment(settings),
                           retryBaseDelay: 0.01, accountSource: .organization)
        }
        let hanging = options(["FAKE_AWS_HANG": "describe-subnets", "FAKE_AWS_HANG_ACCOUNT": "777788889999"])
        let thread = Thread {
            do {
                let report = try runCollect(hanging, cancellation: cancellation) { progress in
                    if case .accountFinished = progress.event { finished.increment() }
                }
                result.set(.success(report))
            } catch {
                result.set(.failure(error))
            }
        }
        thread.start()
        #expect(eventually { fake.hungPID() != nil && finished.value == 2 })
        cancellation.cancel()
        #expect(eventually { result.value != nil })
        let report = try #require(try result.value?.get())
        #expect(report.interrupted)
        let units = report.manifest.units ?? []
        #expect(units.filter { $0.status == .collected && $0.account != "777788889999" }.map(\.account)
                == ["111122223333", "111122223333", "444455556666", "444455556666"])
        // The hanging account's regional unit is cut short; its global (Route 53) unit may have finished
        // before the interruption, depending on how the two were scheduled.
        let spoke = units.filter { $0.account == "777788889999" && $0.region != "global" }
        #expect(!spoke.isEmpty && spoke.allSatisfy { $0.status != .collected })
        #expect(spoke.contains { $0.status == .notCollected && $0.reason == "the collect was interrupted before it finished" })
        #expect(!listing(output.appendingPathComponent("777788889999")).contains("eu-west-1"))

        let resumed = try runCollect({ var o = options([:]); o.resume = true; return o }())
        #expect(!resumed.interrupted)
        #expect(resumed.manifest.units?.allSatisfy { $0.status == .collected } == true)
        #expect(listing(output.appendingPathComponent("777788889999/eu-west-1")) == CollectWithFakeAWSTests.expectedFiles)
        let hung = fake.hungPIDs()
        #expect(eventually(seconds: 30) { hung.allSatisfy { !isRunning($0) } })
    }

    @Test func theAccountsFileListsIDsWithOptionalNames() throws {
        let text = "# accounts\n111122223333  network hub\n\n  444455556666,spoke-a\r\n777788889999\n"
        #expect(try AccountsFile.parse(text, path: "a.txt") == [
            .init(id: "111122223333", name: "network hub"), .init(id: "444455556666", name: "spoke-a"),
            .init(id: "777788889999", name: nil),
        ])
        #expect(throws: CollectError.badInput(path: "a.txt", line: 2, column: 3,
                                              message: "expected a 12-digit account ID, found '12345'")) {
            try AccountsFile.parse("111122223333\n  12345 short\n", path: "a.txt")
        }
        #expect(throws: CollectError.badInput(path: "a.txt", line: 3, column: 1,
                                              message: "account 111122223333 is listed twice (first on line 1)")) {
            try AccountsFile.parse("111122223333\n444455556666\n111122223333 again\n", path: "a.txt")
        }
        #expect(throws: CollectError.self) { try AccountsFile.parse("# nothing\n", path: "a.txt") }
        // A name is untrusted text: control characters never reach a terminal.
        #expect(try AccountsFile.parse("111122223333 evil\u{1B}[2J\n", path: "a") == [.init(id: "111122223333", name: "evil?[2J")])
    }

    @Test func theBinaryCollectsAnAccountsFileAndLocatesItsErrors() throws {
        let vpcx = try #require(vpcxBinary(), "the vpcx executable is not built beside the tests")
        let fake = try FakeAWS()
        let file = fake.directory.appendingPathComponent("accounts.txt")
        try Data("111122223333 management\n444455556666 hub\n".utf8).write(to: file)
        let output = fake.directory.appendingPathComponent("org")
        let child = try ChildProcess.run(vpcx, ["collect", "--accounts", file.path, "--aws", fake.executable.path, "--region",
                                                "eu-west-1", "--jobs", "3", "--output", output.path],
                                         environment: fake.environment(), scratch: fake.directory)
        #expect(child.status == 0, "\(child.standardError)")
        let lines = child.standardError.split(separator: "\n").map(String.init)
        // A log gets a line per account, not one per call.
        let accountLines = lines.filter { $0.hasPrefix("collect accounts ") }
        #expect(accountLines.count == 2)
        #expect(accountLines.last?.hasPrefix("collect accounts 2/2, calls ") == true)
        #expect(accountLines.allSatisfy { $0.hasSuffix(" done") })
        #expect(lines.last == "collected \(2 * CollectWithFakeAWSTests.callsPerRegion) files from 4 of 4 account × region units "
            + "(2 accounts) into \(output.path)")
        #expect(listing(output) == ["111122223333", "444455556666", "manifest.json"])
        #expect(!fake.invocations().contains { $0.operation == "list-accounts" })

        try Data("111122223333\n4444-5555\n".utf8).write(to: file)
        let bad = try ChildProcess.run(vpcx, ["collect", "--accounts", file.path, "--aws", fake.executable.path, "--region",
                                              "eu-west-1", "--output", fake.directory.appendingPathComponent("bad").path],
                                       environment: fake.environment(), scratch: fake.directory)
        #expect(bad.status == 2)
        #expect(bad.standardError == "\(file.path):2:1: error: expected a 12-digit account ID, found '4444-5555'\n")

        let resumeAlone = try ChildProcess.run(vpcx, ["collect", "--resume", "--aws", fake.executable.path, "--output", output.path],
                                               environment: fake.environment(), scratch: fake.directory)
        #expect(resumeAlone.status != 0)
        #expect(resumeAlone.standardError.contains("go with --org or --accounts FILE"))
    }

    @Test func anInterruptedBinaryKeepsWhatFinishedAndSaysHowToResume() throws {
        let vpcx = try #require(vpcxBinary(), "the vpcx executable is not built beside the tests")
        let fake = try FakeAWS()
        let file = fake.directory.appendingPathComponent("accounts.txt")
        try Data("111122223333\n444455556666\n".utf8).write(to: file)
        let output = fake.directory.appendingPathComponent("org")
        let child = try ChildProcess(vpcx, ["collect", "--accounts", file.path, "--aws", fake.executable.path, "--region",
                                            "eu-west-1", "--output", output.path],
                                     environment: fake.environment(["FAKE_AWS_HANG": "describe-vpcs", "FAKE_AWS_HANG_ACCOUNT": "444455556666"]),
                                     scratch: fake.directory)
        #expect(eventually { fake.hungPID() != nil && child.standardError.contains("111122223333 done") })
        kill(child.pid, SIGINT)
        #expect(child.wait())
        #expect(child.status == 130)
        #expect(child.standardError.contains("vpcx collect: warning: not collected: 444455556666 eu-west-1: the collect was interrupted"))
        #expect(child.standardError.hasSuffix("vpcx collect: error: interrupted; the snapshot holds what finished: "
            + "run the same command with --resume to collect the rest\n"))
        let manifest = try CollectManifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        // The first account is whole; the second's region was cut off. Its global unit (Route 53) may or
        // may not have finished before the interrupt, as the machine's load decides: either is true.
        let units = manifest.units ?? []
        #expect(units.filter { $0.account == "111122223333" }.allSatisfy { $0.status == .collected })
        #expect(units.filter { $0.account == "111122223333" }.count == 2)
        #expect(units.first { $0.account == "444455556666" && $0.region == "eu-west-1" }?.status == .notCollected)
        let hung = fake.hungPIDs()
        #expect(eventually(seconds: 30) { hung.allSatisfy { !isRunning($0) } })
    }

    @Test func theProgressLineLeadsWithTheOrganisationsCounts() {
        var progress = CollectProgress(region: "eu-west-1", call: "describe-subnets", event: .succeeded, done: 412, total: 530)
        progress.account = "222233334444"
        progress.accounts = .init(done: 2, failed: 1, total: 50, elapsed: 102.4)
        #expect(progress.line == "accounts 3/50 (1 failed), calls 412/530, 1:42 222233334444 eu-west-1 describe-subnets ok")
        progress.event = .accountFinished(failed: false)
        progress.region = ""
        progress.call = ""
        #expect(progress.line == "accounts 3/50 (1 failed), calls 412/530, 1:42 222233334444 done")
    }
}

/// A count another thread increments.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// How a collect on another thread ended.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<CollectReport, Error>?

    func set(_ result: Result<CollectReport, Error>) {
        lock.lock()
        stored = result
        lock.unlock()
    }

    var value: Result<CollectReport, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
