/// What a theme says one role looks like on a terminal: colours from the 256-colour xterm palette
/// plus attributes. A theme is a table `[Role: TerminalStyle]`; the terminal maps the palette down
/// when it has only 16 or 8 colours, and keeps only the attributes when it has none, so a theme
/// that must work in monochrome says `reverse` or `bold` where meaning matters.
public struct TerminalStyle: Hashable, Sendable {
    /// The terminal's default colour (what the user's terminal shows without any colour set).
    public static let defaultColor = -1

    /// Foreground: -1 for the terminal default, 0...255 for a palette index.
    public var fg: Int
    /// Background: -1 for the terminal default, 0...255 for a palette index.
    public var bg: Int
    /// Bold (on many terminals also the bright variant of the foreground).
    public var bold: Bool
    /// Underlined.
    public var underline: Bool
    /// Foreground and background swapped: the one highlight every terminal has, colour or not.
    public var reverse: Bool
    /// Dim (faint); terminals without it show normal text.
    public var dim: Bool

    /// Out-of-range colours are clamped to the default (-1), so a typo in a theme file cannot reach ncurses.
    public init(fg: Int = -1, bg: Int = -1, bold: Bool = false, underline: Bool = false, reverse: Bool = false,
                dim: Bool = false) {
        self.fg = (0...255).contains(fg) ? fg : -1
        self.bg = (0...255).contains(bg) ? bg : -1
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    /// Default colours, no attributes.
    public static let plain = TerminalStyle()
}
