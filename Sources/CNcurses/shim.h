// CNcurses: the one place coedit touches C curses.
//
// Swift cannot import curses' function-like macros (COLOR_PAIR, A_* attributes), and Swift 6 language mode
// rejects reads of curses' mutable globals (stdscr, LINES, COLS, COLORS). Each is wrapped here in a
// `static inline` function prefixed `cn_` so the Swift side never sees a macro or a global.
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// The standard screen window (curses global `stdscr`).
static inline WINDOW *cn_stdscr(void) { return stdscr; }
/// Terminal height in rows (curses global `LINES`).
static inline int cn_lines(void) { return LINES; }
/// Terminal width in columns (curses global `COLS`).
static inline int cn_cols(void) { return COLS; }
/// Number of colours the terminal supports (curses global `COLORS`); 0 before start_color().
static inline int cn_colors(void) { return COLORS; }
/// Number of colour pairs available (curses global `COLOR_PAIRS`).
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

/// The attribute bits for colour pair `n` (macro `COLOR_PAIR`).
static inline attr_t cn_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }

/// Sets the locale from the environment so ncursesw handles UTF-8; call before initscr.
static inline void cn_set_locale_from_environment(void) { setlocale(LC_ALL, ""); }

/// Reads one wide character or key code. Returns OK (character in *ch), KEY_CODE_YES (key code in *ch) or ERR.
static inline int cn_get_wch(WINDOW *win, wint_t *ch) { return wget_wch(win, ch); }

/// Draws `count` wide characters (one grapheme cluster: a base plus combining marks) at row/col with attributes.
/// Returns ERR when the cell is off-screen or the characters cannot be drawn.
static inline int cn_put_cluster(WINDOW *win, int row, int col, const wchar_t *chars, int count, attr_t attrs,
                                 short pair) {
    cchar_t cell;
    wchar_t buffer[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buffer[i] = chars[i];
    buffer[n] = L'\0';
    if (setcchar(&cell, buffer, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(win, row, col, &cell);
}

/// Moves the physical cursor (macro-free wrapper of `wmove`).
static inline int cn_move(WINDOW *win, int row, int col) { return wmove(win, row, col); }

/// Key codes that are macros in curses.h.
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_err(void) { return ERR; }
static inline int cn_ok(void) { return OK; }

/// Starts curses on the process's stdin/stdout without exiting on failure (unlike initscr): returns NULL when the
/// terminal type is unknown or unusable. Makes the new screen current.
static inline SCREEN *cn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/// Reads the terminal size of `fd` (TIOCGWINSZ). Returns 0 and sets *rows/*cols, or -1 when unknown.
static inline int cn_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

/// The terminfo string capability `name` of the current terminal, or NULL when absent or not a string.
static inline const char *cn_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return NULL;
    return value;
}

/// The display width curses uses for a wide character (wcwidth); -1 for non-printable.
static inline int cn_wcwidth(wchar_t ch) { return wcwidth(ch); }

/// Makes the next refresh repaint every cell (after the terminal may have been disturbed, e.g. on SIGCONT).
static inline void cn_clear_on_next_refresh(void) { clearok(curscr, TRUE); }

#endif
