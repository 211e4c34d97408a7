import Analysis
import ArgumentParser
import Explorer

/// What `vpcx --generate-completion-script bash|zsh|fish` offers for the values that have names.
enum Completions {
    /// `--service`: the short names vpcx knows (`s3`, `ecr.dkr`, …).
    static var services: CompletionKind { .list(ServiceCatalog.known.sorted()) }

    /// `check --explain`: every rule ID.
    static var rules: CompletionKind { .list(CheckCommand.engine.rules.map(\.id)) }

    /// `--theme`: the built-in themes and the user's own, read when the shell asks (a theme added
    /// after the completion script was installed still completes).
    static var themes: CompletionKind { .custom { _, _, _ in ThemeChoice.knownNames() } }

    /// SOURCE arguments: files and directories.
    static var sources: CompletionKind { .file() }

    /// `--format` of a command.
    static func formats(_ names: [String]) -> CompletionKind { .list(names) }
}
