/// Where a spec declares a resource: the file and the line of its block (`resource "aws_vpc_endpoint" "s3" {`).
/// Inventories read from AWS have none; `check --format sarif` and `--format github` point findings here.
public struct Declaration: Hashable, Sendable {
    /// The file as it was given (relative paths stay relative, as CI annotations expect).
    public var path: String
    /// 1-based.
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}
