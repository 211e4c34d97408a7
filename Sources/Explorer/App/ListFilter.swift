import Model

/// The one `/` match of a panel's list (Findings, ENIs, Cost): a row is kept when any of its
/// fields contains the filter, case-insensitive, ignoring spaces around it. An empty filter keeps all.
func listFilterMatches(_ filter: String, _ fields: [String]) -> Bool {
    let needle = filter.lowercased().trimmingSpaces
    return needle.isEmpty || fields.contains { $0.lowercased().contains(needle) }
}

/// `  [/s3: 2 of 9]`: a panel title's note of its list's filter and how many rows match; "" with no filter.
func listFilterNote(_ filter: String, matched: Int, of total: Int) -> String {
    let shown = filter.trimmingSpaces
    return shown.isEmpty ? "" : "  [/\(shown): \(matched) of \(total)]"
}
