import Foundation
import Testing

/// A private tmux server running one command in a detached session of a given size: the real
/// binary in a real terminal, driven by send-keys and read by capture-pane.
final class TmuxSession {
    let socket = "vpcx-e2e-\(UUID().uuidString.prefix(8))"
    let scratch: String

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        scratch = NSTemporaryDirectory() + socket
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var env = ["TERM": "tmux-256color", "LANG": "C.UTF-8", "LC_ALL": ""]
        for (k, v) in environment { env[k] = v }
        let exports = env.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // The pane records the terminal's settings after vpcx exits, then waits to be read.
        let script = "cd '\(scratch)'; echo $$ > shell.pid; env \(exports) \(command); echo \"exit=$?\" > status.txt; stty -a > stty.txt; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: scratch)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", socket] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": NSTemporaryDirectory()]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Sends keys as tmux names them (`j`, `Enter`, `Escape`, `C-c`), or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// The screen as text.
    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    /// Polls the screen until `predicate` holds, up to `timeout` seconds; returns the last screen.
    @discardableResult
    func waitFor(_ timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return screen
    }

    /// Waits for vpcx to exit and returns `stty -a` as the pane saw it afterwards.
    func sttyAfterExit(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: scratch + "/stty.txt", encoding: .utf8), !text.isEmpty { return text }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    var exitStatus: String? { try? String(contentsOfFile: scratch + "/status.txt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of the pane's first process (vpcx once the shell has started it).
    func childPID(named name: String) -> Int32? {
        guard let shell = try? String(contentsOfFile: scratch + "/shell.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        process.arguments = ["-P", shell, name]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        process.waitUntilExit()
        return Int32(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").first ?? "")
    }
}

/// A terminal left as it should be: canonical mode and echo on.
func isRestored(_ stty: String?) -> Bool {
    guard let stty else { return false }
    let words = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    return words.contains("icanon") && words.contains("echo") && !words.contains("-icanon") && !words.contains("-echo")
}
