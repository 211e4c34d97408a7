import ArgumentParser
import Canvas
import Explorer
import Foundation
import Loaders
import Model
import Terminal

/// `vpcx [SOURCE ...]`: the explorer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the explorer (the default command): navigate VPCs, subnets, route tables and endpoints.")

    @OptionGroup var source: SourceOptions

    @Option(help: "Colour theme: default-dark, light, high-contrast, monochrome, a user theme in ~/.config/vpcx/themes, or a .yaml path. NO_COLOR selects monochrome.")
    var theme: String?

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse (keeps the terminal's own text selection).")
    var noMouse = false

    @Flag(help: "Collect a snapshot of the live account through the aws CLI into a temporary directory and open it (read-only calls; see vpcx collect).")
    var live = false

    @OptionGroup(title: "With --live") var account: AccountArguments

    func validate() throws {
        if live && !source.sources.isEmpty { throw ValidationError("--live reads the account; give no SOURCE with it") }
    }

    func run() throws {
        let theme = try ThemeChoice.resolve(self.theme)
        let options = try source.loadOptions()
        var sources = source.sources
        // A --live snapshot is temporary (`vpcx collect --output DIR` keeps one): it lives in a
        // private directory that is removed on every way out. An error or ^C during the collect
        // returns through the `defer`; once collected it is loaded into memory and removed before
        // the terminal is touched, so a signal or crash in the explorer cannot leave it behind.
        var live: LiveSnapshot?
        defer { live?.remove() }
        if self.live {
            live = try LiveSnapshot()
            _ = try CollectCommand.collect(account, into: live?.snapshot ?? "")
            sources = [live?.snapshot ?? ""]
        }
        let load = BackgroundLoad(sources: sources, options: options)
        if let snapshot = live {
            snapshot.removeOnSignals { load.wait(upToSeconds: 24 * 3600) }
            live = nil
        }
        // Small inputs load before the terminal is touched, so their errors print as plain lines.
        load.wait(upToSeconds: 0.3)
        if case .failed(let error)? = load.outcome {
            printError(error.description)
            throw ExitCode(2)
        }

        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(options: TerminalOptions(mouse: !noMouse))
        } catch {
            printError("vpcx: \(error)")
            throw ExitCode(2)
        }
        let glyphs: BoxGlyphs = ascii || !screen.isUTF8 ? .ascii : .unicode
        let palette = theme.palette
        var state = AppState(inventory: .empty, width: screen.width, height: screen.height, glyphs: glyphs, mouse: screen.mouseEnabled)
        var loaded = false
        var grid = Grid(width: 0, height: 0)
        var failure: LoadError?

        func draw() {
            Screen.render(state, into: &grid)
            screen.present(grid, theme: palette)
        }

        // Frames are drawn after something changed, not on every idle tick: over SSH an idle
        // explorer should cost nothing.
        var needsFrame = true
        loop: while true {
            if !loaded {
                needsFrame = true
                switch load.outcome {
                case .loaded(let inventory)?:
                    state.loading = nil
                    state.replaceInventory(inventory, isBase: true)
                    loaded = true
                case .failed(let error)?:
                    failure = error
                    break loop
                case nil:
                    state.loading = load.progressText
                }
            }
            if needsFrame { draw() }
            needsFrame = false
            let timeout = !loaded || state.animating ? 80 : 1000
            guard let event = screen.nextEvent(timeoutMilliseconds: timeout) else { break }
            let action: Action?
            switch event {
            case .key(let key): action = state.action(for: key)
            case .mouse(let mouse): action = .mouse(mouse)
            case .resize(let w, let h): action = .resize(width: w, height: h)
            case .tick: action = state.animating ? .tick : nil
            }
            guard let action else { continue }
            // While loading, only quitting and resizing mean anything.
            if !loaded {
                switch action {
                case .quit, .resize: break
                default: continue
                }
            }
            needsFrame = true
            for effect in state.reduce(action) {
                switch effect {
                case .quit: break loop
                case .writeFile(let path, let contents):
                    do {
                        try contents.write(toFile: path, atomically: true, encoding: .utf8)
                        state.message = "wrote \(path)"
                    } catch {
                        state.message = "cannot write \(path): \(error.localizedDescription)"
                    }
                }
            }
        }
        screen.shutdown()
        if let failure {
            printError(failure.description)
            throw ExitCode(2)
        }
    }
}

/// The private directory (0700, from mkdtemp) a `--live` collect writes its snapshot into.
final class LiveSnapshot: @unchecked Sendable {
    let directory: String
    var snapshot: String { directory + "/snapshot" }
    private let lock = NSLock()
    private var removed = false

    init() throws {
        var template = Array((NSTemporaryDirectory() + "vpcx-live-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkdtemp($0) != nil } ?? false }
        guard made else {
            printError("vpcx: error: cannot create a temporary directory for --live: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the directory (once).
    func remove() {
        let first = lock.withLock { () -> Bool in
            defer { removed = true }
            return !removed
        }
        if first { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP removing the directory and ending vpcx (128 +
    /// the signal), then removes it.
    func removeOnSignals(_ body: () -> Void) {
        let sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                remove()
                _exit(128 + number)
            }
            source.resume()
            return source
        }
        body()
        remove()
        for (source, number) in zip(sources, [SIGINT, SIGTERM, SIGHUP]) {
            source.cancel()
            signal(number, SIG_DFL)
        }
    }
}

/// Loads sources on another thread so a large inventory shows progress instead of a frozen screen.
final class BackgroundLoad: @unchecked Sendable {
    enum Outcome {
        case loaded(Inventory)
        case failed(LoadError)
    }

    private let lock = NSLock()
    private var result: Outcome?
    private var progress: LoadProgress?
    private let done = DispatchSemaphore(value: 0)

    init(sources: [String], options: LoadOptions) {
        if sources.isEmpty {
            result = .loaded(SourceLoader.demo())
            done.signal()
            return
        }
        let thread = Thread { [self] in
            // A crash here (a stack overflow on hostile input) must still restore the terminal.
            TerminalScreen.prepareThreadForCrashes()
            let outcome: Outcome
            do {
                outcome = .loaded(try SourceLoader.load(sources, options: options) { [self] p in
                    lock.withLock { progress = p }
                })
            } catch let error as LoadError {
                outcome = .failed(error)
            } catch {
                outcome = .failed(LoadError(path: sources.joined(separator: " "), message: "\(error)"))
            }
            lock.withLock { result = outcome }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the load to end, at most `seconds`.
    func wait(upToSeconds seconds: Double) {
        if done.wait(timeout: .now() + seconds) == .success { done.signal() }
    }

    var outcome: Outcome? { lock.withLock { result } }

    /// `Reading describe-network-interfaces.json (3/10, 41%)`.
    var progressText: String {
        guard let p = lock.withLock({ progress }) else { return "Reading…" }
        let name = (p.file as NSString).lastPathComponent
        let percent = p.bytesTotal > 0 ? " \(p.bytesDone * 100 / p.bytesTotal)%" : ""
        return "Reading \(name) (\(p.filesDone + 1)/\(p.filesTotal)\(percent))"
    }
}
