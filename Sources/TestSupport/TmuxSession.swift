import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running `sh` in one pane, for driving `terminal-demo` on a real terminal.
/// Each session has its own socket, so tests never touch the user's tmux; `close()` kills the server.
public final class TmuxSession {
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public let socket: String
    /// A scratch directory for the files the demo and the shell write (pid, exit reason, stty output).
    public let directory: URL

    public init(width: Int = 80, height: Int = 24) throws {
        socket = "vpcx-terminal-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // `-f /dev/null`: none of the user's settings; TERM inside the pane is set per command.
        // No pipe for new-session: the server it forks would hold the pipe open and the read would never end.
        tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh"], captureOutput: false)
        _ = waitFor { !self.capture().joined().isEmpty } // the shell's prompt
    }

    public func close() {
        tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs tmux against this session's server; returns its standard output.
    @discardableResult
    public func tmux(_ arguments: [String], captureOutput: Bool = true) -> String {
        guard let executable = TmuxSession.executable else { return "" }
        let outputPath = captureOutput ? directory.appendingPathComponent("tmux-output-\(UUID().uuidString)").path : "/dev/null"
        defer { if captureOutput { unlink(outputPath) } }
        guard TmuxSession.spawnAndWait([executable, "-L", socket] + arguments, stdout: outputPath) else { return "" }
        return captureOutput ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
    }

    static func spawnAndWait(_ argv: [String], stdout path: String) -> Bool {
        Spawn.run(argv, stdout: path) != nil
    }

    /// Types a command line into the pane's shell and presses Enter.
    public func type(_ line: String) { tmux(["send-keys", "-l", line]); tmux(["send-keys", "Enter"]) }
    /// Presses keys by tmux name (`Up`, `F5`, `Escape`) or literal text.
    public func press(_ keys: String...) { tmux(["send-keys"] + keys) }

    /// The pane's lines as shown now.
    public func capture() -> [String] {
        tmux(["capture-pane", "-p"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A tmux format value for the pane (`#{alternate_on}`, `#{mouse_any_flag}`).
    public func format(_ format: String) -> String {
        tmux(["display-message", "-p", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    public func read(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }

    /// Polls until `condition` holds, for at most `seconds`: the program needs time to start and draw.
    public func waitFor(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    public func screenContains(_ text: String) -> Bool { capture().contains { $0.contains(text) } }

    /// The pid of the pane's foreground program, if one runs besides the shell.
    public func foregroundPID(named name: String) -> Int32? {
        let shell = format("#{pane_pid}")
        let output = directory.appendingPathComponent("pgrep-\(UUID().uuidString)").path
        defer { unlink(output) }
        _ = Spawn.run(["/usr/bin/pgrep", "-P", shell, name], stdout: output)
        return (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// The demo binary built next to the test bundle (any scratch path), or nil.
    public static func demoBinary() -> String? { builtProduct("terminal-demo") }

    /// An executable product built next to the test bundle (any scratch path), or nil.
    public static func builtProduct(_ name: String) -> String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for scratch in [".build-terminal", ".build"] {
            let candidate = root.appendingPathComponent(scratch).appendingPathComponent("debug/\(name)").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The terminal settings `stty -a` printed, without the first line (speed and size, which a resize changes).
public func sttySettings(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(separator: "\n").dropFirst().flatMap { $0.split(whereSeparator: { $0 == " " || $0 == ";" }) }
        .map(String.init)
}
