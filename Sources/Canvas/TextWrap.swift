extension TextWidth {
    /// The one word wrap: lines of at most `width` terminal columns (measured as `of` measures, not
    /// in Characters). Each line of `text` is a paragraph, sanitized; words break at spaces, greedily.
    /// With `keepSpaces`, a run of spaces inside a line stays as written (policy text, messages);
    /// without, runs collapse to one. A word wider than a line is cut at a column boundary, after the
    /// last of `breakAfter` in the piece when there is one (so `ecr.dkr` or an ID splits at `.` or
    /// `-`). Every paragraph gives at least one line, so `""` is `[""]`.
    public static func wrap(_ text: String, width: Int, keepSpaces: Bool = true, breakAfter: Set<Character> = []) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for raw in paragraphs(text) {
            let paragraph = sanitize(raw)
            var line = ""
            for piece in paragraph.split(separator: " ", omittingEmptySubsequences: !keepSpaces) {
                var word = String(piece)
                let lineWidth = of(line)
                if line.isEmpty && word.isEmpty { continue }
                if lineWidth > 0 && lineWidth + 1 + of(word) > width {
                    lines.append(line)
                    line = ""
                }
                while of(word) > width {
                    var (head, rest) = cut(word, to: width)
                    if !rest.isEmpty, let mark = head.lastIndex(where: { breakAfter.contains($0) }), mark != head.startIndex {
                        let keep = head.index(after: mark)
                        rest = String(head[keep...]) + rest
                        head = String(head[..<keep])
                    }
                    lines.append(head)
                    word = rest
                }
                if word.isEmpty && !line.isEmpty && !keepSpaces { continue }
                line = line.isEmpty ? word : line + " " + word
            }
            lines.append(line)
        }
        return lines
    }

    /// The lines of a text, whichever newline it uses (`\n`, `\r\n`, `\r`); empty lines kept.
    public static func paragraphs(_ text: String) -> [Substring] {
        Substring(String(text.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Cuts one line into pieces of at most `width` columns, keeping every character and space
    /// (code, Terraform).
    public static func hardWrap(_ line: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var pieces: [String] = []
        var current = ""
        var used = 0
        for ch in sanitize(line) {
            let w = of(String(ch))
            if used + w > width && !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
            }
            current.append(ch)
            used += w
        }
        pieces.append(current)
        return pieces
    }

    /// The longest head of `word` within `width` columns (at least one Character, so a character
    /// wider than the line still moves on), and the rest.
    static func cut(_ word: String, to width: Int) -> (head: String, rest: String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = of(String(word[index]))
            if used + w > width && !head.isEmpty { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }
}

extension TextWidth {
    /// Wraps one line of code (Terraform, a policy) only between its tokens: a quoted string
    /// (`"com.amazonaws.us-east-1.s3"`, escapes kept) and a run of other non-space characters are
    /// never split while they fit a line, so what is read can be typed or pasted back as written.
    /// Continuation lines keep the line's indentation and add two spaces; a token wider than a
    /// whole line is the only thing cut (at a column boundary). Every character is kept.
    public static func wrapTokens(_ line: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        let text = sanitize(line)
        let indent = String(text.prefix { $0 == " " })
        guard of(indent) < width else { return hardWrap(line, width: width) }
        let hang = of(indent) + 2 < width / 2 ? indent + "  " : ""
        // Tokens: runs of spaces, quoted strings, and runs of anything else.
        var tokens: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for ch in text.dropFirst(indent.count) {
            if inString {
                current.append(ch)
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" {
                    inString = false
                    tokens.append(current)
                    current = ""
                }
                continue
            }
            let isSpace = ch == " "
            if ch == "\"" || (!current.isEmpty && (current.last == " ") != isSpace) {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
            current.append(ch)
            if ch == "\"" { inString = true }
        }
        if !current.isEmpty { tokens.append(current) }

        var lines: [String] = []
        var line = indent
        var lineHasToken = false
        for token in tokens {
            if token.first == " " {
                // Spaces between tokens stay, unless the line breaks there.
                if lineHasToken { line += token }
                continue
            }
            let trimmed = String(line.reversed().drop { $0 == " " }.reversed())
            if lineHasToken && of(line) + of(token) > width {
                lines.append(trimmed)
                // A token that fits a line only without the hanging indent goes without it, whole.
                line = of(hang) + of(token) <= width ? hang : ""
            }
            var piece = token
            while of(line) + of(piece) > width {
                let (head, rest) = cut(piece, to: max(1, width - of(line)))
                lines.append(line + head)
                line = hang
                piece = rest
            }
            line += piece
            lineHasToken = true
        }
        lines.append(line)
        return lines
    }
}
