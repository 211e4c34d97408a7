import Foundation
import Testing

/// Compares rendered text with `Snapshots/<name>.txt` beside this file. A missing file is recorded
/// (and the test fails, so a new snapshot is always looked at once); `VPCX_RECORD=1` re-records on purpose.
enum ScreenSnapshots {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assertMatches(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent(name + ".txt")
        let recording = ProcessInfo.processInfo.environment["VPCX_RECORD"] == "1"
        guard !recording, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            if !recording {
                Issue.record("recorded a new snapshot \(name).txt; check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        if expected != text {
            Issue.record("screen differs from \(name).txt:\n\(lineDiff(expected: expected, actual: text))", sourceLocation: sourceLocation)
        }
    }

    /// The lines that differ, numbered, expected above actual.
    static func lineDiff(expected: String, actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : "<none>", y = i < b.count ? b[i] : "<none>"
            if x != y { out.append(String(format: "%3d - %@\n    + %@", i + 1, x, y)) }
        }
        return out.prefix(20).joined(separator: "\n")
    }
}
