import Canvas

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
    /// Typed text while a prompt is open.
    case text(Character)
    case textBackspace
    case textSubmit
    case textCancel
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Time passed (animation frames).
    case tick
}

/// What the explorer asks the outside world to do; the executable carries effects out.
public enum Effect: Hashable, Sendable {
    case quit
    case writeFile(path: String, contents: String)
}
