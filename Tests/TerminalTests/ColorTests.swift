import Testing
import Canvas
@testable import Terminal

@Suite struct ColorTests {
    @Test func a256ColourTerminalKeepsThePalette() {
        for index in [0, 9, 16, 123, 231, 255] {
            #expect(Palette.reduce(index, colors: 256) == index)
        }
        #expect(Palette.reduce(-1, colors: 256) == -1)
    }

    @Test(arguments: [
        (196, 9), (46, 10), (231, 15), (16, 0), (232, 0), (255, 7), (244, 8), (250, 7), (59, 8), (21, 4), (226, 11),
        (3, 3), (12, 12),
    ])
    func sixteenColoursTakeTheNearestBaseColour(index: Int, expected: Int) {
        #expect(Palette.reduce(index, colors: 16) == expected)
    }

    @Test(arguments: [(196, 1), (9, 1), (15, 7), (46, 2), (244, 7), (234, 0), (21, 4), (-1, -1)])
    func eightColoursTakeTheNearestOfEight(index: Int, expected: Int) {
        #expect(Palette.reduce(index, colors: 8) == expected)
    }

    /// TERM=linux: a dark grey border must not become black on black.
    @Test func eightColoursKeepADarkGreyForegroundVisible() {
        let border = TerminalStyle(fg: 240)
        #expect(StyleResolution.terminalColors(border, colors: 8, defaultColors: true) == (-1, -1) as (Int, Int))
        #expect(StyleResolution.terminalColors(border, colors: 8, defaultColors: false) == (7, 0) as (Int, Int))
        #expect(StyleResolution.terminalColors(border, colors: 256, defaultColors: true) == (240, -1) as (Int, Int))
        #expect(StyleResolution.terminalColors(TerminalStyle(fg: 16), colors: 8, defaultColors: true) == (0, -1) as (Int, Int))
    }

    @Test func withoutColourOnlyAttributesRemain() {
        let selection = TerminalStyle(fg: 231, bg: 25, reverse: true)
        #expect(StyleResolution.terminalColors(selection, colors: 0, defaultColors: true) == (-1, -1) as (Int, Int))
        #expect(StyleResolution.terminalColors(selection, colors: 2, defaultColors: true) == (-1, -1) as (Int, Int))
        #expect(StyleResolution.resolve(Style(.selection), theme: [.selection: selection]).reverse)
    }

    @Test func withoutDefaultColoursTheDefaultIsWhiteOnBlack() {
        let style = TerminalStyle(fg: 196)
        #expect(StyleResolution.terminalColors(style, colors: 8, defaultColors: false) == (1, 0) as (Int, Int))
        #expect(StyleResolution.terminalColors(style, colors: 256, defaultColors: true) == (196, -1) as (Int, Int))
        #expect(StyleResolution.terminalColors(.plain, colors: 8, defaultColors: false) == (7, 0) as (Int, Int))
    }

    @Test func pairsAreAllocatedOncePerColourCombination() {
        var table = ColorPairTable(capacity: 3)
        #expect(table.pair(fg: -1, bg: -1) == (0, false) as (Int, Bool))
        #expect(table.pair(fg: 1, bg: -1) == (1, true) as (Int, Bool))
        #expect(table.pair(fg: 2, bg: 0) == (2, true) as (Int, Bool))
        #expect(table.pair(fg: 1, bg: -1) == (1, false) as (Int, Bool))
        #expect(table.pair(fg: -1, bg: 1) == (3, true) as (Int, Bool))
        // Out of pairs: the default colours rather than a failure.
        #expect(table.pair(fg: 5, bg: 6) == (0, false) as (Int, Bool))
        #expect(table.pair(fg: 2, bg: 0) == (2, false) as (Int, Bool))
    }

    @Test func aRoleFallsBackToItsParentThenNormal() {
        let theme: [Role: TerminalStyle] = [.normal: TerminalStyle(fg: 252), .border: TerminalStyle(fg: 39)]
        #expect(StyleResolution.resolve(Style(.borderFocused), theme: theme).fg == 39)
        #expect(StyleResolution.resolve(Style(Role("cost.saving")), theme: theme).fg == 252)
        #expect(StyleResolution.resolve(Style(Role("cost.saving")), theme: [:]) == .plain)
    }

    @Test func aCellsOwnAttributesAddToTheTheme() {
        let theme: [Role: TerminalStyle] = [.title: TerminalStyle(fg: 214, underline: true)]
        let resolved = StyleResolution.resolve(Style(.title, bold: true, reverse: true), theme: theme)
        #expect(resolved == TerminalStyle(fg: 214, bold: true, underline: true, reverse: true))
        // Reverse on a role the theme already reverses flips it back, as the explorer's Theme does.
        let reversed: [Role: TerminalStyle] = [.selection: TerminalStyle(reverse: true)]
        #expect(!StyleResolution.resolve(Style(.selection, reverse: true), theme: reversed).reverse)
        #expect(StyleResolution.resolve(Style(.selection), theme: reversed).reverse)
    }

    @Test func themeColoursOutOfThePaletteMeanTheDefault() {
        #expect(TerminalStyle(fg: 300, bg: -7) == .plain)
    }
}
