import Analysis
import Canvas
@testable import Explorer
import Foundation
import Loaders
import Model
import Testing

/// The fixtures the Loaders tests copied, found from this file.
enum ExplorerFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli").path
    static func blog() throws -> Inventory { try SourceLoader.load([root + "/blog-eu-west-1"]) }
    static func broken() throws -> Inventory { try SourceLoader.load([root + "/broken-us-east-1"]) }
    static let privateA = "subnet-e58e4935e7c5f1654"
    static let appA = "subnet-90e2346fc3e6ca4a2"
}

@Suite("Path diagram")
struct PathDiagramViewTests {
    @Test("Blog, private-a → Secrets Manager, at 80, 120 and 200 columns, UTF-8 and ASCII", arguments: [80, 120, 200])
    func snapshots(width: Int) throws {
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "secretsmanager")
        assertSnapshot(PathDiagramView.diagramText(path, width: width), named: "diagram-blog-secretsmanager-\(width)")
        assertSnapshot(PathDiagramView.diagramText(path, width: width, glyphs: .ascii), named: "diagram-blog-secretsmanager-\(width)-ascii")
    }

    @Test("With a monthly figure, each priced arrow says the GB that cross it and what they cost")
    func arrowsCarryTheMonthlyVolume() throws {
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "s3")
        var grid = Grid(width: 120, height: PathDiagramView.requiredHeight(path, width: 120))
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext(), monthlyGB: 4000)
        // Without endpoints: 4 TB through NAT at $0.045/GB is $180 a month; with them, the gateway is free.
        #expect(grid.text.contains("NAT processing, 4.0 TB/mo = $180.00"))
        #expect(grid.text.contains("free, 4.0 TB/mo"))
        var plain = Grid(width: 120, height: grid.height)
        drawPathDiagram(path, into: &plain, rect: plain.bounds, context: DrawContext())
        #expect(!plain.text.contains("/mo"))
    }

    @Test("S3 through the gateway endpoint, with the packet on both paths")
    func gatewayWithPacket() throws {
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "s3")
        assertSnapshot(PathDiagramView.diagramText(path, width: 120, packet: 2), named: "diagram-blog-s3-packet-120")
    }

    @Test("A blocked path says BLOCKED and why, in the blocked role")
    func blocked() throws {
        var contents = try ExplorerFixtures.broken().contents
        for i in contents.vpcs.indices { contents.vpcs[i].enableDnsHostnames = true }
        let path = PathResolver(inventory: Inventory(contents)).path(from: ExplorerFixtures.appA, to: "secretsmanager")
        let text = PathDiagramView.diagramText(path, width: 80)
        assertSnapshot(text, named: "diagram-broken-secretsmanager-sg-80")
        #expect(text.contains("BLOCKED:"))
        var grid = Grid(width: 80, height: 40)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext())
        let blockedCells = grid.cells.filter { $0.style.role == .pathBlocked && $0.character == "✗" }
        #expect(!blockedCells.isEmpty)
    }

    @Test("The packet is drawn in the packet role, on both sides")
    func packetRole() throws {
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "s3")
        var grid = Grid(width: 120, height: 40)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext(), packet: 1)
        let packets = (0..<grid.height).flatMap { y in (0..<grid.width).filter { grid[$0, y].style.role == .packet }.map { ($0, y) } }
        #expect(packets.count == 2)
        #expect(packets.contains { $0.0 < 60 } && packets.contains { $0.0 >= 60 })
    }

    @Test("In a short panel (80x20 and 60x12) the diagram drops detail instead of spilling")
    func shortPanels() throws {
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "ecr.dkr")
        var grid = Grid(width: 80, height: 20)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext())
        assertSnapshot(grid.text, named: "diagram-blog-ecrdkr-80x20")
        grid = Grid(width: 60, height: 12)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: .ascii))
        assertSnapshot(grid.text, named: "diagram-blog-ecrdkr-60x12-ascii")
    }

    @Test("Never draws outside its rect, at any size down to 1x1")
    func staysInside() throws {
        let path = PathResolver(inventory: try ExplorerFixtures.broken()).path(from: ExplorerFixtures.appA, to: "logs")
        let sizes = [(1, 1), (2, 1), (1, 5), (7, 3), (20, 4), (33, 9), (69, 15), (70, 30), (81, 23), (200, 60)]
        for (w, h) in sizes {
            var grid = Grid(width: w + 4, height: h + 4, fill: Cell("#"))
            let rect = Rect(x: 2, y: 2, width: w, height: h)
            drawPathDiagram(path, into: &grid, rect: rect, context: DrawContext(), packet: 3)
            for y in 0..<grid.height {
                for x in 0..<grid.width where !rect.contains(x: x, y: y) {
                    #expect(grid[x, y].character == "#", "drew at \(x),\(y) for \(w)x\(h)")
                }
            }
        }
        // A rect hanging off the grid is clipped to it.
        var grid = Grid(width: 30, height: 10)
        drawPathDiagram(path, into: &grid, rect: Rect(x: 20, y: 5, width: 50, height: 50), context: DrawContext())
        #expect(grid.text.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 30 })
    }

    @Test("ENI grid and DNS view of the blog network")
    func eniAndDNS() throws {
        let inventory = try ExplorerFixtures.blog()
        let resolver = PathResolver(inventory: inventory)
        let matrix = resolver.eniMatrix(vpc: "vpc-24a5f259ef29682f9", sourceAZ: "eu-west-1a")
        assertSnapshot(ENIGridView.text(matrix, width: 100), named: "eni-grid-blog-100")
        let dns = resolver.dnsResolution(from: ExplorerFixtures.privateA, service: "secretsmanager")
        assertSnapshot(DNSView.text(dns, width: 100), named: "dns-blog-secretsmanager-100")
        let broken = PathResolver(inventory: try ExplorerFixtures.broken())
        let matrix2 = broken.eniMatrix(vpc: "vpc-56ed212308056feaf", sourceAZ: "us-east-1b")
        assertSnapshot(ENIGridView.text(matrix2, width: 80, glyphs: .ascii), named: "eni-grid-broken-80-ascii")
        let dns2 = broken.dnsResolution(from: ExplorerFixtures.appA, service: "ecr.dkr")
        assertSnapshot(DNSView.text(dns2, width: 80, glyphs: .ascii), named: "dns-broken-ecrdkr-80-ascii")
    }
}
