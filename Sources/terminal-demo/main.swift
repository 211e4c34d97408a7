// A tiny program that exercises the Terminal module on a real terminal: the end-to-end tests drive it in
// tmux, and `--bench` measures present(). It draws a box, echoes the last event, and quits on `q`.
//
//   terminal-demo [--mouse] [--pid-file PATH] [--exit-file PATH] [--bench [--bench-output PATH]]
//
// --crash-key makes `!` trap (index out of range) and `@` overflow the stack of another thread, to check
// the terminal is restored before the backtrace.
// --exit-file records how the loop ended: `quit` (the q key) or `input-ended` (nextEvent returned nil).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Canvas
import Foundation
import Terminal

/// Recurses until the stack runs out (the optimiser cannot turn it into a loop: it uses its frame).
func overflow(_ depth: Int) -> Int {
    var frame = [UInt8](repeating: UInt8(truncatingIfNeeded: depth), count: 64)
    return withUnsafeMutableBytes(of: &frame) { _ in overflow(depth + 1) } + frame.count
}

let arguments = Array(CommandLine.arguments.dropFirst())
func value(after flag: String) -> String? {
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let theme: [Role: TerminalStyle] = [
    .normal: .plain,
    .border: TerminalStyle(fg: 39),
    .title: TerminalStyle(fg: 214, bold: true),
    .selection: TerminalStyle(fg: 231, bg: 25, reverse: false),
    .key: TerminalStyle(fg: 114, bold: true),
]

let screen: TerminalScreen
do {
    screen = try TerminalScreen(options: TerminalOptions(mouse: arguments.contains("--mouse")))
} catch {
    let message = "terminal-demo: \(error)\n"
    _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(1)
}
if let path = value(after: "--pid-file") {
    let text = "\(getpid())\n"
    if let file = fopen(path, "w") { fputs(text, file); fclose(file) }
}

@MainActor func draw(_ screen: TerminalScreen, lastEvent: String) -> Grid {
    var grid = Grid(width: screen.width, height: screen.height)
    let glyphs = screen.isUTF8 ? BoxGlyphs.unicode : BoxGlyphs.ascii
    grid.box(grid.bounds, glyphs: glyphs, title: "terminal-demo")
    grid.put("last: \(lastEvent)", x: 2, y: 1, style: Style(.key))
    grid.put("size: \(screen.width)x\(screen.height)", x: 2, y: 2)
    grid.put("colours: \(screen.colorCount) utf8: \(screen.isUTF8)", x: 2, y: 3)
    grid.put("wide: 日本語 end", x: 2, y: 4)
    grid.put("press q to quit", x: 2, y: 5, style: Style(.selection))
    return grid
}

/// Moves a selection bar down a 200x60 list and times present(); the numbers go in the report.
@MainActor func bench(_ screen: TerminalScreen) -> String {
    let width = 200, height = 60
    var base = Grid(width: width, height: height)
    base.box(base.bounds, glyphs: screen.isUTF8 ? .unicode : .ascii, title: "bench")
    for row in 1..<(height - 1) {
        base.put("vpce-0\(row)abcdef0123456  com.amazonaws.eu-west-1.service-\(row)  Interface  available  10.0.\(row).17",
                 x: 2, y: row)
    }
    func frame(selected: Int) -> Grid {
        var grid = base
        grid.restyle(Rect(x: 1, y: selected, width: width - 2, height: 1)) { $0 = Style(.selection, reverse: true) }
        return grid
    }
    let clock = ContinuousClock()
    let firstStart = clock.now
    screen.present(frame(selected: 1), theme: theme)
    let full = clock.now - firstStart
    let fullCells = screen.lastCellsWritten
    let moves = 2000
    var moveCells = 0
    var total: Duration = .zero
    var worst: Duration = .zero
    for i in 0..<moves {
        let grid = frame(selected: 1 + (i + 1) % (height - 2))
        let start = clock.now
        screen.present(grid, theme: theme)
        let elapsed = clock.now - start
        total += elapsed
        worst = max(worst, elapsed)
        moveCells = max(moveCells, screen.lastCellsWritten)
    }
    // The share of the diff itself (Canvas), without ncurses.
    var diffTotal: Duration = .zero
    var previous = frame(selected: 1)
    for i in 0..<moves {
        let grid = frame(selected: 1 + (i + 1) % (height - 2))
        let start = clock.now
        _ = grid.changedRuns(since: previous)
        diffTotal += clock.now - start
        previous = grid
    }
    func micro(_ d: Duration) -> String {
        let us = Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
        return String(Int(us.rounded()))
    }
    return """
        grid \(width)x\(height) on a \(screen.width)x\(screen.height) terminal, \(screen.colorCount) colours
        first present (full): \(fullCells) cells, \(micro(full)) us
        one-line cursor move: \(moveCells) cells, mean \(micro(total / moves)) us, worst \(micro(worst)) us over \(moves) moves
        of which Grid.changedRuns: mean \(micro(diffTotal / moves)) us
        """
}

if arguments.contains("--bench") {
    let report = bench(screen)
    screen.shutdown()
    if let path = value(after: "--bench-output"), let file = fopen(path, "w") { fputs(report + "\n", file); fclose(file) }
    print(report)
    exit(0)
}

var lastEvent = "none"
var ending = "input-ended"
screen.present(draw(screen, lastEvent: lastEvent), theme: theme)
loop: while let event = screen.nextEvent(timeoutMilliseconds: 500) {
    switch event {
    case .tick:
        continue
    case .key(.character("q")):
        ending = "quit"
        break loop
    case .key(.character("@")) where arguments.contains("--crash-key"):
        // A stack overflow on another thread, as deep hostile input on the explorer's load thread would cause.
        let thread = Thread {
            TerminalScreen.prepareThreadForCrashes()
            print(overflow(1))
        }
        thread.stackSize = 1 << 20
        thread.start()
    case .key(.character("!")) where arguments.contains("--crash-key"):
        let empty: [Int] = Array(arguments.prefix(0).map { _ in 0 })
        lastEvent = "crash \(empty[arguments.count])"
    case .key(.ctrl("z")):
        screen.suspend()
    case .key(.ctrl("l")):
        screen.invalidate()
    case .key(let key):
        lastEvent = "key \(key)"
    case .mouse(let mouse):
        lastEvent = "mouse \(mouse.kind) \(mouse.x),\(mouse.y)"
    case .resize(let width, let height):
        lastEvent = "resize \(width)x\(height)"
    }
    screen.present(draw(screen, lastEvent: lastEvent), theme: theme)
}
screen.shutdown()
if let path = value(after: "--exit-file"), let file = fopen(path, "w") { fputs(ending + "\n", file); fclose(file) }
print("terminal-demo: bye")
