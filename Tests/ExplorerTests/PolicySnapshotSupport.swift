import Canvas
import Foundation
import Testing

/// Record-or-compare for the Policy view's grid snapshots, stored as text under
/// Tests/ExplorerTests/Snapshots/<name>.txt. A missing file is recorded (and the test passes);
/// `VPCX_RECORD=1` re-records on purpose. Otherwise the grid's text must equal the file.
enum PolicySnapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = grid.text + "\n"
        let record = ProcessInfo.processInfo.environment["VPCX_RECORD"] == "1"
        guard !record, let data = FileManager.default.contents(atPath: url.path) else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot record snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let row = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        let want = row < e.count ? String(e[row]) : "<end>"
        let got = row < a.count ? String(a[row]) : "<end>"
        Issue.record("snapshot \(name) differs at row \(row + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with VPCX_RECORD=1 if the change is intended)",
                     sourceLocation: sourceLocation)
    }
}
