import Foundation
import TestSupport
import Testing

/// `vpcx tour` and `--record` in a real terminal (tmux): stepping, `q` into the explorer, and the
/// asciicast file a recorded session leaves.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
struct TourEndToEndTests {
    @Test func steppingForwardAndBackThenQKeepsTheScreen() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        startInTmux(session, arguments: "tour", environment: "TERM=tmux-256color LANG=C LC_ALL=C")
        var screen = session.screen { $0.contains(" 1/8 ") && $0.contains("The network: main-vpc") }
        #expect(screen.contains("Space/Right/n next"))
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        session.press("Space")
        screen = session.screen { $0.contains(" 2/8 ") }
        #expect(screen.contains("Endpoints: gateway (s3, dynamodb)"))
        session.press("Right")
        screen = session.screen { $0.contains(" 3/8 ") }
        #expect(screen.contains("2 Paths: private-a > s3"))
        session.press("Left")
        screen = session.screen { $0.contains(" 2/8 ") }
        let stepTwo = screen.split(separator: "\n").dropFirst().prefix(18).joined(separator: "\n")
        session.press("q")
        screen = session.screen { $0.contains("left the tour at step 2/8") }
        #expect(!screen.contains("Space/Right/n next"))
        // The explorer is on the same screen: the panels above the bar are as the step drew them.
        #expect(screen.split(separator: "\n").dropFirst().prefix(18).joined(separator: "\n") == stepTwo)
        session.press("2")
        screen = session.screen { $0.contains("2 Paths:") }
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func aRecordedTourIsAnAsciicastWithNothingFromTheEnvironment() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        let cast = session.file("tour.cast").path
        let secret = "vpcx-secret-\(UUID().uuidString)"
        startInTmux(session, arguments: "tour --record '\(cast)'",
                    environment: "TERM=tmux-256color LANG=C.UTF-8 VPCX_PLANTED=\(secret) SHELL=/bin/\(secret)")
        session.screen { $0.contains(" 1/8 ") }
        session.press("Space")
        session.screen { $0.contains(" 2/8 ") }
        session.tmux(["resize-window", "-x", "120", "-y", "35"])
        session.screen { $0.contains(" 2/8 ") && $0.split(separator: "\n").contains { $0.count > 100 } }
        session.press("Space")
        let last = session.screen { $0.contains(" 3/8 ") }
        session.press("Escape")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")

        let text = try String(contentsOfFile: cast, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "every event is a whole line")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 100)
        #expect(header["height"] as? Int == 30)
        #expect((header["timestamp"] as? Int ?? 0) > 1_600_000_000)
        #expect(header["env"] as? [String: String] == ["TERM": "tmux-256color"])
        #expect(Set(header.keys) == ["version", "width", "height", "timestamp", "env"])
        var previous = 0.0
        var codes: [String] = []
        var resizes: [String] = []
        for line in lines.dropFirst() where !line.isEmpty {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3)
            let time = try #require(event[0] as? Double)
            #expect(time >= previous, "times only go forward")
            previous = time
            let code = try #require(event[1] as? String)
            let data = try #require(event[2] as? String)
            codes.append(code)
            if code == "r" { resizes.append(data) }
        }
        #expect(codes.first == "o")
        #expect(Set(codes) == ["o", "r"])
        #expect(resizes == ["120x35"])
        // Nothing from the environment beyond TERM: not the planted value, the shell, the home, the directory.
        #expect(!text.contains(secret))
        for name in ["HOME", "USER", "PATH"] {
            if let value = ProcessInfo.processInfo.environment[name], value.count > 3 { #expect(!text.contains(value)) }
        }
        #expect(!text.contains(session.directory.path))

        // asciinema itself reads it back: its `cat` replays the output, and the last screen's text is in it.
        guard let asciinema = Self.asciinema else {
            print("skipped: asciinema is not installed (pip install asciinema), so the replay check did not run")
            return
        }
        let replay = session.file("replay.txt").path
        #expect(Spawn.run([asciinema, "cat", cast], stdin: "/dev/null", stdout: replay, stderr: session.file("replay.err").path,
                          environment: ProcessInfo.processInfo.environment, newSession: true) == 0)
        let replayed = try String(contentsOfFile: replay, encoding: .utf8)
        #expect(replayed.contains("3/8"))
        let caption = try #require(last.split(separator: "\n").first { $0.contains(" 3/8 ") })
        for word in caption.split(separator: " ").suffix(4) { #expect(replayed.contains(word)) }
    }

    /// The explorer records too; a SIGTERM to the recording vpcx reaches the inner one, which restores
    /// its terminal, and the file it leaves plays: every line a whole event.
    @Test func aKilledRecordingLeavesAPlayableFile() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        let cast = session.file("explore.cast").path
        startInTmux(session, arguments: "--record '\(cast)'")
        session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        session.press("j", "j")
        session.screen { $0.contains("Subnets") }
        let relay = try #require(session.foregroundPID(named: "vpcx"))
        kill(relay, SIGTERM)
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=143", "the inner vpcx ends of the SIGTERM it was passed")
        let text = try String(contentsOfFile: cast, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not a whole JSON line: \(line.prefix(80))")
        }
        #expect(text.contains("Navigator"))
    }

    @Test func aRecordingThatCannotBeMadeIsAnErrorBeforeTheTerminalIsTouched() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        startInTmux(session, arguments: "tour --record /nonexistent-dir/x.cast 2> err.txt")
        #expect(session.sttyAfterExit() != nil)
        #expect(session.exitStatus == "exit=2")
        #expect(session.read("err.txt")?.hasPrefix("/nonexistent-dir/x.cast: error: cannot create the recording:") == true)
    }

    /// `asciinema` on PATH, if installed.
    static var asciinema: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/asciinema" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// `vpcx snapshot --tour-step N` and `--format svg` from the command line.
@Suite struct TourSnapshotCLITests {
    @Test func aTourStepAsTextAndAsSVG() throws {
        let text = try BuiltBinary.run(["snapshot", "--size", "80x24", "--ascii", "--tour-step", "3"])
        #expect(text.status == 0)
        #expect(text.stdout.contains(" 3/8  private-a -> s3: gateway endpoint free"))
        let svg = try BuiltBinary.run(["snapshot", "--size", "80x24", "--format", "svg", "--theme", "light", "--tour-step", "3"])
        #expect(svg.status == 0)
        #expect(svg.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"672\" height=\"408\""))
        #expect(svg.stdout.contains(">3/8 </tspan>") || svg.stdout.contains(">3/8</tspan>") || svg.stdout.contains(" 3/8 "))
        #expect(svg.stdout.contains("fill=\"#ffffff\""), "the light theme's default background")
    }

    @Test func aStepTheTourDoesNotHaveIsBadUsage() throws {
        let broken = BuiltBinary.fixtures + "/aws-cli/broken-us-east-1"
        let past = try BuiltBinary.run(["snapshot", broken, "--tour-step", "8"])
        #expect(past.status == 2)
        #expect(past.stderr.contains("--tour-step 8: the tour of this network has 7 steps"))
        let zero = try BuiltBinary.run(["snapshot", "--tour-step", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--tour-step counts from 1"))
    }
}
