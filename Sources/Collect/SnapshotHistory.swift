import Foundation
import Model

/// The snapshots `collect --keep N` keeps: `OUTPUT.history/<collectedAt>/`, one directory per earlier
/// collect, named by the time it started so names sort in time order. `DIR@-1` is the newest of them
/// (the snapshot before the one in DIR), `DIR@-2` the one before that.
public enum SnapshotHistory {
    /// The history directory beside an output directory.
    public static func directory(for output: URL) -> URL {
        URL(fileURLWithPath: output.path + ".history", isDirectory: true)
    }

    /// The kept snapshots of an output, newest first.
    public static func previous(of output: URL) -> [URL] {
        let history = directory(for: output)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: history.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted(by: >).map { history.appendingPathComponent($0, isDirectory: true) }
    }

    /// What `DIR@-N` names: nil when the argument has no `@-N` suffix; otherwise the kept snapshot,
    /// or an error saying how many there are.
    public static func resolve(_ argument: String) throws(CollectError) -> String? {
        guard let at = argument.range(of: "@-", options: .backwards),
              let n = Int(argument[at.upperBound...]), n >= 1, !argument[..<at.lowerBound].isEmpty else { return nil }
        let base = String(argument[..<at.lowerBound])
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var url = URL(fileURLWithPath: base, relativeTo: cwd).standardizedFileURL
        while url.path.count > 1 && url.path.hasSuffix("/") { url = URL(fileURLWithPath: String(url.path.dropLast())) }
        let kept = previous(of: url)
        guard n <= kept.count else {
            let have = kept.isEmpty ? "no earlier snapshots are kept" : "only \(kept.count) earlier snapshot\(kept.count == 1 ? " is" : "s are") kept"
            throw .invalidOptions("\(argument): \(have) in \(directory(for: url).path) (collect --output \(base) --keep N keeps them)")
        }
        return kept[n - 1].path
    }

    /// Where the current snapshot of `output` goes when a new one replaces it: named by its
    /// manifest's collect time (the directory's modification time if it has none), never an existing name.
    static func slot(for output: URL) throws -> URL {
        let history = directory(for: output)
        do {
            try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        } catch {
            throw CollectError.cannotWrite(path: history.path, reason: error.localizedDescription)
        }
        var stamp = ""
        if let data = FileManager.default.contents(atPath: output.appendingPathComponent(CollectManifest.fileName).path),
           let manifest = try? CollectManifest.decode(data) {
            stamp = manifest.collectedAt
        }
        // Only characters a file name can always take: `2026-12-01T23-50-00Z`.
        stamp = String(stamp.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(40))
        if stamp.isEmpty { stamp = "snapshot" }
        var candidate = history.appendingPathComponent(stamp, isDirectory: true)
        var n = 1
        while FileManager.default.fileExists(atPath: candidate.path) {
            n += 1
            candidate = history.appendingPathComponent("\(stamp).\(n)", isDirectory: true)
        }
        return candidate
    }

    /// Removes the oldest kept snapshots beyond `keep`.
    static func prune(_ output: URL, keep: Int) {
        for old in previous(of: output).dropFirst(keep) { try? FileManager.default.removeItem(at: old) }
    }
}
