import Analysis
import Canvas
@testable import Explorer
import Foundation
import Loaders
import Model
import Testing

/// `vpcx INVENTORY SPEC`: what the spec adds reads as planned in every view a reviewer looks at
/// (diagram hops, the ENI grid, the cost panel, the findings list), not as what AWS already has.
@Suite struct PlannedMarksTests {
    /// An SQS interface endpoint added to the article's VPC by a spec that looks the VPC up by its tag.
    static func network() throws -> Inventory {
        let fixtures = URL(fileURLWithPath: ExplorerFixtures.root).deletingLastPathComponent().path
        return try SourceLoader.load([fixtures + "/aws-cli/blog-eu-west-1", fixtures + "/terraform/after-apply-sqs"])
    }

    static let sqs = "aws_vpc_endpoint.sqs"

    @Test func theDiagramHopOfAPlannedEndpointSaysSo() throws {
        let inventory = try Self.network()
        #expect(inventory.contents.planned.contains(Self.sqs))
        let path = PathResolver(inventory: inventory).path(from: ExplorerFixtures.privateA, to: "sqs")
        #expect(path.endpoint == Self.sqs)
        #expect(PathDiagramView.diagramText(path, width: 120, glyphs: .ascii).contains("planned: the spec adds it"))
        // An endpoint AWS already has is not marked.
        let existing = PathResolver(inventory: inventory).path(from: ExplorerFixtures.privateA, to: "secretsmanager")
        #expect(!PathDiagramView.diagramText(existing, width: 120, glyphs: .ascii).contains("planned"))
    }

    @Test func thePlannedEndpointsENIsReadPlannedInTheGrid() throws {
        let inventory = try Self.network()
        let vpc = try #require(inventory.vpcs.first).id
        let matrix = PathResolver(inventory: inventory).eniMatrix(vpc: vpc)
        #expect(matrix.rows.filter(\.planned).map(\.endpoint) == [Self.sqs])
        var grid = Grid(width: 120, height: 40)
        drawENIGrid(matrix, into: &grid, rect: Rect(x: 0, y: 0, width: 120, height: 40),
                    context: DrawContext(glyphs: .ascii, focused: true, frame: 0))
        let lines = grid.text.components(separatedBy: "\n")
        let sqsRow = try #require(lines.firstIndex { $0.contains("sqs") })
        #expect(lines[sqsRow].contains("planned"))
    }

    @Test func costAndFindingsNameThePlannedEndpointAsPlanned() throws {
        let inventory = try Self.network()
        let report = CostReport(inventory: inventory)
        #expect(report.endpoints.filter(\.planned).map(\.id) == [Self.sqs])
        let model = try #require(CostPanelModel.endpoint(Self.sqs, report: report, showSingleAZ: false, whatIfDelta: nil))
        #expect(model.title.contains("planned"))
        #expect(report.text(inventory: inventory).contains("\(Self.sqs) (planned)"))
        let state = AppState(inventory: inventory, width: 160, height: 48)
        let names = state.analysis.findingNames
        #expect(names[Self.sqs]?.hasPrefix("+planned ") == true)
        #expect(names.filter { $0.key != Self.sqs }.values.allSatisfy { !$0.contains("planned") })
    }
}
