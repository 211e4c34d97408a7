/// Number and money text for cost outputs: fixed decimals, no locale, no Foundation.
public enum CostFormat {
    /// `x` with exactly `decimals` digits after the point (rounded half away from zero).
    public static func number(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let rounded = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        let negative = x < 0 && rounded > 0
        guard rounded < 9e15 else { return String(x) }
        let whole = UInt64(rounded)
        let scaleInt = UInt64(scale)
        var text = String(whole / scaleInt)
        if decimals > 0 {
            let fraction = String(whole % scaleInt)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return negative ? "-" + text : text
    }

    /// `$21.90` for USD, `21.90 EUR` otherwise; negative as `-$3.50`.
    public static func money(_ x: Double, currency: String = "USD", decimals: Int = 2) -> String {
        let digits = number(abs(x), decimals: decimals)
        let sign = x < 0 && digits.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return currency == "USD" ? "\(sign)$\(digits)" : "\(sign)\(digits) \(currency)"
    }

    /// A signed money delta: `+$4.00`, `-$14.60`.
    public static func delta(_ x: Double, currency: String = "USD") -> String {
        let text = money(x, currency: currency)
        return text.hasPrefix("-") ? text : "+" + text
    }

    /// A number for JSON and CSV: at most 4 decimals, trailing zeros dropped (`21.9`, `625.7143`, `0`).
    public static func plain(_ x: Double) -> String {
        var text = number(x, decimals: 4)
        if text.contains(".") {
            while text.last == "0" { text.removeLast() }
            if text.last == "." { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A monthly volume for a sentence: `420.5 GB`, or `3.2 TB` from 1000 GB on (AWS's decimal TB of GB).
    public static func volume(_ gb: Double) -> String {
        gb >= 1000 ? "\(number(gb / 1000, decimals: 1)) TB" : "\(number(gb, decimals: 1)) GB"
    }
}
