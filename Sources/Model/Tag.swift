/// An AWS resource tag. Order is kept as the source gave it, for display.
public struct Tag: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

extension Array where Element == Tag {
    /// The value of the `Name` tag, which people use to recognise a resource.
    public var name: String? { first(where: { $0.key == "Name" })?.value }

    /// The value of a tag by key.
    public subscript(key: String) -> String? { first(where: { $0.key == key })?.value }
}
