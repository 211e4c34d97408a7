@testable import Explorer
import Loaders
import Testing

/// `/`'s index answers as `String.contains` on the lowercased fields does, row for row.
@Suite struct TextSearchIndexTests {
    let rows: [[String]] = [
        ["subnet-0a1b", "Prod-App-A"],
        ["vpc-1", "10.12.0.0/16 Name=Shared"],
        ["sg-9", "Café", "cafe\u{301} decomposed"],
        ["", ""],
        ["ab", "c"],
        ["eni-1 10.0.1.5", "ÉCOLE"],
    ]

    func expected(_ filter: String) -> [Bool] {
        rows.map { listFilterMatches(filter, $0) }
    }

    @Test(arguments: ["prod", "PROD-app", "10.12.", "  shared ", "a", "bc", "ab", "café", "école", "e", "\u{301}", "", "zzz", "-0a1b", "c"])
    func matchesLikeStringContains(_ filter: String) {
        let index = TextSearchIndex(rows)
        #expect(index.matches(filter) == expected(filter), "filter \(filter.debugDescription)")
    }

    @Test func aMatchNeverSpansTwoFieldsOrRows() {
        let index = TextSearchIndex(rows)
        // "ab" + "c": "bc" is in neither field; "-a" ends one row and "vpc" starts the next.
        #expect(index.matches("bc") == [false, false, false, false, false, false])
        #expect(index.matches("a-avpc") == [false, false, false, false, false, false])
    }

    @Test func theNavigatorFiltersThroughItsIndex() {
        let tree = NavigatorTree(SourceLoader.demo())
        let needle = "private"
        let byHand = tree.nodes.map { $0.searchText.contains(needle) || $0.label.lowercased().contains(needle) }
        #expect(byHand.contains(true))
        #expect(tree.matches(needle) == byHand)
    }
}
