/*
 * table.c: display-width aware text tables.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/neutral.h"

struct cell {
	char *s;
	size_t width;
};

struct eg_table {
	size_t ncols;
	struct cell *cells;
	size_t ncells, cap;
};

struct eg_table *eg_table_new(size_t ncols)
{
	if (ncols == 0)
		return NULL;
	struct eg_table *t = eg_calloc(1, sizeof(*t));
	if (t != NULL)
		t->ncols = ncols;
	return t;
}

void eg_table_free(struct eg_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i].s);
	free(t->cells);
	free(t);
}

int eg_table_celln(struct eg_table *t, const char *s, size_t n)
{
	if (t->ncells == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		void *p = eg_reallocarray(t->cells, nc, sizeof(*t->cells));
		if (p == NULL)
			return EG_E_NOMEM;
		t->cells = p;
		t->cap = nc;
	}
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	if (s != NULL)
		eg_term_escape(&b, s, n);
	if (b.err != 0) {
		int e = b.err;
		eg_buf_free(&b);
		return e;
	}
	size_t len;
	char *str = eg_buf_steal(&b, &len);
	if (str == NULL)
		return EG_E_NOMEM;
	t->cells[t->ncells].s = str;
	t->cells[t->ncells].width = eg_display_width(str, len);
	t->ncells++;
	return 0;
}

int eg_table_cell(struct eg_table *t, const char *s)
{
	return eg_table_celln(t, s, s != NULL ? strlen(s) : 0);
}

int eg_table_render(const struct eg_table *t, int header, struct eg_buf *out)
{
	size_t *w = eg_calloc(t->ncols, sizeof(*w));
	if (w == NULL)
		return EG_E_NOMEM;
	for (size_t i = 0; i < t->ncells; i++)
		if (t->cells[i].width > w[i % t->ncols])
			w[i % t->ncols] = t->cells[i].width;
	size_t rows = (t->ncells + t->ncols - 1) / t->ncols;
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;
			if (i >= t->ncells)
				break;
			const struct cell *ce = &t->cells[i];
			eg_buf_adds(out, ce->s);
			int last = c + 1 == t->ncols || i + 1 == t->ncells;
			if (!last) {
				for (size_t k = ce->width; k < w[c] + 2; k++)
					eg_buf_addc(out, ' ');
			}
		}
		/* No trailing spaces: trim what the last padded cell left. */
		while (out->len > 0 && out->data[out->len - 1] == ' ')
			eg_buf_truncate(out, out->len - 1);
		eg_buf_addc(out, '\n');
		if (r == 0 && header) {
			size_t total = 0;
			for (size_t c = 0; c < t->ncols; c++)
				total += w[c] + (c + 1 < t->ncols ? 2 : 0);
			for (size_t k = 0; k < total; k++)
				eg_buf_addc(out, '-');
			eg_buf_addc(out, '\n');
		}
	}
	free(w);
	return out->err;
}
