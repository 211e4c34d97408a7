import Canvas
@testable import Explorer
import Foundation
import Testing
import ThemeLoader

@Suite struct ThemeTests {
    @Test(arguments: Theme.builtinNames)
    func builtInThemesParseAndCoverTheRolesViewsUse(_ name: String) throws {
        let theme = try #require(Theme.builtin(name))
        #expect(theme.name == name)
        if name != "monochrome" {
            for role in [Role.selection, .header, .pathBlocked, .severityError, .pathNAT, .pathEndpoint] {
                #expect(theme.styles[role] != nil, "\(name) lacks \(role)")
            }
        }
    }

    @Test func theBinaryCarriesExactlyTheThemesFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Theme.builtinNames))
    }

    @Test func rolesFallBackToTheirParentThenNormal() throws {
        let theme = try Theme.parse("name: t\nroles:\n  normal: {fg: 7}\n  path: {fg: 3}\n", path: "t.yaml")
        #expect(theme.style(for: Role("path.nat")).fg == 3)
        #expect(theme.style(for: Role("severity.error")).fg == 7)
    }

    @Test func monochromeUsesNoColour() throws {
        let theme = try #require(Theme.builtin("monochrome"))
        #expect(theme.styles.values.allSatisfy { $0.fg == -1 && $0.bg == -1 })
        #expect(theme.style(for: Style(.selection)).reverse)
    }

    @Test(arguments: [
        ("name: t\nroles:\n  normal: {fg: purple}\n", 3, 16, "unknown colour"),
        ("name: t\nroles:\n  normal: {fg: 1, blink: true}\n", 3, 19, "unknown field"),
        ("name: t\nroles: [\n", 3, 1, "expected"),
        ("- a\n", 1, 1, "a theme is a mapping"),
    ])
    func badThemesNameTheirPosition(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        #expect {
            _ = try Theme.parse(text, path: "bad.yaml")
        } throws: { error in
            guard let e = error as? ThemeError else { return false }
            return e.line == line && e.column == column && e.message.contains(message) && e.description.hasPrefix("bad.yaml:\(line):\(column): error:")
        }
    }

    @Test(arguments: [
        ("name: t\nroles:\n  normal: {fg: 7}\n  path.natt: {fg: 1}\n", 4, 3, "unknown role 'path.natt'"),
        ("name: t\nroles:\n  normal: {fg: 7}\n  normal: {fg: 1}\n", 4, 3, "'normal' is given twice"),
        ("name: t\nroles:\n  normal: {fg: 7, fg: 1}\n", 3, 19, "'fg' is given twice"),
        ("name: t\nname: u\nroles:\n  normal: {fg: 7}\n", 2, 1, "'name' is given twice"),
    ])
    func unknownRolesAndRepeatedKeysAreLocatedErrors(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        #expect {
            _ = try Theme.parse(text, path: "bad.yaml", roles: Role.explorerRoles)
        } throws: { error in
            guard let e = error as? ThemeError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }

    @Test(arguments: Theme.builtinNames)
    func builtInThemesNameOnlyRolesTheViewsDraw(_ name: String) {
        #expect(Theme.builtin(name, roles: Role.explorerRoles) != nil)
    }

    @Test func aParentOfADrawnRoleIsARoleAThemeMayStyle() throws {
        let theme = try Theme.parse("name: t\nroles:\n  path: {fg: 3}\n  severity: {fg: 1}\n", path: "t.yaml", roles: Role.explorerRoles)
        #expect(theme.style(for: Role.pathNAT).fg == 3)
    }
}
