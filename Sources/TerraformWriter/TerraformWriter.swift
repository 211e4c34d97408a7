/// The one place vpcx writes Terraform (HCL) text: finding fixes, the what-if export, anything a
/// person pastes into a configuration. Every value from an inventory is untrusted: an ID such as
/// `vpc-1"\nresource "null_resource" "x" {` must stay inside its string, so text is never spliced
/// into HCL by hand; it goes through `HCLExpression.string`, `HCLName` and `HCLFile.comment`.

/// A value on the right of `=`.
public indirect enum HCLExpression: Sendable, Equatable {
    /// A quoted string literal; the text is escaped so it can only ever be that one string.
    case string(String)
    case number(Int)
    case bool(Bool)
    case list([HCLExpression])
    /// An object constructor `{ key = value }`; keys that are not identifiers are quoted.
    case object([HCLObjectEntry])
    /// A reference such as `aws_security_group.vpc_endpoints.id`, made only of identifiers.
    case reference([HCLName])
    /// A traversal with index steps, such as `aws_subnet.private[0].id` or `aws_subnet.this["a"].id`:
    /// built only by `resourceReference`, which parses the address, so it is always one traversal.
    case traversal([HCLTraversalStep])

    /// A list of string literals.
    public static func strings(_ items: [String]) -> HCLExpression { .list(items.map { .string($0) }) }

    /// A reference to an attribute of a root-module resource or data source, from its Terraform
    /// address (`aws_vpc.main`, `aws_subnet.private[0]`, `aws_subnet.this["a"]`, `data.aws_vpc.x`):
    /// `aws_vpc.main.id`. Nil when the text is not such an address (an AWS ID, a resource inside a
    /// module, anything else), so the caller quotes it as a string instead.
    public static func resourceReference(address: String, attribute: String = "id") -> HCLExpression? {
        // Every address has a dot (TYPE.NAME); an AWS ID, what fixes mostly hold, has none.
        guard address.utf8.contains(UInt8(ascii: ".")) else { return nil }
        var steps: [HCLTraversalStep] = []
        var rest = Substring(address)
        func name() -> String? {
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            let text = String(rest[..<end])
            guard HCLName.isIdentifier(text) else { return nil }
            rest = rest[end...]
            return text
        }
        guard let first = name() else { return nil }
        var names = [first]
        if first == "data" {
            guard rest.first == ".", rest.count > 1 else { return nil }
            rest = rest.dropFirst()
            guard let type = name() else { return nil }
            names.append(type)
        }
        guard names.last != "module", first != "module", rest.first == "." else { return nil }
        rest = rest.dropFirst()
        guard let resourceName = name() else { return nil }
        names.append(resourceName)
        steps = names.map { .attribute(HCLName($0)) }
        if rest.first == "[" {
            guard rest.last == "]" else { return nil }
            let inner = rest.dropFirst().dropLast()
            if let n = Int(inner), n >= 0, String(n) == inner {
                steps.append(.index(n))
            } else if inner.count >= 2, inner.first == "\"", inner.last == "\"" {
                let key = inner.dropFirst().dropLast()
                // Keys from an address are plain (for_each keys); anything needing escapes is not one.
                guard !key.isEmpty, key.unicodeScalars.allSatisfy({ HCLName.isIdentifierScalar($0) || $0 == "." || $0 == "/" }) else { return nil }
                steps.append(.key(String(key)))
            } else {
                return nil
            }
            rest = rest[rest.endIndex...]
        }
        guard rest.isEmpty, HCLName.isIdentifier(attribute) else { return nil }
        steps.append(.attribute(HCLName(attribute)))
        return .traversal(steps)
    }

    /// A resource's ID as a fix writes it: the reference when it is a Terraform address (so the fix
    /// uses the configuration's own resource), else the quoted string (an AWS ID).
    public static func id(_ text: String) -> HCLExpression { resourceReference(address: text) ?? .string(text) }

    /// A list of IDs, each as `id(_:)` writes it.
    public static func ids(_ items: [String]) -> HCLExpression { .list(items.map(id)) }

    /// `HCLExpression.reference` from dotted parts, each made a valid identifier.
    public static func reference(_ parts: String...) -> HCLExpression { .reference(parts.map(HCLName.init)) }

    /// The expression's HCL text, on one line.
    public var rendered: String {
        var text = HCLText()
        text.expression(self)
        return text.out
    }

    /// A quoted HCL string for any text. Escapes `"` and `\`, doubles the sigil of `${` and `%{`
    /// (interpolation and directives), and writes every control character, C1 control and bidi
    /// override as `\uNNNN`, so the literal is one line that shows the same on any terminal.
    public static func quote(_ text: String) -> String {
        var out = HCLText()
        out.quoted(text)
        return out.out
    }

    /// C0 controls, DEL, C1 controls and bidi overrides/isolates: what must never reach a terminal.
    public static func isUnprintable(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value)
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            || s.value == 0x2028 || s.value == 0x2029
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// One step of a traversal: `.name`, `[0]` or `["key"]`.
public enum HCLTraversalStep: Sendable, Equatable {
    case attribute(HCLName)
    case index(Int)
    case key(String)
}

/// One `key = value` of an object constructor.
public struct HCLObjectEntry: Sendable, Equatable {
    public var key: String
    public var value: HCLExpression
    public init(_ key: String, _ value: HCLExpression) { self.key = key; self.value = value }
}

/// An HCL identifier (block type, attribute name, resource name, reference part). Built from any
/// text: characters outside `[A-Za-z0-9_-]` become `_`, and a name that would not start with a
/// letter or `_` gets a leading `_`, so the result is always a name Terraform accepts.
public struct HCLName: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(_ raw: String) {
        if Self.isIdentifier(raw) { text = raw; return } // what vpcx names things with mostly is one already
        var out = String(raw.unicodeScalars.map { s -> Character in
            Self.isIdentifierScalar(s) ? Character(s) : "_"
        })
        if out.isEmpty || !(out.unicodeScalars.first.map(Self.isIdentifierStart) ?? false) { out = "_" + out }
        text = out
    }

    /// A name from several parts joined by `_` (`s3` and `vpc-1` → `s3_vpc-1`... made safe).
    public init(joining parts: [String]) { self.init(parts.joined(separator: "_")) }

    public var description: String { text }

    /// Whether text is already a valid identifier.
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isIdentifierStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(isIdentifierScalar)
    }

    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_"
    }

    static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        isIdentifierStart(s) || (s >= "0" && s <= "9") || s == "-"
    }
}

/// One item of a body: an attribute, a nested block, a comment line or a blank line.
public enum HCLBodyItem: Sendable, Equatable {
    case attribute(HCLName, HCLExpression)
    case block(HCLBlock)
    case comment(String)
    case blank

    /// `name = value`.
    public static func attribute(_ name: String, _ value: HCLExpression) -> HCLBodyItem { .attribute(HCLName(name), value) }
}

/// A block: `type "label" ... { body }`. Labels are written as quoted strings.
public struct HCLBlock: Sendable, Equatable {
    public var type: HCLName
    public var labels: [String]
    public var body: [HCLBodyItem]

    public init(_ type: String, _ labels: [String] = [], _ body: [HCLBodyItem]) {
        self.type = HCLName(type)
        self.labels = labels
        self.body = body
    }

    /// A `resource "TYPE" "NAME"` block; the name is made a valid identifier.
    public static func resource(_ type: String, _ name: String, _ body: [HCLBodyItem]) -> HCLBlock {
        HCLBlock("resource", [HCLName(type).text, HCLName(name).text], body)
    }

    /// The block's text, without a trailing newline.
    public var rendered: String {
        var text = HCLText()
        text.block(self, indent: 0)
        return text.withoutFinalNewline()
    }

    /// A body's text without the braces around it, its lines indented by `indent` levels and joined
    /// by newlines (no trailing one): attributes to paste into an existing block.
    public static func renderedBody(_ items: [HCLBodyItem], indent: Int) -> String {
        var text = HCLText()
        text.body(items, indent: indent)
        return text.withoutFinalNewline()
    }
}

/// A whole file (or snippet): top-level blocks, comments and blank lines.
public struct HCLFile: Sendable, Equatable {
    public var items: [HCLBodyItem]
    public init(_ items: [HCLBodyItem] = []) { self.items = items }

    /// The file's text, ending in a newline when not empty.
    public var rendered: String {
        var text = HCLText()
        text.body(items, indent: 0)
        return text.out
    }

    /// A `#` comment of one line: line breaks become spaces and unprintable characters U+FFFD, so
    /// text from an inventory cannot end the comment and start HCL of its own.
    public static func comment(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out.append(" ")
            } else if HCLExpression.isUnprintable(scalar) {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return "# " + String(out)
    }
}

/// Writes HCL into one growing string, every line ending in a newline. An organisation's findings
/// carry megabytes of fixes; made line by line as arrays of strings, their text cost more than the
/// analysis that found them.
struct HCLText {
    var out = ""

    /// The text without its last newline: a block or body on its own.
    consuming func withoutFinalNewline() -> String {
        if out.utf8.last == UInt8(ascii: "\n") { out.unicodeScalars.removeLast() }
        return out
    }

    mutating func pad(_ indent: Int) {
        for _ in 0..<indent { out.append("  ") }
    }

    mutating func block(_ block: HCLBlock, indent: Int) {
        pad(indent)
        out.append(block.type.text)
        for label in block.labels {
            out.append(" ")
            quoted(label)
        }
        out.append(" {\n")
        body(block.body, indent: indent + 1)
        pad(indent)
        out.append("}\n")
    }

    /// Consecutive one-line attributes align their `=` as `terraform fmt` does.
    mutating func body(_ items: [HCLBodyItem], indent: Int) {
        var index = 0
        while index < items.count {
            switch items[index] {
            case .attribute:
                var end = index
                var width = 0
                while end < items.count, case .attribute(let name, _) = items[end] {
                    width = max(width, name.text.utf8.count) // names are ASCII: bytes are columns
                    end += 1
                }
                for case .attribute(let name, let value) in items[index..<end] {
                    pad(indent)
                    out.append(name.text)
                    for _ in name.text.utf8.count..<width { out.append(" ") }
                    out.append(" = ")
                    expression(value)
                    out.append("\n")
                }
                index = end
                continue
            case .block(let block): self.block(block, indent: indent)
            case .comment(let text):
                pad(indent)
                out.append(HCLFile.comment(text))
                out.append("\n")
            case .blank: out.append("\n")
            }
            index += 1
        }
    }

    mutating func expression(_ expression: HCLExpression) {
        switch expression {
        case .string(let text): quoted(text)
        case .number(let n): out.append(String(n))
        case .bool(let b): out.append(b ? "true" : "false")
        case .list(let items):
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(", ") }
                self.expression(item)
            }
            out.append("]")
        case .object(let entries):
            if entries.isEmpty { out.append("{}"); return }
            out.append("{ ")
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(", ") }
                if HCLName.isIdentifier(entry.key) { out.append(entry.key) } else { quoted(entry.key) }
                out.append(" = ")
                self.expression(entry.value)
            }
            out.append(" }")
        case .reference(let parts):
            for (i, part) in parts.enumerated() {
                if i > 0 { out.append(".") }
                out.append(part.text)
            }
        case .traversal(let steps):
            for (i, step) in steps.enumerated() {
                switch step {
                case .attribute(let name):
                    if i > 0 { out.append(".") }
                    out.append(name.text)
                case .index(let n): out.append("[\(n)]")
                case .key(let key):
                    out.append("[")
                    quoted(key)
                    out.append("]")
                }
            }
        }
    }

    /// `HCLExpression.quote`. Most text (IDs, names, CIDRs) is printable ASCII with nothing to
    /// escape, and goes in whole.
    mutating func quoted(_ text: String) {
        out.append("\"")
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "{") }
        if plain {
            out.append(text)
        } else {
            var previous: Unicode.Scalar?
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                case "{" where previous == "$" || previous == "%":
                    out.unicodeScalars.append(previous ?? "$")
                    out.append("{")
                default:
                    if HCLExpression.isUnprintable(scalar) {
                        out.append("\\u" + HCLExpression.hex4(scalar.value))
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
                previous = scalar
            }
        }
        out.append("\"")
    }
}
