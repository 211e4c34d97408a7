import JSONText
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading inputs whole, without Foundation's extra copy: a 250 MB inventory file is read once
/// into one buffer that the JSON reader walks in place.
///
/// Only regular files are read (a FIFO would block, `/dev/zero` never ends), and no input is read
/// past `sizeLimit`: 2 GiB unless the environment variable `VPCX_MAX_INPUT_SIZE` says otherwise
/// (bytes, or with a K, M or G suffix: `VPCX_MAX_INPUT_SIZE=500M`).
public enum FileBytes {
    /// The most bytes one input may have.
    public static let sizeLimit: Int = limit(from: getenv("VPCX_MAX_INPUT_SIZE").map { String(cString: $0) }) ?? defaultSizeLimit

    /// 2 GiB.
    public static let defaultSizeLimit = 2 << 30

    /// `VPCX_MAX_INPUT_SIZE`'s value in bytes: `1048576`, `64K`, `500M`, `2G`; nil when unset or not a size.
    static func limit(from text: String?) -> Int? {
        guard var text = text?.trimmingSpaces.uppercased(), !text.isEmpty else { return nil }
        var scale = 1
        if let last = text.last, let power = ["K": 10, "M": 20, "G": 30][String(last)] {
            scale = 1 << power
            text.removeLast()
        }
        guard let n = Int(text), n > 0, n <= Int.max / scale else { return nil }
        return n * scale
    }

    /// The bytes of a file, or a `LoadError` that names it.
    public static func read(path: String, limit: Int = sizeLimit) throws(LoadError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path: path, limit: limit)
        defer { close(fd) }
        return try read(fd: fd, size: size, path: path, limit: limit)
    }

    /// A file as a `JSONInput` the reader walks in place: mapped (no copy, pages given back as they
    /// are read), or read whole when it is small, the system will not map it or it is empty by its size.
    public static func input(path: String, limit: Int = sizeLimit) throws(LoadError) -> JSONInput {
        let (fd, size) = try openRegularFile(path: path, limit: limit)
        defer { close(fd) }
        if size > mapFrom, let mapped = JSONInput.map(fd: fd, size: size) { return mapped }
        return JSONInput(bytes: try read(fd: fd, size: size, path: path, limit: limit))
    }

    /// Files up to this size are read, not mapped: for an organisation's thousands of answers of a few
    /// KB each, `mmap`, `madvise`, `munmap` and a page fault per page cost more than copying the bytes.
    static let mapFrom = 64 * 1024

    /// Opens a regular file for reading and gives its size, or a `LoadError` that names it.
    static func openRegularFile(path: String, limit: Int) throws(LoadError) -> (fd: Int32, size: Int) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked right after.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw LoadError(path: path, message: "cannot open: \(describeErrno())") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = LoadError(path: path, message: "cannot read: \(describeErrno())")
            close(fd)
            throw error
        }
        let problem: String?
        switch info.st_mode & S_IFMT {
        case S_IFREG: problem = nil
        case S_IFDIR: problem = "is a directory"
        case S_IFIFO: problem = "is a FIFO, not a regular file; vpcx reads only regular files (or - for standard input)"
        case S_IFCHR, S_IFBLK: problem = "is a device, not a regular file; vpcx reads only regular files (or - for standard input)"
        default: problem = "is not a regular file; vpcx reads only regular files (or - for standard input)"
        }
        if let problem { close(fd); throw LoadError(path: path, message: problem) }
        let size = Int(info.st_size)
        guard size <= limit else { close(fd); throw tooLarge(path, limit) }
        return (fd, size)
    }

    /// The bytes of an open regular file of `size` bytes (by its `stat`).
    static func read(fd: Int32, size: Int, path: String, limit: Int) throws(LoadError) -> [UInt8] {
        if size > 0 {
            // Straight into the array's storage: no second copy, no page faults on a scratch buffer.
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                var done = 0
                while done < size, let base = buffer.baseAddress {
                    let n = Glibc.read(fd, base + done, size - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { failed = n < 0; break }
                    done += n
                }
                count = done
            }
            if failed { throw LoadError(path: path, message: "cannot read: \(describeErrno())") }
            if bytes.count == size { return bytes }
            // The file changed size while being read: read what is there now.
            return bytes + (try readAll(fd: fd, sizeHint: 0, path: path, limit: limit - bytes.count))
        }
        // Empty by its size, yet it may still grow as it is read (a file in /proc).
        return try readAll(fd: fd, sizeHint: 0, path: path, limit: limit)
    }

    static func tooLarge(_ path: String, _ limit: Int) -> LoadError {
        LoadError(path: path, message: "is larger than \(limit) bytes, the most vpcx reads from one input (set VPCX_MAX_INPUT_SIZE to change it)")
    }

    /// Everything on standard input.
    static func readStandardInput(limit: Int = sizeLimit) throws(LoadError) -> [UInt8] {
        try readAll(fd: 0, sizeHint: 1 << 16, path: "<stdin>", limit: limit)
    }

    /// Everything `fd` has, at most `limit` bytes (a `LoadError` past it).
    static func readAll(fd: Int32, sizeHint: Int, path: String, limit: Int) throws(LoadError) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(max(sizeHint, 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LoadError(path: path, message: "cannot read: \(describeErrno())")
            }
            if n == 0 { break }
            if buffer.count + n > limit { throw tooLarge(path, limit) }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return buffer
    }

    /// Modification time in seconds since 1970, if the file can be stat'ed.
    static func modificationTime(path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    static func describeErrno() -> String { String(cString: strerror(errno)) }
}

/// The text encodings inventories arrive in. aws CLI output is UTF-8; saved through PowerShell it
/// is UTF-8 with a byte-order mark (`Out-File -Encoding utf8`) or UTF-16 (`>` in Windows PowerShell).
enum TextEncoding {
    /// The bytes as UTF-8 without a byte-order mark; plain UTF-8 comes back as it is, uncopied.
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 2 else { return bytes }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return Array(bytes[3...]) }
        if bytes[0] == 0xFF && bytes[1] == 0xFE { return fromUTF16(bytes[2...], bigEndian: false) }
        if bytes[0] == 0xFE && bytes[1] == 0xFF { return fromUTF16(bytes[2...], bigEndian: true) }
        // UTF-16 without a mark: JSON starts with an ASCII character, so one of its two bytes is 0.
        if bytes[0] != 0 && bytes[1] == 0 { return fromUTF16(bytes[...], bigEndian: false) }
        if bytes[0] == 0 && bytes[1] != 0 { return fromUTF16(bytes[...], bigEndian: true) }
        return bytes
    }

    /// The input as UTF-8 without a byte-order mark: plain UTF-8 as it is, UTF-8 after a mark
    /// without copying, UTF-16 converted.
    static func utf8(_ input: JSONInput) -> JSONInput {
        let bytes = input.buffer
        guard bytes.count >= 2 else { return input }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return input.droppingFirst(3) }
        let first = bytes[0], second = bytes[1]
        // A mark, or (JSON starts with an ASCII character) one of the first two bytes 0: UTF-16.
        if (first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF) || (first != 0) != (second != 0) {
            return JSONInput(bytes: utf8(input.array))
        }
        return input
    }

    /// Decodes UTF-16 code units (unpaired surrogates become U+FFFD) and encodes them as UTF-8.
    static func fromUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
