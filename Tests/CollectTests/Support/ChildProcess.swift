import Foundation

/// A process a test starts, with its output in files, that can be waited for with a bound
/// (a hang guard for the test, not a measurement).
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let outputURL: URL
    private let errorURL: URL

    init(_ executable: URL, _ arguments: [String], environment: [String: String], scratch: URL) throws {
        let name = UUID().uuidString.prefix(8)
        outputURL = scratch.appendingPathComponent("child-\(name).out")
        errorURL = scratch.appendingPathComponent("child-\(name).err")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits up to `seconds` for the exit; on time-out kills the process and returns false.
    func wait(seconds: Double = 120) -> Bool {
        if exited.wait(timeout: .now() + seconds) == .success { return true }
        process.terminate()
        _ = exited.wait(timeout: .now() + 5)
        return false
    }

    var status: Int32 { process.terminationStatus }
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
