import Testing
@testable import JSONText

/// Strings are scanned eight bytes at a time: a quote, an escape or a control character at any
/// position of a word must still end, decode or fail the string exactly where a byte loop would.
@Suite struct StringScanTests {
    @Test func escapesAndEndsAtEveryPositionOfAWord() throws {
        for position in 0..<24 {
            let before = String(repeating: "a", count: position)
            #expect(try JSONValue.parse("\"\(before)\\\"b\"").stringValue == before + "\"b", "escape at \(position)")
            #expect(try JSONValue.parse("[\"\(before)\", \"é\(before)\"]").arrayValue?.map(\.stringValue) == [before, "é" + before])
            #expect(try JSONValue.parse("\"\(before)\\u00e9\\n\"").stringValue == before + "é\n")
        }
    }

    @Test func aControlCharacterAnywhereIsLocated() {
        for position in 0..<24 {
            let text = "\"" + String(repeating: "x", count: position) + "\u{01}yyyyyyyyyy\""
            #expect(throws: JSONError.self) { _ = try JSONValue.parse(text) }
            do { _ = try JSONValue.parse(text) } catch {
                #expect(error.column == position + 2, "control character after \(position) bytes")
                #expect(error.message.contains("control character"))
            }
        }
    }

    @Test func anUnterminatedLongStringIsLocatedAtItsQuote() {
        let text = "{\"k\": \"" + String(repeating: "z", count: 40)
        do { _ = try JSONValue.parse(text); Issue.record("parsed") } catch {
            #expect(error.column == 7)
            #expect(error.message.contains("unterminated"))
        }
    }
}
