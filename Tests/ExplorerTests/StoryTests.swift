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

    /// The demo network without its S3 gateway endpoint: the ECR endpoints are there, the layers are not.
    func demoWithoutS3Gateway() -> Inventory {
        var contents = SourceLoader.demo().contents
        let s3 = Set(contents.endpoints.filter { $0.service == "s3" }.map(\.id))
        contents.endpoints.removeAll { s3.contains($0.id) }
        for i in contents.routeTables.indices {
            contents.routeTables[i].routes.removeAll { route in
                if case .vpcEndpoint(let id) = route.target { return s3.contains(id) }
                return false
            }
        }
        return Inventory(contents)
    }

    /// Story 1 at the bastion's size: 80x24, ASCII. Paths on ecr.dkr draws the image pull as its legs,
    /// and the S3 leg through the NAT is on screen in the error role, named as the leak; after the
    /// what-if S3 gateway the leg is private and `ecr-needs-s3-gateway` is gone.
    @Test func theBastionCheckAtEightyByTwentyFour() throws {
        var state = AppState(inventory: demoWithoutS3Gateway(), width: 80, height: 24, glyphs: .ascii)
        #expect(state.findings.contains { $0.rule == "ecr-needs-s3-gateway" })
        _ = press(&state, .character("/"))
        type(&state, "private-a")
        _ = press(&state, .enter)
        try #require(state.selectedNode?.label == "private-a")
        _ = press(&state, .character("2"))
        for _ in 0..<50 where state.selectedService != "ecr.dkr" { _ = press(&state, .tab, .character("s"), .tab) }
        try #require(state.selectedService == "ecr.dkr")
        let grid = Screen.render(state)
        let text = grid.text
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let leg = try #require(rows.firstIndex { $0.contains("x s3") && $0.contains("via NAT gateway") },
                               "the S3 leg through NAT is drawn:\n\(text)")
        #expect(rows[leg].contains("$0.045/GB"))
        #expect(text.contains("+ ecr.dkr") && text.contains("+ ecr.api"))
        #expect(text.contains("Verdict: leaks: s3 through the NAT"))
        // The leg's cells are in the error role, not only its words.
        let column = try #require(rows[leg].range(of: "s3").map { rows[leg].distance(from: rows[leg].startIndex, to: $0.lowerBound) })
        #expect(grid[column, leg].style.role == .severityError)

        // The what-if S3 gateway on the subnet's route table: the leg turns private, the finding goes.
        for _ in 0..<50 where state.selectedService != "s3" { _ = press(&state, .tab, .character("S"), .tab) }
        try #require(state.selectedService == "s3")
        _ = press(&state, .tab, .character("x"))
        #expect(state.whatIf.changes.count == 1)
        #expect(!state.findings.contains { $0.rule == "ecr-needs-s3-gateway" })
        for _ in 0..<50 where state.selectedService != "ecr.dkr" { _ = press(&state, .tab, .character("s"), .tab) }
        let after = Screen.render(state).text
        #expect(after.contains("+ s3") && after.contains("via gateway endpoint"), "\(after)")
        #expect(after.contains("Verdict: private"))
    }

    /// Story 2's question on the logs endpoint: `A` (one AZ) redraws the chart and the break-even
    /// with one ENI's hours and the cross-AZ charge two AZs' traffic then pays. In three AZs the line
    /// starts at $21.90 and climbs $0.01/GB (break-even 625.7 GB); in one AZ it starts at $7.30 and
    /// climbs $0.01 + 2/3 × $0.02 per GB (break-even 7.30 / (0.045 − 0.02333) = 336.9 GB).
    @Test func theDesignReviewSingleAZ() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 200, height: 50)
        _ = press(&state, .character(":"))
        type(&state, "logs-endpoint")
        _ = press(&state, .enter, .character("6"), .tab)
        try #require(state.panel == .cost && state.focusEndpoint?.service == "logs")
        for _ in 0..<5 { _ = press(&state, .character("+")) } // 250 GB/month
        let threeAZ = try #require(CostPanel.model(state))
        let wide = try #require(threeAZ.chart)
        #expect(abs(wide.endpointFixed - 21.90) < 0.001)
        #expect(abs(wide.endpointPerGB - 0.01) < 1e-9)
        #expect(abs((wide.breakEvenGB ?? 0) - 625.714) < 0.01)
        #expect(Screen.render(state).text.contains("Break-even"))
        #expect(Screen.render(state).text.contains("Traffic to logs (+/-)"))

        _ = press(&state, .character("A"))
        let oneAZ = try #require(CostPanel.model(state))
        let narrow = try #require(oneAZ.chart)
        #expect(abs(narrow.endpointFixed - 7.30) < 0.001)
        #expect(abs(narrow.endpointPerGB - (0.01 + 2.0 / 3.0 * 0.02)) < 1e-9)
        #expect(abs((narrow.breakEvenGB ?? 0) - 7.30 / (0.045 - 0.01 - 2.0 / 3.0 * 0.02)) < 0.01)
        let text = Screen.render(state).text
        #expect(text.contains("Break-even in one AZ"))
        #expect(text.contains("336.9"))
        // 250 GB, two thirds from the other AZs, both ways at $0.01: +$3.33 of cross-AZ, −$14.60 of hours.
        #expect(text.contains("+$3.33") && text.contains("-$14.60"))
    }

    /// Every line the focused panel can show, from its top to its end, by scrolling with `j` the way a
    /// person would at a small terminal (bounded: a panel longer than this fails the test).
    func reachableText(_ state: inout AppState) -> String {
        _ = press(&state, .character("g"))
        var seen = Screen.render(state).text
        for _ in 0..<200 {
            let before = Screen.render(state).text
            _ = press(&state, .character("j"))
            let after = Screen.render(state).text
            if after == before { break }
            seen += "\n" + after
        }
        return seen
    }

    /// Stories 2 and 5 at a bastion's 80x24 in ASCII: the Cost panel's answer (the break-even in
    /// three AZs, then the single-AZ break-even and its cross-AZ charge) is on screen or reached by
    /// scrolling the panel, not cut off below its edge.
    @Test func theCostAnswersAtEightyByTwentyFour() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 80, height: 24, glyphs: .ascii)
        _ = press(&state, .character(":"))
        type(&state, "logs-endpoint")
        _ = press(&state, .enter, .character("6"))
        try #require(state.panel == .cost && state.focusEndpoint?.service == "logs")
        for _ in 0..<5 { _ = press(&state, .character("+")) }
        let threeAZ = reachableText(&state)
        #expect(threeAZ.contains("625.7"), "\(threeAZ)")
        #expect(threeAZ.contains("Traffic to logs (+/-)"))
        _ = press(&state, .character("A"))
        let oneAZ = reachableText(&state)
        #expect(oneAZ.contains("336.9"), "\(oneAZ)")
        #expect(oneAZ.contains("+$3.33") && oneAZ.contains("-$14.60"))
    }

    /// Story 6 at 80x24: `/` with a tag value finds the VPC and puts it on screen, selected.
    @Test func theBigAccountFilterAtEightyByTwentyFour() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 80, height: 24, glyphs: .ascii)
        _ = press(&state, .character("/"))
        type(&state, "main-vpc")
        _ = press(&state, .enter)
        let text = Screen.render(state).text
        #expect(text.contains("main-vpc"))
        #expect(state.selectedNode?.label == "main-vpc")
    }

    /// Story 5: the cost argument. More traffic through an endpoint changes its cost and its NAT
    /// alternative live; the break-even is on the panel, with what the naive figure leaves out.
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
        #expect(!text.contains("article"))
    }

    /// Story 5 from the command line's report: with Lee's volumes each endpoint gets its verdict.
    @Test func theCostArgumentVerdicts() throws {
        let traffic = try Traffic.parse(["s3=4000", "logs=300", "secretsmanager=2"])
        let inventory = SourceLoader.demo()
        let report = CostReport(inventory: inventory, traffic: traffic)
        let text = report.text(inventory: inventory)
        func row(_ service: String) -> String? {
            text.split(separator: "\n").map(String.init).first { $0.contains(" \(service) ") && $0.contains("vpce-") }
        }
        #expect(row("s3")?.hasSuffix("keep: free, saves $180.00") == true)
        #expect(row("logs")?.hasSuffix("NAT cheaper by $11.40") == true)
        #expect(row("secretsmanager")?.hasSuffix("NAT cheaper by $21.83") == true)
        #expect(row("ssm")?.hasSuffix("set traffic: pays off above 625.7 GB") == true)
        #expect(text.contains("Monthly cost: # endpoint, = same traffic via NAT"))
        #expect(text.contains("warning: us-east-1 list prices stand in for eu-west-1"))
        #expect(!text.contains("article"))
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
