import Foundation
import Model
import Testing
@testable import Collect

/// The calls and the files made of several answers.
@Suite struct CallPlanTests {
    @Test func eniIDsAreChunkedBy200WithoutDuplicates() {
        let ids = (0..<450).map { String(format: "eni-%017d", $0) }
        let chunks = CallPlan.chunks(ids + ids.prefix(10))
        #expect(chunks.map(\.count) == [200, 200, 50])
        #expect(chunks.flatMap { $0 } == ids)
        #expect(CallPlan.chunks([]).isEmpty)
    }

    @Test func everyCallIsADescribe() {
        for kind in ResourceKind.allCases {
            let arguments = CallPlan.arguments(for: kind, vpcIDs: ["vpc-1"])
            #expect(arguments.prefix(2) == ["ec2", kind.awsCommand][...])
            #expect(kind.awsCommand.hasPrefix("describe-"))
        }
        #expect(CallPlan.arguments(for: ResourceKind.prefixLists, vpcIDs: ["vpc-1"]) == ["ec2", "describe-prefix-lists"])
        #expect(CallPlan.arguments(for: ResourceKind.subnets, vpcIDs: []) == ["ec2", "describe-subnets"])
    }

    @Test func everyInventoryKindIsACallOfItsOwnName() {
        for kind in ResourceKind.allCases {
            #expect(CallKind(kind).operation == kind.awsCommand)
            #expect(CallKind(kind).resourceKind == kind)
        }
    }

    @Test func theNewCallsReadWithTheRightArguments() {
        #expect(CallPlan.arguments(for: CallKind.transitGateways, vpcIDs: ["vpc-1"]) == ["ec2", "describe-transit-gateways"])
        #expect(CallPlan.arguments(for: CallKind.resolverRules, vpcIDs: []) == ["route53resolver", "list-resolver-rules"])
        #expect(CallPlan.arguments(for: .transitGatewayRoutes, resource: "tgw-rtb-0a1", region: "eu-west-1")
            == ["ec2", "search-transit-gateway-routes", "--transit-gateway-route-table-id", "tgw-rtb-0a1",
                "--filters", "Name=type,Values=static,propagated"])
        #expect(CallPlan.arguments(for: .hostedZonesByVPC, resource: "vpc-1", region: "eu-west-1")
            == ["route53", "list-hosted-zones-by-vpc", "--vpc-id", "vpc-1", "--vpc-region", "eu-west-1"])
        #expect(CallPlan.arguments(for: .resourceRecordSets, resource: "Z1", region: "eu-west-1")
            == ["route53", "list-resource-record-sets", "--hosted-zone-id", "Z1", "--max-items", "\(CallPlan.maxRecordsPerZone)"])
        for call in CallKind.allCases {
            #expect(["describe-", "get-", "list-", "search-"].contains { call.operation.hasPrefix($0) }, "\(call)")
        }
    }

    @Test func onlyPrivateZonesWithWellFormedIDsAreFollowed() {
        let answer: [String: Any] = ["HostedZones": [
            ["Id": "/hostedzone/Z0PRIVATE1", "Config": ["PrivateZone": true]],
            ["Id": "/hostedzone/Z0PUBLIC", "Config": ["PrivateZone": false]],
            ["Id": "/hostedzone/../../etc", "Config": ["PrivateZone": true]],
            ["Id": "Z0BARE2", "Config": ["PrivateZone": true]],
        ]]
        #expect(CallPlan.privateHostedZoneIDs(answer) == ["Z0PRIVATE1", "Z0BARE2"])
        let tables: [String: Any] = ["TransitGatewayRouteTables": [["TransitGatewayRouteTableId": "tgw-rtb-0a1b"],
                                                                  ["TransitGatewayRouteTableId": "tgw-rtb-0a1b.json/../x"],
                                                                  ["TransitGatewayRouteTableId": "--filters"]]]
        #expect(CallPlan.transitGatewayRouteTableIDs(tables) == ["tgw-rtb-0a1b"])
    }

    @Test func severalENIAnswersMergeIntoOneFileKeepingBooleans() throws {
        let first = Data(#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "RequesterManaged": true, "Attachment": {"DeviceIndex": 1}}]}"#.utf8)
        let second = Data(#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-2", "SourceDestCheck": false}]}"#.utf8)
        let merged = try RegionScheduler.mergedNetworkInterfaces([first, second])
        let text = String(decoding: merged, as: UTF8.self)
        #expect(text.contains(#""RequesterManaged" : true"#))
        #expect(text.contains(#""SourceDestCheck" : false"#))
        #expect(text.contains(#""DeviceIndex" : 1"#))
        let object = try JSONSerialization.jsonObject(with: merged) as? [String: Any]
        let ids = (object?["NetworkInterfaces"] as? [[String: Any]])?.compactMap { $0["NetworkInterfaceId"] as? String }
        #expect(ids == ["eni-1", "eni-2"])
        #expect(try RegionScheduler.mergedNetworkInterfaces([first]) == first)
        let none = try JSONSerialization.jsonObject(with: RegionScheduler.mergedNetworkInterfaces([])) as? [String: Any]
        #expect((none?["NetworkInterfaces"] as? [Any])?.isEmpty == true)
    }

    @Test func attributeAnswersBecomeAJSONArrayInOrder() throws {
        let answers = [Data("{\n    \"VpcId\": \"vpc-1\",\n    \"EnableDnsSupport\": {\"Value\": true}\n}\n".utf8),
                       Data("{\"VpcId\": \"vpc-1\", \"EnableDnsHostnames\": {\"Value\": false}}".utf8)]
        let array = try JSONSerialization.jsonObject(with: RegionScheduler.jsonArray(answers)) as? [[String: Any]]
        #expect(array?.count == 2)
        #expect(array?.last?["EnableDnsHostnames"] as? [String: Bool] == ["Value": false])
        #expect(String(decoding: RegionScheduler.jsonArray([]), as: UTF8.self) == "[]\n")
    }
}
