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

    @OptionGroup(title: "Screen") var screen: ScreenOptions

    func run() throws {
        if let record = screen.record { try Recording.rerun(recordingTo: record) }
        let config = try UserSettings.load()
        let (theme, mouse, clipboard) = try screen.settings(config)
        let keyMap = try UserSettings.keyMap(config)
        let options = try source.loadOptions()
        let inputs = try prices.inputs(config: config)
        let target = inputs.target(sources: source.sources, workingDirectory: FileManager.default.currentDirectoryPath)
        let load = BackgroundLoad(sources: source.sources, options: options, inputs: inputs, usage: target, firstLook: false)
        try ExploreCommand.open(load, sources: source.sources, options: options, theme: theme, keyMap: keyMap, ascii: screen.ascii,
                                mouse: mouse, clipboard: clipboard, tour: true)
    }
}
