import Foundation
import Testing
@testable import Loaders
import Model

/// Every shape the aws CLI and its users produce (Fixtures/shapes, written for these tests): what
/// each loads as, and what it warns about.
@Suite("Inventory shapes")
struct InventoryShapesTests {
    static let root = FixturePaths.root + "/shapes"

    /// One shape: a fixture (file or directory), the kinds it must make known, what it must hold, and
    /// the words a load warning must contain (nil: no warning).
    struct Shape: CustomTestStringConvertible, Sendable {
        var fixture: String
        var known: Set<ResourceKind>
        var check: @Sendable (Inventory) -> Bool
        var warning: String?
        var testDescription: String { fixture }
    }

    static let shapes: [Shape] = [
        Shape(fixture: "envelope-subnets.json", known: [.subnets], check: { $0.subnets.count == 2 }),
        Shape(fixture: "bare-subnets.json", known: [.subnets],
              check: { $0.subnets.map(\.id) == ["subnet-shape1", "subnet-shape2"] && $0.vpcs.isEmpty }),
        Shape(fixture: "bare-vpcs.json", known: [.vpcs], check: { $0.vpc("vpc-shape")?.cidr?.description == "10.9.0.0/16" }),
        Shape(fixture: "bare-route-tables.json", known: [.routeTables],
              check: { $0.mainRouteTable["vpc-shape"] != nil && $0.routeTable("rtb-shapev6")?.routes.count == 10 }),
        Shape(fixture: "bare-endpoints.json", known: [.vpcEndpoints], check: { inventory in
            let kinds = inventory.endpoints.map(\.kind)
            guard kinds == [.gateway, .interface, .gatewayLoadBalancer, .resource, .serviceNetwork],
                  let resource = inventory.endpoint("vpce-shaperes"), let network = inventory.endpoint("vpce-shapesn"),
                  let interface = inventory.endpoint("vpce-shapeif") else { return false }
            return resource.serviceName.hasPrefix("arn:aws:vpc-lattice:") && network.serviceName.contains("servicenetwork")
                && interface.ipAddressType == "dualstack" && interface.dnsRecordIPType == "dualstack"
                && interface.privateDNSOnlyForInboundResolverEndpoint == true
                // aws CLI v1, v2 and boto3 timestamps are kept as written.
                && inventory.endpoint("vpce-shapegw")?.created == "2019-09-12T09:36:31.000Z"
                && interface.created == "2024-05-01 10:00:00+00:00"
        }),
        Shape(fixture: "bare-network-interfaces.json", known: [.networkInterfaces], check: { inventory in
            // AWS-managed ENIs (endpoint, Lambda, EFS, RDS, GWLB endpoint) are kept and attributed; instance ENIs counted.
            let kept = Set(inventory.networkInterfaces.map(\.id))
            guard kept == ["eni-shapeif", "eni-shapelambda", "eni-shapeefs", "eni-shaperds", "eni-shapegwlbe"],
                  let rds = inventory.networkInterface("eni-shaperds"), let eni = inventory.networkInterface("eni-shapeif") else { return false }
            return rds.requesterManaged && rds.requesterID == "amazon-rds" && eni.ipv6Addresses == ["2600:1f18:900:1::10"]
                && inventory.networkInterface("eni-shapelambda")?.interfaceType == "lambda"
                && inventory.contents.otherInterfaceCount == ["subnet-shape1": 1, "subnet-shape2": 1]
        }),
        Shape(fixture: "several-kinds.json", known: [.vpcs, .subnets, .routeTables], check: { inventory in
            guard let v6 = inventory.subnet("subnet-shape3") else { return false }
            return inventory.vpcs.count == 1 && inventory.subnets.count == 3 && inventory.routeTables.count == 2
                && v6.isIPv6Only && v6.cidr == nil && v6.ipv6CIDRs == ["2600:1f18:900:3::/64"] && v6.addressFamily == .ipv6
        }),
        Shape(fixture: "pages-array.json", known: [.subnets], check: { $0.subnets.map(\.id) == ["subnet-shape1", "subnet-shape2"] }),
        Shape(fixture: "pages-concatenated.json", known: [.subnets], check: { $0.subnets.count == 2 }),
        Shape(fixture: "pages-in-files", known: [.subnets], check: { $0.subnets.map(\.id) == ["subnet-shape1", "subnet-shape2"] }),
        Shape(fixture: "open-page.json", known: [.subnets], check: { $0.subnets.count == 1 && $0.contents.incomplete == [.subnets] },
              warning: "subnets may be incomplete"),
        Shape(fixture: "beside-others", known: [.subnets], check: { $0.subnets.count == 1 },
              warning: "iam-get-account-authorization-details.json: skipped: not an aws ec2 describe-* answer"),
        // `--query 'VpcEndpoints[].{…}'` picking fields: what it left out is unknown, not "off" or "available".
        Shape(fixture: "query-picked-fields.json", known: [.vpcEndpoints], check: { inventory in
            inventory.unknown("vpce-shapepicked", "privateDNSEnabled") != nil && inventory.unknown("vpce-shapepicked", "state") != nil
        }),
        Shape(fixture: "vpc-attributes.json", known: [.vpcAttributes],
              check: { $0.vpc("vpc-shape")?.enableDnsSupport == true && $0.vpc("vpc-shape")?.enableDnsHostnames == false }),
    ]

    @Test("each shape loads", arguments: shapes)
    func loads(_ shape: Shape) throws {
        let inventory = try SourceLoader.load([Self.root + "/" + shape.fixture])
        #expect(inventory.contents.known == shape.known)
        #expect(shape.check(inventory))
        if let warning = shape.warning {
            #expect(inventory.contents.warnings.contains { $0.contains(warning) }, "\(inventory.contents.warnings)")
        } else {
            #expect(inventory.contents.warnings.isEmpty, "\(inventory.contents.warnings)")
        }
    }

    /// How PowerShell and Windows editors save the same answer.
    static let encodings: [(name: String, encode: @Sendable (String) -> [UInt8])] = [
        ("UTF-8 with BOM", { [0xEF, 0xBB, 0xBF] + Array($0.utf8) }),
        ("UTF-16LE with BOM", { text in [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }),
        ("UTF-16BE with BOM", { text in [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }),
        ("UTF-16LE without BOM", { text in text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }),
        ("CRLF", { Array($0.replacingOccurrences(of: "\n", with: "\r\n").utf8) }),
    ]

    @Test("each encoding loads as UTF-8 does", arguments: encodings.indices)
    func encodingLoads(_ index: Int) throws {
        let (name, encode) = Self.encodings[index]
        // A non-ASCII tag shows the text, not only the structure, survives the transcoding.
        let text = try String(contentsOfFile: Self.root + "/several-kinds.json", encoding: .utf8)
            .replacingOccurrences(of: "\"shapes\"", with: "\"Réseau ☁ shapes\"")
        let directory = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/describe.json"
        try Data(encode(text)).write(to: URL(fileURLWithPath: path))
        let inventory = try SourceLoader.load([path])
        #expect(inventory.subnets.count == 3, "\(name)")
        #expect(inventory.vpc("vpc-shape")?.name == "Réseau ☁ shapes", "\(name)")
    }

    @Test("a bad UTF-16 file still reports line and column")
    func utf16ErrorPosition() throws {
        let directory = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/broken.json"
        try Data([0xFF, 0xFE] + "{\n  \"Subnets\": [,]\n}".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: URL(fileURLWithPath: path))
        #expect { try SourceLoader.load([path]) } throws: { error in
            (error as? LoadError)?.description.hasPrefix(path + ":2:") == true
        }
    }

    @Test("an instance list (--query Reservations[].Instances[]) is not taken for subnets")
    func otherItemsAreNotMisread() throws {
        let inventory = try SourceLoader.load([Self.root + "/beside-others"])
        #expect(inventory.subnets.map(\.id) == ["subnet-shape1"])
        #expect(inventory.contents.warnings.contains { $0.contains("ec2-describe-instances.json: skipped") })
        // Named on the command line, it is an error, not a silent exit 0.
        #expect(throws: LoadError.self) { try SourceLoader.load([Self.root + "/beside-others/ec2-describe-instances.json"]) }
    }

    @Test("route targets and IPv6 routes are read as what they are")
    func routeTargets() throws {
        let table = try #require(try SourceLoader.load([Self.root + "/bare-route-tables.json"]).routeTable("rtb-shapev6"))
        let targets = table.routes.map(\.target.title)
        #expect(targets.contains("egress-only internet gateway") && targets.contains("transit gateway"))
        #expect(targets.contains("local gateway (Outposts)") && targets.contains("carrier gateway (Wavelength)"))
        #expect(targets.contains("Cloud WAN core network") && targets.contains("VPC peering connection"))
        #expect(table.routes.contains { $0.destination == .ipv6("::/0") && $0.target == .egressOnlyInternetGateway("eigw-shape") })
        // An instance route names the instance and its ENI: the instance is the target.
        #expect(table.routes.contains { $0.target == .instance("i-shapenat") })
    }

    /// Pages merged one after another share the positions of what came before (the loader keeps one
    /// index for a whole answer, not one per page): a later page's resource replaces the earlier one
    /// in its place, and every other stays once, whether the pages are printed one after another, in a
    /// list, or the answers are a list of describe-vpc-attribute items.
    @Test("many pages repeating IDs merge into one list, the later page winning in place", arguments: ["concatenated", "list"])
    func pagesRepeatingIDs(_ layout: String) throws {
        func subnet(_ n: Int, cidr: String) -> String {
            #"{"SubnetId": "subnet-p\#(n)", "VpcId": "vpc-p", "CidrBlock": "\#(cidr)", "AvailabilityZone": "eu-west-1a", "State": "available"}"#
        }
        // 40 pages of 5; page 39 repeats the first page's subnets with other CIDRs.
        let pages = (0..<40).map { page in
            let items = (0..<5).map { i in
                page == 39 ? subnet(i, cidr: "10.200.\(i).0/24") : subnet(page * 5 + i, cidr: "10.\(page).\(i).0/24")
            }
            return #"{"Subnets": [\#(items.joined(separator: ", "))]}"#
        }
        let text = layout == "list" ? "[" + pages.joined(separator: ",\n") + "]" : pages.joined(separator: "\n")
        let directory = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try text.write(toFile: directory + "/describe-subnets.json", atomically: true, encoding: .utf8)
        let attributes = (0..<30).flatMap { n in [
            #"{"VpcId": "vpc-a\#(n)", "EnableDnsSupport": {"Value": true}}"#,
            #"{"VpcId": "vpc-a\#(n)", "EnableDnsHostnames": {"Value": \#(n % 2 == 0)}}"#,
        ] }
        try ("[" + attributes.joined(separator: ",\n") + "]").write(toFile: directory + "/describe-vpc-attribute.json", atomically: true, encoding: .utf8)
        let inventory = try SourceLoader.load([directory])
        #expect(inventory.subnets.count == 39 * 5)
        #expect(inventory.subnets.prefix(5).map(\.cidr?.description) == (0..<5).map { "10.200.\($0).0/24" })
        #expect(inventory.subnets.map(\.id) == (0..<(39 * 5)).map { "subnet-p\($0)" })
        #expect(inventory.vpcs.map(\.id) == (0..<30).map { "vpc-a\($0)" })
        #expect(inventory.vpcs.allSatisfy { $0.enableDnsSupport == true })
        #expect(inventory.vpcs.map(\.enableDnsHostnames) == (0..<30).map { $0 % 2 == 0 })
    }
}
