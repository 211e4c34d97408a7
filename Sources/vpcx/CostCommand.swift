import Analysis
import ArgumentParser
import Canvas
import Loaders
import Model

/// `vpcx cost`: what endpoints and NAT gateways cost a month, against NAT, with break-even.
struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Monthly cost of endpoints and NAT gateways, the NAT alternative and break-even, and whether to centralise.",
        discussion: """
        Prices: built-in us-east-1 list prices unless --pricing FILE overrides them (any field, any region). \
        Traffic: --usage FILE gives GB a month per VPC and service (per AZ or subnet where known); \
        --gb on top of it: --gb SERVICE=GB applies to every VPC without its own figure; --gb VPC:SERVICE=GB to one VPC \
        (ID or Name tag). It is taken to come from the private subnets, spread evenly over their AZs. \
        A region with several VPCs also gets the centralise? answer: its interface endpoints in every VPC against \
        one hub VPC reached through a transit gateway, with the break-even number of VPCs and GB.
        """)

    @OptionGroup var source: SourceOptions

    @Option(name: .customLong("gb"), help: ArgumentHelp("Monthly traffic, [VPC:]SERVICE=GB (repeatable).", valueName: "[VPC:]SERVICE=GB"))
    var traffic: [String] = []

    @Option(help: ArgumentHelp("Prices (YAML or JSON) over the built-in us-east-1 list prices.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var pricing: String?

    @OptionGroup var usage: UsageOptions

    @Option(help: ArgumentHelp("Output: text, json or csv.", valueName: "FORMAT"), completion: Completions.formats(["text", "json", "csv"]))
    var format: CostOutput = .text

    func run() throws {
        let config = try UserSettings.load()
        let book = try CostCommand.loadPricing(pricing ?? config.pricing)
        let inventory = try source.load()
        let flows = try usage.traffic(gb: traffic, config: config, inventory: inventory)
        let report = CostReport(inventory: inventory, traffic: flows, pricing: book)
        let clean = { (s: String) in TextWidth.sanitize(s) }
        // The centralise? question only arises where a region has more than one VPC to share a hub.
        let centralisation = CentralisationModel.regions(inventory, traffic: flows, pricing: book).filter { $0.vpcCount > 1 }
        switch format {
        case .json:
            var json = report.json()
            if case .object(var fields) = json {
                fields.append(("centralisation", .array(centralisation.map { $0.json() })))
                json = .object(fields)
            }
            Output.json(Provenance.json(json, inventory).prettyText + "\n")
            for note in report.notes { printError("note: \(clean(note))") }
        case .csv:
            // One row per endpoint: the centralise? answer is per region, so it has no row here (text and json carry it).
            Output.text(report.csv(clean: clean))
            for note in report.notes { printError("note: \(clean(note))") }
        case .text:
            let centralise = centralisation.map { answer in
                "\n" + answer.lines.map { $0.mappingParts(clean).rendered(Output.glyphs.glyph(forNotation:)) }.joined(separator: "\n") + "\n"
            }.joined()
            Output.text(report.text(inventory: inventory, clean: clean) + centralise + Provenance.text(inventory))
        }
    }

    /// `--gb` arguments, or exit 2 naming the bad one.
    static func parseTraffic(_ arguments: [String]) throws -> Traffic {
        do {
            return try Traffic.parse(arguments)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }

    /// The pricing book: the built-in one, or a file's (`file:line:col: error: …` and exit 2).
    static func loadPricing(_ path: String?) throws -> PricingBook {
        guard let path else { return .builtIn }
        do {
            return try PricingLoader.load(path: path)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }
}
