import Canvas

/// The tour's bar over the bottom of the screen: the step counter and the caption (folded onto a
/// second line when it does not fit the width, cut only past that), and the tour's keys (or a
/// message) on the footer's line under it.
enum TourBar {
    /// The caption's lines at a width: one, or two when it is longer than the line.
    static func captionLines(_ caption: String, width: Int, ascii: Bool) -> [String] {
        guard width > 0 else { return [] }
        if TextWidth.of(caption) <= width { return [caption] }
        let folded = TextWidth.wrap(caption, width: width, keepSpaces: false, breakAfter: ["-", "."])
        guard folded.count > 1 else { return [TextWidth.truncate(caption, to: width, ascii: ascii)] }
        let rest = folded.dropFirst().joined(separator: " ")
        return [folded[0], TextWidth.truncate(rest, to: width, ascii: ascii)]
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        guard let tour = state.tour, state.height >= 4 else { return }
        let width = state.width
        let ascii = state.glyphs.isASCII
        let counter = " " + tour.counter + " "
        let indent = TextWidth.of(counter) + 1
        let caption = tour.step.map { state.glyphs.displayed($0.caption) } ?? "Loading the network for the tour" + (ascii ? "..." : "…")
        let lines = captionLines(caption, width: max(1, width - indent - 1), ascii: ascii)
        let keysRow = Rect(x: 0, y: state.height - 1, width: width, height: 1)
        for (i, line) in lines.enumerated() {
            let row = Rect(x: 0, y: state.height - 1 - lines.count + i, width: width, height: 1)
            grid.fill(row, style: Style(.header))
            if i == 0 { grid.put(counter, x: 0, y: row.y, style: Style(.header, bold: true, reverse: true), clip: row) }
            grid.put(line, x: indent, y: row.y, style: Style(.header, bold: true), clip: row)
        }

        grid.fill(keysRow, style: Style(.footer))
        if let message = state.message {
            grid.put(" " + message, x: 0, y: keysRow.y, style: Style(.severityWarning, bold: true), clip: keysRow)
            return
        }
        var cx = 1
        let title = tour.step.map { "Tour: " + $0.topic.title + "  " } ?? "Tour  "
        for binding in state.keyMap.bindings where binding.context == .tour {
            guard let hint = binding.hint else { continue }
            let keyText = binding.keyLabel
            if cx + TextWidth.of(keyText) + TextWidth.of(hint) + 3 > width { break }
            cx = grid.put(keyText, x: cx, y: keysRow.y, style: Style(.key, bold: true), clip: keysRow)
            cx = grid.put(" " + hint + "  ", x: cx, y: keysRow.y, style: Style(.footer), clip: keysRow)
        }
        // The topic's name, right-aligned, when it fits after the keys.
        let titleWidth = TextWidth.of(title)
        if cx + titleWidth <= width {
            grid.put(title, x: width - titleWidth, y: keysRow.y, style: Style(.dim), clip: keysRow)
        }
    }
}
