import Analysis
import Canvas
import Dispatch
import Model

/// The inputs of an explorer session: what was loaded and what the person has asked to suppose.
/// Everything else the explorer shows follows from these four values (`SessionAnalysis`).
public struct Session: Sendable {
    /// The network as loaded.
    public var baseInventory: Inventory
    /// Hypothetical changes in play (the undo history).
    public var whatIf: WhatIf
    /// Monthly GB per service, from `--gb` and the Cost panel's `+`/`-`.
    public var traffic: Traffic
    /// The prices the cost reports use.
    public var pricing: PricingBook
    /// `--compare OLD NEW`: the network before (OLD); `baseInventory` is NEW. nil: no comparison.
    public var comparedWith: Inventory?

    public init(baseInventory: Inventory, whatIf: WhatIf = WhatIf(), traffic: Traffic = Traffic(),
                pricing: PricingBook = .builtIn, comparedWith: Inventory? = nil) {
        self.baseInventory = baseInventory
        self.comparedWith = comparedWith
        self.whatIf = whatIf
        self.traffic = traffic
        self.pricing = pricing
    }

    /// The inputs besides the base network, to know whether an analysis made elsewhere fits.
    public var supposed: Supposed { Supposed(whatIf: whatIf, traffic: traffic, pricing: pricing) }

    /// What-ifs, traffic and prices: what an analysis was made with, besides the network.
    public struct Supposed: Hashable, Sendable {
        public var whatIf: WhatIf
        public var traffic: Traffic
        public var pricing: PricingBook
    }

    /// Which input changed: each rebuilds only the analysis that depends on it.
    public enum Change: Sendable {
        /// A new base network (a load finished): everything.
        case baseInventory
        /// What-ifs: the shown network and what follows from it, for the VPCs the what-ifs changed only
        /// (`WhatIf.vpcsChanged`); not the base cost report.
        case whatIf
        /// Traffic or prices: costs and the findings that depend on them (below-break-even), not paths.
        case traffic, pricing
    }
}

/// What follows from a session: read-only to views, rebuilt by `rebuilt(after:)` only where an input
/// changed. Building it is the slow part of a load, so it can be made on the load's thread.
public struct SessionAnalysis: Sendable {
    /// The network the views show (the base with the what-ifs applied).
    public private(set) var inventory: Inventory
    public private(set) var tree: NavigatorTree
    /// Path analysis over `inventory` (it indexes endpoints per VPC).
    public private(set) var resolver: PathResolver
    /// Every finding of `inventory`, sorted (header count, Findings panel, detail pane).
    public private(set) var findings: [Finding] = []
    /// How many findings of each severity: the header and the Findings panel's title.
    public private(set) var findingCounts: [Severity: Int] = [:]
    /// Indexes into `findings`, per resource ID (the detail pane's findings).
    public private(set) var findingsByResource: [String: [Int]] = [:]
    /// Display names of the resources findings are about (the Findings panel's column).
    public private(set) var findingNames: [String: String] = [:]
    /// What `/` in the Findings panel searches: each finding's rule, resource, message and name. Made
    /// when first searched: an organisation's 7,000 findings took 14 ms of each what-if to index.
    public var findingSearch: TextSearchIndex { findingSearchIndex.value }
    private var findingSearchIndex = MadeOnce(TextSearchIndex())
    /// Rules that could not run on `inventory` because a kind they need was not collected.
    public private(set) var rulesNotEvaluated: [String] = []
    /// Rules still running off the explorer's thread (an organisation's cross-VPC rules, the slow part
    /// of its analysis), so the network is shown before them: their findings are not in `findings`
    /// yet (about the VPCs of `pendingAbout`, nil: any), and the header and the Findings panel say
    /// so. `completing(with:)` ends it.
    public private(set) var rulesPending: [String] = []
    /// The VPCs the pending rules are still to find about: after a what-if, those it can reach.
    public private(set) var pendingAbout: Set<String>?
    /// Rules a what-if's rebuild leaves pending too (those the load deferred): the frame that shows a
    /// switched-off endpoint does not wait for the rules about 3,600 VPCs' links.
    public private(set) var deferredOnWhatIf: [String] = []
    /// Costs of `inventory` and of the base network (the what-if delta is their difference).
    public private(set) var costReport: CostReport
    public private(set) var baseCostReport: CostReport
    /// Changes on every rebuild, so a memo made from an older analysis is known to be stale.
    public private(set) var generation: Int
    /// The what-ifs, traffic and prices it was made with.
    public private(set) var supposed: Session.Supposed
    /// `--compare`: OLD against the loaded network (NEW), worked out once when the base network is
    /// set, so no frame compares; nil without a comparison.
    public private(set) var diff: NetworkDiff?
    /// What OLD had that NEW has not (the navigator still lists it, marked `-`).
    public private(set) var removed: Inventory?
    /// The diff as `vpcx diff` prints it, one line each: the Changes panel's text.
    public private(set) var changeLines: [ComposedText] = []
    /// Each changed resource's lines of `changeLines` (its sign line and attribute lines): the Detail panel's.
    public private(set) var changeLinesByResource: [String: [ComposedText]] = [:]
    /// The diff's path changes by subnet and service: the Paths panel's `before:` line.
    public private(set) var pathChanges: [String: PathChange] = [:]

    /// A path change's key in `pathChanges`.
    public static func pathKey(subnet: String, service: String) -> String { subnet + "\u{0}" + service }

    /// The base network's endpoints the what-ifs switched off (the navigator still lists them).
    static func switchedOff(_ session: Session) -> [VPCEndpoint] {
        session.whatIf.disabledEndpoints.compactMap { session.baseInventory.endpoint($0) }
    }

    /// Everything, from scratch; the findings of `deferred` rules are left for `completing(with:)`.
    public init(_ session: Session, deferring deferred: [FindingRule] = []) {
        rulesPending = deferred.map(\.id)
        deferredOnWhatIf = rulesPending
        let shown = session.whatIf.apply(to: session.baseInventory)
        let switchedOff = SessionAnalysis.switchedOff(session)
        let engine = SessionAnalysis.engine(pending: rulesPending), traffic = session.traffic, pricing = session.pricing
        // The tree on one core while the findings are found on the other: neither reads the other, and
        // an organisation's tree (over 30,000 rows) was a third of the work before its first frame.
        // With `--compare` the tree is made below, with the diff's marks.
        let compared = session.comparedWith != nil
        let (madeTree, found) = onBothCores({ compared ? NavigatorTree() : NavigatorTree(shown, switchedOff: switchedOff) },
                                            { engine.findings(in: shown, traffic: traffic, pricing: pricing) })
        inventory = shown
        tree = madeTree
        resolver = PathResolver(inventory: inventory)
        costReport = CostReport(inventory: inventory, traffic: session.traffic, pricing: session.pricing)
        baseCostReport = session.whatIf.isEmpty
            ? costReport : CostReport(inventory: session.baseInventory, traffic: session.traffic, pricing: session.pricing)
        generation = 0
        supposed = session.supposed
        indexFindings(found)
        refreshDiff(session)
        if diff != nil {
            tree = NavigatorTree(inventory, switchedOff: SessionAnalysis.switchedOff(session), changes: diff, old: removed)
        }
    }

    /// The analysis after one input of `session` changed; what does not depend on it is kept.
    public func rebuilt(after change: Session.Change, in session: Session) -> SessionAnalysis {
        var next = self
        switch change {
        case .baseInventory:
            next = SessionAnalysis(session)
            next.deferredOnWhatIf = deferredOnWhatIf
        case .whatIf:
            let shown = session.whatIf.apply(to: session.baseInventory)
            next.inventory = shown
            let switchedOff = SessionAnalysis.switchedOff(session)
            // A what-if changes a few VPCs: what follows from the others alone is kept. Unless it changes
            // what holds for the whole network (an endpoint added where none were collected makes
            // endpoints known everywhere), or this analysis was made for other traffic or prices.
            guard shown.contents.known == inventory.contents.known, shown.region == inventory.region,
                  supposed.traffic == session.traffic, supposed.pricing == session.pricing else {
                next.rebuildAfterWhatIf(session, switchedOff: switchedOff)
                break
            }
            let changed = session.whatIf.vpcsChanged(from: supposed.whatIf, in: session.baseInventory)
            // The findings that compare costs read the cost report: it comes first.
            next.costReport = session.whatIf.isEmpty
                ? baseCostReport : costReport.updating(changed, in: shown, traffic: session.traffic)
            let tree = tree, previous = findings, cost = next.costReport, before = inventory, engine = findingEngine
            let deferred = Set(deferredOnWhatIf)
            let (rebuiltTree, pathsAndFindings) = onBothCores({
                tree.rebuilding(changed, in: shown, switchedOff: switchedOff)
            }, {
                (PathResolver(inventory: shown),
                 engine.findings(updating: previous, changed: changed, in: shown, before: before,
                                 traffic: session.traffic, pricing: session.pricing, cost: cost, deferring: deferred))
            })
            next.tree = rebuiltTree
            next.resolver = pathsAndFindings.0
            if !deferred.isEmpty {
                // Pending for the VPCs this change reaches, and for those an earlier one reached if its
                // rules are still running (nil, every VPC, stays every VPC).
                let about = pathsAndFindings.1.deferredAbout
                next.pendingAbout = rulesPending.isEmpty ? about : pendingAbout.flatMap { earlier in about.map { earlier.union($0) } }
                next.rulesPending = deferredOnWhatIf
            }
            next.indexFindings(pathsAndFindings.1.findings, namesKeptOutside: changed)
        case .traffic, .pricing:
            next.costReport = CostReport(inventory: next.inventory, traffic: session.traffic, pricing: session.pricing)
            next.baseCostReport = session.whatIf.isEmpty
                ? next.costReport : CostReport(inventory: session.baseInventory, traffic: session.traffic, pricing: session.pricing)
            next.refreshFindings(session)
            next.refreshDiff(session)
        }
        next.generation = generation &+ 1
        next.supposed = session.supposed
        return next
    }

    /// OLD against the base network (NEW), for the same traffic and prices: made on load, and again
    /// only when traffic or prices change (the cost difference and the below-break-even findings follow them).
    mutating func refreshDiff(_ session: Session) {
        changeLines = []
        changeLinesByResource = [:]
        pathChanges = [:]
        guard let old = session.comparedWith else { return }
        let diff = NetworkDiff(old: old, new: session.baseInventory, traffic: session.traffic, pricing: session.pricing)
        self.diff = diff
        removed = old
        // Each side is named by what was read, as `vpcx diff` names it.
        func label(_ inventory: Inventory) -> String {
            // A snapshot directory's files are named by the directory.
            var labels: [String] = []
            for path in inventory.sources.map(\.path) {
                let directory = path.hasSuffix(".json") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : path
                if !labels.contains(directory) { labels.append(directory) }
            }
            return labels.joined(separator: " ")
        }
        // Composed, so the panel draws vpcx's `->` as the screen's arrow and the inputs' text as it is.
        changeLines = diff.composedText(old: label(old), new: label(session.baseInventory), clean: { TextWidth.sanitize($0) }).lines
        // The Resources section lists `diff.resources` in order, each a sign line (two spaces in) and
        // its attribute lines (six spaces in).
        if let start = changeLines.firstIndex(of: "Resources:") {
            var next = 0
            for line in changeLines[(start + 1)...] {
                if line.isEmpty { break }
                if line.hasPrefix("      "), next > 0 {
                    changeLinesByResource[diff.resources[next - 1].id, default: []].append(line)
                } else if line.hasPrefix("  "), next < diff.resources.count, line.contains(diff.resources[next].id) {
                    changeLinesByResource[diff.resources[next].id] = [line]
                    next += 1
                }
            }
        }
        for change in diff.paths { pathChanges[Self.pathKey(subnet: change.subnet, service: change.service)] = change }
    }

    /// The tree, the paths, the costs and the findings of the shown network, from scratch: each follows
    /// from the new inventory alone, so two of them run on each core, as a key waits for them.
    mutating func rebuildAfterWhatIf(_ session: Session, switchedOff: [VPCEndpoint]) {
        let shown = inventory, diff = diff, removed = removed, base = baseCostReport, engine = findingEngine
        let (treeAndCost, pathsAndFindings) = onBothCores({
            (NavigatorTree(shown, switchedOff: switchedOff, changes: diff, old: removed),
             // The base network did not change, so neither did its cost report.
             session.whatIf.isEmpty ? base : CostReport(inventory: shown, traffic: session.traffic, pricing: session.pricing))
        }, {
            (PathResolver(inventory: shown),
             engine.findings(in: shown, traffic: session.traffic, pricing: session.pricing))
        })
        (tree, costReport) = treeAndCost
        resolver = pathsAndFindings.0
        indexFindings(pathsAndFindings.1)
        pendingAbout = nil // the pending rules' findings about every VPC are out now
    }

    mutating func refreshFindings(_ session: Session) {
        indexFindings(findingEngine.findings(in: inventory, traffic: session.traffic, pricing: session.pricing))
        pendingAbout = nil // the pending rules' findings about every VPC are out now
    }

    /// The rules this analysis runs: every rule but those still pending.
    var findingEngine: FindingEngine { Self.engine(pending: rulesPending) }

    static func engine(pending: [String]) -> FindingEngine {
        pending.isEmpty ? .complete : FindingEngine(rules: FindingEngine.complete.rules.filter { !pending.contains($0.id) })
    }

    /// Rules worth running after the first frame rather than before it: the cross-VPC rules of a network
    /// with hundreds of VPCs linked by transit gateways, peerings or shared zones (measured: most of
    /// the analysis of 3,600 such VPCs). None for a smaller network, whose analysis is instant anyway.
    public static func rulesToDefer(_ inventory: Inventory) -> [FindingRule] {
        inventory.vpcs.count >= 256 && !inventory.interconnect.isEmpty ? CrossVPCRules.all : []
    }

    /// The findings of the pending rules, for the same network, traffic and prices: run on the load's
    /// thread while this analysis is shown.
    public func pendingFindings() -> [Finding] {
        guard !rulesPending.isEmpty else { return [] }
        let rules = FindingEngine.complete.rules.filter { rulesPending.contains($0.id) }
        return FindingEngine(rules: rules).findings(in: inventory, traffic: supposed.traffic, pricing: supposed.pricing, about: pendingAbout)
    }

    /// Whether findings about the VPC may still come (its detail says so rather than look clean).
    public func isPending(about vpcID: String) -> Bool { !rulesPending.isEmpty && (pendingAbout?.contains(vpcID) ?? true) }

    /// This analysis with the pending rules' findings in place (`pendingFindings()`).
    public func completing(with found: [Finding]) -> SessionAnalysis {
        var next = self
        next.rulesPending = []
        next.pendingAbout = nil
        next.indexFindings(FindingEngine.sorted(findings + found))
        next.generation = generation &+ 1
        return next
    }

    /// Puts `sorted` in place with what the views look findings up by. `kept`: the VPCs a what-if did
    /// not change, whose findings' resources keep the names `findingNames` has for them.
    mutating func indexFindings(_ sorted: [Finding], namesKeptOutside changed: Set<String>? = nil) {
        let known = changed == nil ? [:] : findingNames
        findings = sorted
        findingCounts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        var byResource: [String: [Int]] = [:]
        var names: [String: String] = [:]
        for (i, finding) in findings.enumerated() {
            byResource[finding.resource, default: []].append(i)
            if names[finding.resource] == nil, let changed, !changed.contains(finding.vpc), let name = known[finding.resource] {
                names[finding.resource] = name
            } else if names[finding.resource] == nil {
                // A resource the spec adds (`vpcx INVENTORY SPEC`) reads as planned here as in every view.
                let planned = inventory.contents.planned.contains(finding.resource) ? "+planned " : ""
                names[finding.resource] = planned + inventory.displayName(finding.resource)
            }
        }
        findingsByResource = byResource
        findingNames = names
        let indexed = findings, shownNames = names
        findingSearchIndex = MadeOnce { TextSearchIndex(indexed.map { [$0.rule, $0.resource, $0.message, shownNames[$0.resource] ?? ""] }) }
        rulesNotEvaluated = findingEngine.rules.filter { !inventory.missing($0.needs).isEmpty }.map(\.id)
    }

    /// Findings about one resource, in the sorted order.
    public func findings(for resourceID: String) -> [Finding] { (findingsByResource[resourceID] ?? []).map { findings[$0] } }
}

/// `first()` and `second()` at once, one on another core (when there is one), for work a key waits on.
func onBothCores<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    nonisolated(unsafe) var a: A?
    nonisolated(unsafe) var b: B?
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { a = first() } else { b = second() }
    }
    // concurrentPerform returns after both ran; the fallbacks are never taken.
    return (a ?? first(), b ?? second())
}
