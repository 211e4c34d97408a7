import Foundation
import Testing
@testable import Loaders

@Suite struct UserConfigTests {
    let path = "/home/ana/.config/vpcx/config.yaml"

    @Test func readsEveryKey() throws {
        let config = try UserConfig.parse("""
            theme: light
            pricing: prices/eu.yaml
            traffic:
              - s3=4000
              - prod:ecr.dkr=300
            mouse: off
            osc52: true
            hotKeys:
              paths:
                shortCut: p
                action: panel-paths
                description: Jump to paths
            """, path: path, home: "/home/ana")
        #expect(config.theme == "light")
        #expect(config.pricing == "/home/ana/.config/vpcx/prices/eu.yaml")
        #expect(config.traffic == ["s3=4000", "prod:ecr.dkr=300"])
        #expect(config.mouse == false && config.osc52 == true)
        #expect(config.hotKeys.map(\.name) == ["paths"])
        #expect(config.hotKeys.first?.shortCut == "p" && config.hotKeys.first?.action == "panel-paths")
        #expect(config.hotKeys.first?.description == "Jump to paths")
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        let config = try UserConfig.parse("# nothing yet\n", path: path)
        #expect(config.theme == nil && config.pricing == nil && config.traffic.isEmpty && config.mouse == nil && config.hotKeys.isEmpty)
    }

    @Test func homeRelativePricingIsExpanded() throws {
        #expect(try UserConfig.parse("pricing: ~/p.yaml\n", path: path, home: "/home/ana").pricing == "/home/ana/p.yaml")
        #expect(try UserConfig.parse("pricing: /etc/p.yaml\n", path: path, home: "/home/ana").pricing == "/etc/p.yaml")
    }

    func error(_ text: String) -> String {
        do {
            _ = try UserConfig.parse(text, path: path)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func unknownKeysAreLocated() {
        #expect(error("theme: light\ncolour: red\n").hasPrefix("\(path):2:1: error: unknown key 'colour' (keys: theme, pricing"))
        #expect(error("hotKeys:\n  p:\n    shortcut: p\n    action: quit\n")
                    .hasPrefix("\(path):3:5: error: unknown key 'shortcut' in hotKeys.p (keys: shortCut, action, description)"))
    }

    @Test func badValuesAreLocated() {
        #expect(error("mouse: maybe\n") == "\(path):1:8: error: mouse is true or false, not 'maybe'")
        #expect(error("traffic:\n  - s3=lots\n").hasPrefix("\(path):2:5: error: traffic: 'lots' is not a number of GB"))
        #expect(error("traffic: s3=4\n").hasPrefix("\(path):1:10: error: traffic is a list"))
        #expect(error("theme: [a, b]\n").hasPrefix("\(path):1:8: error: theme is a single value"))
        #expect(error("hotKeys:\n  p:\n    shortCut: p\n").hasPrefix("\(path):3:5: error: hotKeys.p needs an action"))
        #expect(error("theme: light\ntheme: dark\n").hasPrefix("\(path):2:1: error: 'theme' is given twice"))
        #expect(error("theme: [unclosed\n").hasPrefix("\(path):2:1: error: not valid YAML"))
        #expect(error("- a\n- b\n").hasPrefix("\(path):1:1: error: the config is a mapping"))
    }

    @Test func xdgConfigHomeComesFirst() {
        #expect(UserConfig.defaultPath(["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/vpcx/config.yaml")
        #expect(UserConfig.defaultPath(["HOME": "/h"]) == "/h/.config/vpcx/config.yaml")
        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and to be ignored.
        #expect(UserConfig.defaultPath(["XDG_CONFIG_HOME": "rel", "HOME": "/h"]) == "/h/.config/vpcx/config.yaml")
        #expect(UserConfig.defaultPath([:]) == nil)
    }
}
