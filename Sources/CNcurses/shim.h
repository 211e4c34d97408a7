// The wide-character ncurses API, with the macros Swift cannot import wrapped as functions.
// Only Sources/Terminal imports this module.
#ifndef VPCX_CNCURSES_SHIM_H
#define VPCX_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <spawn.h>

// Attributes: expression macros, not imported by Swift.
static inline attr_t vpcx_attr_normal(void) { return A_NORMAL; }
static inline attr_t vpcx_attr_bold(void) { return A_BOLD; }
static inline attr_t vpcx_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t vpcx_attr_reverse(void) { return A_REVERSE; }
static inline attr_t vpcx_attr_dim(void) { return A_DIM; }

// Globals that Swift 6 strict concurrency refuses to touch directly.
static inline WINDOW *vpcx_stdscr(void) { return stdscr; }
static inline FILE *vpcx_stdin(void) { return stdin; }
static inline FILE *vpcx_stdout(void) { return stdout; }
static inline int vpcx_cols(void) { return COLS; }
static inline int vpcx_lines(void) { return LINES; }
static inline int vpcx_colors(void) { return COLORS; }
static inline int vpcx_color_pairs(void) { return COLOR_PAIRS; }

// Key codes (wget_wch returns KEY_CODE_YES and one of these).
static inline int vpcx_key_code_yes(void) { return KEY_CODE_YES; }
static inline int vpcx_key_up(void) { return KEY_UP; }
static inline int vpcx_key_down(void) { return KEY_DOWN; }
static inline int vpcx_key_left(void) { return KEY_LEFT; }
static inline int vpcx_key_right(void) { return KEY_RIGHT; }
static inline int vpcx_key_home(void) { return KEY_HOME; }
static inline int vpcx_key_end(void) { return KEY_END; }
static inline int vpcx_key_ppage(void) { return KEY_PPAGE; }
static inline int vpcx_key_npage(void) { return KEY_NPAGE; }
static inline int vpcx_key_enter(void) { return KEY_ENTER; }
static inline int vpcx_key_btab(void) { return KEY_BTAB; }
static inline int vpcx_key_backspace(void) { return KEY_BACKSPACE; }
static inline int vpcx_key_dc(void) { return KEY_DC; }
static inline int vpcx_key_resize(void) { return KEY_RESIZE; }
static inline int vpcx_key_mouse(void) { return KEY_MOUSE; }
static inline int vpcx_key_f(int n) { return KEY_F(n); }

// Mouse masks: NCURSES_MOUSE_MASK expressions, not imported by Swift.
static inline mmask_t vpcx_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t vpcx_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t vpcx_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t vpcx_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t vpcx_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t vpcx_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// errno is a macro over a thread-local; reading and clearing it from Swift is clearer through these.
static inline int vpcx_errno(void) { return errno; }
static inline void vpcx_clear_errno(void) { errno = 0; }

// Pseudo-terminals and window sizes for --record (RecordingRelay): ioctl is variadic, and
// ptsname_r and posix_openpt need feature macros Swift's Glibc module may not set.
/// A new pseudo-terminal's master (close-on-exec), its slave's path in `name`; -1 on failure (errno set).
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern int ptsname_r(int fd, char *buffer, size_t length);
static inline int vpcx_open_pty(char *name, size_t length) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, length) != 0) {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
    return master;
}
/// The terminal's size in columns and rows; 0 on success.
static inline int vpcx_get_window_size(int fd, int *columns, int *rows) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *columns = size.ws_col;
    *rows = size.ws_row;
    return 0;
}
/// Sets a (pseudo-)terminal's size; the kernel tells its foreground process group with SIGWINCH.
static inline int vpcx_set_window_size(int fd, int columns, int rows) {
    struct winsize size = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)columns };
    return ioctl(fd, TIOCSWINSZ, &size);
}
/// posix_spawn's flag for a new session (so the child's pseudo-terminal becomes its controlling one).
static inline short vpcx_spawn_setsid(void) {
#ifdef POSIX_SPAWN_SETSID
    return POSIX_SPAWN_SETSID;
#else
    return 0;
#endif
}
#endif
