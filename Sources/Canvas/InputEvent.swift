/// A key as the explorer understands it, independent of the terminal library.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Ctrl plus a letter (`ctrl("c")`); under raw mode Ctrl-C arrives as a key, not a signal.
    case ctrl(Character)

    /// The name a key map and the help screen use: `j`, `Enter`, `Ctrl-C`, `F1`, `Space`.
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        }
    }

    /// Parses the names `description` prints (and a few aliases), for `--keys` and key maps.
    public init?(name: String) {
        switch name.lowercased() {
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "enter", "return", "ret": self = .enter
        case "esc", "escape": self = .escape
        case "tab": self = .tab
        case "s-tab", "backtab", "btab": self = .backTab
        case "backspace", "bs": self = .backspace
        case "del", "delete": self = .delete
        case "space": self = .character(" ")
        default:
            if name.count == 1, let c = name.first { self = .character(c); return }
            let lower = name.lowercased()
            if lower.hasPrefix("ctrl-"), lower.count == 6, let c = lower.last { self = .ctrl(c); return }
            if lower.hasPrefix("c-"), lower.count == 3, let c = lower.last { self = .ctrl(c); return }
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) { self = .function(n); return }
            return nil
        }
    }
}

/// A mouse event in cell coordinates.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, release, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(kind: Kind, x: Int, y: Int) { self.kind = kind; self.x = x; self.y = y }
}

/// Everything the terminal can tell the explorer.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Nothing happened within the poll interval (drives animation and background loads).
    case tick
}
