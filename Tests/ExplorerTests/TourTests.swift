import Analysis
import Foundation
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing
import ThemeLoader

/// `vpcx tour`: which steps the plan chooses from the data and why, the screens they put the explorer
/// on, the keys that walk it, and the bar drawn over each step.
@Suite struct TourTests {
    /// The demo without the gateway endpoints of `services`: their traffic goes through the NAT gateways.
    static func demoWithout(_ services: Set<String>) -> Inventory {
        var contents = SourceLoader.demo().contents
        let gone = Set(contents.endpoints.filter { services.contains($0.service) }.map(\.id))
        contents.endpoints.removeAll { gone.contains($0.id) }
        for i in contents.routeTables.indices {
            contents.routeTables[i].routes.removeAll { route in
                if case .vpcEndpoint(let id) = route.target { return gone.contains(id) }
                return false
            }
        }
        return Inventory(contents)
    }

    static func plan(_ inventory: Inventory, traffic: Traffic = Traffic()) -> TourPlan {
        TourPlan.make(SessionAnalysis(Session(baseInventory: inventory, traffic: traffic)), traffic: traffic)
    }

    @Test func theDemoTourFollowsTheArticle() {
        let plan = Self.plan(SourceLoader.demo())
        #expect(plan.steps.map(\.topic) == TourTopic.allCases)
        #expect(plan.skipped.isEmpty)
        #expect(plan.step(.network)?.caption.plain.contains("main-vpc 10.0.0.0/16, 6 subnets in 3 AZs, 3 NAT gateways, 11 endpoints") == true)
        // Every endpoint is there, so the NAT step is the endpoint path whose "without" goes through NAT;
        // with no traffic every NAT path costs the same per GB, and the caption says traffic is not given.
        let nat = plan.step(.natPath)
        #expect(nat?.panel == .paths)
        #expect(nat?.service == "s3")
        #expect(nat?.caption.plain.contains("without it, NAT at $0.045/GB (traffic not given)") == true)
        // No interface endpoint misses an AZ in the demo: the step says so instead of naming one.
        #expect(plan.step(.enis)?.caption.plain.contains("every interface endpoint has an ENI in each of the 3 AZs") == true)
        // The S3 gateway's own policy (not the full-access default) decides the tester's request.
        #expect(plan.step(.policy)?.caption == "Policy of s3: s3:GetObject on arn:aws:s3:::acme-app/* is allowed")
        #expect(plan.step(.findings)?.caption == "Findings: 9 info; first: endpoint-full-access-policy")
    }

    @Test func theCostliestNATPathFollowsTheTraffic() throws {
        let inventory = Self.demoWithout(["s3", "dynamodb"])
        let s3Heavy = Self.plan(inventory, traffic: try Traffic.parse(["s3=500", "dynamodb=100"]))
        let s3 = try #require(s3Heavy.step(.natPath))
        #expect(s3.service == "s3")
        #expect(s3.caption.plain.contains("-> s3 goes through NAT at $0.045/GB x 500 GB = $22.50/mo"))
        let dynamoHeavy = Self.plan(inventory, traffic: try Traffic.parse(["s3=10", "dynamodb=900"]))
        #expect(dynamoHeavy.step(.natPath)?.service == "dynamodb")
        #expect(dynamoHeavy.step(.natPath)?.caption.plain.contains("x 900 GB = $40.50/mo") == true)
    }

    @Test func thePolicyStepPrefersADeny() throws {
        var contents = SourceLoader.demo().contents
        let i = try #require(contents.endpoints.firstIndex { $0.service == "kms" })
        contents.endpoints[i].policyDocument = #"{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#
        let plan = Self.plan(Inventory(contents))
        let step = try #require(plan.step(.policy))
        #expect(step.node == .endpoint(contents.endpoints[i].id))
        #expect(step.caption.plain.hasPrefix("Policy of kms: "))
        #expect(step.caption.plain.hasSuffix(" is denied"))
    }

    @Test func theBrokenFixtureSkipsWhatItLacks() throws {
        let plan = Self.plan(try ExplorerFixtures.broken())
        #expect(plan.steps.map(\.topic) == [.network, .endpointKinds, .enis, .privateDNS, .policy, .cost, .findings])
        // No NAT gateway at all: no path goes through one, and the plan says so rather than invent one.
        #expect(plan.skipped[.natPath]?.contains("reaches a service through a NAT gateway") == true)
        #expect(plan.step(.endpointKinds)?.caption.plain.contains("no gateway endpoint") == true)
        // The secretsmanager endpoint is only in us-east-1a.
        let enis = try #require(plan.step(.enis))
        #expect(enis.node == .endpoint("vpce-850b2c67f3dac9bab"))
        #expect(enis.caption.plain.contains("secretsmanager (vpce-850b2c67f3dac9bab) has no ENI in us-east-1b"))
        #expect(plan.step(.privateDNS)?.caption.plain.contains("resolves to public addresses: VPC enableDnsHostnames") == true)
        #expect(plan.step(.findings)?.caption == "Findings: 5 errors, 3 warnings, 5 info; first: ecr-needs-s3-gateway")
    }

    /// A source without describe-vpc-endpoints: the endpoints are unknown, and the tour says so.
    @Test func endpointsNotCollectedAreUnknownNotNone() throws {
        var contents = try ExplorerFixtures.broken().contents
        contents.endpoints = []
        contents.known.remove(.vpcEndpoints)
        let plan = Self.plan(Inventory(contents))
        #expect(plan.step(.network)?.caption.plain.contains("endpoints not collected") == true)
        #expect(plan.skipped[.endpointKinds] == "VPC endpoints were not collected (aws ec2 describe-vpc-endpoints)")
        #expect(plan.step(.enis) == nil)
        #expect(plan.step(.policy) == nil)
        #expect(plan.skipped[.cost] == "VPC endpoints were not collected (aws ec2 describe-vpc-endpoints)")
    }

    /// Without route tables nothing can be said about NAT paths: the step is left out, and why is named.
    @Test func routeTablesNotCollectedLeaveTheNATPathUnknown() {
        var contents = SourceLoader.demo().contents
        contents.routeTables = []
        contents.known.remove(.routeTables)
        let plan = Self.plan(Inventory(contents))
        #expect(plan.step(.natPath) == nil)
        #expect(plan.skipped[.natPath]?.hasPrefix("route tables not collected (aws ec2 describe-route-tables)") == true)
    }

    @Test func anEmptyNetworkHasOneHonestStep() {
        let plan = Self.plan(.empty)
        #expect(plan.steps.count == 1)
        #expect(plan.steps[0].caption == "No VPC in the sources: nothing to tour")
        #expect(plan.skipped.count == TourTopic.allCases.count - 1)
    }

    @Test func keysWalkTheTourAndQDropsIntoTheExplorer() throws {
        var program = Program(state: AppState(inventory: try ExplorerFixtures.broken(), width: 80, height: 24, glyphs: .ascii))
        var state = program.state
        state.startTour()
        program = Program(state: state)
        #expect(program.state.tour?.index == 0)
        #expect(program.state.panel == .detail)
        program.press([.character(" "), .right])
        #expect(program.state.tour?.index == 2)
        #expect(program.state.panel == .enis)
        #expect(program.state.selectedID == .endpoint("vpce-850b2c67f3dac9bab"))
        program.press([.left])
        #expect(program.state.tour?.index == 1)
        program.press([.character("n"), .character("n"), .character("p")])
        #expect(program.state.tour?.index == 2)
        // Back at the first step, ← says so and stays.
        program.press([.character("p"), .character("p"), .left])
        #expect(program.state.tour?.index == 0)
        #expect(program.state.message == "the first step")
        program.press([.right, .right])
        // q leaves the tour on this screen: the explorer's keys work from there, and q now quits.
        let effects = program.press([.character("q")])
        #expect(effects.isEmpty)
        #expect(program.state.tour == nil)
        #expect(program.state.panel == .enis)
        #expect(program.state.selectedID == .endpoint("vpce-850b2c67f3dac9bab"))
        program.press([.character("6")])
        #expect(program.state.panel == .cost)
        #expect(program.press([.character("q")]) == [.quit])
    }

    @Test func escQuitsTheTour() {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 40)
        state.startTour(at: 4)
        var program = Program(state: state)
        #expect(program.press([.escape]) == [.quit])
    }

    @Test func aLoadingTourStartsWhenTheNetworkArrives() {
        var (program, effects) = Program.loading([], width: 80, height: 24, glyphs: .ascii, tour: true)
        #expect(effects == [.load(sources: [])])
        #expect(program.state.tour?.plan == nil)
        #expect(program.render().text.contains("Loading the network for the tour"))
        _ = program.send(.loaded(LoadedNetwork(SourceLoader.demo())))
        #expect(program.state.tour?.plan?.steps.count == 8)
        #expect(program.state.tour?.index == 0)
        #expect(program.state.selectedID == .vpc("vpc-24a5f259ef29682f9"))
    }

    @Test func helpListsTheTourKeys() {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 60)
        state.startTour()
        var program = Program(state: state)
        program.press([.character("?"), .character("G")]) // the tour's keys are the help's last group
        let text = program.render().text
        #expect(text.contains("Tour (vpcx tour)"))
        #expect(text.contains("Tour: leave the tour and keep exploring from this screen"))
    }

    /// Every step's screen at the bastion's size in ASCII, on the demo and on the broken fixture.
    @Test(arguments: ["demo", "broken"])
    func everyStepAtEightyByTwentyFour(_ network: String) throws {
        var inventory = network == "demo" ? SourceLoader.demo() : try ExplorerFixtures.broken()
        // The header names the source: the fixture's own name, not this checkout's path to it.
        var contents = inventory.contents
        for i in contents.sources.indices where network == "broken" {
            contents.sources[i].path = "broken-us-east-1/" + (contents.sources[i].path as NSString).lastPathComponent
        }
        inventory = Inventory(contents)
        var state = AppState(inventory: inventory, width: 80, height: 24, glyphs: .ascii)
        state.startTour()
        let count = try #require(state.tour?.plan?.steps.count)
        var screens: [String] = []
        for index in 0..<count {
            var step = state
            step.startTour(at: index)
            let text = Screen.render(step).text
            // The counter and the caption's start are on screen, and nothing but ASCII.
            #expect(text.contains(" \(index + 1)/\(count) "))
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            screens.append(text)
        }
        assertSnapshot(screens.joined(separator: "\n\n"), named: "tour-\(network)-80x24-ascii")
    }

    @Test func aStepOnTheSharedScreen() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 200, height: 60)
        state.startTour(at: 2)
        assertSnapshot(Screen.render(state).text, named: "tour-demo-step3-200x60")
    }
}

/// The tour's bar stands out from the screen under it in every built-in theme.
@Suite struct TourThemeTests {
    @Test(arguments: ["default-dark", "light", "high-contrast", "monochrome"])
    func theBarIsVisibleInEveryTheme(_ name: String) throws {
        let theme = try #require(Theme.builtin(name))
        let styles = RoleStyles(theme.palette(for: Role.explorerRoles))
        var state = AppState(inventory: SourceLoader.demo(), width: 80, height: 24)
        state.startTour(at: 1)
        let grid = Screen.render(state)
        let bar = styles.style(for: grid[10, 21].style), content = styles.style(for: grid[40, 10].style)
        #expect(grid[1, 21].character == "2")
        #expect(bar != content, "the caption bar looks like the panel text in \(name)")
        // The counter is set off from the caption.
        #expect(styles.style(for: grid[1, 21].style) != bar)
    }
}
