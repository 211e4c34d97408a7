import Foundation
import TestSupport
import Testing

/// The real binary in a real terminal (tmux): start-up, navigation, filter, resize, LANG=C, and
/// every way of leaving restores the terminal.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
struct ExplorerEndToEndTests {
    @Test func startsOnTheDemoNavigatesAndQuitsCleanly() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session)
        var screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("built-in demo"))
        #expect(screen.contains("─"), "UTF-8 box drawing under a UTF-8 locale")
        session.press("j", "j", "j")
        screen = session.screen { $0.contains("Subnet private-a") }
        #expect(screen.contains("0.0.0.0/0"))
        session.press("/")
        session.tmux(["send-keys", "-l", "secrets"])
        session.press("Enter")
        screen = session.screen { $0.contains("/secrets") && $0.contains("Endpoint secretsmanager") }
        #expect(screen.contains("Endpoint secretsmanager"))
        #expect(!screen.contains("ecr.dkr"))
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    /// A load that does not finish (standard input that trickles whitespace forever: only regular
    /// files and `-` are sources, so a FIFO is refused at once) still reads the keyboard: `q` quits
    /// at once, and Ctrl-C too, with the terminal restored.
    @Test(arguments: ["q", "C-c"])
    func quittingDuringALoadCancelsIt(_ key: String) throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        // The feeder dies of SIGPIPE at its next write once vpcx has gone, so the shell moves on.
        startInTmux(session, arguments: "-", feeder: "while sleep 0.2; do printf ' '; done")
        let screen = session.screen(settled: false) { $0.contains("Loading") }
        #expect(screen.contains("Reading -"))
        session.press(key)
        #expect(isRestored(session.sttyAfterExit(seconds: 10)))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func resizingRedrawsForTheNewSize() throws {
        let session = try TmuxSession(width: 120, height: 40)
        defer { session.close() }
        startInTmux(session)
        session.screen { $0.contains("Navigator") }
        session.tmux(["resize-window", "-x", "70", "-y", "20"])
        var screen = session.screen { $0.contains("0 Navigator") }
        #expect(screen.contains("0 Navigator"))
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 70 })
        session.tmux(["resize-window", "-x", "30", "-y", "10"])
        screen = session.screen { $0.contains("too small") }
        #expect(screen.contains("too small"))
        session.tmux(["resize-window", "-x", "100", "-y", "30"])
        screen = session.screen { $0.contains("Navigator") && $0.contains("Detail") }
        #expect(screen.contains("Detail"))
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
    }

    @Test func asciiUnderTheCLocale() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session, environment: "TERM=tmux-256color LANG=C LC_ALL=C")
        let screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("+-"))
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
    }

    @Test func ctrlCQuitsAndRestores() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session)
        session.screen { $0.contains("Navigator") }
        session.press("C-c")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test(arguments: [SIGHUP, SIGTERM])
    func aSignalRestoresTheTerminal(_ signal: Int32) throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session)
        session.screen { $0.contains("Navigator") }
        let pid = try #require(session.foregroundPID(named: "vpcx"))
        kill(pid, signal)
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=\(128 + signal)")
    }

    @Test func anUnknownTerminalGetsAClearMessage() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session, arguments: "2>&1", environment: "TERM=no-such-terminal LANG=C.UTF-8")
        let screen = session.screen { $0.contains("exit=") || $0.contains("no-such-terminal") }
        #expect(screen.contains("no-such-terminal"))
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=2")
    }

    @Test func aHungUpSessionEndsVpcxInsteadOfSpinning() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        startInTmux(session)
        session.screen { $0.contains("Navigator") }
        let pid = try #require(session.foregroundPID(named: "vpcx"))
        session.tmux(["kill-server"])
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && kill(pid, 0) == 0 { usleep(100_000) }
        #expect(kill(pid, 0) != 0, "vpcx still running after its terminal went away")
    }
}
