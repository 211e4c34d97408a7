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

    @Option(help: "Screen size for the frames.") var size: String = "200x60"
    @Option(help: "Key presses to time.") var keys: Int = 400

    func run() throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { throw ValidationError("--size WxH") }
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
        var state = AppState(inventory: .empty, width: parts[0], height: parts[1])
        var grid = Grid(width: 0, height: 0)
        let firstFrame = clock.measure {
            state = AppState(inventory: inventory, width: parts[0], height: parts[1])
            Screen.render(state, into: &grid)
        }
        // Redraw after a key: reduce + render, cursor moving down then up through the navigator.
        var samples: [Duration] = []
        var changedCells: [Int] = []
        for i in 0..<keys {
            let previous = grid
            let key: Key = (i / 50) % 2 == 0 ? .down : .up
            let t = clock.measure {
                if let action = state.action(for: key) { _ = state.reduce(action) }
                Screen.render(state, into: &grid)
            }
            samples.append(t)
            changedCells.append(grid.changedRuns(since: previous).reduce(0) { $0 + $1.to - $1.from })
        }
        samples.sort()
        changedCells.sort()
        func ms(_ d: Duration) -> String {
            let value = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            return String(format: "%.2f ms", value)
        }
        Output.line("sources           \(source.sources.isEmpty ? "built-in demo" : source.sources.joined(separator: " "))")
        Output.line("resources         \(inventory.vpcs.count) VPCs, \(inventory.subnets.count) subnets, \(inventory.endpoints.count) endpoints, \(inventory.networkInterfaces.count) ENIs")
        Output.line("load (parse)      \(ms(loadTime))")
        Output.line("index             \(ms(indexTime))")
        Output.line("first frame       \(ms(firstFrame))  (\(parts[0])x\(parts[1]), tree + layout + render)")
        Output.line("redraw after key  median \(ms(samples[samples.count / 2])), p95 \(ms(samples[samples.count * 95 / 100])), max \(ms(samples.last!))")
        Output.line("cells changed     median \(changedCells[changedCells.count / 2]) of \(parts[0] * parts[1]) per cursor move")
        Output.line("peak memory       \(peakMemoryMB()) MB (VmHWM)")
    }

    func peakMemoryMB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return "?" }
        return String(kb / 1024)
    }
}
