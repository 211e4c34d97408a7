import Analysis
import Model
import Testing

@Suite("Paths on the fixtures")
struct PathsFixtureTests {
    @Test("Blog: private-a reaches S3 through the gateway endpoint, Secrets Manager through its ENI in 1a")
    func blog() throws {
        let resolver = PathResolver(inventory: try PathsFixtures.blog())
        let s3 = resolver.path(from: "subnet-e58e4935e7c5f1654", to: "s3")
        #expect(s3.via == .gatewayEndpoint)
        #expect(s3.endpoint == "vpce-d92fb38065fbf700d")
        #expect(s3.hops[1].detail == ["pl-7515fdcaba6c6293c (s3) -> vpce-d92fb38065fbf700d"])
        #expect(s3.without?.via == .natGateway)
        #expect(s3.without?.costPerGB == 0.045)
        let secrets = resolver.path(from: "subnet-e58e4935e7c5f1654", to: "secretsmanager")
        #expect(secrets.via == .interfaceEndpoint)
        #expect(secrets.networkInterface == "eni-a927d558b27e6eb02")
        #expect(secrets.reachable)
        let publicA = resolver.path(from: "subnet-89412cdbe32bf9ce7", to: "s3")
        #expect(publicA.via == .internetGateway)
    }

    @Test("Broken: DNS hostnames off bypasses every interface endpoint, and app subnets have no way out")
    func broken() throws {
        let resolver = PathResolver(inventory: try PathsFixtures.broken())
        let path = resolver.path(from: "subnet-90e2346fc3e6ca4a2", to: "ecr.dkr")
        #expect(path.via == .none)
        #expect(!path.reachable)
        #expect(path.notes.contains { $0.contains("vpce-5218514a1de06bd4e") && $0.contains("enableDnsHostnames off") })
        let logs = resolver.path(from: "subnet-90e2346fc3e6ca4a2", to: "logs")
        #expect(logs.notes.contains { $0.contains("pendingacceptance") })
    }

    @Test("Broken with DNS hostnames fixed: the wrong-CIDR security group blocks Secrets Manager")
    func brokenSecurityGroup() throws {
        var contents = try PathsFixtures.broken().contents
        for i in contents.vpcs.indices { contents.vpcs[i].enableDnsHostnames = true }
        let resolver = PathResolver(inventory: Inventory(contents))
        let path = resolver.path(from: "subnet-90e2346fc3e6ca4a2", to: "secretsmanager")
        #expect(path.via == .interfaceEndpoint)
        #expect(!path.reachable)
        #expect(path.blockedHop?.blocked?.contains("endpoints-wrong-cidr") == true)
        // app-b has no ENI of that endpoint: cross-AZ to 1a.
        #expect(resolver.path(from: "subnet-3f228dc604543781f", to: "secretsmanager").crossAz)
    }

    @Test("The default service set covers every endpoint's service")
    func servicesWithEndpoints() throws {
        let resolver = PathResolver(inventory: try PathsFixtures.blog())
        #expect(resolver.servicesWithEndpoints() == ["dynamodb", "ec2messages", "ecr.api", "ecr.dkr", "kms", "logs", "s3",
                                                      "secretsmanager", "ssm", "ssmmessages", "sts"])
    }
}
