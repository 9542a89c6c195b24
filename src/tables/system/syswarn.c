/*
 * syswarn.c: the warnings the "system" tables share: a sysio warning passed
 * on to the table, and the count of lines of one file that were skipped.
 */
#include <libintl.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "system_tables.h"

void eg_sys_warn_ctx(void *arg, const char *msg)
{
	eg_tctx_warn(arg, "%s", msg);
}

void eg_sys_warn_lines(struct eg_tctx *ctx, const char *path, size_t bad,
		       size_t first, const struct eg_line_stats *st)
{
	if (st != NULL) {
		eg_lines_merge_overlong(&bad, &first, st);
		if (st->capped)
			eg_tctx_warn(ctx, _("%s: more than %u lines; the rest is ignored"),
				     path, EG_CONF_MAX_LINES);
	}
	if (bad > 0)
		eg_tctx_warn(ctx,
			     ngettext("%s: %zu malformed line skipped (line %zu)",
				      "%s: %zu malformed lines skipped (first: line %zu)",
				      bad),
			     path, bad, first);
}
