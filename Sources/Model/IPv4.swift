/// An IPv4 address as the 32-bit number routing compares.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text (`10.0.1.5`); nil for anything else.
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ IPv4Address(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses dotted-quad UTF-8 bytes without allocating (inventories hold hundreds of thousands).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                octet = octet * 10 + UInt32(b - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        value = result << 8 | octet
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }
}

/// An IPv4 block in CIDR notation (`10.0.0.0/16`), the unit of routes, subnets and security group rules.
public struct IPv4CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public var network: IPv4Address
    /// Prefix length, 0...32.
    public var prefixLength: Int

    public init(network: IPv4Address, prefixLength: Int) {
        let length = max(0, min(32, prefixLength))
        self.prefixLength = length
        self.network = IPv4Address(network.value & IPv4CIDR.mask(length))
    }

    /// Parses `a.b.c.d/n`; nil for anything else (IPv6 blocks included).
    public init?(_ text: some StringProtocol) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let address = IPv4Address(halves[0]),
              let length = Int(halves[1]), (0...32).contains(length) else { return nil }
        self.init(network: address, prefixLength: length)
    }

    /// `0.0.0.0/0`, the default route.
    public static let anywhere = IPv4CIDR(network: IPv4Address(0), prefixLength: 0)

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public var mask: UInt32 { IPv4CIDR.mask(prefixLength) }

    /// Whether `address` lies in this block.
    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    /// Whether every address of `other` lies in this block.
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    /// Number of addresses in the block.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public var description: String { "\(network)/\(prefixLength)" }
}
