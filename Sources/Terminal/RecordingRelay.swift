#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// `--record`: vpcx runs again on a pseudo-terminal the size of this one, as `script` and `asciinema
/// rec` do, and this process sits between the two: the terminal's input goes to it unchanged, and
/// every byte it writes goes to the terminal and, as asciicast `"o"` events, to the file. So the
/// recording holds exactly what the terminal was sent (ncurses' own output, no second renderer), and
/// the explorer inside knows nothing of it. A resize of this terminal resizes the inner one (the
/// kernel tells the explorer with SIGWINCH) and is written as an `"r"` event.
public enum RecordingRelay {
    /// What came of a recorded run.
    public struct Outcome: Sendable {
        /// The inner vpcx's exit status (128 + N when signal N ended it).
        public var status: Int32
        /// Why the recording stopped before the end (a full disk, the size limit); nil when it did not.
        public var failure: String?
    }

    /// Runs `executable` with `arguments` (`argv[0]` first) on a new pseudo-terminal, recording to `castPath`.
    /// - Throws: `RecordingError` when there is no terminal, the file cannot be made, or the child cannot start.
    ///   Nothing has been changed on the terminal then.
    public static func run(executable: String, arguments: [String], castPath: String, term: String?,
                           limitBytes: Int = 256 << 20) throws(RecordingError) -> Outcome {
        // The terminal: standard input and output when both are one, else /dev/tty (as TerminalScreen does).
        var input = STDIN_FILENO, output = STDOUT_FILENO
        var opened: Int32 = -1
        if isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            opened = open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard opened >= 0 else { throw RecordingError("error: --record needs a terminal (no /dev/tty)") }
            input = opened
            output = opened
        }
        defer { if opened >= 0 { close(opened) } }
        var columns: Int32 = 80, rows: Int32 = 24
        _ = vpcx_get_window_size(output, &columns, &rows)

        let file = try RecordingFile(path: castPath, width: Int(columns), height: Int(rows), term: term, limitBytes: limitBytes)
        var name = [CChar](repeating: 0, count: 256)
        let master = vpcx_open_pty(&name, name.count)
        guard master >= 0 else { throw RecordingError("error: --record: no pseudo-terminal: \(String(cString: strerror(errno)))") }
        defer { close(master) }
        _ = vpcx_set_window_size(master, columns, rows)
        let child = try spawn(executable, arguments: arguments, terminal: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))

        // This terminal goes raw, so every key (Ctrl-C, Ctrl-Z included) reaches the inner explorer
        // as bytes; it is put back exactly as it was at the end.
        var saved = termios()
        let isTerminal = tcgetattr(input, &saved) == 0
        if isTerminal {
            var raw = saved
            cfmakeraw(&raw)
            _ = tcsetattr(input, TCSANOW, &raw)
        }
        defer { if isTerminal { _ = tcsetattr(input, TCSADRAIN, &saved) } }

        let signals = SignalPipe([SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT])
        defer { signals.restore() }
        relay(input: input, output: output, master: master, child: child, signals: signals, file: file)
        file.finish()
        return Outcome(status: reap(child), failure: file.failure)
    }

    /// Copies until the inner side closes (the explorer exited): its output to the terminal and the file,
    /// the terminal's input to it; resizes and termination signals are passed on.
    static func relay(input: Int32, output: Int32, master: Int32, child: pid_t, signals: SignalPipe, file: RecordingFile) {
        var chunker = UTF8Chunker()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var reading = true
        while true {
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: reading ? input : -1, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[0].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                // EIO: the last holder of the inner terminal closed it (the explorer is gone).
                guard n > 0 else { break }
                writeAll(output, buffer[..<n])
                file.output(chunker.text(buffer[..<n]))
            }
            if fds[1].revents != 0 {
                var number: UInt8 = 0
                while read(signals.readEnd, &number, 1) == 1 {
                    if Int32(number) == SIGWINCH {
                        var columns: Int32 = 0, rows: Int32 = 0
                        if vpcx_get_window_size(output, &columns, &rows) == 0 {
                            _ = vpcx_set_window_size(master, columns, rows)
                            file.resize(width: Int(columns), height: Int(rows))
                        }
                    } else {
                        kill(child, Int32(number)) // the explorer restores its terminal and ends; so do we
                    }
                }
            }
            if reading && fds[2].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n > 0 {
                    writeAll(master, buffer[..<n])
                } else {
                    // The terminal hung up: the explorer is told as a terminal would tell it.
                    reading = false
                    kill(child, SIGHUP)
                }
            }
        }
        file.output(chunker.flush())
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            rest = rest.dropFirst(n)
        }
    }

    /// Starts the inner vpcx in a new session with the pseudo-terminal as its controlling terminal and
    /// its standard input, output and error; every signal at its default, none blocked.
    static func spawn(_ executable: String, arguments: [String], terminal: String) throws(RecordingError) -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid, without O_NOCTTY: it becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | vpcx_spawn_setsid())
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw RecordingError("error: --record could not start \(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    /// The child's exit status; 128 + N when signal N ended it.
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// The write end every signal handler of the relay writes its signal number to (the self-pipe trick:
/// a handler may only call async-signal-safe functions, so the loop does the work).
nonisolated(unsafe) private var relaySignalWriteEnd: Int32 = -1

/// Signals turned into bytes on a pipe the relay polls, and the old handlers put back after.
final class SignalPipe {
    let readEnd: Int32
    private let writeEnd: Int32
    private var previous: [(Int32, sigaction)] = []

    init(_ numbers: [Int32]) {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends where end >= 0 {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        relaySignalWriteEnd = writeEnd
        for number in numbers {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(relaySignalWriteEnd, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(relaySignalWriteEnd, &byte, 1)
            }
            #endif
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            if sigaction(number, &action, &old) == 0 { previous.append((number, old)) }
        }
    }

    /// The handlers from before, and the pipe closed.
    func restore() {
        for (number, old) in previous {
            var action = old
            _ = sigaction(number, &action, nil)
        }
        previous = []
        relaySignalWriteEnd = -1
        close(readEnd)
        close(writeEnd)
    }
}
