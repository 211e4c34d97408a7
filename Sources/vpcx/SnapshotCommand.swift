import ArgumentParser
import Canvas
import Explorer
import Foundation
import Loaders
import Model

/// `vpcx snapshot`: the screen the explorer would show, as text or as an SVG image, without a terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the screen the explorer would show, as text or SVG (for docs, demos and tests).")

    /// What `--format` takes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, svg
    }

    @OptionGroup var source: SourceOptions

    @OptionGroup(title: "Traffic and prices") var prices: ExplorerPricingOptions

    @Option(help: ArgumentHelp("Screen size WIDTHxHEIGHT.", valueName: "WxH"))
    var size = ScreenSize(width: 120, height: 40)

    @Option(help: ArgumentHelp("Keys to press first, separated by spaces: j k Enter Esc Tab Space Up Down PgDn Ctrl-C F1 …; any other word is typed as text.", valueName: "KEYS"))
    var keys: String = ""

    @Option(help: "Theme name: the colours of --format svg (text has none; accepted for parity with the explorer).", completion: Completions.themes)
    var theme: String?

    @Option(help: "text (the screen's characters) or svg (an image with the theme's colours, for slides and READMEs).")
    var format: Format = .text

    @Option(name: .customLong("tour-step"), help: ArgumentHelp("Show step N of vpcx tour (1 is the first), before --keys are pressed.", valueName: "N"))
    var tourStep: Int?

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("The explorer's --compare: NEW with what changed since OLD marked.", valueName: "OLD NEW"),
            completion: Completions.sources)
    var compare: [String] = []

    func validate() throws {
        try ExploreCommand.validateCompare(compare, sources: source.sources)
        if let tourStep, tourStep < 1 { throw ValidationError("--tour-step counts from 1 (got \(tourStep))") }
    }

    func run() throws {
        let config = try UserSettings.load()
        let inputs = try prices.inputs(config: config)
        var inventory: Inventory
        var old: Inventory?
        if compare.count == 2 {
            let options = try source.loadOptions()
            old = try SourceOptions.load([try DiffCommand.resolve(compare[0])], options: options)
            inventory = try SourceOptions.load([try DiffCommand.resolve(compare[1])], options: options)
        } else {
            inventory = try source.load()
        }
        let session: Session
        do {
            session = try inputs.session(for: inventory, comparedWith: old)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
        // The explorer's own Program, driven by the keys instead of a terminal: what it draws is
        // exactly what the terminal would show after the same keys.
        var state = AppState(session: session, width: size.width, height: size.height,
                             glyphs: ascii ? .ascii : .unicode, mouse: false)
        state.keyMap = try UserSettings.keyMap(config)
        state.cost.usage = inputs.target(sources: source.sources, workingDirectory: FileManager.default.currentDirectoryPath)
        if let tourStep {
            state.startTour(at: tourStep - 1)
            let count = state.tour?.plan?.steps.count ?? 0
            if tourStep > count {
                printError("error: --tour-step \(tourStep): the tour of this network has \(count) step\(count == 1 ? "" : "s")")
                throw ExitCode(2)
            }
        }
        var program = Program(state: state)
        program.press(SnapshotCommand.parseKeys(keys))
        switch format {
        case .text:
            Output.line(program.render().text)
        case .svg:
            let theme = try ThemeChoice.resolve(self.theme ?? config.theme)
            let styles = RoleStyles(theme.palette(for: Role.explorerRoles))
            let defaults: SVGSnapshot.Defaults = theme.name == "light" ? .light : .dark
            Output.text(SVGSnapshot.render(program.render(), styles: styles, defaults: defaults))
        }
    }

    /// Key names, or words typed character by character.
    static func parseKeys(_ text: String) -> [Key] {
        text.split(separator: " ").flatMap { word -> [Key] in
            if let key = Key(name: String(word)) { return [key] }
            return word.map { Key.character($0) }
        }
    }
}
