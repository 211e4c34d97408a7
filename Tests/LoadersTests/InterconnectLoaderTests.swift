import Foundation
import Loaders
import Model
import Testing

@Suite("aws CLI answers about what lies between VPCs")
struct InterconnectLoaderTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws-cli/hub-and-spoke").path

    @Test("The hub-and-spoke fixture: TGW, attachments with their subnets and association, routes, zones and records")
    func hubAndSpoke() throws {
        let inventory = try SourceLoader.load([Self.fixture])
        let net = inventory.interconnect
        #expect(net.contents.transitGateways.count == 1)
        #expect(net.contents.transitGateways.first?.region == "eu-west-1")
        #expect(net.contents.attachments.count == 3)
        // describe-transit-gateway-attachments says the association, the VPC attachments answer the subnets: merged.
        #expect(net.contents.attachments.allSatisfy { $0.associatedRouteTableID?.hasPrefix("tgw-rtb-") == true && $0.subnetIDs.count == 2 })
        let table = try #require(net.contents.tgwRouteTables.first)
        #expect(net.contents.tgwRouteTables.count == 1)
        #expect(table.routes?.count == 4)
        #expect(table.propagations?.count == 3)
        #expect(net.contents.peerings.count == 1)
        #expect(net.contents.peerings.first?.accepter.allowsDNSResolutionFromRemote == false)
        #expect(net.contents.hostedZones.count == 4)
        #expect(net.contents.hostedZones.allSatisfy { $0.records?.count == 3 && ($0.vpcs?.count ?? 0) >= 2 && !$0.name.hasSuffix(".") })
        #expect(net.knows(.resolverRules) && net.knows(.resolverEndpoints) && net.knows(.resolverRuleAssociations))
        // The VPCs of three accounts.
        #expect(Set(inventory.vpcs.compactMap(\.ownerID)).count == 3)
    }

    @Test("A route-table answer whose file does not name its table is an error that says what to do")
    func routesWithoutTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-interconnect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("routes.json")
        try Data(#"{"Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "Type": "static", "State": "blackhole"}], "AdditionalRoutesAvailable": false}"#.utf8).write(to: file)
        let error = #expect(throws: LoadError.self) { try SourceLoader.load([file.path]) }
        #expect(error?.message.contains("tgw-rtb-") == true)
        #expect(error?.line == 1)
        let named = directory.appendingPathComponent("search-transit-gateway-routes.tgw-rtb-0123456789abcdef0.json")
        try FileManager.default.moveItem(at: file, to: named)
        let inventory = try SourceLoader.load([named.path])
        let table = try #require(inventory.interconnect.tgwRouteTable("tgw-rtb-0123456789abcdef0"))
        #expect(table.routes?.first?.isBlackhole == true)
        // Only the routes were read: associations and propagations stay unknown.
        #expect(table.propagations == nil && table.associations == nil)
    }

    @Test("A peering connection without its accepter's VPC is an error at the entry")
    func peeringWithoutAccepter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-pcx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("describe-vpc-peering-connections.json")
        try Data("{\"VpcPeeringConnections\": [\n  {\"VpcPeeringConnectionId\": \"pcx-1\", \"RequesterVpcInfo\": {\"VpcId\": \"vpc-1\"}}]}".utf8).write(to: file)
        let error = #expect(throws: LoadError.self) { try SourceLoader.load([file.path]) }
        #expect(error?.message.contains("AccepterVpcInfo.VpcId") == true)
        #expect(error?.line == 2)
    }
}
