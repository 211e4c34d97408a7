/// Why the terminal could not be set up. The message says what to do about it.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Neither stdin/stdout nor `/dev/tty` is a terminal (a cron job, a pipe without a controlling terminal).
    case noTerminal
    /// `TERM` names a type the terminfo database does not know (or `TERM` is unset).
    case unknownTerminal(String)
    /// The terminal cannot address the cursor (`TERM=dumb`, or no `cup` capability).
    case incapableTerminal(String)

    /// The message for the user, starting `error:`; it says what to do.
    public var description: String {
        switch self {
        case .noTerminal:
            return "error: no terminal: the interactive explorer needs a terminal (stdin/stdout or /dev/tty); "
                + "use a non-interactive command (check, paths, cost, diagram, snapshot) instead"
        case .unknownTerminal(let name) where name.isEmpty:
            return "error: TERM is not set: set it to your terminal's type, e.g. TERM=xterm-256color"
        case .unknownTerminal(let name):
            return "error: TERM=\(name): unknown terminal type (not in the terminfo database); "
                + "set TERM to a known type, e.g. TERM=xterm-256color, or install its terminfo entry"
        case .incapableTerminal(let name):
            return "error: TERM=\(name): this terminal cannot move the cursor; "
                + "use a full-screen terminal (e.g. TERM=xterm-256color) or a non-interactive command"
        }
    }
}
