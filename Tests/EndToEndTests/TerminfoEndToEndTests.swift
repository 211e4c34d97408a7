import Foundation
import TestSupport
import Testing

/// Bastion terminals: a TERM the host has no entry for, and entries kept where TERMINFO_DIRS says.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
struct TerminfoEndToEndTests {
    @Test func anUnknownXtermCompatibleTerminalFallsBackWithANotice() throws {
        let session = try TmuxSession(width: 120, height: 30)
        defer { session.close() }
        startInTmux(session, environment: "TERM=xterm-ghostty LANG=C.UTF-8")
        let screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("TERM=xterm-ghostty has no terminfo entry on this host; using xterm-256color"))
        #expect(screen.contains("─"))
        session.press("j")
        #expect(!session.screen { !$0.contains("has no terminfo entry") }.contains("has no terminfo entry"), "the notice goes with the next key")
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func anEntryInTERMINFO_DIRSIsFound() throws {
        guard let tic = ["/usr/bin/tic", "/bin/tic"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("tic (ncurses-bin) is needed to compile a test entry")
            return
        }
        let directory = NSTemporaryDirectory() + "vpcx-terminfo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A terminal type no system database has, as a host-local entry would be.
        let source = directory + "/vpcx-bastion.src"
        try "vpcx-bastion|a terminal only this directory knows,\n\tuse=xterm-256color,\n".write(toFile: source, atomically: true, encoding: .utf8)
        let status = Spawn.run([tic, "-x", "-o", directory, source])
        #expect(status == 0)
        let session = try TmuxSession(width: 120, height: 30)
        defer { session.close() }
        startInTmux(session, environment: "TERM=vpcx-bastion TERMINFO_DIRS='\(directory)' LANG=C.UTF-8")
        let screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("main-vpc"))
        #expect(!screen.contains("has no terminfo entry"), "found, not a fallback")
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func anUnknownTerminalOfAnotherKindStillFails() throws {
        let session = try TmuxSession(width: 120, height: 30)
        defer { session.close() }
        startInTmux(session, arguments: "2>&1", environment: "TERM=vt52-clone LANG=C.UTF-8")
        let screen = session.screen { $0.contains("unknown terminal type") }
        #expect(screen.contains("TERM=vt52-clone: unknown terminal type"))
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=2")
    }
}
