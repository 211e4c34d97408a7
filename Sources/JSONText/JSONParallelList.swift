import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the items of one long array on every core, with the result of a serial read.
///
/// The array is cut into parts at guessed item boundaries (`}` `,` `{`, found by a scan, not a parse).
/// Every part after the first is read from its guess on; each part reads items until it stands exactly
/// at the next part's guess, or to the array's end. A guess is proven by the part before it reaching it
/// item by item (a guess inside a string is never reached so, and then the part before reads on: the
/// later part's work is thrown away). So items, their order, warnings and the first error, located in
/// the whole document, are those of reading the array front to back.
extension JSONReader {
    /// How one part of the array ended.
    enum PartEnd<Part> {
        /// At a later part's start (the index of its guess), which is thereby an item boundary.
        case reachedNext(Part, JSONReader, guessIndex: Int)
        /// After the array's `]`.
        case endOfArray(Part, JSONReader)
        case failed(JSONError)
    }

    /// The number of cores online (at least 1).
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Reads the items of the array the reader has just entered (`beginArray`), calling `item` with
    /// the reader before each one; `item` adds what it reads to a part made by `makePart`. Returns the
    /// parts in document order (one part when the array is shorter than `minimumPartBytes` per part),
    /// with the reader after the array's `]`. Pages of a mapped input are given back as items are read.
    public mutating func readItemsInParallel<Part: Sendable>(
        parts wanted: Int = JSONReader.processorCount, minimumPartBytes: Int = 8 << 20,
        makePart: @Sendable () -> Part,
        item: @Sendable (inout JSONReader, inout Part) throws(JSONError) -> Void
    ) throws(JSONError) -> [Part] {
        let starts = partStarts(wanted: wanted, minimumPartBytes: minimumPartBytes)
        if starts.isEmpty {
            var part = makePart()
            switch readPart(until: [], into: &part, item) {
            case .endOfArray(let part, let reader):
                self = reader
                return [part]
            case .failed(let error): throw error
            case .reachedNext: throw error("internal: a single part stopped before the array's end")
            }
        }
        // Part 0 goes on from this reader's state (its open objects, its warnings); the others start
        // fresh at their guesses, as if each were an array's first item.
        var readers: [JSONReader] = [self]
        for start in starts {
            var reader = self
            reader.warnings = []
            reader.seek(to: start)
            reader.pendingFirst = true
            reader.releasedUpTo = start
            readers.append(reader)
        }
        let count = readers.count
        let ends = UnsafeMutableBufferPointer<PartEnd<Part>?>.allocate(capacity: count)
        ends.initialize(repeating: nil)
        defer { ends.deinitialize(); ends.deallocate() }
        nonisolated(unsafe) let slots = ends
        nonisolated(unsafe) let sources = readers
        DispatchQueue.concurrentPerform(iterations: count) { index in
            var part = makePart()
            slots[index] = sources[index].readPart(until: Array(starts[index...]), into: &part, item)
        }
        // Follow the proven chain: part 0, then the part it reached, and so on to the array's end.
        var result: [Part] = []
        var merged = self
        var index = 0
        while index < count {
            guard let end = ends[index] else { throw error("internal: a part of the array was not read") }
            switch end {
            case .failed(let error):
                throw error
            case .reachedNext(let part, let reader, let next):
                result.append(part)
                if index == 0 { merged = reader } else { merged.warnings += reader.warnings }
                // Part `index` was given starts[index...]; starts[k] is where part k + 1 begins.
                index += next + 1
            case .endOfArray(let part, let reader):
                result.append(part)
                if index == 0 {
                    merged = reader
                } else {
                    merged.warnings += reader.warnings
                    merged.seek(to: reader.offset)
                }
                self = merged
                return result
            }
        }
        throw error("internal: the last part of the array did not reach its end")
    }

    /// Reads items until the reader stands between two items at one of `guesses` (ascending), or
    /// after the array's `]`. A guess passed without standing on it was no boundary; the next counts.
    func readPart<Part>(until guesses: [Int], into part: inout Part,
                        _ item: (inout JSONReader, inout Part) throws(JSONError) -> Void) -> PartEnd<Part> {
        var reader = self
        var next = 0
        do {
            while try reader.nextElement() {
                try item(&reader, &part)
                reader.releaseConsumedPages()
                while next < guesses.count && guesses[next] <= reader.offset { next += 1 }
                if next < guesses.count, reader.standsBeforeItem(at: guesses[next]) {
                    return .reachedNext(part, reader, guessIndex: next)
                }
            }
            return .endOfArray(part, reader)
        } catch {
            return .failed(error)
        }
    }

    /// Whether only whitespace, a comma and whitespace lie between the reader and `position`.
    func standsBeforeItem(at position: Int) -> Bool {
        var i = skippingWhitespace(from: offset)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return false }
        i = skippingWhitespace(from: i + 1)
        return i == position
    }

    /// The first offset at or after `from` that is not JSON whitespace.
    func skippingWhitespace(from: Int) -> Int {
        var i = from
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// Guessed starts of parts 2, 3, …: the `{` after a `}` `,` near each equal share of the rest of
    /// the input; empty when the rest is too short to be worth splitting.
    func partStarts(wanted: Int, minimumPartBytes: Int) -> [Int] {
        let rest = bytes.count - offset
        let parts = min(max(wanted, 1), rest / max(minimumPartBytes, 1))
        guard parts > 1 else { return [] }
        var starts: [Int] = []
        for k in 1..<parts {
            let from = max(offset + rest / parts * k, (starts.last ?? offset) + 1)
            if let start = itemStart(after: from) { starts.append(start) } else { break }
        }
        return starts
    }

    /// The first `{` at or after `from` that follows `}`, `,` and whitespace only, and is followed by
    /// a key or `}`. (Text inside a string can look so too: the part before proves or refutes it.)
    func itemStart(after from: Int) -> Int? {
        var i = from
        while i < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "}") else { continue }
            let comma = skippingWhitespace(from: i + 1)
            guard comma < bytes.count, bytes[comma] == UInt8(ascii: ",") else { continue }
            let brace = skippingWhitespace(from: comma + 1)
            guard brace < bytes.count, bytes[brace] == UInt8(ascii: "{") else { continue }
            // An object starts with a key or ends: `{\"` is text inside a string.
            let first = skippingWhitespace(from: brace + 1)
            if first < bytes.count, bytes[first] == UInt8(ascii: "\"") || bytes[first] == UInt8(ascii: "}") { return brace }
        }
        return nil
    }
}
