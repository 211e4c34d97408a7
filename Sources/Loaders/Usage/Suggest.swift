/// "did you mean …?" for a name that is close to one vpcx knows: a typo'd service (`s3x` → `s3`),
/// VPC, subnet or key.
public enum Suggest {
    /// The closest candidate within a couple of edits (more for longer names), or nil.
    public static func closest(_ word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        let limit = max(1, min(3, lower.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lower, candidate.lowercased(), limit: limit)
            if d <= limit, best.map({ d < $0.1 }) ?? true { best = (candidate, d) }
        }
        return best?.0
    }

    /// ` (did you mean 's3'?)`, or "" when nothing is close.
    public static func hint(_ word: String, among candidates: [String]) -> String {
        closest(word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance, given up past `limit` (the answer is then `limit + 1`).
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
