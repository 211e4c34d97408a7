import Foundation
import TestSupport
import Testing

/// `vpcx --compare OLD NEW` through the real binary in tmux: NEW opens with the deleted S3 gateway
/// endpoint listed and marked, the Changes panel on `8`, and the old path above the new one.
@Suite(.serialized) struct CompareEndToEndTests {
    static let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"

    @Test func theExplorerMarksWhatChangedAndShowsTheChangesPanel() throws {
        let newDir = try CompareFixture.withoutS3Endpoint(copying: Self.blog)
        defer { try? FileManager.default.removeItem(atPath: newDir) }
        let session = try TmuxSession(width: 160, height: 48)
        defer { session.close() }
        startInTmux(session, arguments: "--compare '\(Self.blog)' '\(newDir)'")
        var screen = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        #expect(screen.contains("- s3"), "the removed endpoint is still listed, marked")
        #expect(screen.contains("8 Changes"))
        session.press("8")
        screen = session.screen { $0.contains("Changes: ") }
        #expect(screen.contains("- VPC endpoint vpce-d92fb38065fbf700d"))
        #expect(screen.contains("+ error ecr-needs-s3-gateway"))
        // private-a's S3 path: through the endpoint before, through the NAT now.
        session.press("Tab", "j", "j", "j", "2")
        screen = session.screen { $0.contains("Paths: private-a") }
        #expect(screen.contains("before: via gateway-endpoint vpce-d92fb38065fbf700d, now: via nat-gateway"))
        session.press("q")
        #expect(isRestored(session.sttyAfterExit()))
        #expect(session.exitStatus == "exit=0")
    }

    @Test func aBadSideIsALocatedErrorAndExit2() throws {
        let result = try BuiltBinary.run(["--compare", Self.blog, "/nonexistent/vpcx-compare-new"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/vpcx-compare-new"))
        #expect(result.stderr.contains("error:"))
        let snapshot = try BuiltBinary.run(["snapshot", "--compare", Self.blog])
        #expect(snapshot.status != 0 && snapshot.stderr.contains("--compare takes two sources"))
    }
}
