import Model

/// Whether an interface endpoint's security groups let HTTPS (TCP 443) in from a caller's CIDR:
/// the check behind "Could not connect to the endpoint URL".
public enum HTTPSReach: Equatable, Sendable {
    /// A rule allows it; `rule` is which (its `summary` for a note: made only when one is written).
    case allowed(groupID: String, rule: SecurityGroupRule)
    /// Only a rule naming another security group as source might allow it: vpcx cannot tell which
    /// instances are in that group, so the answer is unknown (counted as reachable, with a note).
    case unknown(reason: String)
    /// No rule of any group allows it.
    case blocked(reason: String)
    /// The security groups were not in the inventory (no describe-security-groups).
    case notKnown

    /// Whether traffic is taken to pass (allowed, or unknown: the benefit of the doubt).
    public var passes: Bool {
        switch self {
        case .allowed, .unknown, .notKnown: return true
        case .blocked: return false
        }
    }

    /// Evaluates the endpoint's groups against a source block.
    public static func check(_ endpoint: VPCEndpoint, from source: IPv4CIDR, in inventory: Inventory) -> HTTPSReach {
        guard inventory.knows(.securityGroups) else { return .notKnown }
        let groups = endpoint.securityGroupIDs.compactMap { inventory.securityGroup($0) }
        // A spec whose groups are only known after apply: unknown, not "no security group".
        let unknownGroups = inventory.unknown(endpoint.id, "securityGroupIDs")
        if endpoint.securityGroupIDs.isEmpty, let unknownGroups {
            return .unknown(reason: "the endpoint's security groups are not known before apply (\(unknownGroups))")
        }
        if endpoint.securityGroupIDs.isEmpty {
            return .blocked(reason: "the endpoint has no security group")
        }
        if groups.isEmpty { return .notKnown }
        var groupSources: [String] = []
        for group in groups {
            for rule in group.ingress where rule.coversTCP(port: 443) {
                if rule.cidrs.contains(where: { $0.contains(source) }) {
                    return .allowed(groupID: group.id, rule: rule)
                }
                groupSources += rule.sourceGroupIDs
                if !rule.prefixListIDs.isEmpty { groupSources += rule.prefixListIDs }
            }
        }
        if let unknownGroups {
            return .unknown(reason: "some of the endpoint's security groups are not known before apply (\(unknownGroups))")
        }
        // A group whose rules the source left out (a design that names the group only): unknown, not "no rule".
        if let unknownRules = groups.lazy.compactMap({ inventory.unknown($0.id, "ingress") }).first {
            return .unknown(reason: "the security group's ingress rules are not known (\(unknownRules))")
        }
        if !groupSources.isEmpty {
            return .unknown(reason: "443 is allowed only from \(groupSources.joined(separator: ", ")); vpcx cannot tell whether the caller is in it")
        }
        let names = groups.map { $0.name.isEmpty ? $0.id : "\($0.name) (\($0.id))" }.joined(separator: ", ")
        return .blocked(reason: "security group \(names) does not allow TCP 443 from \(source)")
    }
}
