import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// STORIES.md's flows, driven key by key through the explorer's state.
@Suite struct StoryTests {
    /// Keys through the explorer's Program, the one key loop the terminal and `snapshot` use too.
    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var program = Program(state: state)
        let effects = program.press(keys)
        state = program.state
        return effects
    }

    func type(_ state: inout AppState, _ text: String) { for c in text { _ = press(&state, .character(c)) } }

    /// Story 1: the bastion check. ECR pulls go through the NAT because the VPC has no S3 endpoint;
    /// a what-if S3 gateway on the subnet's route table makes the path private and the finding goes.
    @Test func theBastionCheck() throws {
        let inventory = try SourceLoader.load([FixturePath.broken])
        var state = AppState(inventory: inventory, width: 120, height: 40)
        #expect(state.findings.contains { $0.rule == "ecr-needs-s3-gateway" })
        _ = press(&state, .character("/"))
        type(&state, "app-a")
        _ = press(&state, .enter)
        #expect(state.selectedNode?.label == "app-a")
        _ = press(&state, .character("2"))
        // Bounded: a picker that never reaches the service fails the test instead of hanging it.
        for _ in 0..<50 where state.selectedService != "ecr.dkr" { _ = press(&state, .tab, .character("s"), .tab) }
        try #require(state.selectedService == "ecr.dkr")
        let flow = state.resolver.flowPath(.ecrImagePull, from: try #require(state.focusSubnet).id)
        #expect(!flow.reachablePrivately)
        // This network also has DNS hostnames off, so the ECR endpoints are bypassed too.
        #expect(flow.publicMembers.map(\.service).contains("s3"))

        // Pick s3 in the picker and add the gateway endpoint as a what-if.
        for _ in 0..<50 where state.selectedService != "s3" { _ = press(&state, .tab, .character("S"), .tab) }
        try #require(state.selectedService == "s3")
        _ = press(&state, .tab, .character("x"))
        #expect(state.whatIf.changes.count == 1)
        #expect(Screen.render(state).text.contains("WHAT-IF: 1 change"))
        let subnet = try #require(state.focusSubnet)
        #expect(state.resolver.path(from: subnet.id, to: "s3").via == .gatewayEndpoint)
        #expect(!state.resolver.flowPath(.ecrImagePull, from: subnet.id).publicMembers.map(\.service).contains("s3"))
        #expect(!state.findings.contains { $0.rule == "ecr-needs-s3-gateway" })

        // W writes the change as Terraform to the file named at the prompt.
        _ = press(&state, .character("W"))
        #expect(state.mode == .writePath)
        for _ in 0..<20 { _ = press(&state, .backspace) }
        type(&state, "s3.tf")
        let effects = press(&state, .enter)
        guard case .writeFile(let path, let contents, _)? = effects.first else {
            Issue.record("no file written")
            return
        }
        #expect(path == "s3.tf")
        #expect(contents.contains("resource \"aws_vpc_endpoint\""))
        #expect(contents.contains("com.amazonaws.us-east-1.s3"))

        // u undoes: the finding is back.
        _ = press(&state, .character("u"))
        #expect(state.whatIf.isEmpty)
        #expect(state.findings.contains { $0.rule == "ecr-needs-s3-gateway" })
    }

    /// Story 5: the cost argument. More traffic through an endpoint changes its cost and its NAT
    /// alternative live; the article's break-even figure is on the panel.
    @Test func theCostArgument() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 40)
        _ = press(&state, .character(":"))
        type(&state, "logs-endpoint")
        _ = press(&state, .enter, .character("6"))
        #expect(state.panel == .cost && state.focusEndpoint?.service == "logs")
        let logs = try #require(state.focusEndpoint)
        let before = try #require(state.costReport.endpoint(logs.id))
        for _ in 0..<4 { _ = press(&state, .character("+")) }
        let after = try #require(state.costReport.endpoint(logs.id))
        #expect(after.dataGB > before.dataGB)
        #expect(after.monthly > before.monthly)
        #expect(after.natAlternativeMonthly > before.natAlternativeMonthly)
        let text = Screen.render(state).text
        #expect(text.contains("625.7"))
        _ = press(&state, .character("A"))
        #expect(state.singleAZ)
    }

    /// Story 3: the policy question. GetObject on a bucket the S3 policy does not name is denied
    /// implicitly; typing the ECR layer bucket's ARN turns it into an allow.
    @Test func thePolicyQuestion() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 40)
        _ = press(&state, .character(":"))
        type(&state, "s3-gateway-endpoint")
        _ = press(&state, .enter, .character("5"), .character("e"))
        #expect(state.mode == .policyEdit)
        var tester = try #require(state.policyTester)
        #expect(tester.decision?.isAllowed == true)
        // The resource field: clear it and type another bucket.
        for _ in 0..<10 where state.policyTester?.focus != .resource { _ = press(&state, .tab) }
        try #require(state.policyTester?.focus == .resource)
        for _ in 0..<80 { _ = press(&state, .backspace) }
        type(&state, "arn:aws:s3:::new-bucket/key")
        tester = try #require(state.policyTester)
        #expect(tester.decision?.isAllowed == false)
        #expect(Screen.render(state).text.contains("DENY"))
        _ = press(&state, .escape)
        #expect(state.mode == .normal)
    }

    /// Findings: Enter on a finding selects its resource in the navigator.
    @Test func aFindingLeadsToItsResource() throws {
        var state = AppState(inventory: try SourceLoader.load([FixturePath.broken]), width: 120, height: 40)
        _ = press(&state, .character("7"))
        let index = try #require(state.findings.firstIndex { $0.rule == "endpoint-not-available" })
        for _ in 0..<index { _ = press(&state, .character("j")) }
        _ = press(&state, .enter)
        #expect(state.selectedNode?.id.resourceID == state.findings[index].resource)
        #expect(state.focus == .navigator)
    }
}
