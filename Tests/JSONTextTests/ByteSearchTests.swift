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
}
