/// Regular expressions as Terraform's `regex`, `regexall` and `replace` read them: RE2 syntax, matched in
/// time linear in the text (a Pike VM over the compiled pattern, never backtracking), so `(a+)+$` on a long
/// string takes microseconds, not minutes. Leftmost-first matches with submatches, as Go's regexp gives.
struct HCLRegex {
    /// Why a pattern cannot be used: the message names what is wrong.
    struct PatternError: Error {
        var message: String
    }

    enum Assertion {
        case lineStart, lineEnd, textStart, textEnd, wordBoundary, notWordBoundary
    }

    enum Instruction {
        case scalar(CharacterClass)
        case any(matchesNewline: Bool)
        /// Try both, the first with priority.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case assert(Assertion)
        case match
    }

    /// A set of scalar ranges, possibly negated and case-folded.
    struct CharacterClass {
        var ranges: [ClosedRange<UInt32>] = []
        var negated = false
        var foldCase = false

        func contains(_ s: Unicode.Scalar) -> Bool {
            var hit = ranges.contains { $0.contains(s.value) }
            if !hit && foldCase {
                let alternatives = [String(s).lowercased(), String(s).uppercased()].compactMap { $0.unicodeScalars.first }
                hit = alternatives.contains { a in ranges.contains { $0.contains(a.value) } }
            }
            return hit != negated
        }
    }

    /// How large a compiled pattern may be (RE2 bounds repetition the same way).
    static let maxInstructions = 20_000
    static let maxRepeat = 1000
    /// Work budget for one call: instruction visits, so a huge text against a large pattern is bounded too.
    static let maxSteps = 50_000_000

    let program: [Instruction]
    /// Capture groups, 1-based; the names of the named ones.
    let groupCount: Int
    let groupNames: [Int: String]

    init(_ pattern: String) throws {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        let node = try parser.parseAlternation()
        if parser.index < parser.scalars.count { throw PatternError(message: "unexpected ')' in the pattern") }
        var compiler = Compiler()
        compiler.emit(.save(0))
        try compiler.compile(node)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groupCount
        groupNames = parser.groupNames
    }

    // MARK: Matching

    /// The first match at or after `from`: the start and end of the match and of each group (nil: did not take part).
    func firstMatch(in text: [Unicode.Scalar], from: Int, steps: inout Int) throws -> [Int?]? {
        let slots = 2 * (groupCount + 1)
        var current: [(pc: Int, captures: [Int?])] = []
        var next: [(pc: Int, captures: [Int?])] = []
        var mark = [Int](repeating: -1, count: program.count)
        var generation = 0
        var matched: [Int?]?

        func add(_ list: inout [(pc: Int, captures: [Int?])], _ pc: Int, _ captures: [Int?], at position: Int) throws {
            var stack: [(Int, [Int?])] = [(pc, captures)]
            while let (pc, captures) = stack.popLast() {
                steps += 1
                if steps > HCLRegex.maxSteps { throw PatternError(message: "matching needs more than \(HCLRegex.maxSteps) steps") }
                if mark[pc] == generation { continue }
                mark[pc] = generation
                switch program[pc] {
                case .jump(let to):
                    stack.append((to, captures))
                case .split(let first, let second):
                    stack.append((second, captures))
                    stack.append((first, captures))
                case .save(let slot):
                    var updated = captures
                    updated[slot] = position
                    stack.append((pc + 1, updated))
                case .assert(let kind):
                    if holds(kind, text, position) { stack.append((pc + 1, captures)) }
                default:
                    list.append((pc, captures))
                }
            }
        }

        var position = from
        generation += 1
        try add(&current, 0, [Int?](repeating: nil, count: slots), at: position)
        while true {
            generation += 1
            next.removeAll(keepingCapacity: true)
            for (pc, captures) in current {
                steps += 1
                if steps > HCLRegex.maxSteps { throw PatternError(message: "matching needs more than \(HCLRegex.maxSteps) steps") }
                switch program[pc] {
                case .scalar(let set):
                    if position < text.count, set.contains(text[position]) { try add(&next, pc + 1, captures, at: position + 1) }
                case .any(let newline):
                    if position < text.count, newline || text[position] != "\n" { try add(&next, pc + 1, captures, at: position + 1) }
                case .match:
                    matched = captures
                default:
                    break
                }
                // A match cuts the threads of lower priority.
                if case .match = program[pc] { break }
            }
            if position >= text.count { break }
            position += 1
            swap(&current, &next)
            // Unanchored search: a new start at each position until something matched, with the lowest priority.
            if matched == nil {
                try add(&current, 0, [Int?](repeating: nil, count: slots), at: position)
            }
            if current.isEmpty { break }
        }
        return matched
    }

    func holds(_ kind: Assertion, _ text: [Unicode.Scalar], _ i: Int) -> Bool {
        func isWord(_ j: Int) -> Bool {
            guard j >= 0, j < text.count else { return false }
            let v = text[j].value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
        }
        switch kind {
        case .textStart: return i == 0
        case .textEnd: return i == text.count
        case .lineStart: return i == 0 || text[i - 1] == "\n"
        case .lineEnd: return i == text.count || text[i] == "\n"
        case .wordBoundary: return isWord(i - 1) != isWord(i)
        case .notWordBoundary: return isWord(i - 1) == isWord(i)
        }
    }

    /// Every non-overlapping match, as Go's `FindAllStringSubmatchIndex` gives them.
    func allMatches(in text: [Unicode.Scalar]) throws -> [[Int?]] {
        var steps = 0
        var out: [[Int?]] = []
        var from = 0
        var previousEnd = -1
        while from <= text.count, let m = try firstMatch(in: text, from: from, steps: &steps), let start = m[0], let end = m[1] {
            if start == end && start == previousEnd {
                // An empty match right after the previous match is skipped, as in Go.
                from = start + 1
                continue
            }
            out.append(m)
            previousEnd = end
            from = end > start ? end : end + 1
        }
        return out
    }

    // MARK: Parsing

    indirect enum Node {
        case empty
        case set(CharacterClass)
        case any(matchesNewline: Bool)
        case sequence([Node])
        case alternation([Node])
        case group(Node, index: Int?)
        case repetition(Node, min: Int, max: Int?, greedy: Bool)
        case assertion(Assertion)
    }

    struct Parser {
        var scalars: [Unicode.Scalar]
        var index = 0
        var groupCount = 0
        var groupNames: [Int: String] = [:]
        var foldCase = false
        var dotMatchesNewline = false
        var multiline = false
        var depth = 0

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func parseAlternation() throws -> Node {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 512 else { throw PatternError(message: "the pattern nests more than 512 groups deep") }
            var branches = [try parseSequence()]
            while peek == "|" {
                index += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() throws -> Node {
            var items: [Node] = []
            while let c = peek, c != "|", c != ")" {
                var atom = try parseAtom()
                while let q = peek, q == "*" || q == "+" || q == "?" || q == "{" {
                    var min = 0, max: Int?
                    let start = index
                    index += 1
                    switch q {
                    case "*": break
                    case "+": min = 1
                    case "?": max = 1
                    default:
                        guard let bounds = parseBounds() else {
                            // A `{` that is not a repetition is a literal, as in RE2.
                            index = start
                            atom = .set(literal("{"))
                            index += 1
                            continue
                        }
                        (min, max) = bounds
                    }
                    if case .repetition = atom { throw PatternError(message: "bad repetition operator: a repetition cannot be repeated again") }
                    var greedy = true
                    if peek == "?" { greedy = false; index += 1 }
                    atom = .repetition(atom, min: min, max: max, greedy: greedy)
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        /// `{n}`, `{n,}`, `{n,m}` after the `{`; nil (index unchanged) when it is not a repetition.
        mutating func parseBounds() -> (Int, Int?)? {
            let start = index
            func number() -> Int? {
                var n = 0, digits = 0
                while let c = peek, let d = Int(String(c)), c.isASCII {
                    n = Swift.min(n * 10 + d, 100_000)
                    digits += 1
                    index += 1
                }
                return digits > 0 ? n : nil
            }
            guard let low = number() else { index = start; return nil }
            var high: Int? = low
            if peek == "," {
                index += 1
                high = number()
            }
            guard peek == "}" else { index = start; return nil }
            index += 1
            return (low, high)
        }

        func literal(_ s: Unicode.Scalar) -> CharacterClass {
            CharacterClass(ranges: [s.value...s.value], foldCase: foldCase)
        }

        mutating func parseAtom() throws -> Node {
            guard let c = peek else { throw PatternError(message: "the pattern ends early") }
            index += 1
            switch c {
            case ".": return .any(matchesNewline: dotMatchesNewline)
            case "^": return .assertion(multiline ? .lineStart : .textStart)
            case "$": return .assertion(multiline ? .lineEnd : .textEnd)
            case "[": return .set(try parseClass())
            case "\\": return try parseEscape()
            case "*", "+", "?": throw PatternError(message: "missing argument to repetition operator '\(c)'")
            case "(":
                var index: Int? = nil
                let saved = (foldCase, dotMatchesNewline, multiline)
                if peek == "?" {
                    self.index += 1
                    if peek == "P" || peek == "<" {
                        if peek == "P" { self.index += 1 }
                        guard peek == "<" else { throw PatternError(message: "invalid named group") }
                        self.index += 1
                        var name = ""
                        while let n = peek, n != ">" { name.unicodeScalars.append(n); self.index += 1 }
                        guard peek == ">", !name.isEmpty else { throw PatternError(message: "invalid named group") }
                        self.index += 1
                        groupCount += 1
                        index = groupCount
                        groupNames[groupCount] = name
                    } else {
                        // Flags: (?i) for the rest of the group, (?i:...) for the group alone.
                        var on = true
                        while let f = peek, f != ":" && f != ")" {
                            switch f {
                            case "i": foldCase = on
                            case "s": dotMatchesNewline = on
                            case "m": multiline = on
                            case "U": break
                            case "-": on = false
                            default: throw PatternError(message: "unsupported flag '\(f)' in the pattern")
                            }
                            self.index += 1
                        }
                        if peek == ")" {
                            self.index += 1
                            return .empty
                        }
                        self.index += 1
                    }
                } else {
                    groupCount += 1
                    index = groupCount
                }
                let inner = try parseAlternation()
                guard peek == ")" else { throw PatternError(message: "missing closing ')'") }
                self.index += 1
                // Flags set inside a group end with it.
                (foldCase, dotMatchesNewline, multiline) = saved
                return .group(inner, index: index)
            default:
                return .set(literal(c))
            }
        }

        static func perlClass(_ c: Unicode.Scalar) -> CharacterClass? {
            switch c {
            case "d", "D": return CharacterClass(ranges: [48...57], negated: c == "D")
            case "w", "W": return CharacterClass(ranges: [48...57, 65...90, 97...122, 95...95], negated: c == "W")
            case "s", "S": return CharacterClass(ranges: [9...10, 12...13, 32...32], negated: c == "S")
            default: return nil
            }
        }

        mutating func parseEscapedScalar(_ c: Unicode.Scalar) throws -> Unicode.Scalar {
            switch c {
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "f": return "\u{0C}"
            case "v": return "\u{0B}"
            case "a": return "\u{07}"
            case "x":
                var hex = ""
                if peek == "{" {
                    index += 1
                    while let h = peek, h != "}" { hex.unicodeScalars.append(h); index += 1 }
                    index += 1
                } else {
                    for _ in 0..<2 { if let h = peek { hex.unicodeScalars.append(h); index += 1 } }
                }
                guard let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) else { throw PatternError(message: "invalid escape \\x\(hex)") }
                return s
            default:
                if c.properties.isAlphabetic || ("0"..."9").contains(c) {
                    throw PatternError(message: "unsupported escape \\\(c) in the pattern")
                }
                return c
            }
        }

        mutating func parseEscape() throws -> Node {
            guard let c = peek else { throw PatternError(message: "trailing backslash at the end of the pattern") }
            index += 1
            switch c {
            case "A": return .assertion(.textStart)
            case "z": return .assertion(.textEnd)
            case "b": return .assertion(.wordBoundary)
            case "B": return .assertion(.notWordBoundary)
            default:
                if var set = Parser.perlClass(c) { set.foldCase = foldCase; return .set(set) }
                return .set(literal(try parseEscapedScalar(c)))
            }
        }

        mutating func parseClass() throws -> CharacterClass {
            var set = CharacterClass(foldCase: foldCase)
            if peek == "^" { set.negated = true; index += 1 }
            var first = true
            while true {
                guard let c = peek else { throw PatternError(message: "missing closing ']'") }
                if c == "]" && !first { index += 1; break }
                first = false
                index += 1
                var low: Unicode.Scalar
                if c == "[" && peek == ":" {
                    var name = ""
                    var j = index + 1
                    while j < scalars.count, scalars[j] != ":" { name.unicodeScalars.append(scalars[j]); j += 1 }
                    guard j + 1 < scalars.count, scalars[j + 1] == "]" else { throw PatternError(message: "invalid character class") }
                    index = j + 2
                    let posix: [String: [ClosedRange<UInt32>]] = [
                        "alpha": [65...90, 97...122], "digit": [48...57], "alnum": [48...57, 65...90, 97...122],
                        "upper": [65...90], "lower": [97...122], "space": [9...13, 32...32], "xdigit": [48...57, 65...70, 97...102],
                        "word": [48...57, 65...90, 97...122, 95...95], "punct": [33...47, 58...64, 91...96, 123...126],
                    ]
                    guard let ranges = posix[name] else { throw PatternError(message: "unsupported character class [:\(name):]") }
                    set.ranges += ranges
                    continue
                }
                if c == "\\" {
                    guard let e = peek else { throw PatternError(message: "missing closing ']'") }
                    index += 1
                    if let perl = Parser.perlClass(e) {
                        if perl.negated { throw PatternError(message: "negated classes like \\\(e) inside [...] are not supported") }
                        set.ranges += perl.ranges
                        continue
                    }
                    low = try parseEscapedScalar(e)
                } else {
                    low = c
                }
                var high = low
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    guard let h = peek else { throw PatternError(message: "missing closing ']'") }
                    index += 1
                    high = h == "\\" ? try { () throws -> Unicode.Scalar in
                        guard let e = peek else { throw PatternError(message: "missing closing ']'") }
                        index += 1
                        return try parseEscapedScalar(e)
                    }() : h
                    guard high.value >= low.value else { throw PatternError(message: "invalid character class range \(low)-\(high)") }
                }
                set.ranges.append(low.value...high.value)
            }
            return set
        }
    }

    // MARK: Compiling

    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ i: Instruction) { program.append(i) }

        mutating func compile(_ node: Node) throws {
            guard program.count < HCLRegex.maxInstructions else {
                throw PatternError(message: "the pattern compiles to more than \(HCLRegex.maxInstructions) instructions")
            }
            switch node {
            case .empty: break
            case .set(let set): emit(.scalar(set))
            case .any(let newline): emit(.any(matchesNewline: newline))
            case .assertion(let a): emit(.assert(a))
            case .sequence(let items): for item in items { try compile(item) }
            case .group(let inner, let index):
                if let index { emit(.save(2 * index)) }
                try compile(inner)
                if let index { emit(.save(2 * index + 1)) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (i, branch) in branches.enumerated() {
                    if i < branches.count - 1 {
                        let split = program.count
                        emit(.split(split + 1, -1))
                        try compile(branch)
                        jumps.append(program.count)
                        emit(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        try compile(branch)
                    }
                }
                for j in jumps { program[j] = .jump(program.count) }
            case .repetition(let inner, let min, let max, let greedy):
                guard min <= HCLRegex.maxRepeat, (max ?? 0) <= HCLRegex.maxRepeat, max.map({ $0 >= min }) ?? true else {
                    throw PatternError(message: "invalid repeat count (at most \(HCLRegex.maxRepeat), and the minimum first)")
                }
                for _ in 0..<min { try compile(inner) }
                if let max {
                    // Up to max - min optional copies.
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        emit(.split(-1, -1))
                        try compile(inner)
                    }
                    for s in splits { program[s] = greedy ? .split(s + 1, program.count) : .split(program.count, s + 1) }
                } else {
                    let split = program.count
                    emit(.split(-1, -1))
                    try compile(inner)
                    emit(.jump(split))
                    program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
                }
            }
        }
    }
}
