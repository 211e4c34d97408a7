import Analysis
import Canvas
import Model

/// Path analysis as the explorer asks for it, with every call counted: the memo is the only caller,
/// so a test can prove that drawing a frame analyses nothing when the selection has not changed.
public struct CountedResolver: Sendable {
    public let base: PathResolver
    let counter = CallCounter()

    init(_ base: PathResolver) { self.base = base }

    /// How many analyses were asked of this resolver (over every copy of the state holding it).
    public var calls: Int { counter.value }

    public func path(from subnetID: String, to service: String) -> RequestPath {
        counter.value += 1
        return base.path(from: subnetID, to: service)
    }

    public func paths(from subnetIDs: [String], services: [String]) -> [RequestPath] {
        counter.value += 1
        return base.paths(from: subnetIDs, services: services)
    }

    public func flowPath(_ flow: Flow, from subnetID: String) -> FlowPath {
        counter.value += 1
        return base.flowPath(flow, from: subnetID)
    }

    public func eniMatrix(vpc vpcID: String, sourceAZ: String? = nil) -> ENIMatrix {
        counter.value += 1
        return base.eniMatrix(vpc: vpcID, sourceAZ: sourceAZ)
    }

    public func dnsResolution(from subnetID: String, service: String) -> DNSResolution {
        counter.value += 1
        return base.dnsResolution(from: subnetID, service: service)
    }
}

/// A count shared by the copies of a state. The explorer's state is stepped on one thread (the
/// Program's), which is what makes the unsynchronised count sound.
final class CallCounter: @unchecked Sendable {
    var value = 0
}

/// What the views show about the selection (subnet × service), worked out once when the selection,
/// the service or the analysis changes, so that a frame only draws. Each part is computed when a
/// visible panel needs it and kept until its key changes.
public struct SelectionMemo: Sendable {
    /// What the memo was made for; a different key means it is stale.
    struct Key: Hashable, Sendable {
        var node: NodeID?
        var service: String
        var generation: Int
        var ascii: Bool
        /// The Cost panel's single-AZ option changes its model.
        var singleAZ: Bool
    }

    var key: Key?
    /// The parts worked out for `key` (a part with nothing to work on, such as a path when no subnet
    /// is focused, is done and nil).
    var done: MemoNeeds = []
    /// The Paths panel: the path from the focused subnet to the service, with and without endpoints.
    public internal(set) var path: RequestPath?
    /// The Paths panel's flows line (ECR image pull, SSM Session Manager) from the focused subnet.
    public internal(set) var flows: [FlowPath]?
    /// The ENIs panel: the focused VPC's interface endpoint ENIs per AZ.
    public internal(set) var eniMatrix: ENIMatrix?
    /// The DNS panel: what the service name resolves to from the focused subnet.
    public internal(set) var dns: DNSResolution?
    /// The Detail panel: the selection's findings and details (a subnet's reach lines included).
    public internal(set) var detailLines: [StyledLine]?
    /// The Cost panel: the selection's costs against NAT, from the cost reports.
    public internal(set) var cost: CostPanelModel?
}

/// The parts of the memo a set of panels needs.
struct MemoNeeds: OptionSet, Sendable {
    let rawValue: Int
    static let path = MemoNeeds(rawValue: 1)
    static let flows = MemoNeeds(rawValue: 2)
    static let eniMatrix = MemoNeeds(rawValue: 4)
    static let dns = MemoNeeds(rawValue: 8)
    static let detail = MemoNeeds(rawValue: 16)
    static let cost = MemoNeeds(rawValue: 32)

    init(rawValue: Int) { self.rawValue = rawValue }

    init(panels: [Panel]) {
        var needs: MemoNeeds = []
        for panel in panels {
            switch panel {
            case .detail: needs.insert(.detail)
            case .paths: needs.formUnion([.path, .flows])
            case .enis: needs.insert(.eniMatrix)
            case .dns: needs.insert(.dns)
            case .cost: needs.insert(.cost)
            case .policy, .findings, .changes: break
            }
        }
        self = needs
    }
}

extension AppState {
    /// The memo's key for the current selection.
    var memoKey: SelectionMemo.Key {
        SelectionMemo.Key(node: selectedID, service: selectedService, generation: analysis.generation, ascii: glyphs.isASCII,
                          singleAZ: singleAZ)
    }

    /// Brings the memo up to date for the panels on screen: a no-op when nothing it depends on changed.
    mutating func refreshMemo() {
        memo = memo(for: MemoNeeds(panels: ScreenLayout(self).panels.map(\.panel)), from: memo)
    }

    /// The memo with at least `needs`, reusing what `old` has when it was made for the same key.
    func memo(for needs: MemoNeeds, from old: SelectionMemo) -> SelectionMemo {
        let key = memoKey
        var memo = old.key == key ? old : SelectionMemo(key: key)
        let missing = needs.subtracting(memo.done)
        guard !missing.isEmpty else { return memo }
        let subnet = focusSubnet
        if missing.contains(.path), let subnet {
            memo.path = resolver.path(from: subnet.id, to: selectedService)
        }
        if missing.contains(.flows), let subnet {
            memo.flows = [Flow.ecrImagePull, Flow.ssmSessionManager].map { resolver.flowPath($0, from: subnet.id) }
        }
        if missing.contains(.eniMatrix), let vpc = focusVPC {
            memo.eniMatrix = resolver.eniMatrix(vpc: vpc.id, sourceAZ: subnet?.availabilityZone)
        }
        if missing.contains(.dns), let subnet {
            memo.dns = resolver.dnsResolution(from: subnet.id, service: selectedService)
        }
        // The region's centralise? answer, which the Detail and the Cost panel both draw: worked out once
        // (it reads every VPC of the region: on an organisation, twice was 12% of a what-if's redraw).
        let centralisation = missing.contains(.detail) || missing.contains(.cost) ? selectedRegionCentralisation : nil
        if missing.contains(.detail) {
            memo.detailLines = DetailPanel.lines(self, centralisation: centralisation)
        }
        if missing.contains(.cost) {
            memo.cost = CostPanel.model(self, centralisation: centralisation)
        }
        memo.done.formUnion(missing)
        return memo
    }

    /// The memo a frame draws from: the stored one when it is current (always, after `reduce`), else
    /// one made for this frame only (a state changed directly, not through `reduce`).
    func frameMemo(for panels: [Panel]) -> SelectionMemo {
        let needs = MemoNeeds(panels: panels)
        return memo(for: needs, from: memo)
    }
}
