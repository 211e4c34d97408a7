import Testing
import JSONText

@Suite struct ByteSearchTests {
    func offset(_ needle: String, _ text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { ByteSearch.firstOffset(of: needle, in: $0) }
    }

    @Test func findsTheFirstOccurrenceAnywhere() {
        #expect(offset("\"Vpcs\"", "{\"Vpcs\": []}") == 1)
        #expect(offset("]}", "{\"Vpcs\": []}") == 10)                 // at the very end
        #expect(offset("aab", "aaaab") == 2)                           // after false starts on the first byte
        #expect(offset("ab", "xxabab") == 2)                           // the first of two
    }

    @Test func saysNothingWhenAbsentOrLongerThanTheText() {
        #expect(offset("\"format_version\"", "{\"Vpcs\": []}") == nil)
        #expect(offset("abcdef", "abc") == nil)
        #expect(offset("a", "") == nil)
        #expect(offset("", "abc") == 0)
    }

    @Test func anchoredPastAQuoteItStillFindsEveryMatchAtItsStart() {
        #expect(offset("\"ab\"", "ab\"ab\"") == 2)                       // the anchor's byte before the match
        #expect(offset("\"format_version\"", "{\"a\":\"f\",\"format_version\":\"1.0\"}") == 9)
        #expect(offset("\"\"", "ab\"\"") == 2)                           // all punctuation: anchored on the first byte
        // Against the plain definition, over an alphabet of quotes, letters and colons.
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("\"ab:")
        for _ in 0..<2000 {
            let text = String((0..<next(24)).map { _ in alphabet[next(4)] })
            let needle = String((0..<(1 + next(4))).map { _ in alphabet[next(4)] })
            let t = Array(text.utf8), n = Array(needle.utf8)
            let plain = t.count < n.count ? nil : (0...(t.count - n.count)).first { Array(t[$0..<($0 + n.count)]) == n }
            #expect(offset(needle, text) == plain, "\(needle) in \(text)")
        }
    }
}
