import CZlib
import Foundation
import Model

/// Streams VPC flow logs as AWS delivers them: plain or gzip'd text, one record a line, with a
/// header line for a custom format (else the default v2 fields); the S3 layout
/// (`AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/*.log.gz`) by walking directories; and CloudWatch
/// Logs exports (each line a timestamp, then the record).
///
/// Memory stays bounded whatever the size of the logs: a thread reads and decompresses into a few
/// blocks of whole lines (two threads, on two files at once, when there are several), and the
/// parsing threads take them, so both cores work. A line that is not a
/// record is counted and skipped; the first few are named by `file:line`.
public enum FlowLogReader {
    /// What a read saw, besides the records.
    public struct Summary: Sendable, Equatable {
        public var files = 0
        /// Bytes read from disk (compressed, for gzip'd files) and bytes of text parsed.
        public var inputBytes: UInt64 = 0
        public var textBytes: UInt64 = 0
        public var records = 0
        /// Lines that were not records, and the first few of them as `file:line: why`.
        public var skipped = 0
        public var firstSkips: [String] = []
        public init() {}
    }

    /// How many skipped lines are named.
    public static let namedSkips = 5

    /// The files under `paths`: a file as given; a directory walked for `*.log`, `*.log.gz`, `*.gz` and
    /// `*.txt`, in name order (the S3 layout sorts by date). A path that is neither is a located error.
    public static func files(_ paths: [String]) throws(LoadError) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LoadError(path: path, message: "no such file or directory (flow logs: a file, or a directory such as AWSLogs/)")
            }
            if !isDirectory.boolValue { result.append(path); continue }
            guard let walker = manager.enumerator(atPath: path) else { throw LoadError(path: path, message: "cannot list the directory") }
            var found: [String] = []
            while let name = walker.nextObject() as? String {
                let lower = name.lowercased()
                guard lower.hasSuffix(".log") || lower.hasSuffix(".gz") || lower.hasSuffix(".txt") else { continue }
                let full = (path as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
            }
            if found.isEmpty { throw LoadError(path: path, message: "no flow log files (*.log, *.log.gz, *.txt) under the directory") }
            result += found.sorted()
        }
        return result
    }

    /// Reads `files`, giving each record to `sink`. `progress` hears (bytes read, bytes in all) now
    /// and then, from the reading thread.
    public static func read<Sink: FlowRecordSink>(_ files: [String], into sink: Sink,
                                                 progress: (@Sendable (UInt64, UInt64) -> Void)? = nil) throws(LoadError) -> Summary {
        try read(files, into: [sink], progress: progress)
    }

    /// Reads `files` with one parsing thread per sink (the calling thread is one of them), each
    /// giving its records to its own sink: merge them afterwards. Blocks are whole lines and carry
    /// their file's format, so any thread can parse any block.
    public static func read<Sink: FlowRecordSink>(_ files: [String], into sinks: [Sink],
                                                 progress: (@Sendable (UInt64, UInt64) -> Void)? = nil) throws(LoadError) -> Summary {
        // A gzip stream inflates on one thread only, so a second reading thread pays off only when
        // there is a second file (the S3 layout delivers a log as many): then both inflate at once.
        let readers = min(files.count, 2)
        let queue = BlockQueue(capacity: 2 + 2 * sinks.count, producers: max(readers, 1))
        let total = files.reduce(UInt64(0)) { sum, path in
            sum + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0)
        }
        let cursor = FileCursor(count: files.count)
        if readers == 0 { queue.finish() }
        for _ in 0..<readers {
            let reader = Thread {
                while let index = cursor.next() {
                    do {
                        try produce(path: files[index], file: index, into: queue) { read in
                            let done = cursor.read(read)
                            progress?(done, total)
                        }
                    } catch {
                        let failure = error as? LoadError ?? LoadError(path: files[index], message: "\(error)")
                        queue.put(Block(file: index, firstLine: 0, bytes: [], error: failure))
                        cursor.stop()  // the load fails: no later file need be read
                        break
                    }
                }
                queue.finish()
            }
            reader.stackSize = 1 << 20
            reader.start()
        }

        let parts = PartialSummaries(count: sinks.count)
        let workers = sinks.dropFirst().enumerated().map { offset, sink in
            // Each sink is used by its one thread only, until `waitForAll` hands it back.
            let owned = Owned(sink)
            let thread = Thread { consume(queue, files: files, sink: owned.value, into: parts, slot: offset + 1) }
            thread.stackSize = 1 << 20
            return thread
        }
        for worker in workers { worker.start() }
        if let first = sinks.first { consume(queue, files: files, sink: first, into: parts, slot: 0) }
        parts.waitForAll()
        return try parts.merged(files: files.count)
    }

    /// One parsing thread: blocks until the reader is done, its summary into `parts`.
    static func consume<Sink: FlowRecordSink>(_ queue: BlockQueue, files: [String], sink: Sink, into parts: PartialSummaries, slot: Int) {
        var summary = Summary()
        var skips: [Skip] = []
        var failure: (file: Int, error: LoadError)?
        while let block = queue.take() {
            // Readers work on two files at once: the error reported is the first file's, as one reader would.
            if let error = block.error { if block.file < failure?.file ?? Int.max { failure = (block.file, error) }; continue }
            summary.inputBytes += block.inputBytes
            summary.textBytes += UInt64(block.bytes.count)
            parse(block, summary: &summary, skips: &skips, path: files[block.file], sink: sink)
        }
        parts.set(slot, summary: summary, skips: skips, failure: failure)
    }

    /// A value moved to one other thread, which alone uses it until it is done.
    struct Owned<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// A skipped line: where, for ordering across threads, and why.
    struct Skip {
        var file: Int
        var line: Int
        var text: String
    }

    /// The lines of one block: a header sets the file's format, a CloudWatch export's timestamp is
    /// dropped, every other line is a record or a counted skip.
    static func parse<Sink: FlowRecordSink>(_ block: Block, summary: inout Summary, skips: inout [Skip], path: String, sink: Sink) {
        var format = block.format
        func skip(_ line: Int, _ why: String) {
            summary.skipped += 1
            if skips.count < namedSkips { skips.append(Skip(file: block.file, line: line, text: "\(path):\(line): \(why)")) }
        }
        block.bytes.withUnsafeBufferPointer { all in
            var lineNumber = block.firstLine
            var start = 0
            var record = FlowRecord()
            let count = all.count
            while start < count {
                // memchr: the byte-at-a-time scan for the newline was a tenth of reading a log.
                let base = UnsafeRawPointer(all.baseAddress!)
                let end = memchr(base + start, 10, count - start).map { UnsafeRawPointer($0) - base } ?? count
                var last = end
                if last > start, all[last - 1] == 13 { last -= 1 }
                var line = UnsafeBufferPointer(rebasing: all[start..<last])
                start = end + 1
                lineNumber += 1
                if line.isEmpty { continue }
                if isTimestamp(line) { line = dropFirstWord(line) }
                if format == nil || isHeaderStart(line) {
                    let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    if let header = FlowLogFormat.header(words) {
                        format = header
                        continue
                    }
                    if words.first.map(FlowLogFormat.knownNames.contains) == true {
                        skip(lineNumber, "a header line with a field vpcx does not know: \(words.filter { !FlowLogFormat.knownNames.contains($0) }.prefix(3).joined(separator: " "))")
                        continue
                    }
                    if format == nil { format = .defaultV2 }
                }
                guard let current = format, current.parse(line, into: &record) else {
                    skip(lineNumber, "not a flow log record in the \(format == .defaultV2 ? "default (v2)" : "header's") format")
                    continue
                }
                summary.records += 1
                sink.consume(record, file: block.file)
            }
        }
    }

    /// `2024-05-01T12:00:00.000Z ...`: the timestamp a CloudWatch Logs export puts before each record.
    static func isTimestamp(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count > 20 && line[4] == UInt8(ascii: "-") && line[7] == UInt8(ascii: "-") && line[10] == UInt8(ascii: "T")
            && line[0] >= 48 && line[0] <= 57
    }

    static func dropFirstWord(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var i = 0
        while i < line.count, line[i] != 32, line[i] != 9 { i += 1 }
        while i < line.count, line[i] == 32 || line[i] == 9 { i += 1 }
        return UnsafeBufferPointer(rebasing: line[i...])
    }

    /// A line starting with a letter: a header (records start with a version number).
    static func isHeaderStart(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        return (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") || first == UInt8(ascii: "$")
    }

    // MARK: - Reading and decompressing

    /// Whole lines of one file, with where they start; or the error that ended the file.
    struct Block: @unchecked Sendable {
        var file: Int
        /// The number of the line before the block's first (0 at the file's start).
        var firstLine: Int
        var bytes: [UInt8]
        var inputBytes: UInt64 = 0
        var error: LoadError?
        /// The file's format, from its first line (nil: that line was not a header vpcx can read).
        var format: FlowLogFormat? = .defaultV2
    }

    /// The format a file's first line names: its header, else the default when it is a record.
    static func detectFormat(_ bytes: [UInt8]) -> FlowLogFormat? {
        bytes.withUnsafeBufferPointer { all -> FlowLogFormat? in
            var start = 0
            while start < all.count, all[start] == 10 || all[start] == 13 { start += 1 }
            var end = start
            while end < all.count, all[end] != 10 { end += 1 }
            var line = UnsafeBufferPointer(rebasing: all[start..<end])
            if line.last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            if isTimestamp(line) { line = dropFirstWord(line) }
            guard isHeaderStart(line) else { return .defaultV2 }
            let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            return FlowLogFormat.header(words)
        }
    }

    static let chunkSize = 1 << 20
    static let blockSize = 4 << 20

    /// Reads one file into blocks of whole lines, inflating gzip (several members in a row too).
    static func produce(path: String, file: Int, into queue: BlockQueue, read: (UInt64) -> Void) throws(LoadError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LoadError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var input = [UInt8](repeating: 0, count: chunkSize)
        var pending: [UInt8] = []
        pending.reserveCapacity(blockSize + chunkSize)
        var lines = 0
        var inputSinceBlock: UInt64 = 0
        var format: FlowLogFormat??
        func emit(final: Bool) {
            // Up to the last newline; the rest waits for the next chunk (or ends the file).
            let cut = final ? pending.count : (pending.lastIndex(of: 10).map { $0 + 1 } ?? 0)
            guard cut > 0 else { return }
            let bytes = Array(pending[..<cut])
            pending.removeFirst(cut)
            let newlines = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            if format == nil { format = .some(detectFormat(bytes)) }
            queue.put(Block(file: file, firstLine: lines, bytes: bytes, inputBytes: inputSinceBlock, format: format ?? .defaultV2))
            inputSinceBlock = 0
            lines += newlines
        }
        var first = true
        var gzip = false
        // Bytes fed since the last member ended: at the end of the file that is a member cut short
        // (a download that stopped), which must fail, not count as a shorter log.
        var inMember = false
        var stream = z_stream()
        var output = [UInt8](repeating: 0, count: chunkSize * 4)
        defer { if gzip { inflateEnd(&stream) } }
        while true {
            let n = input.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunkSize) }
            if n < 0 { throw LoadError(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            read(UInt64(n))
            inputSinceBlock += UInt64(n)
            if first {
                first = false
                gzip = n >= 2 && input[0] == 0x1f && input[1] == 0x8b
                if gzip, vpcx_inflate_init_gzip(&stream) != Z_OK { throw LoadError(path: path, message: "cannot start gzip decompression") }
            }
            if !gzip {
                pending.append(contentsOf: input[..<n])
            } else {
                try input.withUnsafeMutableBufferPointer { inBuffer throws(LoadError) in
                    stream.next_in = inBuffer.baseAddress
                    stream.avail_in = UInt32(n)
                    inMember = true
                    while stream.avail_in > 0 {
                        let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                            stream.next_out = out.baseAddress
                            stream.avail_out = UInt32(out.count)
                            let status = inflate(&stream, Z_NO_FLUSH)
                            return (status, out.count - Int(stream.avail_out))
                        }
                        pending.append(contentsOf: output[..<produced])
                        // Highly compressible logs inflate a chunk many times over: hand over blocks as they fill.
                        if pending.count >= blockSize { emit(final: false) }
                        if status == Z_STREAM_END {
                            // Another gzip member may follow (concatenated files are valid gzip).
                            inMember = stream.avail_in > 0
                            if inflateReset(&stream) != Z_OK { throw LoadError(path: path, message: "gzip: cannot read the next member") }
                        } else if status != Z_OK && status != Z_BUF_ERROR {
                            let why = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                            throw LoadError(path: path, message: "not valid gzip (\(why)) after \(stream.total_in) bytes")
                        }
                        if status == Z_BUF_ERROR && produced == 0 { break }
                    }
                }
            }
            if pending.count >= blockSize { emit(final: false) }
        }
        if inMember { throw LoadError(path: path, message: "not valid gzip: the file ends inside a gzip member (cut short?)") }
        emit(final: true)
    }
}

/// The files still to read, shared by the reading threads, and the bytes read so far.
final class FileCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var nextFile = 0
    private let count: Int
    private var done: UInt64 = 0

    init(count: Int) { self.count = count }

    /// The next file's index, nil when none is left or the load has failed.
    func next() -> Int? {
        lock.withLock {
            guard nextFile < count else { return nil }
            defer { nextFile += 1 }
            return nextFile
        }
    }

    /// Adds `bytes` read; the bytes read in all.
    func read(_ bytes: UInt64) -> UInt64 { lock.withLock { done += bytes; return done } }

    func stop() { lock.withLock { nextFile = count } }
}

/// The parsing threads' summaries, merged once every thread is done.
final class PartialSummaries: @unchecked Sendable {
    private let condition = NSCondition()
    private var parts: [(FlowLogReader.Summary, [FlowLogReader.Skip], (file: Int, error: LoadError)?)?]

    init(count: Int) { parts = Array(repeating: nil, count: count) }

    func set(_ slot: Int, summary: FlowLogReader.Summary, skips: [FlowLogReader.Skip], failure: (file: Int, error: LoadError)?) {
        condition.lock()
        parts[slot] = (summary, skips, failure)
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll() {
        condition.lock()
        while parts.contains(where: { $0 == nil }) { condition.wait() }
        condition.unlock()
    }

    /// The sum, the first skipped lines in file and line order, or the first error.
    func merged(files: Int) throws(LoadError) -> FlowLogReader.Summary {
        var total = FlowLogReader.Summary()
        total.files = files
        var skips: [FlowLogReader.Skip] = []
        // The first file's error, whichever thread met it.
        if let failure = parts.compactMap({ $0?.2 }).min(by: { $0.file < $1.file }) { throw failure.error }
        for case let (summary, someSkips, _)? in parts {
            total.inputBytes += summary.inputBytes
            total.textBytes += summary.textBytes
            total.records += summary.records
            total.skipped += summary.skipped
            skips += someSkips
        }
        total.firstSkips = skips.sorted { ($0.file, $0.line) < ($1.file, $1.line) }.prefix(FlowLogReader.namedSkips).map(\.text)
        return total
    }
}

/// A bounded queue of blocks between the reading threads and the parsing ones: a reader waits
/// when the parsers are behind, so memory is a few blocks whatever the size of the logs.
final class BlockQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var blocks: [FlowLogReader.Block] = []
    private var finished = false
    private let capacity: Int
    /// Readers still putting blocks: the queue is finished when the last one is.
    private var producers: Int

    init(capacity: Int, producers: Int = 1) {
        self.capacity = capacity
        self.producers = producers
    }

    func put(_ block: FlowLogReader.Block) {
        condition.lock()
        while blocks.count >= capacity { condition.wait() }
        blocks.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// One reader is done; the last one finishes the queue.
    func finish() {
        condition.lock()
        producers -= 1
        finished = producers <= 0
        condition.broadcast()
        condition.unlock()
    }

    /// The next block, or nil once the reader has finished and every block was taken.
    func take() -> FlowLogReader.Block? {
        condition.lock()
        defer { condition.unlock() }
        while blocks.isEmpty && !finished { condition.wait() }
        guard !blocks.isEmpty else { return nil }
        let block = blocks.removeFirst()
        condition.broadcast()
        return block
    }
}
