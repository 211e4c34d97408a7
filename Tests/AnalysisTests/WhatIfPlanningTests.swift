import Analysis
import Loaders
import Model
import Testing

/// Where a what-if endpoint goes is chosen by the analysis from the network.
@Suite struct WhatIfPlanningTests {
    let demo = SourceLoader.demo()

    var vpc: VPC { demo.vpcs[0] }

    @Test func aGatewayEndpointGoesOnTheFocusedSubnetsRouteTable() throws {
        let subnet = try #require(demo.privateSubnets(in: vpc.id).first)
        let table = try #require(demo.routeTable(forSubnet: subnet.id))
        // A network without the demo's DynamoDB endpoint: one is added on this subnet's table.
        let dynamodb = try #require(demo.endpoints(in: vpc.id).first { $0.service == "dynamodb" })
        let base = WhatIf([.disableEndpoint(dynamodb.id)]).apply(to: demo)
        let plan = WhatIf().toggling(service: "dynamodb", vpc: vpc.id, subnetID: subnet.id, base: base, shown: base)
        #expect(plan.changes?.changes == [.addEndpoint(service: "dynamodb", vpc: vpc.id, kind: .gateway, subnetIDs: [], routeTableIDs: [table.id])])
        // Toggling again takes the added endpoint back.
        let again = try #require(plan.changes).toggling(service: "dynamodb", vpc: vpc.id, subnetID: subnet.id, base: base, shown: base)
        #expect(again.changes?.isEmpty == true)
        #expect(again.message == "what-if: removed the added dynamodb endpoint")
    }

    @Test func anInterfaceEndpointGoesInOnePrivateSubnetPerAZInAZOrder() {
        let subnets = WhatIf.interfaceEndpointSubnets(in: vpc.id, of: demo)
        let zones = subnets.compactMap { demo.subnet($0)?.availabilityZone }
        #expect(!subnets.isEmpty)
        #expect(zones == zones.sorted() && Set(zones).count == zones.count)
        #expect(subnets.allSatisfy { id in demo.subnet(id).map { demo.isPrivate($0) } == true })
        let plan = WhatIf().toggling(service: "kinesis-streams", vpc: vpc.id, subnetID: nil, base: demo, shown: demo)
        #expect(plan.changes?.changes == [.addEndpoint(service: "kinesis-streams", vpc: vpc.id, kind: .interface, subnetIDs: subnets, routeTableIDs: [])])
    }

    @Test func anExistingEndpointIsSwitchedOffThenBackOn() throws {
        let endpoint = try #require(demo.endpoints(in: vpc.id).first { $0.service == "logs" })
        let off = WhatIf().toggling(service: "logs", vpc: vpc.id, subnetID: nil, base: demo, shown: demo)
        let offChanges = try #require(off.changes)
        #expect(offChanges.changes == [.disableEndpoint(endpoint.id)])
        let on = offChanges.toggling(service: "logs", vpc: vpc.id, subnetID: nil, base: demo, shown: offChanges.apply(to: demo))
        #expect(on.changes?.changes.last == .enableEndpoint(endpoint.id))
    }

    @Test func nothingToPlanSaysWhy() {
        let plan = WhatIf().toggling(service: "s3-like", vpc: "vpc-none", subnetID: nil, base: demo, shown: demo)
        #expect(plan.changes == nil && plan.message == "no private subnet to put an interface endpoint in")
        #expect(WhatIf().removingNAT(for: nil, in: demo).changes == nil)
    }
}
