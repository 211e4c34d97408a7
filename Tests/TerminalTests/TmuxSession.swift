import Foundation

/// A private tmux server running `sh` in one pane, for driving `terminal-demo` on a real terminal.
/// Each session has its own socket, so tests never touch the user's tmux; `close()` kills the server.
final class TmuxSession {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let socket: String
    /// A scratch directory for the files the demo and the shell write (pid, exit reason, stty output).
    let directory: URL

    init(width: Int = 80, height: Int = 24) throws {
        socket = "vpcx-terminal-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // `-f /dev/null`: none of the user's settings; TERM inside the pane is set per command.
        // No pipe for new-session: the server it forks would hold the pipe open and the read would never end.
        tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh"], captureOutput: false)
        _ = waitFor { !self.capture().joined().isEmpty } // the shell's prompt
    }

    func close() {
        tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs tmux against this session's server; returns its standard output.
    @discardableResult
    func tmux(_ arguments: [String], captureOutput: Bool = true) -> String {
        guard let executable = TmuxSession.executable else { return "" }
        let outputPath = captureOutput ? directory.appendingPathComponent("tmux-output-\(UUID().uuidString)").path : "/dev/null"
        defer { if captureOutput { unlink(outputPath) } }
        guard TmuxSession.spawnAndWait([executable, "-L", socket] + arguments, stdout: outputPath) else { return "" }
        return captureOutput ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
    }

    /// posix_spawn rather than Foundation's Process: the test runner's threads block signals, and a blocked
    /// mask is inherited across exec by the tmux server and so by the demo (which then ignores SIGHUP).
    /// The child here gets an empty mask and default handlers; stdout goes to a file, never a pipe the
    /// forked server would keep open.
    static func spawnAndWait(_ argv: [String], stdout path: String) -> Bool {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil // inside a tmux, a nested tmux refuses to start
        let envStrings = environment.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = envStrings.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv) == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return true
    }

    /// Types a command line into the pane's shell and presses Enter.
    func type(_ line: String) { tmux(["send-keys", "-l", line]); tmux(["send-keys", "Enter"]) }
    /// Presses keys by tmux name (`Up`, `F5`, `Escape`) or literal text.
    func press(_ keys: String...) { tmux(["send-keys"] + keys) }

    /// The pane's lines as shown now.
    func capture() -> [String] {
        tmux(["capture-pane", "-p"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A tmux format value for the pane (`#{alternate_on}`, `#{mouse_any_flag}`).
    func format(_ format: String) -> String {
        tmux(["display-message", "-p", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func read(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }

    /// Polls until `condition` holds, for at most `seconds`: the program needs time to start and draw.
    func waitFor(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    func screenContains(_ text: String) -> Bool { capture().contains { $0.contains(text) } }

    /// The demo binary built next to the test bundle (any scratch path), or nil.
    static func demoBinary() -> String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("terminal-demo").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for scratch in [".build-terminal", ".build"] {
            let candidate = root.appendingPathComponent(scratch).appendingPathComponent("debug/terminal-demo").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The terminal settings `stty -a` printed, without the first line (speed and size, which a resize changes).
func sttySettings(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(separator: "\n").dropFirst().flatMap { $0.split(whereSeparator: { $0 == " " || $0 == ";" }) }
        .map(String.init)
}
