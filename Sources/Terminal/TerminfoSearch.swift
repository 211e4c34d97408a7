#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Canvas

/// Finding a terminfo entry on a host vpcx was not built on: a bastion's ncurses may keep its database
/// somewhere else than the build machine's, and a terminal newer than the host often has no entry at
/// all (`TERM=xterm-ghostty` over SSH).
public enum TerminfoSearch {
    /// Where distributions keep the database: Debian `/lib` and `/usr/share`, Red Hat and Amazon Linux
    /// `/usr/share`, local additions in `/etc`, older systems `/usr/lib`.
    public static let standardDirectories = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]

    /// `TERMINFO_DIRS` with the standard directories that exist added after what the user set. An
    /// empty entry, kept first when the user set nothing, is ncurses' own compiled-in location, so
    /// this only ever adds places to look.
    public static func directories(userValue: String?, exists: (String) -> Bool = TerminfoSearch.isDirectory) -> String {
        var entries = (userValue ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        for directory in standardDirectories where !entries.contains(directory) && exists(directory) { entries.append(directory) }
        return entries.joined(separator: ":")
    }

    /// Sets `TERMINFO_DIRS` for this process before ncurses reads it.
    static func widenSearch() {
        let current = getenv("TERMINFO_DIRS").map { String(cString: $0) }
        setenv("TERMINFO_DIRS", directories(userValue: current), 1)
    }

    /// Terminals that speak xterm's control sequences (and announce themselves under their own name);
    /// without an entry for their name they work as `xterm-256color`.
    public static func isXtermCompatible(_ term: String) -> Bool {
        let name = term.lowercased()
        if name.hasPrefix("xterm-") || name == "xterm" { return true }
        let families = ["ghostty", "kitty", "wezterm", "alacritty", "foot", "contour", "rio", "konsole", "vte", "gnome",
                        "iterm", "iterm2", "tilix", "terminator", "mintty"]
        return families.contains { name == $0 || name.hasPrefix($0 + "-") }
    }

    /// The entry to fall back to for an unknown xterm-compatible TERM, in order of preference.
    public static let fallbacks = ["xterm-256color", "xterm"]

    /// The one-line notice the explorer shows when it fell back.
    public static func notice(term: String, using fallback: String) -> String {
        "TERM=\(TextWidth.sanitize(term)) has no terminfo entry on this host; using \(fallback) (install the entry to silence this)"
    }

    /// Whether a directory is there (the default test of `directories`).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
