import Foundation
import Model

/// Terraform's built-in functions that VPC configurations call. A function vpcx does not implement
/// gives an unknown value named after the call, so the rest of the configuration still loads.
enum HCLFunctions {
    /// Functions that only look at the shape of their arguments: unknown elements inside pass through.
    /// Every other function gives an unknown result when any argument holds an unknown anywhere.
    static let structural: Set<String> = [
        "length", "concat", "element", "tolist", "flatten", "merge", "lookup", "keys", "values", "slice",
        "zipmap", "coalesce", "coalescelist", "one", "reverse", "tomap", "try", "compact", "index",
    ]

    static func call(_ name: String, _ args: [HCLValue], _ ev: HCLEvaluator, _ at: HCLPosition) throws -> HCLValue {
        if structural.contains(name) {
            if let u = args.first(where: \.isUnknown) { return u }
        } else if let u = args.lazy.compactMap(\.firstUnknown).first {
            return .unknown(u)
        }
        func fail(_ message: String) -> LoadError { ev.error("\(name)(): \(message)", at) }
        func arity(_ range: ClosedRange<Int>) throws {
            guard range.contains(args.count) else {
                let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw fail("takes \(wanted) argument\(range.upperBound == 1 ? "" : "s"), got \(args.count)")
            }
        }
        // Every argument read checks it was given, so a call with too few is an error for any function.
        func given(_ i: Int) throws {
            guard i < args.count else { throw fail("needs at least \(i + 1) argument\(i == 0 ? "" : "s"), got \(args.count)") }
        }
        func string(_ i: Int) throws -> String {
            try given(i)
            guard let s = args[i].stringValue else { throw fail("argument \(i + 1) must be a string, not \(args[i].typeName)") }
            return s
        }
        func number(_ i: Int) throws -> Double {
            try given(i)
            guard let n = args[i].numberValue else { throw fail("argument \(i + 1) must be a number, not \(args[i].typeName)") }
            return n
        }
        func integer(_ i: Int) throws -> Int {
            let n = try number(i)
            guard n == n.rounded(), abs(n) < 1e15 else { throw fail("argument \(i + 1) must be a whole number") }
            return Int(n)
        }
        func list(_ i: Int) throws -> [HCLValue] {
            try given(i)
            guard let items = args[i].elements else { throw fail("argument \(i + 1) must be a list or set, not \(args[i].typeName)") }
            return items
        }
        func map(_ i: Int) throws -> [String: HCLValue] {
            try given(i)
            guard let m = args[i].attributes else { throw fail("argument \(i + 1) must be a map or object, not \(args[i].typeName)") }
            return m
        }
        func strings(_ items: [HCLValue]) throws -> [String] {
            try items.map { v in
                guard let s = v.stringValue else { throw fail("expected strings, found \(v.typeName)") }
                return s
            }
        }

        switch name {
        // Type conversion
        case "toset":
            try arity(1...1)
            return HCLValue.makeSet(try list(0))
        case "tolist":
            try arity(1...1)
            return .list(try list(0))
        case "tomap":
            try arity(1...1)
            return .object(try map(0))
        case "tostring":
            try arity(1...1)
            if args[0] == .null { return .null }
            return .string(try string(0))
        case "tonumber":
            try arity(1...1)
            if args[0] == .null { return .null }
            guard let n = args[0].numberValue else { throw fail("cannot convert \(args[0]) to a number") }
            return .number(n)
        case "tobool":
            try arity(1...1)
            if args[0] == .null { return .null }
            guard let b = args[0].boolValue else { throw fail("cannot convert \(args[0]) to a bool") }
            return .bool(b)

        // Encoding
        case "jsonencode":
            try arity(1...1)
            return .string(TerraformJSON.encode(args[0]))
        case "jsondecode":
            try arity(1...1)
            do {
                return try TerraformJSON.decode(Array(try string(0).utf8))
            } catch let e as LoadError {
                throw fail("invalid JSON: \(e.message)")
            }
        case "base64encode":
            try arity(1...1)
            return .string(Data(try string(0).utf8).base64EncodedString())
        case "base64decode":
            try arity(1...1)
            guard let data = Data(base64Encoded: try string(0)) else { throw fail("invalid base64") }
            return .string(String(decoding: data, as: UTF8.self))

        // Network
        case "cidrsubnet":
            try arity(3...3)
            let base = try cidr(try string(0), fail)
            let newbits = try integer(1)
            let netnum = try integer(2)
            let length = base.prefixLength + newbits
            guard newbits >= 0, length <= 32 else { throw fail("prefix \(base.prefixLength) + \(newbits) new bits exceeds 32") }
            guard netnum >= 0, UInt64(netnum) < (UInt64(1) << UInt64(newbits)) else {
                throw fail("network number \(netnum) does not fit in \(newbits) bits")
            }
            let shift = UInt32(32 - length)
            let network = base.network.value | (length == 0 ? 0 : UInt32(truncatingIfNeeded: netnum) << shift)
            return .string(IPv4CIDR(network: IPv4Address(network), prefixLength: length).description)
        case "cidrsubnets":
            guard args.count >= 1 else { throw fail("needs a prefix") }
            let base = try cidr(try string(0), fail)
            var next = UInt64(base.network.value)
            let end = UInt64(base.network.value) + base.size
            var result: [HCLValue] = []
            for i in 1..<args.count {
                let length = base.prefixLength + (try integer(i))
                guard length <= 32, length >= base.prefixLength else { throw fail("invalid new bits \(try integer(i))") }
                let size = UInt64(1) << UInt64(32 - length)
                next = (next + size - 1) / size * size
                guard next + size <= end else { throw fail("not enough address space in \(base) for all the subnets") }
                result.append(.string(IPv4CIDR(network: IPv4Address(UInt32(next)), prefixLength: length).description))
                next += size
            }
            return .list(result)
        case "cidrhost":
            try arity(2...2)
            let base = try cidr(try string(0), fail)
            let host = try integer(1)
            let size = Int64(base.size)
            let offset = host < 0 ? size + Int64(host) : Int64(host)
            guard offset >= 0, offset < size else { throw fail("host number \(host) is outside \(base)") }
            return .string(IPv4Address(base.network.value &+ UInt32(offset)).description)
        case "cidrnetmask":
            try arity(1...1)
            return .string(IPv4Address(try cidr(try string(0), fail).mask).description)

        // Collections
        case "length":
            try arity(1...1)
            switch args[0] {
            case .string(let s): return .number(Double(s.count))
            case .list(let items), .set(let items): return .number(Double(items.count))
            case .object(let m), .instance(_, let m): return .number(Double(m.count))
            default: throw fail("cannot take the length of a \(args[0].typeName)")
            }
        case "concat":
            var out: [HCLValue] = []
            for i in args.indices { out += try list(i) }
            return .list(out)
        case "flatten":
            try arity(1...1)
            if let u = try list(0).first(where: \.isUnknown) { return u }
            func flat(_ items: [HCLValue]) -> [HCLValue] {
                items.flatMap { v -> [HCLValue] in
                    if case .list(let inner) = v { return flat(inner) }
                    if case .set(let inner) = v { return flat(inner) }
                    return [v]
                }
            }
            return .list(flat(try list(0)))
        case "merge":
            var out: [String: HCLValue] = [:]
            for i in args.indices where args[i] != .null { out.merge(try map(i)) { _, new in new } }
            return .object(out)
        case "lookup":
            try arity(2...3)
            let m = try map(0)
            if case .unknown = args[1] { return args[1] }
            if let v = m[try string(1)] { return v }
            if args.count == 3 { return args[2] }
            throw fail("the map has no key \"\(try string(1))\" and no default was given")
        case "element":
            try arity(2...2)
            let items = try list(0)
            guard !items.isEmpty else { throw fail("cannot use element() on an empty list") }
            let i = try integer(1)
            guard i >= 0 else { throw fail("the index must not be negative") }
            return items[i % items.count]
        case "index":
            try arity(2...2)
            if let u = args[1].firstUnknown { return .unknown(u) }
            guard let i = try list(0).firstIndex(where: { HCLEvaluator.equal($0, args[1]) }) else { throw fail("item not found") }
            return .number(Double(i))
        case "contains":
            try arity(2...2)
            return .bool(try list(0).contains { HCLEvaluator.equal($0, args[1]) })
        case "keys":
            try arity(1...1)
            return .list(try map(0).keys.sorted().map { .string($0) })
        case "values":
            try arity(1...1)
            let m = try map(0)
            return .list(m.keys.sorted().map { m[$0] ?? .null })
        case "zipmap":
            try arity(2...2)
            let ks = try list(0)
            let vs = try list(1)
            guard ks.count == vs.count else { throw fail("the lists of keys and values differ in length") }
            if let u = ks.first(where: \.isUnknown) { return u }
            var out: [String: HCLValue] = [:]
            for (k, v) in zip(try strings(ks), vs) { out[k] = v }
            return .object(out)
        case "range":
            try arity(1...3)
            var start = 0.0, limit = 0.0, step = 1.0
            if args.count == 1 { limit = try number(0) } else { start = try number(0); limit = try number(1) }
            if args.count == 3 { step = try number(2) } else if limit < start { step = -1 }
            guard step != 0 else { throw fail("the step must not be zero") }
            var out: [HCLValue] = []
            var x = start
            while step > 0 ? x < limit : x > limit {
                out.append(.number(x))
                x += step
                if out.count > 1024 { throw fail("more than 1024 elements") }
            }
            return .list(out)
        case "coalesce":
            for v in args {
                if case .unknown = v { return v }
                if v != .null && v != .string("") { return v }
            }
            throw fail("no non-null, non-empty argument")
        case "coalescelist":
            for i in args.indices where args[i] != .null { if !(try list(i)).isEmpty { return args[i] } }
            // Terraform's own error when every list is empty.
            throw fail("no non-null arguments")
        case "distinct":
            try arity(1...1)
            var seen = Set<HCLValue>()
            return .list(try list(0).filter { seen.insert($0).inserted })
        case "compact":
            try arity(1...1)
            return .list(try list(0).filter { $0 != .null && $0 != .string("") })
        case "slice":
            try arity(3...3)
            let items = try list(0)
            let from = try integer(1), to = try integer(2)
            guard from >= 0, to <= items.count, from <= to else { throw fail("indexes \(from)...\(to) are out of range for \(items.count) elements") }
            return .list(Array(items[from..<to]))
        case "one":
            try arity(1...1)
            let items = try list(0)
            guard items.count <= 1 else { throw fail("the list has \(items.count) elements; one() needs zero or one") }
            return items.first ?? .null
        case "sort":
            try arity(1...1)
            return .list(try strings(try list(0)).sorted().map { .string($0) })
        case "reverse":
            try arity(1...1)
            return .list(try list(0).reversed())
        case "setunion":
            return HCLValue.makeSet(try args.indices.flatMap { try list($0) })
        case "setintersection":
            guard !args.isEmpty else { throw fail("needs at least one set") }
            var result = try list(0)
            for i in args.indices.dropFirst() {
                let other = try list(i)
                result = result.filter { other.contains($0) }
            }
            return HCLValue.makeSet(result)
        case "setsubtract":
            try arity(2...2)
            let other = try list(1)
            return HCLValue.makeSet(try list(0).filter { !other.contains($0) })
        case "chunklist":
            try arity(2...2)
            let items = try list(0)
            let size = try integer(1)
            guard size >= 0 else { throw fail("the chunk size must not be negative") }
            if size == 0 { return .list([.list(items)]) }
            return .list(stride(from: 0, to: items.count, by: size).map { .list(Array(items[$0..<min($0 + size, items.count)])) })
        case "alltrue", "anytrue":
            let bools = try list(0).map { v -> Bool in
                guard let b = v.boolValue else { throw fail("expected bools") }
                return b
            }
            return .bool(name == "alltrue" ? bools.allSatisfy { $0 } : bools.contains(true))
        case "sum":
            try arity(1...1)
            return .number(try list(0).reduce(0) { acc, v in
                guard let n = v.numberValue else { throw fail("expected numbers") }
                return acc + n
            })

        // Numbers
        case "min", "max":
            let numbers = try args.indices.map { try number($0) }
            guard let first = numbers.first else { throw fail("needs at least one number") }
            return .number(numbers.dropFirst().reduce(first) { name == "min" ? Swift.min($0, $1) : Swift.max($0, $1) })
        case "abs":
            try arity(1...1)
            return .number(Swift.abs(try number(0)))
        case "ceil":
            try arity(1...1)
            return .number((try number(0)).rounded(.up))
        case "floor":
            try arity(1...1)
            return .number((try number(0)).rounded(.down))
        case "parseint":
            try arity(2...2)
            let radix = try integer(1)
            guard (2...36).contains(radix) else { throw fail("the base must be from 2 to 36, not \(radix)") }
            guard let n = Int(try string(0), radix: radix) else { throw fail("cannot parse \(try string(0)) in base \(radix)") }
            return .number(Double(n))

        // Strings
        case "format":
            guard !args.isEmpty else { throw fail("needs a format string") }
            return .string(try format(try string(0), Array(args.dropFirst()), fail))
        case "formatlist":
            guard !args.isEmpty else { throw fail("needs a format string") }
            let spec = try string(0)
            var count: Int?
            for v in args.dropFirst() {
                if let items = v.elements {
                    guard count == nil || count == items.count else { throw fail("the lists differ in length") }
                    count = items.count
                }
            }
            let n = count ?? 1
            return .list(try (0..<n).map { i in
                .string(try format(spec, args.dropFirst().map { $0.elements?[i] ?? $0 }, fail))
            })
        case "join":
            try arity(2...2)
            let separator = try string(0)
            return .string(try strings(try list(1)).joined(separator: separator))
        case "split":
            try arity(2...2)
            let separator = try string(0), text = try string(1)
            if text.isEmpty { return .list([]) }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        case "replace":
            try arity(3...3)
            let text = try string(0), search = try string(1), replacement = try string(2)
            if search.count > 1, search.hasPrefix("/"), search.hasSuffix("/") {
                return .string(try regexReplace(String(search.dropFirst().dropLast()), text, replacement, fail))
            }
            guard !search.isEmpty else { return .string(text) }
            return .string(text.replacingOccurrences(of: search, with: replacement))
        case "regex", "regexall":
            try arity(2...2)
            let pattern = try string(0), text = try string(1)
            let regex: HCLRegex
            do { regex = try HCLRegex(pattern) } catch let e as HCLRegex.PatternError { throw fail("invalid regular expression: \(e.message)") }
            let scalars = Array(text.unicodeScalars)
            let matches: [[Int?]]
            do { matches = try regex.allMatches(in: scalars) } catch let e as HCLRegex.PatternError { throw fail(e.message) }
            func value(_ m: [Int?]) -> HCLValue {
                func group(_ i: Int) -> HCLValue {
                    guard let start = m[2 * i], let end = m[2 * i + 1] else { return .null }
                    var s = String.UnicodeScalarView()
                    s.append(contentsOf: scalars[start..<end])
                    return .string(String(s))
                }
                if regex.groupCount == 0 { return group(0) }
                if regex.groupNames.count == regex.groupCount {
                    return .object(Dictionary(uniqueKeysWithValues: regex.groupNames.map { ($0.value, group($0.key)) }))
                }
                return .list((1...regex.groupCount).map(group))
            }
            if name == "regexall" { return .list(matches.map(value)) }
            guard let first = matches.first else { throw fail("the pattern did not match") }
            return value(first)
        case "substr":
            try arity(3...3)
            let chars = Array(try string(0))
            var offset = try integer(1)
            var length = try integer(2)
            if offset < 0 { offset = chars.count + offset }
            guard offset >= 0, offset <= chars.count else { throw fail("offset \(try integer(1)) is outside the string") }
            if length < 0 || offset + length > chars.count { length = chars.count - offset }
            return .string(String(chars[offset..<(offset + length)]))
        case "lower":
            try arity(1...1)
            return .string(try string(0).lowercased())
        case "upper":
            try arity(1...1)
            return .string(try string(0).uppercased())
        case "title":
            try arity(1...1)
            return .string(try string(0).split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "))
        case "trimspace":
            try arity(1...1)
            return .string(try string(0).trimmingCharacters(in: .whitespacesAndNewlines))
        case "trim":
            try arity(2...2)
            return .string(try string(0).trimmingCharacters(in: CharacterSet(charactersIn: try string(1))))
        case "trimprefix":
            try arity(2...2)
            let s = try string(0), p = try string(1)
            return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        case "trimsuffix":
            try arity(2...2)
            let s = try string(0), p = try string(1)
            return .string(s.hasSuffix(p) ? String(s.dropLast(p.count)) : s)
        case "startswith":
            try arity(2...2)
            return .bool(try string(0).hasPrefix(try string(1)))
        case "endswith":
            try arity(2...2)
            return .bool(try string(0).hasSuffix(try string(1)))
        case "strcontains":
            try arity(2...2)
            return .bool(try string(0).contains(try string(1)))

        // Files, relative to the module's directory
        case "file", "templatefile", "fileexists", "filebase64", "filemd5", "filesha1", "filesha256", "filesha512",
             "filebase64sha256", "filebase64sha512":
            let relative = try string(0)
            let full = TerraformLoader.normalize(relative.hasPrefix("/") ? relative : TerraformLoader.join(ev.baseDirectory, relative))
            let access = ev.files ?? TerraformFileAccess(program: nil)
            guard access.mayRead(full, base: ev.baseDirectory, call: name) else { return .unknown("\(name)(\"\(relative)\")") }
            if name == "fileexists" {
                var isDirectory: ObjCBool = false
                return .bool(FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue)
            }
            guard let data = TerraformFileAccess.regularFileContents(full) else { throw fail("cannot read \(relative): not a regular file of at most 64 MiB") }
            switch name {
            case "file": return .string(String(decoding: data, as: UTF8.self))
            case "filebase64": return .string(data.base64EncodedString())
            case "templatefile": break
            default: return .unknown("\(name)(\"\(relative)\")")
            }
            try arity(2...2)
            guard !ev.insideTemplateFile else { throw fail("cannot call templatefile from inside a templatefile call") }
            let vars = try map(1)
            var parser = HCLParser(bytes: Array(data), path: full)
            let (parts, terminator) = try parser.parseTemplateParts(quoted: false)
            if let terminator { throw fail("'%{\(terminator)}' without its opening directive in \(relative)") }
            var template = HCLEvaluator(path: full, bindings: vars, baseDirectory: ev.baseDirectory)
            template.files = ev.files
            template.moduleAddress = ev.moduleAddress
            template.insideTemplateFile = true
            return try template.evaluate(HCLParser.simplify(parts, at))
        case "fileset":
            try arity(2...2)
            let directory = try string(0), pattern = try string(1)
            let full = directory.hasPrefix("/") ? directory : ev.baseDirectory + "/" + directory
            let access = ev.files ?? TerraformFileAccess(program: nil)
            guard access.mayRead(full, base: ev.baseDirectory, call: name) else { return .unknown("fileset(\"\(directory)\")") }
            let names = (FileManager.default.enumerator(atPath: full)?.allObjects as? [String] ?? []).prefix(100_000)
            return HCLValue.makeSet(names.filter { fnmatch(pattern, $0, 0) == 0 }.map { .string($0) })

        // Paths
        case "basename", "dirname":
            // As Go's filepath.Base and filepath.Dir, which Terraform uses.
            try arity(1...1)
            let path = try string(0)
            var trimmed = Substring(path)
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty { return .string(".") }
            guard let slash = trimmed.lastIndex(of: "/") else { return .string(name == "basename" ? String(trimmed) : ".") }
            if name == "basename" { return .string(trimmed == "/" ? "/" : String(trimmed[trimmed.index(after: slash)...])) }
            if slash == trimmed.startIndex { return .string("/") }
            return .string(TerraformLoader.normalize(String(trimmed[..<slash])))
        case "abspath":
            try arity(1...1)
            let p = try string(0)
            return .string(TerraformLoader.normalize(p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p))
        case "pathexpand":
            try arity(1...1)
            return .string(try string(0))

        // Sensitivity changes how plan prints a value, not the value.
        case "sensitive", "nonsensitive", "ephemeralasnull":
            try arity(1...1)
            return args[0]
        case "issensitive":
            try arity(1...1)
            return .bool(false)

        // More collections
        case "transpose":
            try arity(1...1)
            var out: [String: [String]] = [:]
            for (k, v) in try map(0) {
                guard let items = v.elements else { throw fail("transpose needs a map of lists of strings") }
                for s in try strings(items) { out[s, default: []].append(k) }
            }
            return .object(out.mapValues { .list($0.sorted().map { .string($0) }) })
        case "setproduct":
            var product: [[HCLValue]] = [[]]
            for i in args.indices {
                let items = try list(i)
                product = product.flatMap { prefix in items.map { prefix + [$0] } }
                guard product.count <= 100_000 else { throw fail("the product has more than 100000 elements") }
            }
            return .list(args.isEmpty ? [] : product.map { .list($0) })
        case "matchkeys":
            try arity(3...3)
            let values = try list(0), keys = try list(1), search = try list(2)
            guard values.count == keys.count else { throw fail("the lists of values and keys differ in length") }
            return .list(zip(values, keys).filter { _, k in search.contains { HCLEvaluator.equal($0, k) } }.map(\.0))
        case "chomp":
            try arity(1...1)
            var s = try string(0)
            while s.hasSuffix("\n") || s.hasSuffix("\r") { s.removeLast() }
            return .string(s)
        case "indent":
            try arity(2...2)
            let pad = String(repeating: " ", count: min(max(try integer(0), 0), 1024))
            return .string(try string(1).components(separatedBy: "\n").enumerated()
                .map { $0.offset == 0 ? $0.element : pad + $0.element }.joined(separator: "\n"))
        case "strrev":
            try arity(1...1)
            return .string(String(try string(0).reversed()))
        case "urlencode":
            try arity(1...1)
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-_.~")
            return .string(try string(0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        case "signum":
            try arity(1...1)
            let n = try number(0)
            return .number(n > 0 ? 1 : n < 0 ? -1 : 0)
        case "pow":
            try arity(2...2)
            return .number(Foundation.pow(try number(0), try number(1)))
        case "log":
            try arity(2...2)
            return .number(Foundation.log(try number(0)) / Foundation.log(try number(1)))

        // Time and randomness are only known when Terraform runs.
        case "timestamp", "uuid", "bcrypt", "plantimestamp":
            return .unknown("\(name)()")
        default:
            return .unknown("\(name)()")
        }
    }

    /// `replace(text, "/re/", replacement)`: every match replaced, `$1`, `${1}` and `${name}` expanded as Go does.
    static func regexReplace(_ pattern: String, _ text: String, _ replacement: String, _ fail: (String) -> LoadError) throws -> String {
        let regex: HCLRegex
        do { regex = try HCLRegex(pattern) } catch let e as HCLRegex.PatternError { throw fail("invalid regular expression: \(e.message)") }
        let scalars = Array(text.unicodeScalars)
        let matches: [[Int?]]
        do { matches = try regex.allMatches(in: scalars) } catch let e as HCLRegex.PatternError { throw fail(e.message) }
        let names = Dictionary(regex.groupNames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        var out = String.UnicodeScalarView()
        var last = 0
        let template = Array(replacement.unicodeScalars)
        for m in matches {
            guard let start = m[0], let end = m[1] else { continue }
            out.append(contentsOf: scalars[last..<start])
            var i = 0
            while i < template.count {
                let c = template[i]
                guard c == "$", i + 1 < template.count else { out.append(c); i += 1; continue }
                if template[i + 1] == "$" { out.append("$"); i += 2; continue }
                var name = ""
                var j = i + 1
                if template[j] == "{" {
                    j += 1
                    while j < template.count, template[j] != "}" { name.unicodeScalars.append(template[j]); j += 1 }
                    j += 1
                } else {
                    while j < template.count, template[j].properties.isAlphabetic || ("0"..."9").contains(template[j]) || template[j] == "_" {
                        name.unicodeScalars.append(template[j]); j += 1
                    }
                }
                if let group = Int(name) ?? names[name], group <= regex.groupCount, let s = m[2 * group], let e = m[2 * group + 1] {
                    out.append(contentsOf: scalars[s..<e])
                }
                i = j
            }
            last = end
        }
        out.append(contentsOf: scalars[last...])
        return String(out)
    }

    static func cidr(_ text: String, _ fail: (String) -> LoadError) throws -> IPv4CIDR {
        guard let c = IPv4CIDR(text) else {
            throw fail(text.contains(":") ? "IPv6 prefix \(text) is not supported" : "\"\(text)\" is not a CIDR block")
        }
        return c
    }

    /// Go-style `format` verbs as Terraform supports them: %s %d %f %v %q %t %x %%, with width and precision.
    static func format(_ spec: String, _ args: [HCLValue], _ fail: (String) -> LoadError) throws -> String {
        var out = ""
        var next = 0
        var chars = spec.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            var flags = ""
            var verb: Character?
            while let d = chars.next() {
                if d.isLetter || d == "%" { verb = d; break }
                flags.append(d)
            }
            guard let verb else { throw fail("incomplete format verb at the end of \"\(spec)\"") }
            if verb == "%" { out.append("%"); continue }
            guard next < args.count else { throw fail("not enough arguments for \"\(spec)\"") }
            let arg = args[next]
            next += 1
            var text: String
            let precision = flags.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.flatMap { Int($0) }
            if let precision, precision > 100 { throw fail("the precision \(precision) is more than 100") }
            switch verb {
            case "s", "v":
                if verb == "v", arg.elements != nil || arg.attributes != nil {
                    text = TerraformJSON.encode(arg)
                } else {
                    guard let s = arg.stringValue else { throw fail("%\(verb) cannot format a \(arg.typeName)") }
                    text = s
                }
            case "q":
                guard let s = arg.stringValue else { throw fail("%q needs a string") }
                text = TerraformJSON.encode(.string(s))
            case "d":
                guard let n = arg.numberValue, n == n.rounded() else { throw fail("%d needs a whole number, not \(arg)") }
                text = HCLValue.format(n)
            case "f":
                guard let n = arg.numberValue else { throw fail("%f needs a number") }
                text = String(format: "%.\(precision ?? 6)f", n)
            case "t":
                guard let b = arg.boolValue else { throw fail("%t needs a bool") }
                text = b ? "true" : "false"
            case "x", "X":
                guard let n = arg.numberValue, n == n.rounded(), abs(n) < 9e18 else { throw fail("%\(verb) needs a whole number") }
                text = String(Int64(n), radix: 16, uppercase: verb == "X")
            default:
                throw fail("unsupported format verb %\(verb)")
            }
            let widthText = flags.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let leftAlign = widthText.hasPrefix("-")
            let zeroPad = widthText.hasPrefix("0")
            let width = widthText.trimmingCharacters(in: CharacterSet(charactersIn: "-0+ "))
            if !width.isEmpty, Int(width).map({ $0 > HCLEvaluator.maxStringBytes }) ?? true {
                throw fail("the width \(width) is more than \(HCLEvaluator.maxStringBytes) characters")
            }
            if let width = Int(width), text.count < width {
                let pad = String(repeating: zeroPad && !leftAlign ? "0" : " ", count: width - text.count)
                text = leftAlign ? text + pad : pad + text
            }
            out += text
        }
        return out
    }
}
