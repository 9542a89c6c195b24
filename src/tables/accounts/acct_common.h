/*
 * acct_common.h: what the parsers of the "accounts" family share.
 *
 * Every parser of this family is a pure function over a buffer that hands
 * its rows to a sink (struct eg_acct_sink) as arrays of values, one per
 * column of its table, and its problems as warnings with file and line. The
 * same parsers therefore serve the tables (the sink forwards to the engine,
 * eg_acct_tctx_sink), the unit tests (the sink records rows as text) and the
 * fuzz targets (the sink drops everything).
 *
 * Host files are hostile: eg_acct_lines hands out one line at a time and
 * skips, with a warning, lines longer than EG_LINE_MAX and lines holding a NUL
 * byte or invalid UTF-8, and stops after EG_CONF_MAX_LINES lines.
 */
#ifndef EG_ACCT_COMMON_H
#define EG_ACCT_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/rootfs.h"
#include "../vtab.h"

enum eg_acct_kind { EG_ACCT_NULL = 0, EG_ACCT_TEXT = 1, EG_ACCT_INT = 2 };

/* One cell of a row: NULL, text s[0..n) (not NUL-terminated), or integer i. */
struct eg_acct_val {
	enum eg_acct_kind kind;
	const char *s;
	size_t n;
	int64_t i;
};

/* Cell constructors. eg_acct_str takes a NUL-terminated string; NULL gives
 * a NULL cell. */
struct eg_acct_val eg_acct_null(void);
struct eg_acct_val eg_acct_str(const char *s);
struct eg_acct_val eg_acct_strn(const char *s, size_t n);
struct eg_acct_val eg_acct_int(int64_t i);

/*
 * Where rows and problems go. row receives the cells of one row (v[i] is
 * column i of the table) and returns 0, or a negative eg code that stops the
 * parser (EG_E_LIMIT when the table is full); the cells are only valid during
 * the call. warn receives a problem with one line (line 0: the whole file);
 * msg is already translated. include, when set, is called by parsers of
 * languages that include other files, at the place of the directive, with a
 * kind and a filter whose meaning each parser documents; it returns 0 or a
 * negative code that stops the parser.
 */
struct eg_acct_sink {
	void *arg;
	int (*row)(void *arg, const struct eg_acct_val *v, size_t n);
	void (*warn)(void *arg, const char *file, unsigned line,
		     const char *msg);
	int (*include)(void *arg, const char *file, unsigned line,
		       const char *target, int kind, const char *filter);
};

/* Calls sink->warn when set. */
void eg_acct_warn(const struct eg_acct_sink *sink, const char *file,
		  unsigned line, const char *msg);

/* Calls sink->row (0 when unset). */
int eg_acct_row(const struct eg_acct_sink *sink, const struct eg_acct_val *v,
		size_t n);

/*
 * Line iterator over buf[0..len). With continuation set, a line ending in a
 * backslash is joined with the next one (the backslash and newline become
 * one space), as sudoers and PAM do; the joined line is bounded as a whole
 * and carries the number of its first physical line.
 */
struct eg_acct_lines {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned lineno;    /* physical lines consumed so far */
	int continuation;
	int stopped;        /* the line cap was reached */
	const char *file;
	const struct eg_acct_sink *sink;
	struct eg_buf join; /* the joined line (wiped when freed) */
};

void eg_acct_lines_init(struct eg_acct_lines *it, const char *buf,
			size_t len, const char *file, int continuation,
			const struct eg_acct_sink *sink);

/*
 * The next acceptable line: returns 1 and sets *line, *n (the line without
 * its newline, not NUL-terminated, valid until the next call) and *lineno;
 * returns 0 at the end, EG_E_NOMEM when a joined line could not be built.
 * Rejected lines are reported to the sink and skipped.
 */
int eg_acct_lines_next(struct eg_acct_lines *it, const char **line,
		       size_t *n, unsigned *lineno);

/* Frees the iterator's memory, wiping it (it may have held secrets). */
void eg_acct_lines_free(struct eg_acct_lines *it);

/* Small string helpers over (s, n) spans. */
int eg_acct_isspace(char c);
/* Skips blanks (space, tab, CR, FF, VT) from *s; returns the new start. */
size_t eg_acct_skip_ws(const char *s, size_t n, size_t i);
/* Trims blanks on both sides of s[*start..*end). */
void eg_acct_trim(const char *s, size_t *start, size_t *end);
/* 1 when s[0..n) equals the NUL-terminated word, ignoring ASCII case. */
int eg_acct_ieq(const char *s, size_t n, const char *word);

/*
 * Reads path under the root into out (appending), bounded by
 * EG_HOSTFILE_MAX_BYTES. Returns 0; EG_E_NOTFOUND when the file does not
 * exist (not reported: an absent file simply has no rows); another negative
 * code after reporting the problem to the sink as a warning on path.
 */
int eg_acct_read(struct eg_root *r, const char *path, struct eg_buf *out,
		 const struct eg_acct_sink *sink);

/*
 * 1 when name matches the shell wildcard pattern (* ? [set] [!set] [^set],
 * backslash escapes), 0 otherwise. With leading_period, a name starting
 * with '.' only matches a pattern starting with '.' (glob's rule). Runs in
 * O(len(pattern) * len(name)) whatever the pattern: fnmatch(3) backtracks
 * exponentially on patterns such as "*a*a*a*a*b", and both the pattern and
 * the names come from the audited host.
 */
int eg_acct_wildmatch(const char *pattern, const char *name,
		      int leading_period);

/*
 * Expands a glob pattern (absolute, inside the root) the way glob(3) does
 * for sshd's Include: each component with * ? or [ is matched against the
 * entries of its directory (a leading dot must be matched explicitly), the
 * results sorted bytewise. Appends the matching paths to *paths (an array
 * of owned strings, *npaths long). At most EG_CONF_MAX_FILES results and
 * EG_DIR_MAX_ENTRIES entries per directory. Returns 0, EG_E_NOMEM or
 * EG_E_LIMIT (reported to the sink).
 */
int eg_acct_glob(struct eg_root *r, const char *pattern, char ***paths,
		 size_t *npaths, const char *file, unsigned line,
		 const struct eg_acct_sink *sink);

/*
 * The names in directory path under the root (not "." or ".."), sorted
 * bytewise, at most EG_DIR_MAX_ENTRIES. Returns 0 (an absent directory gives
 * no names), EG_E_NOMEM, or another code after a warning to the sink.
 * OUT: caller frees with eg_acct_strv_free.
 */
int eg_acct_listdir(struct eg_root *r, const char *path, char ***names,
		    size_t *nnames, const struct eg_acct_sink *sink);

/* Frees an array of n owned strings; NULL is fine. */
void eg_acct_strv_free(char **v, size_t n);

/*
 * The files being parsed by a language with includes, outermost first: stops
 * include cycles (by device and inode, so a link to a file being read is
 * caught too), nesting deeper than EG_CONF_MAX_INCLUDE_DEPTH and more than
 * EG_CONF_MAX_FILES files in one load.
 */
struct eg_acct_incstack {
	int depth;
	unsigned files;
	dev_t dev[EG_CONF_MAX_INCLUDE_DEPTH + 1];
	ino_t ino[EG_CONF_MAX_INCLUDE_DEPTH + 1];
};

/*
 * Reads path under r into out for parsing, and enters it. from and line name
 * the include directive (from NULL for the first file). Returns 1 when the
 * file was read and entered (call eg_acct_inc_leave after parsing it); 0 when
 * it is to be skipped: absent (silently), unreadable, a cycle, too deep or
 * one file too many (each reported to the sink); EG_E_NOMEM.
 */
int eg_acct_inc_enter(struct eg_acct_incstack *st, struct eg_root *r,
		      const char *path, const char *from, unsigned line,
		      struct eg_buf *out, const struct eg_acct_sink *sink);
void eg_acct_inc_leave(struct eg_acct_incstack *st);

/*
 * A sink that forwards rows to the engine (eg_row_*) and warnings to
 * eg_tctx_warn as "file:line: message".
 */
void eg_acct_tctx_sink(struct eg_tctx *ctx, struct eg_acct_sink *sink);

#endif
