import Model
import Testing

/// The flat tables flow attribution looks addresses and ENIs up in, against `Dictionary` as the oracle.
@Suite struct AddressMapTests {
    @Test func agreesWithADictionaryThroughGrowthAndCollisions() {
        var map = AddressMap<Int>()
        var oracle: [UInt64: Int] = [:]
        // A subnet's consecutive hosts, keys that differ only in high bits (the same slot before
        // mixing), a replaced value, and zero, which is a key like any other.
        let keys: [UInt64] = (0..<5000).map { 0x0A00_0100 + $0 } + (0..<64).map { $0 << 40 } + [0, 0x0A00_0105, UInt64.max]
        for (i, key) in keys.enumerated() {
            map.set(key, i)
            oracle[key] = i
        }
        #expect(map.count == oracle.count)
        for key in keys { #expect(map[key] == oracle[key]) }
        #expect(map[0x0B00_0000] == nil)
        #expect(!map.contains(12_345_678_901))
        #expect(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value) }) == oracle)
    }

    @Test func updateTalliesInPlace() {
        var tally = AddressMap<UInt64>()
        for _ in 0..<3 { tally.update(7, initial: 0) { $0 += 10 } }
        tally.update(8, initial: 100) { $0 += 1 }
        #expect(tally[7] == 30)
        #expect(tally[8] == 101)
        #expect(tally.count == 2)
    }

    @Test func prefixIndexFindsTheLongestBlock() throws {
        var index = PrefixIndex<String>()
        index.insert(try #require(IPv4CIDR("0.0.0.0/0")), "anywhere")
        index.insert(try #require(IPv4CIDR("10.0.0.0/16")), "vpc")
        index.insert(try #require(IPv4CIDR("10.0.1.0/24")), "subnet")
        index.insert(try #require(IPv4CIDR("10.0.1.7/32")), "host")
        index.insert(try #require(IPv4CIDR("10.0.1.0/24")), "again") { old, _ in old }
        let at = { (text: String) in index.lookup(IPv4Address(text)!.value).map { "\($0.value)/\($0.prefixLength)" } }
        #expect(at("10.0.1.7") == "host/32")
        #expect(at("10.0.1.8") == "subnet/24", "merge kept the first value")
        #expect(at("10.0.9.1") == "vpc/16")
        #expect(at("192.0.2.1") == "anywhere/0")
        #expect(PrefixIndex<Int>().lookup(1) == nil)
    }
}
