import Foundation
import TestSupport
import Testing

/// The `vpcx` binary built beside this test bundle, and running it.
enum BuiltBinary {
    /// The product of this build (the test target depends on it). Never a `vpcx` found on PATH: an
    /// old install there would make every test pass or fail for the wrong binary. When missing, the
    /// path names where it was looked for, so the spawn fails and says so.
    static var path: String { TmuxSession.builtProduct("vpcx") ?? packageRoot + "/.build/(vpcx not built beside the tests)" }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fixtures = packageRoot + "/Tests/LoadersTests/Fixtures"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs vpcx with arguments, detached from any terminal (a new session), and waits.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let scratch = NSTemporaryDirectory() + "vpcx-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var input = "/dev/null"
        if let stdin {
            input = scratch + "/stdin"
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: input))
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let status = Spawn.run([path] + arguments, stdin: input, stdout: scratch + "/out", stderr: scratch + "/err",
                               environment: env, newSession: true) ?? -1
        return Result(status: status, stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }
}

/// A terminal left as it should be: canonical mode and echo on.
func isRestored(_ stty: String?) -> Bool {
    let words = Set(sttySettings(stty))
    return words.contains("icanon") && words.contains("echo") && !words.contains("-icanon") && !words.contains("-echo")
}

/// Starts vpcx in a tmux pane's shell; when it exits the shell records its status and `stty -a`.
/// `feeder`: a shell command whose output becomes vpcx's standard input (`FEEDER | vpcx ...`).
func startInTmux(_ session: TmuxSession, arguments: String = "", environment: String = "TERM=tmux-256color LANG=C.UTF-8",
                 feeder: String? = nil) {
    // Absolute paths into the session's scratch directory: the shell's status and stty output are test
    // output and must never land in the working tree, whatever the shell's directory.
    let status = session.file("status.txt").path, stty = session.file("stty.txt").path
    let pipe = feeder.map { "\($0) | " } ?? ""
    session.type("cd '\(session.directory.path)'; \(pipe)env \(environment) '\(BuiltBinary.path)' \(arguments); echo \"exit=$?\" > '\(status)'; stty -a > '\(stty)'")
}

extension TmuxSession {
    /// The screen once `predicate` holds and the frame has settled (or as it is after the time-out).
    ///
    /// Settled matters: tmux may show a frame half written (the top rows drawn, the bottom border not
    /// yet), so a screen is returned only when two captures in a row agree and still satisfy `predicate`.
    /// `settled: false` for a screen that never settles (a spinner while a load runs).
    @discardableResult
    func screen(within seconds: Double = 10, settled: Bool = true, where predicate: @escaping (String) -> Bool) -> String {
        var last = "", previous: String?
        _ = waitFor(seconds: seconds) {
            last = self.capture().joined(separator: "\n")
            defer { previous = last }
            return predicate(last) && (!settled || last == previous)
        }
        return last
    }

    /// `stty -a` as the shell saw it after vpcx exited.
    func sttyAfterExit(seconds: Double = 10) -> String? {
        _ = waitFor(seconds: seconds) { self.read("stty.txt")?.isEmpty == false }
        return read("stty.txt")
    }

    var exitStatus: String? { read("status.txt")?.trimmingCharacters(in: .whitespacesAndNewlines) }
}
