import Testing
import Canvas
@testable import Terminal

@Suite struct InputDecodingTests {
    @Test(arguments: [
        (UInt32(27), Key.escape), (9, .tab), (10, .enter), (13, .enter), (8, .backspace), (127, .backspace),
        (1, .ctrl("a")), (3, .ctrl("c")), (12, .ctrl("l")), (26, .ctrl("z")),
        (106, .character("j")), (32, .character(" ")), (71, .character("G")), (0xE9, .character("é")),
        (0x65E5, .character("日")), (0x1F600, .character("😀")),
    ])
    func charactersBecomeKeys(value: UInt32, key: Key) {
        #expect(InputDecoding.decode(.character(value)) == .key(key))
    }

    @Test(arguments: [UInt32(0), 28, 31, 0x85, 0x9B, 0xD800, 0x110000])
    func strayControlsAndInvalidScalarsAreIgnored(value: UInt32) {
        #expect(InputDecoding.decode(.character(value)) == .ignored)
    }

    @Test func functionKeysBecomeKeys() {
        let table: [(Int32, DecodedInput)] = [
            (CursesKeyCode.up, .key(.up)), (CursesKeyCode.down, .key(.down)),
            (CursesKeyCode.left, .key(.left)), (CursesKeyCode.right, .key(.right)),
            (CursesKeyCode.home, .key(.home)), (CursesKeyCode.end, .key(.end)),
            (CursesKeyCode.pageUp, .key(.pageUp)), (CursesKeyCode.pageDown, .key(.pageDown)),
            (CursesKeyCode.enter, .key(.enter)), (CursesKeyCode.backTab, .key(.backTab)),
            (CursesKeyCode.backspace, .key(.backspace)), (CursesKeyCode.delete, .key(.delete)),
            (CursesKeyCode.function(1), .key(.function(1))), (CursesKeyCode.function(5), .key(.function(5))),
            (CursesKeyCode.function(12), .key(.function(12))),
            (CursesKeyCode.resize, .resize), (CursesKeyCode.mouse, .mouse),
            (CursesKeyCode.function(0), .ignored), (CursesKeyCode.function(40), .ignored),
        ]
        for (code, expected) in table {
            #expect(InputDecoding.decode(.keyCode(code)) == expected, "key code \(code)")
        }
    }

    @Test func theKeyCodesAreDistinct() {
        // A shim wrapper returning the wrong macro would make two keys collide in the table above.
        let codes = [CursesKeyCode.up, CursesKeyCode.down, CursesKeyCode.left, CursesKeyCode.right, CursesKeyCode.home,
                     CursesKeyCode.end, CursesKeyCode.pageUp, CursesKeyCode.pageDown, CursesKeyCode.enter,
                     CursesKeyCode.backTab, CursesKeyCode.backspace, CursesKeyCode.delete, CursesKeyCode.resize,
                     CursesKeyCode.mouse, CursesKeyCode.function(1)]
        #expect(Set(codes).count == codes.count)
    }

    @Test func mouseButtonsBecomeEvents() {
        let codes = MouseMasks()
        #expect(InputDecoding.mouseEvent(buttonState: codes.press, x: 3, y: 4) == MouseEvent(kind: .press, x: 3, y: 4))
        #expect(InputDecoding.mouseEvent(buttonState: codes.click, x: 1, y: 2) == MouseEvent(kind: .press, x: 1, y: 2))
        #expect(InputDecoding.mouseEvent(buttonState: codes.release, x: 0, y: 0)?.kind == .release)
        #expect(InputDecoding.mouseEvent(buttonState: codes.wheelUp, x: 0, y: 0)?.kind == .wheelUp)
        #expect(InputDecoding.mouseEvent(buttonState: codes.wheelDown, x: 0, y: 0)?.kind == .wheelDown)
        #expect(InputDecoding.mouseEvent(buttonState: 0, x: 0, y: 0) == nil)
        // Every button vpcx handles is in the mask it asks ncurses for.
        for mask in [codes.press, codes.release, codes.wheelUp, codes.wheelDown] {
            #expect(InputDecoding.mouseMask & mask == mask)
        }
    }
}
