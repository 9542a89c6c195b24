/*
 * vtab.h: the contract between a probe table and the query engine.
 *
 * Every host fact is a row in a table (osquery's idea). A table is one
 * `const struct eg_table_def`: its name, its columns (each with a one-line
 * description), which columns the query must constrain, and a generator that
 * emits rows. The generic SQLite virtual-table glue (vtab.c) is written once:
 * it declares the table to SQLite, enforces required constraints in
 * xBestIndex with a clear message ("file needs path = or path GLOB"), calls
 * the generator once per distinct set of argument values, and caches the rows
 * for the whole query run, so IN lists and joins do not re-run a generator.
 *
 * A generator reads only through its context's audit root (rootfs.h): never
 * outside it, never executing anything, treating every byte as hostile
 * (bounded reads, bounded line lengths and row counts, clean errors). A file
 * that is absent is not an error: the table simply has no rows for it. A file
 * that exists but cannot be read or parsed is reported with eg_tctx_warn and
 * skipped, so one bad file does not hide the facts of the others.
 */
#ifndef EG_VTAB_H
#define EG_VTAB_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "../util/rootfs.h"

enum eg_coltype { EG_TEXT = 1, EG_INT = 2 };

/* Column flags. */
#define EG_COL_HIDDEN 1u   /* an argument column: not in SELECT *, usable in WHERE */
#define EG_COL_REQUIRED 2u /* the query must constrain it with = or IN */
#define EG_COL_GLOB 4u     /* a GLOB constraint on it also satisfies REQUIRED
			    * and is passed to the generator as a pattern */

struct eg_column {
	const char *name;
	enum eg_coltype type;
	unsigned flags;
	const char *description; /* one line, English */
};

struct eg_tctx; /* generation context, owned by the engine */

struct eg_table_def {
	const char *name;
	const char *description;   /* one line, English */
	const struct eg_column *columns;
	size_t ncolumns;
	/*
	 * Emits the rows for the arguments in ctx (see eg_tctx_arg). Returns 0,
	 * or a negative eg code after eg_tctx_error, which fails the query
	 * with that message. Absent source files are not errors.
	 */
	int (*generate)(struct eg_tctx *ctx);
};

/* The audit root every fact is read from. */
struct eg_root *eg_tctx_root(struct eg_tctx *ctx);

/*
 * The value a constrained column has in this call: for `col = 'x'` or each
 * value of `col IN (...)`, the value; for `col GLOB 'pat'` (EG_COL_GLOB), the
 * pattern with *is_glob set to 1. NULL when the column is not constrained.
 * is_glob may be NULL. The string lives until the generator returns.
 */
const char *eg_tctx_arg(struct eg_tctx *ctx, const char *column, int *is_glob);

/*
 * Row emission: eg_row_begin, then any of the setters (columns not set are
 * NULL; col is the index in the table's columns array, hidden ones included),
 * then eg_row_end. Text is copied. eg_row_end returns EG_E_LIMIT when the
 * table exceeds its row cap (EG_TABLE_MAX_ROWS): stop emitting then.
 */
void eg_row_begin(struct eg_tctx *ctx);
void eg_row_text(struct eg_tctx *ctx, size_t col, const char *s);
void eg_row_textn(struct eg_tctx *ctx, size_t col, const char *s, size_t n);
void eg_row_int(struct eg_tctx *ctx, size_t col, int64_t v);
int eg_row_end(struct eg_tctx *ctx);

/* A non-fatal problem with one source (unreadable, malformed, over a limit):
 * recorded for the run and shown by `ecguard query --warnings`. */
void eg_tctx_warn(struct eg_tctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A fatal problem: sets the query's error message; returns code. */
int eg_tctx_error(struct eg_tctx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Data the engine's owner attached by name (e.g. "spec" for the loaded site
 * specification), or NULL.
 */
void *eg_tctx_userdata(struct eg_tctx *ctx, const char *name);

/*
 * Run-wide shared state, built once per engine on first use and freed with
 * it: e.g. the one filesystem walk that every check needing a walk shares.
 * make returns NULL on failure (then NULL is returned and make is tried again
 * next time).
 */
void *eg_tctx_shared(struct eg_tctx *ctx, const char *key,
		     void *(*make)(struct eg_tctx *ctx), void (*free_fn)(void *));

#endif
