import Analysis
import Canvas
import Model

/// Everything a person can ask of the explorer. Keys map to actions through the `KeyMap`;
/// `reduce` is the only place that gives them meaning.
public enum Action: Hashable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    /// Enter / l: expand a node, or go into the panel from a leaf.
    case open
    /// Esc / h: leave the panel, collapse, or go to the parent.
    case back
    case toggleExpand
    case switchPane
    case startFilter
    case startJump
    case showHelp
    case quit
    case selectPanel(Panel)
    case nextPanel
    case previousPanel
    /// Zooms the focused panel to the whole right side (wide layouts) and back.
    case zoom
    /// Paths: the next / previous service in the picker.
    case nextService, previousService
    /// Paths: start or stop the packet animation.
    case animate
    /// What-if: switch the endpoint under the selection (or for the Paths service) off, back on, or
    /// add one where there is none.
    case toggleEndpoint
    /// What-if: remove the NAT gateway the focused subnet's default route uses.
    case removeNAT
    /// What-if: undo the last change.
    case undo
    /// What-if: write the changes as Terraform to a file (asks for the name).
    case writeTerraform
    /// Cost: more / less monthly traffic for the focused service.
    case trafficUp, trafficDown
    /// Cost: type the monthly GB of the focused service (opens a prompt).
    case typeTraffic
    /// Cost: write the figures back to the usage file.
    case writeUsage
    /// Cost: the one-AZ alternative on or off.
    case toggleSingleAZ
    /// Policy: start typing into the request tester.
    case editPolicy
    /// Policy tester: the next / previous field.
    case nextField, previousField
    /// `n` / `N`: the next / previous navigator row matching the filter.
    case nextMatch, previousMatch
    /// `vpcx tour`: the next step, the step before, or leave the tour on this screen.
    case tourNext, tourBack, tourExplore
    /// A key that means nothing where it was pressed: the status line says why.
    case unboundKey(Key)
    /// A confirmation's answer (quit, overwrite).
    case confirmYes, confirmNo
    /// Ctrl-Z: give the terminal back to the shell; Ctrl-L: draw everything again.
    case suspend, repaint
    /// `y`: copy the selected ID (in Findings, the fix; in Policy, the policy) to the clipboard.
    case copySelection
    /// `J` / `K` in Findings: scroll the selected finding's fix.
    case detailDown, detailUp
    /// `l` / `h` (or arrows) in ENIs: the next / previous cell of the grid.
    case nextCell, previousCell
    /// Typed text while a prompt is open.
    case text(Character)
    case textBackspace
    /// A readline edit of the open prompt or the policy tester's field (Ctrl-U, Ctrl-W, arrows, ...).
    case textEdit(TextEdit)
    /// Tab at the `:` prompt: complete the ID from what is loaded.
    case textComplete
    case textSubmit
    case textCancel
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Time passed (animation frames).
    case tick
    /// Results of effects, coming back as actions: how far a load is, its network, or why it failed.
    case loadProgress(String)
    case loaded(LoadedNetwork)
    case loadFailed(String)
    /// The findings of the analysis's pending rules (`SessionAnalysis.pendingFindings()`), worked out
    /// off the explorer's thread for the analysis of this generation (a newer one ignores them).
    case acrossVPCsChecked(generation: Int, findings: [Finding])
    /// A `writeFile` effect's result.
    case wrote(path: String)
    case writeFailed(path: String, reason: String)
    /// A `writeFile` effect found the file there already and left it alone.
    case writeExists(path: String)
    /// A `writeUsage` effect's result: the text now in the file.
    case wroteUsage(path: String, text: String)
}

/// What the explorer asks the outside world to do, as values; the executable carries effects out
/// and sends their results back as actions (`loaded`, `wrote`, ...).
public enum Effect: Hashable, Sendable {
    /// End the program (a load still running is abandoned).
    case quit
    /// Write a file (`~` expanded); the result comes back as `wrote` or `writeFailed`, or, when
    /// the file exists and `overwrite` is false, as `writeExists` without touching it.
    case writeFile(path: String, contents: String, overwrite: Bool = false)
    /// Write the figures as a usage file, atomically, unless the file is no longer `expected` (its
    /// text when loaded; nil: there was none, so the file must not exist). The result comes back as
    /// `wroteUsage`, or `writeFailed` saying why (changed on disk since load, or an I/O error).
    case writeUsage(path: String, traffic: Traffic, expected: String?)
    /// Read these sources (none: the built-in demo); progress, the network or the error come back
    /// as `loadProgress`, `loaded` and `loadFailed`.
    case load(sources: [String])
    /// Put text on the clipboard (OSC 52 through the terminal, unless turned off).
    case copy(String)
    /// Give the terminal back to the shell until the program is resumed (job control).
    case suspend
    /// Draw the whole screen again, not only what changed.
    case repaint
}

/// A loaded network with its analysis made (on the load's thread, so the explorer's thread only
/// installs it). Compared by identity: two loads are two networks.
public struct LoadedNetwork: Hashable, Sendable {
    public let inventory: Inventory
    public let analysis: SessionAnalysis
    /// `--compare OLD NEW`: OLD (`inventory` is NEW); the analysis holds their diff.
    public let comparedWith: Inventory?
    /// The traffic and prices the load was given (`--usage`, `--gb`, `--pricing`); nil: none, so
    /// the explorer keeps its own.
    public let supposed: Session.Supposed?
    /// The usage file the Cost panel writes back to.
    public let usage: UsageTarget?
    private let token = Token()

    /// A first look while the load goes on (the network without the kinds in `inventory.contents.loading`):
    /// the explorer shows it, and the whole network replaces it when it comes.
    public let isFirstLook: Bool

    /// The network and everything that follows from it with no what-if, traffic or prices given;
    /// with `comparedWith`, also its diff against that older network. `deferring`: rules whose
    /// findings come later, from `completing()` (the network is then a first look too: more is coming).
    public init(_ inventory: Inventory, session: Session? = nil, comparedWith: Inventory? = nil, usage: UsageTarget? = nil,
                partial: Bool = false, deferring: [FindingRule] = []) {
        self.isFirstLook = partial || !deferring.isEmpty
        self.inventory = inventory
        self.supposed = session?.supposed
        self.usage = usage
        self.comparedWith = comparedWith ?? session?.comparedWith
        analysis = SessionAnalysis(session ?? Session(baseInventory: inventory, comparedWith: comparedWith), deferring: deferring)
    }

    private init(_ network: LoadedNetwork, analysis: SessionAnalysis) {
        inventory = network.inventory
        supposed = network.supposed
        usage = network.usage
        comparedWith = network.comparedWith
        isFirstLook = !analysis.rulesPending.isEmpty || !network.inventory.contents.loading.isEmpty
        self.analysis = analysis
    }

    /// The network with the findings of its deferred rules worked out (on the calling thread): the
    /// whole network, which replaces this one in the explorer.
    public func completing() -> LoadedNetwork {
        LoadedNetwork(self, analysis: analysis.completing(with: analysis.pendingFindings()))
    }

    public static func == (a: LoadedNetwork, b: LoadedNetwork) -> Bool { a.token === b.token }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(token)) }

    /// An identity, nothing more (immutable, so sharing it between threads is safe).
    private final class Token: Sendable {}
}
