import Analysis
import Canvas
@testable import Explorer
import Loaders
import Foundation
import Model
import Testing

/// The Cost panel with a usage file: where each figure comes from, typing a figure, writing it back.
@Suite struct UsageCostPanelTests {
    static let demo = SourceLoader.demo()
    static let logs = "vpce-9487f7f5eedac28a1"
    static let usageText = "version: 1\nvpcs:\n  main-vpc:\n    s3: 4000\n    logs:\n      azs:\n        eu-west-1a: 300\n        eu-west-1b: 100\n"

    /// The Cost panel's `from` row, trimmed.
    static func fromRow(_ program: Program) -> String {
        let line = program.render().text.split(separator: "\n").first { $0.contains("│   from ") } ?? ""
        return line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("from") } ?? ""
    }

    static func typed(_ text: String) -> [Key] { text.map(Key.character) }

    /// The demo with the usage file and `--gb` figures, its usage file the Cost panel writes to.
    static func program(flags: [String] = [], width: Int = 120, height: Int = 40) throws -> Program {
        let usage = try UsageFile.parse(usageText, path: "/tmp/usage.yaml")
        let traffic = usage.traffic.overlaid(by: try Traffic.parse(flags))
        var state = AppState(session: Session(baseInventory: demo, traffic: traffic), width: width, height: height)
        state.cost.usage = UsageTarget(path: usage.path, loadedText: usage.text)
        var program = Program(state: state)
        program.press(Self.typed(":" + logs) + [.enter, .character("6")])
        return program
    }

    @Test func theCostPanelSaysWhereEachFigureComesFrom() throws {
        var program = try Self.program()
        assertSnapshot(program.render().text, named: "cost-usage-file-120x40")
        #expect(program.render().text.contains("usage file usage.yaml"))
        // With --gb on top the same row says --gb; after typing, that it was edited and is not written yet.
        #expect(Self.fromRow(try Self.program(flags: ["main-vpc:logs=50"])).hasSuffix("--gb"))
        program.press(Self.typed("e1500") + [.enter])
        #expect(Self.fromRow(program).hasSuffix("edited (w writes)"))
    }

    @Test func typingANumberSetsTheFigureAndWWritesItBack() throws {
        var program = try Self.program()
        let vpc = try #require(program.state.focusVPC)
        program.press([.character("e")])
        #expect(program.state.mode == .trafficEntry)
        #expect(program.state.prompt == "400.0" && program.state.promptSelected, "today's figure, replaced by typing")
        program.press(Self.typed("2k") + [.enter])
        #expect(program.state.mode == .normal)
        #expect(program.state.traffic.gb(for: "logs", in: vpc) == 2000)
        // The per-AZ shape is kept: 3:1, like the file's 300 and 100.
        #expect(program.state.traffic.figures(for: "logs", in: vpc).map(\.gb) == [1500, 500])
        #expect(program.state.costReport.endpoint(Self.logs)?.dataGB == 2000)
        // `+`/`-` still step from the typed figure.
        program.press([.character("+")])
        #expect(program.state.traffic.gb(for: "logs", in: vpc) == 5000)

        let effects = program.press([.character("w")])
        guard case .writeUsage(let path, let traffic, let expected)? = effects.first else {
            Issue.record("w asked for no usage write: \(effects)")
            return
        }
        #expect(path == "/tmp/usage.yaml" && expected == Self.usageText, "to the file it came from, if it has not changed")
        #expect(traffic == program.state.traffic)
        let written = try UsageFile.parse(UsageFile.text(traffic), path: path)
        #expect(written.traffic.gb(for: "logs", in: vpc) == 5000 && written.traffic.gb(for: "s3", in: vpc) == 4000)

        program.send(.wroteUsage(path: path, text: "new text"))
        #expect(program.state.cost.usage == UsageTarget(path: path, loadedText: "new text"), "the next write compares with what was written")
        #expect(program.state.traffic.origin(for: "logs", in: vpc) == .usageFile)
        #expect(program.state.message == "wrote /tmp/usage.yaml")
    }

    @Test func aTypedWordIsRefusedAndChangesNothing() throws {
        var program = try Self.program()
        let before = program.state.traffic
        program.press(Self.typed("elots") + [.enter])
        #expect(program.state.traffic == before)
        #expect(program.state.message?.contains("'lots' is not GB a month") == true)
        program.press(Self.typed("e12") + [.escape])
        #expect(program.state.traffic == before, "Esc cancels")
        #expect(CostPanel.parseGB("3.2 TB") == 3200 && CostPanel.parseGB("1,500") == 1500 && CostPanel.parseGB("-1") == nil)
    }

    @Test func withNothingToWriteToItSaysSo() {
        var program = Program(state: AppState(inventory: Self.demo, width: 120, height: 40))
        program.press(Self.typed(":" + Self.logs) + [.enter, .character("6")])
        #expect(program.press([.character("w")]).isEmpty)
        #expect(program.state.message == "no usage file to write to (open with --usage FILE)")
    }
}

