import Testing
@testable import Model

/// The indexed route lookup of a TGW route table (a hub's table has a route per spoke) answers what the
/// table's own longest-prefix scan answers, for every address: most specific wins, the first of a
/// repeated destination wins, and an address no route covers has no route.
@Suite struct TransitGatewayRouteLookupTests {
    @Test func theIndexAgreesWithTheScanForEveryKindOfAddress() throws {
        func cidr(_ text: String) throws -> IPv4CIDR { try #require(IPv4CIDR(text)) }
        var routes: [TransitGatewayRoute] = []
        for spoke in 0..<20 { routes.append(TransitGatewayRoute(destination: try cidr("10.\(spoke).0.0/16"), attachmentIDs: ["tgw-attach-\(spoke)"], type: "propagated")) }
        routes.append(TransitGatewayRoute(destination: try cidr("10.3.7.0/24"), attachmentIDs: ["tgw-attach-inspect"]))
        routes.append(TransitGatewayRoute(destination: try cidr("10.5.0.0/16"), attachmentIDs: [], state: "blackhole"))   // repeated: the first wins
        routes.append(TransitGatewayRoute(destination: try cidr("0.0.0.0/0"), attachmentIDs: ["tgw-attach-egress"]))
        let table = TransitGatewayRouteTable(id: "tgw-rtb-0123456789abcdef0", transitGatewayID: "tgw-0123456789abcdef0")
        var withRoutes = table
        withRoutes.routes = routes
        var contents = InterconnectContents()
        contents.tgwRouteTables = [withRoutes]
        let index = InterconnectIndex(contents)
        for text in ["10.3.7.9", "10.3.8.1", "10.5.1.1", "10.19.255.255", "10.20.0.1", "192.168.1.1", "10.0.0.0"] {
            let address = try #require(IPv4Address(text))
            #expect(index.route(in: withRoutes, for: address) == withRoutes.route(for: address), "\(text)")
        }
        #expect(index.route(in: withRoutes, for: try #require(IPv4Address("10.3.7.9")))?.attachmentIDs == ["tgw-attach-inspect"])
        #expect(index.route(in: withRoutes, for: try #require(IPv4Address("10.5.1.1")))?.isBlackhole == false)
        withRoutes.routes = Array(routes.dropLast())
        #expect(InterconnectIndex({ var c = contents; c.tgwRouteTables = [withRoutes]; return c }()).route(in: withRoutes, for: try #require(IPv4Address("192.168.1.1"))) == nil)
    }
}
