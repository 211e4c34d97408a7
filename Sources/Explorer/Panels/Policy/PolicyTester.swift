import Canvas
import Analysis
import Model

/// The Policy view's request tester: three editable fields (action, resource, principal) and the
/// answer, recomputed on every change so the deciding statement follows the typing.
/// A value type with pure editing functions; the reducer owns one per endpoint shown.
public struct PolicyTester: Hashable, Sendable {
    /// The tester's fields, in Tab order.
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case action, resource, principal

        /// The label drawn before the field.
        public var label: String {
            switch self {
            case .action: return "Action"
            case .resource: return "Resource"
            case .principal: return "Principal"
            }
        }
    }

    public private(set) var action: String
    public private(set) var resource: String
    /// Empty means "any caller".
    public private(set) var principal: String
    public private(set) var focus: Field = .resource
    /// The cursor, in characters from the start of the focused field.
    public private(set) var cursor: Int = 0
    /// The endpoint under test.
    public private(set) var endpointID: String
    /// Context keys the request carries (the endpoint's `aws:SourceVpce`, `aws:SourceVpc`).
    public private(set) var context: [String: [String]]
    /// The endpoint's policy, or why it cannot be read.
    public private(set) var policy: Result<PolicyDocument, PolicyError>
    /// The caller's IAM policy, when one was given: the chain's second step.
    public var iamPolicy: PolicyDocument? {
        didSet { recompute() }
    }
    /// The chain's answer for the current fields; nil when the endpoint policy cannot be read or the
    /// request is incomplete (no action or no resource).
    public private(set) var result: ChainResult?

    /// A tester on an endpoint, with the service's default request filled in.
    public init(endpoint: VPCEndpoint, inventory: Inventory? = nil, iamPolicy: PolicyDocument? = nil) {
        action = ""
        resource = ""
        principal = ""
        endpointID = endpoint.id
        context = [:]
        policy = .success(.defaultFullAccess)
        self.iamPolicy = iamPolicy
        setDefaults(for: endpoint, inventory: inventory)
    }

    /// The endpoint policy's decision on the current request (what the view highlights).
    public var decision: Decision? { result?.endpoint.decision }

    /// The request the fields describe.
    public var request: PolicyRequest {
        PolicyRequest(action: action, resource: resource, principal: principal.isEmpty ? nil : principal, context: context)
    }

    /// The text of a field.
    public func value(of field: Field) -> String {
        switch field {
        case .action: return action
        case .resource: return resource
        case .principal: return principal
        }
    }

    /// Switches to another endpoint (or resets this one): its policy, context and default request.
    public mutating func setDefaults(for endpoint: VPCEndpoint, inventory: Inventory?) {
        endpointID = endpoint.id
        do {
            policy = .success(try PolicyDocument.forEndpoint(endpoint.policyDocument))
        } catch {
            policy = .failure(error)
        }
        let suggested = PolicyRequest.suggested(for: endpoint, document: try? policy.get(),
                                                region: inventory?.region, account: inventory?.account)
        action = suggested.action
        resource = suggested.resource
        principal = suggested.principal ?? ""
        context = suggested.context
        focus = .resource
        cursor = resource.count
        selected = true
        recompute()
    }

    /// The focused field's value is selected (it was pre-filled, or the field was just entered):
    /// typing replaces it, as in a readline field; an edit or a move keeps it.
    public private(set) var selected = true

    /// The focused field as a text field (cursor and selection).
    var field: TextField {
        var f = TextField(value(of: focus), selected: selected)
        f.apply(.home)
        for _ in 0..<min(max(0, cursor), value(of: focus).count) { f.apply(.right) }
        f.selected = selected && !value(of: focus).isEmpty
        return f
    }

    /// Puts an edited field back, and works the answer out again when the value changed.
    mutating func store(_ f: TextField) {
        cursor = f.cursor
        selected = f.selected
        if f.text != value(of: focus) { set(focus, f.text) }
    }

    /// A readline edit of the focused field (Ctrl-U, Ctrl-W, Ctrl-A/E, arrows, Home/End).
    public mutating func apply(_ edit: TextEdit) {
        var f = field
        f.apply(edit)
        store(f)
    }

    /// Types one character at the cursor (replacing a selected value). Control characters are
    /// ignored: they are keys, not text.
    public mutating func insert(_ character: Character) {
        var f = field
        f.insert(character)
        store(f)
    }

    /// Types a string (a paste) at the cursor.
    public mutating func insert(_ text: String) {
        for c in text { insert(c) }
    }

    /// Deletes the character before the cursor (a selected value whole).
    public mutating func backspace() {
        var f = field
        f.backspace()
        store(f)
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        var chars = Array(value(of: focus))
        guard cursor >= 0, cursor < chars.count else { return }
        chars.remove(at: cursor)
        set(focus, String(chars))
    }

    /// Empties the focused field.
    public mutating func clearField() {
        cursor = 0
        selected = false
        set(focus, "")
    }

    /// Moves the cursor left (negative) or right, within the field.
    public mutating func moveCursor(by delta: Int) {
        selected = false
        cursor = min(max(0, cursor + delta), value(of: focus).count)
    }

    public mutating func moveCursorToStart() { cursor = 0 }
    public mutating func moveCursorToEnd() { cursor = value(of: focus).count }

    /// Focuses the next field (Tab), wrapping; the cursor goes to the end of its text.
    public mutating func nextField() { focusField(Field(rawValue: (focus.rawValue + 1) % Field.allCases.count) ?? .action) }

    /// Focuses the previous field (Shift-Tab), wrapping.
    public mutating func previousField() {
        focusField(Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count) ?? .action)
    }

    /// Focuses a field.
    public mutating func focusField(_ field: Field) {
        focus = field
        cursor = value(of: field).count
        selected = true
    }

    /// Replaces a field's text (the cursor goes to its end when it is focused).
    public mutating func setField(_ field: Field, to text: String) {
        set(field, text)
        if field == focus { cursor = text.count }
    }

    private mutating func set(_ field: Field, _ text: String) {
        switch field {
        case .action: action = text
        case .resource: resource = text
        case .principal: principal = text
        }
        recompute()
    }

    /// Whether the fields describe a request (an action and a resource); until then there is no answer.
    public var isComplete: Bool { !action.isEmpty && !resource.isEmpty }

    private mutating func recompute() {
        guard case .success(let document) = policy, isComplete else {
            result = nil
            return
        }
        result = PolicyChain.evaluate(endpointPolicy: document, iamPolicy: iamPolicy, request: request)
    }
}
