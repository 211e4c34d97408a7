import Foundation
import Model

/// `vpcx INVENTORY SPEC`: the spec's resources applied to the network the inventory holds. Data sources
/// that look up existing resources (`data "aws_vpc"` by ID or tags, `aws_subnets`, `aws_route_tables`,
/// `aws_security_group`) are answered from the inventory, and everything the spec adds is marked planned.
enum TerraformAfterApply {
    /// The inventory's answer to a lookup data source, or nil when it is not one (or nothing matches).
    static func lookup(type: String, address: String, arguments: [String: HCLValue], in inventory: InventoryContents)
        -> TerraformDataSources.Answer? {
        var filters: [(name: String, values: [String])] = []
        for f in arguments["filter"]?.elements ?? [] {
            guard let name = f.attributes?["name"]?.stringValue else { continue }
            filters.append((name, (f.attributes?["values"]?.elements ?? []).compactMap(\.stringValue)))
        }
        let tags = (arguments["tags"]?.attributes ?? [:]).compactMapValues(\.stringValue)
        // Filter values may use the wildcards `*` and `?`, as EC2's filters do.
        func matchesAny(_ values: [String], _ text: String) -> Bool { values.contains { fnmatch($0, text, 0) == 0 } }
        func matches(id: String, vpcID: String?, resourceTags: [Tag], extra: [String: String] = [:]) -> Bool {
            if let wanted = arguments["id"]?.stringValue, wanted != id { return false }
            if let wanted = arguments["vpc_id"]?.stringValue, wanted != vpcID { return false }
            for (k, v) in tags where !resourceTags.contains(where: { $0.key == k && $0.value == v }) { return false }
            for (name, values) in filters {
                if name.hasPrefix("tag:") {
                    let key = String(name.dropFirst(4))
                    if !resourceTags.contains(where: { $0.key == key && matchesAny(values, $0.value) }) { return false }
                } else if name == "vpc-id" {
                    if !matchesAny(values, vpcID ?? "") { return false }
                } else if let have = extra[name] {
                    if !matchesAny(values, have) { return false }
                }
            }
            return true
        }
        func list(_ ids: [String]) -> HCLValue { .list(ids.map { .string($0) }) }
        func found(_ what: String) -> String { "\(address): \(what), from the inventory" }
        switch type {
        case "aws_vpc":
            let hits = inventory.vpcs.filter { v in
                if let cidr = arguments["cidr_block"]?.stringValue, v.cidr?.description != cidr { return false }
                if arguments["default"]?.boolValue == true, !v.isDefault { return false }
                return matches(id: v.id, vpcID: v.id, resourceTags: v.tags, extra: ["cidr": v.cidr?.description ?? "", "cidr-block": v.cidr?.description ?? ""])
            }
            guard hits.count == 1, let v = hits.first else { return nil }
            let main = inventory.routeTables.first { $0.vpcID == v.id && $0.associations.contains(where: \.isMain) }?.id
            let sg = inventory.securityGroups.first { $0.vpcID == v.id && $0.name == "default" }?.id
            var attributes: [String: HCLValue] = ["id": .string(v.id), "cidr_block": v.cidr.map { .string($0.description) } ?? .unknown("\(address).cidr_block"),
                                                  "tags": .object(Dictionary(v.tags.map { ($0.key, HCLValue.string($0.value)) }) { a, _ in a }),
                                                  "enable_dns_support": v.enableDnsSupport.map { .bool($0) } ?? .unknown("\(address).enable_dns_support"),
                                                  "enable_dns_hostnames": v.enableDnsHostnames.map { .bool($0) } ?? .unknown("\(address).enable_dns_hostnames")]
            attributes["main_route_table_id"] = main.map { .string($0) } ?? .unknown("\(address).main_route_table_id")
            attributes["default_security_group_id"] = sg.map { .string($0) } ?? .unknown("\(address).default_security_group_id")
            return TerraformDataSources.Answer(attributes: arguments.merging(attributes) { _, new in new }, assumption: found("the VPC \(v.id)"))
        case "aws_subnets", "aws_subnet_ids":
            let hits = inventory.subnets.filter {
                matches(id: $0.id, vpcID: $0.vpcID, resourceTags: $0.tags,
                        extra: ["availability-zone": $0.availabilityZone ?? "", "cidr-block": $0.cidr?.description ?? ""])
            }
            return TerraformDataSources.Answer(attributes: arguments.merging(["ids": list(hits.map(\.id)), "id": .string(inventory.sources.first?.region ?? "")]) { _, new in new },
                                               assumption: found("\(hits.count) subnet\(hits.count == 1 ? "" : "s")"))
        case "aws_subnet":
            let hits = inventory.subnets.filter {
                matches(id: $0.id, vpcID: $0.vpcID, resourceTags: $0.tags,
                        extra: ["availability-zone": $0.availabilityZone ?? "", "cidr-block": $0.cidr?.description ?? ""])
            }
            guard hits.count == 1, let s = hits.first else { return nil }
            return TerraformDataSources.Answer(attributes: arguments.merging([
                "id": .string(s.id), "vpc_id": .string(s.vpcID), "availability_zone": s.availabilityZone.map { .string($0) } ?? .unknown("\(address).availability_zone"),
                "cidr_block": s.cidr.map { .string($0.description) } ?? .unknown("\(address).cidr_block"),
            ]) { _, new in new }, assumption: found("the subnet \(s.id)"))
        case "aws_route_tables":
            let hits = inventory.routeTables.filter { matches(id: $0.id, vpcID: $0.vpcID, resourceTags: $0.tags) }
            return TerraformDataSources.Answer(attributes: arguments.merging(["ids": list(hits.map(\.id))]) { _, new in new },
                                               assumption: found("\(hits.count) route table\(hits.count == 1 ? "" : "s")"))
        case "aws_route_table":
            let hits = inventory.routeTables.filter { t in
                if let subnet = arguments["subnet_id"]?.stringValue, !t.associations.contains(where: { $0.subnetID == subnet }) { return false }
                return matches(id: t.id, vpcID: t.vpcID, resourceTags: t.tags)
            }
            guard hits.count == 1, let t = hits.first else { return nil }
            return TerraformDataSources.Answer(attributes: arguments.merging(["id": .string(t.id), "route_table_id": .string(t.id), "vpc_id": .string(t.vpcID)]) { _, new in new },
                                               assumption: found("the route table \(t.id)"))
        case "aws_security_group":
            let hits = inventory.securityGroups.filter { g in
                if let name = arguments["name"]?.stringValue, g.name != name { return false }
                return matches(id: g.id, vpcID: g.vpcID, resourceTags: g.tags, extra: ["group-name": g.name])
            }
            guard hits.count == 1, let g = hits.first else { return nil }
            return TerraformDataSources.Answer(attributes: arguments.merging(["id": .string(g.id), "name": .string(g.name), "vpc_id": .string(g.vpcID)]) { _, new in new },
                                               assumption: found("the security group \(g.id)"))
        default:
            return nil
        }
    }

    /// Applies a spec onto an inventory: its resources merged in and marked planned, and what AWS does when
    /// they are created in an existing VPC (a gateway endpoint's routes in the existing tables, the VPC's
    /// default security group on an interface endpoint given none, its ENIs in the subnets' zones).
    static func apply(_ spec: InventoryContents, onto inventory: inout InventoryContents) {
        var planned = Set<String>()
        planned.formUnion(spec.vpcs.map(\.id))
        planned.formUnion(spec.subnets.map(\.id))
        planned.formUnion(spec.routeTables.map(\.id).filter { id in !inventory.routeTables.contains { $0.id == id } })
        planned.formUnion(spec.endpoints.map(\.id))
        planned.formUnion(spec.networkInterfaces.map(\.id))
        planned.formUnion(spec.securityGroups.map(\.id).filter { id in !inventory.securityGroups.contains { $0.id == id } })
        planned.formUnion(spec.natGateways.map(\.id))
        planned.formUnion(spec.internetGateways.map(\.id))
        // An existing prefix list (the real pl- ID of S3) stands for the placeholder the spec made.
        var spec = spec
        for i in spec.prefixLists.indices {
            if let existing = inventory.prefixLists.first(where: { $0.name == spec.prefixLists[i].name }) {
                spec.prefixLists[i] = existing
            }
        }
        inventory.merge(spec)
        inventory.planned.formUnion(planned)
        for e in spec.endpoints.indices {
            let endpoint = spec.endpoints[e]
            guard let i = inventory.endpoints.firstIndex(where: { $0.id == endpoint.id }) else { continue }
            switch endpoint.kind {
            case .gateway:
                let prefixList = inventory.prefixLists.first { $0.name == endpoint.serviceName }?.id ?? TerraformMapping.prefixListID(endpoint.serviceName)
                for tableID in endpoint.routeTableIDs {
                    guard let t = inventory.routeTables.firstIndex(where: { $0.id == tableID }) else { continue }
                    inventory.routeTables[t].routes.removeAll { $0.target == .vpcEndpoint(endpoint.id) }
                    inventory.routeTables[t].routes.append(Route(destination: .prefixList(prefixList), target: .vpcEndpoint(endpoint.id), origin: "CreateRoute"))
                }
            case .interface:
                if endpoint.securityGroupIDs.isEmpty, inventory.unknowns["\(endpoint.id).securityGroupIDs"] == nil,
                   let group = inventory.securityGroups.first(where: { $0.vpcID == endpoint.vpcID && $0.name == "default" }) {
                    inventory.endpoints[i].securityGroupIDs = [group.id]
                    for n in inventory.networkInterfaces.indices where endpoint.networkInterfaceIDs.contains(inventory.networkInterfaces[n].id) {
                        inventory.networkInterfaces[n].securityGroupIDs = [group.id]
                    }
                }
                for n in inventory.networkInterfaces.indices where endpoint.networkInterfaceIDs.contains(inventory.networkInterfaces[n].id) {
                    let subnetID = inventory.networkInterfaces[n].subnetID
                    if inventory.networkInterfaces[n].availabilityZone == nil,
                       let zone = inventory.subnets.first(where: { $0.id == subnetID })?.availabilityZone {
                        inventory.networkInterfaces[n].availabilityZone = zone
                    }
                }
            default:
                break
            }
        }
    }
}
