/// A security group; for endpoints what matters is whether it lets TCP 443 in from the callers.
public struct SecurityGroup: Hashable, Sendable {
    public var id: String
    public var name: String
    public var vpcID: String
    public var description: String
    public var ingress: [SecurityGroupRule]
    public var egress: [SecurityGroupRule]
    public var tags: [Tag]

    public init(id: String, name: String, vpcID: String, description: String = "",
                ingress: [SecurityGroupRule], egress: [SecurityGroupRule] = [], tags: [Tag] = []) {
        self.id = id
        self.name = name
        self.vpcID = vpcID
        self.description = description
        self.ingress = ingress
        self.egress = egress
        self.tags = tags
    }
}

/// One permission of a security group (an `IpPermissions` entry).
public struct SecurityGroupRule: Hashable, Sendable {
    /// `tcp`, `udp`, `icmp`, `-1` for all (numbers such as `6` are normalised to names).
    public var ipProtocol: String
    public var fromPort: Int?
    public var toPort: Int?
    public var cidrs: [IPv4CIDR]
    public var ipv6CIDRs: [String]
    public var prefixListIDs: [String]
    /// Other security groups named as the source.
    public var sourceGroupIDs: [String]
    public var description: String?

    public init(ipProtocol: String, fromPort: Int?, toPort: Int?, cidrs: [IPv4CIDR] = [], ipv6CIDRs: [String] = [],
                prefixListIDs: [String] = [], sourceGroupIDs: [String] = [], description: String? = nil) {
        switch ipProtocol.lowercased() {
        case "6": self.ipProtocol = "tcp"
        case "17": self.ipProtocol = "udp"
        case "1": self.ipProtocol = "icmp"
        case "all", "-1": self.ipProtocol = "-1"
        default: self.ipProtocol = ipProtocol.lowercased()
        }
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrs = cidrs
        self.ipv6CIDRs = ipv6CIDRs
        self.prefixListIDs = prefixListIDs
        self.sourceGroupIDs = sourceGroupIDs
        self.description = description
    }

    /// Whether the rule covers TCP on `port` (protocol `-1` covers every port).
    public func coversTCP(port: Int) -> Bool {
        if ipProtocol == "-1" { return true }
        guard ipProtocol == "tcp" else { return false }
        guard let from = fromPort, let to = toPort else { return true }
        if from == -1 && to == -1 { return true }
        return from <= port && port <= to
    }

    /// A short human form: `tcp 443 from 10.0.0.0/16, sg-1234`.
    public var summary: String {
        let proto = ipProtocol == "-1" ? "all traffic" : ipProtocol
        var ports = ""
        if ipProtocol != "-1", let from = fromPort, let to = toPort {
            ports = from == to ? " \(from)" : (from == -1 ? "" : " \(from)-\(to)")
        }
        let sources = cidrs.map(\.description) + ipv6CIDRs + prefixListIDs + sourceGroupIDs
        return "\(proto)\(ports) from \(sources.isEmpty ? "nowhere" : sources.joined(separator: ", "))"
    }
}
