import Foundation

/// A value made the first time it is read, then kept: shared by whoever holds it, possibly from several
/// threads (the lock makes it once). The findings' rules share a context's per-VPC facts through one;
/// the explorer makes its Findings search index through one, when `/` is first pressed, not at every
/// what-if.
public final class MadeOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Value?
    private let make: @Sendable () -> Value

    public init(_ make: @escaping @Sendable () -> Value) { self.make = make }
    public init(_ value: Value) {
        made = value
        make = { value }
    }

    public var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make()
        made = value
        return value
    }
}
