import Model

/// The fields of a flow log, in the order its records give them: the default (version 2) format, or
/// a custom format named by the file's header line (`version account-id interface-id srcaddr ...`,
/// any order, v3–v5 fields included).
public struct FlowLogFormat: Sendable, Equatable {
    /// The fields attribution reads; every other field is skipped.
    public enum Field: Sendable, Equatable {
        case interfaceID, srcaddr, dstaddr, pktSrcaddr, pktDstaddr, bytes, start, end, action, logStatus
        case pktSrcAWSService, pktDstAWSService
        /// A field vpcx does not need (`version`, `srcport`, `flow-direction`, `traffic-path`, ...).
        case other
    }

    /// The field names in order, as the header gives them.
    public var names: [String]
    /// What each position holds.
    public var fields: [Field]

    /// AWS's default format (version 2).
    public static let defaultV2 = FlowLogFormat(names: ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport",
                                                        "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"])!

    /// Every field name AWS documents (v2–v5 and later), so a header is told from a record and a
    /// misspelt field is an error.
    public static let knownNames: Set<String> = [
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes",
        "start", "end", "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr",
        "pkt-dstaddr", "region", "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service",
        "flow-direction", "traffic-path", "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
        "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
        "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id", "reject-reason", "resource-id",
        "encryption-status",
    ]

    /// A format from field names; nil when a name is not one AWS documents or `bytes` is missing.
    public init?(names: [String]) {
        let names = names.map { $0.hasPrefix("${") && $0.hasSuffix("}") ? String($0.dropFirst(2).dropLast()) : $0 }
        guard !names.isEmpty, names.allSatisfy(FlowLogFormat.knownNames.contains), names.contains("bytes") else { return nil }
        self.names = names
        fields = names.map { name in
            switch name {
            case "interface-id": return .interfaceID
            case "srcaddr": return .srcaddr
            case "dstaddr": return .dstaddr
            case "pkt-srcaddr": return .pktSrcaddr
            case "pkt-dstaddr": return .pktDstaddr
            case "bytes": return .bytes
            case "start": return .start
            case "end": return .end
            case "action": return .action
            case "log-status": return .logStatus
            case "pkt-src-aws-service": return .pktSrcAWSService
            case "pkt-dst-aws-service": return .pktDstAWSService
            default: return .other
            }
        }
    }

    /// The header line's words when a line is one: every word a field name (a record's first word is a
    /// version number, or a CloudWatch export's timestamp).
    static func header(_ words: [String]) -> FlowLogFormat? {
        guard let first = words.first, knownNames.contains(first) else { return nil }
        return FlowLogFormat(names: words)
    }

    /// Reads one record's fields (the words of a line) into `record`; false when a field this
    /// format needs is not what it should be (the caller counts the line as skipped).
    @inlinable
    func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout FlowRecord) -> Bool {
        record = FlowRecord()
        var index = 0
        var position = 0
        let count = line.count
        while position < count {
            while position < count, line[position] == 32 || line[position] == 9 { position += 1 }
            guard position < count else { break }
            let start = position
            while position < count, line[position] != 32, line[position] != 9 { position += 1 }
            guard index < fields.count else { return false }  // more words than the format has
            let word = UnsafeBufferPointer(rebasing: line[start..<position])
            let dash = word.count == 1 && word[0] == UInt8(ascii: "-")
            switch fields[index] {
            case .other: break
            case .interfaceID: record.interface = dash ? 0 : FlowRecord.key(word)
            case .srcaddr: if !dash { guard let a = IPv4Address(utf8: word) else { return false }; record.source = a.value }
            case .dstaddr: if !dash { guard let a = IPv4Address(utf8: word) else { return false }; record.destination = a.value }
            case .pktSrcaddr: if !dash { record.packetSource = IPv4Address(utf8: word)?.value ?? 0 }  // IPv6: not priced here
            case .pktDstaddr: if !dash { record.packetDestination = IPv4Address(utf8: word)?.value ?? 0 }
            case .bytes: if !dash { guard let n = FlowLogFormat.number(word) else { return false }; record.bytes = n }
            case .start: if !dash { guard let n = FlowLogFormat.number(word), n <= UInt64(UInt32.max) else { return false }; record.start = UInt32(n) }
            case .end: if !dash { guard let n = FlowLogFormat.number(word), n <= UInt64(UInt32.max) else { return false }; record.end = UInt32(n) }
            case .action: record.accepted = dash || word.first == UInt8(ascii: "A")
            case .logStatus: record.ok = dash || word.first == UInt8(ascii: "O")
            case .pktSrcAWSService: record.sourceService = AWSServiceTag(name: word)
            case .pktDstAWSService: record.destinationService = AWSServiceTag(name: word)
            }
            index += 1
        }
        return index == fields.count
    }

    /// A decimal number of at most 19 digits, nil for anything else.
    @inlinable
    static func number(_ word: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !word.isEmpty, word.count <= 19 else { return nil }
        var n: UInt64 = 0
        for b in word {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + UInt64(b - 48)
        }
        return n
    }
}
