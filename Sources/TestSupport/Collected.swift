import Foundation

/// What a `@Sendable` callback is handed, in order, for a test to look at afterwards (a loader's
/// first look, a progress line): the lock makes it safe whichever thread calls back.
public final class Collected<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    public init() {}

    public func add(_ element: Element) { lock.withLock { elements.append(element) } }

    public var all: [Element] { lock.withLock { elements } }
}
