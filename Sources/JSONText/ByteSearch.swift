#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding a byte string in a file's head: how loaders tell what a file is before reading it.
///
/// `memchr` and `memcmp` (glibc's `memmem` is a GNU extension Swift's Glibc module does not show) rather than Foundation's `firstRange(of:)` or `String.contains`: those went through
/// CoreFoundation's locale-aware search and were a fifth of the load of an organisation's snapshot
/// (8,205 small files, each sniffed several times).
public enum ByteSearch {
    /// The offset of the first occurrence of `needle`'s UTF-8 bytes in `haystack`, or nil.
    public static func firstOffset(of needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = haystack.baseAddress, !haystack.isEmpty else { return needle.isEmpty ? 0 : nil }
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard let nBase = n.baseAddress, !n.isEmpty else { return 0 }
            guard n.count <= haystack.count else { return nil }
            let last = haystack.count - n.count       // the last offset a match can start at
            // The needles are JSON keys, `"format_version"`: anchoring `memchr` on their first byte, a quote,
            // stops at every string of the file. Their first byte that is not JSON punctuation is rare.
            let anchor = n.firstIndex { !jsonPunctuation.contains($0) } ?? 0
            var offset = 0
            while offset <= last {
                guard let hit = memchr(base + offset + anchor, Int32(n[anchor]), last - offset + 1) else { return nil }
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base) - anchor
                if memcmp(base + at, nBase, n.count) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }

    /// Bytes on every line of JSON: a poor anchor.
    private static let jsonPunctuation: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: ","),
                                                   UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), 0x0A]

    /// Whether `needle` occurs in `haystack`.
    public static func contains(_ needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }
}
