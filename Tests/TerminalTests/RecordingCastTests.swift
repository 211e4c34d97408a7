import Foundation
import Terminal
import Testing

/// The asciicast v2 encoding (pure), and the file writer's bounds.
@Suite struct RecordingCastTests {
    @Test func theHeaderHoldsSizeTimeAndTERMOnly() throws {
        let line = AsciicastV2.header(width: 80, height: 24, timestamp: 1_700_000_000, term: "xterm-256color")
        #expect(line == #"{"version": 2, "width": 80, "height": 24, "timestamp": 1700000000, "env": {"TERM": "xterm-256color"}}"# + "\n")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == ["version", "width", "height", "timestamp", "env"])
        #expect(parsed["env"] as? [String: String] == ["TERM": "xterm-256color"])
        // A TERM with quotes cannot break out of its string.
        let odd = AsciicastV2.header(width: 1, height: 1, timestamp: 0, term: "x\"}, \"title\": \"y")
        let oddParsed = try #require(try JSONSerialization.jsonObject(with: Data(odd.utf8)) as? [String: Any])
        #expect(Set(oddParsed.keys) == ["version", "width", "height", "timestamp", "env"])
    }

    @Test func eventsAreTimeCodeDataTuples() throws {
        let output = AsciicastV2.output("\u{1b}[1;1H\u{1b}[7m vpcx \"q\"\\\r\n\u{7f}", at: 1.25)
        #expect(output == #"[1.250000, "o", "\u001b[1;1H\u001b[7m vpcx \"q\"\\\r\n\u007f"]"# + "\n")
        let tuple = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any])
        #expect(tuple.count == 3)
        #expect(tuple[1] as? String == "o")
        #expect(tuple[2] as? String == "\u{1b}[1;1H\u{1b}[7m vpcx \"q\"\\\r\n\u{7f}")
        #expect(AsciicastV2.resize(width: 120, height: 40, at: 0.0000004) == #"[0.000000, "r", "120x40"]"# + "\n")
        #expect(AsciicastV2.time(12.3456789) == "12.345679")
    }

    /// A read can end inside a character: its first bytes wait for the rest.
    @Test func textIsCutAtCharacterBoundaries() {
        var chunker = UTF8Chunker()
        let bytes = Array("a─b".utf8) // ─ is E2 94 80
        #expect(chunker.text(bytes[0..<2]) == "a")
        #expect(chunker.text(bytes[2..<3]) == "")
        #expect(chunker.text(bytes[3...]) == "─b")
        #expect(chunker.text([0xFF, 0x41]) == "\u{FFFD}A")
        #expect(chunker.text([0xF0, 0x9F]) == "")
        #expect(chunker.flush() == "\u{FFFD}")
    }

    @Test func theFileIsBoundedAndEndsOnAWholeEvent() throws {
        let path = NSTemporaryDirectory() + "vpcx-cast-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).cast"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try RecordingFile(path: path, width: 80, height: 24, term: "xterm", limitBytes: 400)
        for i in 0..<20 { file.output("frame \(i) " + String(repeating: "x", count: 20)) }
        file.finish()
        #expect(file.failure?.contains("it reached the limit of") == true)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.utf8.count <= 400)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count > 2)
        for line in lines.dropFirst() {
            let tuple = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(tuple[1] as? String == "o")
        }
        // Owner-only: a screen may show account IDs and addresses.
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFullDiskIsAnErrorNotACrash() {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        #expect(throws: RecordingError.self) { try RecordingFile(path: "/dev/full", width: 80, height: 24, term: nil) }
        do {
            _ = try RecordingFile(path: "/dev/full", width: 80, height: 24, term: nil)
        } catch {
            #expect(error.description.contains("No space left on device"))
        }
    }

    @Test func anUncreatableFileIsALocatedError() {
        do {
            _ = try RecordingFile(path: "/nonexistent-dir/x.cast", width: 80, height: 24, term: nil)
            Issue.record("a recording was made in a directory that does not exist")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent-dir/x.cast: error: cannot create the recording:"))
        }
    }
}
