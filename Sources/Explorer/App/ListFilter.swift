#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// The one `/` match of a panel's list (Findings, ENIs, Cost): a row is kept when any of its
/// fields contains the filter, case-insensitive, ignoring spaces around it. An empty filter keeps all.
func listFilterMatches(_ filter: String, _ fields: [String]) -> Bool {
    let needle = filter.lowercased().trimmingSpaces
    return needle.isEmpty || fields.contains { $0.lowercased().contains(needle) }
}

/// `  [/s3: 2 of 9]`: a panel title's note of its list's filter and how many rows match; "" with no filter.
func listFilterNote(_ filter: String, matched: Int, of total: Int) -> String {
    let shown = filter.trimmingSpaces
    return shown.isEmpty ? "" : "  [/\(shown): \(matched) of \(total)]"
}

/// What `/` searches in a long list (the navigator's nodes, the findings), made once when the list
/// is made, so a keystroke is one pass of `memchr` over bytes instead of lowercasing every row again.
///
/// Each row's fields are lowercased and laid end to end in one buffer, a 0 byte between rows (a
/// match never spans two). The answer is the one `String.contains` gives: rows whose text is all
/// ASCII are matched on bytes (there a byte is a character); the others, and any needle that is not
/// ASCII, are checked with `String.contains` on the lowercased text, as before.
public struct TextSearchIndex: Equatable, Sendable {
    private var bytes: [UInt8] = []
    /// Where each row's text starts in `bytes`; one more entry at the end.
    private var starts: [Int] = [0]
    /// The lowercased text of rows that are not all ASCII, by row.
    private var unicodeRows: [Int: [String]] = [:]

    public init() {}

    /// An index of `rows`, each the fields `/` looks in.
    public init(_ rows: [[String]]) {
        bytes.reserveCapacity(rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count + 1 } })
        starts.reserveCapacity(rows.count + 1)
        for (row, fields) in rows.enumerated() { append(fields, row: row) }
    }

    private mutating func append(_ fields: [String], row: Int) {
        // ASCII is lowercased byte by byte as it is copied (no String is made: a what-if rebuilds
        // the tree and its index as a key waits); a row with other characters keeps its lowercased
        // Strings for `String.contains`.
        var ascii = true
        for var field in fields {
            field.withUTF8 { utf8 in
                for byte in utf8 {
                    if byte >= 0x80 { ascii = false }
                    bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                }
            }
            // A field ends where the next starts: a separator keeps "ab" + "c" from matching "bc".
            bytes.append(0)
        }
        if !ascii { unicodeRows[row] = fields.map { $0.lowercased() } }
        starts.append(bytes.count)
    }

    /// The index with `range`'s rows replaced by `rows` (a what-if's VPC subtree made again), the rows
    /// after them moved along: the index `init` makes of the whole new list.
    mutating func replaceRows(_ range: Range<Int>, with rows: [[String]]) {
        var tail = TextSearchIndex()
        for (row, fields) in rows.enumerated() { tail.append(fields, row: row) }
        let from = starts[range.lowerBound], to = starts[range.upperBound]
        let byteShift = tail.bytes.count - (to - from), rowShift = rows.count - range.count
        bytes.replaceSubrange(from..<to, with: tail.bytes)
        starts.replaceSubrange(range.lowerBound..<(range.upperBound + 1), with: tail.starts.map { $0 + from })
        if byteShift != 0 { for i in (range.lowerBound + rows.count + 1)..<starts.count { starts[i] += byteShift } }
        guard !unicodeRows.isEmpty || !tail.unicodeRows.isEmpty else { return }
        var moved: [Int: [String]] = [:]
        for (row, fields) in unicodeRows where !range.contains(row) { moved[row < range.lowerBound ? row : row + rowShift] = fields }
        for (row, fields) in tail.unicodeRows { moved[row + range.lowerBound] = fields }
        unicodeRows = moved
    }

    /// How many rows the index holds.
    public var count: Int { starts.count - 1 }

    /// Which rows contain `filter` (case-insensitive, spaces around it ignored); every row for an
    /// empty filter.
    public func matches(_ filter: String) -> [Bool] {
        let needle = filter.lowercased().trimmingSpaces
        guard !needle.isEmpty else { return [Bool](repeating: true, count: count) }
        var found = [Bool](repeating: false, count: count)
        let pattern = Array(needle.utf8)
        if pattern.contains(where: { $0 >= 0x80 || $0 == 0 }) {
            // Not ASCII: characters, not bytes, decide (é may be written two ways).
            for row in 0..<count { found[row] = fields(of: row).contains { $0.contains(needle) } }
            return found
        }
        bytes.withUnsafeBufferPointer { haystack in
            pattern.withUnsafeBufferPointer { p in
                guard let base = haystack.baseAddress, let needleBase = p.baseAddress else { return }
                var from = 0
                var row = 0
                let first = Int32(needleBase[0]), rest = p.count - 1, last = needleBase[rest]
                // memchr finds each candidate first byte (vectorised); the needle's last byte, compared
                // in place, turns most candidates away (a short needle's first letter is everywhere)
                // before memcmp checks the rest.
                while from + p.count <= haystack.count,
                      let hit = memchr(base + from, first, haystack.count - from - rest) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    guard rest == 0 || (base[at + rest] == last && memcmp(base + at + 1, needleBase + 1, rest) == 0) else {
                        from = at + 1
                        continue
                    }
                    while starts[row + 1] <= at { row += 1 }
                    found[row] = true
                    from = starts[row + 1]
                }
            }
        }
        // Rows with other characters: a byte match may not be a character match (e + a combining accent).
        for (row, fields) in unicodeRows { found[row] = fields.contains { $0.contains(needle) } }
        return found
    }

    /// The lowercased fields of a row.
    private func fields(of row: Int) -> [String] {
        if let fields = unicodeRows[row] { return fields }
        return bytes[starts[row]..<starts[row + 1]].split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
