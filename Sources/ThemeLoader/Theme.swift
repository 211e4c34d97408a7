import Canvas
import JSONText
import Yams

/// A theme read from YAML: a style per role, falling back from `a.b` to `a` to `normal`.
/// Read here, outside the explorer, so the UI stays free of files and YAML; the explorer only names roles.
public struct Theme: Sendable {
    public var name: String
    public var description: String
    public var styles: [Role: TerminalStyle]

    /// The themes compiled into the binary; `Themes/*.yaml` are their only source.
    public static let builtinNames = ["default-dark", "light", "high-contrast", "monochrome"]

    /// A built-in theme by name; with `roles`, a role the built-in names outside them is an error (nil).
    public static func builtin(_ name: String, roles: [Role] = []) -> Theme? {
        let bytes: [UInt8]
        switch name {
        case "default-dark": bytes = PackageResources.default_dark_yaml
        case "light": bytes = PackageResources.light_yaml
        case "high-contrast": bytes = PackageResources.high_contrast_yaml
        case "monochrome": bytes = PackageResources.monochrome_yaml
        default: return nil
        }
        return try? Theme.parse(String(decoding: bytes, as: UTF8.self), path: "Themes/\(name).yaml", roles: roles)
    }

    /// The default theme; built-in files are tested, so this cannot fail in a shipped binary.
    public static var defaultDark: Theme { builtin("default-dark") ?? Theme(name: "default-dark", description: "", styles: [:]) }

    /// Parses a theme file. Errors name the file, line and column. With `roles` (the roles the views
    /// draw), a role that is neither one of them nor a parent of one is an error: a typo would
    /// otherwise silently style nothing. A key given twice is an error at its second place.
    public static func parse(_ text: String, path: String, roles: [Role] = []) throws(ThemeError) -> Theme {
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
        try refuseDuplicates(mapping, path: path)
        let name = mapping["name"]?.string ?? path
        let description = mapping["description"]?.string ?? ""
        guard let roleMapping = mapping["roles"]?.mapping else {
            throw ThemeError(path: path, line: root.mark.map { $0.line }, column: root.mark.map { $0.column },
                             message: "missing `roles`: a mapping from role name to {fg, bg, bold, …}")
        }
        try refuseDuplicates(roleMapping, path: path)
        let known = knownNames(roles)
        var styles: [Role: TerminalStyle] = [:]
        for (key, value) in roleMapping {
            guard let roleName = key.string else { continue }
            if let known, !known.contains(roleName) {
                throw ThemeError(at: key, path: path, message: "unknown role '\(roleName)' (roles: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            guard let fields = value.mapping else {
                throw ThemeError(at: value, path: path, message: "role '\(roleName)' must be a mapping such as { fg: 75, bold: true }")
            }
            try refuseDuplicates(fields, path: path)
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

    /// The role names a file may use: each role and every parent of one (`path` for `path.nat`); nil
    /// when no roles were given (no check).
    static func knownNames(_ roles: [Role]) -> Set<String>? {
        guard !roles.isEmpty else { return nil }
        var names = Set<String>()
        for role in roles {
            var name = Substring(role.rawValue)
            names.insert(String(name))
            while let dot = name.lastIndex(of: ".") {
                name = name[..<dot]
                names.insert(String(name))
            }
        }
        return names
    }

    /// YAML allows a key twice and keeps one; in a theme that hides a mistake, so it is refused.
    static func refuseDuplicates(_ mapping: Node.Mapping, path: String) throws(ThemeError) {
        var seen = Set<String>()
        for (key, _) in mapping {
            guard let text = key.string else { continue }
            if !seen.insert(text).inserted { throw ThemeError(at: key, path: path, message: "'\(text)' is given twice") }
        }
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

    /// The style of a role, falling back to its parents and then to `normal` (Canvas's resolver).
    public func style(for role: Role) -> TerminalStyle { RoleStyles(styles).style(for: role) }

    /// The theme as the terminal takes it: a style for every role a view may draw (fallbacks resolved).
    public func palette(for roles: [Role]) -> [Role: TerminalStyle] { RoleStyles(styles).resolved(for: roles) }

    /// The style of a cell: its role's style with the cell's own attributes added.
    public func style(for cell: Style) -> TerminalStyle { RoleStyles(styles).style(for: cell) }
}

/// A theme file that cannot be read, with where.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    /// Where in the file, when YAML says (the location type JSON and HCL errors use too).
    public var position: SourcePosition?
    public var message: String

    public init(path: String, line: Int?, column: Int?, message: String) {
        self.path = path
        position = line.map { SourcePosition(line: $0, column: column ?? 1) }
        self.message = message
    }

    public var line: Int? { position?.line }
    public var column: Int? { position?.column }

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
        "\(path)\(position.map { ":\($0)" } ?? ""): error: \(message)"
    }
}
