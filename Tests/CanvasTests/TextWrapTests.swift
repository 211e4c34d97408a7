import Canvas
import Testing

/// Canvas's one word wrap and one truncation measure terminal columns, not Characters.
@Suite struct TextWrapTests {
    @Test func wideCharactersCountTwoColumns() {
        // Six CJK characters are 12 columns: at 8 columns they cannot share a line with a word.
        #expect(TextWidth.wrap("名前空間名前 ok", width: 8) == ["名前空間", "名前 ok"])
        #expect(TextWidth.wrap("名前空間名前 ok", width: 8).allSatisfy { TextWidth.of($0) <= 8 })
        #expect(TextWidth.truncate("名前空間名前", to: 7) == "名前空…")
        #expect(TextWidth.of(TextWidth.truncate("名前空間名前", to: 7)) <= 7)
    }

    @Test func spacesAreKeptOrCollapsedAsAsked() {
        #expect(TextWidth.wrap("a  b c", width: 20) == ["a  b c"])
        #expect(TextWidth.wrap("a  b c", width: 20, keepSpaces: false) == ["a b c"])
        #expect(TextWidth.wrap("", width: 5) == [""])
        #expect(TextWidth.wrap("one\ntwo\r\nthree", width: 10) == ["one", "two", "three"])
    }

    @Test func aLongIDSplitsAfterADotOrDashWhenAsked() {
        #expect(TextWidth.wrap("com.amazonaws.eu-west-1.ecr.dkr", width: 12) == ["com.amazonaw", "s.eu-west-1.", "ecr.dkr"])
        #expect(TextWidth.wrap("com.amazonaws.eu-west-1.ecr.dkr", width: 12, breakAfter: [".", "-"])
            == ["com.", "amazonaws.", "eu-west-1.", "ecr.dkr"])
    }

    @Test func controlCharactersFromInputsNeverReachTheLines() {
        #expect(TextWidth.wrap("evil\u{1B}[2Jname", width: 40) == ["evil\u{FFFD}[2Jname"])
        #expect(TextWidth.hardWrap("ab\tcd", width: 3) == ["ab ", "cd"])
    }
}
