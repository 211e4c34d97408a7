import Canvas
import JSONText
import Yams

/// A theme read from YAML: a style per role, falling back from `a.b` to `a` to `normal`.
public struct Theme: Sendable {
    public var name: String
    public var description: String
    public var styles: [Role: TerminalStyle]

    /// The themes compiled into the binary; `Themes/*.yaml` are their only source.
    public static let builtinNames = ["default-dark", "light", "high-contrast", "monochrome"]

    /// A built-in theme by name.
    public static func builtin(_ name: String) -> Theme? {
        let bytes: [UInt8]
        switch name {
        case "default-dark": bytes = PackageResources.default_dark_yaml
        case "light": bytes = PackageResources.light_yaml
        case "high-contrast": bytes = PackageResources.high_contrast_yaml
        case "monochrome": bytes = PackageResources.monochrome_yaml
        default: return nil
        }
        return try? Theme.parse(String(decoding: bytes, as: UTF8.self), path: "Themes/\(name).yaml")
    }

    /// The default theme; built-in files are tested, so this cannot fail in a shipped binary.
    public static var defaultDark: Theme { builtin("default-dark") ?? Theme(name: "default-dark", description: "", styles: [:]) }

    /// Parses a theme file. Errors name the file, line and column.
    public static func parse(_ text: String, path: String) throws(ThemeError) -> Theme {
        let root: Node?
        do {
            try YAMLDepth.check(text)
            root = try Yams.compose(yaml: text)
        } catch let error as YAMLDepth.TooDeep {
            throw ThemeError(path: path, line: error.line, column: error.column, message: error.description)
        } catch let error as YamlError {
            throw ThemeError.from(error, path: path)
        } catch {
            throw ThemeError(path: path, line: nil, column: nil, message: "\(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ThemeError(path: path, line: 1, column: 1, message: "a theme is a mapping with `name` and `roles`")
        }
        let name = mapping["name"]?.string ?? path
        let description = mapping["description"]?.string ?? ""
        guard let roles = mapping["roles"]?.mapping else {
            throw ThemeError(path: path, line: root.mark.map { $0.line }, column: root.mark.map { $0.column },
                             message: "missing `roles`: a mapping from role name to {fg, bg, bold, …}")
        }
        var styles: [Role: TerminalStyle] = [:]
        for (key, value) in roles {
            guard let roleName = key.string else { continue }
            guard let fields = value.mapping else {
                throw ThemeError(at: value, path: path, message: "role '\(roleName)' must be a mapping such as { fg: 75, bold: true }")
            }
            var style = TerminalStyle()
            for (fieldKey, fieldValue) in fields {
                let field = fieldKey.string ?? ""
                switch field {
                case "fg", "foreground": style.fg = try colour(fieldValue, path: path)
                case "bg", "background": style.bg = try colour(fieldValue, path: path)
                case "bold": style.bold = try flag(fieldValue, path: path)
                case "underline": style.underline = try flag(fieldValue, path: path)
                case "reverse": style.reverse = try flag(fieldValue, path: path)
                case "dim": style.dim = try flag(fieldValue, path: path)
                default:
                    throw ThemeError(at: fieldKey, path: path, message: "unknown field '\(field)' (fg, bg, bold, underline, reverse, dim)")
                }
            }
            styles[Role(roleName)] = style
        }
        return Theme(name: name, description: description, styles: styles)
    }

    static let colourNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func colour(_ node: Node, path: String) throws(ThemeError) -> Int {
        guard let text = node.string?.lowercased() else { throw ThemeError(at: node, path: path, message: "a colour is a name or 0-255") }
        if text == "default" || text == "none" { return -1 }
        if let n = Int(text), (0...255).contains(n) { return n }
        if let i = colourNames.firstIndex(of: text) { return i }
        if text.hasPrefix("bright-"), let i = colourNames.firstIndex(of: String(text.dropFirst(7))) { return i + 8 }
        if text == "gray" || text == "grey" { return 8 }
        throw ThemeError(at: node, path: path, message: "unknown colour '\(text)' (default, black…white, bright-*, or 0-255)")
    }

    static func flag(_ node: Node, path: String) throws(ThemeError) -> Bool {
        guard let value = node.bool else { throw ThemeError(at: node, path: path, message: "expected true or false") }
        return value
    }

    /// The style of a role, falling back to its parents and then to `normal`.
    public func style(for role: Role) -> TerminalStyle {
        var name = role.rawValue
        while true {
            if let style = styles[Role(name)] { return style }
            guard let dot = name.lastIndex(of: ".") else { break }
            name = String(name[..<dot])
        }
        return styles[.normal] ?? TerminalStyle()
    }

    /// The theme as the terminal takes it: a style for every role a view may draw (fallbacks resolved).
    public var palette: [Role: TerminalStyle] {
        var table: [Role: TerminalStyle] = [:]
        for role in Set(styles.keys).union(Role.allKnown) { table[role] = style(for: role) }
        return table
    }

    /// The style of a cell: its role's style with the cell's own attributes added.
    public func style(for cell: Style) -> TerminalStyle {
        var s = style(for: cell.role)
        if cell.bold { s.bold = true }
        if cell.underline { s.underline = true }
        if cell.reverse { s.reverse.toggle() }
        return s
    }
}

/// A theme file that cannot be read, with where.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(path: String, line: Int?, column: Int?, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    init(at node: Node, path: String, message: String) {
        self.init(path: path, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    static func from(_ error: YamlError, path: String) -> ThemeError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return ThemeError(path: path, line: mark.line, column: mark.column, message: problem)
        default:
            return ThemeError(path: path, line: nil, column: nil, message: "\(error)")
        }
    }

    public var description: String {
        var location = path
        if let line { location += ":\(line)" }
        if let column, line != nil { location += ":\(column)" }
        return "\(location): error: \(message)"
    }
}
