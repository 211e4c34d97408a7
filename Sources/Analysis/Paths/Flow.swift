import Model

/// A task that needs several services at once, from the article: an ECR image pull needs the ECR
/// API, the Docker registry and S3 (the layers); Session Manager needs three SSM services.
public struct Flow: Hashable, Sendable {
    /// A stable ID (`ecr-image-pull`).
    public var id: String
    public var name: String
    /// The short service names every one of which the task needs.
    public var services: [String]

    public init(id: String, name: String, services: [String]) {
        self.id = id
        self.name = name
        self.services = services
    }

    /// `docker pull` from ECR: the API for auth and manifests, the registry, and S3 for the layers.
    public static let ecrImagePull = Flow(id: "ecr-image-pull", name: "ECR image pull", services: ["ecr.api", "ecr.dkr", "s3"])
    /// An SSM Session Manager session: the agent talks to all three.
    public static let ssmSessionManager = Flow(id: "ssm-session-manager", name: "SSM Session Manager",
                                               services: ["ssm", "ssmmessages", "ec2messages"])
    /// The flows vpcx knows.
    public static let all: [Flow] = [.ecrImagePull, .ssmSessionManager]
}

/// A flow from one subnet: the path of each service it needs.
public struct FlowPath: Hashable, Sendable {
    public var flow: Flow
    public var subnet: String
    /// One path per service of the flow, in the flow's order.
    public var members: [RequestPath]

    public init(flow: Flow, subnet: String, members: [RequestPath]) {
        self.flow = flow
        self.subnet = subnet
        self.members = members
    }

    /// Whether every service is reached.
    public var reachable: Bool { members.allSatisfy(\.reachable) }

    /// Whether the whole task stays on the AWS network: every member goes through an endpoint and gets there.
    public var reachablePrivately: Bool { members.allSatisfy(\.isPrivate) }

    /// The members that leave through NAT, an internet gateway, or not at all.
    public var publicMembers: [RequestPath] { members.filter { !$0.isPrivate } }

    /// What the flow's legs add up to, from the least to the most worrying.
    public enum Verdict: String, Hashable, Sendable {
        /// Every leg goes through an endpoint and gets there.
        case `private`
        /// Every leg gets there, some over an internet gateway: it works and the gateway is free, so
        /// nothing is wrong (a public subnet pulls its image layers this way).
        case works
        /// Every leg gets there, but at least one pays NAT processing while others use endpoints:
        /// the bytes (an image's layers, most of a pull) leak through the NAT.
        case leaksThroughNAT = "leaks-through-nat"
        /// A leg is not known (a fact is missing from the inventory).
        case unknown
        /// At least one leg does not get there: the task fails.
        case broken

        /// Whether the verdict is a problem worth a ✗ mark and the error role.
        public var isProblem: Bool { self == .leaksThroughNAT || self == .broken }
    }

    /// Whether a leg is the problem: it is unreachable, or it pays NAT processing.
    public static func isProblem(_ member: RequestPath) -> Bool {
        member.unknown == nil && (!member.reachable || member.via == .natGateway)
    }

    /// The flow's verdict from its legs.
    public var verdict: Verdict {
        if members.contains(where: { $0.unknown == nil && !$0.reachable }) { return .broken }
        if members.contains(where: { $0.unknown != nil }) { return .unknown }
        if reachablePrivately { return .private }
        if members.contains(where: { $0.via == .natGateway }) { return .leaksThroughNAT }
        return .works
    }

    /// The legs that are the problem (through NAT, or unreachable), in the flow's order.
    public var problemMembers: [RequestPath] { members.filter(FlowPath.isProblem) }

    /// One line for a table or a header: `ECR image pull: private` or `ECR image pull: s3 via NAT gateway`.
    public var summary: String {
        switch verdict {
        case .private: return "\(flow.name): private (every service through an endpoint)"
        case .works:
            let via = Set(publicMembers.map(\.via.title)).sorted().joined(separator: ", ")
            return "\(flow.name): works (\(publicMembers.map(\.service).joined(separator: ", ")) via \(via), free)"
        case .leaksThroughNAT, .broken, .unknown:
            let shown = verdict == .unknown ? publicMembers.filter { $0.unknown != nil } : problemMembers
            let leaks = shown.map { member in
                if member.unknown != nil { return "\(member.service) unknown" }
                return member.reachable ? "\(member.service) via \(member.via.title)" : "\(member.service) unreachable"
            }
            return "\(flow.name): " + leaks.joined(separator: ", ")
        }
    }
}

extension PathResolver {
    /// The paths of every service of a flow from one subnet.
    public func flowPath(_ flow: Flow, from subnetID: String) -> FlowPath {
        FlowPath(flow: flow, subnet: subnetID, members: flow.services.map { path(from: subnetID, to: $0) })
    }
}
