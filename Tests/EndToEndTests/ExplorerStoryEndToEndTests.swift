import Foundation
import TestSupport
import Testing

/// STORIES.md's stories 1 and 3 through the real binary on a bastion's terminal: 80x24, `LANG`
/// unset (so ASCII), in tmux. Each asserts the answer the story needs is on screen, scrolling
/// where the panel is taller than the window.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
struct ExplorerStoryEndToEndTests {
    static let bastion = "-u LANG -u LC_ALL -u LC_CTYPE TERM=tmux-256color"

    /// Presses a key until the screen shows `text` (at most `times`); the screen then.
    @discardableResult
    func press(_ key: String, until text: String, times: Int = 20, in session: TmuxSession) -> String {
        var screen = session.capture().joined(separator: "\n")
        for _ in 0..<times where !screen.contains(text) {
            session.press(key)
            screen = session.screen(within: 1) { $0.contains(text) }
        }
        return screen
    }

    func literal(_ text: String, _ session: TmuxSession) { session.tmux(["send-keys", "-l", text]) }

    /// Story 1: the bastion check, on the broken network (its ECR pulls go through the NAT).
    @Test func theBastionCheckAtEightyByTwentyFour() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        startInTmux(session, arguments: "'\(BuiltBinary.fixtures)/aws-cli/broken-us-east-1'", environment: Self.bastion)
        var screen = session.screen { $0.contains("Navigator") }
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "LANG unset: ASCII only")
        session.press("/")
        literal("app-a", session)
        session.press("Enter")
        session.press("2")
        screen = press("s", until: "app-a > ecr.dkr", in: session)
        #expect(screen.contains("> 2 Paths"), "Paths opened by its number has focus, marked in ASCII")
        #expect(screen.contains("ECR image pull"))
        // The notes are below the diagrams: G scrolls to them, and the position shows.
        session.press("G")
        screen = session.screen(within: 2) { $0.contains("/") && $0.contains("-+") }
        #expect(screen.range(of: #"\d+-\d+/\d+"#, options: .regularExpression) != nil, "the scroll position shows")

        session.press("7")
        screen = session.screen { $0.contains("ecr-needs-s3-gateway") }
        #expect(screen.contains("ecr-needs-s3-gateway"))

        // The what-if: an S3 gateway on the subnet's route table.
        session.press("2")
        press("S", until: "app-a > s3 ", in: session)
        session.press("x")
        screen = session.screen { $0.contains("gateway endpoint added") }
        #expect(screen.contains("gateway endpoint added"))

        // q with an unwritten what-if asks; Esc stays.
        session.press("q")
        screen = session.screen { $0.contains("not written") }
        #expect(screen.contains("Quit?"))
        session.press("Escape")
        // W shows the full path, writes, and asks before writing over it the second time.
        session.press("W")
        screen = session.screen { $0.contains("Write .tf:") }
        #expect(screen.contains("vpcx-whatif.tf"))
        session.press("Enter")
        screen = session.screen { $0.contains("wrote") }
        let written = session.read("vpcx-whatif.tf") ?? ""
        #expect(written.contains("aws_vpc_endpoint"))
        session.press("W")
        session.screen { $0.contains("Write .tf:") }
        session.press("Enter")
        screen = session.screen { $0.contains("exists. Overwrite?") }
        #expect(screen.contains("exists. Overwrite?"))
        session.press("y")
        session.screen { $0.contains("wrote") }
        // Written: q quits at once.
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    /// Story 3: the policy question. Typing replaces the pre-filled resource (it is selected), so
    /// the new bucket is what is tested, and the answer is DENY.
    @Test func thePolicyQuestionAtEightyByTwentyFour() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        startInTmux(session, environment: Self.bastion)
        session.screen { $0.contains("Navigator") }
        session.press(":")
        literal("s3-gateway-endpoint", session)
        session.press("Enter", "5", "e")
        var screen = session.screen { $0.contains("EDITING REQUEST") }
        #expect(screen.contains("ALLOW"))
        literal("arn:aws:s3:::new-bucket/key", session)
        screen = session.screen { $0.contains("DENY") }
        #expect(screen.contains("DENY"))
        #expect(screen.contains("implicit"))
        #expect(!screen.contains("acme-app/*arn"), "the typed ARN replaced the pre-filled one")
        session.press("Enter")
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    /// Ctrl-Z gives the shell back (job control), `fg` brings vpcx back with the whole screen drawn;
    /// Ctrl-L draws it again. Started alone, not in a command list, so the shell waits for the job.
    @Test func ctrlZSuspendsAndFgRepaints() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        session.type("cd '\(session.directory.path)'; env \(Self.bastion) '\(BuiltBinary.path)'")
        session.screen { $0.contains("Navigator") }
        session.press("C-z")
        var screen = session.screen { $0.contains("Stopped") || $0.contains("stopped") }
        #expect(!screen.contains("Navigator  "), "the shell has the terminal")
        session.type("fg")
        screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") && $0.contains("q quit") }
        #expect(screen.contains("main-vpc"))
        #expect(screen.contains("q quit"), "the whole screen is back, footer included")
        session.press("C-l")
        screen = session.screen { $0.contains("Navigator") && $0.contains("q quit") }
        #expect(screen.contains("main-vpc"))
        session.press("q")
        // The shell's next line only once it prompts again (vpcx has exited): typed sooner, curses may
        // read it along with the q (it takes whatever input is there) and it goes with vpcx. On a
        // loaded CI machine the line was lost that way and the test waited for a file never written.
        screen = session.screen { screen in
            let last = screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            return ["$", "#"].contains(last?.trimmingCharacters(in: .whitespaces)) // sh's prompt, as a user or as root
        }
        #expect(!screen.contains("q quit"), "vpcx is still on screen after q:\n\(screen)")
        let status = session.file("status.txt").path, stty = session.file("stty.txt").path
        session.type("echo \"exit=$?\" > '\(status)'; stty -a > '\(stty)'")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }
}
