import Testing
@testable import Terminal

@Suite struct TerminfoSearchTests {
    @Test func addsTheStandardDirectoriesAfterNcursesOwnDefault() {
        let exists: (String) -> Bool = { $0 != "/usr/lib/terminfo" }
        // The leading empty entry is ncurses' compiled-in location: it is still searched first.
        #expect(TerminfoSearch.directories(userValue: nil, exists: exists) == ":/etc/terminfo:/lib/terminfo:/usr/share/terminfo")
    }

    @Test func keepsWhatTheUserSetFirst() {
        #expect(TerminfoSearch.directories(userValue: "/opt/ti:/usr/share/terminfo", exists: { _ in true })
                    == "/opt/ti:/usr/share/terminfo:/etc/terminfo:/lib/terminfo:/usr/lib/terminfo")
    }

    @Test func knowsTheXtermCompatibleTerminals() {
        for name in ["xterm-ghostty", "xterm-kitty", "wezterm", "alacritty", "foot", "foot-extra", "xterm"] {
            #expect(TerminfoSearch.isXtermCompatible(name), "\(name)")
        }
        for name in ["vt52", "dumb", "screen", "tmux-256color", "linux", ""] {
            #expect(!TerminfoSearch.isXtermCompatible(name), "\(name)")
        }
    }

    @Test func theNoticeCannotCarryEscapes() {
        #expect(!TerminfoSearch.notice(term: "xterm-\u{1B}[2J", using: "xterm-256color").contains("\u{1B}"))
    }
}
