import Foundation
import Testing

/// `~/.config/vpcx/config.yaml` as the binary reads it, through XDG_CONFIG_HOME.
@Suite struct UserConfigEndToEndTests {
    /// A config directory holding `config.yaml` with `text`.
    func withConfig(_ text: String, _ body: (String) throws -> Void) throws {
        let home = NSTemporaryDirectory() + "vpcx-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/vpcx", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try text.write(toFile: home + "/vpcx/config.yaml", atomically: true, encoding: .utf8)
        try body(home)
    }

    @Test func aHotKeyOpensItsPanel() throws {
        try withConfig("hotKeys:\n  paths:\n    shortCut: p\n    action: panel-paths\n") { home in
            let remapped = try BuiltBinary.run(["snapshot", "--size", "100x30", "--keys", "j j j p"], environment: ["XDG_CONFIG_HOME": home])
            let standard = try BuiltBinary.run(["snapshot", "--size", "100x30", "--keys", "j j j 2"], environment: ["XDG_CONFIG_HOME": "/nonexistent"])
            let unmapped = try BuiltBinary.run(["snapshot", "--size", "100x30", "--keys", "j j j p"], environment: ["XDG_CONFIG_HOME": "/nonexistent"])
            #expect(remapped.status == 0 && standard.status == 0)
            #expect(remapped.stdout == standard.stdout, "p does what 2 does")
            #expect(remapped.stdout != unmapped.stdout, "and without the config p does something else")
        }
    }

    @Test func configTrafficAndPricingAreDefaultsUnderTheOptions() throws {
        let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
        try withConfig("traffic:\n  - s3=4000\n  - logs=300\n") { home in
            let fromConfig = try BuiltBinary.run(["cost", blog, "--format", "json"], environment: ["XDG_CONFIG_HOME": home])
            let fromOptions = try BuiltBinary.run(["cost", blog, "--format", "json", "--gb", "s3=4000", "--gb", "logs=300"],
                                                  environment: ["XDG_CONFIG_HOME": "/nonexistent"])
            let overridden = try BuiltBinary.run(["cost", blog, "--format", "json", "--gb", "s3=1"], environment: ["XDG_CONFIG_HOME": home])
            #expect(fromConfig.status == 0 && fromConfig.stdout == fromOptions.stdout)
            #expect(overridden.stdout != fromConfig.stdout)
        }
    }

    @Test func badEntriesAreLocatedErrors() throws {
        try withConfig("theme: light\nhotKeys:\n  x:\n    shortCut: p\n    action: launch-missiles\n") { home in
            let result = try BuiltBinary.run(["snapshot", "--size", "80x24"], environment: ["XDG_CONFIG_HOME": home])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("\(home)/vpcx/config.yaml:4:5: error: hotKeys.x: unknown action 'launch-missiles' (actions: quit,"))
        }
        try withConfig("themes: light\n") { home in
            let result = try BuiltBinary.run(["check"], environment: ["XDG_CONFIG_HOME": home])
            #expect(result.status == 2 && result.stderr.hasPrefix("\(home)/vpcx/config.yaml:1:1: error: unknown key 'themes'"))
        }
    }
}

/// `--version`, completions and the man page's source: the conventions shells and packagers expect.
@Suite struct ConventionsTests {
    @Test func versionNamesTheBuild() throws {
        let result = try BuiltBinary.run(["--version"])
        #expect(result.status == 0)
        // A test build is not stamped; scripts/dist's is (see DistArtifactTests).
        #expect(result.stdout.hasPrefix("0.1.0 ("))
    }

    @Test func completionsKnowServicesRulesThemesAndFiles() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try BuiltBinary.run(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell)")
            let script = result.stdout
            #expect(script.contains("ecr.dkr") && script.contains("secretsmanager"), "\(shell): services")
            #expect(script.contains("ecr-needs-s3-gateway") && script.contains("ssm-incomplete"), "\(shell): rule IDs")
            #expect(script.contains("sarif") && script.contains("junit"), "\(shell): check formats")
            #expect(script.contains("---completion"), "\(shell): themes are asked of vpcx when completing")
        }
    }

    @Test func themeCompletionListsBuiltinsAndTheUsersThemes() throws {
        let home = NSTemporaryDirectory() + "vpcx-themes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/vpcx/themes", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "x: 1\n".write(toFile: home + "/vpcx/themes/solarized.yaml", atomically: true, encoding: .utf8)
        // What the generated scripts run to complete `vpcx explore --theme <TAB>`.
        let result = try BuiltBinary.run(["---completion", "explore", "--", "--theme", "3", "0", "vpcx", "explore", "--theme", ""], environment: ["XDG_CONFIG_HOME": home])
        let words = result.stdout.split(separator: "\n").map(String.init)
        #expect(words.contains("light") && words.contains("monochrome") && words.contains("solarized"), "\(result.stdout) \(result.stderr)")
    }
}
