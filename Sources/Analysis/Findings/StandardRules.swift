import Model
import TerraformWriter

/// DESIGN.md's rule table, except `endpoint-full-access-policy` (the policy analysis provides it).
/// Each rule's documentation follows the article's "Things Most People Don't Know" and "Troubleshooting".
public enum StandardRules {
    /// Every standard rule, in the table's order.
    public static var all: [FindingRule] {
        [ecrNeedsS3Gateway, ecrIncomplete, ssmIncomplete, privateDNSNeedsVPCDNS, endpointSGBlocksHTTPS,
         endpointNotAvailable, privateDNSDisabled, gatewayEndpointMissingRoute, missingFreeGatewayEndpoint,
         singleAZEndpoint, belowBreakEven] + CrossVPCRules.all
    }

    static let ecrNeedsS3Gateway = FindingRule(
        id: "ecr-needs-s3-gateway", severity: .error, title: "ECR endpoints without an S3 endpoint",
        checks: "A VPC with an ecr.api or ecr.dkr interface endpoint and no S3 endpoint.",
        why: """
        ECR stores image layers in S3. The ECR endpoints answer the API and registry calls, but the layer
        downloads go to S3: without an S3 endpoint they go through the NAT gateway at $0.045/GB, or fail
        outright in a subnet with no route to the internet. Image pulls are slow, expensive or broken.
        """,
        howToFix: """
        Add the S3 gateway endpoint (free) on the route tables of the private subnets. Image pulls need
        all three: ecr.api, ecr.dkr and s3.
        """,
        needs: [.vpcEndpoints], scope: .vpc
    ) { context in
        context.vpcFacts.compactMap { facts in
            let ecr = facts.endpoints.filter { ["ecr.api", "ecr.dkr"].contains($0.service) && $0.kind != .gateway }
            guard !ecr.isEmpty, !facts.has("s3") else { return nil }
            // Where the layers go instead hangs on the route tables: without them, say only what is known.
            let routesKnown = context.inventory.knows(.routeTables, in: facts.vpc.id)
            let message: String
            if !routesKnown {
                message = "ECR image layers are stored in S3 and this VPC has no S3 endpoint: pulls go through NAT at $0.045/GB or fail (which one is unknown: \(ResourceKind.routeTables.notLoaded))"
            } else if facts.privateSubnetsUseNAT {
                message = "ECR image layers go through the NAT gateway at $0.045/GB: layers are stored in S3 and this VPC has no S3 endpoint"
            } else {
                message = "ECR image pulls will fail: layers are stored in S3 and this VPC has no S3 endpoint"
            }
            var fix = TerraformFix.gatewayEndpoint(service: "s3", vpc: facts.vpc.id, region: facts.region,
                                                   routeTables: facts.privateRouteTables)
            if !routesKnown {
                fix += "\n# route_table_ids: the private subnets' route tables, not in the inventory (aws ec2 describe-route-tables)"
            }
            return Finding(rule: "ecr-needs-s3-gateway", severity: .error, resource: facts.vpc.id, vpc: facts.vpc.id,
                           message: message, fix: fix)
        }
    }

    static let ecrIncomplete = FindingRule(
        id: "ecr-incomplete", severity: .error, title: "Only one of the two ECR endpoints",
        checks: "A VPC with an ecr.api endpoint and no ecr.dkr endpoint, or the other way round.",
        why: """
        Pulling an image talks to both: ecr.api for authentication and image manifests' API calls, ecr.dkr
        for the Docker registry protocol. With one of them the other call leaves through NAT, or fails
        where there is no NAT: "Image Pull Failures with ECR".
        """,
        howToFix: "Add the missing endpoint in the same subnets and with the same security groups as the other.",
        needs: [.vpcEndpoints], scope: .vpc
    ) { context in
        context.vpcFacts.compactMap { facts in
            let pair = ["ecr.api", "ecr.dkr"]
            let present = pair.filter { facts.has($0) }
            guard present.count == 1, let have = present.first, let missing = pair.first(where: { $0 != have }) else { return nil }
            let placement = facts.placement(like: [have])
            return Finding(rule: "ecr-incomplete", severity: .error, resource: facts.vpc.id, vpc: facts.vpc.id,
                           message: "ECR image pulls will fail: this VPC has an \(have) endpoint but no \(missing) endpoint, and pulls need both",
                           fix: TerraformFix.interfaceEndpoint(service: missing, vpc: facts.vpc.id, region: facts.region,
                                                               subnets: placement.subnets, securityGroups: placement.groups))
        }
    }

    static let ssmIncomplete = FindingRule(
        id: "ssm-incomplete", severity: .error, title: "Session Manager endpoints incomplete",
        checks: "A VPC with some but not all of the ssm, ssmmessages and ec2messages endpoints.",
        why: """
        SSM Session Manager needs all three: ssm for the API, ec2messages for the agent's commands and
        ssmmessages for the session channel. With one missing, the agent cannot register or sessions do
        not open ("SSM Session Manager Not Working"). The instance also needs the SSM agent and IAM
        permissions.
        """,
        howToFix: "Add the missing endpoints in the same subnets and with the same security groups as the others.",
        needs: [.vpcEndpoints], scope: .vpc
    ) { context in
        context.vpcFacts.compactMap { facts in
            let trio = ["ssm", "ssmmessages", "ec2messages"]
            let present = trio.filter { facts.has($0) }
            let missing = trio.filter { !facts.has($0) }
            guard !present.isEmpty, !missing.isEmpty else { return nil }
            let placement = facts.placement(like: present)
            let fix = missing.map {
                TerraformFix.interfaceEndpoint(service: $0, vpc: facts.vpc.id, region: facts.region,
                                               subnets: placement.subnets, securityGroups: placement.groups)
            }.joined(separator: "\n\n")
            return Finding(rule: "ssm-incomplete", severity: .error, resource: facts.vpc.id, vpc: facts.vpc.id,
                           message: "SSM Session Manager will not connect: this VPC has \(present.joined(separator: " and ")) but no \(missing.joined(separator: " or ")) endpoint",
                           fix: fix)
        }
    }

    static let privateDNSNeedsVPCDNS = FindingRule(
        id: "private-dns-needs-vpc-dns", severity: .error, title: "Private DNS without the VPC's DNS attributes",
        checks: "Interface endpoints with private DNS on, in a VPC whose enableDnsSupport or enableDnsHostnames is off.",
        why: """
        Private DNS makes the service's usual name (secretsmanager.REGION.amazonaws.com) resolve to the
        endpoint's private IPs, through a private hosted zone. That zone only works when the VPC has both
        DNS support and DNS hostnames enabled. Otherwise the SDK resolves the public IPs and the call
        leaves through NAT, or fails: "Could not connect to the endpoint URL".
        """,
        howToFix: "Turn on enable_dns_support and enable_dns_hostnames on the VPC.",
        needs: [.vpcEndpoints, .vpcAttributes], scope: .vpc
    ) { context in
        context.vpcFacts.compactMap { facts in
            let support = facts.vpc.enableDnsSupport, hostnames = facts.vpc.enableDnsHostnames
            guard support == false || hostnames == false else { return nil }
            let affected = facts.endpoints.filter { $0.kind == .interface && $0.privateDNSEnabled }
            guard !affected.isEmpty else { return nil }
            let off = [support == false ? "DNS support" : nil, hostnames == false ? "DNS hostnames" : nil].compactMap { $0 }
            let services = affected.map(\.service)
            // The message names a few; `resources` (JSON) lists every affected endpoint.
            let shown = services.prefix(4).joined(separator: ", ") + (services.count > 4 ? " and \(services.count - 4) more" : "")
            let count = affected.count == 1 ? "1 interface endpoint" : "\(affected.count) interface endpoints"
            let vpcBlock = HCLBlock.resource("aws_vpc", "main", [
                .comment(facts.vpc.id),
                .attribute("enable_dns_support", .bool(true)),
                .attribute("enable_dns_hostnames", .bool(true)),
            ]).rendered
            let vpcWord = ShellWord.quote(facts.vpc.id)
            let fix = """
            \(vpcBlock)

            # or, outside Terraform:
            aws ec2 modify-vpc-attribute --vpc-id \(vpcWord) --enable-dns-support '{"Value":true}'
            aws ec2 modify-vpc-attribute --vpc-id \(vpcWord) --enable-dns-hostnames '{"Value":true}'
            """
            return Finding(rule: "private-dns-needs-vpc-dns", severity: .error, resource: facts.vpc.id, vpc: facts.vpc.id,
                           resources: [facts.vpc.id] + affected.map(\.id),
                           message: "Private DNS of \(count) (\(shown)) does not work: the VPC has \(off.joined(separator: " and ")) off, so the service names resolve to public IPs",
                           fix: fix)
        }
    }

    static let endpointSGBlocksHTTPS = FindingRule(
        id: "endpoint-sg-blocks-https", severity: .error, title: "Endpoint security group blocks HTTPS",
        checks: "An interface endpoint whose security groups do not allow TCP 443 from some private subnet of its VPC.",
        why: """
        Every call to an interface endpoint is HTTPS to its ENIs, and the endpoint's security groups decide
        who may connect. Without an inbound rule for TCP 443 from the callers' CIDR the connection times
        out: "Could not connect to the endpoint URL".
        """,
        howToFix: "Allow TCP 443 from the VPC's CIDR (or the private subnets' CIDRs) on the endpoint's security group.",
        needs: [.vpcEndpoints, .securityGroups, .subnets, .routeTables], scope: .vpc
    ) { context in
        let inventory = context.inventory
        return context.vpcFacts.flatMap { facts -> [Finding] in
            facts.endpoints.filter { $0.kind == .interface }.compactMap { endpoint in
                var blocked: [Subnet] = []
                var reason = ""
                for subnet in facts.privateSubnets {
                    guard let cidr = subnet.cidr else { continue }
                    if case .blocked(let why) = HTTPSReach.check(endpoint, from: cidr, in: inventory) {
                        blocked.append(subnet)
                        if reason.isEmpty { reason = why }
                    }
                }
                guard !blocked.isEmpty else { return nil }
                let names = blocked.map(facts.label).joined(separator: ", ")
                let source = facts.vpc.cidr?.description ?? blocked.compactMap(\.cidr).first?.description ?? "10.0.0.0/16"
                let fix: String
                if let group = endpoint.securityGroupIDs.first {
                    fix = HCLBlock.resource("aws_vpc_security_group_ingress_rule", TerraformFix.name(endpoint.service) + "_https", [
                        .attribute("security_group_id", .id(group)),
                        .attribute("cidr_ipv4", .string(source)),
                        .attribute("from_port", .number(443)),
                        .attribute("to_port", .number(443)),
                        .attribute("ip_protocol", .string("tcp")),
                        .attribute("description", .string("HTTPS from the VPC to its endpoints")),
                    ]).rendered
                } else {
                    fix = "Give the endpoint a security group that allows TCP 443 from \(source):\n  security_group_ids = [aws_security_group.vpc_endpoints.id]"
                }
                return Finding(rule: "endpoint-sg-blocks-https", severity: .error, resource: endpoint.id, vpc: facts.vpc.id,
                               message: "Calls to \(endpoint.service) from \(names) fail with \"Could not connect to the endpoint URL\": \(reason)",
                               fix: fix)
            }
        }
    }

    static let endpointNotAvailable = FindingRule(
        id: "endpoint-not-available", severity: .error, title: "Endpoint not available",
        checks: "An endpoint whose state is not `available` (pending, pendingAcceptance, failed, rejected, ...).",
        why: """
        Until an endpoint is available nothing uses it: its service's traffic takes the NAT gateway or
        fails. Interface endpoints for AWS services accept themselves, so one stuck in "Pending" points at
        its subnets, its security group or the service's availability in the region.
        """,
        howToFix: """
        If it stays pending: check the subnets have free IP addresses, the security group exists, and the
        service is offered in the region (aws ec2 describe-vpc-endpoint-services). For a partner or
        private service in pendingAcceptance, the service owner must accept the connection. A failed or
        rejected endpoint must be deleted and created again.
        """,
        needs: [.vpcEndpoints], scope: .vpc
    ) { context in
        let inventory = context.inventory
        return context.vpcFacts.flatMap { facts -> [Finding] in
            facts.endpoints.filter { !$0.isAvailable }.map { endpoint in
                let state = endpoint.state
                let message: String
                switch state {
                case "pending": message = "The \(endpoint.service) endpoint is still pending: nothing uses it until it is available"
                case "pendingacceptance":
                    message = "The \(endpoint.service) endpoint waits for the service to accept it (pendingAcceptance): traffic does not use it"
                case "failed", "rejected": message = "The \(endpoint.service) endpoint was \(state == "failed" ? "not created (failed)" : "rejected"): traffic does not use it"
                default: message = "The \(endpoint.service) endpoint is \(state), not available: traffic does not use it"
                }
                var lines = ["Check, as the article's \"Endpoint Shows Pending\" says:"]
                for id in endpoint.subnetIDs {
                    let free = inventory.subnet(id)?.availableIPAddressCount.map { "\($0) free IP addresses" } ?? "free IPs unknown"
                    lines.append("- subnet \(id): \(free)")
                }
                for id in endpoint.securityGroupIDs {
                    lines.append("- security group \(id): \(inventory.securityGroup(id) == nil && inventory.knows(.securityGroups) ? "NOT FOUND" : "exists")")
                }
                lines.append("- the service is offered in \(facts.region): aws ec2 describe-vpc-endpoint-services --service-names \(ShellWord.quote(endpoint.serviceName))")
                if state == "pendingacceptance" {
                    lines.append("- the service owner accepts it: aws ec2 accept-vpc-endpoint-connections --service-id SERVICE_ID --vpc-endpoint-ids \(ShellWord.quote(endpoint.id))")
                }
                if state == "failed" || state == "rejected" {
                    lines.append("- then delete and recreate it: aws ec2 delete-vpc-endpoints --vpc-endpoint-ids \(ShellWord.quote(endpoint.id))")
                }
                return Finding(rule: "endpoint-not-available", severity: .error, resource: endpoint.id, vpc: facts.vpc.id,
                               message: message, fix: lines.joined(separator: "\n"))
            }
        }
    }

    static let privateDNSDisabled = FindingRule(
        id: "private-dns-disabled", severity: .warning, title: "Interface endpoint with private DNS off",
        checks: "An interface endpoint with private DNS disabled.",
        why: """
        The SDKs call the service's usual name (kms.REGION.amazonaws.com). Without private DNS that name
        resolves to public IPs, so the endpoint is bypassed and the calls go through NAT: you pay for the
        endpoint and for NAT. Only clients configured with the endpoint's own DNS name use it.
        """,
        howToFix: "Set private_dns_enabled = true (the VPC needs DNS support and DNS hostnames on).",
        needs: [.vpcEndpoints], scope: .vpcUnlessInterconnected
    ) { context in
        // A hub's endpoint with private DNS off on purpose: a private hosted zone answers for it.
        let shared = CrossVPCFacts(context.inventory)?.sharedEndpoints ?? []
        return context.vpcFacts.flatMap { facts -> [Finding] in
            // An answer that left PrivateDnsEnabled out says nothing about it: not "off".
            facts.endpoints.filter { endpoint in
                endpoint.kind == .interface && !endpoint.privateDNSEnabled
                    && context.inventory.unknown(endpoint.id, "privateDNSEnabled") == nil && !shared.contains(endpoint.id)
            }.map { endpoint in
                Finding(rule: "private-dns-disabled", severity: .warning, resource: endpoint.id, vpc: facts.vpc.id,
                        message: "The SDK bypasses the \(endpoint.service) endpoint: private DNS is off, so \(endpoint.service).\(facts.region).amazonaws.com resolves to public IPs",
                        fix: """
                        \(TerraformFix.comment("in the aws_vpc_endpoint for \(endpoint.id):"))
                        \(TerraformFix.attributes([.attribute("private_dns_enabled", .bool(true))]))

                        \(TerraformFix.comment("or: aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(ShellWord.quote(endpoint.id)) --private-dns-enabled"))
                        """)
            }
        }
    }

    static let gatewayEndpointMissingRoute = FindingRule(
        id: "gateway-endpoint-missing-route", severity: .warning, title: "Gateway endpoint missing from a route table",
        checks: "A gateway endpoint that is not on the route table of some private subnet.",
        why: """
        A gateway endpoint works through routes: its service's prefix list must be on the route table of
        each subnet that should use it. A subnet whose table lacks the route sends that traffic to its
        default route: through NAT at $0.045/GB, or nowhere.
        """,
        howToFix: "Associate the endpoint with every private subnet's route table.",
        needs: [.vpcEndpoints, .subnets, .routeTables], scope: .vpc
    ) { context in
        let inventory = context.inventory
        return context.vpcFacts.flatMap { facts -> [Finding] in
            facts.endpoints.filter { $0.kind == .gateway }.compactMap { endpoint in
                var missing: [String] = []
                var subnets: [String] = []
                for subnet in facts.privateSubnets {
                    guard let table = inventory.routeTable(forSubnet: subnet.id) else { continue }
                    let covered = endpoint.routeTableIDs.contains(table.id)
                        || inventory.prefixListRoute(for: endpoint.service, in: table) != nil
                    if !covered {
                        subnets.append(facts.label(subnet))
                        if !missing.contains(table.id) { missing.append(table.id) }
                    }
                }
                guard !missing.isEmpty else { return nil }
                let fix = missing.map { table in
                    HCLBlock.resource("aws_vpc_endpoint_route_table_association",
                                      "\(TerraformFix.name(endpoint.service))_\(TerraformFix.name(table))", [
                        .attribute("vpc_endpoint_id", .id(endpoint.id)),
                        .attribute("route_table_id", TerraformFix.routeTable(table)),
                    ]).rendered
                }.joined(separator: "\n\n")
                let path = facts.privateSubnetsUseNAT ? "goes through the NAT gateway" : "has no route"
                return Finding(rule: "gateway-endpoint-missing-route", severity: .warning, resource: endpoint.id, vpc: facts.vpc.id,
                               message: "\(endpoint.service) traffic from \(subnets.joined(separator: ", ")) \(path): the gateway endpoint is not on route table \(missing.joined(separator: ", "))",
                               fix: fix)
            }
        }
    }

    static let missingFreeGatewayEndpoint = FindingRule(
        id: "missing-free-gateway-endpoint", severity: .warning, title: "No free S3 or DynamoDB gateway endpoint",
        checks: "A VPC with private subnets and no S3 gateway endpoint, or no DynamoDB gateway endpoint.",
        why: """
        S3 and DynamoDB gateway endpoints are free: no hourly charge, no data charge. Without them that
        traffic goes through NAT at $0.045/GB (or needs a paid interface endpoint). "Always use them."
        """,
        howToFix: "Add the gateway endpoint on the route tables of the private subnets.",
        needs: [.vpcEndpoints, .subnets, .routeTables], scope: .vpc
    ) { context in
        context.vpcFacts.flatMap { facts -> [Finding] in
            guard !facts.privateSubnets.isEmpty else { return [] }
            return ["s3", "dynamodb"].compactMap { service in
                guard !facts.endpoints.contains(where: { $0.service == service && $0.kind == .gateway }) else { return nil }
                let label = service == "s3" ? "S3" : "DynamoDB"
                let today = facts.privateSubnetsUseNAT ? "\(label) traffic from the private subnets goes through NAT at $0.045/GB"
                    : facts.privateSubnetsUseTransitGateway
                    ? "\(label) traffic from the private subnets goes through the transit gateway to another VPC's NAT ($0.02/GB + $0.045/GB); a gateway endpoint there cannot serve this VPC"
                    : "\(label) is out of reach of the private subnets (they have no NAT gateway)"
                return Finding(rule: "missing-free-gateway-endpoint", severity: .warning, resource: facts.vpc.id, vpc: facts.vpc.id,
                               message: "\(today): the \(label) gateway endpoint is free and this VPC has none",
                               fix: TerraformFix.gatewayEndpoint(service: service, vpc: facts.vpc.id, region: facts.region,
                                                                 routeTables: facts.privateRouteTables))
            }
        }
    }

    static let singleAZEndpoint = FindingRule(
        id: "single-az-endpoint", severity: .warning, title: "Interface endpoint in fewer AZs than its callers",
        checks: "An interface endpoint with ENIs in fewer AZs than the VPC's private subnets span.",
        why: """
        Traffic goes to the endpoint's ENI in the caller's AZ. Callers in an AZ without one cross AZs
        ($0.01/GB each way) and lose the service when the endpoint's AZ has trouble. One AZ is a fair
        saving for development ($7.30 a month per AZ); production wants every AZ.
        """,
        howToFix: "Add one private subnet in each missing AZ to the endpoint's subnet_ids.",
        needs: [.vpcEndpoints, .subnets, .routeTables], scope: .vpc
    ) { context in
        let inventory = context.inventory
        return context.vpcFacts.flatMap { facts -> [Finding] in
            let azs = Set(facts.privateSubnets.compactMap(\.availabilityZone))
            guard !azs.isEmpty else { return [] }
            return facts.endpoints.filter { $0.kind == .interface }.compactMap { endpoint in
                let zones = Set(inventory.availabilityZones(of: endpoint))
                guard zones.count < azs.count else { return nil }
                let missing = azs.subtracting(zones).sorted()
                var subnets = endpoint.subnetIDs
                for subnet in facts.onePrivateSubnetPerAZ where missing.contains(subnet.availabilityZone ?? "") {
                    subnets.append(subnet.id)
                }
                // Subnets whose AZs the sources do not say leave the endpoint's AZs unknown: no claim.
                if zones.isEmpty && !endpoint.subnetIDs.isEmpty { return nil }
                let message = zones.isEmpty
                    ? "The \(endpoint.service) endpoint has no subnets, so no ENI in any AZ: calls from \(missing.joined(separator: ", ")) cannot reach it"
                    : "The \(endpoint.service) endpoint is only in \(zones.sorted().joined(separator: ", ")): calls from \(missing.joined(separator: ", ")) cross AZs ($0.01/GB each way) and fail if \(zones.count == 1 ? "that AZ fails" : "those AZs fail")"
                return Finding(rule: "single-az-endpoint", severity: .warning, resource: endpoint.id, vpc: facts.vpc.id,
                               message: message,
                               fix: """
                               \(TerraformFix.comment("in the aws_vpc_endpoint for \(endpoint.id): one private subnet per AZ"))
                               \(TerraformFix.attributes([.attribute("subnet_ids", .ids(subnets))]))
                               """)
            }
        }
    }

    static let belowBreakEven = FindingRule(
        id: "below-break-even", severity: .info, title: "Interface endpoint costs more than NAT for its traffic",
        checks: "With traffic given (--gb): an interface endpoint whose monthly cost is above what its traffic would cost through NAT.",
        why: """
        An interface endpoint costs $0.01 per AZ-hour plus $0.01/GB; NAT charges $0.045/GB. Below the
        break-even (625.7 GB/month for 3 AZs) NAT is cheaper for that service. The endpoint may still be
        worth it: security, latency, no NAT as a single point of failure.
        """,
        howToFix: """
        Keep it if privacy or availability matter; otherwise remove it and let NAT carry the traffic, or
        run it in one AZ outside production.
        """,
        needs: [.vpcEndpoints]
    ) { context in
        guard let cost = context.cost else { return [] }
        return cost.endpoints.compactMap { line in
            guard line.type != VPCEndpoint.Kind.gateway.rawValue, line.trafficGiven, line.bypassed == nil,
                  line.monthly > line.natAlternativeMonthly + line.natHoursToAddMonthly else { return nil }
            let money = { (x: Double) in CostFormat.money(x, currency: cost.currency) }
            let breakEven = line.breakEvenGB.map { "break-even \(CostFormat.number($0, decimals: 1)) GB/month" } ?? "it never breaks even at these prices"
            var fix = "Keep it for privacy or availability, or remove it and let NAT carry \(line.service):\n  aws ec2 delete-vpc-endpoints --vpc-endpoint-ids \(ShellWord.quote(line.id))"
            if let single = cost.singleAZAlternative(forEndpoint: line.id) {
                fix += "\nIn one AZ (\(single.keptAZ ?? "one AZ")) it would cost \(money(line.monthly + single.monthlyDelta))/month."
            }
            return Finding(rule: "below-break-even", severity: .info, resource: line.id, vpc: line.vpc,
                           message: "The \(line.service) endpoint costs \(money(line.monthly))/month for \(CostFormat.number(line.dataGB, decimals: 1)) GB; through NAT the same traffic would cost \(money(line.natAlternativeMonthly + line.natHoursToAddMonthly))\(line.natHoursToAddMonthly > 0 ? " with the NAT gateway hours this VPC would add" : "") (\(breakEven))",
                           fix: fix)
        }
    }
}
