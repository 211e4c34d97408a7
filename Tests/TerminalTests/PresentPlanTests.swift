import Testing
import Canvas
@testable import Terminal

@Suite struct PresentPlanTests {
    /// A list with a selection bar, the way the explorer draws one.
    func list(width: Int, height: Int, selected: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.box(grid.bounds, glyphs: .unicode, title: "endpoints")
        for row in 1..<(height - 1) { grid.put("vpce-\(row) com.amazonaws.eu-west-1.s3 Gateway", x: 2, y: row) }
        grid.restyle(Rect(x: 1, y: selected, width: width - 2, height: 1)) { $0 = Style(.selection, reverse: true) }
        return grid
    }

    @Test func theFirstPresentWritesEveryCell() {
        let plan = PresentPlan(previous: nil, grid: list(width: 200, height: 60, selected: 1), screenWidth: 200, screenHeight: 60)
        #expect(plan.cellCount == 200 * 60)
    }

    @Test func movingTheSelectionOneLineWritesOnlyTheTwoRows() {
        let before = list(width: 200, height: 60, selected: 10)
        let after = list(width: 200, height: 60, selected: 11)
        let plan = PresentPlan(previous: before, grid: after, screenWidth: 200, screenHeight: 60)
        #expect(plan.runs == [PresentPlan.Run(y: 10, from: 1, to: 199), PresentPlan.Run(y: 11, from: 1, to: 199)])
        #expect(plan.cellCount == 2 * 198)
    }

    @Test func anUnchangedGridWritesNothing() {
        let grid = list(width: 80, height: 24, selected: 3)
        #expect(PresentPlan(previous: grid, grid: grid, screenWidth: 80, screenHeight: 24).cellCount == 0)
    }

    @Test func aNewSizeRepaintsEverythingOnTheScreen() {
        let plan = PresentPlan(previous: list(width: 80, height: 24, selected: 3), grid: list(width: 100, height: 30, selected: 3),
                               screenWidth: 100, screenHeight: 30)
        #expect(plan.cellCount == 100 * 30)
    }

    @Test func aGridLargerThanTheScreenIsClipped() {
        // The terminal shrank after the grid was rendered: nothing may be written past the edge.
        let plan = PresentPlan(previous: nil, grid: list(width: 120, height: 40, selected: 3), screenWidth: 80, screenHeight: 24)
        #expect(plan.cellCount == 80 * 24)
        #expect(plan.runs.allSatisfy { $0.to <= 80 && $0.y < 24 })
    }

    @Test func aWideCharacterIsRedrawnWhole() {
        var before = Grid(width: 10, height: 1)
        before.put("ab日cd", x: 0, y: 0)
        var after = before
        after.put("x", x: 3, y: 0) // over the right half of 日: the left half must be redrawn (as a blank)
        let plan = PresentPlan(previous: before, grid: after, screenWidth: 10, screenHeight: 1)
        #expect(plan.runs == [PresentPlan.Run(y: 0, from: 2, to: 4)])
        let glyphs = PresentPlan.glyphs(for: plan.runs[0], in: after, screenWidth: 10, asciiOnly: false)
        #expect(glyphs.map(\.character) == [" ", "x"])
    }

    @Test func aWideCharacterTakesOneGlyphForTwoCells() {
        var grid = Grid(width: 8, height: 1)
        grid.put("a日b", x: 0, y: 0)
        let glyphs = PresentPlan.glyphs(for: PresentPlan.Run(y: 0, from: 0, to: 8), in: grid, screenWidth: 8, asciiOnly: false)
        #expect(glyphs.map(\.character) == ["a", "日", "b", " ", " ", " ", " "])
        #expect(glyphs.map(\.isWide) == [false, true, false, false, false, false, false])
    }

    @Test func aWideCharacterCutByTheScreenEdgeIsABlank() {
        var grid = Grid(width: 6, height: 1)
        grid.put("abcd日", x: 0, y: 0)
        let glyphs = PresentPlan.glyphs(for: PresentPlan.Run(y: 0, from: 0, to: 5), in: grid, screenWidth: 5, asciiOnly: false)
        #expect(String(glyphs.map(\.character)) == "abcd ")
    }

    @Test func withoutUTF8NonASCIIShowsAsQuestionMarksKeepingColumns() {
        var grid = Grid(width: 8, height: 1)
        grid.put("é日x", x: 0, y: 0)
        let glyphs = PresentPlan.glyphs(for: PresentPlan.Run(y: 0, from: 0, to: 4), in: grid, screenWidth: 8, asciiOnly: true)
        #expect(String(glyphs.map(\.character)) == "???x")
    }
}
