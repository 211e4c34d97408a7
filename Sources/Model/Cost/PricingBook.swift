/// The price tables a cost computation may use: one for every region, with per-region overrides
/// (from a `--pricing` file). Regions nobody priced use the default table.
public struct PricingBook: Hashable, Sendable {
    /// The table for regions without an override.
    public var defaultTable: PriceTable
    /// Region code → its own table.
    public var regions: [String: PriceTable]
    /// Where the book came from: `built-in` or the pricing file's path.
    public var source: String

    public init(defaultTable: PriceTable = .listPrices, regions: [String: PriceTable] = [:], source: String = "built-in") {
        self.defaultTable = defaultTable
        self.regions = regions
        self.source = source
    }

    /// The built-in list prices for every region (DESIGN.md's defaults).
    public static let builtIn = PricingBook()

    /// The table to price a region with.
    public func table(for region: String?) -> PriceTable {
        guard let region, let table = regions[region] else { return defaultTable }
        return table
    }
}
