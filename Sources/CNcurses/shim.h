// The wide-character ncurses API, with the macros Swift cannot import wrapped as functions.
#ifndef VPCX_CNCURSES_SHIM_H
#define VPCX_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <ncurses.h>
#endif
