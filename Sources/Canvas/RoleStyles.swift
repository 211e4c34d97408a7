/// The one role-to-style resolver: a theme's table of roles, and how a cell's style is looked up in it.
/// A role not in the table uses its parent (`border.focused` → `border`), then `normal`; the cell's own
/// bold and underline are added and its reverse flips the theme's. The terminal and the theme both use
/// this, so what a snapshot's theme says and what the terminal shows cannot drift apart.
public struct RoleStyles: Hashable, Sendable {
    public var table: [Role: TerminalStyle]

    public init(_ table: [Role: TerminalStyle] = [:]) { self.table = table }

    /// The style of a role, falling back to its parents and then to `normal`.
    public func style(for role: Role) -> TerminalStyle {
        var name = Substring(role.rawValue)
        while true {
            if let style = table[Role(String(name))] { return style }
            guard let dot = name.lastIndex(of: ".") else { break }
            name = name[..<dot]
        }
        return table[.normal] ?? .plain
    }

    /// The style of a cell: its role's style with the cell's own attributes added.
    public func style(for cell: Style) -> TerminalStyle {
        var base = style(for: cell.role)
        if cell.bold { base.bold = true }
        if cell.underline { base.underline = true }
        if cell.reverse { base.reverse.toggle() }
        return base
    }

    /// Every role in `roles` (and in the table) with its fallback resolved: what the terminal takes.
    public func resolved(for roles: [Role]) -> [Role: TerminalStyle] {
        var out: [Role: TerminalStyle] = [:]
        for role in Set(table.keys).union(roles) { out[role] = style(for: role) }
        return out
    }
}
