import Dispatch
import JSONText
import Model

/// Works out `RequestPath`s over one inventory (DESIGN.md, "Path of a request").
/// Build it once per inventory: it indexes the endpoints of every VPC by service, and a batch of paths
/// (`paths(from:services:)`) shares what does not depend on the pair: a subnet's route-table outcome,
/// a VPC's endpoints for a service, an endpoint's ENI in an AZ. Resolving every subnet to every service
/// so builds few strings per path.
public struct PathResolver: Sendable {
    public let inventory: Inventory
    public let prices: PriceTable
    /// VPC ID → short service name → indices into `inventory.endpoints`, inventory order.
    let endpointIndex: [String: [String: [Int]]]
    let region: String?
    /// VPC blocks by prefix length, then network address: `vpc(holding:near:)` in a few lookups, not one per VPC.
    let vpcBlocks: [(length: Int, byNetwork: [UInt32: [Int]])]
    /// Normalised DNS entry name → the first endpoint (index into `inventory.endpoints`) that has it:
    /// a zone's alias is placed in one lookup, not by normalising every endpoint's names per question.
    /// Only private zones and Resolver rules ask (an inventory with interconnect facts); nil without.
    let endpointByDNSName: [String: Int]?
    /// ENI address → the first interface endpoint (index) with an ENI on it; nil as above.
    let interfaceEndpointByAddress: [IPv4Address: Int]?

    /// A stand-in for a service's public addresses (an AWS range): the route that covers it is the
    /// route to "the internet", so a route more specific than `0.0.0.0/0` that covers it wins.
    public static let publicServiceAddress = IPv4Address(52 << 24 | 94 << 16 | 0 << 8 | 1)

    public init(inventory: Inventory, prices: PriceTable = .listPrices) {
        self.inventory = inventory
        self.prices = prices
        var index: [String: [String: [Int]]] = [:]
        // Only gateway and interface endpoints carry a service's SDK traffic; the others (GWLB,
        // Resource, service network) are reached by their own names or routes.
        for (i, endpoint) in inventory.endpoints.enumerated() where endpoint.kind == .gateway || endpoint.kind == .interface {
            index[endpoint.vpcID, default: [:]][endpoint.service, default: []].append(i)
        }
        endpointIndex = index
        var byName: [String: Int] = [:]
        var byAddress: [IPv4Address: Int] = [:]
        for (i, endpoint) in inventory.endpoints.enumerated() where !inventory.interconnect.isEmpty {
            for entry in endpoint.dnsEntries where byName[DNSName.normalised(entry.name)] == nil {
                byName[DNSName.normalised(entry.name)] = i
            }
            guard endpoint.kind == .interface else { continue }
            for eni in inventory.interfaces(of: endpoint) {
                if let ip = eni.privateIP, byAddress[ip] == nil { byAddress[ip] = i }
            }
        }
        endpointByDNSName = inventory.interconnect.isEmpty ? nil : byName
        interfaceEndpointByAddress = inventory.interconnect.isEmpty ? nil : byAddress
        region = inventory.region
        var blocks: [Int: [UInt32: [Int]]] = [:]
        for (i, vpc) in inventory.vpcs.enumerated() {
            for block in vpc.cidrs { blocks[block.prefixLength, default: [:]][block.network.value, default: []].append(i) }
        }
        vpcBlocks = blocks.keys.sorted(by: >).map { ($0, blocks[$0] ?? [:]) }
    }

    /// The services that have an endpoint in a VPC (every VPC when nil), sorted.
    public func servicesWithEndpoints(in vpcID: String? = nil) -> [String] {
        var services = Set<String>()
        for (vpc, byService) in endpointIndex where vpcID == nil || vpc == vpcID {
            services.formUnion(byService.keys)
        }
        return services.sorted()
    }

    /// Every request from the subnets to the services, subnet by subnet in the given orders.
    ///
    /// The subnets are independent of each other, so many pairs are shared out over the cores in
    /// contiguous runs of subnets (one a core from 4,096 pairs on, below which a thread costs more than
    /// it saves), each with its own batch. Each run writes its paths straight into its place in the one
    /// result: gathering per-run arrays into it copied every path (retaining each of its strings), and
    /// on a fresh 10 MB array the page faults alone cost a third of the resolving.
    public func paths(from subnetIDs: [String], services: [String], parts wanted: Int? = nil) -> [RequestPath] {
        let services = services.map(ServiceCatalog.normalise)
        let count = subnetIDs.count * services.count
        guard count > 0 else { return [] }
        let parts = max(1, min(subnetIDs.count, wanted ?? min(JSONReader.processorCount, count / 2048)))
        return [RequestPath](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            if parts == 1 {
                write(subnetIDs[...], normalised: services, into: output[...])
            } else {
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let run = (subnetIDs.count * part / parts)..<(subnetIDs.count * (part + 1) / parts)
                    write(subnetIDs[run], normalised: services,
                          into: output[(run.lowerBound * services.count)..<(run.upperBound * services.count)])
                }
            }
            initialized = count
        }
    }

    /// One run of `paths(from:services:)`, with one batch: initialises every element of `output`
    /// (uninitialised memory, `subnetIDs.count * services.count` paths), subnet by subnet.
    private func write(_ subnetIDs: ArraySlice<String>, normalised services: [String],
                       into output: Slice<UnsafeMutableBufferPointer<RequestPath>>) {
        precondition(output.count == subnetIDs.count * services.count, "a run's paths must fill its part of the result")
        guard let base = output.base.baseAddress else { return }
        let batch = PathBatch(self)
        var next = base + output.startIndex
        for subnetID in subnetIDs {
            guard let subnet = inventory.subnet(subnetID) else {
                for service in services {
                    next.initialize(to: unknownSubnetPath(subnetID, service))
                    next += 1
                }
                continue
            }
            let context = batch.context(for: subnet)
            for (service, info) in zip(services, batch.vpcServices(subnet.vpcID, services)) {
                next.initialize(to: batch.path(context, service, info, withWithout: true))
                next += 1
            }
        }
        // `zip` writes no more than a subnet's share; fewer would leave the result partly uninitialised.
        precondition(next == base + output.endIndex, "a run left some of its paths unwritten")
    }

    /// Where a request from a subnet to a service goes, with `without` filled in.
    public func path(from subnetID: String, to service: String) -> RequestPath {
        let service = ServiceCatalog.normalise(service)
        guard let subnet = inventory.subnet(subnetID) else { return unknownSubnetPath(subnetID, service) }
        let batch = PathBatch(self)
        return batch.path(batch.context(for: subnet), service, withWithout: true)
    }

    /// One way a request can go (with the VPC's endpoints or without them), `without` left nil.
    func resolve(_ subnet: Subnet, _ service: String, useEndpoints: Bool) -> RequestPath {
        let batch = PathBatch(self)
        let context = batch.context(for: subnet)
        return useEndpoints ? batch.path(context, service, withWithout: false) : batch.withoutPath(context, service)
    }

    /// A subnet the inventory does not hold: nothing about its path is known (never "blocked").
    func unknownSubnetPath(_ subnetID: String, _ service: String) -> RequestPath {
        let reason = ComposedText(verbatim: inventory.knows(.subnets) ? "\(subnetID) is not in the inventory" : ResourceKind.subnets.notLoaded)
        return RequestPath(vpc: "", subnet: subnetID, subnetName: nil, az: nil, routeTable: nil, service: service,
                           serviceName: fullName(service, vpcID: nil), via: .unknown, reachable: false, unknown: reason,
                           hops: [Hop(kind: .source, id: subnetID, label: "Subnet", detail: ["not in the inventory"])],
                           notes: [reason], costPerGB: 0)
    }

    func fullName(_ service: String, vpcID: String?) -> String {
        if let vpcID, let first = endpointIndex[vpcID]?[service]?.first { return inventory.endpoints[first].serviceName }
        let region = vpcID.flatMap { inventory.vpc($0)?.region } ?? region ?? "REGION"
        return ServiceName.full(service, region: region)
    }

    // MARK: Hops

    func sourceHop(_ subnet: Subnet) -> Hop {
        var detail: [ComposedText] = []
        let place = [subnet.availabilityZone, subnet.cidr?.description].compactMap { $0 }
        if !place.isEmpty { detail.append(ComposedText(joining: place)) }
        return Hop(kind: .source, id: subnet.id, label: subnet.name.map { "Subnet \($0)" } ?? "Subnet", detail: detail)
    }

    func routeText(_ route: Route) -> ComposedText {
        var text: ComposedText = "\(route.destination) -> \(route.target.id)"
        if case .prefixList(let listID) = route.destination,
           let service = inventory.service(ofPrefixList: listID, target: route.target) {
            text = "\(listID) (\(service)) -> \(route.target.id)"
        }
        return route.isBlackhole ? text + " (blackhole)" : text
    }

    func internetGatewayHop(_ id: String, detail: [ComposedText]) -> Hop {
        Hop(kind: .internetGateway, id: id, label: "Internet gateway", detail: detail, costPerGB: 0)
    }

    func serviceHop(_ service: String, vpcID: String, isPrivate: Bool, blocked: ComposedText? = nil) -> Hop {
        let host = ServiceCatalog.hostname(service, region: inventory.vpc(vpcID)?.region ?? region)
        let name = ServiceCatalog.displayName(service)
        return Hop(kind: .service, id: host, label: isPrivate ? "\(name) (private)" : "\(name) public endpoint",
                   detail: [isPrivate ? "over the AWS network" : "public AWS addresses"], blocked: blocked)
    }
}
