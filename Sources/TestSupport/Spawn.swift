import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starting programs from tests with posix_spawn rather than Foundation's Process: the test runner's
/// threads block signals, and a blocked mask is inherited across exec (a vpcx started that way ignores
/// SIGHUP). Children here get an empty mask and default handlers, and their output goes to files,
/// never to a pipe that a forked daemon (tmux's server) would keep open.
public enum Spawn {
    /// Runs `argv` to the end and returns its exit status (128+N for signal N), or nil if it could not start.
    /// `newSession` detaches it from any controlling terminal (setsid), as on a machine with no tty.
    @discardableResult
    public static func run(_ argv: [String], stdin: String = "/dev/null", stdout: String = "/dev/null",
                           stderr: String = "/dev/null", environment: [String: String]? = nil,
                           newSession: Bool = false) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
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
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newSession { flags |= 0x80 } // POSIX_SPAWN_SETSID (glibc 2.26+)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var env = environment ?? ProcessInfo.processInfo.environment
        env["TMUX"] = nil // inside a tmux, a nested tmux refuses to start
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status >> 8) & 0xff, signal = status & 0x7f
        return signal == 0 ? code : 128 + signal
    }
}
