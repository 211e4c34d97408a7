
/// Monthly data volumes per AWS service: what a usage file, `--gb [VPC:]SERVICE=GB`, the explorer's
/// `+`/`-` and typed figures, and measured flow logs say. One representation for every source.
///
/// A figure without a VPC applies to every VPC that has no figure of its own for that service
/// (each VPC is taken to send that much); `VPC:SERVICE=GB` sets one VPC's figure, by ID or Name tag.
/// A figure may be scoped to an AZ or a source subnet of the VPC: such figures say where the
/// traffic comes from, and together they are the VPC's traffic to the service.
public struct Traffic: Hashable, Sendable {
    /// Where a figure came from: the Cost panel says so beside each number.
    public enum Origin: String, Hashable, Sendable, CaseIterable {
        /// A usage file (`--usage FILE` or the config's `usage:`).
        case usageFile = "usage file"
        /// `--gb` on the command line (or the config's `traffic:` list).
        case flag = "--gb"
        /// Typed or stepped in the explorer since the load.
        case edited
        /// Worked out from VPC flow logs.
        case measured
    }

    /// One figure: GB a month for a service, in one VPC or in each, optionally from one AZ or subnet.
    public struct Entry: Hashable, Sendable {
        /// A VPC ID or Name tag; nil for every VPC.
        public var vpc: String?
        /// The short service name (`s3`, `ecr.dkr`).
        public var service: String
        public var gb: Double
        /// The AZ the traffic comes from (`us-east-1a`); nil for the whole VPC.
        public var az: String?
        /// The source subnet (ID or Name tag); nil for the whole VPC or AZ.
        public var subnet: String?
        public var origin: Origin

        public init(vpc: String? = nil, service: String, gb: Double, az: String? = nil, subnet: String? = nil,
                    origin: Origin = .flag) {
            self.vpc = vpc
            self.service = ServiceName.short(service)
            self.gb = gb
            self.az = az
            self.subnet = subnet
            self.origin = origin
        }

        /// Whether the figure is for the whole VPC (not one AZ or subnet of it).
        public var isWhole: Bool { az == nil && subnet == nil }
    }

    /// The figures in the order given; a later figure for the same VPC, service and scope wins.
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

    /// The figures that make up a VPC's traffic to a service: its own figures if it has any, else the
    /// ones for every VPC. Of those, the last whole-VPC figure and the AZ or subnet figures given after
    /// it (a later figure for the same scope replacing an earlier one), so a `--gb` given on top of a
    /// usage file's per-AZ breakdown replaces the breakdown.
    public func figures(for service: String, in vpc: VPC) -> [Entry] {
        // No traffic given (the usual case): asked for every VPC × service of a region's centralise?
        // answer on every redraw after a what-if, the name shortening alone was 7% of an organisation's run.
        if entries.isEmpty { return [] }
        let short = ServiceName.short(service)
        var candidates = entries.filter { $0.service == short && $0.vpc.map { Traffic.matches($0, vpc) } == true }
        if candidates.isEmpty { candidates = entries.filter { $0.service == short && $0.vpc == nil } }
        let start = candidates.lastIndex(where: \.isWhole)
        let tail = start.map { Array(candidates[$0...]) } ?? candidates
        var result: [Entry] = []
        for entry in tail {
            result.removeAll { $0.az == entry.az && $0.subnet == entry.subnet }
            result.append(entry)
        }
        return result
    }

    /// GB a month for a service in a VPC (the sum of its figures), else nil.
    public func gb(for service: String, in vpc: VPC) -> Double? {
        let figures = figures(for: service, in: vpc)
        return figures.isEmpty ? nil : figures.reduce(0) { $0 + $1.gb }
    }

    /// GB a month for a service from one subnet, when the figures say (a usage file's or the flow logs'
    /// per-subnet figure); nil when they give the VPC's traffic only.
    public func gb(for service: String, from subnet: Subnet, in vpc: VPC) -> Double? {
        let mine = figures(for: service, in: vpc).filter { $0.subnet == subnet.id || ($0.subnet != nil && $0.subnet == subnet.name) }
        return mine.isEmpty ? nil : mine.reduce(0) { $0 + $1.gb }
    }

    /// Where the VPC's figure for a service came from (the latest source when several made it).
    public func origin(for service: String, in vpc: VPC) -> Origin? { figures(for: service, in: vpc).last?.origin }

    /// The services with a figure for a VPC, sorted.
    public func services(in vpc: VPC) -> [String] {
        Set(entries.filter { $0.vpc == nil || Traffic.matches($0.vpc ?? "", vpc) }.map(\.service)).sorted()
    }

    /// Sets a figure (the explorer's `+`/`-`), replacing an equal-scoped one.
    public mutating func set(_ gb: Double, service: String, vpc: String? = nil, origin: Origin = .edited) {
        let short = ServiceName.short(service)
        entries.removeAll { $0.service == short && $0.vpc == vpc }
        entries.append(Entry(vpc: vpc, service: short, gb: max(0, gb), origin: origin))
    }

    /// Sets a VPC's total for a service (typed or stepped in the explorer). A per-AZ or per-subnet
    /// breakdown keeps its shape, scaled to the new total, so where the traffic comes from still holds.
    public mutating func set(_ gb: Double, service: String, in vpc: VPC, origin: Origin = .edited) {
        let short = ServiceName.short(service)
        let total = max(0, gb)
        let current = figures(for: short, in: vpc)
        let sum = current.reduce(0) { $0 + $1.gb }
        entries.removeAll { $0.service == short && $0.vpc.map { Traffic.matches($0, vpc) } == true }
        if current.contains(where: { !$0.isWhole }), sum > 0 {
            for part in current {
                entries.append(Entry(vpc: vpc.id, service: short, gb: total * part.gb / sum, az: part.az, subnet: part.subnet,
                                     origin: origin))
            }
        } else {
            entries.append(Entry(vpc: vpc.id, service: short, gb: total, origin: origin))
        }
    }

    /// These figures with `other` on top (`--gb` over a usage file): a figure for every VPC replaces
    /// the service's figures in every VPC; a VPC's figure replaces that VPC's (later wins).
    /// With `inventory`, a VPC named by its ID on one side and by its Name tag on the other is the same VPC.
    public func overlaid(by other: Traffic, in inventory: Inventory? = nil) -> Traffic {
        var result = self
        // Every figure of `other` for a VPC and service replaces this side's, so a measured per-subnet
        // breakdown is never added to a usage file's whole-VPC figure.
        for entry in other.entries {
            if let word = entry.vpc {
                let vpc = inventory?.vpcs.first { Traffic.matches(word, $0) }
                result.entries.removeAll { old in
                    guard old.service == entry.service, let oldWord = old.vpc else { return false }
                    return oldWord == word || vpc.map { Traffic.matches(oldWord, $0) } == true
                }
            } else {
                result.entries.removeAll { $0.service == entry.service }
            }
        }
        result.entries += other.entries
        return result
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
