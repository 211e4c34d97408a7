import ArgumentParser
import Canvas
import Explorer
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ThemeLoader
import Loaders

/// Which theme to use: `--theme NAME` (a user theme in ~/.config/vpcx/themes/NAME.yaml, a built-in,
/// or a path to a .yaml file), else monochrome when NO_COLOR is set, else default-dark.
enum ThemeChoice {
    static func resolve(_ requested: String?) throws -> Theme {
        let environment = ProcessInfo.processInfo.environment
        guard let name = requested else {
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return Theme.builtin("monochrome") ?? .defaultDark }
            return .defaultDark
        }
        let fileManager = FileManager.default
        var candidates: [String] = []
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/") { candidates.append(name) }
        let config = userThemeDirectory(environment)
        if let config { candidates += [config + "/\(name).yaml", config + "/\(name).yml"] }
        for path in candidates where fileManager.fileExists(atPath: path) {
            // Through the loaders' reader: a regular file, of bounded size (not /dev/zero, not a FIFO).
            let text: String
            do {
                guard let utf8 = String(validating: try FileBytes.read(path: path), as: UTF8.self) else {
                    printError("\(path): error: a theme file must be UTF-8 text")
                    throw ExitCode(2)
                }
                text = utf8
            } catch let error as LoadError {
                printError(error.description)
                throw ExitCode(2)
            }
            do {
                return try Theme.parse(text, path: path, roles: Role.explorerRoles)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
        if let builtin = Theme.builtin(name) { return builtin }
        printError("error: no theme named '\(name)' (themes: \(knownNames(environment).joined(separator: ", ")))")
        throw ExitCode(2)
    }

    /// `~/.config/vpcx/themes` (XDG_CONFIG_HOME honoured); nil without HOME.
    static func userThemeDirectory(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["XDG_CONFIG_HOME"].map { $0 + "/vpcx/themes" } ?? environment["HOME"].map { $0 + "/.config/vpcx/themes" }
    }

    /// Every theme `--theme NAME` accepts by name: the built-ins, then the user's themes directory.
    static func knownNames(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var known = Theme.builtinNames
        if let config = userThemeDirectory(environment), let files = try? FileManager.default.contentsOfDirectory(atPath: config) {
            known += files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        }
        return known
    }
}
