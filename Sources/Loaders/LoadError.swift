import JSONText

/// An input that cannot be read, with where: printed as `file:line:col: error: message` and exit 2.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error at a place in a file (the location type JSON, HCL, YAML and theme errors share).
    public init(path: String, at position: SourcePosition?, message: String) {
        self.init(path: path, line: position?.line, column: position?.column, message: message)
    }

    /// Where in the file, when the reader knows.
    public var position: SourcePosition? { line.map { SourcePosition(line: $0, column: column ?? 1) } }

    public var description: String {
        var location = path
        if let line { location += ":\(line)" }
        if let column, line != nil { location += ":\(column)" }
        return "\(location): error: \(message)"
    }
}
