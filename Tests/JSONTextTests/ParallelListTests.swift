#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import JSONText

/// Reading a long array in parts (`readItemsInParallel`) gives what reading it front to back gives:
/// the same items in the same order, the same warnings, the same first error at the same line and column.
@Suite struct ParallelListTests {
    /// Names and warnings of `{"Items": [{"Name": …}, …], "After": …}`, read with `parts` parts of at
    /// least `minimum` bytes. An item whose name starts with `warn` leaves a located warning.
    func read(_ text: String, parts: Int, minimum: Int) throws(JSONError) -> (names: [String], warnings: [String], after: String?, parts: Int) {
        let input = JSONInput(bytes: Array(text.utf8))
        var r = input.reader()
        r.rejectsDuplicateKeys = true
        var names: [String] = []
        var after: String?
        var partsRead = 0
        try r.beginObject()
        while let key = try r.nextKey() {
            if key.equals("Items") {
                try r.beginArray()
                let chunks = try r.readItemsInParallel(parts: parts, minimumPartBytes: minimum, makePart: { [String]() }) {
                    (r: inout JSONReader, part: inout [String]) throws(JSONError) in
                    try r.beginObject()
                    while let k = try r.nextKey() {
                        if k.equals("Name") {
                            let at = r.offset
                            let name = try r.readString()
                            if name.hasPrefix("warn") { r.warn("suspect \(name)", at: at) }
                            part.append(name)
                        } else {
                            try r.skipValue()
                        }
                    }
                }
                names = chunks.flatMap { $0 }
                partsRead = chunks.count
            } else if key.equals("After") {
                after = try r.readString()
            } else {
                try r.skipValue()
            }
        }
        try r.expectEnd()
        return (names, r.warnings.map(\.description), after, partsRead)
    }

    /// An inventory-like document: items on lines of their own, some with strings that look like
    /// item boundaries (`}, {`), so guessed part starts land inside strings too.
    func document(items: Int, bad: Int? = nil, decoys: Bool = true) -> String {
        var lines: [String] = []
        for i in 0..<items {
            let name = i % 7 == 3 ? "warn-\(i)" : "item-\(i)"
            let decoy = decoys && i % 5 == 0 ? #"}, {\"Name\": \"decoy\"}, {"# : "plain"
            let body = i == bad ? #"{"Name": "\#(name)", "Name": "again"}"# : #"{"Name": "\#(name)", "Note": "\#(decoy)", "Nested": {"A": [1, {"B": null}]}}"#
            lines.append("    " + body)
        }
        return "{\n  \"Items\": [\n" + lines.joined(separator: ",\n") + "\n  ],\n  \"After\": \"end\"\n}\n"
    }

    @Test(arguments: [false, true])
    func partsGiveTheSerialItemsWarningsAndWhatFollows(decoys: Bool) throws {
        let text = document(items: 400, decoys: decoys)
        let serial = try read(text, parts: 1, minimum: 1)
        #expect(serial.names.count == 400)
        #expect(serial.names.first == "item-0" && serial.names.last == "item-399")
        #expect(serial.after == "end")
        #expect(!serial.warnings.isEmpty)
        for parts in [2, 3, 8, 64] {
            let split = try read(text, parts: parts, minimum: 16)
            #expect(split.names == serial.names, "\(parts) parts")
            #expect(split.warnings == serial.warnings, "\(parts) parts")
            #expect(split.after == "end")
            // Without text that looks like a boundary every guess is one; with it, some are refuted.
            if !decoys { #expect(split.parts == parts, "the list was read in \(split.parts) parts, not \(parts)") }
            else { #expect(split.parts > 1) }
        }
    }

    @Test func guessesInsideStringsAreNotTakenForBoundaries() throws {
        // One item whose string holds many fake boundaries: every guess lands inside it.
        let fake = String(repeating: #"}, {"#, count: 2000)
        let text = #"{"Items": [{"Name": "a"}, {"Name": "b", "Note": ""# + fake + #""}, {"Name": "c"}], "After": "end"}"#
        let split = try read(text, parts: 4, minimum: 64)
        #expect(split.names == ["a", "b", "c"])
        #expect(split.after == "end")
    }

    @Test(arguments: [10, 200, 390])
    func anErrorInAnyPartIsTheSerialErrorAtTheSameLineAndColumn(_ bad: Int) {
        let text = document(items: 400, bad: bad)
        var serialError: JSONError?
        do { _ = try read(text, parts: 1, minimum: 1) } catch { serialError = error }
        #expect(serialError?.message.contains("given twice") == true)
        #expect(serialError?.line == bad + 3)
        for parts in [2, 4, 16] {
            var splitError: JSONError?
            do { _ = try read(text, parts: parts, minimum: 16) } catch { splitError = error }
            #expect(splitError == serialError, "\(parts) parts, bad item \(bad)")
        }
    }

    @Test func aTruncatedArrayFailsAsItDoesSerially() {
        let text = String(document(items: 300).dropLast(40))
        var serialError: JSONError?
        do { _ = try read(text, parts: 1, minimum: 1) } catch { serialError = error }
        var splitError: JSONError?
        do { _ = try read(text, parts: 4, minimum: 16) } catch { splitError = error }
        #expect(serialError != nil)
        #expect(splitError == serialError)
    }

    @Test func emptyAndShortArraysAreOnePart() throws {
        #expect(try read(#"{"Items": [], "After": "end"}"#, parts: 4, minimum: 1).names == [])
        #expect(try read(#"{"Items": [{"Name": "x"}], "After": "end"}"#, parts: 4, minimum: 1).names == ["x"])
        // An empty array followed by text that looks like items: the guesses there are thrown away.
        let tail = String(repeating: #"{"Name": "no"}, "#, count: 50)
        let text = #"{"Items": [], "Other": ["# + tail + #"{"Name": "no"}], "After": "end"}"#
        let read = try read(text, parts: 4, minimum: 8)
        #expect(read.names == [])
        #expect(read.after == "end")
    }

    @Test func aMappedInputReadsLikeBytesInMemory() throws {
        let text = document(items: 200)
        let path = "/tmp/vpcx-parallel-list-\(getpid()).json"
        let file = fopen(path, "w")
        fputs(text, file)
        fclose(file)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let mapped = try #require(JSONInput.map(fd: fd, size: text.utf8.count))
        #expect(mapped.isMapped)
        #expect(Array(mapped.buffer) == Array(text.utf8))
        #expect(Array(mapped.droppingFirst(2).buffer) == Array(text.utf8.dropFirst(2)))
        // Giving back every page, then reading again: the file's bytes come back.
        mapped.releasePages(0..<mapped.buffer.count)
        #expect(Array(mapped.buffer) == Array(text.utf8))
    }
}
