/// The panels of the right side, numbered as their keys (1…8; Changes only with `--compare`).
public enum Panel: Int, CaseIterable, Hashable, Sendable {
    case detail = 1, paths, enis, dns, policy, cost, findings, changes

    /// The title where the tab bar has little room (80 columns).
    public var shortTitle: String {
        switch self {
        case .detail: return "Det"
        case .paths: return "Path"
        case .enis: return "ENI"
        case .dns: return "DNS"
        case .policy: return "Pol"
        case .cost: return "Cost"
        case .findings: return "Find"
        case .changes: return "Chg"
        }
    }

    public var title: String {
        switch self {
        case .detail: return "Detail"
        case .paths: return "Paths"
        case .enis: return "ENIs"
        case .dns: return "DNS"
        case .policy: return "Policy"
        case .cost: return "Cost"
        case .findings: return "Findings"
        case .changes: return "Changes"
        }
    }
}

/// Which side has the keyboard.
public enum Pane: Hashable, Sendable {
    case navigator, panel
}

/// What typed characters go to.
public enum InputMode: Hashable, Sendable {
    case normal
    /// `/`: narrowing the navigator as you type.
    case filter
    /// `:`: jumping to an ID or name.
    case jump
    /// `?`: the help screen.
    case help
    /// `W`: the file name for the what-if Terraform.
    case writePath
    /// `e` in Cost: the monthly GB of the focused service.
    case trafficEntry
    /// Typing into the Policy panel's request tester.
    case policyEdit
    /// `q` with what-if changes not written: `q` again or `y` quits, anything else stays.
    case confirmQuit
    /// `W` onto a file that exists: `y` overwrites, anything else asks for another name.
    case confirmOverwrite
}
