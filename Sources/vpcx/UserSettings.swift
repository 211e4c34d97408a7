import ArgumentParser
import Canvas
import Explorer
import Loaders

/// The user's config file (`~/.config/vpcx/config.yaml`) as the commands use it: defaults under the
/// command-line options, and hot keys over the explorer's key map.
enum UserSettings {
    /// The config, or exit 2 with `file:line:col: error: …`.
    static func load() throws -> UserConfig {
        do {
            return try UserConfig.load()
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }

    /// The explorer's key map with the config's hot keys applied, or exit 2 at the first bad one.
    static func keyMap(_ config: UserConfig, base: KeyMap = .standard) throws -> KeyMap {
        do {
            return try keyMap(config.hotKeys, base: base)
        } catch {
            printError(TextWidth.sanitize(error.description))
            throw ExitCode(2)
        }
    }

    /// Each hot key rebinds its key; a key or action vpcx does not know is an error at the entry.
    static func keyMap(_ hotKeys: [UserConfig.HotKey], base: KeyMap) throws(LoadError) -> KeyMap {
        var map = base
        for hotKey in hotKeys {
            guard let key = Key(name: hotKey.shortCut) ?? singleCharacter(hotKey.shortCut) else {
                throw hotKey.error("unknown shortCut '\(hotKey.shortCut)' (a character, or a key name such as Enter, Esc, Tab, Up, PgDn, F5, Ctrl-F)")
            }
            guard let action = actions[hotKey.action] else {
                throw hotKey.error("unknown action '\(hotKey.action)' (actions: \(actionNames.joined(separator: ", ")))")
            }
            map = map.rebinding(key, to: action, help: hotKey.description ?? "\(hotKey.name) (hot key)")
        }
        return map
    }

    static func singleCharacter(_ text: String) -> Key? { text.count == 1 ? text.first.map(Key.character) : nil }

    /// The actions a hot key may name, in the help screen's order.
    static let namedActions: [(name: String, action: Action)] = [
        ("quit", .quit), ("help", .showHelp), ("down", .moveDown), ("up", .moveUp), ("page-down", .pageDown),
        ("page-up", .pageUp), ("top", .top), ("bottom", .bottom), ("open", .open), ("back", .back),
        ("toggle-expand", .toggleExpand), ("switch-pane", .switchPane), ("filter", .startFilter), ("jump", .startJump),
        ("panel-detail", .selectPanel(.detail)), ("panel-paths", .selectPanel(.paths)), ("panel-enis", .selectPanel(.enis)),
        ("panel-dns", .selectPanel(.dns)), ("panel-policy", .selectPanel(.policy)), ("panel-cost", .selectPanel(.cost)),
        ("panel-findings", .selectPanel(.findings)), ("next-panel", .nextPanel), ("previous-panel", .previousPanel),
        ("zoom", .zoom), ("next-service", .nextService), ("previous-service", .previousService), ("animate", .animate),
        ("traffic-up", .trafficUp), ("traffic-down", .trafficDown), ("type-traffic", .typeTraffic),
        ("write-usage", .writeUsage), ("single-az", .toggleSingleAZ),
        ("edit-policy", .editPolicy), ("toggle-endpoint", .toggleEndpoint), ("remove-nat", .removeNAT), ("undo", .undo),
        ("write-terraform", .writeTerraform), ("next-match", .nextMatch), ("previous-match", .previousMatch),
        ("copy", .copySelection), ("suspend", .suspend), ("repaint", .repaint),
        ("fix-down", .detailDown), ("fix-up", .detailUp), ("next-cell", .nextCell), ("previous-cell", .previousCell),
    ]
    static let actions = Dictionary(namedActions.map { ($0.name, $0.action) }, uniquingKeysWith: { a, _ in a })
    static var actionNames: [String] { namedActions.map(\.name) }
}
