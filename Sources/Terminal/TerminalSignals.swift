#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Synchronization

/// Signal handlers that put the terminal back before the process goes.
///
/// ncurses restores the terminal on SIGINT and SIGTERM only; an SSH drop (SIGHUP) or Ctrl-\ (SIGQUIT)
/// would leave the shell raw, and a Swift runtime trap would print its backtrace into a raw,
/// alternate screen. The handlers use only async-signal-safe calls plus `endwin` (which ncurses itself
/// calls from its own handlers), and read state set up before they were installed.
///
/// A stack overflow leaves no stack to run a handler on: the crash handlers run on an alternate
/// signal stack (`SA_ONSTACK`), which each thread that may overflow needs (`prepareThread`); the
/// main thread gets one on `install`.
enum TerminalSignals {
    /// Bytes of each thread's alternate signal stack: `endwin` and the mouse escape need a few KB.
    static let alternateStackSize = 64 * 1024

    /// Set by a crash handler once the terminal is restored: from then on the main thread must not
    /// call ncurses (its next `wget_wch` would refresh the screen back into the alternate screen
    /// while the crashing thread's backtrace is being written).
    static let crashed = Atomic<Bool>(false)

    /// Set while the main thread is inside ncurses drawing (`drawing(_:)`). A crash on another thread
    /// waits for it to clear before `endwin`: otherwise the main thread's `doupdate`, already past
    /// its check of `crashed`, puts the alternate screen back after the handler left it (seen in CI:
    /// a stack overflow on a load thread while the main thread was presenting a frame).
    static let drawingOnMainThread = Atomic<Bool>(false)

    /// Parks the calling thread for good when another thread crashed: the process is about to end.
    static func stopIfCrashed() {
        guard crashed.load(ordering: .sequentiallyConsistent) else { return }
        while true { pause() }
    }

    /// Runs `body`, a stretch of ncurses calls on the main thread, so that a crash handler on another
    /// thread never restores the terminal in the middle of it. The flag is raised before `crashed` is
    /// read and the handler raises `crashed` before it reads the flag (both sequentially consistent),
    /// so at least one of them sees the other: either the body never starts, or the handler waits.
    /// Not for a blocking read: the handler would wait for a key.
    static func drawing<T>(_ body: () -> T) -> T {
        drawingOnMainThread.store(true, ordering: .sequentiallyConsistent)
        if crashed.load(ordering: .sequentiallyConsistent) {
            drawingOnMainThread.store(false, ordering: .sequentiallyConsistent)
            stopIfCrashed()
        }
        defer { drawingOnMainThread.store(false, ordering: .sequentiallyConsistent) }
        return body()
    }

    /// Gives the calling thread an alternate signal stack, unless it has one (the Swift runtime's).
    /// The memory is the thread's for the life of the process: a handler may run on it at any time.
    static func prepareThread() {
        var current = stack_t()
        if sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) == 0, current.ss_sp != nil { return }
        let memory = mmap(nil, alternateStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let memory, memory != MAP_FAILED else { return }
        var stack = stack_t()
        stack.ss_sp = memory
        stack.ss_flags = 0
        stack.ss_size = alternateStackSize
        if sigaltstack(&stack, nil) != 0 { munmap(memory, alternateStackSize) }
    }

    /// Signals that end the process: restore, then exit with 128+signal.
    static let terminating: [Int32] = [SIGHUP, SIGQUIT, SIGTERM, SIGINT]
    /// Signals of a crash: restore, put the previous handler back and return, so the fault happens
    /// again under that handler (Swift's backtracer) on a terminal that shows it.
    static let crashing: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    /// Records the handlers in place now, to put back on uninstall and to chain to on a crash.
    /// Call before `newterm` so these are the process's own handlers (Swift's backtracer), not ncurses'.
    static func saveOriginalHandlers() {
        if signalState.saved == nil {
            signalState.saved = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(signalSlots))
            signalState.saved?.initialize(repeating: sigaction(), count: Int(signalSlots))
        }
        guard let saved = signalState.saved else { return }
        for signal in terminating + crashing {
            sigaction(signal, nil, saved + Int(signal))
        }
    }

    /// Installs the handlers. `ttyDescriptor` receives the escape that turns mouse reporting off.
    static func install(ttyDescriptor: Int32, mouse: Bool) {
        guard let saved = signalState.saved else { return }
        prepareThread()
        signalState.mainThread = pthread_self()
        signalState.ttyDescriptor = ttyDescriptor
        signalState.mouse = mouse
        for signal in terminating {
            // A signal ignored when we started (nohup, a background job) stays ignored.
            if isIgnored(saved[Int(signal)]) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = terminateRestoringTerminal
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_ONSTACK
            sigaction(signal, &action, nil)
        }
        for signal in crashing {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = crashRestoringTerminal
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigaction(signal, &action, nil)
        }
        signalState.active = true
    }

    /// Whether an action is `SIG_IGN` (the macro `((__sighandler_t) 1)` is not imported).
    private static func isIgnored(_ action: sigaction) -> Bool {
        unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1
    }

    /// Puts the original handlers back (after `endwin`, so nothing refers to the screen any more).
    static func uninstall() {
        guard signalState.active, let saved = signalState.saved else { return }
        signalState.active = false
        for signal in terminating + crashing {
            sigaction(signal, saved + Int(signal), nil)
        }
    }
}

/// Signal numbers on Linux and macOS fit below this.
private let signalSlots: Int32 = 65

/// State the handlers read. Written only on the main thread before the handlers are installed.
private struct SignalState {
    var saved: UnsafeMutablePointer<sigaction>?
    var ttyDescriptor: Int32 = -1
    var mouse = false
    var active = false
    /// The thread that draws (the one that installed the handlers).
    var mainThread: pthread_t?
}

nonisolated(unsafe) private var signalState = SignalState()

/// Turns off every xterm mouse mode ncurses may have set: clicks (1000), drags (1002), motion (1003), SGR (1006).
private let mouseOffSequence: StaticString = "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l"

/// `endwin` and the mouse escape: what every handler does first.
private func restoreTerminalInHandler() {
    endwin()
    if signalState.mouse && signalState.ttyDescriptor >= 0 {
        _ = write(signalState.ttyDescriptor, mouseOffSequence.utf8Start, mouseOffSequence.utf8CodeUnitCount)
    }
}

private func terminateRestoringTerminal(_ signal: Int32) {
    restoreTerminalInHandler()
    _exit(128 + signal)
}

private func crashRestoringTerminal(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?,
                                    _ context: UnsafeMutableRawPointer?) {
    TerminalSignals.crashed.store(true, ordering: .sequentiallyConsistent)
    waitForTheMainThreadToFinishDrawing()
    restoreTerminalInHandler()
    if let saved = signalState.saved {
        sigaction(signal, saved + Int(signal), nil)
    }
    // A fault raised by the CPU happens again when the handler returns, now under the previous handler.
    // One sent by kill/raise/abort (si_code <= 0) does not: send it again; it is blocked until we return.
    if let info, info.pointee.si_code <= 0 {
        raise(signal)
    }
}

/// In a crash handler on a thread other than the drawing one: waits (at most a second, in 1 ms naps, both
/// async-signal-safe) until the main thread is out of `TerminalSignals.drawing`. It cannot enter it again:
/// `crashed` is already set. A crash on the drawing thread itself does not wait for itself.
private func waitForTheMainThreadToFinishDrawing() {
    guard let main = signalState.mainThread, pthread_equal(main, pthread_self()) == 0 else { return }
    var nap = timespec(tv_sec: 0, tv_nsec: 1_000_000)
    for _ in 0..<1000 where TerminalSignals.drawingOnMainThread.load(ordering: .sequentiallyConsistent) {
        nanosleep(&nap, nil)
    }
}
