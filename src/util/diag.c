/*
 * diag.c: collected file:line:column diagnostics.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "json.h"
#include "limits.h"
#include "mem.h"
#include "neutral.h"

void eg_diags_init(struct eg_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void eg_diags_free(struct eg_diags *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

int eg_diag_add(struct eg_diags *d, const char *file, unsigned line,
		unsigned col, const char *fmt, ...)
{
	if (d->count >= EG_DIAG_MAX) {
		d->dropped++;
		return EG_E_PARSE;
	}
	if (d->items == NULL) {
		d->items = eg_calloc(EG_DIAG_MAX, sizeof(*d->items));
		if (d->items == NULL)
			return EG_E_NOMEM;
	}
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct eg_diag *it = &d->items[d->count];
	it->file = eg_strdup(file != NULL ? file : "");
	it->msg = eg_strdup(msg);
	if (it->file == NULL || it->msg == NULL) {
		free(it->file);
		free(it->msg);
		return EG_E_NOMEM;
	}
	it->line = line;
	it->col = col;
	d->count++;
	return EG_E_PARSE;
}

size_t eg_diags_total(const struct eg_diags *d)
{
	return d->count + d->dropped;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct eg_diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	/* Same position: keep the order they were found in. */
	return x < y ? -1 : (x > y ? 1 : 0);
}

void eg_diags_sort(struct eg_diags *d)
{
	if (d->count > 1)
		qsort(d->items, d->count, sizeof(*d->items), diag_cmp);
}

void eg_diags_format(const struct eg_diags *d, struct eg_buf *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct eg_diag *it = &d->items[i];
		eg_term_escape(out, it->file, strlen(it->file));
		if (it->line > 0)
			eg_buf_addf(out, ":%u:%u", it->line, it->col);
		eg_buf_addf(out, ": %s: ", _("error"));
		eg_term_escape(out, it->msg, strlen(it->msg));
		eg_buf_addc(out, '\n');
	}
	if (d->dropped > 0) {
		eg_buf_addf(out, _("... and %zu more errors not shown"),
			    d->dropped);
		eg_buf_addc(out, '\n');
	}
}

void eg_diags_json(const struct eg_diags *d, struct eg_json *j)
{
	eg_json_arr_begin(j);
	for (size_t i = 0; i < d->count; i++) {
		const struct eg_diag *it = &d->items[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "file", it->file);
		eg_json_kint(j, "line", it->line);
		eg_json_kint(j, "column", it->col);
		eg_json_kstr(j, "message", it->msg);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
}
