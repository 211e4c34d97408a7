#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Canvas
import CNcurses

/// How to set up the terminal.
public struct TerminalOptions: Sendable {
    /// Report mouse clicks and the wheel as `.mouse` events. Off by default: with it on, the terminal's
    /// own text selection needs Shift.
    public var mouse: Bool
    /// How long ncurses waits after Esc for the rest of an escape sequence (ncurses' default is 1000 ms).
    public var escapeDelayMilliseconds: Int

    /// Options with the defaults vpcx wants: no mouse, a 25 ms Esc delay.
    public init(mouse: Bool = false, escapeDelayMilliseconds: Int = 25) {
        self.mouse = mouse
        self.escapeDelayMilliseconds = escapeDelayMilliseconds
    }
}

/// The terminal as a full screen: set-up and tear-down, input as `InputEvent`s, and presenting a `Grid`
/// by sending only the cells that changed.
///
/// Use from the main thread only:
/// ```
/// let screen = try TerminalScreen(options: TerminalOptions(mouse: true))
/// defer { screen.shutdown() }
/// while let event = screen.nextEvent(timeoutMilliseconds: 100) {
///     // reduce the event, render a Grid of screen.width x screen.height, then:
///     screen.present(grid, theme: theme)
/// }
/// ```
/// `nextEvent` returns nil when input has ended (a hung-up SSH session): leave the loop and shut down.
public final class TerminalScreen {
    /// The locale's codeset is UTF-8: draw with `BoxGlyphs.unicode`; otherwise `BoxGlyphs.ascii`
    /// (non-ASCII characters are then shown as `?`, since the terminal would print junk).
    public let isUTF8: Bool
    /// Colours the terminal has (0 without colour, 8, 16, 88, 256...). Themes are mapped down to it.
    public private(set) var colorCount: Int
    /// Cells sent to ncurses by the last `present` (for the benchmark, and to see that the diff works).
    public private(set) var lastCellsWritten = 0
    /// The mouse is reported.
    public let mouseEnabled: Bool
    /// Set when TERM had no terminfo entry and an xterm-compatible one stands in: one line to show the user.
    public private(set) var notice: String?

    private var screen: OpaquePointer?
    private var ttyFile: UnsafeMutablePointer<FILE>?
    private let inputDescriptor: Int32
    private let outputDescriptor: Int32
    private var active = false
    private var presented: Grid?
    private var needsFullRepaint = true
    private var defaultColors = false
    private var pairs: ColorPairTable
    private var theme: [Role: TerminalStyle] = [:]
    private var styleCache: [Style: (attributes: attr_t, pair: Int16)] = [:]
    private var suspiciousErrors = 0

    /// Sets the terminal up: locale, raw mode, no echo, keypad, short Esc delay, hidden cursor, colours,
    /// the mouse if asked, and handlers that restore the terminal on SIGHUP, SIGQUIT, SIGTERM, SIGINT and crashes.
    /// - Throws: `TerminalError` when there is no terminal, `TERM` is unknown, or it cannot move the cursor.
    ///   Nothing has been changed on the terminal then.
    public init(options: TerminalOptions = TerminalOptions()) throws {
        setlocale(LC_ALL, "")
        isUTF8 = TerminalLocale.isUTF8

        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !termName.isEmpty else { throw TerminalError.unknownTerminal("") }

        // The UI goes to the terminal even when stdout is piped (`vpcx | tee`): use /dev/tty then.
        let input: UnsafeMutablePointer<FILE>
        let output: UnsafeMutablePointer<FILE>
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            input = vpcx_stdin()
            output = vpcx_stdout()
        } else {
            guard let tty = fopen("/dev/tty", "r+") else { throw TerminalError.noTerminal }
            ttyFile = tty
            input = tty
            output = tty
        }
        inputDescriptor = fileno(input)
        outputDescriptor = fileno(output)

        TerminalSignals.saveOriginalHandlers()
        // newterm, unlike initscr, returns nil on an unknown TERM instead of exiting the process.
        TerminfoSearch.widenSearch()
        var opened = newterm(termName, output, input)
        if opened == nil && TerminfoSearch.isXtermCompatible(termName) {
            for fallback in TerminfoSearch.fallbacks {
                opened = newterm(fallback, output, input)
                if opened != nil {
                    notice = TerminfoSearch.notice(term: termName, using: fallback)
                    break
                }
            }
        }
        guard let screen = opened else {
            if let ttyFile { fclose(ttyFile) }
            throw TerminalError.unknownTerminal(termName)
        }
        self.screen = screen
        _ = set_term(screen)
        // TERM=dumb "succeeds" but cannot address the cursor. tigetstr returns nil when absent and (char *)-1 when the name is not a string capability.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            endwin()
            delscreen(screen)
            if let ttyFile { fclose(ttyFile) }
            throw TerminalError.incapableTerminal(termName)
        }

        raw()
        noecho()
        nonl()
        let window = vpcx_stdscr()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true) // the cursor is hidden: no need to move it back after each update
        set_escdelay(Int32(clamping: options.escapeDelayMilliseconds))
        curs_set(0)

        if has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colorCount = Int(vpcx_colors())
            // init_pair takes a short; pair 0 is the default colours and cannot be changed.
            pairs = ColorPairTable(capacity: min(Int(vpcx_color_pairs()), Int(Int16.max)) - 1)
        } else {
            colorCount = 0
            pairs = ColorPairTable(capacity: 0)
        }

        if options.mouse {
            mousemask(mmask_t(InputDecoding.mouseMask), nil)
            mouseinterval(0) // report press and release at once instead of waiting to merge them into a click
        }
        mouseEnabled = options.mouse

        TerminalSignals.install(ttyDescriptor: outputDescriptor, mouse: options.mouse)
        active = true
    }

    deinit { shutdown() }

    /// Columns of the terminal now (updated when a `.resize` event is returned).
    public var width: Int { Int(vpcx_cols()) }
    /// Rows of the terminal now.
    public var height: Int { Int(vpcx_lines()) }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for input.
    /// - Returns: a key, a mouse event, a resize (with the new size), `.tick` when nothing came in time
    ///   (or a key vpcx does not use), or nil when input has ended for good (the terminal hung up,
    ///   or after `shutdown`): the caller leaves its loop.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        TerminalSignals.stopIfCrashed()
        guard active else { return nil }
        TerminalSignals.drawing { wtimeout(vpcx_stdscr(), Int32(clamping: max(-1, timeoutMilliseconds))) }
        // The read blocks, so it stays outside `drawing` (a crash handler would wait for a key). It does
        // not draw: `wget_wch` refreshes only a window changed since its last refresh, and `present`
        // leaves none.
        let raw = readRaw()
        return TerminalSignals.drawing { event(from: raw) }
    }

    /// What one read means; may ask ncurses for the mouse event.
    private func event(from raw: RawInput?) -> InputEvent? {
        guard let raw else {
            // ERR is both "timed out" and "input is gone"; the second repeats at once, forever.
            if vpcx_errno() == EINTR { return .tick }
            return inputHasEnded() ? nil : .tick
        }
        suspiciousErrors = 0
        if case .character(let scalar) = raw, scalar >= 0x80, !isUTF8 {
            return .tick // a byte of a multibyte key in a non-UTF-8 locale: not a character we can trust
        }
        switch InputDecoding.decode(raw) {
        case .key(let key):
            return .key(key)
        case .resize:
            needsFullRepaint = true
            return .resize(width: width, height: height)
        case .mouse:
            var event = MEVENT()
            guard getmouse(&event) == OK,
                  let mouse = InputDecoding.mouseEvent(buttonState: UInt32(event.bstate), x: Int(event.x), y: Int(event.y))
            else { return .tick }
            return .mouse(mouse)
        case .ignored:
            return .tick
        }
    }

    /// One read from ncurses; nil on ERR (timeout or end of input, told apart by the caller).
    /// Under a UTF-8 locale `wget_wch` assembles multibyte characters. Under any other it must not be used:
    /// it takes the bytes of a UTF-8 key (é) as the start of a character that never completes and swallows
    /// the keys after it (measured: about 14 of them); `wgetch` returns the bytes one by one instead.
    private func readRaw() -> RawInput? {
        vpcx_clear_errno()
        if isUTF8 {
            var value: wint_t = 0
            let status = wget_wch(vpcx_stdscr(), &value)
            if status == ERR { return nil }
            return status == KEY_CODE_YES ? .keyCode(Int32(bitPattern: value)) : .character(UInt32(value))
        }
        let value = wgetch(vpcx_stdscr())
        if value == ERR { return nil }
        return value >= KEY_CODE_YES ? .keyCode(value) : .character(UInt32(value))
    }

    /// After an ERR that was not EINTR: is the input gone (hang-up, closed), or did it just time out?
    /// A hung-up terminal polls as POLLHUP/POLLERR; one at end of file polls readable yet yields nothing.
    /// A key that arrives just after a timeout also polls readable, so that must repeat before it counts.
    private func inputHasEnded() -> Bool {
        guard isatty(inputDescriptor) == 1 else { return true }
        var descriptor = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready < 0 { return vpcx_errno() != EINTR }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        if descriptor.revents & Int16(POLLIN) != 0 {
            suspiciousErrors += 1
            return suspiciousErrors >= 3
        }
        suspiciousErrors = 0
        return false
    }

    /// Draws `grid` from the top-left corner, sending only the cells that differ from the last grid
    /// presented (every cell after a resize or `invalidate()`). Cells beyond the screen are clipped.
    /// - Parameter theme: the style of each role; a role not in it uses its parent (`border.focused` →
    ///   `border`), then `normal`. Colours are mapped down to `colorCount`.
    public func present(_ grid: Grid, theme: [Role: TerminalStyle]) {
        guard active else { return }
        TerminalSignals.drawing { draw(grid, theme: theme) }
    }

    private func draw(_ grid: Grid, theme: [Role: TerminalStyle]) {
        if theme != self.theme {
            self.theme = theme
            styleCache.removeAll(keepingCapacity: true)
        }
        let window = vpcx_stdscr()
        let screenWidth = width, screenHeight = height
        if needsFullRepaint {
            werase(window) // what the grid does not cover (a grid smaller than the screen) is blank
        }
        let plan = PresentPlan(previous: needsFullRepaint ? nil : presented, grid: grid,
                               screenWidth: screenWidth, screenHeight: screenHeight)
        var buffer: [cchar_t] = []
        buffer.reserveCapacity(screenWidth + 1)
        // Neighbouring cells mostly share a style: skip the hash lookup for a repeat.
        var lastStyle: Style?
        var lastResolved: (attributes: attr_t, pair: Int16) = (vpcx_attr_normal(), 0)
        for run in plan.runs {
            buffer.removeAll(keepingCapacity: true)
            for glyph in PresentPlan.glyphs(for: run, in: grid, screenWidth: screenWidth, asciiOnly: !isUTF8) {
                if glyph.style != lastStyle {
                    lastResolved = resolvedStyle(glyph.style)
                    lastStyle = glyph.style
                }
                buffer.append(cell(glyph, attributes: lastResolved.attributes, pair: lastResolved.pair))
            }
            buffer.append(cchar_t()) // add_wchnstr stops at a null cell as well as at n
            _ = buffer.withUnsafeMutableBufferPointer { cells in
                mvwadd_wchnstr(window, Int32(run.y), Int32(run.from), cells.baseAddress, Int32(cells.count - 1))
            }
        }
        wnoutrefresh(window)
        doupdate()
        needsFullRepaint = false
        presented = grid
        lastCellsWritten = plan.cellCount
    }

    /// Makes the next `present` repaint the whole screen, clearing it first (after something else wrote
    /// to the terminal, or for Ctrl-L).
    public func invalidate() {
        guard active else { return }
        needsFullRepaint = true
        TerminalSignals.drawing { _ = clearok(vpcx_stdscr(), true) }
    }

    /// Ctrl-Z under raw mode arrives as a key; call this to stop the process as a shell would.
    /// The terminal is restored while stopped and repainted on the next `present` after `fg`.
    public func suspend() {
        guard active else { return }
        TerminalSignals.drawing { _ = endwin() }
        raise(SIGTSTP)
        // Back after SIGCONT: refreshing puts ncurses' terminal modes back.
        invalidate()
        TerminalSignals.drawing { _ = doupdate() }
    }

    /// Gives the calling thread an alternate signal stack, so that if it overflows its stack (deep
    /// input on a load thread) the crash handler can still run and restore the terminal. Call at
    /// the start of every thread that runs while the screen is up; the main thread has one.
    public static func prepareThreadForCrashes() {
        TerminalSignals.prepareThread()
    }

    /// Puts text on the clipboard of the terminal the person sits at, over SSH too, with OSC 52
    /// (base64 of the text). Inside tmux the sequence is wrapped for passthrough, so it reaches the
    /// outer terminal when tmux does not take OSC 52 itself. Text over 100 kB is not sent.
    public func copyToClipboard(_ text: String, insideTmux: Bool) {
        guard active else { return }
        let bytes = Array(text.utf8)
        guard bytes.count <= 100_000 else { return }
        let osc = "\u{1b}]52;c;" + Base64.encode(bytes) + "\u{07}"
        let sequence = insideTmux ? "\u{1b}Ptmux;" + String(osc.flatMap { $0 == "\u{1b}" ? ["\u{1b}", "\u{1b}"] : [$0] }) + "\u{1b}\\" : osc
        _ = sequence.withCString { write(outputDescriptor, $0, strlen($0)) }
    }

    /// Restores the terminal exactly as it was: cursor shown, mouse reporting off, modes from before
    /// set-up, original signal handlers. Safe to call more than once; later calls do nothing.
    public func shutdown() {
        guard active else { return }
        active = false
        TerminalSignals.drawing {
            if mouseEnabled { mousemask(0, nil) }
            curs_set(1)
            endwin()
        }
        if mouseEnabled {
            // ncurses turns off only the mode it set; a terminal left reporting clicks makes the shell unusable.
            let off = "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l"
            _ = off.withCString { write(outputDescriptor, $0, strlen($0)) }
        }
        TerminalSignals.uninstall()
        if let screen { delscreen(screen) }
        screen = nil
        if let ttyFile { fclose(ttyFile) }
        ttyFile = nil
    }

    /// One glyph as an ncurses cell with its attributes and colour pair.
    private func cell(_ glyph: PresentPlan.Glyph, attributes: attr_t, pair: Int16) -> cchar_t {
        var result = cchar_t()
        // setcchar takes a spacing character followed by at most 4 combining ones, null-terminated.
        var text: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &text) { raw in
            let chars = raw.bindMemory(to: wchar_t.self)
            for scalar in glyph.character.unicodeScalars where count < 5 {
                chars[count] = wchar_t(bitPattern: scalar.value)
                count += 1
            }
        }
        let status = withUnsafePointer(to: &text) { pointer in
            pointer.withMemoryRebound(to: wchar_t.self, capacity: 6) { setcchar(&result, $0, attributes, pair, nil) }
        }
        if status == ERR {
            // A cluster ncurses will not take (several spacing characters, as in an emoji sequence): its first scalar.
            var single: (wchar_t, wchar_t) = (wchar_t(bitPattern: glyph.character.unicodeScalars.first?.value ?? 63), 0)
            _ = withUnsafePointer(to: &single) { pointer in
                pointer.withMemoryRebound(to: wchar_t.self, capacity: 2) { setcchar(&result, $0, attributes, pair, nil) }
            }
        }
        return result
    }

    private func resolvedStyle(_ style: Style) -> (attributes: attr_t, pair: Int16) {
        if let cached = styleCache[style] { return cached }
        let resolved = StyleResolution.resolve(style, theme: theme)
        var attributes = vpcx_attr_normal()
        if resolved.bold { attributes |= vpcx_attr_bold() }
        if resolved.underline { attributes |= vpcx_attr_underline() }
        if resolved.reverse { attributes |= vpcx_attr_reverse() }
        if resolved.dim { attributes |= vpcx_attr_dim() }
        var pairNumber: Int16 = 0
        let colors = StyleResolution.terminalColors(resolved, colors: colorCount, defaultColors: defaultColors)
        if colors.fg != -1 || colors.bg != -1 {
            let (number, isNew) = pairs.pair(fg: colors.fg, bg: colors.bg)
            if isNew { init_pair(Int16(number), Int16(colors.fg), Int16(colors.bg)) }
            pairNumber = Int16(number)
        }
        styleCache[style] = (attributes, pairNumber)
        return (attributes, pairNumber)
    }
}
