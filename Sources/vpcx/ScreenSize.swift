import ArgumentParser

/// `--size WIDTHxHEIGHT` (`120x40`): the one screen-size option of `snapshot` and `benchmark`.
/// Bounded so a typo cannot ask for a grid of a billion cells.
struct ScreenSize: ExpressibleByArgument, Hashable, CustomStringConvertible {
    var width: Int
    var height: Int

    static let maximum = 1000

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              (1...ScreenSize.maximum).contains(w), (1...ScreenSize.maximum).contains(h) else { return nil }
        self.init(width: w, height: h)
    }

    var description: String { "\(width)x\(height)" }
    var defaultValueDescription: String { description }
}
