import Foundation
@testable import Collect

/// A process a test starts, with its output in files, that can be waited for with a bound
/// (a hang guard for the test, not a measurement). Started like collect starts the aws CLI
/// (`Subprocess`): no blocked signals, in its own process group, as from a shell. Foundation's
/// `Process` would hand it the test thread's blocked-signal mask, and SIGINT/SIGTERM with it.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var exitStatus: Int32?
    private let outputURL: URL
    private let errorURL: URL

    init(_ executable: URL, _ arguments: [String], environment: [String: String], scratch: URL) throws {
        let name = UUID().uuidString.prefix(8)
        outputURL = scratch.appendingPathComponent("child-\(name).out")
        errorURL = scratch.appendingPathComponent("child-\(name).err")
        pid = try Subprocess.spawn(executable.path, arguments: arguments, environment: environment,
                                   standardOutput: outputURL.path, standardError: errorURL.path)
        let pid = self.pid
        Thread.detachNewThread { [self] in
            Subprocess.waitForExit(pid)
            let status = Subprocess.reap(pid)
            lock.lock()
            exitStatus = status
            lock.unlock()
            exited.signal()
        }
    }

    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return exitStatus == nil
    }

    /// Waits up to `seconds` for the exit; on time-out kills the process group and returns false.
    func wait(seconds: Double = 120) -> Bool {
        if exited.wait(timeout: .now() + seconds) == .success {
            exited.signal()
            return true
        }
        kill(-pid, SIGKILL)
        _ = exited.wait(timeout: .now() + 5)
        return false
    }

    /// The exit code, 128 + N for signal N; -1 while running.
    var status: Int32 {
        lock.lock()
        defer { lock.unlock() }
        return exitStatus ?? -1
    }

    var standardOutput: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

    /// Runs to the end and returns the process.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String],
                    scratch: URL, seconds: Double = 300) throws -> ChildProcess {
        let child = try ChildProcess(executable, arguments, environment: environment, scratch: scratch)
        _ = child.wait(seconds: seconds)
        return child
    }
}

/// The built `vpcx` executable: $VPCX_BINARY, or beside the test bundle in the build directory.
func vpcxBinary() -> URL? {
    if let path = ProcessInfo.processInfo.environment["VPCX_BINARY"] { return URL(fileURLWithPath: path) }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("vpcx")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}

/// Polls `condition` every 50 ms for up to `seconds`; true once it holds.
func eventually(seconds: Double = 120, _ condition: () -> Bool) -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
}

/// Whether a process is running (a zombie waiting to be reaped counts as gone).
func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
        return kill(pid, 0) == 0
    }
    // The state follows the parenthesised command name: "1234 (sleep) S ...".
    guard let close = stat.lastIndex(of: ")") else { return true }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    return state != "Z" && state != "X"
}
