import Foundation
import Testing
@testable import Collect

/// The built `vpcx collect`: messages, exit codes, and what an interruption leaves behind.
@Suite struct CollectCommandTests {
    private func binary() throws -> URL {
        try #require(vpcxBinary(), "the vpcx executable is not built beside the tests (swift build, or set VPCX_BINARY)")
    }

    private func collect(_ fake: FakeAWS, _ settings: [String: String] = [:], output: URL) throws -> ChildProcess {
        try ChildProcess(binary(), ["collect", "--aws", fake.executable.path, "--region", "eu-west-1",
                                    "--output", output.path],
                         environment: fake.environment(settings), scratch: fake.directory)
    }

    @Test func printsProgressLinesAndASummaryWhenStderrIsNotATerminal() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let child = try collect(fake, ["FAKE_AWS_DENY": "describe-nat-gateways"], output: output)
        #expect(child.wait())
        #expect(child.status == 0)
        let lines = child.standardError.split(separator: "\n").map(String.init)
        let progressLines = lines.filter { $0.hasPrefix("collect [") }
        let calls = CollectWithFakeAWSTests.callsPerRegion + 1
        #expect(progressLines.count == calls)
        #expect(progressLines.last?.hasPrefix("collect [\(calls)/\(calls)] ") == true)
        #expect(progressLines.contains { $0.hasSuffix("] eu-west-1 describe-nat-gateways failed: UnauthorizedOperation") })
        #expect(!child.standardError.contains("\r"))
        #expect(lines.contains("collected \(CollectWithFakeAWSTests.callsPerRegion - 1) files from eu-west-1 (account 111122223333) into \(output.path)"))
        #expect(lines.contains("vpcx collect: warning: gap: eu-west-1 describe-nat-gateways: UnauthorizedOperation: "
            + "You are not authorized to perform this operation."))
        #expect(listing(output) == ["eu-west-1", "global", "manifest.json"])
    }

    @Test func failureExitsWithCode2AndAClearMessage() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let child = try collect(fake, ["FAKE_AWS_NO_CREDENTIALS": "1"], output: output)
        #expect(child.wait())
        #expect(child.status == 2)
        #expect(child.standardError.hasPrefix("vpcx collect: error: no AWS credentials"))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let noCLI = try ChildProcess.run(binary(), ["collect", "--region", "eu-west-1", "--output", output.path],
                                         environment: ["PATH": "/nonexistent"], scratch: fake.directory)
        #expect(noCLI.status == 2)
        #expect(noCLI.standardError.contains("the aws CLI was not found (no aws on PATH); install it or pass --aws PATH"))
    }

    /// `vpcx --live` with TMPDIR in a fresh directory, so what it leaves behind can be listed.
    private func live(_ fake: FakeAWS, _ settings: [String: String] = [:]) throws -> (ChildProcess, URL) {
        let temporary = fake.directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var environment = fake.environment(settings)
        environment["TMPDIR"] = temporary.path + "/"
        let child = try ChildProcess(binary(), ["--live", "--aws", fake.executable.path, "--region", "eu-west-1"],
                                     environment: environment, scratch: fake.directory)
        return (child, temporary)
    }

    @Test func liveRemovesItsSnapshotWhenTheCollectFails() throws {
        let fake = try FakeAWS()
        let (child, temporary) = try live(fake, ["FAKE_AWS_NO_CREDENTIALS": "1"])
        #expect(child.wait())
        #expect(child.status == 2)
        #expect(listing(temporary) == [])
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func liveRemovesItsSnapshotWhenInterrupted(signal: Int32) throws {
        let fake = try FakeAWS()
        let (child, temporary) = try live(fake, ["FAKE_AWS_HANG": "describe-vpcs"])
        #expect(eventually { fake.hungPID() != nil })
        #expect(listing(temporary).count == 1)
        kill(child.pid, signal)
        #expect(child.wait())
        #expect(child.status == 130)
        #expect(listing(temporary) == [])
    }

    @Test func liveRemovesItsSnapshotOnceLoadedBeforeTheTerminalIsUsed() throws {
        // Without a terminal the explorer cannot start: by then the snapshot is in memory and gone.
        let fake = try FakeAWS()
        let (child, temporary) = try live(fake)
        #expect(child.wait())
        #expect(child.standardError.contains("collected \(CollectWithFakeAWSTests.callsPerRegion) files from eu-west-1"))
        #expect(listing(temporary) == [])
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedCollectLeavesNoSnapshot(signal: Int32) throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let child = try collect(fake, ["FAKE_AWS_HANG": "describe-vpcs"], output: output)
        #expect(eventually { fake.hungPID() != nil })
        kill(child.pid, signal)
        #expect(child.wait())
        #expect(child.status == 130)
        #expect(child.standardError.contains("vpcx collect: error: interrupted; no snapshot was written"))
        #expect(listing(fake.directory).filter { $0.hasPrefix("snapshot") }.isEmpty)
        // The hanging aws process was stopped too.
        let hung = fake.hungPIDs()
        #expect(!hung.isEmpty)
        #expect(eventually(seconds: 30) { hung.allSatisfy { !isRunning($0) } })
    }

    @Test func interruptedCollectKeepsThePreviousSnapshot() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        _ = try runCollect(CollectOptions(regions: ["eu-west-1"], output: output.path, environment: fake.environment()))
        let previous = try Data(contentsOf: output.appendingPathComponent("manifest.json"))

        let child = try collect(fake, ["FAKE_AWS_HANG": "describe-subnets"], output: output)
        #expect(eventually { fake.hungPID() != nil })
        kill(child.pid, SIGINT)
        #expect(child.wait())
        #expect(child.status == 130)
        #expect(try Data(contentsOf: output.appendingPathComponent("manifest.json")) == previous)
        #expect(listing(output.appendingPathComponent("eu-west-1")) == CollectWithFakeAWSTests.expectedFiles)
        #expect(listing(fake.directory).filter { $0.hasPrefix("snapshot") } == ["snapshot"])
    }

    @Test func killedCollectLeavesOnlyAPartialDirectoryWithoutManifest() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let child = try collect(fake, ["FAKE_AWS_HANG": "describe-vpc-attribute"], output: output)
        #expect(eventually { fake.hungPID() != nil })
        kill(child.pid, SIGKILL)
        #expect(child.wait())
        // SIGKILL leaves the hanging aws processes orphaned: the test stops them.
        for hung in fake.hungPIDs() { kill(hung, SIGKILL) }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let partials = listing(fake.directory).filter { $0.hasPrefix("snapshot.partial-") }
        #expect(partials.count == 1)
        for partial in partials {
            let top = listing(fake.directory.appendingPathComponent(partial))
            #expect(!top.contains("manifest.json"))
            #expect(top.contains("eu-west-1"))
        }
        // A later collect is not confused by the leftover.
        _ = try runCollect(CollectOptions(regions: ["eu-west-1"], output: output.path, environment: fake.environment()))
        #expect(listing(output) == ["eu-west-1", "global", "manifest.json"])
    }

    @Test func cancellingTheLibraryCallRemovesThePartialDirectory() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        let cancellation = CollectCancellation()
        let outcome = Outcome()
        let options = CollectOptions(regions: ["eu-west-1"], output: output.path,
                                     environment: fake.environment(["FAKE_AWS_HANG": "describe-route-tables"]))
        let thread = Thread {
            do {
                _ = try runCollect(options, cancellation: cancellation)
                outcome.set(nil)
            } catch {
                outcome.set(error)
            }
        }
        thread.start()
        #expect(eventually { fake.hungPID() != nil })
        cancellation.cancel()
        #expect(eventually { outcome.finished })
        #expect(outcome.error as? CollectError == .cancelled)
        #expect(listing(fake.directory).filter { $0.hasPrefix("snapshot") }.isEmpty)
        let hung = try #require(fake.hungPID())
        #expect(eventually(seconds: 30) { !isRunning(hung) })
    }
}

/// How a collect on another thread ended.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var stored: Error?

    func set(_ error: Error?) {
        lock.lock()
        done = true
        stored = error
        lock.unlock()
    }

    var finished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
