import Analysis
import Canvas
@testable import Explorer
import Foundation
import Loaders
import Model
import Testing

/// The display chooses the glyph for vpcx's own notation (`->` is `→` on a UTF-8 screen), and only for
/// it: a tag that holds `->` or `→` is shown as the input said (sanitised, and folded on an ASCII screen),
/// never upgraded.
@Suite("Notation glyphs in the views")
struct NotationGlyphsTests {
    static let hostileName = "hub -> evil → x"

    /// The hub-and-spoke fixture with the hub VPC's Name tag replaced by `hostileName`.
    static func hostileHub() throws -> Inventory {
        let files = FileManager.default
        let copy = files.temporaryDirectory.appendingPathComponent("vpcx-notation-\(UUID().uuidString)")
        try files.copyItem(atPath: ExplorerFixtures.root + "/hub-and-spoke", toPath: copy.path)
        defer { try? files.removeItem(at: copy) }
        let vpcs = copy.appendingPathComponent("111111111111/eu-west-1/describe-vpcs.json")
        let text = try String(contentsOf: vpcs, encoding: .utf8)
        #expect(text.contains("\"Value\": \"hub\""))
        try text.replacingOccurrences(of: "\"Value\": \"hub\"", with: "\"Value\": \"\(hostileName)\"")
            .write(to: vpcs, atomically: true, encoding: .utf8)
        return try SourceLoader.load([copy.path])
    }

    @Test("Analysis writes the ASCII notation and marks it; the tag's arrows are text")
    func analysisMarksOnlyItsOwnArrows() throws {
        let inventory = try Self.hostileHub()
        let spoke = try #require(inventory.subnets.first { $0.name == "spoke-2222-1-private-a" })
        let dns = PathResolver(inventory: inventory).dnsResolution(from: spoke.id, service: "secretsmanager")
        let alias = try #require(dns.answeredBy.first { $0.contains("the DNS name of") })
        #expect(alias.plain.contains("secretsmanager.eu-west-1.amazonaws.com -> vpce-"))
        #expect(alias.plain.contains("in \(Self.hostileName) (vpc-"))
        #expect(alias.rendered { _ in "⇒" }.contains("amazonaws.com ⇒ vpce-"))
        #expect(alias.rendered { _ in "⇒" }.contains("in \(Self.hostileName) (vpc-"), "the tag's own -> is not notation")
        #expect(!dns.answeredBy.contains { $0.plain.contains("→") && !$0.plain.contains(Self.hostileName) },
                "no Unicode arrow of vpcx's own in Analysis text")
    }

    @Test("The DNS panel: vpcx's arrow is → in Unicode and -> in ASCII; the hostile tag is shown as it is")
    func dnsPanel() throws {
        let inventory = try Self.hostileHub()
        let spoke = try #require(inventory.subnets.first { $0.name == "spoke-2222-1-private-a" })
        let dns = PathResolver(inventory: inventory).dnsResolution(from: spoke.id, service: "secretsmanager")
        let unicode = DNSView.text(dns, width: 300, glyphs: .unicode)
        #expect(unicode.contains("secretsmanager.eu-west-1.amazonaws.com → vpce-"))
        #expect(unicode.contains("in hub -> evil → x (vpc-"), "not upgraded to 'hub → evil → x'")
        #expect(unicode.contains("(Z94D2C38EBCBFB) → vpce-"))
        let ascii = DNSView.text(dns, width: 300, glyphs: .ascii)
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(ascii.contains("secretsmanager.eu-west-1.amazonaws.com -> vpce-"))
        #expect(ascii.contains("in hub -> evil > x (vpc-"), "the tag's → folds like any input character")
    }

    @Test("The path diagram: route arrows upgraded, the hostile tag in a hop left as the input said")
    func diagram() throws {
        let inventory = try Self.hostileHub()
        let spoke = try #require(inventory.subnets.first { $0.name == "spoke-2222-1-private-a" })
        let path = PathResolver(inventory: inventory).path(from: spoke.id, to: "secretsmanager")
        let unicode = PathDiagramView.diagramText(path, width: 200, glyphs: .unicode)
        #expect(unicode.contains("0.0.0.0/0 → tgw-"))
        #expect(unicode.contains(Self.hostileName))
        #expect(!unicode.contains("hub → evil"))
        #expect(!unicode.contains(" -> tgw-"))
        let ascii = PathDiagramView.diagramText(path, width: 200, glyphs: .ascii)
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(ascii.contains("0.0.0.0/0 -> tgw-"))
        #expect(ascii.contains("hub -> evil > x"))
        // Machine output is the ASCII notation with the tag as it is, whatever the display.
        let json = RequestPath.jsonDocument([path])
        #expect(json.contains("0.0.0.0/0 -> tgw-"))
        #expect(json.contains(Self.hostileName))
        #expect(!json.replacingOccurrences(of: Self.hostileName, with: "").contains("→"))
    }

    @Test("displayed sanitises the parts, never the notation")
    func displayedSanitisesParts() {
        let text: ComposedText = "\("rtb-\u{1B}[31m") -> \("nat-\u{202E}1")"
        #expect(BoxGlyphs.unicode.displayed(text) == "rtb-\u{FFFD}[31m → nat-1")
        #expect(BoxGlyphs.ascii.displayed(text) == "rtb-\u{FFFD}[31m -> nat-1")
    }
}
