import Model
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Yams

/// The user's defaults, from `~/.config/vpcx/config.yaml` (`$XDG_CONFIG_HOME/vpcx/config.yaml` when set):
///
///     theme: light                  # as --theme
///     pricing: prices.yaml          # as --pricing; relative to this file's directory, ~ expanded
///     usage: usage.yaml             # as --usage (GB a month per VPC and service); resolved the same way
///     traffic:                      # as --gb, one entry each: [VPC:]SERVICE=GB
///       - s3=4000
///       - prod-vpc:ecr.dkr=300
///     mouse: false                  # as --no-mouse
///     osc52: true                   # copy to the clipboard through the terminal (stored for later use)
///     hotKeys:                      # k9s-style: a name of your choice per entry
///       paths:
///         shortCut: p
///         action: panel-paths
///         description: Jump to the paths panel
///
/// Command-line options override it. A key vpcx does not know, or a value of the wrong kind, is a
/// `file:line:col: error:` (exit 2), never silently ignored.
public struct UserConfig: Sendable {
    /// A key remap: a key (as `--keys` names them: `p`, `Ctrl-F`, `F5`) for an explorer action. The
    /// names are checked where the key map lives; `line`/`column` locate the entry for those errors.
    public struct HotKey: Sendable, Equatable {
        public var name: String
        public var shortCut: String
        public var action: String
        public var description: String?
        public var path: String
        public var line: Int
        public var column: Int

        /// An error about this entry, located at it.
        public func error(_ message: String) -> LoadError {
            LoadError(path: path, line: line, column: column, message: "hotKeys.\(name): \(message)")
        }
    }

    /// The file it was read from; nil when there is none.
    public var path: String?
    public var theme: String?
    /// The pricing file, already resolved against the config file's directory.
    public var pricing: String?
    /// The usage file, already resolved against the config file's directory.
    public var usage: String?
    /// Monthly traffic, in `--gb`'s form (empty: none given).
    public var traffic: [String] = []
    public var mouse: Bool?
    public var osc52: Bool?
    public var hotKeys: [HotKey] = []

    public init() {}

    /// The top-level keys, in the order the documentation lists them.
    public static let keys = ["theme", "pricing", "usage", "traffic", "mouse", "osc52", "hotKeys"]
    static let hotKeyKeys = ["shortCut", "action", "description"]

    /// Where the file is looked for: `$XDG_CONFIG_HOME/vpcx/config.yaml`, else `~/.config/vpcx/config.yaml`.
    public static func defaultPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/vpcx/config.yaml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/vpcx/config.yaml"
    }

    /// The user's config: the file at `defaultPath`, or the defaults when there is none.
    public static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(LoadError) -> UserConfig {
        guard let path = defaultPath(environment), FileManager.default.fileExists(atPath: path) else { return UserConfig() }
        return try load(path: path, home: environment["HOME"])
    }

    /// Reads one config file.
    public static func load(path: String, home: String? = nil) throws(LoadError) -> UserConfig {
        let bytes = try FileBytes.read(path: path)
        return try parse(String(decoding: bytes, as: UTF8.self), path: path, home: home)
    }

    /// Parses a config file's text; `path` names it in errors and anchors a relative pricing path.
    public static func parse(_ text: String, path: String, home: String? = nil) throws(LoadError) -> UserConfig {
        var config = UserConfig()
        config.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PricingLoader.located(error, path: path)
        } catch {
            throw LoadError(path: path, message: "not YAML: \(error)")
        }
        guard let root else { return config }  // an empty file: the defaults
        guard let mapping = root.mapping else { throw failure(root, path, "the config is a mapping of keys (\(keys.joined(separator: ", ")))") }
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw failure(keyNode, path, "keys are plain words") }
            guard seen.insert(key).inserted else { throw failure(keyNode, path, "'\(key)' is given twice") }
            switch key {
            case "theme": config.theme = try string(value, key, path)
            case "pricing": config.pricing = resolve(try string(value, key, path), against: path, home: home)
            case "usage": config.usage = resolve(try string(value, key, path), against: path, home: home)
            case "traffic":
                guard let items = value.sequence else { throw failure(value, path, "traffic is a list of [VPC:]SERVICE=GB entries, as --gb takes") }
                for item in items {
                    let entry = try string(item, key, path)
                    do {
                        _ = try Traffic.parseEntry(entry)
                    } catch {
                        throw failure(item, path, "traffic: \(error.message)")
                    }
                    config.traffic.append(entry)
                }
            case "mouse": config.mouse = try bool(value, key, path)
            case "osc52": config.osc52 = try bool(value, key, path)
            case "hotKeys": config.hotKeys = try hotKeys(value, path)
            default:
                throw failure(keyNode, path, "unknown key '\(key)' (keys: \(keys.joined(separator: ", ")))")
            }
        }
        return config
    }

    static func hotKeys(_ node: Node, _ path: String) throws(LoadError) -> [HotKey] {
        guard let entries = node.mapping else { throw failure(node, path, "hotKeys is a mapping of names to {shortCut, action}") }
        var result: [HotKey] = []
        for (nameNode, entry) in entries {
            guard let name = nameNode.string else { throw failure(nameNode, path, "a hot key's name is a plain word") }
            guard let fields = entry.mapping else { throw failure(entry, path, "hotKeys.\(name) is a mapping with shortCut and action") }
            var shortCut: String?
            var action: String?
            var description: String?
            for (fieldNode, value) in fields {
                guard let field = fieldNode.string else { throw failure(fieldNode, path, "keys are plain words") }
                switch field {
                case "shortCut": shortCut = try string(value, "hotKeys.\(name).shortCut", path)
                case "action": action = try string(value, "hotKeys.\(name).action", path)
                case "description": description = try string(value, "hotKeys.\(name).description", path)
                default:
                    throw failure(fieldNode, path, "unknown key '\(field)' in hotKeys.\(name) (keys: \(hotKeyKeys.joined(separator: ", ")))")
                }
            }
            guard let shortCut else { throw failure(entry, path, "hotKeys.\(name) needs a shortCut (a key, such as p or Ctrl-F)") }
            guard let action else { throw failure(entry, path, "hotKeys.\(name) needs an action") }
            let mark = entry.mark ?? nameNode.mark
            result.append(HotKey(name: name, shortCut: shortCut, action: action, description: description, path: path,
                                 line: mark?.line ?? 1, column: mark?.column ?? 1))
        }
        return result
    }

    static func string(_ node: Node, _ key: String, _ path: String) throws(LoadError) -> String {
        guard case .scalar(let scalar) = node else { throw failure(node, path, "\(key) is a single value") }
        return scalar.string
    }

    static func bool(_ node: Node, _ key: String, _ path: String) throws(LoadError) -> Bool {
        guard case .scalar(let scalar) = node else { throw failure(node, path, "\(key) is true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw failure(node, path, "\(key) is true or false, not '\(scalar.string)'")
        }
    }

    /// `~/x` against HOME, a relative path against the config file's directory.
    static func resolve(_ value: String, against configPath: String, home: String?) -> String {
        if value.hasPrefix("~/"), let home { return home + value.dropFirst(1) }
        if value.hasPrefix("/") { return value }
        guard let slash = configPath.lastIndex(of: "/") else { return value }
        return String(configPath[...slash]) + value
    }

    static func failure(_ node: Node, _ path: String, _ message: String) -> LoadError {
        LoadError(path: path, line: node.mark?.line, column: node.mark?.column, message: message)
    }
}
