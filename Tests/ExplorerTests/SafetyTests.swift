import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// Work is not lost by accident: quitting with unwritten what-ifs asks, `W` asks before it
/// overwrites and says where it writes, what-ifs that cancel out are no change, a switched-off
/// endpoint stays in the navigator; and the text fields edit as readline does.
@Suite struct SafetyTests {
    static func program(_ keys: [Key] = []) -> Program {
        var program = Program(state: AppState(inventory: SourceLoader.demo(), width: 120, height: 40))
        program.press(keys)
        return program
    }

    static func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    static let switchOffS3: [Key] = [.character(":")] + type("s3-gateway-endpoint") + [.enter, .character("x")]

    @Test func quitWithUnwrittenWhatIfsAsks() {
        var program = Self.program(Self.switchOffS3)
        #expect(program.state.whatIf.changes.count == 1)
        #expect(!program.press([.character("q")]).contains(.quit))
        #expect(program.state.mode == .confirmQuit)
        #expect(program.render().text.contains("not written"))
        program.press([.escape])
        #expect(program.state.mode == .normal)
        program.press([.character("q")])
        #expect(program.press([.character("q")]).contains(.quit), "q twice quits")
        var again = Self.program(Self.switchOffS3 + [.character("q")])
        #expect(again.press([.character("y")]).contains(.quit), "y quits")
    }

    @Test func writeShowsThePathAsksBeforeOverwritingAndExpandsHome() throws {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 40)
        state.homeDirectory = "/home/priya"
        state.workingDirectory = "/srv/work"
        var program = Program(state: state)
        program.press(Self.switchOffS3 + [.character("W")])
        #expect(program.state.mode == .writePath)
        #expect(program.render().text.contains("/srv/work/vpcx-whatif.tf"), "the full path it will write")
        // The pre-filled name is selected: typing replaces it.
        let effects = program.press(Self.type("~/s3.tf") + [.enter])
        guard case .writeFile(let path, _, let overwrite)? = effects.first else { Issue.record("no write"); return }
        #expect(path == "/home/priya/s3.tf")
        #expect(!overwrite)
        // The file is there: the executor answers writeExists, and the explorer asks.
        _ = program.send(.writeExists(path: path))
        #expect(program.state.mode == .confirmOverwrite)
        #expect(program.render().text.contains("exists. Overwrite?"))
        let yes = program.press([.character("y")])
        #expect(yes.first == .writeFile(path: path, contents: WhatIf.terraform(for: program.state.whatIf.changes,
                                                                               in: program.state.baseInventory), overwrite: true))
        _ = program.send(.wrote(path: path))
        #expect(!program.state.hasUnsavedWhatIf)
        #expect(program.press([.character("q")]).contains(.quit), "written: q quits at once")
    }

    @Test func offThenOnIsNoChangeAndTheEndpointStaysInTheNavigator() throws {
        var program = Self.program(Self.switchOffS3)
        let id = try #require(program.state.whatIf.disabledEndpoints.first)
        #expect(program.state.selectedNode?.id == .endpoint(id), "the switched-off endpoint is still selected")
        #expect(program.state.selectedNode?.badge.contains("OFF") == true)
        program.press([.character("x")])
        #expect(program.state.whatIf.isEmpty, "off then on cancels out")
        #expect(!program.render().text.contains("WHAT-IF"))
    }

    @Test func natRemovalIsOffTheSearchKeysAndNSearches() {
        #expect(KeyMap.standard.action(for: .character("N"), context: .navigator) == .previousMatch)
        #expect(KeyMap.standard.action(for: .character("n"), context: .navigator) == .nextMatch)
        #expect(KeyMap.standard.action(for: .character("X"), context: .navigator) == .removeNAT)
        var program = Self.program([.character("/")] + Self.type("endpoint") + [.enter])
        let first = program.state.cursor
        program.press([.character("n")])
        #expect(program.state.cursor != first)
        program.press([.character("N")])
        #expect(program.state.cursor == first)
    }

    @Test func promptsEditAsReadlineDoes() {
        var field = TextField("acme-app/*", selected: true)
        field.insert("x")
        #expect(field.text == "x", "typing replaces a selected value")
        field = TextField("arn:aws:s3:::bucket/key")
        field.apply(.deleteWord)
        #expect(field.text == "arn:aws:s3:::bucket/")
        field.apply(.home)
        field.insert("!")
        #expect(field.text == "!arn:aws:s3:::bucket/")
        field.apply(.end)
        field.apply(.left)
        field.apply(.deleteToStart)
        #expect(field.text == "/")
        var program = Self.program([.character(":")] + Self.type("s3-gateway-endpoint") + [.enter, .character("5"), .character("e")])
        #expect(program.state.mode == .policyEdit)
        program.press(Self.type("arn:aws:s3:::new-bucket/key"))
        #expect(program.state.policyTester?.value(of: .resource) == "arn:aws:s3:::new-bucket/key")
        #expect(program.state.policyTester?.decision?.isAllowed == false)
        program.press([.ctrl("u")])
        #expect(program.state.policyTester?.value(of: .resource) == "")
    }

    @Test func jumpFindsENIsIPsAndCIDRsAndCompletes() throws {
        let inventory = SourceLoader.demo()
        let endpointENIs = Set(inventory.endpoints.flatMap(\.networkInterfaceIDs))
        let eni = try #require(inventory.networkInterfaces.first { $0.privateIP != nil && endpointENIs.contains($0.id) })
        for needle in [eni.id, eni.privateIP!.description] {
            let program = Self.program([.character(":")] + Self.type(needle) + [.enter])
            guard case .endpoint(let e)? = program.state.selectedID else { Issue.record("\(needle): no endpoint"); continue }
            #expect(inventory.endpoint(e)?.networkInterfaceIDs.contains(eni.id) == true)
        }
        let subnet = try #require(inventory.subnets.first { $0.cidr != nil })
        let program = Self.program([.character(":")] + Self.type(subnet.cidr!.description) + [.enter])
        #expect(program.state.selectedID == .subnet(subnet.id))
        var completing = Self.program([.character(":")] + Self.type(String(eni.id.prefix(8))))
        completing.press([.tab])
        #expect(completing.state.prompt.count >= 8)
        completing.press(Self.type(String(eni.id.dropFirst(completing.state.prompt.count))) + [.tab])
        #expect(completing.state.prompt == eni.id)
    }

    @Test func copyAsksForOSC52AndCanBeOff() {
        var program = Self.program([.character(":")] + Self.type("s3-gateway-endpoint") + [.enter])
        let id = program.state.selectedNode?.id.resourceID ?? ""
        #expect(program.press([.character("y")]) == [.copy(id)])
        var state = program.state
        state.clipboardEnabled = false
        var off = Program(state: state)
        #expect(off.press([.character("y")]).isEmpty)
        #expect(off.state.message?.contains("off") == true)
    }

    @Test func ctrlZSuspendsAndCtrlLRepaints() {
        var program = Self.program()
        #expect(program.press([.ctrl("z")]) == [.suspend])
        #expect(program.press([.ctrl("l")]) == [.repaint])
    }

    @Test func truncationKeepsTheMeaningfulEnd() {
        #expect(TextWidth.truncate("eni-a927d558b27e6eb02", to: 12) == "eni-…7e6eb02")
        #expect(TextWidth.truncate("eni-a927d558b27e6eb02", to: 12, ascii: true) == "...b27e6eb02")
        #expect(TextWidth.truncate("/work/shared/fixtures/big-account.json", to: 24, ascii: true).hasSuffix("/big-account.json"))
        #expect(!TextWidth.truncate("/work/shared/fixtures/big-account.json", to: 24, ascii: true).contains("~"))
        #expect(TextWidth.truncate("a sentence that goes on", to: 10) == "a sentenc…")
        #expect(TextWidth.truncate("a sentence that goes on", to: 10, ascii: true) == "a sente...")
        for width in 0..<30 { #expect(TextWidth.of(TextWidth.truncate("vpce-0123456789abcdef0", to: width)) <= width) }
    }
}
