import Analysis
import Canvas
import Model

/// Draws the Policy view of one endpoint: the request tester and its answer, the article's chain
/// (Request → Endpoint Policy → IAM Policy → Success / Access Denied), the endpoint's policy findings,
/// and the policy pretty-printed with the deciding statement highlighted and the closest ones marked.
///
/// From 120 columns the controls sit left of the policy text; below, they are stacked above it.
/// `scroll` is the first policy line shown; nil follows the answer (the deciding or closest statement).
/// Never draws outside `rect`; meaning is carried by words and markers as well as roles.
public func drawPolicyView(endpoint: VPCEndpoint, inventory: Inventory?, tester: PolicyTester,
                           into grid: inout Grid, rect: Rect, context: DrawContext, scroll: Int? = nil) {
    grid.fill(rect, " ")
    guard rect.width >= 12, rect.height >= 3 else {
        grid.put("Policy", x: rect.x, y: rect.y, style: Style(.title, bold: true), clip: rect)
        return
    }
    var view = PolicyViewDrawer(endpoint: endpoint, inventory: inventory, tester: tester, context: context, clip: rect)
    view.draw(into: &grid, rect: rect, scroll: scroll)
}

/// The first policy line to show so the statement that matters (deciding, else closest) is in view.
public func policyViewAnchorLine(tester: PolicyTester) -> Int? {
    guard case .success(let document) = tester.policy, let index = PolicyViewDrawer.focusStatement(tester) else { return nil }
    return PolicyText.lines(document.json).firstIndex { $0.statement == index }
}

struct PolicyViewDrawer {
    let endpoint: VPCEndpoint
    let inventory: Inventory?
    let tester: PolicyTester
    let context: DrawContext
    let clip: Rect
    var g: BoxGlyphs { context.glyphs }

    init(endpoint: VPCEndpoint, inventory: Inventory?, tester: PolicyTester, context: DrawContext, clip: Rect) {
        self.endpoint = endpoint
        self.inventory = inventory
        self.tester = tester
        self.context = context
        self.clip = clip
    }

    /// The statement the view centres on: the deciding one, else the closest.
    static func focusStatement(_ tester: PolicyTester) -> Int? {
        guard let decision = tester.decision else { return nil }
        switch decision {
        case .allow(let e), .explicitDeny(let e): return e.statement.index
        case .implicitDeny(let closest): return closest.first?.statement.index
        }
    }

    var answerRole: Role {
        guard let result = tester.result else { return .severityError }
        return result.allowed ? .ok : .severityError
    }

    mutating func draw(into grid: inout Grid, rect: Rect, scroll: Int?) {
        drawTitle(into: &grid, rect: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        let body = rect.inset(top: 1)
        let findings = inventory.map { PolicyFindings.findings(for: endpoint, in: $0) } ?? []
        if body.width >= 120 {
            let leftWidth = min(84, max(76, body.width * 2 / 5))
            let (left, right) = body.splitLeft(leftWidth)
            var y = left.y
            y = drawTester(into: &grid, x: left.x, y: y, width: left.width - 1, bottom: left.maxY)
            y = drawAnswer(into: &grid, x: left.x, y: y + 1, width: left.width - 1, bottom: left.maxY, wrap: true)
            y = drawBoxedChain(into: &grid, x: left.x, y: y + 1, width: left.width - 1, bottom: left.maxY)
            drawFindings(findings, into: &grid, x: left.x, y: y + 1, width: left.width - 1, bottom: left.maxY, wrap: true)
            drawPolicyBox(into: &grid, rect: right.inset(left: 1), scroll: scroll)
        } else {
            var y = body.y
            y = drawTester(into: &grid, x: body.x, y: y, width: body.width, bottom: body.maxY)
            y = drawAnswer(into: &grid, x: body.x, y: y, width: body.width, bottom: body.maxY, wrap: false)
            if body.height >= 40 {
                y = drawBoxedChain(into: &grid, x: body.x, y: y + 1, width: body.width, bottom: body.maxY)
            } else {
                y = drawCompactChain(into: &grid, x: body.x, y: y, width: body.width, bottom: body.maxY)
            }
            // Findings get the rows the policy can spare (it keeps at least 6).
            let spare = max(0, body.maxY - y - 6)
            let shown = min(findings.count, spare, body.height >= 40 ? 6 : 2)
            y = drawFindings(Array(findings.prefix(shown)), into: &grid, x: body.x, y: y, width: body.width,
                             bottom: body.maxY, wrap: false, more: findings.count - shown)
            drawPolicyBox(into: &grid, rect: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), scroll: scroll)
        }
    }

    // MARK: Title

    func drawTitle(into grid: inout Grid, rect: Rect) {
        let name = endpoint.name.map { "\($0) (\(endpoint.id))" } ?? endpoint.id
        var x = grid.put("Policy ", x: rect.x, y: rect.y, style: Style(.title, bold: true), clip: rect)
        x = grid.put(name, x: x, y: rect.y, style: Style(.id), clip: rect)
        x = grid.put("  \(endpoint.service) \(endpoint.kind.rawValue)", x: x, y: rect.y, style: Style(.label), clip: rect)
        let right: String
        switch tester.policy {
        case .success(let doc):
            right = doc.isDefault ? "default policy" : "\(doc.statements.count) statement\(doc.statements.count == 1 ? "" : "s"), \(doc.version.rawValue)"
        case .failure: right = "POLICY UNREADABLE"
        }
        let w = TextWidth.of(right)
        if x + 2 + w <= rect.maxX {
            grid.put(right, x: rect.maxX - w, y: rect.y, style: Style(tester.result == nil ? .severityError : .dim), clip: rect)
        }
    }

    // MARK: Tester

    /// The three fields; returns the row after them.
    func drawTester(into grid: inout Grid, x: Int, y: Int, width: Int, bottom: Int) -> Int {
        var row = y
        let labelWidth = 10
        for field in PolicyTester.Field.allCases where row < bottom {
            let focused = field == tester.focus
            let marker = focused ? (g.isASCII ? ">" : "▶") : " "
            grid.put(marker, x: x, y: row, style: Style(focused ? .selection : .normal, bold: true), clip: clip)
            grid.put(field.label, x: x + 2, y: row, style: Style(.label, bold: focused), clip: clip)
            let fieldX = x + 2 + labelWidth
            let inner = max(1, width - (fieldX - x) - 2)
            let text = tester.value(of: field)
            let chars = Array(text)
            // Keep the cursor in view: scroll the text left when it runs past the field's end.
            let cursor = focused ? min(tester.cursor, chars.count) : 0
            let start = focused ? max(0, cursor - inner + 1) : 0
            var shown = String(chars[min(start, chars.count)...].prefix(inner))
            var placeholder = false
            if text.isEmpty && !focused && field == .principal {
                shown = "(any caller)"
                placeholder = true
            }
            if !focused && chars.count > inner {
                shown = TextWidth.truncate(text, to: inner, ascii: g.isASCII)
            }
            grid.put("[", x: fieldX, y: row, style: Style(.dim), clip: clip)
            // A selected (pre-filled) value shows reversed: typing replaces it.
            let selectedValue = focused && tester.selected && !text.isEmpty
            grid.put(TextWidth.pad(shown, to: inner), x: fieldX + 1, y: row,
                     style: Style(placeholder ? .dim : .input, underline: focused, reverse: selectedValue), clip: clip)
            grid.put("]", x: fieldX + 1 + inner, y: row, style: Style(.dim), clip: clip)
            if focused {
                let cx = fieldX + 1 + (cursor - start)
                grid.restyle(Rect(x: cx, y: row, width: 1, height: 1).intersection(clip)) { $0.reverse = true }
            }
            row += 1
        }
        return row
    }

    // MARK: Answer

    /// The answer in words, and why; returns the row after it.
    func drawAnswer(into grid: inout Grid, x: Int, y: Int, width: Int, bottom: Int, wrap: Bool) -> Int {
        guard y < bottom else { return y }
        let area = Rect(x: x, y: y, width: width, height: bottom - y).intersection(clip)
        guard let result = tester.result else {
            guard case .failure(let error) = tester.policy else {
                grid.put("? Type an action and a resource to test a request", x: x, y: y, style: Style(.dim, bold: true), clip: area)
                return y + 1
            }
            var message = "No answer: the policy cannot be read"
            if let p = error.position { message += " (line \(p.line), column \(p.column))" }
            grid.put((g.isASCII ? "x " : "✗ ") + message, x: x, y: y, style: Style(.severityError, bold: true), clip: area)
            return y + 1
        }
        let deciding = result.deciding
        let mark = result.allowed ? String(g.check) : String(g.crossMark)
        var headline = "\(mark) \(deciding.summary)"
        if result.deniedAt == .iamPolicy { headline += " by the IAM policy" }
        // The answer may take two rows even in a small panel: it is what the user came for.
        var rows = wrapText(headline, width: width - 2)
        if !wrap && rows.count > 2 {
            rows = [rows[0], TextWidth.truncate(rows[1...].joined(separator: " "), to: width - 2, ascii: g.isASCII)]
        }
        var row = y
        for (i, line) in rows.enumerated() where row < bottom {
            grid.put(line, x: i == 0 ? x : x + 2, y: row, style: Style(answerRole, bold: true), clip: area)
            row += 1
        }
        // Why: the deciding statement's key part, or for an implicit deny what the closest one missed.
        let why: String
        switch deciding.decision {
        case .allow(let e):
            why = e.parts.first { $0.part == .resource }?.reason ?? ""
        case .explicitDeny(let e):
            why = "an explicit Deny wins over any Allow (\(e.statement.label))"
        case .implicitDeny(let closest):
            if let c = closest.first, let f = c.failures.first {
                why = "closest: \(c.statement.label): \(f.reason)"
            } else {
                why = "the policy has no Allow statement"
            }
        }
        guard !why.isEmpty else { return row }
        rows = wrap ? wrapText(why, width: width - 2) : [TextWidth.truncate(why, to: width - 2, ascii: g.isASCII)]
        for line in rows.prefix(wrap ? 4 : 1) where row < bottom {
            grid.put("  " + line, x: x, y: row, style: Style(.dim), clip: area)
            row += 1
        }
        return row
    }

    // MARK: Chain

    /// The outcome taken, marked by more than colour: `▶ Success`, or `[Success]` in ASCII.
    func outcome(_ word: String, taken: Bool) -> String {
        guard taken else { return word }
        return g.isASCII ? "[\(word)]" : "▶ \(word)"
    }

    struct ChainLabels {
        var endpoint: String
        var iam: String
        var endpointRole: Role
        var iamRole: Role
        var success: Bool
        var deniedAtIAM: Bool
        /// False when there is no answer (unreadable policy, incomplete request): no outcome is marked.
        var decided = true
    }

    func chainLabels(short: Bool) -> ChainLabels {
        let e = short ? "Endpoint" : "Endpoint policy"
        let i = short ? "IAM" : "IAM policy"
        guard let result = tester.result else {
            let unreadable: Bool
            if case .failure = tester.policy { unreadable = true } else { unreadable = false }
            return ChainLabels(endpoint: "\(e): \(unreadable ? "unreadable" : "?")", iam: "\(i): \(unreadable ? "not reached" : "?")",
                               endpointRole: unreadable ? .severityError : .dim,
                               iamRole: .dim, success: false, deniedAtIAM: false, decided: false)
        }
        let endpointAllows = result.endpoint.decision.isAllowed
        let iamText: String
        let iamRole: Role
        if let iam = result.iam {
            iamText = "\(i): \(iam.decision.isAllowed ? "ALLOW" : "DENY")"
            iamRole = iam.decision.isAllowed ? .ok : .severityError
        } else {
            iamText = "\(i): not checked"
            iamRole = .dim
        }
        return ChainLabels(endpoint: "\(e): \(endpointAllows ? "ALLOW" : "DENY")", iam: iamText,
                           endpointRole: endpointAllows ? .ok : .severityError, iamRole: iamRole,
                           success: result.allowed, deniedAtIAM: result.deniedAt == .iamPolicy)
    }

    /// Two rows: `Request ─► Endpoint policy: ALLOW ─► IAM policy: not checked ─► Success`, and the deny
    /// branch under them ending in Access Denied. The outcome taken is marked and the other dimmed.
    func drawCompactChain(into grid: inout Grid, x: Int, y: Int, width: Int, bottom: Int) -> Int {
        guard y + 1 < bottom else { return y }
        let arrow = " " + String(g.horizontal) + String(g.arrowRight) + " "
        var labels = chainLabels(short: false)
        let long = TextWidth.of("Request" + arrow + labels.endpoint + arrow + labels.iam + arrow + "> Success")
        if long > width { labels = chainLabels(short: true) }
        let area = Rect(x: x, y: y, width: width, height: 2).intersection(clip)
        var cx = grid.put("Request", x: x, y: y, style: Style(.label), clip: area)
        cx = grid.put(arrow, x: cx, y: y, style: Style(.border), clip: area)
        let endpointX = cx
        cx = grid.put(labels.endpoint, x: cx, y: y, style: Style(labels.endpointRole, bold: true), clip: area)
        let endpointAllows = labels.endpointRole == .ok
        cx = grid.put(arrow, x: cx, y: y, style: Style(endpointAllows ? .border : .dim), clip: area)
        let iamX = cx
        cx = grid.put(labels.iam, x: cx, y: y, style: Style(labels.iamRole, bold: labels.iamRole != .dim), clip: area)
        cx = grid.put(arrow, x: cx, y: y, style: Style(labels.success ? .border : .dim), clip: area)
        grid.put(outcome("Success", taken: labels.success), x: cx, y: y,
                 style: Style(labels.success ? .ok : .dim, bold: labels.success), clip: area)
        // The deny branch: └─ Deny ──────┴─ Deny ─► Access Denied
        let row = y + 1
        let bx = endpointX + 2, ix = iamX + 2
        grid.put(String(g.bottomLeft), x: bx, y: row, style: Style(.border), clip: area)
        grid.put(String(repeating: g.horizontal, count: max(0, ix - bx - 1)), x: bx + 1, y: row, style: Style(.border), clip: area)
        grid.put(" Deny ", x: bx + 2, y: row, style: Style(.dim), clip: area)
        grid.put(String(g.teeUp), x: ix, y: row, style: Style(.border), clip: area)
        let dx = grid.put(String(g.horizontal) + " Deny " + String(g.horizontal) + String(g.arrowRight) + " ",
                          x: ix + 1, y: row, style: Style(.border), clip: area)
        let denied = labels.decided && !labels.success
        grid.put(outcome("Access Denied", taken: denied), x: dx, y: row,
                 style: Style(denied ? .severityError : .dim, bold: denied), clip: area)
        return y + 2
    }

    /// The chain as boxes, for large panels (6 rows).
    func drawBoxedChain(into grid: inout Grid, x: Int, y: Int, width: Int, bottom: Int) -> Int {
        guard y + 6 <= bottom, width >= 74 else { return drawCompactChain(into: &grid, x: x, y: y, width: width, bottom: bottom) }
        let labels = chainLabels(short: false)
        let area = Rect(x: x, y: y, width: width, height: 6).intersection(clip)
        let verdict: (String) -> String = { text in
            let parts = text.split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? parts[1].trimmingSpaces : text
        }
        let eVerdict = verdict(labels.endpoint), iVerdict = verdict(labels.iam)
        let request = Rect(x: x, y: y, width: 11, height: 3)
        let endpointBox = Rect(x: x + 15, y: y, width: 19, height: 4)
        let iamBox = Rect(x: x + 38, y: y, width: 19, height: 4)
        let success = Rect(x: x + 61, y: y, width: 13, height: 3)
        func box(_ r: Rect, _ title: String, _ line2: String?, _ role: Role, _ bold: Bool) {
            var boxRect = r.intersection(area)
            if boxRect.width < r.width { boxRect = Rect(x: r.x, y: r.y, width: 0, height: 0) }
            grid.box(boxRect, glyphs: g, style: Style(role == .dim ? .dim : .border))
            grid.put(title, x: r.x + 2, y: r.y + 1, style: Style(role == .dim ? .dim : .label, bold: bold), clip: area)
            if let line2 { grid.put(line2, x: r.x + 2, y: r.y + 2, style: Style(role, bold: role != .dim), clip: area) }
        }
        let mark: (Role) -> String = { role in
            role == .ok ? String(self.g.check) + " " : role == .severityError ? String(self.g.crossMark) + " " : "· "
        }
        box(request, "Request", nil, .label, false)
        box(endpointBox, "Endpoint policy", mark(labels.endpointRole) + eVerdict, labels.endpointRole, false)
        box(iamBox, "IAM policy", (g.isASCII && labels.iamRole == .dim ? "- " : mark(labels.iamRole)) + iVerdict, labels.iamRole, false)
        box(success, outcome("Success", taken: labels.success), nil, labels.success ? .ok : .dim, labels.success)
        if labels.success { grid.restyle(Rect(x: success.x + 2, y: success.y + 1, width: 9, height: 1).intersection(area)) { $0.role = .ok } }
        let arrow = String(repeating: g.horizontal, count: 3) + String(g.arrowRight)
        grid.put(arrow, x: request.maxX, y: y + 1, style: Style(.border), clip: area)
        grid.put(arrow, x: endpointBox.maxX, y: y + 1, style: Style(labels.endpointRole == .ok ? .border : .dim), clip: area)
        grid.put(arrow, x: iamBox.maxX, y: y + 1, style: Style(labels.success ? .border : .dim), clip: area)
        // Deny branches from under both policy boxes to Access Denied.
        let ex = endpointBox.x + endpointBox.width / 2, ix = iamBox.x + iamBox.width / 2
        grid.put(String(g.teeDown), x: ex, y: endpointBox.maxY - 1, style: Style(.border), clip: area)
        grid.put(String(g.teeDown), x: ix, y: iamBox.maxY - 1, style: Style(.border), clip: area)
        grid.put(String(g.vertical) + " Deny", x: ex, y: y + 4, style: Style(.dim), clip: area)
        grid.put(String(g.vertical) + " Deny", x: ix, y: y + 4, style: Style(.dim), clip: area)
        grid.put(String(g.vertical), x: ex, y: y + 4, style: Style(.border), clip: area)
        grid.put(String(g.vertical), x: ix, y: y + 4, style: Style(.border), clip: area)
        let row = y + 5
        grid.put(String(g.bottomLeft), x: ex, y: row, style: Style(.border), clip: area)
        grid.put(String(repeating: g.horizontal, count: max(0, ix - ex - 1)), x: ex + 1, y: row, style: Style(.border), clip: area)
        grid.put(String(g.teeUp), x: ix, y: row, style: Style(.border), clip: area)
        let cx = grid.put(String(repeating: g.horizontal, count: 4) + String(g.arrowRight) + " ", x: ix + 1, y: row,
                          style: Style(.border), clip: area)
        let denied = labels.decided && !labels.success
        grid.put(outcome("Access Denied", taken: denied), x: cx, y: row,
                 style: Style(denied ? .severityError : .dim, bold: denied), clip: area)
        return y + 6
    }

    // MARK: Findings

    @discardableResult
    func drawFindings(_ findings: [Finding], into grid: inout Grid, x: Int, y: Int, width: Int, bottom: Int,
                      wrap: Bool, more: Int = 0) -> Int {
        var row = y
        let area = Rect(x: x, y: y, width: width, height: max(0, bottom - y)).intersection(clip)
        for f in findings where row < bottom {
            let role: Role = f.severity == .error ? .severityError : f.severity == .warning ? .severityWarning : .severityInfo
            let tag = f.severity.rawValue.uppercased()
            let cx = grid.put(tag, x: x, y: row, style: Style(role, bold: true), clip: area)
            let rest = " \(f.rule): \(f.message)"
            let lines = wrap ? wrapText(rest, width: width - (cx - x)) : [TextWidth.truncate(rest, to: width - (cx - x), ascii: g.isASCII)]
            for (i, line) in lines.enumerated() where row < bottom {
                grid.put(line, x: i == 0 ? cx : x + 2, y: row, style: Style(.normal), clip: area)
                row += 1
            }
        }
        if more > 0 && row < bottom {
            grid.put("(+\(more) more finding\(more == 1 ? "" : "s"): see Findings)", x: x, y: row, style: Style(.dim), clip: area)
            row += 1
        }
        return row
    }

    // MARK: Policy text

    func drawPolicyBox(into grid: inout Grid, rect: Rect, scroll: Int?) {
        let r = rect.intersection(clip)
        guard r.height >= 3, r.width >= 8 else { return }
        let title: String
        switch tester.policy {
        case .success(let doc): title = doc.isDefault ? "Policy (default policy: none attached)" : "Policy document"
        case .failure: title = "Policy document (cannot be read)"
        }
        grid.box(r, glyphs: g, style: Style(context.focused ? .borderFocused : .border), title: title)
        let inner = r.inset(1)
        switch tester.policy {
        case .failure(let error): drawMalformed(error, into: &grid, rect: inner, scroll: scroll)
        case .success(let doc): drawDocument(doc, into: &grid, frame: r, rect: inner, scroll: scroll)
        }
    }

    func drawDocument(_ doc: PolicyDocument, into grid: inout Grid, frame: Rect, rect: Rect, scroll: Int?) {
        let lines = PolicyText.lines(doc.json)
        let maxScroll = max(0, lines.count - rect.height)
        let top: Int
        if let scroll {
            top = min(max(0, scroll), maxScroll)
        } else if let anchor = policyViewAnchorLine(tester: tester) {
            top = min(max(0, anchor - 1), maxScroll)
        } else {
            top = 0
        }
        let decidingIndex = tester.decision?.decidingStatement?.statement.index
        var closest: [Int: StatementEvaluation] = [:]
        if case .implicitDeny(let c)? = tester.decision, let best = c.first {
            // Mark every statement that came as close as the best one.
            for e in c where e.matchedCount == best.matchedCount { closest[e.statement.index] = e }
        }
        let decidingRole: Role = tester.decision?.isAllowed == true ? .ok : .severityError
        let gutter = 3 // a space from the border, the marker, a space
        for (i, line) in lines[top...].prefix(rect.height).enumerated() {
            let y = rect.y + i
            var marker = " "
            var markerRole: Role = .normal
            var annotation: String?
            var textRole: Role?
            if let s = line.statement, s == decidingIndex {
                let first = lines.firstIndex { $0.statement == s } == top + i
                marker = first ? (g.isASCII ? ">" : "▶") : (g.isASCII ? "|" : "┃")
                markerRole = decidingRole
                textRole = decidingRole
                if first { annotation = (tester.decision?.isAllowed == true ? "ALLOWS" : "DENIES") + " this request" }
            } else if let s = line.statement, let e = closest[s] {
                let first = lines.firstIndex { $0.statement == s } == top + i
                let failedHere = e.failures.contains { part(of: line.element) == $0.part }
                marker = failedHere ? String(g.crossMark) : first ? "?" : (g.isASCII ? ":" : "┊")
                markerRole = failedHere ? .severityError : .severityWarning
                if first { annotation = "closest: \(e.matchedCount) of 4 match" }
                if failedHere, line.element != nil, line.text.contains("\":") {
                    annotation = "no match: \(e.failures.first { $0.part == part(of: line.element) }?.part.rawValue ?? "")"
                }
            }
            grid.put(marker, x: rect.x + 1, y: y, style: Style(markerRole, bold: true), clip: rect)
            var cx = rect.x + gutter
            let textArea = Rect(x: rect.x + gutter, y: y, width: rect.width - gutter, height: 1)
            for seg in line.segments {
                cx = grid.put(seg.text, x: cx, y: y, style: Style(textRole ?? seg.role, bold: textRole != nil), clip: textArea)
            }
            if cx > textArea.maxX {
                grid.put(g.ellipsis, x: textArea.maxX - TextWidth.of(g.ellipsis), y: y, style: Style(.dim), clip: textArea)
            } else if let annotation {
                let text = " " + String(g.arrowLeft) + " " + annotation
                if cx + 1 + TextWidth.of(text) <= textArea.maxX {
                    grid.put(text, x: textArea.maxX - TextWidth.of(text), y: y, style: Style(markerRole, bold: true), clip: textArea)
                }
            }
        }
        // Where the window is in a long policy, on the bottom border.
        if lines.count > rect.height {
            let upDown = (top > 0 ? String(g.arrowUp) : " ") + (top < maxScroll ? String(g.arrowDown) : " ")
            let info = " \(upDown) lines \(top + 1)-\(min(lines.count, top + rect.height)) of \(lines.count) "
            let w = TextWidth.of(info)
            if w + 4 <= frame.width {
                grid.put(info, x: frame.maxX - 2 - w, y: frame.maxY - 1, style: Style(.dim), clip: frame)
            }
        }
    }

    func part(of element: String?) -> StatementPart? {
        switch element {
        case "Principal", "NotPrincipal": return .principal
        case "Action", "NotAction": return .action
        case "Resource", "NotResource": return .resource
        case "Condition": return .condition
        default: return nil
        }
    }

    /// The error, then the raw text with line numbers and the error's line marked.
    func drawMalformed(_ error: PolicyError, into grid: inout Grid, rect: Rect, scroll: Int?) {
        var y = rect.y
        let mark = g.isASCII ? "x " : "✗ "
        for line in wrapText(mark + error.description, width: rect.width - 1) where y < rect.maxY {
            grid.put(line, x: rect.x + 1, y: y, style: Style(.severityError, bold: true), clip: rect)
            y += 1
        }
        guard y + 1 < rect.maxY else { return }
        y += 1
        let raw = (endpoint.policyDocument ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let errorLine = error.position?.line ?? 0
        let height = rect.maxY - y
        let anchor = max(0, errorLine - 1 - height / 2)
        let top = min(max(0, scroll ?? anchor), max(0, raw.count - height))
        let numberWidth = String(raw.count).count
        for (i, text) in raw[min(top, raw.count)...].prefix(height).enumerated() {
            let n = top + i + 1
            let isError = n == errorLine
            let prefix = " " + (isError ? (g.isASCII ? ">" : "▶") : " ") + TextWidth.pad(String(n), to: numberWidth, alignRight: true) + " "
            let row = y + i
            let cx = grid.put(prefix, x: rect.x, y: row, style: Style(isError ? .severityError : .dim, bold: isError), clip: rect)
            // A long one-line policy: show the part around the error column.
            var shown = text
            var shift = 0
            let room = rect.maxX - cx
            if isError, let col = error.position?.column, col > room - 4 {
                shift = col - room / 2
                shown = g.ellipsis + String(text.dropFirst(shift + 1))
            }
            grid.put(shown, x: cx, y: row, style: Style(isError ? .severityError : .normal), clip: rect)
            if isError, let col = error.position?.column {
                let caretX = cx + col - 1 - shift
                if caretX < rect.maxX {
                    grid.restyle(Rect(x: caretX, y: row, width: 1, height: 1).intersection(rect)) { $0.reverse = true }
                }
            }
        }
    }

    /// Canvas's wrap, without the empty line it gives for an empty text or a trailing break (the
    /// policy view counts rows).
    func wrapText(_ text: String, width: Int) -> [String] {
        var lines = TextWidth.wrap(text, width: width)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
