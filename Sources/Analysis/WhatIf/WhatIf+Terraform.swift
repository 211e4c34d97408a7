import Model

extension WhatIf {
    /// `WhatIf(changes).terraform(in:)`, for callers holding a bare list.
    public static func terraform(for changes: [WhatIfChange], in inventory: Inventory) -> String {
        WhatIf(changes).terraform(in: inventory)
    }

    /// The additions as Terraform `aws_vpc_endpoint` resources with the real IDs as literals, and the
    /// removals as comments: what `W` writes for a pull request.
    public func terraform(in inventory: Inventory) -> String {
        var blocks: [String] = ["# Written by vpcx from \(changes.count) what-if change\(changes.count == 1 ? "" : "s")."]
        var newGroups: [String: SecurityGroup] = [:]
        for (position, change) in changes.enumerated() {
            guard case .addEndpoint(let service, let vpc, let kind, let subnetIDs, let routeTableIDs) = change else { continue }
            let name = Self.resourceName(service, vpc: vpc)
            let region = inventory.vpc(vpc)?.region ?? inventory.region ?? "REGION"
            var lines = ["resource \"aws_vpc_endpoint\" \"\(name)\" {",
                         "  vpc_id            = \(Self.literal(vpc))",
                         "  service_name      = \(Self.literal(ServiceName.full(service, region: region)))"]
            if kind == .gateway {
                lines.append("  vpc_endpoint_type = \"Gateway\"")
                lines.append("  route_table_ids   = [\(routeTableIDs.map(Self.literal).joined(separator: ", "))]")
            } else {
                let group = Self.endpointSecurityGroup(vpc: vpc, in: inventory)
                let groupRef: String
                if inventory.securityGroup(group.id) != nil {
                    groupRef = Self.literal(group.id)
                } else {
                    newGroups[vpc] = group
                    groupRef = "aws_security_group.\(Self.groupResourceName(vpc)).id"
                }
                let subnets = subnetIDs.filter { inventory.subnet($0)?.vpcID == vpc }
                lines.append("  vpc_endpoint_type   = \"Interface\"")
                lines.append("  subnet_ids          = [\(subnets.map(Self.literal).joined(separator: ", "))]")
                lines.append("  security_group_ids  = [\(groupRef)]")
                lines.append("  private_dns_enabled = true")
            }
            lines.append("")
            lines.append("  tags = {")
            lines.append("    Name = \(Self.literal("\(service)-endpoint"))")
            lines.append("  }")
            lines.append("}")
            blocks.append("# what-if \(position + 1): \(change.summary)\n" + lines.joined(separator: "\n"))
        }
        for (vpc, group) in newGroups.sorted(by: { $0.key < $1.key }) {
            let cidrs = group.ingress.first?.cidrs.map { Self.literal($0.description) } ?? []
            blocks.append("""
                resource "aws_security_group" "\(Self.groupResourceName(vpc))" {
                  name_prefix = "vpc-endpoints-"
                  description = "HTTPS from the VPC to its interface endpoints"
                  vpc_id      = \(Self.literal(vpc))

                  ingress {
                    description = "HTTPS from the VPC"
                    from_port   = 443
                    to_port     = 443
                    protocol    = "tcp"
                    cidr_blocks = [\(cidrs.joined(separator: ", "))]
                  }
                }
                """)
        }
        for id in disabledEndpoints {
            let service = inventory.endpoint(id)?.service ?? "unknown service"
            blocks.append("# what-if: \(id) (\(service)) removed. Delete the aws_vpc_endpoint resource that manages it.")
        }
        for change in changes {
            guard case .removeNATGateway(let id) = change else { continue }
            blocks.append("# what-if: \(id) removed. Delete its aws_nat_gateway and the aws_route resources that target it; those routes would become blackholes.")
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// A Terraform-safe resource name: `s3_vpc_24a5f259`.
    static func resourceName(_ service: String, vpc: String) -> String {
        let safeService = String(service.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return "\(safeService)_\(String(vpc.map { $0 == "-" ? "_" : $0 }).prefix(12))"
    }

    static func groupResourceName(_ vpc: String) -> String {
        "vpc_endpoints_\(String(vpc.map { $0 == "-" ? "_" : $0 }).prefix(12))"
    }

    /// A Terraform string literal (IDs and names from the inventory, quoted and escaped).
    static func literal(_ text: String) -> String {
        var out = "\""
        var previous: Character?
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            // `${` and `%{` start interpolation and directives; doubling the sigil escapes them.
            case "{" where previous == "$" || previous == "%": out.insert(previous ?? "$", at: out.index(before: out.endIndex)); out.append(ch)
            default: out.append(ch)
            }
            previous = ch
        }
        return out + "\""
    }
}
