/* compat.h — the first #include of every .c file in src/ and tools/.
 *
 * It brings in the system headers the code uses everywhere, then banned.h:
 * once a system header has declared a function, banned.h can turn its use
 * into a compile error, and a later #include of the same header (the
 * guards make it a no-op) cannot undo that.  _GNU_SOURCE comes from the
 * Makefile's CPPFLAGS, before any header. */
#ifndef LEADQA_COMPAT_H
#define LEADQA_COMPAT_H

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "banned.h"

#endif
