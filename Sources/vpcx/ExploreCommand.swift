import Analysis
import ArgumentParser
import Canvas
import Explorer
import Foundation
import Loaders
import Model
import Terminal
import ThemeLoader

/// `vpcx [SOURCE ...]`: the explorer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the explorer (the default command): navigate VPCs, subnets, route tables and endpoints.")

    @OptionGroup var source: SourceOptions

    @OptionGroup(title: "Traffic and prices") var prices: ExplorerPricingOptions

    @OptionGroup(title: "Screen") var screen: ScreenOptions

    @Flag(help: "Collect a snapshot of the live account through the aws CLI into a temporary directory and open it (read-only calls; see vpcx collect).")
    var live = false

    @OptionGroup(title: "With --live") var account: AccountArguments

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Open NEW with what changed since OLD marked (+ - ~ in the navigator, the Changes panel 8, the old path in Paths); as vpcx diff OLD NEW.", valueName: "OLD NEW"),
            completion: Completions.sources)
    var compare: [String] = []

    func validate() throws {
        if live && !source.sources.isEmpty { throw ValidationError("--live reads the account; give no SOURCE with it") }
        try Self.validateCompare(compare, sources: source.sources, live: live)
    }

    /// `--compare` takes exactly OLD and NEW, and no other source.
    static func validateCompare(_ compare: [String], sources: [String], live: Bool = false) throws {
        guard !compare.isEmpty else { return }
        if compare.count != 2 { throw ValidationError("--compare takes two sources, OLD and NEW (got \(compare.count))") }
        if !sources.isEmpty || live { throw ValidationError("--compare OLD NEW names the sources; give no other SOURCE or --live with it") }
        if compare[0] == "-" && compare[1] == "-" { throw ValidationError("OLD and NEW cannot both be - (standard input is read once)") }
    }

    func run() throws {
        if let record = screen.record { try Recording.rerun(recordingTo: record) }
        let config = try UserSettings.load()
        let (theme, mouse, clipboard) = try screen.settings(config)
        let keyMap = try UserSettings.keyMap(config)
        let options = try source.loadOptions()
        var sources = source.sources
        // `--compare OLD NEW` opens NEW; OLD is loaded beside it, by the same background load.
        var compared: String?
        if compare.count == 2 {
            compared = try DiffCommand.resolve(compare[0])
            sources = [try DiffCommand.resolve(compare[1])]
        }
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
        let inputs = try prices.inputs(config: config)
        let target = inputs.target(sources: sources, workingDirectory: FileManager.default.currentDirectoryPath)
        let load = BackgroundLoad(sources: sources, options: options, comparedWith: compared, inputs: inputs, usage: target)
        if let snapshot = live {
            snapshot.removeOnSignals { load.wait(upToSeconds: 24 * 3600) }
            live = nil
        }
        try ExploreCommand.open(load, sources: sources, options: options, theme: theme, keyMap: keyMap, ascii: screen.ascii,
                                mouse: mouse, clipboard: clipboard)
    }

    /// The terminal part of the explorer and the tour: wait briefly for a small load (its errors
    /// print as plain lines), set the terminal up, run the loop, restore the terminal.
    static func open(_ load: BackgroundLoad, sources: [String], options: LoadOptions, theme: Theme, keyMap: KeyMap,
                     ascii: Bool, mouse: Bool, clipboard: Bool, tour: Bool = false) throws {
        load.waitForSomethingToShow(upToSeconds: 0.3)
        if case .failed(let error)? = load.outcome {
            printError(error.description)
            throw ExitCode(2)
        }

        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(options: TerminalOptions(mouse: mouse))
        } catch {
            printError("vpcx: \(error)")
            throw ExitCode(2)
        }
        let glyphs: BoxGlyphs = ascii || !screen.isUTF8 ? .ascii : .unicode
        let failure = ExploreCommand.runLoop(screen: screen, load: load, sources: sources, options: options, glyphs: glyphs,
                                             palette: theme.palette(for: Role.explorerRoles),
                                             keyMap: keyMap, notice: screen.notice, clipboard: clipboard, tour: tour)
        screen.shutdown()
        if let failure {
            printError(failure.description)
            throw ExitCode(2)
        }
    }

    /// The terminal's side of the Program: read input (also while a load runs, so `q` cancels it),
    /// let the Program step, carry out its effects and send their results back, draw after a change.
    /// Returns the load's error when a load failed.
    static func runLoop(screen: TerminalScreen, load started: BackgroundLoad, sources: [String], options: LoadOptions,
                        glyphs: BoxGlyphs, palette: [Role: TerminalStyle], keyMap: KeyMap, notice: String?,
                        clipboard: Bool = true, tour: Bool = false) -> LoadError? {
        var (program, pending) = Program.loading(sources, width: screen.width, height: screen.height, glyphs: glyphs,
                                                 mouse: screen.mouseEnabled, keyMap: keyMap, notice: notice,
                                                 homeDirectory: NSHomeDirectory(),
                                                 workingDirectory: FileManager.default.currentDirectoryPath, clipboard: clipboard,
                                                 tour: tour)
        var load: BackgroundLoad?
        var check: BackgroundCheck?
        var grid = Grid(width: 0, height: 0)
        // Frames are drawn after something changed, not on every idle tick: over SSH an idle
        // explorer should cost nothing.
        var needsFrame = true
        while true {
            // Effects, and the actions their results come back as.
            while !pending.isEmpty {
                let effect = pending.removeFirst()
                switch effect {
                case .quit:
                    return nil // a load still running is abandoned with the process
                case .load(let requested):
                    load = requested == sources ? started : BackgroundLoad(sources: requested, options: options)
                case .writeFile(let asked, let contents, let overwrite):
                    // `~` means the home directory, as in a shell; an existing file is asked about first.
                    let path = (asked as NSString).expandingTildeInPath
                    if !overwrite && FileManager.default.fileExists(atPath: path) {
                        pending += program.send(.writeExists(path: path))
                        needsFrame = true
                        continue
                    }
                    do {
                        try contents.write(toFile: path, atomically: true, encoding: .utf8)
                        pending += program.send(.wrote(path: path))
                    } catch {
                        pending += program.send(.writeFailed(path: path, reason: error.localizedDescription))
                    }
                case .writeUsage(let asked, let traffic, let expected):
                    let path = (asked as NSString).expandingTildeInPath
                    switch UsageWriter.write(traffic, to: path, expected: expected) {
                    case .success(let text): pending += program.send(.wroteUsage(path: path, text: text))
                    case .failure(let error): pending += program.send(.writeFailed(path: path, reason: error.reason))
                    }
                case .copy(let text):
                    screen.copyToClipboard(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil)
                case .suspend:
                    screen.suspend()
                    pending.append(.repaint)
                case .repaint:
                    screen.invalidate()
                }
                needsFrame = true
            }
            if let running = load {
                switch running.outcome {
                case .loaded(let network)?:
                    load = nil
                    pending += program.send(.loaded(network))
                    needsFrame = true
                    continue
                case .failed(let error)?:
                    _ = program.send(.loadFailed(error.description))
                    return error
                case nil:
                    if let look = running.takeFirstLook() {
                        pending += program.send(.loaded(look))
                        needsFrame = true
                        continue
                    }
                    let text = running.progressText
                    if text != program.state.loading {
                        pending += program.send(.loadProgress(text))
                        needsFrame = true
                    }
                }
            }
            // A what-if's pending rules (an organisation's cross-VPC ones) are worked out off this
            // thread, the network with the what-if on screen meanwhile. Not while a load runs: it
            // completes its own.
            if load == nil {
                if let running = check, let found = running.found {
                    check = nil
                    pending += program.send(.acrossVPCsChecked(generation: running.generation, findings: found))
                    needsFrame = true
                    continue
                }
                let analysis = program.state.analysis
                if !analysis.rulesPending.isEmpty, check?.generation != analysis.generation { check = BackgroundCheck(analysis) }
            }
            if needsFrame {
                program.render(into: &grid)
                screen.present(grid, theme: palette)
            }
            needsFrame = false
            guard let event = screen.nextEvent(timeoutMilliseconds: program.tickMilliseconds) else { return nil }
            if let effects = program.handle(event) {
                pending += effects
                needsFrame = true
            }
        }
    }
}

/// The pending rules of the analysis on screen (`SessionAnalysis.pendingFindings()`), worked out on a
/// thread of their own; `found` is nil until they are. An analysis replaced meanwhile leaves its
/// check to finish unread.
final class BackgroundCheck: @unchecked Sendable {
    let generation: Int
    private let lock = NSLock()
    private var result: [Finding]?

    init(_ analysis: SessionAnalysis) {
        generation = analysis.generation
        let thread = Thread { [self] in
            // A crash here must still restore the terminal, as on the load's thread.
            TerminalScreen.prepareThreadForCrashes()
            let found = analysis.pendingFindings()
            lock.withLock { result = found }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    var found: [Finding]? { lock.withLock { result } }
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
        /// The network with its analysis made on the load's thread, so the explorer's thread (which
        /// reads the keys) only installs it.
        case loaded(LoadedNetwork)
        case failed(LoadError)
    }

    private let lock = NSLock()
    private var result: Outcome?
    /// The network without its ENIs, analysed while they are read; taken once by `takeFirstLook`.
    private var firstLook: LoadedNetwork?
    private var progress: LoadProgress?
    private var analysing = false
    /// The network is shown; its deferred cross-VPC rules run.
    private var checkingAcrossVPCs = false
    private let done = DispatchSemaphore(value: 0)
    /// Signalled when there is something to show: the whole network, its error, or a first look.
    private let showable = DispatchSemaphore(value: 0)

    /// Loads `sources`; with `comparedWith` (`--compare OLD NEW`), OLD too, and their diff is made
    /// with the analysis. An error in either is the load's error.
    /// `inputs` are the traffic and prices the session starts with (a usage file is checked against
    /// the loaded network here, so its mistakes are the load's error); `usage` is where `w` writes.
    /// `firstLook`: show the network without its ENIs while a large ENI answer is read (not with
    /// `comparedWith`: a diff against half a network would list every ENI as removed).
    init(sources: [String], options: LoadOptions, comparedWith old: String? = nil, inputs: SessionInputs? = nil,
         usage: UsageTarget? = nil, firstLook wantsFirstLook: Bool = true) {
        let network = { @Sendable (inventory: Inventory, before: Inventory?, partial: Bool) throws(LoadError) -> LoadedNetwork in
            // An organisation's cross-VPC rules run after its first frame (`SessionAnalysis.rulesToDefer`).
            // A first look's are left pending for good (the whole network replaces it); with `--compare`
            // they run before (the diff compares findings).
            let deferred = before != nil ? [] : SessionAnalysis.rulesToDefer(inventory)
            guard let inputs else {
                return LoadedNetwork(inventory, comparedWith: before, usage: usage, partial: partial, deferring: deferred)
            }
            return LoadedNetwork(inventory, session: try inputs.session(for: inventory, comparedWith: before), comparedWith: before,
                                 usage: usage, partial: partial, deferring: deferred)
        }
        if sources.isEmpty {
            do {
                result = .loaded(try network(SourceLoader.demo(), nil, false))
            } catch {
                result = .failed(error)
            }
            done.signal()
            showable.signal()
            return
        }
        let thread = Thread { [self] in
            // A crash here (a stack overflow on hostile input) must still restore the terminal.
            TerminalScreen.prepareThreadForCrashes()
            let outcome: Outcome
            do {
                // The first look is analysed on a thread of its own, so reading the ENIs goes on meanwhile;
                // a usage file it cannot be checked against yet (an error) just means no first look.
                var look: (@Sendable (InventoryContents) -> Void)?
                if wantsFirstLook && old == nil { look = { [self] contents in analyseFirstLook(contents, network) } }
                let inventory = try SourceLoader.load(sources, options: options, progress: { [self] p in
                    lock.withLock { progress = p }
                }, firstLook: look)
                let before = try old.map { try SourceLoader.load([$0], options: options) }
                lock.withLock { analysing = true }
                var loaded = try network(inventory, before, false)
                if !loaded.analysis.rulesPending.isEmpty {
                    // Shown now, as a first look is; the whole network follows with the deferred findings.
                    lock.withLock { firstLook = loaded; checkingAcrossVPCs = true }
                    showable.signal()
                    loaded = loaded.completing()
                }
                outcome = .loaded(loaded)
            } catch let error as LoadError {
                outcome = .failed(error)
            } catch {
                outcome = .failed(LoadError(path: ([old].compactMap { $0 } + sources).joined(separator: " "), message: "\(error)"))
            }
            lock.withLock { result = outcome }
            done.signal()
            showable.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Analyses the first look on a thread of its own while the load goes on; it is shown only if
    /// ready before the whole network. An error here (a usage file naming what only the rest of
    /// the load has) just means no first look: the whole load reports it, if it is still one.
    private func analyseFirstLook(_ contents: InventoryContents,
                                  _ network: @escaping @Sendable (Inventory, Inventory?, Bool) throws(LoadError) -> LoadedNetwork) {
        let thread = Thread { [self] in
            TerminalScreen.prepareThreadForCrashes()
            let shown: LoadedNetwork
            do { shown = try network(Inventory(contents), nil, true) } catch { return }
            // Too late once the whole network is shown, deferred findings pending: it would go back to fewer ENIs.
            let taken = lock.withLock { () -> Bool in
                guard !checkingAcrossVPCs else { return false }
                firstLook = shown
                return true
            }
            if taken { showable.signal() }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the load to end, at most `seconds`.
    func wait(upToSeconds seconds: Double) {
        if done.wait(timeout: .now() + seconds) == .success { done.signal() }
    }

    /// Waits, at most `seconds`, for something to show: the load's end or a first look.
    func waitForSomethingToShow(upToSeconds seconds: Double) {
        if showable.wait(timeout: .now() + seconds) == .success { showable.signal() }
    }

    var outcome: Outcome? { lock.withLock { result } }

    /// The first look, once, when it is ready and the whole network is not (then it is never shown).
    func takeFirstLook() -> LoadedNetwork? {
        lock.withLock {
            guard result == nil, let look = firstLook else { return nil }
            firstLook = nil
            return look
        }
    }

    /// `Reading describe-network-interfaces.json (3/10, 41%)`.
    var progressText: String {
        let (p, analysing, checking) = lock.withLock { (progress, self.analysing, checkingAcrossVPCs) }
        if checking { return "Checking across VPCs…" }
        if analysing { return "Working out paths, findings and costs…" }
        guard let p else { return "Reading…" }
        let name = (p.file as NSString).lastPathComponent
        let percent = p.bytesTotal > 0 ? " \(p.bytesDone * 100 / p.bytesTotal)%" : ""
        return "Reading \(name) (\(p.filesDone + 1)/\(p.filesTotal)\(percent))"
    }
}
