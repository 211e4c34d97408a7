import Model

/// What the SDK's default hostname of a service (`secretsmanager.eu-west-1.amazonaws.com`) resolves
/// to from a subnet, and the settings that decide it.
public struct DNSResolution: Hashable, Sendable {
    /// The outcome of one requirement.
    public enum Status: String, Hashable, Sendable {
        case pass, fail, unknown
    }

    /// One setting private DNS needs.
    public struct Requirement: Hashable, Sendable {
        /// `VPC enableDnsSupport`, `VPC enableDnsHostnames`, `endpoint private DNS`, `endpoint available`.
        public var name: String
        public var status: Status
        /// The value as found, or why it is unknown.
        public var detail: ComposedText
    }

    /// One address DNS answers with.
    public struct Answer: Hashable, Sendable {
        public var networkInterface: String
        public var availabilityZone: String?
        /// nil when the inventory did not say.
        public var ip: String?
        /// Whether the ENI is in the subnet's own AZ.
        public var sameAZ: Bool
    }

    /// One AWS-made name of the endpoint.
    public struct EndpointName: Hashable, Sendable {
        public var name: String
        /// The AZ of a zonal name; nil for the regional one.
        public var availabilityZone: String?
    }

    public var subnet: String
    /// The subnet's Name tag, if it has one.
    public var subnetName: String?
    public var az: String?
    public var service: String
    /// The hostname the SDK uses.
    public var hostname: String
    /// The interface endpoint DNS is about (the one the path uses, else the first for the service).
    public var endpoint: String?
    /// Whether the hostname resolves to the endpoint's private addresses.
    public var resolvesPrivately: Bool
    /// The endpoint ENIs' addresses, when private DNS works; empty when it resolves to public addresses.
    public var answers: [Answer]
    public var requirements: [Requirement]
    /// The regional `vpce-….SERVICE.REGION.vpce.amazonaws.com` name, which works without private DNS.
    public var regionalName: String?
    /// One name per AZ, which pins a caller to that AZ's ENI.
    public var zonalNames: [EndpointName]
    /// What to say about it: why it resolves publicly, what a gateway endpoint does instead.
    public var notes: [ComposedText]
    /// The gateway endpoint the subnet's route table sends this service to, when it does: it works
    /// by route, so public addresses are the right answer and private DNS is not needed.
    public var gatewayEndpoint: String?
    /// Which part of Resolver answered and why, one line each: the endpoint's own private zone, a
    /// private hosted zone shared with the VPC, a Resolver forwarding rule, or public DNS.
    public var answeredBy: [ComposedText] = []

    /// Whether private DNS settings matter here: only an interface endpoint for the service uses them.
    public var privateDNSMatters: Bool { endpoint != nil }

    /// The answer in a few words: `10.0.1.11, 10.0.2.11` or `public AWS addresses`.
    public var answerText: String {
        guard resolvesPrivately else { return "public AWS addresses" }
        let ips = answers.compactMap(\.ip)
        return ips.isEmpty ? "the endpoint's ENI addresses (not in the inventory)" : ips.joined(separator: ", ")
    }
}

extension PathResolver {
    /// What the service's default hostname resolves to from a subnet.
    public func dnsResolution(from subnetID: String, service: String) -> DNSResolution {
        let service = ServiceCatalog.normalise(service)
        let subnet = inventory.subnet(subnetID)
        let vpcID = subnet?.vpcID ?? ""
        let vpc = inventory.vpc(vpcID)
        let host = ServiceCatalog.hostname(service, region: vpc?.region ?? region)
        let candidates = (endpointIndex[vpcID]?[service] ?? []).map { inventory.endpoints[$0] }
        let interfaces = candidates.filter { $0.kind == .interface }
        let path = subnet.map { resolve($0, service, useEndpoints: true) }
        let endpoint = interfaces.first { $0.id == path?.endpoint } ?? interfaces.first

        var requirements: [DNSResolution.Requirement] = []
        func attribute(_ name: String, _ value: Bool?) {
            switch value {
            case true?: requirements.append(.init(name: "VPC \(name)", status: .pass, detail: "true"))
            case false?: requirements.append(.init(name: "VPC \(name)", status: .fail, detail: "false"))
            case nil: requirements.append(.init(name: "VPC \(name)", status: .unknown, detail: "not in the inventory (describe-vpc-attribute)"))
            }
        }
        attribute("enableDnsSupport", vpc?.enableDnsSupport)
        attribute("enableDnsHostnames", vpc?.enableDnsHostnames)
        var notes: [ComposedText] = []
        if let endpoint {
            requirements.append(.init(name: "endpoint private DNS", status: endpoint.privateDNSEnabled ? .pass : .fail,
                                      detail: endpoint.privateDNSEnabled ? "enabled on \(endpoint.id)" : "disabled on \(endpoint.id)"))
            requirements.append(.init(name: "endpoint available", status: endpoint.isAvailable ? .pass : .fail,
                                      detail: ComposedText(verbatim: endpoint.state)))
        } else {
            if path?.via != .gatewayEndpoint {
                requirements.append(.init(name: "endpoint private DNS", status: .fail, detail: "no interface endpoint for \(service) in \(vpcID)"))
            }
            if candidates.contains(where: { $0.kind == .gateway }) {
                notes.append("\(service) has a gateway endpoint: DNS still answers with public addresses, and the route table's prefix-list route keeps the traffic on the AWS network")
            }
        }
        // The VPC's own endpoint answers only when the path uses it (not a hub's that a shared zone names).
        var privately = path?.via == .interfaceEndpoint && endpoint != nil && path?.endpoint == endpoint?.id
        var answers: [DNSResolution.Answer] = []
        var answeredBy: [ComposedText] = []
        var answerEndpoint = endpoint
        if privately, let endpoint {
            // Said only where other VPCs are in the picture: in one VPC it is the only private answer there is.
            if !inventory.interconnect.isEmpty { answeredBy.append("the private zone AWS makes for \(endpoint.id) (its private DNS), which only \(vpcID) uses") }
        } else if let shared = nameAnswer(host, in: vpcID) {
            answeredBy = shared.why
            requirements.removeAll { $0.name == "endpoint private DNS" && endpoint == nil }
            let remote = shared.endpoint.flatMap { inventory.endpoint($0) }
            if shared.nxdomain {
                requirements.append(.init(name: "name resolves", status: .fail, detail: "NXDOMAIN from \(shared.sourceText)"))
            } else if let unknown = shared.unknown {
                requirements.append(.init(name: "shared private DNS", status: .unknown, detail: unknown))
            } else if let remote {
                requirements.append(.init(name: "shared private DNS", status: .pass, detail: "\(shared.sourceText) -> \(remote.id)"))
                privately = true
                answerEndpoint = remote
                for eni in inventory.interfaces(of: remote) {
                    answers.append(.init(networkInterface: eni.id, availabilityZone: eni.availabilityZone, ip: eni.privateIP?.description,
                                         sameAZ: eni.availabilityZone != nil && eni.availabilityZone == subnet?.availabilityZone))
                }
                if let path, !path.reachable {
                    notes.append("\(host) resolves to \(remote.id) in \(remote.vpcID), but the request does not get there: \(path.blockedHop?.blocked ?? path.unknown ?? "see the path")")
                }
            }
        } else if !inventory.interconnect.isEmpty {
            answeredBy.append("public DNS: no private hosted zone or Resolver rule associated with \(vpcID) covers \(host)")
            if !inventory.interconnect.knows(.hostedZones) { answeredBy.append("\(InterconnectKind.hostedZones.notLoaded): a zone associated with \(vpcID) could answer instead") }
            if !inventory.interconnect.knows(.resolverRules) { answeredBy.append("\(InterconnectKind.resolverRules.notLoaded): a forwarding rule could answer instead") }
            for peering in inventory.interconnect.peerings(of: vpcID) where peering.isActive {
                guard let peer = peering.peer(of: vpcID) else { continue }
                let theirs = (endpointIndex[peer.vpcID]?[service] ?? []).map { inventory.endpoints[$0] }
                    .first { $0.kind == .interface && $0.privateDNSEnabled }
                guard let theirs else { continue }
                notes.append("\(theirs.id) in the peered \(peer.vpcID) has private DNS on, but its zone is \(peer.vpcID)'s alone: over \(peering.id) \(host) still resolves to public addresses here (AllowDnsResolutionFromRemoteVpc covers only EC2 hostnames). The fixes: a private hosted zone for \(host) aliased to \(theirs.id) and associated with \(vpcID), a Resolver forwarding rule to an inbound endpoint in \(peer.vpcID), or an endpoint in \(vpcID)")
            }
        }
        if privately, answers.isEmpty, let endpoint = answerEndpoint, endpoint.vpcID == vpcID {
            for eni in inventory.interfaces(of: endpoint) {
                answers.append(.init(networkInterface: eni.id, availabilityZone: eni.availabilityZone,
                                     ip: eni.privateIP?.description,
                                     sameAZ: eni.availabilityZone != nil && eni.availabilityZone == subnet?.availabilityZone))
            }
        } else if endpoint != nil && !privately {
            notes.append("\(host) resolves to public AWS addresses: requests leave through the route table's 0.0.0.0/0 route, not the endpoint")
        }
        if let path, path.crossAz { notes.append("no ENI in \(path.az ?? "the subnet's AZ"): the answer's nearest ENI is in another AZ (cross-AZ transfer)") }

        var regional: String?
        var zonal: [DNSResolution.EndpointName] = []
        for entry in answerEndpoint?.dnsEntries ?? [] {
            let name = entry.name.lowercased()
            guard name.hasPrefix("vpce-"), let first = name.split(separator: ".").first else { continue }
            // vpce-ID-HASH is regional; vpce-ID-HASH-eu-west-1a is zonal.
            let pieces = first.split(separator: "-")
            if pieces.count <= 3 {
                if regional == nil { regional = entry.name }
            } else {
                zonal.append(.init(name: entry.name, availabilityZone: pieces.dropFirst(3).joined(separator: "-")))
            }
        }
        return DNSResolution(subnet: subnetID, subnetName: subnet?.name, az: subnet?.availabilityZone, service: service, hostname: host,
                             endpoint: answerEndpoint?.id, resolvesPrivately: privately, answers: answers,
                             requirements: requirements, regionalName: regional, zonalNames: zonal, notes: notes,
                             gatewayEndpoint: path?.via == .gatewayEndpoint ? path?.endpoint : nil, answeredBy: answeredBy)
    }
}
