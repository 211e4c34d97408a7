import Foundation
import Testing

/// Compares rendered text with `Snapshots/<name>.txt` next to this file. The file is written when
/// it is missing or when `VPCX_RECORD=1`; otherwise a difference fails the test with a line diff.
/// Files are found through `#filePath`, so recording writes into the source tree, not the bundle.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name + ".txt")
    let actual = text.hasSuffix("\n") ? text : text + "\n"
    let record = ProcessInfo.processInfo.environment["VPCX_RECORD"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            // A new snapshot fails once, so every recorded screen is looked at before it is trusted.
            if !record { Issue.record("recorded a new snapshot \(name).txt; look at it and run again", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("could not record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    if expected == actual { return }
    let diff = lineDiff(expected: expected, actual: actual)
    Issue.record(Comment(rawValue: "snapshot \(name) differs (VPCX_RECORD=1 re-records):\n\(diff)"), sourceLocation: sourceLocation)
}

/// The lines that differ, numbered, `-` expected and `+` actual.
func lineDiff(expected: String, actual: String) -> String {
    let old = expected.components(separatedBy: "\n"), new = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(old.count, new.count) {
        let a = i < old.count ? old[i] : nil, b = i < new.count ? new[i] : nil
        if a == b { continue }
        if let a { out.append("\(i + 1) - \(a)") }
        if let b { out.append("\(i + 1) + \(b)") }
    }
    return out.joined(separator: "\n")
}
