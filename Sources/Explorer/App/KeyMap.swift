import Canvas

/// Where a binding applies.
public enum KeyContext: Hashable, Sendable {
    /// Anywhere (unless a prompt takes the keys).
    case global
    case navigator
    case panel(Panel)
    /// While `vpcx tour` runs: its keys come before every other.
    case tour
}

/// One key binding: the data the reducer, the footer hints and the `?` help screen all read.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var context: KeyContext
    /// Short text for the footer ("filter"); nil keeps it out of the footer.
    public var hint: String?
    /// Longer text for the help screen.
    public var help: String
    /// Lower is more important: the footer drops the highest numbers first when space runs out.
    public var priority: Int

    public init(_ keys: [Key], _ action: Action, _ context: KeyContext = .global, hint: String? = nil, help: String,
                priority: Int = 50) {
        self.keys = keys
        self.action = action
        self.context = context
        self.hint = hint
        self.help = help
        self.priority = priority
    }

    /// How the keys read in hints: `j/k`, `Enter/l`.
    public var keyLabel: String { keys.map(\.description).joined(separator: "/") }
}

/// The key bindings, as k9s and htop users expect them.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The explorer's keys: the global bindings merged with each panel's (its folder declares them),
    /// in the order the help screen lists them.
    public static let standard = KeyMap(bindings: KeyMap.global + NavigatorPanel.bindings + KeyMap.panelSwitching
        + PathsPanel.bindings + ENIsPanel.bindings + DNSPanel.bindings + CostPanel.bindings + PolicyPanel.bindings + FindingsPanel.bindings + ChangesPanel.bindings + KeyMap.whatIf
        + TourKeys.bindings)

    /// Keys that work everywhere: quit, help, moving, opening and leaving.
    static let global: [KeyBinding] = [
        KeyBinding([.character("q"), .ctrl("c")], .quit, hint: "quit", help: "Quit vpcx", priority: 1),
        KeyBinding([.character("?"), .function(1)], .showHelp, hint: "help", help: "Show this help", priority: 2),
        KeyBinding([.down, .character("j")], .moveDown, help: "Move down"),
        KeyBinding([.up, .character("k")], .moveUp, help: "Move up"),
        KeyBinding([.pageDown, .ctrl("f"), .ctrl("d")], .pageDown, help: "Page down"),
        KeyBinding([.pageUp, .ctrl("b"), .ctrl("u")], .pageUp, help: "Page up"),
        KeyBinding([.home, .character("g")], .top, help: "Go to the top"),
        KeyBinding([.end, .character("G")], .bottom, help: "Go to the bottom"),
        KeyBinding([.enter, .character("l"), .right], .open, hint: "open", help: "Expand the node, or open the panel for it",
                   priority: 5),
        KeyBinding([.escape, .character("h"), .left], .back, hint: "back", help: "Collapse, go to the parent, or leave the panel",
                   priority: 6),
        KeyBinding([.character("y")], .copySelection, hint: "copy",
                   help: "Copy the selected ID (Findings: the fix; a panel with what-ifs: their Terraform) to the clipboard (OSC 52; --no-osc52 turns it off)", priority: 15),
        KeyBinding([.ctrl("z")], .suspend, help: "Suspend vpcx (fg resumes it)"),
        KeyBinding([.ctrl("l")], .repaint, help: "Draw the whole screen again"),
    ]

    /// Keys that choose the pane and the panel.
    static let panelSwitching: [KeyBinding] = [
        KeyBinding([.tab, .backTab], .switchPane, hint: "pane", help: "Switch between the navigator and the panel", priority: 7),
        KeyBinding([.character("/")], .startFilter, hint: "filter",
                   help: "Filter the navigator (IDs, names, tags; case-insensitive), or the focused Findings, ENIs or Cost list",
                   priority: 3),
        KeyBinding([.character(":")], .startJump, hint: "jump", help: "Jump to an ID (ENI, route target, prefix list, SG), a private IP, a CIDR or a Name tag; Tab completes",
                   priority: 4),
        KeyBinding([.character("n")], .nextMatch, help: "Next navigator row matching the filter"),
        KeyBinding([.character("N")], .previousMatch, help: "Previous navigator row matching the filter"),
        KeyBinding([.character("1")], .selectPanel(.detail), help: "Detail panel"),
        KeyBinding([.character("2")], .selectPanel(.paths), hint: "paths", help: "Paths panel: traffic with and without endpoints",
                   priority: 8),
        KeyBinding([.character("3")], .selectPanel(.enis), help: "ENIs panel: interface endpoint ENIs per AZ"),
        KeyBinding([.character("4")], .selectPanel(.dns), help: "DNS panel: what the service name resolves to"),
        KeyBinding([.character("5")], .selectPanel(.policy), help: "Policy panel: the endpoint policy and a request tester"),
        KeyBinding([.character("6")], .selectPanel(.cost), help: "Cost panel: endpoint against NAT, break-even"),
        KeyBinding([.character("7")], .selectPanel(.findings), help: "Findings panel: what is misconfigured"),
        KeyBinding([.character("]")], .nextPanel, hint: "1-7 panels", help: "Next panel", priority: 9),
        KeyBinding([.character("[")], .previousPanel, help: "Previous panel"),
        KeyBinding([.character("z")], .zoom, help: "Zoom the panel to the whole right side, and back"),
    ]

    /// What-if keys: they work from any panel.
    static let whatIf: [KeyBinding] = [
        KeyBinding([.character("x")], .toggleEndpoint, hint: "what-if endpoint",
                   help: "What-if: switch an endpoint (or the Paths service's) off or on, or add one", priority: 12),
        KeyBinding([.character("X")], .removeNAT, help: "What-if: remove the NAT gateway the focused subnet uses"),
        KeyBinding([.character("u")], .undo, hint: "undo", help: "What-if: undo the last change", priority: 13),
        KeyBinding([.character("W")], .writeTerraform, hint: "write .tf", help: "What-if: write the changes as Terraform to a file",
                   priority: 14),
    ]

    /// The map with `key` doing `action` everywhere (a user's hot key): the key leaves every binding
    /// that had it, and a global binding for it comes first, so it wins over the standard ones.
    public func rebinding(_ key: Key, to action: Action, help: String) -> KeyMap {
        var copy = self
        for i in copy.bindings.indices { copy.bindings[i].keys.removeAll { $0 == key } }
        copy.bindings.removeAll { $0.keys.isEmpty }
        copy.bindings.insert(KeyBinding([key], action, help: help), at: 0)
        return copy
    }

    /// The action for a key in a context: a binding of that context first, then a global one, then
    /// one of a panel on screen (`visible`), so a panel's keys work whenever it is shown and the
    /// focused side does not take the key.
    public func action(for key: Key, context: KeyContext, visible: [Panel] = []) -> Action? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
        if let b = bindings.first(where: { $0.context == .global && $0.keys.contains(key) }) { return b.action }
        for panel in visible {
            if let b = bindings.first(where: { $0.context == .panel(panel) && $0.keys.contains(key) }) { return b.action }
        }
        return nil
    }

    /// The bindings that apply in a context, for the footer (sorted by priority).
    public func hints(for context: KeyContext) -> [KeyBinding] {
        // Quit and help first, then what the focused panel adds, then the other global keys.
        bindings.filter { $0.hint != nil && ($0.context == .global || $0.context == context) }
            .sorted { a, b in
                func rank(_ x: KeyBinding) -> Int { x.priority <= 2 ? 0 : (x.context == context && context != .global ? 1 : 2) }
                return (rank(a), a.priority) < (rank(b), b.priority)
            }
    }
}
