import Canvas
import Foundation
import Model
import Terminal

/// The one way vpcx's commands write to standard output and standard error. Text from inputs
/// (IDs, tags, policy Sids, file names, quoted source text in load errors) is untrusted: every
/// line written here goes through the screen's sanitiser (`TextWidth.sanitize`), and JSON through
/// `Output.escapeJSON`, so no escape sequence or bidi override from a file reaches a terminal.
enum Output {
    /// Text for standard output, sanitised line by line (line breaks kept). `styled`: the text may
    /// carry vpcx's own SGR colour sequences (`ESC [ … m`), which are kept; nothing else is.
    static func text(_ text: String, styled: Bool = false) {
        write(Array(sanitized(text, styled: styled).utf8), to: FileHandle.standardOutput)
    }

    /// A line for standard output.
    static func line(_ text: String) { self.text(text + "\n") }

    /// How text for standard output draws vpcx's own notation (`->`, `, ` between parts): Unicode (`→`)
    /// only on a terminal whose locale is UTF-8 (`TerminalLocale`, the explorer's decision too), else the
    /// ASCII notation, so a pipe, a file or a `LANG=C` shell gets no mojibake and the same bytes every
    /// time. JSON, CSV and SARIF never ask: they write the ASCII notation whatever the locale.
    static let glyphs: BoxGlyphs = isatty(STDOUT_FILENO) == 1 && TerminalLocale.isUTF8 ? .unicode : .ascii

    /// Composed text for standard output: vpcx's notation as `glyphs` draw it, each line sanitised.
    static func text(_ text: ComposedText) {
        self.text(text.rendered(glyphs.glyph(forNotation:)))
    }

    /// A composed line for standard output.
    static func line(_ text: ComposedText) { self.text(text + "\n") }

    /// A line for standard error (diagnostics, notes, progress).
    static func error(_ text: String) {
        write(Array((sanitized(text, styled: false) + "\n").utf8), to: FileHandle.standardError)
    }

    /// Raw bytes for standard error that vpcx made itself (progress-line cursor control), with the
    /// text part sanitised.
    static func control(_ sequence: String, then text: String = "") {
        write(Array((sequence + sanitized(text, styled: false)).utf8), to: FileHandle.standardError)
    }

    /// JSON for standard output, with `escapeJSON` applied.
    static func json(_ text: String) { json(Array(text.utf8)) }

    /// JSON bytes for standard output, with `escapeJSON` applied.
    static func json(_ bytes: [UInt8]) {
        write(escapeJSON(bytes), to: FileHandle.standardOutput)
    }

    /// Every line's text through `TextWidth.sanitize`; `\n` stays a line break.
    static func sanitized(_ text: String, styled: Bool) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(styled ? sanitizedKeepingSGR(line) : TextWidth.sanitize(line))
        }
        return out.joined(separator: "\n")
    }

    /// Keeps well-formed SGR sequences (`ESC [` digits and `;` `m`) and sanitises the rest. Input
    /// text was already sanitised before vpcx coloured it, so only vpcx's own colours survive.
    private static func sanitizedKeepingSGR(_ line: Substring) -> String {
        let scalars = Array(line.unicodeScalars)
        var out = ""
        var plain = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, (scalars[j] >= "0" && scalars[j] <= "9") || scalars[j] == ";" { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    out += TextWidth.sanitize(String(plain))
                    plain = String.UnicodeScalarView()
                    out.unicodeScalars.append(contentsOf: scalars[i...j])
                    i = j + 1
                    continue
                }
            }
            plain.append(scalars[i])
            i += 1
        }
        return out + TextWidth.sanitize(String(plain))
    }

    /// JSON text with DEL, C1 controls, bidi overrides and isolates, and U+2028/2029 written as
    /// `\uNNNN`. Outside strings JSON has only ASCII tokens and whitespace, so every such character
    /// is inside a string, where the escape means the same character: the document's values are
    /// unchanged and a terminal showing it is not driven by them. (C0 controls are escaped by the
    /// writers already, as JSON requires.)
    static func escapeJSON(_ bytes: [UInt8]) -> [UInt8] {
        // Fast path: the scalars concerned are 0x7F, or start with 0xC2 (C1) or 0xE2 (bidi, 2028/9).
        guard bytes.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 < 0x20 && $0 != 0x0A }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        let hex = Array("0123456789abcdef".utf8)
        func escape(_ value: UInt32) {
            out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x7F || (b < 0x20 && b != 0x0A && b != 0x09 && b != 0x0D) {
                escape(UInt32(b)); i += 1; continue
            }
            if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                escape(UInt32(bytes[i + 1])); i += 2; continue
            }
            if b == 0xE2, i + 2 < bytes.count {
                let value = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029 {
                    escape(value); i += 3; continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    private static func write(_ bytes: [UInt8], to handle: FileHandle) {
        handle.write(Data(bytes))
    }
}
