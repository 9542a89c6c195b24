/*
 * wglob.h: path patterns expanded inside the audit root, for `file ... WHERE
 * path GLOB` and for the include globs of nginx and apache.
 *
 * A pattern is split at '/'. A component without wildcards is taken
 * literally and resolved through the root like any path (symlinks in it are
 * followed, confined to the root). A component with '*', '?' or '[...]' is
 * matched (fnmatch) against the entries of the directory reached so far; a
 * component that is exactly "**" matches any number of directories (zero or
 * more in the middle of a pattern, one or more at its end, i.e. "everything
 * below"). Expansion never descends through a symbolic link: a link that
 * matches is reported as a match, but a wildcard or "**" never walks into
 * the directory it points to, so a planted link cannot send the walk around
 * the tree or into a loop. Matches come out in byte order per directory, as
 * glob(3) sorts them in the C locale.
 */
#ifndef EG_WEB_WGLOB_H
#define EG_WEB_WGLOB_H

#include "../../util/err.h"
#include "../../util/rootfs.h"
#include "webutil.h"

/* Flags. */
#define EG_WGLOB_PERIOD 1u   /* wildcards do not match a leading '.' (glob(3));
			      * without it they do, as SQLite's GLOB does */
#define EG_WGLOB_NOESCAPE 2u /* '\\' is an ordinary character (SQLite GLOB) */

/* 1 when s holds a wildcard character ('*', '?' or '['). */
int eg_wglob_has_magic(const char *s);

/*
 * Appends to out every existing path under the root that matches pattern
 * (at most max matches). Relative patterns are taken from the root, and the
 * matches keep the pattern's form (leading '/' or not). Returns 0, or a
 * negative code after recording the first problem in e: EG_E_LIMIT (more
 * than max matches or a walk deeper than EG_WALK_MAX_DEPTH), EG_E_IO (a
 * directory that could not be read), EG_E_NOMEM. Even then out holds the
 * matches found, so callers may warn and use them.
 */
int eg_wglob(struct eg_root *r, const char *pattern, unsigned flags,
	     size_t max, struct eg_strv *out, struct eg_err *e);

#endif
