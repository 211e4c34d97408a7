import Foundation
import Testing

/// The real binary in a real terminal (tmux): start-up, navigation, filter, resize, LANG=C, and
/// every way of leaving restores the terminal.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct ExplorerEndToEndTests {
    let vpcx = BuiltBinary.path

    @Test func startsOnTheDemoNavigatesAndQuitsCleanly() throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)'")
        var screen = try session.waitFor { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("built-in demo"))
        #expect(screen.contains("─"), "UTF-8 box drawing under a UTF-8 locale")
        try session.send("j", "j", "j")
        screen = try session.waitFor { $0.contains("Subnet private-a") }
        #expect(screen.contains("0.0.0.0/0"))
        try session.send("/")
        try session.send("secrets", literal: true)
        try session.send("Enter")
        screen = try session.waitFor { $0.contains("/secrets") && $0.contains("Endpoint secretsmanager") }
        #expect(!screen.contains("ecr.dkr"))
        try session.send("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func resizingRedrawsForTheNewSize() throws {
        let session = try TmuxSession(width: 120, height: 40, command: "'\(vpcx)'")
        try session.waitFor { $0.contains("Navigator") }
        try session.resize(width: 70, height: 20)
        var screen = try session.waitFor { $0.contains("0 Navigator") }
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 70 })
        try session.resize(width: 30, height: 10)
        screen = try session.waitFor { $0.contains("too small") }
        try session.resize(width: 100, height: 30)
        screen = try session.waitFor { $0.contains("Navigator") && $0.contains("Detail") }
        try session.send("q")
        #expect(isRestored(session.sttyAfterExit()))
    }

    @Test func asciiUnderTheCLocale() throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)'", environment: ["LANG": "C", "LC_ALL": "C"])
        let screen = try session.waitFor { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("+-") || screen.contains("|"))
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        try session.send("q")
        #expect(isRestored(session.sttyAfterExit()))
    }

    @Test func ctrlCQuitsAndRestores() throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)'")
        try session.waitFor { $0.contains("Navigator") }
        try session.send("C-c")
        #expect(isRestored(session.sttyAfterExit()))
    }

    @Test(arguments: ["HUP", "TERM"])
    func aSignalRestoresTheTerminal(_ signal: String) throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)'")
        try session.waitFor { $0.contains("Navigator") }
        let pid = try #require(session.childPID(named: "vpcx"))
        kill(pid, signal == "HUP" ? SIGHUP : SIGTERM)
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == (signal == "HUP" ? "exit=129" : "exit=143"))
    }

    @Test func anUnknownTerminalGetsAClearMessage() throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)' 2>&1", environment: ["TERM": "no-such-terminal"])
        let screen = try session.waitFor { $0.contains("no-such-terminal") }
        #expect(screen.contains("no-such-terminal"))
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=2")
    }

    @Test func aHungUpSessionEndsVpcxInsteadOfSpinning() throws {
        let session = try TmuxSession(width: 100, height: 30, command: "'\(vpcx)'")
        try session.waitFor { $0.contains("Navigator") }
        let pid = try #require(session.childPID(named: "vpcx"))
        try session.tmux(["kill-server"])
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && kill(pid, 0) == 0 { Thread.sleep(forTimeInterval: 0.1) }
        #expect(kill(pid, 0) != 0, "vpcx still running after its terminal went away")
    }
}
