import Analysis
import Foundation
import Loaders
import Model
import TerraformWriter
import Testing

/// Terraform vpcx prints (finding fixes) or writes (`W`'s what-if export) carries IDs from the
/// inventory. Parsed back with vpcx's own HCL parser, it must have exactly the blocks vpcx meant,
/// whatever an ID holds: quotes, newlines, `${`/`%{`, backslashes, escape sequences.
@Suite("Generated Terraform with hostile IDs")
struct TerraformInjectionTests {
    /// Each tries to end its string (or comment) and start HCL of its own.
    static let hostile: [String] = [
        "1\"\nresource \"null_resource\" \"pwn\" {\n  provisioner \"local-exec\" { command = \"id\" }\n}\n#",
        "${file(\"/etc/passwd\")}",
        "%{ for x in [1] }x%{ endfor }",
        "$${x}\\\"",
        "1\\",
        "1\r\n}\nresource \"null_resource\" \"b\" {}",
        "\u{1B}]0;PWNED\u{07}\u{1B}[2J",
        "\u{202E}evil\u{2066}\u{85}",
        "a\u{2028}resource \"x\" \"y\" {}",
    ]

    /// A VPC whose every ID carries `h`, set up so most rules fire and fixes name those IDs.
    static func network(_ h: String, groups: Bool = true) -> (inventory: Inventory, ids: Set<String>) {
        let vpc = "vpc-\(h)", subnetA = "subnet-a\(h)", subnetB = "subnet-b\(h)", tableA = "rtb-a\(h)", tableB = "rtb-b\(h)"
        let nat = "nat-\(h)", group = "sg-\(h)", ecr = "vpce-ecr\(h)", s3 = "vpce-s3\(h)", ssm = "vpce-ssm\(h)"
        var c = InventoryContents()
        c.known = Set(ResourceKind.allCases)
        c.vpcs = [VPC(id: vpc, region: "us-east-1", cidr: IPv4CIDR("10.0.0.0/16"), enableDnsSupport: false, enableDnsHostnames: true)]
        c.subnets = [Subnet(id: "subnet-pub", vpcID: vpc, availabilityZone: "us-east-1c", cidr: IPv4CIDR("10.0.100.0/24"))]
        c.internetGateways = [InternetGateway(id: "igw-1", attachedVPCIDs: [vpc])]
        c.natGateways = [NATGateway(id: nat, vpcID: vpc, subnetID: "subnet-pub")]
        c.routeTables = [RouteTable(id: "rtb-pub", vpcID: vpc, routes: [Route(destination: .cidr(.anywhere), target: .internetGateway("igw-1"))],
                                    associations: [RouteTableAssociation(subnetID: "subnet-pub", isMain: false)])]
        for (i, (subnet, table)) in [(subnetA, tableA), (subnetB, tableB)].enumerated() {
            c.subnets.append(Subnet(id: subnet, vpcID: vpc, availabilityZone: "us-east-1\(["a", "b"][i])", cidr: IPv4CIDR("10.0.\(i + 1).0/24")))
            c.routeTables.append(RouteTable(id: table, vpcID: vpc, routes: [
                Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), target: .local),
                Route(destination: .cidr(.anywhere), target: .natGateway(nat)),
            ], associations: [RouteTableAssociation(subnetID: subnet, isMain: false)]))
        }
        if groups { c.securityGroups = [SecurityGroup(id: group, name: "endpoints", vpcID: vpc, ingress: [])] }
        c.endpoints = [
            VPCEndpoint(id: ecr, vpcID: vpc, kind: .interface, serviceName: "com.amazonaws.us-east-1.ecr.api",
                        subnetIDs: [subnetA], securityGroupIDs: [group], privateDNSEnabled: true),
            VPCEndpoint(id: s3, vpcID: vpc, kind: .gateway, serviceName: "com.amazonaws.us-east-1.s3", routeTableIDs: [tableA]),
            VPCEndpoint(id: ssm, vpcID: vpc, kind: .interface, serviceName: "com.amazonaws.us-east-1.ssm", state: "pending",
                        subnetIDs: [subnetA, subnetB], securityGroupIDs: [group], privateDNSEnabled: false),
        ]
        let ids: Set<String> = [vpc, subnetA, subnetB, tableA, tableB, nat, group, ecr, s3, ssm]
        return (Inventory(c), ids)
    }

    /// The strings a value holds (lists flattened); nil for anything else (a template, a reference).
    static func strings(_ value: HCLValue) -> [String]? {
        switch value {
        case .string(let s): return [s]
        case .bool, .number: return []
        case .list(let items), .set(let items):
            var out: [String] = []
            for item in items { guard let s = strings(item) else { return nil }; out += s }
            return out
        case .object(let members):
            var out: [String] = []
            for (_, item) in members { guard let s = strings(item) else { return nil }; out += s }
            return out
        default: return nil
        }
    }

    /// Every attribute of a body, evaluated: only literals, and every string one of `allowed`.
    static func expectLiterals(_ body: HCLBody, allowed: Set<String>, in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let evaluator = HCLEvaluator(path: "fix.tf")
        for attribute in body.attributes {
            if case .getAttr = attribute.expression { continue }
            if case .tuple(let items, _) = attribute.expression, items.allSatisfy({ if case .getAttr = $0 { true } else { false } }) { continue }
            let value = try? evaluator.evaluate(attribute.expression)
            let found = value.flatMap(strings)
            #expect(found != nil, "\(attribute.name) is not a literal in:\n\(text)", sourceLocation: sourceLocation)
            for s in found ?? [] {
                #expect(allowed.contains(s), "\(attribute.name) = \(s.debugDescription) in:\n\(text)", sourceLocation: sourceLocation)
            }
        }
        for block in body.blocks { expectLiterals(block.body, allowed: allowed, in: text, sourceLocation: sourceLocation) }
    }

    static func parse(_ text: String) throws -> HCLBody {
        try HCLParser.parseFile(bytes: Array(text.utf8), path: "fix.tf")
    }

    /// What every fix that is Terraform holds: rule → the (type, name) of its resource blocks, and
    /// the attribute names at the top level (fixes to paste into an existing block).
    static let expected: [String: (blocks: [[String]], attributes: [String])] = [
        "ecr-incomplete": ([["aws_vpc_endpoint", "ecr_dkr"]], []),
        "ssm-incomplete": ([["aws_vpc_endpoint", "ssmmessages"], ["aws_vpc_endpoint", "ec2messages"]], []),
        "missing-free-gateway-endpoint": ([["aws_vpc_endpoint", "dynamodb"]], []),
        "endpoint-sg-blocks-https": ([["aws_vpc_security_group_ingress_rule", "ecr_api_https"], ["aws_vpc_security_group_ingress_rule", "ssm_https"]], []),
        "private-dns-needs-vpc-dns": ([["aws_vpc", "main"]], []),
        "private-dns-disabled": ([], ["private_dns_enabled"]),
        "single-az-endpoint": ([], ["subnet_ids"]),
    ]

    @Test("Every Terraform fix parses back to exactly its blocks, with the IDs as plain strings", arguments: hostile)
    func findingFixes(_ h: String) throws {
        let (inventory, ids) = Self.network(h)
        let findings = FindingEngine.complete.findings(in: inventory)
        let allowed = ids.union(["Gateway", "Interface", "tcp", "10.0.0.0/16", "HTTPS from the VPC to its endpoints"]
            + ["s3", "dynamodb", "ecr.dkr", "ssmmessages", "ec2messages"].map { "com.amazonaws.us-east-1.\($0)" })
        var blocksByRule: [String: [[String]]] = [:]
        for finding in findings {
            guard let want = Self.expected[finding.rule] else { continue }
            // A fix may go on with shell commands after its Terraform; those are not HCL.
            let hcl = finding.fix.components(separatedBy: "\n# or, outside Terraform:\n")[0]
            let body = try Self.parse(hcl)
            blocksByRule[finding.rule, default: []] += body.blocks.map { [$0.type] + $0.labels }
            #expect(body.attributes.map(\.name) == want.attributes, "\(finding.rule):\n\(hcl)")
            #expect(body.blocks.allSatisfy { $0.body.blocks.isEmpty && $0.labels.allSatisfy(HCLName.isIdentifier) })
            Self.expectLiterals(body, allowed: allowed, in: hcl)
            // Nothing unprintable, and every comment is one line.
            #expect(!hcl.unicodeScalars.contains { HCLExpression.isUnprintable($0) && $0 != "\n" }, "\(finding.rule)")
        }
        #expect(Set(blocksByRule.keys) == Set(Self.expected.keys))
        for (rule, want) in Self.expected {
            #expect(blocksByRule[rule] == want.blocks.map { ["resource"] + $0 }, "\(rule)")
        }
    }

    @Test("Shell commands in fixes quote a hostile ID as one word", arguments: hostile)
    func shellWords(_ h: String) throws {
        let findings = FindingEngine.complete.findings(in: Self.network(h).inventory)
        let fix = try #require(findings.first { $0.rule == "private-dns-needs-vpc-dns" }?.fix)
        let commands = fix.components(separatedBy: "\n# or, outside Terraform:\n")[1]
        let lines = commands.split(separator: "\n")
        #expect(lines.count == 2, "\(commands)")
        for line in lines {
            #expect(line.hasPrefix("aws ec2 modify-vpc-attribute --vpc-id '") || line.hasPrefix("aws ec2 modify-vpc-attribute --vpc-id $'"), "\(line)")
        }
    }

    @Test("The what-if export parses back to exactly the added resources, removals as comments", arguments: hostile)
    func whatIfExport(_ h: String) throws {
        let (bare, ids) = Self.network(h, groups: false)
        let whatIf = WhatIf([
            .addEndpoint(service: "sqs", vpc: "vpc-\(h)", kind: .interface, subnetIDs: ["subnet-a\(h)"], routeTableIDs: []),
            .addEndpoint(service: "dynamodb", vpc: "vpc-\(h)", kind: .gateway, subnetIDs: [], routeTableIDs: ["rtb-a\(h)", "rtb-b\(h)"]),
            .disableEndpoint("vpce-ecr\(h)"),
            .removeNATGateway("nat-\(h)"),
        ])
        let text = whatIf.terraform(in: bare)
        let body = try Self.parse(text)
        #expect(body.attributes.isEmpty, "\(text)")
        let blocks = body.blocks.map { [$0.type] + $0.labels }
        #expect(blocks.count == 3, "\(text)")
        #expect(blocks.allSatisfy { $0.count == 3 && $0[0] == "resource" && HCLName.isIdentifier($0[2]) }, "\(text)")
        #expect(blocks.map { $0.count > 1 ? $0[1] : "" } == ["aws_vpc_endpoint", "aws_vpc_endpoint", "aws_security_group"])
        let allowed = ids.union(["Interface", "Gateway", "tcp", "10.0.0.0/16", "vpc-endpoints-", "sqs-endpoint", "dynamodb-endpoint",
                                 "HTTPS from the VPC", "HTTPS from the VPC to its interface endpoints",
                                 "com.amazonaws.us-east-1.sqs", "com.amazonaws.us-east-1.dynamodb"])
        Self.expectLiterals(body, allowed: allowed, in: text)
        // Every line is a comment, blank, or part of a block vpcx wrote: the removals stay comments.
        let commentLines = text.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(commentLines.count == 5, "\(text)")
        #expect(!text.unicodeScalars.contains { HCLExpression.isUnprintable($0) && $0 != "\n" })
    }

    @Test("A quoted string parses back to the same text", arguments: hostile + ["", "plain", "\u{0}\u{7F}\t"])
    func quoteRoundTrips(_ text: String) throws {
        let expr = try HCLParser.parseExpression(bytes: Array(HCLExpression.quote(text).utf8), path: "q")
        #expect(try HCLEvaluator(path: "q").evaluate(expr) == .string(text))
        #expect(HCLFile.comment(text).split(separator: "\n").count <= 1)
    }

    /// The writer copies text with nothing to escape whole and escapes the rest scalar by scalar:
    /// mixes of plain text and every character that matters must parse back the same either way.
    @Test("2,000 random strings of plain text, quotes, sigils, controls and bidi marks quote to themselves")
    func randomQuotesRoundTrip() throws {
        let pieces = ["a", "vpc-1", " ", "\"", "\\", "$", "%", "{", "}", "${x}", "%{if}", "\n", "\r", "\t", "\u{0}",
                      "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{202E}", "\u{2066}", "\u{2028}", "é", "日本", "🙂"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let quoted = HCLExpression.quote(text)
            let expr = try HCLParser.parseExpression(bytes: Array(quoted.utf8), path: "q")
            #expect(try HCLEvaluator(path: "q").evaluate(expr) == .string(text), "\(quoted)")
            #expect(!quoted.unicodeScalars.contains(where: HCLExpression.isUnprintable), "\(quoted)")
        }
    }
}
