// swift-tools-version:6.0
// vpcx: a terminal explorer for AWS VPC endpoints.
// The target graph is the architecture (DESIGN.md): each module imports only the ones below it.
import PackageDescription
import Foundation

let package = Package(
    name: "vpcx",
    // Linux is where vpcx is built, tested and shipped (SwiftPM needs no platform entry for it). The
    // macOS floor is the oldest whose Foundation has what the code uses (ContinuousClock); no CI
    // builds for macOS, so it is a floor, not a promise.
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vpcx", targets: ["vpcx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Value types of the domain, prices and traffic included. Foundation only.
        .target(name: "Model"),
        // A fast JSON reader (pull and tree, with locations) and the one location type of every reader
        // (`SourcePosition`): shared by loaders, policy analysis and theme errors.
        .target(name: "JSONText"),
        // Every input format into one Inventory; the built-in demo is compiled in.
        .target(
            name: "Loaders",
            dependencies: ["Model", "JSONText", "CZlib", .product(name: "Yams", package: "Yams")],
            exclude: ["Demo/README.md"],
            resources: [
                .embedInCode("Demo/blog-eu-west-1/describe-internet-gateways.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-nat-gateways.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-network-interfaces.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-prefix-lists.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-route-tables.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-security-groups.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-subnets.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-vpc-attribute.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-vpc-endpoints.json"),
                .embedInCode("Demo/blog-eu-west-1/describe-vpcs.json"),
            ]
        ),
        // `vpcx collect`: a snapshot of a live account through the aws CLI, written atomically.
        .target(name: "Collect", dependencies: ["Model"]),
        // The one place Terraform (HCL) text is written: quoted strings, valid names, one-line comments;
        // and a whole inventory as a configuration (`vpcx export --terraform`). Model only, so Analysis
        // (fixes, what-if export) and anything else that prints HCL can use it.
        .target(name: "TerraformWriter", dependencies: ["Model"]),
        // Pure functions of an Inventory: paths, cost, policies, findings, what-if.
        .target(name: "Analysis", dependencies: ["Model", "JSONText", "TerraformWriter"]),
        // The grid every view draws into, the role-to-style resolver, and terminal-independent input events.
        .target(name: "Canvas"),
        // Theme files (the built-ins compiled in, user files from disk) into role styles; errors located.
        .target(
            name: "ThemeLoader",
            dependencies: ["Canvas", "JSONText", .product(name: "Yams", package: "Yams")],
            resources: [
                .embedInCode("Themes/default-dark.yaml"),
                .embedInCode("Themes/light.yaml"),
                .embedInCode("Themes/high-contrast.yaml"),
                .embedInCode("Themes/monochrome.yaml"),
            ]
        ),
        // The UI as pure state + reduce + views, and the Program that steps it. No I/O.
        .target(name: "Explorer", dependencies: ["Canvas", "Analysis", "Model", "JSONText"]),
        // zlib, for gzip'd flow logs (Debian zlib1g-dev); only Loaders/FlowLogs imports it.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // ncurses, wide-character build, as a system library (see ncurses-notes.md).
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // The only importer of CNcurses: terminal set-up and tear-down, input, presenting a Grid.
        .target(name: "Terminal", dependencies: ["Canvas", "CNcurses", "JSONText"]),
        // The git commit `scripts/dist` stamps into the release binary (`vpcx --version`).
        .target(name: "CBuildInfo"),
        // hypot/hypotf bound to their original glibc symbol version, so the release binary starts on glibc 2.34.
        .target(name: "CGlibcCompat", linkerSettings: [.linkedLibrary("m")]),
        // Exercises Terminal on a real terminal for the tmux tests and the present() benchmark.
        .executableTarget(name: "terminal-demo", dependencies: ["Terminal", "Canvas"]),
        .executableTarget(
            name: "vpcx",
            dependencies: [
                "Model", "JSONText", "Loaders", "Analysis", "Canvas", "ThemeLoader", "Explorer", "Terminal", "Collect",
                "CBuildInfo", "CGlibcCompat", "TerraformWriter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Helpers the end-to-end tests share: spawning without the runner's signal mask, tmux sessions.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "LoadersTests", dependencies: ["Loaders", "Model", "JSONText", "TestSupport", .product(name: "Yams", package: "Yams")], exclude: ["Terraform/hcl2_structure.py"], resources: [.copy("Fixtures")]),
        // Support/moto-org.py builds the organisation the --org tests collect (run by the tests, not compiled).
        .testTarget(name: "CollectTests", dependencies: ["Collect", "Loaders", "Analysis", "Model"], exclude: ["Support/moto-org.py"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Loaders", "Model", "JSONText", "TerraformWriter"]),
        .testTarget(name: "CanvasTests", dependencies: ["Canvas"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Canvas", "TestSupport", "terminal-demo"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "ThemeLoader", "Loaders", "Analysis", "Canvas", "Model", "TestSupport"],
                    resources: [.copy("Snapshots")]),
        // Drives the built binary (a dependency, so it is always the one just built): command-line
        // contracts and tmux sessions.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "vpcx"]),
    ]
)

// libFuzzer harnesses (Fuzz/), only when scripts/fuzz builds them: they have no main of their own
// (libFuzzer supplies it), so an ordinary `swift build` must not see them.
if ProcessInfo.processInfo.environment["VPCX_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "vpcx-fuzz", dependencies: ["Loaders", "Analysis", "Explorer", "ThemeLoader", "Canvas", "Model"], path: "Fuzz",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
