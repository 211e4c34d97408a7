import Model

/// Which part of Route 53 Resolver answers a hostname in a VPC, and with what: a private hosted zone
/// associated with the VPC, a Resolver forwarding rule, the VPC's own interface endpoint (its
/// AWS-managed private zone), or public DNS.
///
/// Resolver picks the most specific domain among the VPC's forwarding rules and private zones; on a
/// tie the forwarding rule wins (Route 53 Developer Guide, "Resolving DNS queries between VPCs and
/// your network"). A private zone that covers the name but holds no record for it answers NXDOMAIN.
public struct NameAnswer: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A private hosted zone associated with the VPC (ID, name).
        case hostedZone(id: String, name: String)
        /// A forwarding rule (ID, domain) and the VPC whose Resolver its targets are in.
        case forwardingRule(id: String, domain: String, to: String?)
        /// Nothing private covers the name: public DNS answers (AWS's public addresses).
        case publicDNS
    }

    public var source: Source
    /// The interface endpoint the answer's addresses belong to (possibly in another VPC).
    public var endpoint: String?
    /// The addresses answered (empty for public DNS and NXDOMAIN).
    public var addresses: [IPv4Address]
    /// Whether the name does not resolve at all (a zone covers it with no record).
    public var nxdomain: Bool
    /// A missing fact that decides the answer.
    public var unknown: ComposedText?
    /// What answered and why, one line each (the DNS panel's "answered by"), vpcx's arrows marked.
    public var why: [ComposedText]

    /// `zone secretsmanager.eu-west-1.amazonaws.com (Z…)`, `rule rslvr-rr-… (amazonaws.com)`, `public DNS`.
    public var sourceText: String {
        switch source {
        case .hostedZone(let id, let name): return "private hosted zone \(name) (\(id))"
        case .forwardingRule(let id, let domain, _): return "Resolver rule \(id) (\(domain))"
        case .publicDNS: return "public DNS"
        }
    }
}

extension PathResolver {
    /// What `hostname` resolves to in a VPC through its private zones and Resolver rules; nil when
    /// neither covers it (then the VPC's own endpoints and public DNS decide, as before).
    /// `memo` keeps what zones' records answer, for the next VPC associated with the same zone.
    public func nameAnswer(_ hostname: String, in vpcID: String, memo: ResolverMemo? = nil) -> NameAnswer? {
        nameAnswer(DNSName.normalised(hostname), in: vpcID, depth: 0, memo: memo)
    }

    func nameAnswer(_ host: String, in vpcID: String, depth: Int, memo: ResolverMemo?) -> NameAnswer? {
        switch privateAnswerer(host, in: vpcID) {
        case .forwardingRule(let rule)?: return forwarded(host, rule, from: vpcID, depth: depth, memo: memo)
        case .hostedZone(let zone)?: return zoneAnswer(host, zone, vpcID: vpcID, memo: memo)
        case nil: return nil
        }
    }

    /// What answers a normalised name in a VPC besides its own Route 53 Resolver's public view.
    enum PrivateAnswerer {
        case forwardingRule(ResolverRule)
        case hostedZone(HostedZone)
    }

    /// Which private hosted zone or Resolver forwarding rule answers `host` in the VPC, nil for none:
    /// the decision alone, without the answer and its why (a rule asking only "is it answered
    /// privately?" of every VPC of an organisation would otherwise build that text each time).
    func privateAnswerer(_ host: String, in vpcID: String) -> PrivateAnswerer? {
        let net = inventory.interconnect
        guard !net.isEmpty else { return nil }
        let zone = net.mostSpecificPrivateZone(of: vpcID, covering: host)
        // SYSTEM rules take a subdomain back from a broader forwarding rule.
        let rule = net.mostSpecificResolverRule(of: vpcID, covering: host) { $0.isForward || $0.ruleType == "SYSTEM" }
        if let rule, rule.isForward, DNSName.labelCount(rule.domainName) >= DNSName.labelCount(zone?.name ?? "") || zone == nil {
            return .forwardingRule(rule)
        }
        return zone.map { .hostedZone($0) }
    }

    /// The answer of a private zone: its record for the name (alias to an endpoint, or A records), else NXDOMAIN.
    func zoneAnswer(_ host: String, _ zone: HostedZone, vpcID: String, memo: ResolverMemo?) -> NameAnswer {
        let associated: ComposedText = "\(zone.name) (\(zone.id)) is a private hosted zone associated with \(vpcID)"
        guard zone.records != nil else {
            let reason: ComposedText = "the records of \(zone.id) are not loaded (aws route53 list-resource-record-sets): what \(host) resolves to in \(vpcID) is unknown"
            return NameAnswer(source: .hostedZone(id: zone.id, name: zone.name), endpoint: nil, addresses: [], nxdomain: false,
                              unknown: reason, why: [associated, reason])
        }
        let key = ResolverMemo.ZoneKey(zone: zone.id, host: host)
        let records = memo?.zoneAnswers[key] ?? recordAnswer(host, zone)
        memo?.zoneAnswers[key] = .some(records)
        guard var answer = records else {
            return NameAnswer(source: .hostedZone(id: zone.id, name: zone.name), endpoint: nil, addresses: [], nxdomain: true, unknown: nil,
                              why: [associated, "it holds no A record for \(host): the name does not resolve (NXDOMAIN) in \(vpcID)"])
        }
        answer.why.insert(associated, at: 0)
        return answer
    }

    /// What the zone's A, alias or CNAME records for the name answer, with why (but for the zone's
    /// association with the asking VPC, which `zoneAnswer` adds); nil when it holds none (NXDOMAIN).
    func recordAnswer(_ host: String, _ zone: HostedZone) -> NameAnswer? {
        let source = NameAnswer.Source.hostedZone(id: zone.id, name: zone.name)
        let records = zone.records(named: host).filter { $0.type == "A" || $0.type == "CNAME" }
        guard !records.isEmpty else { return nil }
        for record in records {
            if let target = record.aliasTarget ?? (record.type == "CNAME" ? record.values.first.map(DNSName.normalised) : nil) {
                if let endpoint = endpoint(named: target) {
                    let ips = inventory.interfaces(of: endpoint).compactMap(\.privateIP)
                    return NameAnswer(source: source, endpoint: endpoint.id, addresses: ips, nxdomain: false, unknown: nil,
                                      why: ["\(host) -> \(target), the DNS name of \(endpoint.id) in \(inventory.displayName(endpoint.vpcID))"])
                }
                return NameAnswer(source: source, endpoint: nil, addresses: [], nxdomain: false,
                                  unknown: "\(host) is an alias of \(target), which is no endpoint of the inventory",
                                  why: ["\(host) -> \(target): not an endpoint vpcx knows"])
            }
            let ips = record.values.compactMap { IPv4Address($0) }
            if let endpoint = endpoint(owning: ips) {
                return NameAnswer(source: source, endpoint: endpoint.id, addresses: ips, nxdomain: false, unknown: nil,
                                  why: ["\(host) A \(ips.map(\.description).joined(separator: ", ")): the ENIs of \(endpoint.id) in \(inventory.displayName(endpoint.vpcID))"])
            }
            if !ips.isEmpty {
                return NameAnswer(source: source, endpoint: nil, addresses: ips, nxdomain: false,
                                  unknown: "\(host) A \(ips.map(\.description).joined(separator: ", ")): addresses of no endpoint in the inventory",
                                  why: ["\(host) answers addresses vpcx cannot place"])
            }
        }
        return NameAnswer(source: source, endpoint: nil, addresses: [], nxdomain: false, unknown: "\(host)'s record in \(zone.id) names no address",
                          why: [])
    }

    /// A forwarding rule: the query goes to the rule's target IPs; an inbound Resolver endpoint there
    /// answers as its own VPC would.
    func forwarded(_ host: String, _ rule: ResolverRule, from vpcID: String, depth: Int, memo: ResolverMemo?) -> NameAnswer {
        let targets = rule.targetIPs.map(\.description).joined(separator: ", ")
        let head: ComposedText = "Resolver rule \(rule.id) forwards \(rule.domainName) from \(vpcID) to \(targets.isEmpty ? "no target" : targets)"
        guard let first = rule.targetIPs.first, let target = vpc(holding: first, near: vpcID) else {
            return NameAnswer(source: .forwardingRule(id: rule.id, domain: rule.domainName, to: nil), endpoint: nil, addresses: [],
                              nxdomain: false, unknown: "\(rule.id) forwards to \(targets.isEmpty ? "no target" : targets), outside the inventory's VPCs: the answer is the DNS server's there",
                              why: [head])
        }
        let source = NameAnswer.Source.forwardingRule(id: rule.id, domain: rule.domainName, to: target.id)
        var why: [ComposedText] = [head, "\(first) is in \(inventory.displayName(target.id)), whose Resolver answers"]
        // A loop (the target VPC forwards back) or a chain: stop after a few hops.
        if depth < 3, target.id != vpcID, let inner = nameAnswer(host, in: target.id, depth: depth + 1, memo: memo) {
            why += inner.why
            return NameAnswer(source: source, endpoint: inner.endpoint, addresses: inner.addresses, nxdomain: inner.nxdomain,
                              unknown: inner.unknown, why: why)
        }
        // No zone or rule there: its own interface endpoint's private DNS, or public DNS.
        let region = target.region ?? self.region
        let service = endpointIndex[target.id]?.keys.first { DNSName.normalised(ServiceCatalog.hostname($0, region: region)) == host }
        if let service, let own = (endpointIndex[target.id]?[service] ?? []).map({ inventory.endpoints[$0] })
            .first(where: { $0.kind == .interface && $0.privateDNSEnabled && $0.isAvailable }) {
            why.append("\(own.id) in \(target.id) has private DNS on: its zone answers with its ENIs")
            return NameAnswer(source: source, endpoint: own.id, addresses: inventory.interfaces(of: own).compactMap(\.privateIP),
                              nxdomain: false, unknown: nil, why: why)
        }
        why.append("nothing private answers \(host) in \(target.id): public DNS")
        return NameAnswer(source: source, endpoint: nil, addresses: [], nxdomain: false, unknown: nil, why: why)
    }

    /// The interface endpoint whose DNS entry is `name` (its regional or a zonal `vpce-…` name).
    func endpoint(named name: String) -> VPCEndpoint? {
        let wanted = DNSName.normalised(name)
        if let index = endpointByDNSName { return index[wanted].map { inventory.endpoints[$0] } }
        return inventory.endpoints.first { endpoint in
            endpoint.dnsEntries.contains { DNSName.normalised($0.name) == wanted }
        }
    }

    /// The interface endpoint that owns an ENI with one of these addresses.
    func endpoint(owning addresses: [IPv4Address]) -> VPCEndpoint? {
        // The first in inventory order among the endpoints owning any of them.
        if let index = interfaceEndpointByAddress { return addresses.compactMap { index[$0] }.min().map { inventory.endpoints[$0] } }
        let wanted = Set(addresses)
        return inventory.endpoints.first { endpoint in
            endpoint.kind == .interface && inventory.interfaces(of: endpoint).contains { $0.privateIP.map(wanted.contains) ?? false }
        }
    }
}
