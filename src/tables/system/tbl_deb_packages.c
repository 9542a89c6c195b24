/*
 * tbl_deb_packages.c: the deb_packages table, one row per stanza of
 * var/lib/dpkg/status, streamed line by line (dpkg_status.h).
 */
#include <stddef.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "dpkg_status.h"
#include "sysio.h"
#include "system_tables.h"

enum { C_NAME, C_VERSION, C_STATUS, C_ARCH, C_SOURCE };

static const struct eg_column columns[] = {
	{"name", EG_TEXT, 0, "package name"},
	{"version", EG_TEXT, 0, "version, with epoch (1:9.2p1-2+deb12u3)"},
	{"status", EG_TEXT, 0,
	 "last word of Status: installed, config-files, half-installed, "
	 "not-installed..."},
	{"arch", EG_TEXT, 0, "architecture (amd64, all...)"},
	{"source", EG_TEXT, 0,
	 "source package name (from Source, without its version), else the "
	 "package name"},
};

static const char status_path[] = "/var/lib/dpkg/status";

static int on_pkg(void *arg, const struct eg_dpkg_pkg *p)
{
	struct eg_tctx *ctx = arg;
	eg_row_begin(ctx);
	eg_row_text(ctx, C_NAME, p->name);
	eg_row_text(ctx, C_VERSION, p->version);
	eg_row_text(ctx, C_STATUS, p->status);
	eg_row_text(ctx, C_ARCH, p->arch);
	eg_row_text(ctx, C_SOURCE, p->source);
	return eg_row_end(ctx);
}

static int generate(struct eg_tctx *ctx)
{
	struct eg_dpkg_parser *p = NULL;
	if (eg_dpkg_parser_new(on_pkg, ctx, &p) != 0)
		return eg_tctx_error(ctx, EG_E_NOMEM, "%s",
				     eg_strerror(EG_E_NOMEM));
	struct eg_err e;
	struct eg_line_stats st;
	eg_err_clear(&e);
	int rc = eg_lines_file(eg_tctx_root(ctx), status_path,
			       EG_HOSTFILE_MAX_BYTES, eg_dpkg_parser_line, p,
			       &st, &e);
	/* e is set only by the file; otherwise rc came from a row (the row
	 * cap, already reported by the engine, or memory). */
	if (e.code == EG_E_NOTFOUND) {
		rc = 0;
		goto out;
	}
	if (e.code != 0) {
		if (st.lines > 0)
			eg_tctx_warn(ctx, _("%s; packages after that point are missing"),
				     eg_err_msg(&e));
		else
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
		rc = 0;
	}
	if (rc == 0)
		rc = eg_dpkg_parser_finish(p);
	eg_sys_warn_lines(ctx, status_path, eg_dpkg_parser_bad(p),
			  eg_dpkg_parser_first_bad(p), &st);
out:
	eg_dpkg_parser_free(p);
	return rc == EG_E_NOMEM ? rc : 0;
}

const struct eg_table_def eg_table_deb_packages = {
	.name = "deb_packages",
	.description = "Debian packages known to dpkg (var/lib/dpkg/status)",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
