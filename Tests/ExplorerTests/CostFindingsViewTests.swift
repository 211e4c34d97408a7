import Analysis
import Canvas
import Explorer
import Foundation
import Loaders
import Model
import Testing

/// Renders the Cost and Findings views over the fixtures at the sizes the design names.
@Suite struct CostFindingsViewTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli").path
    static let blog = SourceLoader.demo()
    static func broken() throws -> Inventory { try SourceLoader.load([fixtures + "/broken-us-east-1"]) }

    static let sizes: [(Int, Int)] = [(80, 24), (160, 48)]

    static func render(_ draw: (inout Grid, Rect) -> Void, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        draw(&grid, grid.bounds)
        return grid
    }

    static func logsModel(singleAZ: Bool = false, whatIf: Double? = nil) throws -> CostPanelModel {
        let traffic = try Traffic.parse(["s3=4000", "logs=300", "secretsmanager=2"])
        let report = CostReport(inventory: blog, traffic: traffic)
        let id = try #require(blog.endpoints.first { $0.service == "logs" }?.id)
        return try #require(CostPanelModel.endpoint(id, report: report, showSingleAZ: singleAZ, whatIfDelta: whatIf))
    }

    @Test(arguments: [false, true])
    func costViewOfAnEndpointMatchesItsSnapshots(ascii: Bool) throws {
        let model = try Self.logsModel(singleAZ: true, whatIf: -13.5)
        for (w, h) in Self.sizes {
            let grid = Self.render({ drawCostView(model, into: &$0, rect: $1, context: DrawContext(glyphs: ascii ? .ascii : .unicode)) }, width: w, height: h)
            assertSnapshot(grid.text, named: "cost-endpoint-logs-\(w)x\(h)\(ascii ? "-ascii" : "")")
        }
    }

    @Test(arguments: [false, true])
    func costViewOfAVPCMatchesItsSnapshots(ascii: Bool) throws {
        let report = CostReport(inventory: Self.blog, traffic: try Traffic.parse(["kms=900", "logs=300"]))
        let vpc = try #require(Self.blog.vpcs.first)
        let model = try #require(CostPanelModel.vpc(vpc.id, report: report, name: vpc.name, showSingleAZ: true))
        for (w, h) in Self.sizes {
            let grid = Self.render({ drawCostView(model, into: &$0, rect: $1, context: DrawContext(glyphs: ascii ? .ascii : .unicode)) }, width: w, height: h)
            assertSnapshot(grid.text, named: "cost-vpc-\(w)x\(h)\(ascii ? "-ascii" : "")")
        }
    }

    @Test(arguments: [false, true])
    func findingsViewOfTheBrokenNetworkMatchesItsSnapshots(ascii: Bool) throws {
        let findings = FindingEngine.standard.findings(in: try Self.broken())
        let model = FindingsPanelModel(findings: findings, selected: 4)
        for (w, h) in Self.sizes {
            let grid = Self.render({ drawFindingsView(model, into: &$0, rect: $1, context: DrawContext(glyphs: ascii ? .ascii : .unicode)) }, width: w, height: h)
            assertSnapshot(grid.text, named: "findings-broken-\(w)x\(h)\(ascii ? "-ascii" : "")")
        }
    }

    @Test func theChartMarksBreakEvenAndTraffic() throws {
        let grid = Self.render({ drawCostView(try! Self.logsModel(), into: &$0, rect: $1, context: DrawContext()) }, width: 80, height: 24)
        #expect(grid.text.contains("break-even 625.7 GB"))
        #expect(grid.text.contains("300 GB"))
        #expect(grid.text.contains("█"))
        #expect(grid.text.contains("▒"))
    }

    @Test func asciiModeDrawsOnlyASCII() throws {
        let grid = Self.render({ drawCostView(try! Self.logsModel(singleAZ: true), into: &$0, rect: $1, context: DrawContext(glyphs: .ascii)) }, width: 80, height: 24)
        #expect(grid.text.unicodeScalars.allSatisfy { $0.isASCII })
        let findings = FindingEngine.standard.findings(in: try Self.broken())
        let f = Self.render({ drawFindingsView(FindingsPanelModel(findings: findings), into: &$0, rect: $1, context: DrawContext(glyphs: .ascii)) }, width: 80, height: 24)
        #expect(f.text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func severityCarriesAWordAndARole() throws {
        let findings = FindingEngine.standard.findings(in: try Self.broken())
        let grid = Self.render({ drawFindingsView(FindingsPanelModel(findings: findings, selected: 0), into: &$0, rect: $1, context: DrawContext()) }, width: 80, height: 24)
        // Row 1 is the first finding: an error, by word and by role.
        #expect(grid.text(row: 1).contains("ERROR"))
        let roles = (0..<80).map { grid[$0, 1].style.role }
        #expect(roles.contains(.severityError))
        let warningRow = try #require((1..<24).first { grid.text(row: $0).contains("WARN") })
        #expect((0..<80).map { grid[$0, warningRow].style.role }.contains(.severityWarning))
    }

    @Test func theSelectedFindingShowsItsMessageAndFix() throws {
        let findings = FindingEngine.standard.findings(in: try Self.broken())
        let index = try #require(findings.firstIndex { $0.rule == "ecr-needs-s3-gateway" })
        let grid = Self.render({ drawFindingsView(FindingsPanelModel(findings: findings, selected: index), into: &$0, rect: $1, context: DrawContext()) }, width: 80, height: 24)
        #expect(grid.text.contains("layers are stored in S3"))
        #expect(grid.text.contains("vpc_endpoint_type = \"Gateway\""))
    }

    /// Every size from 1x1 up: nothing is drawn outside the rect (a sentinel frame stays intact).
    @Test func viewsNeverDrawOutsideTheirRect() throws {
        let cost = try Self.logsModel(singleAZ: true, whatIf: 5)
        let findings = FindingsPanelModel(findings: FindingEngine.standard.findings(in: try Self.broken()), selected: 3)
        let sentinel = Cell("@")
        for width in [1, 2, 5, 13, 40, 79, 101, 150] {
            for height in [1, 2, 3, 7, 12, 24, 40] {
                for ascii in [false, true] {
                    let rect = Rect(x: 2, y: 1, width: width, height: height)
                    var grid = Grid(width: width + 4, height: height + 2, fill: sentinel)
                    grid.fill(rect, " ")
                    drawCostView(cost, into: &grid, rect: rect, context: DrawContext(glyphs: ascii ? .ascii : .unicode))
                    var other = Grid(width: width + 4, height: height + 2, fill: sentinel)
                    drawFindingsView(findings, into: &other, rect: rect, context: DrawContext(glyphs: ascii ? .ascii : .unicode))
                    for g in [grid, other] {
                        for y in 0..<g.height {
                            for x in 0..<g.width where !rect.contains(x: x, y: y) {
                                #expect(g[x, y] == sentinel, "drew at \(x),\(y) outside \(rect)")
                            }
                        }
                    }
                }
            }
        }
    }
}
