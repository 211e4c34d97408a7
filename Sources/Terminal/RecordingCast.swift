import JSONText

/// The asciicast v2 format (https://docs.asciinema.org/manual/asciicast/v2/) as pure functions: a
/// header line, then one JSON array per event, `[time, code, data]`. Nothing here touches a file or
/// the environment; `RecordingFile` writes what these return.
public enum AsciicastV2 {
    /// The header: version 2, the terminal's size, the start time (whole seconds since 1970) and an
    /// `env` holding TERM alone. No title, command, shell or path: nothing else about the machine.
    public static func header(width: Int, height: Int, timestamp: Int, term: String?) -> String {
        var line = "{\"version\": 2, \"width\": \(max(1, width)), \"height\": \(max(1, height)), \"timestamp\": \(timestamp)"
        if let term { line += ", \"env\": {\"TERM\": \(JSONValue.quote(term))}" } else { line += ", \"env\": {}" }
        return line + "}\n"
    }

    /// An `"o"` event: text the terminal was sent, `seconds` after the start.
    public static func output(_ text: String, at seconds: Double) -> String {
        "[\(time(seconds)), \"o\", \(JSONValue.quote(text))]\n"
    }

    /// An `"r"` event: the terminal became `width` x `height` (`"COLSxROWS"`).
    public static func resize(width: Int, height: Int, at seconds: Double) -> String {
        "[\(time(seconds)), \"r\", \"\(width)x\(height)\"]\n"
    }

    /// Seconds with microseconds, `1.000250`, without locale or exponent.
    public static func time(_ seconds: Double) -> String {
        let micros = Int((max(0, seconds) * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

/// Cuts a byte stream into UTF-8 text at character boundaries: a read from the terminal's output may
/// end inside a character, whose first bytes wait for the next read. Bytes that can never be UTF-8
/// become U+FFFD, as a terminal would show them.
public struct UTF8Chunker: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// The text of `bytes` after what was pending, up to the last complete character.
    public mutating func text(_ bytes: some Sequence<UInt8>) -> String {
        pending += bytes
        // Keep back an incomplete sequence at the end (at most 3 bytes of a 4-byte character).
        var cut = pending.count
        var back = 0
        while back < min(3, pending.count) {
            let byte = pending[pending.count - 1 - back]
            if byte & 0xC0 != 0x80 {
                let need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                if need > back + 1 { cut = pending.count - 1 - back }
                break
            }
            back += 1
        }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is still pending, as text (the stream ended).
    public mutating func flush() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }
}
