import Canvas
import Model

/// The explorer's one runtime seam. Input events become actions here, `reduce` steps the state, and
/// what the outside world must do comes out as `Effect` values; their results come back in as
/// actions (`loaded`, `wrote`, ...). The executable only runs the terminal and carries out effects;
/// `vpcx snapshot`, `vpcx benchmark` and the story tests drive this same type, so there is one key loop.
public struct Program: Sendable {
    public private(set) var state: AppState

    /// A program over a network already in hand.
    public init(state: AppState) { self.state = state }

    /// A program that starts by loading `sources` (none: the built-in demo): the screen shows the
    /// load's progress, and the returned effects ask for the load.
    public static func loading(_ sources: [String], width: Int, height: Int, glyphs: BoxGlyphs = .unicode,
                               mouse: Bool = true, keyMap: KeyMap = .standard, notice: String? = nil,
                               homeDirectory: String? = nil, workingDirectory: String? = nil,
                               clipboard: Bool = true, tour: Bool = false) -> (Program, [Effect]) {
        var state = AppState(inventory: .empty, width: width, height: height, glyphs: glyphs, mouse: mouse)
        state.homeDirectory = homeDirectory
        state.workingDirectory = workingDirectory
        state.clipboardEnabled = clipboard
        state.keyMap = keyMap
        state.message = notice
        state.loading = "Reading…"
        // `vpcx tour`: the tour waits for the network, then starts at its first step.
        if tour { state.tour = TourState() }
        return (Program(state: state), [.load(sources: sources)])
    }

    /// Whether a load is still running.
    public var isLoading: Bool { state.loading != nil }

    /// Whether a load hides the network: nothing of it is shown yet (only quitting, resizing and the
    /// load's own results count then). With a first look on screen, every key works.
    public var isLoadingBlind: Bool { state.isLoadingBlind }

    /// How long the terminal may wait for input before the next `tick`: short while something moves
    /// (a load's progress, the packet animation, rules still running), long when idle, so an idle
    /// explorer costs nothing.
    public var tickMilliseconds: Int { isLoading || state.animating || !state.analysis.rulesPending.isEmpty ? 80 : 1000 }

    /// The action an input event means now (nil: nothing).
    public func action(for event: InputEvent) -> Action? {
        let action: Action?
        switch event {
        case .key(let key): action = state.action(for: key)
        case .mouse(let mouse): action = .mouse(mouse)
        case .resize(let w, let h): action = .resize(width: w, height: h)
        case .tick: action = state.animating ? .tick : nil
        }
        guard let action else { return nil }
        // While loading, only quitting and resizing mean anything: `q` and Ctrl-C cancel the load.
        if isLoadingBlind {
            switch action {
            case .quit, .resize: return action
            default: return nil
            }
        }
        return action
    }

    /// One input event: mapped to an action and stepped. Nil when the event meant nothing (no redraw).
    public mutating func handle(_ event: InputEvent) -> [Effect]? {
        guard let action = action(for: event) else { return nil }
        return send(action)
    }

    /// Steps the state with an action (a key's, or an effect's result).
    public mutating func send(_ action: Action) -> [Effect] {
        let effects = state.reduce(action)
        // The tour picks its steps from the whole network, not from a first look.
        if case .loaded(let network) = action, !network.isFirstLook, state.tour != nil, state.tour?.plan == nil { state.startTour() }
        return effects
    }

    /// Keys in order, as `snapshot --keys` and the tests press them; stops at the first `quit`.
    /// Returns every effect asked for on the way.
    @discardableResult
    public mutating func press(_ keys: [Key]) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            guard let step = handle(.key(key)) else { continue }
            effects += step
            if step.contains(.quit) { break }
        }
        return effects
    }

    /// Draws the current state into a grid (reused between frames to spare allocations).
    public func render(into grid: inout Grid) { Screen.render(state, into: &grid) }

    /// The current state as a new grid.
    public func render() -> Grid { Screen.render(state) }
}
