import ArgumentParser
import Loaders
import ThemeLoader

/// How the explorer and the tour draw and what they take over: the theme, ASCII, the mouse, the
/// clipboard, a recording. One group, so the two commands cannot drift apart (they had).
struct ScreenOptions: ParsableArguments {
    @Option(help: "Colour theme: default-dark, light, high-contrast, monochrome, a user theme in ~/.config/vpcx/themes, or a .yaml path. NO_COLOR selects monochrome.", completion: Completions.themes)
    var theme: String?

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse (keeps the terminal's own text selection).")
    var noMouse = false

    @Flag(name: .customLong("no-osc52"), help: "Do not copy to the clipboard with OSC 52 (y then only says what it would copy).")
    var noOSC52 = false

    @Option(help: ArgumentHelp("Record the screen as an asciicast v2 file (asciinema play FILE replays it); only TERM is written from the environment.", valueName: "FILE.cast"))
    var record: String?

    /// The flags over the user's config: a flag given wins, else the config, else the default.
    func settings(_ config: UserConfig) throws -> (theme: Theme, mouse: Bool, clipboard: Bool) {
        (try ThemeChoice.resolve(theme ?? config.theme), !noMouse && config.mouse != false, !noOSC52 && config.osc52 != false)
    }
}
