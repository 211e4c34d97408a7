import Testing
@testable import Model

@Suite struct IPv4Tests {
    @Test func parsesAndPrintsCIDR() throws {
        let block = try #require(IPv4CIDR("10.0.1.7/24"))
        #expect(block.description == "10.0.1.0/24")
        #expect(block.size == 256)
        #expect(block.contains(IPv4Address("10.0.1.200")!))
        #expect(!block.contains(IPv4Address("10.0.2.1")!))
    }

    @Test(arguments: ["", "10.0.0.0", "10.0.0/8", "10.0.0.0/33", "256.0.0.0/8", "::/0", "a.b.c.d/1"])
    func rejectsMalformedCIDR(_ text: String) {
        #expect(IPv4CIDR(text) == nil)
    }

    @Test func containmentOfBlocks() {
        let vpc = IPv4CIDR("10.0.0.0/16")!
        #expect(vpc.contains(IPv4CIDR("10.0.3.0/24")!))
        #expect(!IPv4CIDR("10.0.3.0/24")!.contains(vpc))
        #expect(IPv4CIDR.anywhere.contains(vpc))
    }

    @Test func serviceNames() {
        #expect(ServiceName.short("com.amazonaws.eu-west-1.ecr.dkr") == "ecr.dkr")
        #expect(ServiceName.region("com.amazonaws.us-gov-west-1.s3") == "us-gov-west-1")
        #expect(ServiceName.short("com.amazonaws.vpce.us-east-1.vpce-svc-0123") == "com.amazonaws.vpce.us-east-1.vpce-svc-0123")
        #expect(PrefixList(id: "pl-1", name: "com.amazonaws.global.cloudfront.origin-facing").service == nil)
    }
}
