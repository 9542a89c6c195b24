/*
 * orows.h: the rows an "ops" parser produces, before they reach the engine.
 *
 * Every parser of this family is a function over a buffer that appends rows
 * (one cell per column of its table, in the table's column order) and
 * warnings (file:line: message) to a struct eg_orows. The same parsers thus
 * serve the tables (eg_orows_emit hands rows and warnings to the engine), the
 * unit tests (eg_orows_dump renders the rows as text to compare exactly) and
 * the fuzz targets (the rows are simply freed).
 *
 * The set is bounded: at most EG_TABLE_MAX_ROWS rows and
 * EG_TABLE_MAX_TEXT_BYTES bytes of text (a logrotate block naming many paths
 * multiplies its directives), and EG_DIAG_MAX warnings (the others are
 * counted). Once a bound is hit the set is failed (sticky, like eg_buf):
 * further rows are dropped and eg_orows_err says why.
 */
#ifndef EG_OPS_OROWS_H
#define EG_OPS_OROWS_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/buf.h"

struct eg_orows;
struct eg_tctx;

/*
 * A new empty set of rows with ncols columns (1..64). Returns NULL on
 * exhaustion. OUT: caller frees with eg_orows_free.
 */
struct eg_orows *eg_orows_new(size_t ncols);

/* Frees r; NULL is fine. */
void eg_orows_free(struct eg_orows *r);

/*
 * Row building: eg_orows_begin, any setters (unset cells are NULL; text is
 * copied; a NULL s leaves the cell NULL), then eg_orows_end, which returns 0
 * or the set's sticky error (EG_E_LIMIT, EG_E_NOMEM): stop adding then.
 * Text is cut at its first NUL byte, as every C consumer would read it.
 */
void eg_orows_begin(struct eg_orows *r);
void eg_orows_text(struct eg_orows *r, size_t col, const char *s);
void eg_orows_textn(struct eg_orows *r, size_t col, const char *s, size_t n);
void eg_orows_int(struct eg_orows *r, size_t col, int64_t v);
int eg_orows_end(struct eg_orows *r);

/* Adds a warning, printf-style (already translated by the caller). */
void eg_orows_warn(struct eg_orows *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* 0, or the sticky error: EG_E_LIMIT (a bound above) or EG_E_NOMEM. */
int eg_orows_err(const struct eg_orows *r);

/* Rows held, and warnings seen (kept + dropped). */
size_t eg_orows_count(const struct eg_orows *r);
size_t eg_orows_nwarnings(const struct eg_orows *r);

/* Warning i (< the number kept, at most EG_DIAG_MAX), or NULL. */
const char *eg_orows_warning(const struct eg_orows *r, size_t i);

/*
 * Cell (row, col): returns 0 for NULL, 1 for text (*s set, NUL-terminated,
 * valid while r lives and no row is added), 2 for an integer (*v set).
 */
int eg_orows_cell(const struct eg_orows *r, size_t row, size_t col,
		  const char **s, int64_t *v);

/*
 * Appends every row as one line "cell|cell|...\n" (NULL shown as "NULL",
 * integers in decimal, text as is), for exact comparisons in tests.
 * Returns 0 or out's sticky error.
 */
int eg_orows_dump(const struct eg_orows *r, struct eg_buf *out);

/*
 * Hands the rows to the engine (eg_row_*) and the warnings to eg_tctx_warn;
 * a set that failed adds a warning saying why and that rows were dropped.
 * Returns 0, or EG_E_LIMIT when the engine's row cap stopped the emission.
 */
int eg_orows_emit(const struct eg_orows *r, struct eg_tctx *ctx);

#endif
