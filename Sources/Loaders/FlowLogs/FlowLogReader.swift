import CZlib
import Foundation
import Model

/// Streams VPC flow logs as AWS delivers them: plain or gzip'd text, one record a line, with a
/// header line for a custom format (else the default v2 fields); the S3 layout
/// (`AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/*.log.gz`) by walking directories; and CloudWatch
/// Logs exports (each line a timestamp, then the record).
///
/// Memory stays bounded whatever the size of the logs: one thread reads and decompresses into a few
/// blocks of whole lines, the calling thread parses them, so both cores work. A line that is not a
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
        let queue = BlockQueue(capacity: 4)
        let total = files.reduce(UInt64(0)) { sum, path in
            sum + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0)
        }
        let producer = Thread {
            var done: UInt64 = 0
            for (index, path) in files.enumerated() {
                do {
                    try produce(path: path, file: index, into: queue) { read in
                        done += read
                        progress?(done, total)
                    }
                } catch let error as LoadError {
                    queue.put(Block(file: index, firstLine: 0, bytes: [], error: error))
                    break
                } catch {
                    queue.put(Block(file: index, firstLine: 0, bytes: [], error: LoadError(path: path, message: "\(error)")))
                    break
                }
            }
            queue.finish()
        }
        producer.stackSize = 1 << 20
        producer.start()

        var summary = Summary()
        summary.files = files.count
        var formats: [Int: FlowLogFormat] = [:]
        var failure: LoadError?
        while let block = queue.take() {
            if let error = block.error { failure = failure ?? error; continue }
            guard failure == nil else { continue }  // drain, so the reader is never left blocked
            summary.inputBytes += block.inputBytes
            summary.textBytes += UInt64(block.bytes.count)
            var format = formats[block.file]
            parse(block, format: &format, summary: &summary, path: files[block.file], sink: sink)
            formats[block.file] = format
        }
        if let failure { throw failure }
        return summary
    }

    /// The lines of one block: a header sets the file's format, a CloudWatch export's timestamp is
    /// dropped, every other line is a record or a counted skip.
    static func parse<Sink: FlowRecordSink>(_ block: Block, format: inout FlowLogFormat?, summary: inout Summary, path: String, sink: Sink) {
        block.bytes.withUnsafeBufferPointer { all in
            var lineNumber = block.firstLine
            var start = 0
            var record = FlowRecord()
            let count = all.count
            while start < count {
                var end = start
                while end < count, all[end] != 10 { end += 1 }
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
                        skip(&summary, path, lineNumber, "a header line with a field vpcx does not know: \(words.filter { !FlowLogFormat.knownNames.contains($0) }.prefix(3).joined(separator: " "))")
                        continue
                    }
                    if format == nil { format = .defaultV2 }
                }
                guard let current = format, current.parse(line, into: &record) else {
                    skip(&summary, path, lineNumber, "not a flow log record in the \(format == .defaultV2 ? "default (v2)" : "header's") format")
                    continue
                }
                summary.records += 1
                sink.consume(record, file: block.file)
            }
        }
    }

    static func skip(_ summary: inout Summary, _ path: String, _ line: Int, _ why: String) {
        summary.skipped += 1
        if summary.firstSkips.count < namedSkips { summary.firstSkips.append("\(path):\(line): \(why)") }
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
        func emit(final: Bool) {
            // Up to the last newline; the rest waits for the next chunk (or ends the file).
            let cut = final ? pending.count : (pending.lastIndex(of: 10).map { $0 + 1 } ?? 0)
            guard cut > 0 else { return }
            let bytes = Array(pending[..<cut])
            pending.removeFirst(cut)
            let newlines = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            queue.put(Block(file: file, firstLine: lines, bytes: bytes, inputBytes: inputSinceBlock))
            inputSinceBlock = 0
            lines += newlines
        }
        var first = true
        var gzip = false
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
                    while stream.avail_in > 0 {
                        let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                            stream.next_out = out.baseAddress
                            stream.avail_out = UInt32(out.count)
                            let status = inflate(&stream, Z_NO_FLUSH)
                            return (status, out.count - Int(stream.avail_out))
                        }
                        pending.append(contentsOf: output[..<produced])
                        if status == Z_STREAM_END {
                            // Another gzip member may follow (concatenated files are valid gzip).
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
        emit(final: true)
    }
}

/// A bounded queue of blocks between the reading thread and the parsing one: the reader waits
/// when the parser is behind, so memory is a few blocks whatever the size of the logs.
final class BlockQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var blocks: [FlowLogReader.Block] = []
    private var finished = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ block: FlowLogReader.Block) {
        condition.lock()
        while blocks.count >= capacity { condition.wait() }
        blocks.append(block)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
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
