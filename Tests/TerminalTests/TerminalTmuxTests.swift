import Foundation
import TestSupport
import Testing

/// The Terminal module on a real terminal: `terminal-demo` in a private tmux server.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed: the real-terminal tests need it"))
struct TerminalTmuxTests {
    /// The environment a user with a UTF-8 terminal has; `LC_ALL` from the test runner must not override `LANG`.
    func command(_ demo: String, locale: String = "C.UTF-8", _ arguments: String) -> String {
        "env -u LC_ALL -u LC_CTYPE -u LANGUAGE TERM=tmux-256color LANG=\(locale) \(demo) \(arguments)"
    }

    func demo() throws -> String {
        try #require(TmuxSession.demoBinary(), "terminal-demo was not built next to the test bundle")
    }

    @Test func theDemoDrawsEchoesResizesAndQuitsRestoringTheTerminal() throws {
        let demo = try demo()
        let tmux = try TmuxSession(width: 80, height: 24)
        defer { tmux.close() }
        let dir = tmux.directory.path
        tmux.type("stty -a > \(dir)/before; \(command(demo, "--mouse --exit-file \(dir)/exit")); stty -a > \(dir)/after")

        #expect(tmux.waitFor { tmux.screenContains("┌ terminal-demo ─") })
        var screen = tmux.capture()
        #expect(screen[23].hasPrefix("└") && screen[23].hasSuffix("┘"), "the box reaches the last row")
        #expect(screen[0].hasSuffix("┐"), "the box reaches the last column")
        #expect(screen.contains { $0.contains("wide: 日本語 end") })
        #expect(tmux.format("#{alternate_on} #{mouse_any_flag}") == "1 1", "alternate screen and mouse reporting are on")

        tmux.press("x")
        #expect(tmux.waitFor { tmux.screenContains("last: key x") })
        tmux.press("Up")
        #expect(tmux.waitFor { tmux.screenContains("last: key Up") })
        tmux.press("F5")
        #expect(tmux.waitFor { tmux.screenContains("last: key F5") })
        tmux.press("C-c")
        #expect(tmux.waitFor { tmux.screenContains("last: key Ctrl-C") }, "under raw mode Ctrl-C is a key")

        tmux.tmux(["resize-window", "-x", "100", "-y", "30"])
        #expect(tmux.waitFor { tmux.screenContains("size: 100x30") })
        screen = tmux.capture()
        #expect(screen[0].hasPrefix("┌ terminal-demo") && screen[0].hasSuffix("┐") && screen[0].count == 100)
        #expect(screen[29].hasPrefix("└") && screen[29].count == 100)

        tmux.press("q")
        #expect(tmux.waitFor { tmux.read("after")?.isEmpty == false && tmux.screenContains("terminal-demo: bye") })
        #expect(tmux.read("exit") == "quit\n")
        let before = sttySettings(tmux.read("before")), after = sttySettings(tmux.read("after"))
        #expect(after.contains("icanon") && after.contains("echo") && after.contains("isig"))
        #expect(before == after, "stty -a shows the same settings after the demo")
        #expect(tmux.format("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == "0 0 1",
                "normal screen, no mouse reporting, cursor shown")
    }

    @Test func aHangUpRestoresTheTerminal() throws {
        let demo = try demo()
        let tmux = try TmuxSession()
        defer { tmux.close() }
        let dir = tmux.directory.path
        tmux.type("stty -a > \(dir)/before; \(command(demo, "--mouse --pid-file \(dir)/pid")); echo status=$?; stty -a > \(dir)/after")
        #expect(tmux.waitFor { tmux.screenContains("terminal-demo") && tmux.read("pid")?.isEmpty == false })
        let pid = try #require(tmux.read("pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        kill(pid, SIGHUP)
        #expect(tmux.waitFor { tmux.read("after")?.isEmpty == false })
        #expect(tmux.screenContains("status=129"), "exit status 128+SIGHUP")
        #expect(sttySettings(tmux.read("before")) == sttySettings(tmux.read("after")))
        #expect(tmux.format("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == "0 0 1")
    }

    @Test(arguments: ["!", "@"])
    func aCrashRestoresTheTerminalEvenAStackOverflowOnAnotherThread(key: String) throws {
        // `!` traps on the main thread; `@` overflows the stack of a second thread, where the handler
        // can only run on the alternate signal stack.
        let demo = try demo()
        let tmux = try TmuxSession()
        defer { tmux.close() }
        let dir = tmux.directory.path
        // The backtracer must not stop to ask questions on the terminal.
        tmux.type("SWIFT_BACKTRACE=interactive=no \(command(demo, "--mouse --crash-key --pid-file \(dir)/pid")) 2>\(dir)/stderr; echo exit-$?")
        #expect(tmux.waitFor { tmux.screenContains("terminal-demo") && tmux.read("pid")?.isEmpty == false })
        #expect(tmux.format("#{alternate_on} #{mouse_any_flag}") == "1 1")
        tmux.press(key)
        #expect(tmux.waitFor(seconds: 60) { tmux.capture().contains { $0.hasPrefix("exit-") } },
                "screen:\n\(tmux.capture().joined(separator: "\n"))\nstderr:\n\(tmux.read("stderr") ?? "")")
        let status = tmux.capture().first { $0.hasPrefix("exit-") }
        #expect(status == "exit-132" || status == "exit-139", "the process died of its crash signal (SIGILL, SIGSEGV)")
        #expect(tmux.format("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == "0 0 1")
    }

    @Test func underTheCLocaleTheBoxIsASCII() throws {
        let demo = try demo()
        let tmux = try TmuxSession()
        defer { tmux.close() }
        tmux.type(command(demo, locale: "C", ""))
        #expect(tmux.waitFor { tmux.screenContains("+ terminal-demo ---") })
        let screen = tmux.capture()
        #expect(screen[23].hasPrefix("+---") && screen[23].hasSuffix("+"))
        #expect(screen.contains { $0.contains("| wide: ?????? end") }, "non-ASCII text keeps its columns as ?")
        // A UTF-8 key typed into a C locale must not swallow the keys after it.
        tmux.tmux(["send-keys", "-l", "é"])
        tmux.press("z")
        #expect(tmux.waitFor { tmux.screenContains("last: key z") })
        tmux.press("q")
        #expect(tmux.waitFor { tmux.screenContains("terminal-demo: bye") })
    }

    @Test func whenInputEndsTheLoopEndsInsteadOfSpinning() throws {
        let demo = try demo()
        let tmux = try TmuxSession()
        defer { tmux.close() }
        let dir = tmux.directory.path
        // SIGHUP ignored (nohup): only the end of input can tell the demo its terminal is gone.
        tmux.tmux(["new-window", "-d", "-n", "victim",
                   "trap '' HUP; exec \(command(demo, "--pid-file \(dir)/pid --exit-file \(dir)/exit"))"])
        #expect(tmux.waitFor { tmux.read("pid")?.isEmpty == false })
        tmux.tmux(["kill-window", "-t", "victim"])
        // The file exists from fopen on, empty until fclose: wait for its text.
        #expect(tmux.waitFor { tmux.read("exit")?.isEmpty == false })
        #expect(tmux.read("exit") == "input-ended\n")
    }
}
