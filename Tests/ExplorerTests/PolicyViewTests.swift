import Analysis
import Canvas
import Loaders
import Model
import Testing
@testable import Explorer

/// The Policy view and its request tester, on the built-in demo (the article's network).
@Suite("Policy view")
struct PolicyViewTests {
    static let inventory = SourceLoader.demo()

    static func endpoint(_ service: String) throws -> VPCEndpoint {
        try #require(inventory.endpoints.first { $0.service == service })
    }

    /// Story 3: the developer types a new bucket into the tester of the S3 endpoint.
    static func newBucketTester() throws -> (VPCEndpoint, PolicyTester) {
        let s3 = try endpoint("s3")
        var tester = PolicyTester(endpoint: s3, inventory: inventory)
        tester.clearField()
        tester.insert("arn:aws:s3:::acme-new/reports/q1.csv")
        return (s3, tester)
    }

    func render(_ endpoint: VPCEndpoint, _ tester: PolicyTester, width: Int, height: Int, ascii: Bool = false,
                scroll: Int? = nil) -> Grid {
        var grid = Grid(width: width, height: height)
        drawPolicyView(endpoint: endpoint, inventory: Self.inventory, tester: tester, into: &grid, rect: grid.bounds,
                       context: DrawContext(glyphs: ascii ? .ascii : .unicode), scroll: scroll)
        return grid
    }

    // MARK: Snapshots

    @Test func snapshotDeny80x24() throws {
        let (s3, tester) = try Self.newBucketTester()
        assertSnapshot(render(s3, tester, width: 80, height: 24).text, named: "policy-s3-deny-80x24")
    }

    @Test func snapshotDeny80x24ASCII() throws {
        let (s3, tester) = try Self.newBucketTester()
        let grid = render(s3, tester, width: 80, height: 24, ascii: true)
        #expect(grid.text.unicodeScalars.allSatisfy { $0.isASCII })
        assertSnapshot(grid.text, named: "policy-s3-deny-80x24-ascii")
    }

    @Test func snapshotDeny160x48() throws {
        let (s3, tester) = try Self.newBucketTester()
        assertSnapshot(render(s3, tester, width: 160, height: 48).text, named: "policy-s3-deny-160x48")
    }

    @Test func snapshotDeny160x48ASCII() throws {
        let (s3, tester) = try Self.newBucketTester()
        let grid = render(s3, tester, width: 160, height: 48, ascii: true)
        #expect(grid.text.unicodeScalars.allSatisfy { $0.isASCII })
        assertSnapshot(grid.text, named: "policy-s3-deny-160x48-ascii")
    }

    @Test func snapshotAllowECRLayers80x24() throws {
        let s3 = try Self.endpoint("s3")
        var tester = PolicyTester(endpoint: s3, inventory: Self.inventory)
        tester.setField(.resource, to: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/sha256:4f1c")
        assertSnapshot(render(s3, tester, width: 80, height: 24).text, named: "policy-s3-allow-ecr-80x24")
    }

    @Test func snapshotAllowECRLayers160x48() throws {
        let s3 = try Self.endpoint("s3")
        var tester = PolicyTester(endpoint: s3, inventory: Self.inventory)
        tester.setField(.resource, to: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/sha256:4f1c")
        assertSnapshot(render(s3, tester, width: 160, height: 48).text, named: "policy-s3-allow-ecr-160x48")
    }

    @Test func snapshotSecretsManager100x30() throws {
        let secrets = try Self.endpoint("secretsmanager")
        let tester = PolicyTester(endpoint: secrets, inventory: Self.inventory)
        assertSnapshot(render(secrets, tester, width: 100, height: 30).text, named: "policy-secretsmanager-100x30")
    }

    @Test func snapshotDefaultPolicy80x24() throws {
        var kms = try Self.endpoint("kms")
        kms.policyDocument = nil
        let tester = PolicyTester(endpoint: kms, inventory: Self.inventory)
        assertSnapshot(render(kms, tester, width: 80, height: 24).text, named: "policy-default-80x24")
    }

    @Test func snapshotMalformed80x24() throws {
        var sts = try Self.endpoint("sts")
        sts.policyDocument = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"sts:*\", \"Resource\": \"*\"},\n    {\"Effect\": \"Permit\", \"Action\": \"*\"}\n  ]\n}"
        let tester = PolicyTester(endpoint: sts, inventory: nil)
        let grid = render(sts, tester, width: 80, height: 24)
        #expect(grid.text.contains("4:16: Statement 2: Effect must be Allow or Deny"))
        assertSnapshot(grid.text, named: "policy-malformed-80x24")
    }

    // MARK: Meaning

    @Test("the answer is in words and roles")
    func answerWordsAndRoles() throws {
        let (s3, denied) = try Self.newBucketTester()
        let deny = render(s3, denied, width: 80, height: 24)
        let denyRow = try #require((0..<24).first { deny.text(row: $0).contains("DENY (implicit: no statement allows s3:GetObject") })
        let x = try #require(Array(deny.text(row: denyRow)).firstIndex(of: "D"))
        #expect(deny[x, denyRow].style.role == .severityError)
        #expect(deny.text.contains("closest: statement 1 \"AllowSpecificBuckets\""))
        #expect(deny.text.contains("Access Denied"))

        let allowed = PolicyTester(endpoint: s3, inventory: Self.inventory)
        let allow = render(s3, allowed, width: 80, height: 24)
        let allowRow = try #require((0..<24).first { allow.text(row: $0).contains("ALLOW (statement 1 \"AllowSpecificBuckets\")") })
        let ax = try #require(Array(allow.text(row: allowRow)).firstIndex(of: "A"))
        #expect(allow[ax, allowRow].style.role == .ok)
    }

    @Test("the deciding statement is marked and highlighted")
    func decidingStatementHighlighted() throws {
        let s3 = try Self.endpoint("s3")
        var tester = PolicyTester(endpoint: s3, inventory: Self.inventory)
        tester.setField(.resource, to: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/x")
        let grid = render(s3, tester, width: 80, height: 24)
        let sidRow = try #require((0..<24).first { grid.text(row: $0).contains("\"AllowECRBuckets\"") })
        let row = Array(grid.text(row: sidRow))
        let sidX = try #require(row.firstIndex(of: "\""))
        #expect(grid[sidX, sidRow].style.role == .ok)
        // The statement's first line carries the marker and the word.
        let marked = grid.text.split(separator: "\n").filter { $0.contains("▶") && $0.contains("{") && $0.contains("ALLOWS this request") }
        #expect(marked.count == 1)
    }

    @Test("the failing element of the closest statement is marked")
    func closestStatementMarked() throws {
        let (s3, tester) = try Self.newBucketTester()
        let grid = render(s3, tester, width: 80, height: 24)
        let rows = grid.text.split(separator: "\n")
        #expect(rows.contains { $0.contains("? ") && $0.contains("{") && $0.contains("closest: 3 of 4 match") })
        #expect(rows.contains { $0.contains("✗ ") && $0.contains("\"Resource\": [") && $0.contains("no match: resource") })
        // The parts that matched are not marked as failures.
        #expect(!rows.contains { $0.contains("✗") && $0.contains("\"Action\"") })
    }

    @Test("never draws outside its rect, at any size")
    func staysInsideItsRect() throws {
        let (s3, tester) = try Self.newBucketTester()
        for (w, h) in [(1, 1), (5, 2), (12, 3), (30, 8), (79, 23), (119, 40), (121, 12), (200, 60)] {
            for ascii in [false, true] {
                var grid = Grid(width: w + 4, height: h + 4, fill: Cell("#"))
                let rect = Rect(x: 2, y: 2, width: w, height: h)
                drawPolicyView(endpoint: s3, inventory: Self.inventory, tester: tester, into: &grid, rect: rect,
                               context: DrawContext(glyphs: ascii ? .ascii : .unicode), scroll: nil)
                for y in 0..<grid.height {
                    for x in 0..<grid.width where !rect.contains(x: x, y: y) {
                        #expect(grid[x, y].character == "#", "\(w)x\(h) drew at \(x),\(y)")
                    }
                }
            }
        }
    }

    @Test("scrolling shows a window of the policy and says where")
    func scrolling() throws {
        let (s3, tester) = try Self.newBucketTester()
        let top = render(s3, tester, width: 80, height: 24, scroll: 0)
        #expect(top.text.contains("\"Version\": \"2012-10-17\""))
        #expect(top.text.contains("lines 1-"))
        let far = render(s3, tester, width: 80, height: 24, scroll: 999)
        #expect(!far.text.contains("\"Version\""))
        #expect(far.text.contains("of 28"))
    }

    // MARK: Tester editing

    @Test("the tester opens on the service's default request")
    func defaults() throws {
        let tester = PolicyTester(endpoint: try Self.endpoint("s3"), inventory: Self.inventory)
        #expect(tester.action == "s3:GetObject")
        #expect(tester.resource == "arn:aws:s3:::acme-app/*")
        #expect(tester.principal == "")
        #expect(tester.focus == .resource)
        #expect(tester.cursor == tester.resource.count)
        #expect(tester.decision?.isAllowed == true)
    }

    @Test("typing changes the answer live")
    func typingRecomputes() throws {
        var tester = PolicyTester(endpoint: try Self.endpoint("s3"), inventory: Self.inventory)
        tester.moveCursorToStart()
        tester.moveCursor(by: "arn:aws:s3:::acme-".count)
        for _ in 0..<3 { tester.deleteForward() } // "app"
        #expect(tester.resource == "arn:aws:s3:::acme-/*")
        #expect(tester.decision?.isAllowed == false)
        tester.insert("logs")
        #expect(tester.resource == "arn:aws:s3:::acme-logs/*")
        #expect(tester.cursor == "arn:aws:s3:::acme-logs".count)
        #expect(tester.decision?.decidingStatement?.statement.sid == "AllowSpecificBuckets")
        tester.backspace()
        #expect(tester.resource == "arn:aws:s3:::acme-log/*")
        #expect(tester.decision?.isAllowed == false)
    }

    @Test("Tab walks the fields; the principal changes the answer")
    func fieldsAndPrincipal() throws {
        let policy = #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"kms:*","Resource":"*"}]}"#
        var kms = try Self.endpoint("kms")
        kms.policyDocument = policy
        var tester = PolicyTester(endpoint: kms, inventory: Self.inventory)
        #expect(tester.decision?.isAllowed == false) // no principal named: the account-only statement does not apply
        tester.nextField()
        #expect(tester.focus == .principal)
        tester.insert("arn:aws:iam::123456789012:role/app")
        #expect(tester.decision?.isAllowed == true)
        tester.nextField()
        #expect(tester.focus == .action)
        tester.previousField()
        tester.previousField()
        #expect(tester.focus == .resource)
        tester.insert("\u{1B}") // a control key is not text
        #expect(tester.resource == "*")
    }

    @Test("cursor edits stay inside the field")
    func cursorBounds() throws {
        var tester = PolicyTester(endpoint: try Self.endpoint("kms"), inventory: Self.inventory)
        tester.focusField(.action)
        tester.moveCursor(by: -100)
        #expect(tester.cursor == 0)
        tester.backspace()
        #expect(tester.action == "kms:Decrypt")
        tester.moveCursor(by: 100)
        #expect(tester.cursor == "kms:Decrypt".count)
        tester.deleteForward()
        #expect(tester.action == "kms:Decrypt")
        tester.clearField()
        #expect(tester.action == "")
        #expect(!tester.isComplete)
        #expect(tester.decision == nil) // no action, no answer (rather than "*" allowing an empty action)
    }

    @Test("an IAM policy becomes the chain's second step")
    func iamStep() throws {
        var tester = PolicyTester(endpoint: try Self.endpoint("s3"), inventory: Self.inventory)
        #expect(tester.result?.iam == nil)
        tester.iamPolicy = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#)
        #expect(tester.result?.deniedAt == .iamPolicy)
        #expect(tester.decision?.isAllowed == true) // the endpoint policy itself still allows
    }

    @Test("a malformed policy is an error in the tester, not a crash")
    func malformedTester() throws {
        var e = try Self.endpoint("kms")
        e.policyDocument = "{\"Statement\": ["
        var tester = PolicyTester(endpoint: e, inventory: nil)
        tester.insert("x")
        #expect(tester.result == nil)
        guard case .failure(let error) = tester.policy else { Issue.record("expected a policy error"); return }
        #expect(error.position?.line == 1)
    }
}
