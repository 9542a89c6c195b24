/*
 * spec_common.c: helpers of the spec_* tables.
 */
#include <stdio.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/json.h"
#include "../../util/limits.h"
#include "spec_tables.h"

const struct eg_spec *eg_spect_spec(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_tctx_userdata(ctx, "spec");
	if (s != NULL)
		return s;
	struct eg_err e;
	eg_err_clear(&e);
	s = eg_spec_builtin(&e);
	if (s == NULL)
		eg_tctx_error(ctx, EG_E_INTERNAL, "%s", eg_err_msg(&e));
	return s;
}

void eg_spect_strv(struct eg_tctx *ctx, size_t col,
		   const struct eg_spec_strv *v, int stated)
{
	if (!stated)
		return;
	struct eg_buf b;
	struct eg_json j;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	eg_json_init(&j, &b, 0);
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < v->n; i++)
		eg_json_str(&j, v->v[i]);
	eg_json_arr_end(&j);
	if (b.err == 0)
		eg_row_textn(ctx, col, b.data, b.len);
	eg_buf_free(&b);
}

void eg_spect_pos(struct eg_tctx *ctx, size_t col_file, size_t col_line,
		  const struct eg_spec_pos *p)
{
	if (p->file == NULL)
		return;
	eg_row_text(ctx, col_file, p->file);
	eg_row_int(ctx, col_line, p->line);
}

void eg_spect_duration(const struct eg_duration *d, char out[16])
{
	snprintf(out, 16, "%u%c", (unsigned)d->count % 100000u, d->unit);
}

void eg_spect_interval(struct eg_tctx *ctx, size_t col_text, size_t col_days,
		       const struct eg_spec_interval *iv)
{
	if (iv->text == NULL)
		return;
	eg_row_text(ctx, col_text, iv->text);
	eg_row_int(ctx, col_days, eg_duration_days(&iv->dur));
}

void eg_spect_tri(struct eg_tctx *ctx, size_t col, int v)
{
	if (v != EG_SPEC_UNSET)
		eg_row_int(ctx, col, v != 0);
}
