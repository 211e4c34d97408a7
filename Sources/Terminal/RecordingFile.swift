#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a recording could not start: the file could not be made, or there is no terminal to record.
public struct RecordingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An asciicast v2 file written as the session goes: the header first, then each event as one
/// whole line, so a crash or a kill leaves a file that plays up to its last event. Bounded: past
/// `limitBytes`, or when a write fails (the disk is full), recording stops, the file is cut back to
/// its last whole event, and `failure` says why; the session itself goes on.
public final class RecordingFile {
    public let path: String
    /// The most the file may hold.
    public let limitBytes: Int
    /// Why recording stopped early (nil: it did not).
    public private(set) var failure: String?
    private var descriptor: Int32
    private var written = 0
    private let start: timespec

    /// Creates (or empties) the file, readable by its owner only, and writes the header.
    public init(path: String, width: Int, height: Int, term: String?, limitBytes: Int = 256 << 20) throws(RecordingError) {
        self.path = path
        self.limitBytes = limitBytes
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RecordingError("\(path): error: cannot create the recording: \(String(cString: strerror(errno)))")
        }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        start = now
        let header = AsciicastV2.header(width: width, height: height, timestamp: Int(time(nil)), term: term)
        append(header)
        if let failure {
            throw RecordingError("\(path): error: cannot write the recording: \(failure)")
        }
    }

    deinit { finish() }

    /// Seconds since the recording started (monotonic: a clock change cannot make events go back).
    public var elapsed: Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Text sent to the terminal.
    public func output(_ text: String) {
        guard !text.isEmpty else { return }
        append(AsciicastV2.output(text, at: elapsed))
    }

    /// The terminal's new size.
    public func resize(width: Int, height: Int) {
        append(AsciicastV2.resize(width: width, height: height, at: elapsed))
    }

    /// Ends the file (later events are dropped).
    public func finish() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
    }

    /// One whole line, or nothing: a short write is retried, a failed one cuts the file back.
    private func append(_ line: String) {
        guard descriptor >= 0 else { return }
        let bytes = Array(line.utf8)
        if written + bytes.count > limitBytes {
            stop("it reached the limit of \(limitBytes >> 20) MB")
            return
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "nothing could be written"
                _ = ftruncate(descriptor, off_t(written)) // the last whole event stays the end
                stop(reason)
                return
            }
            offset += n
        }
        written += bytes.count
    }

    private func stop(_ reason: String) {
        if failure == nil {
            let seconds = Int(elapsed * 10)
            failure = "recording stopped after \(seconds / 10).\(seconds % 10) s: \(reason) (the file plays up to there)"
        }
        finish()
    }
}
