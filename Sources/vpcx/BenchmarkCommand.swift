import Analysis
import ArgumentParser
import Canvas
import Explorer
import Foundation
import Loaders
import Model

/// `vpcx benchmark [SOURCE ...]` (hidden; scripts/bench runs it on the release build): times the
/// load, the index, the first frame and the redraw after a key, and counts the cells a cursor move changes.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "benchmark", abstract: "Measure load and redraw times.",
                                                    shouldDisplay: false)

    @OptionGroup var source: SourceOptions

    @Option(help: "Screen size for the frames.") var size = ScreenSize(width: 200, height: 60)
    @Option(help: "Key presses to time.") var keys: Int = 400
    @Option(help: "What-if toggles to time.") var toggles: Int = 10

    func run() throws {
        let width = size.width, height = size.height
        let clock = ContinuousClock()
        var contents = InventoryContents()
        let loadTime = try clock.measure {
            if source.sources.isEmpty {
                contents = SourceLoader.demo().contents
            } else {
                do { contents = try SourceLoader.loadContents(source.sources, options: try source.loadOptions()) }
                catch let error as LoadError { printError(error.description); throw ExitCode(2) }
            }
        }
        var inventory = Inventory.empty
        let indexTime = clock.measure { inventory = Inventory(contents) }
        var analysis: SessionAnalysis?
        let analysisTime = clock.measure { analysis = SessionAnalysis(Session(baseInventory: inventory)) }
        // An organisation's explorer shows the network before its cross-VPC rules have run.
        let deferred = SessionAnalysis.rulesToDefer(inventory)
        var deferredTimes: (shown: Duration, rest: Duration)?
        if !deferred.isEmpty {
            var early: SessionAnalysis?
            let shown = clock.measure { early = SessionAnalysis(Session(baseInventory: inventory), deferring: deferred) }
            let rest = clock.measure { analysis = early.map { $0.completing(with: $0.pendingFindings()) } }
            deferredTimes = (shown, rest)
        }
        // Where the analysis's time goes (what a what-if rebuilds, except the base cost report).
        let treeTime = clock.measure { _ = NavigatorTree(inventory) }
        let resolverTime = clock.measure { _ = PathResolver(inventory: inventory) }
        let findingsTime = clock.measure { _ = FindingEngine.complete.findings(in: inventory) }
        let costTime = clock.measure { _ = CostReport(inventory: inventory) }
        // The explorer's own Program, as the terminal drives it: a key in, reduce, a frame out.
        var program = Program(state: AppState(inventory: .empty, width: width, height: height))
        var grid = Grid(width: 0, height: 0)
        let firstFrame = clock.measure {
            program = Program(state: AppState(session: Session(baseInventory: inventory), analysis: analysis, width: width, height: height))
            program.render(into: &grid)
        }
        // Redraw after a key: reduce + render, cursor moving down then up through the navigator.
        var samples: [Duration] = []
        var changedCells: [Int] = []
        for i in 0..<keys {
            let previous = grid
            let key: Key = (i / 50) % 2 == 0 ? .down : .up
            samples.append(clock.measure {
                program.press([key])
                program.render(into: &grid)
            })
            changedCells.append(grid.changedRuns(since: previous).reduce(0) { $0 + $1.to - $1.from })
        }
        // A frame with nothing changed (what a resize to the same size, or an idle repaint, costs).
        var still: [Duration] = []
        for _ in 0..<max(1, keys / 4) {
            still.append(clock.measure {
                _ = program.send(.resize(width: width, height: height))
                program.render(into: &grid)
            })
        }
        // What-if: `x` in the Paths panel on a private subnet adds the service's endpoint, `x` again
        // takes it back; each timed from the key to the redrawn frame.
        // An organisation's cross-VPC rules then run off the explorer's thread, as after its load: the
        // frame is timed without them, and apart, the same frame once their findings are in.
        var whatIf: [Duration] = []
        var whatIfChecked: [Duration] = []
        if let subnet = inventory.subnets.first(where: { inventory.isPrivate($0) }) ?? inventory.subnets.first {
            program.press([.character(":")] + subnet.id.map { Key.character($0) } + [.enter, .character("2")])
            for _ in 0..<toggles {
                whatIf.append(clock.measure {
                    program.press([.character("x")])
                    program.render(into: &grid)
                })
                let analysis = program.state.analysis
                guard !analysis.rulesPending.isEmpty else { continue }
                whatIfChecked.append(whatIf[whatIf.count - 1] + clock.measure {
                    _ = program.send(.acrossVPCsChecked(generation: analysis.generation, findings: analysis.pendingFindings()))
                    program.render(into: &grid)
                })
            }
        }
        // `/` as a user types it: each key of a subnet's name (from the middle of the list) to the
        // redrawn frame, in the navigator; then in the Findings panel, each key of a rule's name.
        func typed(_ text: String, after opening: [Key]) -> [Duration] {
            program.press([.escape, .escape, .escape] + opening)
            var times: [Duration] = []
            for character in text {
                times.append(clock.measure {
                    program.press([.character(character)])
                    program.render(into: &grid)
                })
            }
            program.press([.escape, .escape])
            return times
        }
        let middle = inventory.subnets.isEmpty ? nil : inventory.subnets[inventory.subnets.count / 2]
        let navigatorFilter = typed(middle.map { $0.name ?? $0.id } ?? "subnet", after: [.character("/")])
        let findingsFilter = typed(program.state.findings.first?.rule ?? "nat", after: [.character("7"), .tab, .character("/")])
        func summary(_ list: [Duration]) -> String {
            let sorted = list.sorted()
            guard let last = sorted.last else { return "n/a" }
            return "median \(ms(sorted[sorted.count / 2])), p95 \(ms(sorted[sorted.count * 95 / 100])), max \(ms(last))"
        }
        changedCells.sort()
        Output.line("sources           \(source.sources.isEmpty ? "built-in demo" : source.sources.joined(separator: " "))")
        Output.line("resources         \(inventory.vpcs.count) VPCs, \(inventory.subnets.count) subnets, \(inventory.endpoints.count) endpoints, \(inventory.networkInterfaces.count) ENIs")
        Output.line("load (parse)      \(ms(loadTime))")
        Output.line("index             \(ms(indexTime))")
        Output.line("analysis          \(ms(analysisTime))  (tree, paths index, findings, costs)")
        Output.line("  of which       tree \(ms(treeTime)), path index \(ms(resolverTime)), findings \(ms(findingsTime)), cost report \(ms(costTime))")
        if let deferredTimes {
            Output.line("analysis shown    \(ms(deferredTimes.shown))  (what the explorer shows first; the cross-VPC rules then take"
                        + " \(ms(deferredTimes.rest)) with the network on screen)")
        }
        Output.line("first frame       \(ms(firstFrame))  (\(width)x\(height), state + layout + render)")
        Output.line("redraw after key  \(summary(samples))")
        Output.line("frame, no change  \(summary(still))")
        Output.line("what-if toggle    \(summary(whatIf))  (x in Paths, to the redrawn frame; \(whatIf.count) toggles)")
        if !whatIfChecked.isEmpty {
            Output.line("  checked across  \(summary(whatIfChecked))  (the same, to the frame with its cross-VPC findings in)")
        }
        Output.line("filter, per key   \(summary(navigatorFilter))  (/ in the navigator, \(navigatorFilter.count) keys)")
        Output.line("findings /, key   \(summary(findingsFilter))  (/ in Findings, \(findingsFilter.count) keys)")
        Output.line("cells changed     median \(changedCells[changedCells.count / 2]) of \(width * height) per cursor move")
        Output.line("peak memory       \(peakMemoryMB()) MB (VmHWM)")
        if !source.sources.isEmpty {
            let (look, whole) = try startTimes(clock: clock, width: width, height: height)
            if let (look, handedOver) = look {
                Output.line("first look        \(ms(look))  (load to a drawn frame of the network without its ENIs, as the explorer shows it;"
                            + " the loader handed it over at \(ms(handedOver)))")
                Output.line("whole network     \(ms(whole))  (the same load to the drawn frame of everything, meanwhile)")
            } else {
                Output.line("whole network     \(ms(whole))  (load to the drawn frame of everything, as the explorer starts; no first look)")
            }
        }
    }

    /// The explorer's start, again from the start: the first look (the network without its ENI
    /// answers), when it gets one, analysed and drawn on a thread of its own while the ENIs are read
    /// (with when the loader handed it over), and the whole network analysed and drawn after.
    func startTimes(clock: ContinuousClock, width: Int, height: Int) throws -> (look: (Duration, handedOver: Duration)?, whole: Duration) {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var started = false
            /// When the loader handed the first look over, and when it was drawn.
            var handedOver: Duration?
            var look: Duration?
            let drawn = DispatchSemaphore(value: 0)
        }
        let seen = Seen()
        let start = clock.now
        let inventory = try SourceLoader.load(source.sources, options: try source.loadOptions(), firstLook: { contents in
            seen.lock.withLock { seen.started = true; seen.handedOver = clock.now - start }
            Thread {
                var program = Program(state: AppState(inventory: .empty, width: width, height: height))
                let shown = Inventory(contents)
                _ = program.send(.loaded(LoadedNetwork(shown, partial: true, deferring: SessionAnalysis.rulesToDefer(shown))))
                var grid = Grid(width: 0, height: 0)
                program.render(into: &grid)
                seen.lock.withLock { seen.look = clock.now - start }
                seen.drawn.signal()
            }.start()
        })
        var program = Program(state: AppState(inventory: .empty, width: width, height: height))
        // As the explorer does: drawn before the deferred rules run, which the whole time includes.
        let network = LoadedNetwork(inventory, deferring: SessionAnalysis.rulesToDefer(inventory))
        _ = program.send(.loaded(network))
        var grid = Grid(width: 0, height: 0)
        program.render(into: &grid)
        if !network.analysis.rulesPending.isEmpty {
            Output.line("whole, drawn      \(ms(clock.now - start))  (the network on screen, its cross-VPC rules still running)")
            _ = program.send(.loaded(network.completing()))
            program.render(into: &grid)
        }
        let whole = clock.now - start
        guard seen.lock.withLock({ seen.started }) else { return (nil, whole) }
        // Reported even when it came after the whole network (the explorer would not show it then).
        seen.drawn.wait()
        return seen.lock.withLock {
            guard let look = seen.look, let handedOver = seen.handedOver else { return (nil, whole) }
            return ((look, handedOver), whole)
        }
    }

    func ms(_ d: Duration) -> String {
        String(format: "%.2f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    func peakMemoryMB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return "?" }
        return String(kb / 1024)
    }
}
