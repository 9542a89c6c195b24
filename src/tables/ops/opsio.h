/*
 * opsio.h: reading configuration files under the audit root for the "ops"
 * tables: bounded line iteration, sorted directory listings, include globs,
 * and the bookkeeping of nested includes (depth, file count, cycles).
 *
 * Everything goes through rootfs.h, so no path read here leaves the root,
 * whatever symlinks or ".." it holds. Problems are warnings added to an
 * eg_orows (file:line: message) and the file or line concerned is skipped:
 * one bad file never hides the facts of the others.
 */
#ifndef EG_OPS_OPSIO_H
#define EG_OPS_OPSIO_H

#include <stddef.h>
#include <sys/types.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/rootfs.h"
#include "orows.h"

/* A cursor over the lines of a buffer. */
struct eg_ops_lines {
	const char *buf;
	size_t len;
	size_t pos;
	size_t lineno;        /* number of the line last returned, from 1 */
	const char *file;     /* for warnings */
	struct eg_orows *warn;
};

void eg_ops_lines_init(struct eg_ops_lines *it, const char *buf, size_t len,
		       const char *file, struct eg_orows *warn);

/*
 * The next line, without its '\n' (nor a '\r' before it): returns 1 with
 * *line and *n set, or 0 at the end. A line longer than EG_LINE_MAX or
 * holding a NUL byte is skipped with a warning; after EG_CONF_MAX_LINES
 * lines the iteration ends with a warning.
 */
int eg_ops_lines_next(struct eg_ops_lines *it, const char **line, size_t *n);

/* Drops leading and trailing spaces, tabs, CR and LF of s[0..*n). */
void eg_ops_trim(const char **s, size_t *n);

/*
 * The next blank-separated word of [*p, end): returns 1 with *w and *wn set and
 * *p moved past it, or 0 when only blanks remain.
 */
int eg_ops_word(const char **p, const char *end, const char **w, size_t *wn);

/* 1 when s[0..n) equals the NUL-terminated lit (ASCII case ignored when
 * icase). */
int eg_ops_eq(const char *s, size_t n, const char *lit, int icase);

/* A sorted list of strings. */
struct eg_ops_names {
	char **v;
	size_t n;
};

void eg_ops_names_free(struct eg_ops_names *l);

/* Keeps a directory entry's name when it returns 1. */
typedef int (*eg_ops_name_fn)(const char *name);

/*
 * The names in directory dir under the root that keep (NULL: all but "."
 * and "..") accepts, sorted bytewise. An absent directory gives an empty
 * list. An unreadable one, or one over EG_DIR_MAX_ENTRIES, is warned about
 * through warn (may be NULL) and what was read is kept. Returns 0 or
 * EG_E_NOMEM. OUT: caller frees with eg_ops_names_free.
 */
int eg_ops_listdir(struct eg_root *root, const char *dir, eg_ops_name_fn keep,
		   struct eg_ops_names *out, struct eg_orows *warn);

/*
 * Expands an include pattern to the paths it names, sorted: a pattern
 * without * ? [ is itself (whether or not it exists); otherwise only its
 * last component may hold wildcards (fnmatch, a leading '.' only matched
 * explicitly, as glob(3) does), at most EG_GLOB_MAX_MATCHES. A relative
 * pattern is taken from base_dir ("/etc" for nft). Returns 0, EG_E_NOMEM,
 * or EG_E_UNSUPPORTED (wildcards before the last component; warned).
 * OUT: caller frees with eg_ops_names_free.
 */
int eg_ops_glob(struct eg_root *root, const char *pattern,
		const char *base_dir, struct eg_ops_names *out,
		struct eg_orows *warn);

/* Appends dir "/" name to out (no doubled '/'). Returns out's error. */
int eg_ops_join(struct eg_buf *out, const char *dir, const char *name);

/*
 * Reads the regular file at path under the root whole (at most
 * EG_HOSTFILE_MAX_BYTES) into out (appending). Returns 0, EG_E_NOTFOUND
 * (absent: no warning), or another negative code after a warning naming
 * path and what to check.
 */
int eg_ops_read(struct eg_root *root, const char *path, struct eg_buf *out,
		struct eg_orows *warn);

/* 1 when path exists under the root (any type, links followed). */
int eg_ops_exists(struct eg_root *root, const char *path);

/* 1 when there is an entry at path, even a link that leads nowhere (so a
 * broken configuration file is read, and warned about, rather than
 * silently replaced by a fallback). */
int eg_ops_lexists(struct eg_root *root, const char *path);

/*
 * The files of one configuration being read with its includes: which are
 * open (to refuse cycles, compared by device and inode, so no alias of a
 * path fools it), how deep (EG_CONF_MAX_INCLUDE_DEPTH) and how many in all
 * (EG_CONF_MAX_FILES).
 */
struct eg_ops_src {
	struct eg_root *root;
	struct eg_orows *warn;
	size_t depth;
	size_t nfiles;
	dev_t dev[EG_CONF_MAX_INCLUDE_DEPTH + 1];
	ino_t ino[EG_CONF_MAX_INCLUDE_DEPTH + 1];
};

void eg_ops_src_init(struct eg_ops_src *s, struct eg_root *root,
		     struct eg_orows *warn);

/*
 * Opens path as the next file of the configuration: reads it into content
 * (emptied first) and makes it the innermost open file. Returns 0 (then
 * call eg_ops_src_leave when done with it), EG_E_NOTFOUND (absent; warned
 * unless missing_ok), EG_E_LIMIT (too deep, too many files, or a cycle:
 * warned), or another negative code (unreadable: warned).
 */
int eg_ops_src_enter(struct eg_ops_src *s, const char *path, int missing_ok,
		     struct eg_buf *content);

/* Closes the innermost open file. */
void eg_ops_src_leave(struct eg_ops_src *s);

#endif
