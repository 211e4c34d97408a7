import Analysis
import Canvas
import Model

/// How a subnet reaches each service, one line each (the Paths panel draws the diagrams).
enum ReachSummary {
    static func lines(for subnet: Subnet, in inventory: Inventory, glyphs: BoxGlyphs) -> [StyledLine] {
        [StyledLine("  (see the Paths panel)", Style(.dim))]
    }
}
