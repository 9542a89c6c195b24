/*
 * table.h: aligned text tables for the terminal. Cells are neutralised for
 * the terminal when added (eg_term_escape) and padded by display width, so
 * Japanese text (two columns a character) lines up.
 */
#ifndef EG_TABLE_H
#define EG_TABLE_H

#include <stddef.h>

#include "../util/buf.h"

struct eg_table;

/* A table of ncols columns. OUT: eg_table_free. NULL on exhaustion. */
struct eg_table *eg_table_new(size_t ncols);
void eg_table_free(struct eg_table *t);

/* Appends a cell to the current row; a row ends after ncols cells. s may be
 * NULL (shown empty). Returns 0 or EG_E_NOMEM / EG_E_LIMIT. */
int eg_table_cell(struct eg_table *t, const char *s);
int eg_table_celln(struct eg_table *t, const char *s, size_t n);

/* Renders with two spaces between columns; the first row is a header
 * followed by a rule when header is set. The last column is not padded. */
int eg_table_render(const struct eg_table *t, int header, struct eg_buf *out);

#endif
