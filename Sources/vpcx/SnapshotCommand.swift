import ArgumentParser
import Canvas
import Explorer
import Model

/// `vpcx snapshot`: the screen the explorer would show, as text, without a terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the screen the explorer would show, as text (for docs, demos and tests).")

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Screen size WIDTHxHEIGHT.", valueName: "WxH"))
    var size: String = "120x40"

    @Option(help: ArgumentHelp("Keys to press first, separated by spaces: j k Enter Esc Tab Space Up Down PgDn Ctrl-C F1 …; any other word is typed as text.", valueName: "KEYS"))
    var keys: String = ""

    @Option(help: "Theme name (colours do not show in text, but the option is accepted for parity with the explorer).")
    var theme: String?

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    func run() throws {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0, width <= 1000, height <= 1000 else {
            throw ValidationError("--size takes WIDTHxHEIGHT, such as 120x40")
        }
        let inventory = try source.load()
        var state = AppState(inventory: inventory, width: width, height: height, glyphs: ascii ? .ascii : .unicode, mouse: false)
        for key in SnapshotCommand.parseKeys(keys) {
            guard let action = state.action(for: key) else { continue }
            if state.reduce(action).contains(.quit) { break }
        }
        Output.line(Screen.render(state).text)
    }

    /// Key names, or words typed character by character.
    static func parseKeys(_ text: String) -> [Key] {
        text.split(separator: " ").flatMap { word -> [Key] in
            if let key = Key(name: String(word)) { return [key] }
            return word.map { Key.character($0) }
        }
    }
}
