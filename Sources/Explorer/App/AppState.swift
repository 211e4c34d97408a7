import Analysis
import Canvas
import Model

/// Everything the explorer shows, as a value, in three parts: the session's inputs (`session`), what
/// follows from them (`analysis`, rebuilt only where an input changed), and the state of the UI and
/// of each panel. `reduce` makes the next state from an action; `Screen.render` draws a state at any
/// size without a terminal, from the analysis and the selection's memo, analysing nothing itself.
public struct AppState: Sendable {
    /// The inputs: base network, what-ifs, traffic, prices.
    public private(set) var session: Session
    /// What follows from the inputs; read-only to views.
    public private(set) var analysis: SessionAnalysis
    /// Path analysis over `inventory`, counted (the memo is its only caller in the explorer).
    public private(set) var resolver: CountedResolver
    /// What the views show about the selection, worked out once per selection (see `refreshMemo`).
    public internal(set) var memo = SelectionMemo()
    /// What the header says about the network, made when the analysis changes (see `install`).
    var headerFacts = HeaderFacts()

    /// The navigator: tree expansion, filter, visible rows and cursor.
    public internal(set) var navigator = NavigatorState()
    /// The panel whose list the open `/` prompt filters (Findings, ENIs or Cost, the one focused
    /// when `/` was pressed); nil filters the navigator.
    public var filterTarget: Panel?
    /// The open `/` prompt filters the Findings list (it was focused), not the navigator.
    public var filteringFindings: Bool { filterTarget == .findings }
    /// The field of the `/`, `:` and `W` prompts (cursor, selection, readline edits).
    public var promptField = TextField()
    /// The text being typed at the `/` or `:` prompt.
    public var prompt: String {
        get { promptField.text }
        set { promptField = TextField(newValue) }
    }
    /// The prompt's pre-filled value is selected: typing replaces it, as in a readline field.
    public var promptSelected: Bool {
        get { promptField.selected }
        set { promptField.selected = newValue && !promptField.text.isEmpty }
    }
    /// The what-if changes as last written (`q` asks only when there are changes since).
    public var writtenWhatIf: WhatIf?
    /// The file `W` last chose (resolved), offered again and asked about when it exists.
    public var pendingWritePath = ""
    /// The home directory and working directory the explorer was started in, so `W` shows and
    /// writes the full path it means (nil: not known, the name is used as typed).
    public var homeDirectory: String?
    public var workingDirectory: String?
    /// Whether `y` may copy through the terminal (OSC 52); `--no-osc52` or `osc52: false` turns it off.
    public var clipboardEnabled = true
    public var mode: InputMode = .normal
    public var focus: Pane = .navigator
    public var panel: Panel = .detail
    public var zoomed = false
    public var panelScroll: [Panel: Int] = [:]
    public var helpScroll = 0
    public var width: Int
    public var height: Int
    public var glyphs: BoxGlyphs
    public var mouseEnabled: Bool
    public var keyMap: KeyMap = .standard
    /// A one-line message for the footer ("no match for …"), cleared by the next key.
    public var message: String?
    /// Shown while a large inventory loads.
    public var loading: String?
    /// A load runs and nothing of its network is on screen yet (no first look): the loading box
    /// covers the screen and only quitting and resizing count.
    public var isLoadingBlind: Bool { loading != nil && inventory.sources.isEmpty }
    /// The panels' own state.
    public var paths = PathsState()
    public var cost = CostState()
    public var enis = ENIsState()
    public var findingsPanel = FindingsState()
    public var policy = PolicyState()
    /// `vpcx tour`: the tour in progress (nil: plain exploring).
    public var tour: TourState?

    public init(inventory: Inventory, width: Int = 80, height: Int = 24, glyphs: BoxGlyphs = .unicode, mouse: Bool = true) {
        self.init(session: Session(baseInventory: inventory), width: width, height: height, glyphs: glyphs, mouse: mouse)
    }

    /// A state for a session whose analysis may already be made (on a load's thread, say).
    public init(session: Session, analysis: SessionAnalysis? = nil, width: Int = 80, height: Int = 24,
                glyphs: BoxGlyphs = .unicode, mouse: Bool = true) {
        self.session = session
        let analysis = analysis ?? SessionAnalysis(session)
        self.analysis = analysis
        resolver = CountedResolver(analysis.resolver)
        self.width = width
        self.height = height
        self.glyphs = glyphs
        mouseEnabled = mouse
        navigator.expanded = AppState.initialExpansion(tree)
        refreshRows(keeping: nil)
        // Start on the first VPC: the node a reader wants to look at first.
        if let first = rows.firstIndex(where: { if case .vpc = tree.nodes[$0].id { return true }; return false }) {
            cursor = first
        }
        afterAnalysisChange()
        refreshMemo()
    }

    // MARK: The session and its analysis, as the views and tests read them

    /// The network as loaded.
    public var baseInventory: Inventory { session.baseInventory }
    /// The network the views show (the base, with what-if changes applied).
    public var inventory: Inventory { analysis.inventory }
    public var tree: NavigatorTree { analysis.tree }
    /// Hypothetical changes in play; `inventory` is the base with these applied.
    public var whatIf: WhatIf { session.whatIf }
    /// Monthly GB per service, from `--gb` and the Cost panel's `+`/`-`.
    public var traffic: Traffic { session.traffic }
    public var pricing: PricingBook { session.pricing }
    /// Every finding of `inventory`, sorted (header count, Findings panel, detail pane).
    public var findings: [Finding] { analysis.findings }
    /// How many findings of each severity: the header and the Findings panel's title.
    public var findingCounts: [Severity: Int] { analysis.findingCounts }
    /// Costs of `inventory` and of the base network (the what-if delta is their difference).
    public var costReport: CostReport { analysis.costReport }
    public var baseCostReport: CostReport { analysis.baseCostReport }
    /// `--compare`: OLD against the loaded network, made once on load (nil without a comparison).
    public var diff: NetworkDiff? { analysis.diff }
    /// The panels of the tab bar and `[`/`]`: Changes only when comparing.
    public var shownPanels: [Panel] { Panel.allCases.filter { $0 != .changes || diff != nil } }

    // MARK: Panel state, under the names the reducer and tests have always used

    public var expanded: Set<NodeID> {
        get { navigator.expanded }
        set { navigator.expanded = newValue }
    }
    /// The applied navigator filter ("" for none).
    public var filter: String {
        get { navigator.filter }
        set { navigator.filter = newValue }
    }
    /// Visible navigator rows (indexes into `tree.nodes`).
    public var rows: [Int] { navigator.rows }
    /// The selected row (index into `rows`).
    public var cursor: Int {
        get { navigator.cursor }
        set { navigator.cursor = newValue }
    }
    /// The first visible row of the navigator.
    public var navigatorTop: Int {
        get { navigator.top }
        set { navigator.top = newValue }
    }
    /// Paths: the index of the chosen service in `services`.
    public var serviceIndex: Int {
        get { paths.serviceIndex }
        set { paths.serviceIndex = newValue }
    }
    public var animating: Bool {
        get { paths.animating }
        set { paths.animating = newValue }
    }
    public var frame: Int {
        get { paths.frame }
        set { paths.frame = newValue }
    }
    /// Cost panel: show the one-AZ alternative (the article's dev/prod strategy).
    public var singleAZ: Bool {
        get { cost.singleAZ }
        set { cost.singleAZ = newValue }
    }
    /// The selected row of the Findings panel.
    public var findingIndex: Int {
        get { findingsPanel.index }
        set { findingsPanel.index = newValue }
    }
    /// The Policy panel's request tester, for the endpoint it was made for.
    public var policyTester: PolicyTester? {
        get { policy.tester }
        set { policy.tester = newValue }
    }

    /// Regions are open, so the first screen lists every VPC; a lone VPC opens too, with its
    /// subnets and endpoints.
    static func initialExpansion(_ tree: NavigatorTree) -> Set<NodeID> {
        var open = Set<NodeID>()
        var vpcs: [NodeID] = []
        for node in tree.nodes {
            switch node.id {
            case .region: open.insert(node.id)
            case .vpc: vpcs.append(node.id)
            default: break
            }
        }
        if vpcs.count == 1, case .vpc(let id) = vpcs[0] {
            open.insert(vpcs[0])
            open.insert(.subnets(vpc: id))
            open.insert(.endpoints(vpc: id, kind: .other))
            for node in tree.nodes {
                if case .zone(let v, _) = node.id, v == id { open.insert(node.id) }
                if case .endpoints(let v, let kind) = node.id, v == id, kind != .other { open.insert(node.id) }
            }
        }
        return open
    }

    // MARK: Derived

    /// The node under the cursor.
    public var selectedNode: NavigatorNode? {
        guard cursor >= 0, cursor < rows.count else { return nil }
        return tree.nodes[rows[cursor]]
    }

    public var selectedID: NodeID? { selectedNode?.id }

    /// The subnet the Paths, DNS and ENI views are about: the selected subnet, or for an endpoint
    /// the first private subnet it serves (for a gateway endpoint, one using its route tables).
    public var focusSubnet: Subnet? {
        guard let id = selectedID else { return nil }
        switch id {
        case .subnet(let s): return inventory.subnet(s)
        case .endpoint(let e):
            guard let endpoint = inventory.endpoint(e) else { return nil }
            if let s = endpoint.subnetIDs.lazy.compactMap({ self.inventory.subnet($0) }).first { return s }
            let tables = Set(endpoint.routeTableIDs)
            return inventory.privateSubnets(in: endpoint.vpcID).first { tables.contains(inventory.routeTable(forSubnet: $0.id)?.id ?? "") }
                ?? inventory.privateSubnets(in: endpoint.vpcID).first
        case .vpc(let v), .subnets(let v), .zone(let v, _), .routeTables(let v), .endpoints(let v, _), .natGateways(let v),
             .internetGateways(let v), .securityGroups(let v):
            return inventory.privateSubnets(in: v).first ?? inventory.subnets(in: v).first
        case .routeTable(let t):
            guard let table = inventory.routeTable(t) else { return nil }
            return table.subnetIDs.lazy.compactMap { self.inventory.subnet($0) }.first
        default:
            return nil
        }
    }

    /// The endpoint the Policy and Cost views are about.
    public var focusEndpoint: VPCEndpoint? {
        if case .endpoint(let e)? = selectedID { return inventory.endpoint(e) }
        return nil
    }

    /// The VPC of the selection.
    public var focusVPC: VPC? {
        guard let node = selectedNode else { return nil }
        if let v = node.id.groupVPC { return inventory.vpc(v) }
        switch node.id {
        case .subnet(let s): return inventory.subnet(s).flatMap { inventory.vpc($0.vpcID) }
        case .routeTable(let t): return inventory.routeTable(t).flatMap { inventory.vpc($0.vpcID) }
        case .endpoint(let e): return inventory.endpoint(e).flatMap { inventory.vpc($0.vpcID) }
        case .natGateway(let n): return inventory.natGateway(n).flatMap { inventory.vpc($0.vpcID) }
        case .securityGroup(let g): return inventory.securityGroup(g).flatMap { inventory.vpc($0.vpcID) }
        case .internetGateway(let i): return inventory.internetGateway(i)?.attachedVPCIDs.first.flatMap { inventory.vpc($0) }
        default: return nil
        }
    }

    /// The services the Paths picker offers for the focused VPC: s3, dynamodb, then every service
    /// with an endpoint there (one a what-if switched off too: its path without it is the question),
    /// then the article's usual ones.
    public var services: [String] {
        var list = ["s3", "dynamodb"]
        if let vpc = focusVPC {
            let endpoints = inventory.endpoints(in: vpc.id) + session.baseInventory.endpoints(in: vpc.id)
            for e in Set(endpoints.map(\.service)).sorted() where !list.contains(e) { list.append(e) }
        }
        for s in ["secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "ecr.api", "ecr.dkr", "kms", "sts"]
        where !list.contains(s) { list.append(s) }
        return list
    }

    /// The chosen service of the Paths picker.
    public var selectedService: String {
        let list = services
        return list[min(max(0, serviceIndex), list.count - 1)]
    }

    // MARK: Maintenance

    /// Recomputes the visible rows after the tree, expansion or filter changed, keeping the
    /// selection on the same node when it is still visible.
    mutating func refreshRows(keeping selected: NodeID?) {
        navigator.rows = tree.visibleRows(expanded: expanded, filter: filter)
        let needle = filter.lowercased().trimmingSpaces
        let matched = needle.isEmpty ? [] : tree.matches(needle)
        let matches = { (node: Int) in needle.isEmpty || matched[node] }
        // Keep the selection when it is still shown and (under a filter) matches itself; otherwise
        // go to the first match, not to an ancestor that is only shown to give it context.
        if let selected, let i = tree.index(of: selected), let row = rows.firstIndex(of: i), matches(i) {
            cursor = row
        } else if !needle.isEmpty, let firstMatch = rows.firstIndex(where: { matches($0) }) {
            cursor = firstMatch
        } else if let selected, let i = tree.index(of: selected), let row = rows.firstIndex(of: i) {
            cursor = row
        }
        cursor = max(0, min(cursor, rows.count - 1))
    }

    /// Replaces the loaded network (a load finishing), keeping expansion and selection and
    /// re-applying the what-if changes in play. An analysis made elsewhere (on the load's thread) is
    /// used when it was made for this network with the session's what-ifs, traffic and prices.
    public mutating func replaceInventory(_ new: Inventory, analysis prepared: SessionAnalysis? = nil,
                                          comparedWith old: Inventory? = nil) {
        session.baseInventory = new
        session.comparedWith = old
        if let prepared, prepared.supposed == session.supposed, (prepared.diff != nil) == (old != nil) {
            install(prepared)
        } else {
            install(analysis.rebuilt(after: .baseInventory, in: session))
        }
    }

    /// Puts a new analysis in place: the navigator keeps its selection, the panels their place.
    mutating func install(_ next: SessionAnalysis) {
        let selected = selectedID
        let service = selectedService
        let wasEmpty = tree.nodes.isEmpty
        analysis = next
        resolver = CountedResolver(next.resolver)
        if wasEmpty { expanded = AppState.initialExpansion(tree) }
        refreshRows(keeping: selected)
        // The picker's list follows the endpoints (a what-if adds one): the chosen service stays chosen.
        if !wasEmpty, let kept = services.firstIndex(of: service) { serviceIndex = kept }
        if wasEmpty, let first = rows.firstIndex(where: { if case .vpc = tree.nodes[$0].id { return true }; return false }) {
            cursor = first
        }
        afterAnalysisChange()
    }

    /// What the panels keep in step with the analysis.
    mutating func afterAnalysisChange() {
        headerFacts = HeaderFacts(inventory)
        findingIndex = min(findingIndex, max(0, FindingsPanel.shown(self).count - 1))
        syncPolicyTester()
    }

    /// Sets the monthly traffic (from `--gb`, or `+`/`-` in the Cost panel): costs and findings follow.
    public mutating func setTraffic(_ new: Traffic) {
        session.traffic = new
        install(analysis.rebuilt(after: .traffic, in: session))
    }

    /// Takes the traffic and prices a load was given, without rebuilding: the load's analysis follows.
    mutating func adoptTrafficAndPrices(_ given: Session.Supposed) {
        session.traffic = given.traffic
        session.pricing = given.pricing
    }

    /// Sets the prices (a `--pricing` file): costs and findings follow.
    public mutating func setPricing(_ new: PricingBook) {
        session.pricing = new
        install(analysis.rebuilt(after: .pricing, in: session))
    }

    /// Keeps the Policy panel's tester on the focused endpoint, with fresh defaults when it changes.
    mutating func syncPolicyTester() {
        guard let endpoint = focusEndpoint else { return }
        if policyTester?.endpointID != endpoint.id { policyTester = PolicyTester(endpoint: endpoint, inventory: inventory) }
    }

    /// Findings about one resource (and for a VPC, those of the VPC itself).
    public func findings(for resourceID: String) -> [Finding] { analysis.findings(for: resourceID) }

    /// Sets the what-if changes: the shown network and what follows from it are rebuilt from the
    /// base; the base's cost report is kept.
    public mutating func setWhatIf(_ changes: WhatIf) {
        session.whatIf = changes
        install(analysis.rebuilt(after: .whatIf, in: session))
    }
}
