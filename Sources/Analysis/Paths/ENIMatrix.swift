import Model

/// The ENIs of a VPC's interface endpoints by AZ: endpoints as rows, the VPC's AZs as columns.
public struct ENIMatrix: Hashable, Sendable {
    /// One endpoint in one AZ.
    public struct Cell: Hashable, Sendable {
        public var availabilityZone: String
        /// nil when the endpoint has no ENI in this AZ.
        public var networkInterface: String?
        public var ip: String?
        /// For a missing AZ: what callers there get (`callers in eu-west-1c cross to eu-west-1a: +$0.01/GB`).
        public var consequence: String?

        public var isMissing: Bool { networkInterface == nil }
    }

    /// One interface endpoint.
    public struct Row: Hashable, Sendable {
        public var endpoint: String
        public var service: String
        public var state: String
        public var cells: [Cell]
        /// A spec adds this endpoint to the inventory (`vpcx INVENTORY SPEC`): its ENIs do not exist yet.
        public var planned: Bool = false
    }

    public var vpc: String
    /// The VPC's AZs (where it has subnets), sorted.
    public var zones: [String]
    public var rows: [Row]
    /// The AZ to highlight (the selected subnet's).
    public var sourceAZ: String?
}

extension PathResolver {
    /// The ENI matrix of a VPC; `sourceAZ` marks the selected subnet's AZ.
    public func eniMatrix(vpc vpcID: String, sourceAZ: String? = nil) -> ENIMatrix {
        let zones = Array(Set(inventory.subnets(in: vpcID).compactMap(\.availabilityZone))).sorted()
        var rows: [ENIMatrix.Row] = []
        for endpoint in inventory.endpoints(in: vpcID) where endpoint.kind == .interface {
            let enis = inventory.interfaces(of: endpoint)
            var byZone: [String: NetworkInterface] = [:]
            for eni in enis { if let az = eni.availabilityZone, byZone[az] == nil { byZone[az] = eni } }
            // Without ENIs in the inventory, the endpoint's subnets still say which AZs it covers.
            var covered = Set(byZone.keys)
            if enis.isEmpty { covered = Set(inventory.availabilityZones(of: endpoint)) }
            let nearest = covered.sorted().first
            var cells: [ENIMatrix.Cell] = []
            for zone in zones {
                if let eni = byZone[zone] {
                    cells.append(.init(availabilityZone: zone, networkInterface: eni.id, ip: eni.privateIP?.description))
                } else if covered.contains(zone) {
                    cells.append(.init(availabilityZone: zone, networkInterface: "ENI " + inventory.whyAbsent(.networkInterfaces), ip: nil))
                } else {
                    let consequence = nearest.map { "callers cross to \($0): +\(PerGB.text(prices.crossAZPerGB))" }
                        ?? "no ENI in any AZ: the endpoint serves nobody"
                    cells.append(.init(availabilityZone: zone, networkInterface: nil, ip: nil, consequence: consequence))
                }
            }
            rows.append(.init(endpoint: endpoint.id, service: endpoint.service, state: endpoint.state, cells: cells,
                              planned: inventory.contents.planned.contains(endpoint.id)))
        }
        return ENIMatrix(vpc: vpcID, zones: zones, rows: rows, sourceAZ: sourceAZ)
    }
}
