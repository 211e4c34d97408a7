import Foundation
import Model

/// The output directory of a collect and the atomic way a snapshot gets there: everything is
/// written into `OUTPUT.partial-XXXXXX` beside it, flushed to disk, then renamed into place.
/// A snapshot holds an account's network layout: its directories are 0700 and its files 0600.
struct SnapshotDestination {
    /// The output directory, absolute.
    let output: URL
    /// Replace an existing directory even when an earlier collect did not write it (`--force`).
    let force: Bool

    /// What is at the output path now.
    enum State: Equatable {
        /// Nothing: the snapshot will be created.
        case absent
        /// An empty directory, or a snapshot an earlier collect wrote: the new one replaces it.
        case replaceable
    }

    /// Checks the output path can take a snapshot, before any call is made.
    init(path: String, force: Bool = false) throws {
        self.force = force
        guard !path.isEmpty else { throw CollectError.invalidOptions("--output needs a directory") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var url = URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL
        // "out/" and "out" are the same directory; the sibling temp dir must be named from its last component.
        while url.path.count > 1 && url.path.hasSuffix("/") {
            url = URL(fileURLWithPath: String(url.path.dropLast()))
        }
        guard url.path != "/" else { throw CollectError.invalidOptions("--output cannot be the root directory") }
        output = url
        _ = try inspect()
    }

    /// What the output path holds; throws when it must not be replaced.
    func inspect() throws -> State {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return .absent }
        guard isDirectory.boolValue else {
            throw CollectError.outputNotReplaceable(path: output.path, reason: "exists and is not a directory")
        }
        let entries: [String]
        do {
            entries = try fileManager.contentsOfDirectory(atPath: output.path)
        } catch {
            throw CollectError.outputNotReplaceable(path: output.path, reason: "cannot be read: \(error.localizedDescription)")
        }
        if entries.isEmpty { return .replaceable }
        let manifestURL = output.appendingPathComponent(CollectManifest.fileName)
        if let data = fileManager.contents(atPath: manifestURL.path), (try? CollectManifest.decode(data)) != nil {
            return .replaceable
        }
        if force { return .replaceable }
        throw CollectError.outputNotReplaceable(
            path: output.path,
            reason: "is not empty and is not a vpcx snapshot (no manifest.json); choose another --output, remove it, or pass --force to replace it")
    }

    /// Creates the temporary directory the snapshot is written into, beside the output.
    func makePartialDirectory() throws -> URL {
        let parent = output.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw CollectError.cannotWrite(path: parent.path, reason: error.localizedDescription)
        }
        return try Self.makeUniqueDirectory(prefix: output.path + ".partial-")
    }

    /// Flushes the partial directory to disk and renames it into place, replacing a previous snapshot.
    /// With `keep` > 0 the previous snapshot moves into `OUTPUT.history/` under its collect time, and
    /// only the `keep` newest there are kept.
    func commit(_ partial: URL, keep: Int = 0) throws {
        try Self.syncTree(partial)
        switch try inspect() {
        case .absent:
            try Self.rename(partial, to: output)
        case .replaceable:
            let kept = keep > 0 ? try SnapshotHistory.slot(for: output) : nil
            // rename(2) replaces an empty directory: move the old snapshot onto a fresh empty one
            // beside it (or into the history), the new one into place, then delete the old.
            let aside = try kept ?? Self.makeUniqueDirectory(prefix: output.path + ".previous-")
            try Self.rename(output, to: aside)
            do {
                try Self.rename(partial, to: output)
            } catch {
                try? Self.rename(aside, to: output)
                throw error
            }
            if kept == nil {
                try? FileManager.default.removeItem(at: aside)
            } else {
                SnapshotHistory.prune(output, keep: keep)
            }
        }
        Self.syncDirectory(output.deletingLastPathComponent())
    }

    static func makeUniqueDirectory(prefix: String) throws -> URL {
        var template = Array((prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw CollectError.cannotWrite(path: prefix + "XXXXXX", reason: String(cString: strerror(errno)))
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw CollectError.cannotWrite(path: to.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Makes every file under `root` 0600 and every directory 0700, and fsyncs them all, so the
    /// rename publishes private data that is on disk.
    static func syncTree(_ root: URL) throws {
        let fileManager = FileManager.default
        guard let enumerator = fileManager.enumerator(atPath: root.path) else { return }
        var directories = [root.path]
        while let relative = enumerator.nextObject() as? String {
            let path = root.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                directories.append(path)
                guard chmod(path, 0o700) == 0 else { throw CollectError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            } else {
                guard chmod(path, 0o600) == 0 else { throw CollectError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
                let fd = open(path, O_RDONLY)
                guard fd >= 0 else { throw CollectError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
                let synced = fsync(fd)
                close(fd)
                guard synced == 0 else {
                    throw CollectError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                }
            }
        }
        _ = chmod(root.path, 0o700)
        for directory in directories { syncDirectory(URL(fileURLWithPath: directory)) }
    }

    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
