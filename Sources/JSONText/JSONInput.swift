#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input, held where the reader can walk them in place: a file mapped read-only
/// (`mmap`), or bytes in memory (standard input, a UTF-16 file converted to UTF-8, a test's text).
///
/// A mapped file is not copied: the kernel's page cache is the buffer. Its pages can be given back
/// once read (`JSONReader.releaseConsumedPages`): they are clean file pages, read again from the file
/// if touched later (an error's line and column are counted from the start), so a 2 GB inventory does
/// not hold 2 GB of memory while its model is built.
public final class JSONInput: @unchecked Sendable {
    // @unchecked: nothing is mutated after init; the mapping is unmapped only when the last user is gone.

    /// One `mmap` of a file, unmapped with its last reference.
    private final class Mapping {
        let address: UnsafeMutableRawPointer
        let length: Int
        init(address: UnsafeMutableRawPointer, length: Int) { self.address = address; self.length = length }
        deinit { munmap(address, length) }
    }

    private enum Storage {
        case bytes([UInt8])
        case mapping(Mapping)
    }

    private let storage: Storage
    /// The document: every offset, line and column is counted from its first byte.
    public let buffer: UnsafeBufferPointer<UInt8>

    /// Bytes in memory; the document starts after the first `prefix` bytes (a byte-order mark).
    public init(bytes: [UInt8], droppingFirst prefix: Int = 0) {
        storage = .bytes(bytes)
        let start = min(max(prefix, 0), bytes.count)
        // The array is a `let` of this object and never mutated, so its storage stays where it is.
        buffer = bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start...]) }
    }

    private init(_ mapping: Mapping, start: Int) {
        storage = .mapping(mapping)
        let start = min(max(start, 0), mapping.length)
        buffer = UnsafeBufferPointer(start: mapping.address.assumingMemoryBound(to: UInt8.self) + start,
                                     count: mapping.length - start)
    }

    /// Maps `size` bytes of an open regular file read-only; nil when the system will not map it
    /// (the caller then reads the file instead).
    public static func map(fd: Int32, size: Int) -> JSONInput? {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        // Read front to back: the kernel reads further ahead.
        _ = madvise(address, size, MADV_SEQUENTIAL)
        return JSONInput(Mapping(address: address, length: size), start: 0)
    }

    /// Whether this input is a file mapping.
    public var isMapped: Bool {
        if case .mapping = storage { return true }
        return false
    }

    /// The same input without its first `count` bytes (a byte-order mark), sharing the storage.
    public func droppingFirst(_ count: Int) -> JSONInput {
        switch storage {
        case .bytes(let bytes):
            let already = bytes.count - buffer.count
            return JSONInput(bytes: bytes, droppingFirst: already + count)
        case .mapping(let mapping):
            return JSONInput(mapping, start: mapping.length - buffer.count + count)
        }
    }

    /// The document's bytes as an array (a copy), for readers that take one.
    public var array: [UInt8] { Array(buffer) }

    /// Gives back the whole pages inside `range` (document offsets); nothing for bytes in memory,
    /// whose pages hold the only copy.
    func releasePages(_ range: Range<Int>) {
        guard case .mapping = storage, let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0, range.lowerBound >= 0, range.upperBound <= buffer.count else { return }
        let from = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
        let to = (Int(bitPattern: base) + range.upperBound) / page * page
        guard to > from, let pointer = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(pointer, to - from, MADV_DONTNEED)
    }

    /// A reader over the document; it may give back pages it has read (see `JSONReader.releaseConsumedPages`).
    public func reader() -> JSONReader {
        var reader = JSONReader(buffer)
        reader.input = self
        return reader
    }
}
