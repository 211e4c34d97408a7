import Model

/// Measured traffic: what VPC flow logs say each subnet sent to and received from each AWS service,
/// over the window the logs cover. It becomes a usage source (`traffic()`, origin `.measured`).
public struct MeasuredTraffic: Sendable, Equatable {
    /// Bytes of one source subnet (nil: the VPC, when a NAT record does not say which subnet) with a service.
    public struct Flow: Sendable, Equatable, Hashable {
        public var vpc: String
        public var subnet: String?
        public var service: String
        public var bytes: UInt64
    }

    public var flows: [Flow] = []
    /// First `start` and last `end` of the records (Unix seconds); nil when the logs have no times.
    public var windowStart: UInt32?
    public var windowEnd: UInt32?
    /// Bytes per NAT gateway and per endpoint, as attributed (records on a NAT's ENI; to an endpoint's ENI IPs).
    public var natBytes: [String: UInt64] = [:]
    public var endpointBytes: [String: UInt64] = [:]
    /// Bytes that are not an AWS service's: to the internet, to AWS addresses of no service vpcx prices,
    /// between two addresses of the network, or between addresses outside it.
    public var internetBytes: UInt64 = 0
    public var otherAWSBytes: UInt64 = 0
    public var internalBytes: UInt64 = 0
    public var outsideBytes: UInt64 = 0
    /// Records that moved nothing billable (REJECT, NODATA, SKIPDATA) and records seen on an
    /// endpoint's own ENI (the same bytes are counted on the caller's side).
    public var ignoredRecords = 0
    /// Whether AWS's ip-ranges.json was given (without it an AWS address not named by the record is unknown, not the internet).
    public var rangesGiven = false

    /// Bytes in a GB as AWS bills data (2^30).
    public static let bytesPerGB = 1_073_741_824.0

    /// The window in seconds, nil when unknown or empty.
    public var windowSeconds: Double? {
        guard let s = windowStart, let e = windowEnd, e > s else { return nil }
        return Double(e - s)
    }

    /// GB a month of `bytes` over the window (the logs' total when the window is unknown).
    public func monthlyGB(_ bytes: UInt64, hoursPerMonth: Double = 730) -> Double {
        let gb = Double(bytes) / MeasuredTraffic.bytesPerGB
        guard let window = windowSeconds else { return gb }
        return gb * hoursPerMonth * 3600 / window
    }

    /// The figures as a usage source: per VPC, service and source subnet, scaled to a month.
    public func traffic(hoursPerMonth: Double = 730) -> Traffic {
        // A VPC's whole figure (NAT records without the source subnet) first, its subnets' after: together they are its traffic.
        let sorted = flows.sorted { a, b in
            (a.vpc, a.service, a.subnet == nil ? 0 : 1, a.subnet ?? "") < (b.vpc, b.service, b.subnet == nil ? 0 : 1, b.subnet ?? "")
        }
        return Traffic(sorted.map { flow in
            Traffic.Entry(vpc: flow.vpc, service: flow.service, gb: monthlyGB(flow.bytes, hoursPerMonth: hoursPerMonth),
                          subnet: flow.subnet, origin: .measured)
        })
    }

    /// What the figures leave out or assume, for the report.
    public func notes(hoursPerMonth: Double = 730) -> [String] {
        var notes: [String] = []
        let gb = { (b: UInt64) in CostFormat.number(self.monthlyGB(b, hoursPerMonth: hoursPerMonth), decimals: 1) }
        if let window = windowSeconds {
            notes.append("measured over \(CostFormat.number(window / 3600, decimals: 1)) hours of flow logs, scaled to a month of \(CostFormat.plain(hoursPerMonth)) hours")
        } else {
            notes.append("the flow logs' window is unknown (no start and end fields): the figures are the logs' totals, not GB a month")
        }
        if internetBytes > 0 {
            notes.append(rangesGiven ? "\(gb(internetBytes)) GB/month to or from the internet (no AWS service's address): not an endpoint's, not priced here"
                         : "\(gb(internetBytes)) GB/month to or from addresses nothing names: the internet, or AWS services (S3, DynamoDB) that --ip-ranges would tell apart")
        }
        if otherAWSBytes > 0 { notes.append("\(gb(otherAWSBytes)) GB/month to or from AWS addresses of no service vpcx can price by name") }
        return notes
    }
}

/// Attributes flow records to subnets and services, by the inventory: a record's local side is the
/// subnet holding its address; its far side is an endpoint when the address is one of the
/// endpoint's ENI IPs, else the service `pkt-*-aws-service` names, else the service
/// `ip-ranges.json` gives the address (longest prefix), else the internet. Records on a NAT
/// gateway's ENI count for the NAT (and, with `pkt-srcaddr`, for their source subnet); they are used
/// for a service only when the callers' own ENIs were not logged, so no byte counts twice.
public final class FlowAttribution: FlowRecordSink {
    enum Role { case endpoint(Int), nat(Int) }

    /// What an address of the network is when it is not just a host in a subnet.
    struct Address: Sendable {
        var isNAT = false
        /// The endpoint whose ENI has the address, nil for none.
        var endpoint: Int?
    }

    struct Index: Sendable {
        var subnets = PrefixIndex<Int>()
        var subnetIDs: [String] = []
        var subnetVPC: [String] = []
        var roles = AddressMap<Role>()
        /// NAT gateways' and endpoints' own addresses: one probe tells a record's side apart.
        var addresses = AddressMap<Address>()
        var endpointIDs: [String] = []
        var endpointServices: [String] = []
        var natIDs: [String] = []

        mutating func markNAT(_ ip: UInt32) {
            var address = addresses[UInt64(ip)] ?? Address()
            address.isNAT = true
            addresses.set(UInt64(ip), address)
        }

        mutating func markEndpoint(_ ip: UInt32, _ endpoint: Int) {
            var address = addresses[UInt64(ip)] ?? Address()
            address.endpoint = endpoint
            addresses.set(UInt64(ip), address)
        }
    }

    let index: Index
    let ranges: IPRanges?
    private let services: [String]
    private var serviceIndex: [String: Int] = [:]
    /// Each endpoint's service as an index of `services` (looked up once, not per record).
    private var endpointService: [Int?] = []
    private var s3Service: Int?
    private var dynamoDBService: Int?
    /// A source subnet (its index; `-1 - v` for VPC `v` when no subnet is known) and a service index.
    struct Key: Hashable {
        var place: Int32
        var service: Int32

        /// As one 64-bit key of an `AddressMap` (the tallies below), and back.
        var packed: UInt64 { UInt64(UInt32(bitPattern: place)) << 32 | UInt64(UInt32(bitPattern: service)) }
        init(place: Int32, service: Int32) { self.place = place; self.service = service }
        init(packed: UInt64) {
            place = Int32(bitPattern: UInt32(truncatingIfNeeded: packed >> 32))
            service = Int32(bitPattern: UInt32(truncatingIfNeeded: packed))
        }
    }

    // Bytes by place × service, from callers' ENIs and from NAT ENIs.
    // (Tallied in AddressMaps: a Dictionary's hashing per record was a large share of reading a log.)
    private var direct = AddressMap<UInt64>()
    private var viaNAT = AddressMap<UInt64>()
    /// Each NAT gateway's VPC index.
    private var natVPC: [Int?] = []
    private var vpcIndex: [String: Int] = [:]
    private var vpcs: [String] = []
    private var result = MeasuredTraffic()
    private var natBytes: [UInt64] = []
    private var endpointBytes: [UInt64] = []

    /// An attribution over `inventory`'s subnets, endpoint ENIs and NAT gateways; `ipRanges` tells
    /// AWS addresses apart when the records do not.
    public init(inventory: Inventory, ipRanges: IPRanges? = nil) {
        var index = Index()
        for subnet in inventory.contents.subnets {
            guard let cidr = subnet.cidr else { continue }
            index.subnets.insert(cidr, index.subnetIDs.count)
            index.subnetIDs.append(subnet.id)
            index.subnetVPC.append(subnet.vpcID)
        }
        for endpoint in inventory.endpoints {
            let i = index.endpointIDs.count
            index.endpointIDs.append(endpoint.id)
            index.endpointServices.append(endpoint.service)
            for id in endpoint.networkInterfaceIDs {
                index.roles.set(FlowRecord.key(id), .endpoint(i))
                if let ip = inventory.networkInterface(id)?.privateIP { index.markEndpoint(ip.value, i) }
            }
        }
        for nat in inventory.natGateways {
            let i = index.natIDs.count
            index.natIDs.append(nat.id)
            for id in nat.networkInterfaceIDs { index.roles.set(FlowRecord.key(id), .nat(i)) }
            for ip in nat.privateIPs { if let a = IPv4Address(ip) { index.markNAT(a.value) } }
        }
        // NAT ENIs the NAT gateway record does not list, by their interface type.
        for eni in inventory.contents.networkInterfaces where eni.interfaceType == "nat_gateway" || eni.interfaceType == "natGateway" {
            if index.roles[FlowRecord.key(eni.id)] == nil, let i = inventory.natGateways.firstIndex(where: { $0.subnetID == eni.subnetID }) {
                index.roles.set(FlowRecord.key(eni.id), .nat(i))
            }
            if let ip = eni.privateIP { index.markNAT(ip.value) }
        }
        self.index = index
        self.ranges = ipRanges
        var names = Set(index.endpointServices)
        names.formUnion(["s3", "dynamodb"])
        services = names.sorted()
        for (i, s) in services.enumerated() { serviceIndex[s] = i }
        endpointService = index.endpointServices.map { serviceIndex[$0] }
        s3Service = serviceIndex["s3"]
        dynamoDBService = serviceIndex["dynamodb"]
        for id in Set(index.subnetVPC + inventory.natGateways.map(\.vpcID)).sorted() { vpcIndex[id] = vpcs.count; vpcs.append(id) }
        natVPC = inventory.natGateways.map { vpcIndex[$0.vpcID] }
        natBytes = Array(repeating: 0, count: index.natIDs.count)
        endpointBytes = Array(repeating: 0, count: index.endpointIDs.count)
    }

    /// Another attribution over the same network and ranges, with nothing counted yet: one per
    /// parsing thread, merged at the end.
    public func fork() -> FlowAttribution { FlowAttribution(forking: self) }

    private init(forking other: FlowAttribution) {
        index = other.index
        ranges = other.ranges
        services = other.services
        serviceIndex = other.serviceIndex
        endpointService = other.endpointService
        s3Service = other.s3Service
        dynamoDBService = other.dynamoDBService
        vpcIndex = other.vpcIndex
        vpcs = other.vpcs
        natVPC = other.natVPC
        natBytes = Array(repeating: 0, count: other.natBytes.count)
        endpointBytes = Array(repeating: 0, count: other.endpointBytes.count)
    }

    /// The service of the far address, as far as anything tells: an endpoint's ENI, the record's own
    /// `pkt-*-aws-service`, `ip-ranges.json`; nil for the internet, -1 for AWS of no named service.
    @inline(__always)
    func service(of remote: UInt32, tag: AWSServiceTag) -> (service: Int?, endpoint: Int?) {
        if let endpoint = index.addresses[UInt64(remote)]?.endpoint { return (endpointService[endpoint], endpoint) }
        var tag = tag
        if tag == .none || tag == .otherAWS, let ranges { let ranged = ranges.service(of: remote); if ranged != .none { tag = ranged } }
        switch tag {
        case .s3: return (s3Service, nil)
        case .dynamodb: return (dynamoDBService, nil)
        case .otherAWS: return (-1, nil)
        case .none: return (nil, nil)
        }
    }

    public func consume(_ record: FlowRecord, file: Int) {
        guard record.accepted, record.ok, record.bytes > 0 else { result.ignoredRecords += 1; return }
        if record.start != 0 { result.windowStart = min(result.windowStart ?? record.start, record.start) }
        if record.end != 0 { result.windowEnd = max(result.windowEnd ?? record.end, record.end) }
        var nat: Int?
        switch index.roles[record.interface] {
        case .endpoint?: result.ignoredRecords += 1; return  // the caller's ENI logs the same bytes
        case .nat(let i)?: nat = i
        case nil: break
        }
        let src = record.originalSource, dst = record.finalDestination
        let srcAddress = index.addresses[UInt64(src)], dstAddress = index.addresses[UInt64(dst)]
        let srcIsNAT = srcAddress?.isNAT == true, dstIsNAT = dstAddress?.isNAT == true
        let srcSubnet = srcAddress != nil ? nil : index.subnets.lookup(src)?.value
        let dstSubnet = dstAddress != nil ? nil : index.subnets.lookup(dst)?.value
        let local: Int?, remote: UInt32, tag: AWSServiceTag
        if let s = srcSubnet {
            if dstSubnet != nil { result.internalBytes += record.bytes; return }
            (local, remote, tag) = (s, dst, record.destinationService)
        } else if let d = dstSubnet {
            (local, remote, tag) = (d, src, record.sourceService)
        } else if nat != nil, srcIsNAT || dstIsNAT {
            // A NAT record without pkt-srcaddr: the NAT's own address, so the source subnet is unknown.
            (local, remote, tag) = (nil, srcIsNAT ? dst : src, srcIsNAT ? record.destinationService : record.sourceService)
        } else {
            result.outsideBytes += record.bytes
            return
        }
        let (service, endpoint) = service(of: remote, tag: tag)
        if let nat { natBytes[nat] += record.bytes }
        if let endpoint { endpointBytes[endpoint] += record.bytes }
        guard let service else { if nat == nil { result.internetBytes += record.bytes }; return }  // a NAT ENI sees it twice
        guard service >= 0 else { result.otherAWSBytes += record.bytes; return }
        let place = local ?? (-1 - (nat.flatMap { natVPC[$0] } ?? 0))
        let key = Key(place: Int32(place), service: Int32(service)).packed
        if nat != nil { viaNAT.update(key, initial: 0) { $0 += record.bytes } } else { direct.update(key, initial: 0) { $0 += record.bytes } }
    }

    /// Several attributions (one per thread) as one.
    public func merge(_ other: FlowAttribution) {
        for (k, v) in other.direct.entries { direct.update(k, initial: 0) { $0 += v } }
        for (k, v) in other.viaNAT.entries { viaNAT.update(k, initial: 0) { $0 += v } }
        for (i, v) in other.natBytes.enumerated() { natBytes[i] += v }
        for (i, v) in other.endpointBytes.enumerated() { endpointBytes[i] += v }
        if let s = other.result.windowStart { result.windowStart = min(result.windowStart ?? s, s) }
        if let e = other.result.windowEnd { result.windowEnd = max(result.windowEnd ?? e, e) }
        result.internetBytes += other.result.internetBytes
        result.otherAWSBytes += other.result.otherAWSBytes
        result.internalBytes += other.result.internalBytes
        result.outsideBytes += other.result.outsideBytes
        result.ignoredRecords += other.result.ignoredRecords
    }

    /// The measured traffic. Per VPC and service, the callers' own ENIs' records when there are any,
    /// else the NAT gateways' (so traffic through NAT seen on both sides counts once).
    public func measured() -> MeasuredTraffic {
        var out = result
        out.rangesGiven = ranges != nil
        func vpcOf(_ place: Int32) -> String {
            place >= 0 ? index.subnetVPC[Int(place)] : (vpcs.indices.contains(Int(-1 - place)) ? vpcs[Int(-1 - place)] : "")
        }
        func flow(_ key: Key, _ bytes: UInt64) -> MeasuredTraffic.Flow {
            .init(vpc: vpcOf(key.place), subnet: key.place >= 0 ? index.subnetIDs[Int(key.place)] : nil,
                  service: services[Int(key.service)], bytes: bytes)
        }
        let directEntries = direct.entries.map { (Key(packed: $0.key), $0.value) }
        let directServices = Set(directEntries.map { vpcOf($0.0.place) + "|" + services[Int($0.0.service)] })
        var flows = directEntries.map(flow)
        for (packed, bytes) in viaNAT.entries {
            let key = Key(packed: packed)
            if !directServices.contains(vpcOf(key.place) + "|" + services[Int(key.service)]) { flows.append(flow(key, bytes)) }
        }
        out.flows = flows.sorted { ($0.vpc, $0.service, $0.subnet ?? "") < ($1.vpc, $1.service, $1.subnet ?? "") }
        for (i, bytes) in natBytes.enumerated() where bytes > 0 { out.natBytes[index.natIDs[i]] = bytes }
        for (i, bytes) in endpointBytes.enumerated() where bytes > 0 { out.endpointBytes[index.endpointIDs[i]] = bytes }
        return out
    }
}
