import Testing
@testable import JSONText

@Suite struct JSONTextTests {
    @Test func readsATreeWithOrderAndEscapes() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5e3, -0], "a": "x\"\u00e9\ud83d\ude00\n", "n": null, "t": true}"#)
        #expect(value["a"]?.stringValue == "x\"é😀\n")
        #expect(value["b"]?.arrayValue?.count == 3)
        #expect(value["b"]?.arrayValue?[1].doubleValue == 2500)
        #expect(value["n"]?.isNull == true)
        #expect(value.objectValue?.map(\.key) == ["b", "a", "n", "t"])
        #expect(try JSONValue.parse(value.compactText) == value)
        #expect(try JSONValue.parse(value.prettyText) == value)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a key"),
        ("{\n  \"a\" 1}", 2, 7, "expected ':'"),
        ("[1, 2", 1, 6, "end of input"),
        ("\"abc", 1, 1, "unterminated string"),
        ("", 1, 1, "end of input"),
        ("{} x", 1, 4, "after the JSON value"),
        ("[tru]", 1, 2, "expected true or false"),
        ("{\"é\": x}", 1, 7, "expected a value"),
    ])
    func reportsLineAndColumn(_ input: String, _ line: Int, _ column: Int, _ message: String) {
        #expect {
            _ = try JSONValue.parse(input)
        } throws: { error in
            guard let e = error as? JSONError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }

    @Test func pullReaderSkipsWhatItDoesNotNeed() throws {
        let text = #"{"Items": [{"Id": "a", "Junk": {"x": [1, {"y": null}]}, "N": 3}, {"Id": "b"}]}"#
        let ids: [String] = try JSONReader.withBytes(Array(text.utf8)) { r in
            var ids: [String] = []
            try r.beginObject()
            while let key = try r.nextKey() {
                guard key.equals("Items") else { try r.skipValue(); continue }
                try r.beginArray()
                while try r.nextElement() {
                    try r.beginObject()
                    while let k = try r.nextKey() {
                        switch k {
                        case "Id": ids.append(try r.readString())
                        default: try r.skipValue()
                        }
                    }
                }
            }
            try r.expectEnd()
            return ids
        }
        #expect(ids == ["a", "b"])
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { _ = try JSONValue.parse(deep) }
    }
}

@Suite struct JSONSkipTests {
    @Test func skippingDeepNestingIsRefusedNotACrash() {
        let deep = Array(("{\"a\": " + String(repeating: "[", count: 100_000)).utf8)
        #expect(throws: JSONError.self) {
            try JSONReader.withBytes(deep) { r in
                try r.beginObject()
                _ = try r.nextKey()
                try r.skipValue()
            }
        }
    }
}
