import ArgumentParser
import Canvas
import Explorer
import Foundation
import Loaders
import Terminal
import ThemeLoader

/// `vpcx tour [SOURCE ...]`: the explorer, stepping through the network in the article's order.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Step through the network in the article's order: endpoints, the costliest NAT path, ENIs, DNS, a policy, cost, findings.",
        discussion: """
        Each step is an explorer screen chosen from the data, with a caption and a step counter. \
        Space, Right or n: next step; Left or p: the step before; q: keep exploring from this screen; Esc: quit. \
        A step whose fact the network lacks is left out. vpcx snapshot --tour-step N prints one step.
        """)

    @OptionGroup var source: SourceOptions

    /// The same traffic and prices as the explorer: the tour's costliest-NAT step ranks by them.
    @OptionGroup(title: "Traffic and prices") var prices: ExplorerPricingOptions

    @Option(help: "Colour theme, as for the explorer.", completion: Completions.themes)
    var theme: String?

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(name: .customLong("no-osc52"), help: "Do not copy to the clipboard with OSC 52.")
    var noOSC52 = false

    @Option(help: ArgumentHelp("Record the tour as an asciicast v2 file (asciinema play FILE replays it); only TERM is written from the environment.", valueName: "FILE.cast"))
    var record: String?

    func run() throws {
        if let record { try Recording.rerun(recordingTo: record) }
        let config = try UserSettings.load()
        let theme = try ThemeChoice.resolve(self.theme ?? config.theme)
        let keyMap = try UserSettings.keyMap(config)
        let options = try source.loadOptions()
        let inputs = try prices.inputs(config: config)
        let target = inputs.target(sources: source.sources, workingDirectory: FileManager.default.currentDirectoryPath)
        let load = BackgroundLoad(sources: source.sources, options: options, inputs: inputs, usage: target, firstLook: false)
        try ExploreCommand.open(load, sources: source.sources, options: options, theme: theme, keyMap: keyMap, ascii: ascii,
                                mouse: !noMouse && config.mouse != false, clipboard: !noOSC52 && config.osc52 != false, tour: true)
    }
}
