/// A line and column in a source text, 1-based (columns count characters, not bytes): the one location
/// type of JSON, HCL, YAML and theme errors, printed as `line:column`.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
