import Canvas
import Foundation
import Testing

/// Grid snapshots for the cost and findings views: `Snapshots/<name>.txt` next to this file.
/// A missing snapshot is recorded (and the test fails, so a new one is looked at); `VPCX_RECORD=1`
/// re-records on purpose.
enum CostSnapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assertMatches(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = grid.text + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["VPCX_RECORD"] == "1"
        if record || !FileManager.default.fileExists(atPath: url.path) {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record("recorded new snapshot \(name).txt; check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(text == expected, "snapshot \(name).txt differs (VPCX_RECORD=1 to re-record)", sourceLocation: sourceLocation)
    }
}
