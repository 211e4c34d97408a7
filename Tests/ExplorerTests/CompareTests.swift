import Analysis
import Canvas
@testable import Explorer
import Foundation
import Loaders
import Model
import TestSupport
import Testing

/// `vpcx --compare OLD NEW`: the blog VPC (OLD) against a copy without its S3 gateway endpoint (NEW).
@Suite struct CompareTests {
    static let old = ExplorerFixtures.root + "/blog-eu-west-1"

    /// NEW opened with OLD's diff, as the explorer's load makes it.
    static func state(width: Int = 160, height: Int = 48) throws -> (AppState, new: String) {
        let newDir = try CompareFixture.withoutS3Endpoint(copying: old)
        let network = LoadedNetwork(try SourceLoader.load([newDir]), comparedWith: try SourceLoader.load([old]))
        var state = AppState(inventory: .empty, width: width, height: height, glyphs: .unicode, mouse: false)
        _ = state.reduce(.loaded(network))
        return (state, newDir)
    }

    /// The screen below its header (which says when the copy was made), with the machine's paths
    /// named OLD and NEW, so the snapshot does not depend on them.
    /// The Changes panel's `--- OLD` / `+++ NEW` lines name the sources by path, whose length (and so
    /// the padding, or a cut) depends on the machine: they become one fixed text.
    static func text(_ state: AppState, new: String) -> String {
        Screen.render(state).text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
            .replacingOccurrences(of: #"(--- |\+\+\+ )[^│]*│"#, with: "$1(source path) │", options: .regularExpression)
            .replacingOccurrences(of: new, with: "NEW").replacingOccurrences(of: old, with: "OLD")
    }

    @Test func theRemovedEndpointIsStillListedAndEveryChangeIsMarked() throws {
        let (state, newDir) = try Self.state()
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        let label = { (id: NodeID) in state.tree.index(of: id).map { state.tree.nodes[$0].label } }
        // The endpoint NEW has not is listed, marked removed; the route tables that lost its route, changed.
        #expect(label(.endpoint(CompareFixture.s3Endpoint)) == "- s3")
        #expect(label(.routeTable("rtb-1d3a5b0fb2f474bb3")) == "~ private-a")
        // What did not change carries no mark.
        #expect(label(.endpoint("vpce-213c9e2d2429c8c2a")) == "dynamodb")
        #expect(state.diff?.count(.removed) == 1 && state.diff?.count(.changed) == 3)
        // The Detail panel of a changed route table says what changed.
        #expect(state.analysis.changeLinesByResource["rtb-1d3a5b0fb2f474bb3"]
                == ["  ~ route table rtb-1d3a5b0fb2f474bb3 (private-a)", "      - route pl-7515fdcaba6c6293c: vpce-d92fb38065fbf700d"])
    }

    @Test func theDetailOfARemovedEndpointSaysItWasRemoved() throws {
        var (state, newDir) = try Self.state(width: 160, height: 30)
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        state.jump(to: CompareFixture.s3Endpoint)
        _ = state.reduce(.selectPanel(.detail))
        let screen = Self.text(state, new: newDir)
        #expect(screen.contains("Since OLD (8 lists every change):"))
        #expect(screen.contains("- VPC endpoint vpce-d92fb38065fbf700d (s3-gateway-endpoint)"))
    }

    @Test func theNavigatorMarksAndTheChangesPanel() throws {
        var (state, newDir) = try Self.state()
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        state.expanded.insert(.routeTables(vpc: try #require(state.inventory.vpcs.first).id))
        state.refreshRows(keeping: nil)
        _ = state.reduce(.selectPanel(.changes))
        let screen = Self.text(state, new: newDir)
        #expect(screen.contains("[8 Changes]"))
        #expect(screen.contains("- VPC endpoint vpce-d92fb38065fbf700d (s3-gateway-endpoint)"))
        #expect(screen.contains("+ error ecr-needs-s3-gateway"))
        assertSnapshot(screen, named: "compare-blog-no-s3-160x48")
    }

    @Test func aChangedPathSaysHowItWentBefore() throws {
        var (state, newDir) = try Self.state(width: 160, height: 30)
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        state.jump(to: ExplorerFixtures.privateA)
        _ = state.reduce(.selectPanel(.paths))
        for _ in 0..<50 where state.selectedService != "s3" { _ = state.reduce(.nextService) }
        let screen = Self.text(state, new: newDir)
        #expect(screen.contains("before: via gateway-endpoint vpce-d92fb38065fbf700d, now: via nat-gateway"))
        // A path that did not change says nothing of before.
        for _ in 0..<50 where state.selectedService != "dynamodb" { _ = state.reduce(.nextService) }
        #expect(!Self.text(state, new: newDir).contains("before:"))
    }

    /// The cost difference is for the session's traffic: S3 through NAT costs once there is S3 traffic.
    @Test func theCostDifferenceFollowsTheTraffic() throws {
        var (state, newDir) = try Self.state()
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        let before = try #require(state.diff).cost.delta
        state.setTraffic(Traffic([.init(service: "s3", gb: 1000)]))
        let after = try #require(state.diff).cost.delta
        #expect(after > before)
        #expect(state.analysis.changeLines.contains { $0.contains("total:") && $0.contains("+$") && !$0.contains("(+$0.00)") })
    }

    @Test func withoutACompareThereIsNoChangesTab() throws {
        let state = AppState(inventory: try ExplorerFixtures.blog(), width: 160, height: 48)
        #expect(state.diff == nil)
        #expect(!Screen.render(state).text.contains("Changes"))
        #expect(!state.tree.nodes.contains { $0.label.hasPrefix("~ ") || $0.label.hasPrefix("- ") })
    }
}
