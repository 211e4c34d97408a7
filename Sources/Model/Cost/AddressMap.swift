/// A map from a 64-bit key (an IPv4 address, an ENI's `FlowRecord.key`) to a value, for the lookups a
/// flow-log record makes by the billion. Swift's `Dictionary` hashes every key with seeded SipHash,
/// which measured as the largest single cost of attributing a record (several lookups each); these
/// keys are already well spread or are addresses, so a multiplicative hash and linear probing in
/// one flat array do the same job at a fraction of the cost. Insert-only: flow attribution builds
/// its tables once and then only reads them.
public struct AddressMap<Value: Sendable>: Sendable {
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [Value?]
    /// `keys.count - 1`: the table's size is a power of two.
    @usableFromInline var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 8) {
        var size = 8
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
    }

    public var isEmpty: Bool { count == 0 }

    /// Fibonacci hashing: the key times 2^64/φ, its high bits as the slot, so consecutive addresses
    /// (a subnet's hosts) land far apart.
    @inlinable @inline(__always)
    func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inlinable
    public subscript(key: UInt64) -> Value? {
        var i = slot(key)
        while true {
            guard let value = values[i] else { return nil }
            if keys[i] == key { return value }
            i = (i + 1) & mask
        }
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { self[key] != nil }

    /// Sets `key`'s value, replacing an earlier one.
    public mutating func set(_ key: UInt64, _ value: Value) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while values[i] != nil, keys[i] != key { i = (i + 1) & mask }
        if values[i] == nil { count += 1 }
        keys[i] = key
        values[i] = value
    }

    /// Changes `key`'s value in place, starting from `initial` when it has none (a tally's `+=`).
    @inlinable
    public mutating func update(_ key: UInt64, initial: Value, _ change: (inout Value) -> Void) {
        var i = slot(key)
        while let value = values[i] {
            if keys[i] == key {
                var changed = value
                change(&changed)
                values[i] = changed
                return
            }
            i = (i + 1) & mask
        }
        var value = initial
        change(&value)
        set(key, value)
    }

    /// Every key and its value, in no particular order.
    public var entries: [(key: UInt64, value: Value)] {
        zip(keys, values).compactMap { key, value in value.map { (key, $0) } }
    }

    private mutating func grow() {
        let old = entries
        self = AddressMap(capacity: keys.count)
        for (key, value) in old { set(key, value) }
    }
}

/// A longest-prefix-match index of IPv4 blocks, looked up from the longest prefix length present
/// down, so a lookup is at most 33 probes however many blocks there are. Every block is in one
/// table, keyed by its length and network address: a probe touches no per-length storage.
public struct PrefixIndex<Value: Sendable>: Sendable {
    /// Prefix lengths present, longest first, with their masks.
    @usableFromInline var lengths: [(length: Int, mask: UInt32)] = []
    @usableFromInline var blocks = AddressMap<Value>()

    public init() {}

    /// Whether no block was added.
    public var isEmpty: Bool { lengths.isEmpty }

    @inlinable @inline(__always)
    static func key(length: Int, network: UInt32) -> UInt64 { UInt64(length) << 32 | UInt64(network) }

    /// Adds a block; `merge` decides when the same block comes twice (the old value and the new).
    public mutating func insert(_ cidr: IPv4CIDR, _ value: Value, merge: (Value, Value) -> Value = { _, new in new }) {
        let length = cidr.prefixLength
        if !lengths.contains(where: { $0.length == length }) {
            lengths.append((length, length == 0 ? 0 : UInt32.max << UInt32(32 - length)))
            lengths.sort { $0.length > $1.length }
        }
        let key = Self.key(length: length, network: cidr.network.value)
        blocks.set(key, blocks[key].map { merge($0, value) } ?? value)
    }

    /// The value of the longest block holding `address`, and that block's length.
    @inlinable
    public func lookup(_ address: UInt32) -> (value: Value, prefixLength: Int)? {
        for (length, mask) in lengths {
            if let value = blocks[Self.key(length: length, network: address & mask)] { return (value, length) }
        }
        return nil
    }
}
