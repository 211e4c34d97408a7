import Analysis
import ArgumentParser
import Canvas
import Explorer
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Model

/// `vpcx diagram`: the explorer's with/without diagrams of one request, as text.
struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the traffic path of a subnet to a service, without and with the VPC's endpoints.")

    @OptionGroup var source: SourceOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Subnet ID or Name tag.", valueName: "SUBNET"))
    var from: String

    @Option(name: .customLong("service"), help: ArgumentHelp("Service short name (s3, ecr.dkr).", valueName: "NAME"), completion: Completions.services)
    var service: String

    @Option(help: ArgumentHelp("Columns to draw in (default: the terminal's width, else 100).", valueName: "N"))
    var width: Int?

    @Flag(help: "Draw with ASCII characters only (automatic unless standard output is a terminal with a UTF-8 locale).")
    var ascii = false

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
    }

    func run() throws {
        let inventory = try source.load()
        let resolver = PathResolver(inventory: inventory)
        let subnets = try SubnetArgument.resolve([from], in: inventory)
        let services = try ServiceArgument.resolve([service], resolver: resolver)
        let columns = width ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 100
        var blocks: [String] = []
        for subnet in subnets {
            for service in services {
                let path = resolver.path(from: subnet.id, to: service)
                blocks.append(PathDiagramView.diagramText(path, width: columns, glyphs: ascii ? .ascii : Output.glyphs))
            }
        }
        Output.line(blocks.joined(separator: "\n\n"))
    }
}
