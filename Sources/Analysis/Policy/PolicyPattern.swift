/// A policy value with `*` and `?` wildcards, after policy variables were substituted.
/// Text that came from a variable is literal: `${aws:username}` resolving to `a*b` matches only `a*b`.
struct PolicyPattern: Hashable, Sendable {
    enum Token: Hashable, Sendable {
        case literal(Character)
        case anyRun // *
        case anyOne // ?
    }

    var tokens: [Token]

    /// A pattern from policy text. In 2012-10-17, `${key}` and `${key, 'default'}` are replaced from the
    /// context and `${*}`, `${?}`, `${$}` are the literal characters; nil when a variable's key is not in the
    /// request and no default is given (the value then matches nothing, as in IAM). In 2008-10-17 the
    /// text is taken as written.
    init?(_ text: String, version: PolicyVersion, context: [String: [String]], wildcards: Bool = true) {
        var tokens: [Token] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            if version == .v2012, c == "$", chars.dropFirst().first == "{",
               let close = chars.firstIndex(of: "}") {
                let inner = String(chars[chars.index(chars.startIndex, offsetBy: 2)..<close])
                guard let value = PolicyPattern.resolve(inner, context: context) else { return nil }
                tokens.append(contentsOf: value.map(Token.literal))
                chars = chars[chars.index(after: close)...]
                continue
            }
            switch c {
            case "*" where wildcards: tokens.append(.anyRun)
            case "?" where wildcards: tokens.append(.anyOne)
            default: tokens.append(.literal(c))
            }
            chars = chars.dropFirst()
        }
        self.tokens = tokens
    }

    /// The value of a variable's inside (`aws:username`, `aws:username, 'nobody'`, `*`).
    static func resolve(_ inner: String, context: [String: [String]]) -> String? {
        switch inner {
        case "*", "?", "$": return inner
        default: break
        }
        var key = inner
        var fallback: String?
        if let comma = inner.firstIndex(of: ",") {
            key = String(inner[..<comma])
            let rest = inner[inner.index(after: comma)...].trimmingSpaces
            if rest.count >= 2, rest.first == "'", rest.last == "'" { fallback = String(rest.dropFirst().dropLast()) }
        }
        key = key.trimmingSpaces
        if let values = context[key.lowercased()], let first = values.first { return first }
        return fallback
    }

    /// Whether `subject` matches. `caseInsensitive` for actions; `arnSegments` for resources and ARN
    /// conditions, where a `*` inside an ARN segment stops at the next colon but a `*` that ends a
    /// segment may run on (IAM's rule for resource ARNs).
    func matches(_ subject: String, caseInsensitive: Bool = false, arnSegments: Bool = false) -> Bool {
        let s = caseInsensitive ? Array(subject.lowercased()) : Array(subject)
        let p: [Token] = caseInsensitive
            ? tokens.map { if case .literal(let c) = $0 { return .literal(Character(c.lowercased())) } else { return $0 } }
            : tokens
        // crossesColon[i]: whether the `*` at i may match a colon.
        var crossesColon = [Bool](repeating: true, count: p.count)
        if arnSegments {
            for i in p.indices where p[i] == .anyRun {
                let next = i + 1 < p.count ? p[i + 1] : nil
                crossesColon[i] = next == nil || next == .literal(":")
            }
        }
        // Dynamic programming over (pattern position, subject position): no exponential backtracking
        // on hostile patterns such as `*a*a*a*a*b`.
        var row = [Bool](repeating: false, count: s.count + 1) // row[j]: p[..<i] matches s[..<j]
        row[0] = true
        for i in p.indices {
            var next = [Bool](repeating: false, count: s.count + 1)
            switch p[i] {
            case .anyRun:
                next[0] = row[0]
                if s.count > 0 {
                    for j in 1...s.count {
                        next[j] = row[j] || (next[j - 1] && (crossesColon[i] || s[j - 1] != ":"))
                    }
                }
            case .anyOne:
                if s.count > 0 { for j in 1...s.count { next[j] = row[j - 1] } }
            case .literal(let c):
                if s.count > 0 { for j in 1...s.count { next[j] = row[j - 1] && s[j - 1] == c } }
            }
            row = next
        }
        return row[s.count]
    }

    /// The number of leading characters of `subject` the pattern's literal prefix shares: how close a
    /// miss was, to rank the statements that came closest.
    func sharedPrefix(with subject: String, caseInsensitive: Bool = false) -> Int {
        var n = 0
        for (token, c) in zip(tokens, subject) {
            guard case .literal(let l) = token else { break }
            let same = caseInsensitive ? l.lowercased() == c.lowercased() : l == c
            guard same else { break }
            n += 1
        }
        return n
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces (no Foundation needed).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
