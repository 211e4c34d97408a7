/// One VPC flow log record, as much of it as attribution needs, in fixed-size values: a multi-GB log
/// is read record by record, so nothing here allocates.
public struct FlowRecord: Sendable, Equatable {
    /// The ENI the record was captured on, as `FlowRecord.key(_:)` of its ID; 0 when the log says `-`.
    public var interface: UInt64 = 0
    /// `srcaddr`/`dstaddr`: the addresses on the ENI (0 when absent).
    public var source: UInt32 = 0
    public var destination: UInt32 = 0
    /// `pkt-srcaddr`/`pkt-dstaddr` (v3+): the packet's own addresses, which differ from the above on a
    /// NAT gateway's ENI (0 when absent or `-`).
    public var packetSource: UInt32 = 0
    public var packetDestination: UInt32 = 0
    public var bytes: UInt64 = 0
    /// `start`/`end`, Unix seconds (0 when absent).
    public var start: UInt32 = 0
    public var end: UInt32 = 0
    /// `action` was ACCEPT (or absent); REJECT moved no billable bytes.
    public var accepted = true
    /// `log-status` was OK (or absent); NODATA and SKIPDATA records carry no flow.
    public var ok = true
    /// `pkt-src-aws-service` / `pkt-dst-aws-service` (v5), as `AWSServiceTag`.
    public var sourceService: AWSServiceTag = .none
    public var destinationService: AWSServiceTag = .none

    public init() {}

    /// The address the packet came from: `pkt-srcaddr` when given, else `srcaddr`.
    @inlinable public var originalSource: UInt32 { packetSource != 0 ? packetSource : source }
    /// The address the packet went to: `pkt-dstaddr` when given, else `dstaddr`.
    @inlinable public var finalDestination: UInt32 { packetDestination != 0 ? packetDestination : destination }

    /// A stable 64-bit key of an ENI ID (FNV-1a of its bytes): flow logs and the inventory name ENIs
    /// the same way, and comparing keys spares a string per record.
    @inlinable public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return hash == 0 ? 1 : hash
    }

    /// The key of an ENI ID given as text (the inventory's side).
    public static func key(_ id: String) -> UInt64 {
        var copy = id
        return copy.withUTF8 { key($0) }
    }
}

/// The AWS service a flow log's `pkt-*-aws-service` field (or `ip-ranges.json`) names, reduced to
/// what pricing can tell apart: S3 and DynamoDB (gateway endpoints are free), other AWS, or none.
public enum AWSServiceTag: UInt8, Sendable, Equatable {
    case none, s3, dynamodb
    /// AWS, but not a service vpcx can price by name (`AMAZON`, `EC2`, `CLOUDFRONT`, ...).
    case otherAWS

    /// `S3` → `.s3`; `-` or empty → `.none`; any other name → `.otherAWS`.
    public init(name bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.isEmpty || (bytes.count == 1 && bytes[0] == UInt8(ascii: "-")) { self = .none; return }
        if bytes.count == 2, bytes[0] | 0x20 == UInt8(ascii: "s"), bytes[1] == UInt8(ascii: "3") { self = .s3; return }
        if bytes.count == 8, String(decoding: bytes, as: UTF8.self).uppercased() == "DYNAMODB" { self = .dynamodb; return }
        self = .otherAWS
    }

    /// The short service name pricing uses, nil for none or other AWS.
    public var service: String? {
        switch self {
        case .s3: return "s3"
        case .dynamodb: return "dynamodb"
        case .none, .otherAWS: return nil
        }
    }
}

/// AWS's published address ranges (`ip-ranges.json`), as far as attribution uses them.
public struct IPRanges: Sendable {
    /// `createDate` as published (`2024-05-01-12-00-00`), nil when the file has none.
    public var createDate: String?
    /// Unix seconds of `createDate`, nil when it cannot be read.
    public var created: Double?
    /// Each block's service tag: S3 and DynamoDB where AWS says so, other AWS for the rest. A block
    /// listed under `AMAZON` and under `S3` is S3.
    public var index = PrefixIndex<AWSServiceTag>()
    /// How many IPv4 blocks were read.
    public var count = 0

    public init() {}

    /// Adds a block with the service name AWS gives it.
    public mutating func add(_ cidr: IPv4CIDR, service: String) {
        var copy = service
        let tag = copy.withUTF8 { AWSServiceTag(name: $0) }
        index.insert(cidr, tag) { old, new in old == .otherAWS ? new : old }
        count += 1
    }

    /// The service of an address: the longest block's, preferring a named service over a broader
    /// `AMAZON` block only when AWS lists it (the longest match already does that in practice).
    @inlinable
    public func service(of address: UInt32) -> AWSServiceTag { index.lookup(address)?.value ?? .none }
}

/// What takes flow records as a reader streams them (attribution, a counter in a benchmark).
public protocol FlowRecordSink: AnyObject {
    /// One record; `file` indexes the reader's file list.
    func consume(_ record: FlowRecord, file: Int)
}
