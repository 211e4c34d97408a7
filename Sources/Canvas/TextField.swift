/// An edit of a one-line text field, as readline (bash, less, k9s) does it.
public enum TextEdit: Hashable, Sendable {
    case left, right, home, end
    /// Ctrl-U: delete from the start to the cursor.
    case deleteToStart
    /// Ctrl-K: delete from the cursor to the end.
    case deleteToEnd
    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    case deleteWord
    /// Delete: the character under the cursor.
    case deleteForward

    /// The edit a key means in a text field (nil: not an edit).
    public static func edit(for key: Key) -> TextEdit? {
        switch key {
        case .left, .ctrl("b"): return .left
        case .right, .ctrl("f"): return .right
        case .home, .ctrl("a"): return .home
        case .end, .ctrl("e"): return .end
        case .ctrl("u"): return .deleteToStart
        case .ctrl("k"): return .deleteToEnd
        case .ctrl("w"): return .deleteWord
        case .delete, .ctrl("d"): return .deleteForward
        default: return nil
        }
    }
}

/// A one-line text field: its text, the cursor (in characters) and whether the text is selected
/// (a pre-filled value is: typing replaces it, an edit or a move keeps it).
public struct TextField: Hashable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int
    public var selected: Bool

    /// A field holding `text`, the cursor at its end; `selected` for a pre-filled value.
    public init(_ text: String = "", selected: Bool = false) {
        self.text = text
        cursor = text.count
        self.selected = selected && !text.isEmpty
    }

    /// Types a character at the cursor (replacing the text when it is selected). Control
    /// characters are keys, not text, and are ignored.
    public mutating func insert(_ character: Character) {
        guard !character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return }
        if selected { self = TextField() }
        var chars = Array(text)
        let at = min(max(0, cursor), chars.count)
        chars.insert(character, at: at)
        text = String(chars)
        cursor = at + 1
    }

    /// Deletes the character before the cursor (the whole text when it is selected).
    public mutating func backspace() {
        if selected { self = TextField(); return }
        var chars = Array(text)
        guard cursor > 0, cursor <= chars.count else { return }
        chars.remove(at: cursor - 1)
        cursor -= 1
        text = String(chars)
    }

    public mutating func apply(_ edit: TextEdit) {
        let wasSelected = selected
        selected = false
        var chars = Array(text)
        cursor = min(max(0, cursor), chars.count)
        switch edit {
        case .left: cursor = wasSelected ? 0 : max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = chars.count
        case .deleteToStart:
            chars.removeFirst(cursor)
            cursor = 0
        case .deleteToEnd:
            chars.removeLast(chars.count - cursor)
        case .deleteWord:
            var start = cursor
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && !Self.wordBreaks.contains(chars[start - 1]) { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        case .deleteForward:
            if wasSelected { chars = []; cursor = 0 } else if cursor < chars.count { chars.remove(at: cursor) }
        }
        text = String(chars)
    }

    /// Where Ctrl-W stops: a space, and the separators of ARNs and paths, so it takes one piece.
    static let wordBreaks: Set<Character> = [" ", "/", ":"]
}
