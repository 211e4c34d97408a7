import Foundation
import TestSupport
import Testing

/// vpcx's arrows in the commands' text: `→` only on a terminal whose locale is UTF-8, the ASCII notation
/// (`->`) in a pipe, a file or a `LANG=C` shell; JSON is the ASCII notation everywhere.
@Suite("Notation in command-line text")
struct NotationCLITests {
    static let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
    static let diagram = "diagram '\(blog)' --from private-a --service secretsmanager --width 100"

    @Test("Piped, even under a UTF-8 locale: the ASCII notation, and nothing but ASCII")
    func pipedTextIsASCII() throws {
        let result = try BuiltBinary.run(["diagram", Self.blog, "--from", "private-a", "--service", "secretsmanager", "--width", "100"],
                                         environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0.0.0.0/0 -> nat-a1ca975a02f1a3f99"))
        #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        let json = try BuiltBinary.run(["paths", Self.blog, "--from", "private-a", "--service", "s3", "--format", "json"],
                                       environment: ["LANG": "C.UTF-8"])
        #expect(json.stdout.contains("\"pl-7515fdcaba6c6293c (s3) -> vpce-d92fb38065fbf700d\""))
        #expect(!json.stdout.contains("→"))
    }

    @Test("On a UTF-8 terminal the arrow is →; on a LANG=C terminal it stays ->")
    func terminalChoosesTheGlyph() throws {
        for (environment, arrow) in [("TERM=tmux-256color LANG=C.UTF-8", "→"), ("TERM=tmux-256color LANG=C LC_ALL=C", "->")] {
            let session = try TmuxSession(width: 110, height: 50)
            defer { session.close() }
            startInTmux(session, arguments: Self.diagram, environment: environment)
            let screen = session.screen { $0.contains("Endpoints save") }
            #expect(screen.contains("0.0.0.0/0 \(arrow) nat-a1ca975a02f1a3f99"), "\(environment)")
            if arrow == "->" { #expect(!screen.contains("→"), "\(environment)") }
        }
    }
}
