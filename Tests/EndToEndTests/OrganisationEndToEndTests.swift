import Foundation
import TestSupport
import Testing

/// The real binary on an organisation large enough that its cross-VPC rules run after the first
/// frame (over 256 VPCs linked by a transit gateway per region): the explorer ends with the findings
/// `vpcx check` prints, the deferred one among them, and the header no longer saying it is checking.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
struct OrganisationEndToEndTests {
    @Test func theDeferredCrossVPCFindingsArriveOnScreen() throws {
        let directory = NSTemporaryDirectory() + "vpcx-org-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 69 spoke accounts × 4 VPCs and the hub: 277 VPCs, one of them peered to a spoke.
        let generated = try python("""
            import runpy, sys
            sys.argv = [sys.argv[1], sys.argv[2], '--accounts', '70', '--vpcs', '4', '--peered']
            runpy.run_path(sys.argv[0], run_name='__main__')
            """, [BuiltBinary.packageRoot + "/scripts/make-org-inventory.py", directory])
        guard let generated else { Issue.record("python3 is needed to generate the organisation"); return }
        #expect(generated.status == 0, "\(generated.stderr)")
        let check = try BuiltBinary.run(["check", directory])
        let summary = try #require(check.stdout.split(separator: "\n").last.map(String.init))
        // `1 error, 557 warnings, 4 info`: the header writes the same counts without commas.
        let errors = try #require(summary.split(separator: ",").first?.trimmingCharacters(in: .whitespaces))
        let warnings = try #require(summary.split(separator: ",").dropFirst().first?.trimmingCharacters(in: .whitespaces))
        #expect(check.stdout.contains("private-dns-not-shared"), "a cross-VPC finding to defer")

        let session = try TmuxSession(width: 200, height: 50)
        defer { session.close() }
        startInTmux(session, arguments: "'\(directory)'")
        var screen = session.screen(within: 30) { $0.contains("\(errors)  \(warnings)") && !$0.contains("checking across VPCs") }
        #expect(screen.contains("\(errors)  \(warnings)"), "the header's counts are vpcx check's once the cross-VPC rules are in")
        #expect(!screen.contains("checking across VPCs"))
        session.press("7", "/")
        session.tmux(["send-keys", "-l", "private-dns"])
        session.press("Enter")
        screen = session.screen { $0.contains("/private-dns") && $0.contains("WARN  private-dns-not-shared") }
        #expect(screen.contains("WARN  private-dns-not-shared"))

        // A what-if: the hub's Secrets Manager endpoint switched off. The cross-VPC rules run again
        // off the explorer's thread; their findings come in and the header stops saying it checks.
        let hubEndpoint = try #require(Self.endpoint(of: "secretsmanager", under: directory))
        session.press("Escape", "Escape", "1", ":")
        session.tmux(["send-keys", "-l", hubEndpoint])
        session.press("Enter", "x")
        screen = session.screen(within: 30) { $0.contains("OFF") && !$0.contains("checking across VPCs") }
        #expect(screen.contains("OFF"), "the endpoint is switched off:\n\(screen)")
        #expect(!screen.contains("checking across VPCs"), "the cross-VPC findings of the what-if came in")
        // The peered VPC reaches the hub's endpoints but Secrets Manager's is off: no longer among them.
        session.press("7")
        screen = session.screen { $0.contains("/private-dns") && $0.contains("WARN private-dns-not-shared") }
        let reached = screen.split(separator: "\n").first { $0.contains("reaches the endpoints of") && $0.contains("(ssm") }
        #expect(reached != nil && !(reached?.contains("secretsmanager") ?? true), "\(screen)")
        session.press("q", "q") // q, then q again: the what-if is not written

        #expect(isRestored(session.sttyAfterExit()))
    }

    /// The ID of an interface endpoint for the service in the generated organisation (the hub's).
    static func endpoint(of service: String, under directory: String) -> String? {
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix("describe-vpc-endpoints.json") }.sorted() ?? []
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let endpoints = object["VpcEndpoints"] as? [[String: Any]] else { continue }
            if let found = endpoints.first(where: { ($0["ServiceName"] as? String)?.hasSuffix("." + service) == true }) {
                return found["VpcEndpointId"] as? String
            }
        }
        return nil
    }
}
