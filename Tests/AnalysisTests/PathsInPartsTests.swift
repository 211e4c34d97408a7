import Analysis
import Loaders
import Model
import Testing

/// Every subnet to every service, shared out over the cores in runs of subnets, gives the paths one
/// run gives, in the order asked.
@Suite struct PathsInPartsTests {
    @Test("One run, uneven runs and a run per subnet give the same paths in the same order", arguments: ["blog", "broken", "hub"])
    func partsAgree(_ fixture: String) throws {
        let inventory = try SourceLoader.load([PathsFixtures.root + "/" + (fixture == "hub" ? "hub-and-spoke" : fixture == "blog" ? "blog-eu-west-1" : "broken-us-east-1")])
        let resolver = PathResolver(inventory: inventory)
        // An unknown subnet among them answers in its place too.
        let subnets = inventory.subnets.map(\.id) + ["subnet-not-there"]
        let services = ["s3", "secretsmanager", "ecr.dkr", "sts", "dynamodb"]
        let one = resolver.paths(from: subnets, services: services, parts: 1)
        #expect(one.count == subnets.count * services.count)
        #expect(one.contains { $0.reachable } && one.contains { !$0.reachable })
        for parts in [2, 3, subnets.count] {
            #expect(resolver.paths(from: subnets, services: services, parts: parts) == one)
        }
        // And each is the path asked on its own.
        #expect(one[1] == resolver.path(from: subnets[0], to: services[1]))
    }

    @Test("No subnets or no services give no paths, however many runs are asked for")
    func nothingAsked() throws {
        let inventory = try SourceLoader.load([PathsFixtures.root + "/hub-and-spoke"])
        let resolver = PathResolver(inventory: inventory)
        let subnets = inventory.subnets.map(\.id)
        for parts in [nil, 1, 2] {
            #expect(resolver.paths(from: [], services: ["s3"], parts: parts).isEmpty)
            #expect(resolver.paths(from: subnets, services: [], parts: parts).isEmpty)
        }
    }
}
