
/// Monthly data volumes per AWS service, optionally for one VPC: what `--gb [VPC:]SERVICE=GB`
/// says and what the explorer's `+`/`-` keys change.
///
/// A figure without a VPC applies to every VPC that has no figure of its own for that service
/// (each VPC is taken to send that much); `VPC:SERVICE=GB` sets one VPC's figure, by ID or Name tag.
public struct Traffic: Hashable, Sendable {
    /// One figure: GB a month for a service, in one VPC or in each.
    public struct Entry: Hashable, Sendable {
        /// A VPC ID or Name tag; nil for every VPC.
        public var vpc: String?
        /// The short service name (`s3`, `ecr.dkr`).
        public var service: String
        public var gb: Double

        public init(vpc: String? = nil, service: String, gb: Double) {
            self.vpc = vpc
            self.service = ServiceName.short(service)
            self.gb = gb
        }
    }

    /// The figures in the order given; a later figure for the same VPC and service wins.
    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// No traffic given: costs are the hourly part alone.
    public var isEmpty: Bool { entries.isEmpty }

    /// Parses `--gb` arguments (`s3=4000`, `vpc-0abc:logs=300`, `orders-vpc:ecr.dkr=12.5`).
    public static func parse(_ arguments: [String]) throws(TrafficError) -> Traffic {
        var traffic = Traffic()
        for argument in arguments { traffic.entries.append(try parseEntry(argument)) }
        return traffic
    }

    /// Parses one `[VPC:]SERVICE=GB`.
    public static func parseEntry(_ text: String) throws(TrafficError) -> Entry {
        guard let eq = text.lastIndex(of: "=") else {
            throw TrafficError(text: text, message: "expected [VPC:]SERVICE=GB, e.g. s3=4000 or vpc-0abc:logs=300")
        }
        let left = text[..<eq].trimmingSpaces
        let number = text[text.index(after: eq)...].trimmingSpaces
        guard let gb = Double(number), gb.isFinite, gb >= 0 else {
            throw TrafficError(text: text, message: "'\(number)' is not a number of GB a month (0 or more)")
        }
        var vpc: String?
        var service = left
        if let colon = left.firstIndex(of: ":") {
            vpc = String(left[..<colon]).trimmingSpaces
            service = String(left[left.index(after: colon)...]).trimmingSpaces
            if vpc?.isEmpty == true { throw TrafficError(text: text, message: "empty VPC before ':'") }
        }
        guard !service.isEmpty else { throw TrafficError(text: text, message: "missing the service name before '='") }
        return Entry(vpc: vpc, service: service, gb: gb)
    }

    /// Whether a figure's VPC word names this VPC (its ID or its Name tag).
    static func matches(_ word: String, _ vpc: VPC) -> Bool { word == vpc.id || word == vpc.name }

    /// GB a month for a service in a VPC: the VPC's own figure, else the figure for every VPC, else nil.
    public func gb(for service: String, in vpc: VPC) -> Double? {
        let short = ServiceName.short(service)
        if let own = entries.last(where: { $0.service == short && $0.vpc.map { Traffic.matches($0, vpc) } == true }) {
            return own.gb
        }
        return entries.last(where: { $0.service == short && $0.vpc == nil })?.gb
    }

    /// The services with a figure for a VPC, sorted.
    public func services(in vpc: VPC) -> [String] {
        Set(entries.filter { $0.vpc == nil || Traffic.matches($0.vpc ?? "", vpc) }.map(\.service)).sorted()
    }

    /// Sets a figure (the explorer's `+`/`-`), replacing an equal-scoped one.
    public mutating func set(_ gb: Double, service: String, vpc: String? = nil) {
        let short = ServiceName.short(service)
        entries.removeAll { $0.service == short && $0.vpc == vpc }
        entries.append(Entry(vpc: vpc, service: short, gb: max(0, gb)))
    }

    /// Figures naming a VPC that is not in the inventory: most likely a typo the user should hear about.
    public func unknownVPCs(in inventory: Inventory) -> [String] {
        let words = Set(entries.compactMap(\.vpc))
        return words.filter { word in !inventory.vpcs.contains { Traffic.matches(word, $0) } }.sorted()
    }
}

/// A `--gb` argument that cannot be read.
public struct TrafficError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var message: String
    public init(text: String, message: String) { self.text = text; self.message = message }
    public var description: String { "--gb \(text): error: \(message)" }
}
