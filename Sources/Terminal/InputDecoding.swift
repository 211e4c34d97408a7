import Canvas
import CNcurses

/// What `wget_wch` delivered: a character, or a key code (`KEY_CODE_YES`).
enum RawInput: Hashable, Sendable {
    /// A character (`OK`): a Unicode scalar value, control characters included.
    case character(UInt32)
    /// A function key (`KEY_CODE_YES`): one of the `KEY_*` codes.
    case keyCode(Int32)
}

/// What a raw input means before the screen adds what only it knows (the new size, the mouse state).
enum DecodedInput: Hashable, Sendable {
    case key(Key)
    /// `KEY_MOUSE`: the screen reads the event with `getmouse`.
    case mouse
    /// `KEY_RESIZE`: ncurses has already resized `stdscr`.
    case resize
    /// A key vpcx has no use for (an unknown function key, a stray control character).
    case ignored
}

/// The `KEY_*` codes of the linked ncurses, read once through the shim.
enum CursesKeyCode {
    static let up = Int32(vpcx_key_up())
    static let down = Int32(vpcx_key_down())
    static let left = Int32(vpcx_key_left())
    static let right = Int32(vpcx_key_right())
    static let home = Int32(vpcx_key_home())
    static let end = Int32(vpcx_key_end())
    static let pageUp = Int32(vpcx_key_ppage())
    static let pageDown = Int32(vpcx_key_npage())
    static let enter = Int32(vpcx_key_enter())
    static let backTab = Int32(vpcx_key_btab())
    static let backspace = Int32(vpcx_key_backspace())
    static let delete = Int32(vpcx_key_dc())
    static let resize = Int32(vpcx_key_resize())
    static let mouse = Int32(vpcx_key_mouse())
    /// `KEY_F(n)`.
    static func function(_ n: Int) -> Int32 { Int32(vpcx_key_f(Int32(n))) }
    static let f1 = function(1)
    static let f24 = function(24)
}

/// Turns terminal input into `Key`s: a pure function, so the table is tested without a terminal.
enum InputDecoding {
    static func decode(_ raw: RawInput) -> DecodedInput {
        switch raw {
        case .character(let value): return decodeCharacter(value)
        case .keyCode(let code): return decodeKeyCode(code)
        }
    }

    static func decodeCharacter(_ value: UInt32) -> DecodedInput {
        switch value {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26:
            // Under raw mode Ctrl-C and Ctrl-Z arrive here as 3 and 26: the caller decides what they do.
            return .key(.ctrl(Character(Unicode.Scalar(UInt8(96 + value)))))
        case 0..<32, 0x80...0x9F:
            return .ignored // Ctrl-@, Ctrl-\ ... and C1 controls: nothing a user types on purpose
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    static func decodeKeyCode(_ code: Int32) -> DecodedInput {
        switch code {
        case CursesKeyCode.up: return .key(.up)
        case CursesKeyCode.down: return .key(.down)
        case CursesKeyCode.left: return .key(.left)
        case CursesKeyCode.right: return .key(.right)
        case CursesKeyCode.home: return .key(.home)
        case CursesKeyCode.end: return .key(.end)
        case CursesKeyCode.pageUp: return .key(.pageUp)
        case CursesKeyCode.pageDown: return .key(.pageDown)
        case CursesKeyCode.enter: return .key(.enter)
        case CursesKeyCode.backTab: return .key(.backTab)
        case CursesKeyCode.backspace: return .key(.backspace)
        case CursesKeyCode.delete: return .key(.delete)
        case CursesKeyCode.resize: return .resize
        case CursesKeyCode.mouse: return .mouse
        case CursesKeyCode.f1...CursesKeyCode.f24: return .key(.function(Int(code - CursesKeyCode.f1) + 1))
        default: return .ignored
        }
    }

    /// The mouse events vpcx asks for: button 1 press and release, and the wheel (buttons 4 and 5).
    static var mouseMask: UInt32 {
        let masks = MouseMasks()
        return masks.press | masks.release | masks.click | masks.wheelUp | masks.wheelDown
    }

    /// Turns ncurses' button state into a `MouseEvent`; nil for buttons vpcx does not use.
    static func mouseEvent(buttonState: UInt32, x: Int, y: Int) -> MouseEvent? {
        let masks = MouseMasks()
        let kind: MouseEvent.Kind
        if buttonState & masks.wheelUp != 0 {
            kind = .wheelUp
        } else if buttonState & masks.wheelDown != 0 {
            kind = .wheelDown
        } else if buttonState & (masks.press | masks.click) != 0 {
            // A click (press and release merged by ncurses) acts as a press: the release carries no meaning of its own.
            kind = .press
        } else if buttonState & masks.release != 0 {
            kind = .release
        } else {
            return nil
        }
        return MouseEvent(kind: kind, x: x, y: y)
    }
}

/// ncurses' mouse button bits (`mmask_t`), read through the shim.
struct MouseMasks {
    let press = UInt32(vpcx_button1_pressed())
    let release = UInt32(vpcx_button1_released())
    let click = UInt32(vpcx_button1_clicked())
    let wheelUp = UInt32(vpcx_button4_pressed())
    let wheelDown = UInt32(vpcx_button5_pressed())
}
