import JSONText

/// The syntax tree of an HCL2 file (the native syntax Terraform's `.tf` files use).
/// Every node carries the position it was read from, so evaluation errors can name the spot.

/// A place in a source file: the location type JSON, YAML and theme errors share.
public typealias HCLPosition = SourcePosition

/// A body: the attributes and nested blocks of a file or of a block, in source order.
public struct HCLBody: Sendable {
    public var attributes: [HCLAttribute] = []
    public var blocks: [HCLBlock] = []
    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) {
        self.attributes = attributes
        self.blocks = blocks
    }

    /// The attribute with this name, if the body sets it.
    public func attribute(_ name: String) -> HCLAttribute? { attributes.first { $0.name == name } }

    /// The nested blocks of one type.
    public func blocks(_ type: String) -> [HCLBlock] { blocks.filter { $0.type == type } }
}

/// `name = expression`.
public struct HCLAttribute: Sendable {
    public var name: String
    public var expression: HCLExpr
    public var position: HCLPosition
    public init(name: String, expression: HCLExpr, position: HCLPosition) {
        self.name = name
        self.expression = expression
        self.position = position
    }
}

/// `type "label" ... { body }`.
public struct HCLBlock: Sendable {
    public var type: String
    public var labels: [String]
    public var body: HCLBody
    public var position: HCLPosition
    public init(type: String, labels: [String], body: HCLBody, position: HCLPosition) {
        self.type = type
        self.labels = labels
        self.body = body
        self.position = position
    }
}

/// One piece of a string template: text, an interpolation, or an `%{if}` / `%{for}` directive.
public indirect enum HCLTemplatePart: Sendable {
    case literal(String)
    case interpolation(HCLExpr)
    case ifDirective(condition: HCLExpr, then: [HCLTemplatePart], otherwise: [HCLTemplatePart])
    case forDirective(key: String?, value: String, collection: HCLExpr, body: [HCLTemplatePart])
}

/// The clauses of a `for` expression: `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
public struct HCLForClause: Sendable {
    public var keyName: String?
    public var valueName: String
    public var collection: HCLExpr
    /// The key expression of an object `for`; nil for a tuple `for`.
    public var keyExpr: HCLExpr?
    public var valueExpr: HCLExpr
    public var condition: HCLExpr?
    /// `...` after the value: group values with the same key into lists.
    public var grouping: Bool
}

/// An expression, as written.
public indirect enum HCLExpr: Sendable {
    case literal(HCLValue, HCLPosition)
    case template([HCLTemplatePart], HCLPosition)
    /// A root name: `var`, `aws_vpc`, `count`, a `for` variable.
    case variable(String, HCLPosition)
    case getAttr(HCLExpr, String, HCLPosition)
    case index(HCLExpr, HCLExpr, HCLPosition)
    /// `source[*].rest` or `source.*.rest`: `each` is evaluated for every element, with `.splatItem` bound to it.
    case splat(HCLExpr, each: HCLExpr, HCLPosition)
    /// The element a splat's traversal applies to.
    case splatItem(HCLPosition)
    case tuple([HCLExpr], HCLPosition)
    case object([(key: HCLExpr, value: HCLExpr)], HCLPosition)
    /// `name(args)`; `expandLast` for `f(list...)`.
    case call(String, [HCLExpr], expandLast: Bool, HCLPosition)
    case forExpr(HCLForClause, HCLPosition)
    case conditional(HCLExpr, HCLExpr, HCLExpr, HCLPosition)
    case unary(String, HCLExpr, HCLPosition)
    case binary(String, HCLExpr, HCLExpr, HCLPosition)
    case parens(HCLExpr, HCLPosition)

    /// Where the expression starts.
    public var position: HCLPosition {
        switch self {
        case .literal(_, let p), .template(_, let p), .variable(_, let p), .getAttr(_, _, let p), .index(_, _, let p),
             .splat(_, _, let p), .splatItem(let p), .tuple(_, let p), .object(_, let p), .call(_, _, _, let p),
             .forExpr(_, let p), .conditional(_, _, _, let p), .unary(_, _, let p), .binary(_, _, _, let p),
             .parens(_, let p):
            return p
        }
    }

    /// The reference a traversal names, as Terraform writes it (`aws_vpc.main.id`), or nil for other expressions.
    public var traversalText: String? {
        switch self {
        case .variable(let name, _): return name
        case .getAttr(let base, let name, _): return base.traversalText.map { "\($0).\(name)" }
        case .index(let base, let key, _):
            guard let b = base.traversalText else { return nil }
            if case .literal(let v, _) = key { return "\(b)[\(v.referenceKey)]" }
            return "\(b)[…]"
        case .splat(let base, _, _): return base.traversalText.map { "\($0)[*]" }
        default: return nil
        }
    }
}
