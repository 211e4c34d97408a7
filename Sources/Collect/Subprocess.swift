#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts and waits for a child process with `posix_spawn` rather than Foundation's `Process`:
/// collect runs the CLI from worker threads, which block most signals, and a child spawned there
/// would inherit that mask and ignore the SIGTERM that cancels it. Here the child starts with no
/// blocked signal, default handlers, and in its own process group, so that cancelling can stop
/// the CLI and whatever it started (the v2 CLI runs as a launcher and a Python child).
enum Subprocess {
    /// Starts `executable` with standard input from /dev/null and standard output and error into files.
    /// With `standardOutputDescriptor`, standard output goes to that open descriptor instead (an
    /// unlinked file: an answer that must never have a name on disk).
    static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                      standardOutput: String, standardError: String, standardOutputDescriptor: Int32? = nil) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let descriptor = standardOutputDescriptor {
            posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #if canImport(Glibc)
        // Nothing else of vpcx's leaks into the CLI: an inherited descriptor (another call's output,
        // a pipe the caller watches for vpcx's exit) would stay open as long as the CLI runs.
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        #endif

        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        #if canImport(Darwin)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
            | POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        #endif

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: another thread of this process still has the executable open for writing (it was
        // just installed) and a concurrent spawn inherited that descriptor for an instant. It passes.
        var retries = 0
        while result == ETXTBSY && retries < 40 {
            usleep(25_000)
            retries += 1
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard result == 0 else {
            throw CollectError.awsCLINotFound("\(executable) could not be started: \(String(cString: strerror(result)))")
        }
        return pid
    }

    #if canImport(Glibc)
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module
    /// does not declare; looked up at run time, nil on an older glibc.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
    #endif

    /// Waits until `pid` exits, without reaping it (so its ID cannot be reused while it is still tracked).
    static func waitForExit(_ pid: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
    }

    /// Reaps `pid` and returns its exit status; 128 + N when signal N ended it.
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
