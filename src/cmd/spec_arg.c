/*
 * spec_arg.c: the --spec option's loading, shared by query, tls and web
 * (see spec_arg.h).
 */
#include "spec_arg.h"

#include <stdio.h>

#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/i18n.h"
#include "cli.h"

int eg_spec_arg_load(const char *cmd, const char *path, struct eg_spec **out)
{
	struct eg_diags d;
	int rc = EG_EXIT_OK;
	*out = NULL;
	eg_diags_init(&d);
	if (eg_spec_load_file(path, out, &d) != 0) {
		struct eg_buf db;
		eg_buf_init(&db, EG_BUF_DEFAULT_MAX);
		eg_diags_format(&d, &db);
		fputs(eg_buf_str(&db), stderr);
		eg_buf_free(&db);
		*out = NULL;
		rc = eg_cli_fail(cmd, EG_EXIT_USAGE,
				 _("%s is not a valid spec; check it with 'ecguard spec check %s'"),
				 path, path);
	}
	eg_diags_free(&d);
	return rc;
}
