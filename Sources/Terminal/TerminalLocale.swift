#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the user's locale writes UTF-8: the one decision between Unicode and ASCII glyphs, for the
/// explorer's screen and for the commands' text alike (`LANG=C` over SSH to a bastion: ASCII).
public enum TerminalLocale {
    /// The codeset of the locale the environment names (`LC_ALL`, then `LC_CTYPE`, then `LANG`, as the
    /// C library reads them) is UTF-8. Asking leaves the process's own character-type locale as it was.
    public static var isUTF8: Bool {
        let previous = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        setlocale(LC_CTYPE, "")
        defer { if let previous { setlocale(LC_CTYPE, previous) } }
        guard let codeset = nl_langinfo(Int32(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
