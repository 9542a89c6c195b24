/*
 * orows.c: the bounded row set of the "ops" parsers (see orows.h). Cells
 * live in one array, ncols per row; their text in one buffer, each string
 * NUL-terminated and found by its offset, so a set of a million rows costs
 * two allocations that grow, not a million.
 */
#include "orows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../vtab.h"

enum { CELL_NULL = 0, CELL_TEXT = 1, CELL_INT = 2 };

struct cell {
	int kind;
	int64_t v;  /* CELL_INT */
	size_t off; /* CELL_TEXT: offset in text */
};

struct eg_orows {
	size_t ncols;
	struct cell *cells; /* (nrows + open row) * ncols */
	size_t cap;         /* cells allocated */
	size_t nrows;
	int open;           /* a row is being built */
	struct eg_buf text;
	int err;
	char *warn[EG_DIAG_MAX];
	size_t nwarn;       /* kept */
	size_t nwarn_total; /* seen */
};

struct eg_orows *eg_orows_new(size_t ncols)
{
	if (ncols == 0 || ncols > 64)
		return NULL;
	struct eg_orows *r = eg_calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->ncols = ncols;
	eg_buf_init(&r->text, EG_TABLE_MAX_TEXT_BYTES);
	return r;
}

void eg_orows_free(struct eg_orows *r)
{
	if (r == NULL)
		return;
	free(r->cells);
	eg_buf_free(&r->text);
	for (size_t i = 0; i < r->nwarn; i++)
		free(r->warn[i]);
	free(r);
}

void eg_orows_begin(struct eg_orows *r)
{
	r->open = 0;
	if (r->err != 0)
		return;
	if (r->nrows >= EG_TABLE_MAX_ROWS) {
		r->err = EG_E_LIMIT;
		return;
	}
	size_t need = (r->nrows + 1) * r->ncols;
	if (need > r->cap) {
		size_t ncap = r->cap < 64 ? 64 : r->cap * 2;
		while (ncap < need)
			ncap *= 2;
		struct cell *nc = eg_reallocarray(r->cells, ncap, sizeof(*nc));
		if (nc == NULL) {
			r->err = EG_E_NOMEM;
			return;
		}
		r->cells = nc;
		r->cap = ncap;
	}
	memset(r->cells + r->nrows * r->ncols, 0,
	       r->ncols * sizeof(*r->cells));
	r->open = 1;
}

static struct cell *cur(struct eg_orows *r, size_t col)
{
	if (!r->open || r->err != 0 || col >= r->ncols)
		return NULL;
	return &r->cells[r->nrows * r->ncols + col];
}

void eg_orows_textn(struct eg_orows *r, size_t col, const char *s, size_t n)
{
	struct cell *c = cur(r, col);
	if (c == NULL || s == NULL)
		return;
	const char *nul = memchr(s, '\0', n);
	if (nul != NULL)
		n = (size_t)(nul - s);
	size_t off = r->text.len;
	eg_buf_add(&r->text, s, n);
	eg_buf_addc(&r->text, '\0');
	if (r->text.err != 0) {
		r->err = r->text.err;
		return;
	}
	c->kind = CELL_TEXT;
	c->off = off;
}

void eg_orows_text(struct eg_orows *r, size_t col, const char *s)
{
	if (s != NULL)
		eg_orows_textn(r, col, s, strlen(s));
}

void eg_orows_int(struct eg_orows *r, size_t col, int64_t v)
{
	struct cell *c = cur(r, col);
	if (c == NULL)
		return;
	c->kind = CELL_INT;
	c->v = v;
}

int eg_orows_end(struct eg_orows *r)
{
	if (r->open && r->err == 0)
		r->nrows++;
	r->open = 0;
	return r->err;
}

void eg_orows_warn(struct eg_orows *r, const char *fmt, ...)
{
	r->nwarn_total++;
	if (r->nwarn >= EG_DIAG_MAX)
		return;
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char *copy = eg_strdup(msg);
	if (copy == NULL)
		return;
	r->warn[r->nwarn++] = copy;
}

int eg_orows_err(const struct eg_orows *r)
{
	return r->err;
}

size_t eg_orows_count(const struct eg_orows *r)
{
	return r->nrows;
}

size_t eg_orows_nwarnings(const struct eg_orows *r)
{
	return r->nwarn_total;
}

const char *eg_orows_warning(const struct eg_orows *r, size_t i)
{
	return i < r->nwarn ? r->warn[i] : NULL;
}

int eg_orows_cell(const struct eg_orows *r, size_t row, size_t col,
		  const char **s, int64_t *v)
{
	if (row >= r->nrows || col >= r->ncols)
		return 0;
	const struct cell *c = &r->cells[row * r->ncols + col];
	if (c->kind == CELL_TEXT) {
		*s = r->text.data + c->off;
		return 1;
	}
	if (c->kind == CELL_INT) {
		*v = c->v;
		return 2;
	}
	return 0;
}

int eg_orows_dump(const struct eg_orows *r, struct eg_buf *out)
{
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t c = 0; c < r->ncols; c++) {
			const char *s = NULL;
			int64_t v = 0;
			int k = eg_orows_cell(r, i, c, &s, &v);
			if (c > 0)
				eg_buf_addc(out, '|');
			if (k == 1)
				eg_buf_adds(out, s);
			else if (k == 2)
				eg_buf_addf(out, "%lld", (long long)v);
			else
				eg_buf_adds(out, "NULL");
		}
		eg_buf_addc(out, '\n');
	}
	return out->err;
}

int eg_orows_emit(const struct eg_orows *r, struct eg_tctx *ctx)
{
	for (size_t i = 0; i < r->nwarn; i++)
		eg_tctx_warn(ctx, "%s", r->warn[i]);
	if (r->nwarn_total > r->nwarn)
		eg_tctx_warn(ctx, _("%zu more warnings not shown"),
			     r->nwarn_total - r->nwarn);
	if (r->err != 0)
		eg_tctx_warn(ctx, _("rows after the first %zu dropped: %s"),
			     r->nrows, eg_strerror(r->err));
	for (size_t i = 0; i < r->nrows; i++) {
		eg_row_begin(ctx);
		for (size_t c = 0; c < r->ncols; c++) {
			const char *s = NULL;
			int64_t v = 0;
			int k = eg_orows_cell(r, i, c, &s, &v);
			if (k == 1)
				eg_row_text(ctx, c, s);
			else if (k == 2)
				eg_row_int(ctx, c, v);
		}
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}
