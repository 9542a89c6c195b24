/*
 * tbl_kmod.c: the kernel_modules table (loaded modules, proc/modules) and
 * the modprobe_rules table (every command of the modprobe.d files), which
 * together answer "is cramfs disabled" whether or not it is loaded.
 *
 * modprobe.d files are chosen as kmod chooses them: the *.conf files of
 * etc/modprobe.d, run/modprobe.d, usr/local/lib/modprobe.d, usr/lib/modprobe.d
 * and lib/modprobe.d, one per file name (etc first), in file-name order.
 */
#include <stdlib.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "kmod.h"
#include "sysio.h"
#include "system_tables.h"

static const char *const conf_dirs[] = {
	"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d", "/lib/modprobe.d", NULL,
};

/* The rules of every modprobe.d file in order, each to fn with the file's
 * path; unreadable and malformed files are warned about. */
static int each_rule(struct eg_tctx *ctx, eg_modprobe_fn fn, void *arg,
		     const char **cur_path)
{
	struct eg_conflist l = {0};
	int rc = eg_conf_list(eg_tctx_root(ctx), conf_dirs, ".conf", &l,
			      eg_sys_warn_ctx, ctx);
	if (rc != 0)
		return rc;
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		eg_buf_reset(&b);
		int r = eg_root_read(eg_tctx_root(ctx), l.v[i].path,
				     EG_HOSTFILE_MAX_BYTES, &b, &e);
		if (r != 0) {
			if (r != EG_E_NOTFOUND)
				eg_tctx_warn(ctx, _("%s; its rules are ignored"),
					     eg_err_msg(&e));
			continue;
		}
		size_t bad = 0, first = 0;
		*cur_path = l.v[i].path;
		rc = eg_modprobe_parse(b.data != NULL ? b.data : "", b.len, fn,
				       arg, &bad, &first);
		eg_sys_warn_lines(ctx, l.v[i].path, bad, first, NULL);
	}
	eg_buf_free(&b);
	eg_conflist_free(&l);
	return rc;
}

/* ---- modprobe_rules ---- */

enum { R_FILE, R_LINE, R_DIRECTIVE, R_MODULE, R_ARGS };

static const struct eg_column rule_columns[] = {
	{"file", EG_TEXT, 0, "modprobe.d file (/etc/modprobe.d/blacklist.conf)"},
	{"line", EG_INT, 0, "line of the command (its first, if continued)"},
	{"directive", EG_TEXT, 0,
	 "alias, blacklist, install, options, remove, softdep or weakdep"},
	{"module", EG_TEXT, 0,
	 "module name with '-' written '_' (for alias, the alias pattern)"},
	{"args", EG_TEXT, 0,
	 "the rest of the command, words joined by single spaces"},
};

struct rules_state {
	struct eg_tctx *ctx;
	const char *path;
};

static int on_rule_row(void *arg, const struct eg_modprobe_rule *r)
{
	struct rules_state *st = arg;
	struct eg_tctx *ctx = st->ctx;
	eg_row_begin(ctx);
	eg_row_text(ctx, R_FILE, st->path);
	eg_row_int(ctx, R_LINE, (int64_t)r->line);
	eg_row_text(ctx, R_DIRECTIVE, r->directive);
	eg_row_text(ctx, R_MODULE, r->module);
	eg_row_text(ctx, R_ARGS, r->args);
	return eg_row_end(ctx);
}

static int generate_rules(struct eg_tctx *ctx)
{
	struct rules_state st = {.ctx = ctx};
	int rc = each_rule(ctx, on_rule_row, &st, &st.path);
	return rc == EG_E_NOMEM ? eg_tctx_error(ctx, rc, "%s", eg_strerror(rc))
				: 0;
}

const struct eg_table_def eg_table_modprobe_rules = {
	.name = "modprobe_rules",
	.description = "Commands of the modprobe.d files (blacklist, install, "
		       "options, alias...)",
	.columns = rule_columns,
	.ncolumns = sizeof(rule_columns) / sizeof(rule_columns[0]),
	.generate = generate_rules,
};

/* ---- kernel_modules ---- */

enum { K_NAME, K_SIZE, K_USED_BY, K_STATE, K_BLACKLISTED };

static const struct eg_column mod_columns[] = {
	{"name", EG_TEXT, 0, "module name"},
	{"size", EG_INT, 0, "memory size in bytes"},
	{"used_by", EG_TEXT, 0,
	 "modules using it, comma-separated; empty when none"},
	{"state", EG_TEXT, 0, "Live, Loading or Unloading"},
	{"blacklisted", EG_INT, 0,
	 "1 when modprobe.d blacklists it or makes its install command "
	 "true/false, else 0"},
};

struct disabled {
	char **names;
	size_t n, cap;
	int nomem;
};

static int on_rule_disable(void *arg, const struct eg_modprobe_rule *r)
{
	struct disabled *d = arg;
	if (strcmp(r->directive, "blacklist") != 0 &&
	    !(strcmp(r->directive, "install") == 0 &&
	      eg_modprobe_install_disables(r->args)))
		return 0;
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 32;
		char **nv = eg_reallocarray(d->names, nc, sizeof(*nv));
		if (nv == NULL)
			goto nomem;
		d->names = nv;
		d->cap = nc;
	}
	if ((d->names[d->n] = eg_strdup(r->module)) == NULL)
		goto nomem;
	d->n++;
	return 0;
nomem:
	d->nomem = 1;
	return EG_E_NOMEM;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct mods_state {
	struct eg_tctx *ctx;
	struct disabled *dis;
	struct eg_kmod m;
	struct eg_buf norm;
	size_t bad, first_bad;
};

static int on_module(void *arg, const char *line, size_t len, size_t lineno)
{
	struct mods_state *st = arg;
	if (eg_proc_modules_line(line, len, &st->m) != 0) {
		if (st->bad++ == 0)
			st->first_bad = lineno;
		return 0;
	}
	eg_buf_reset(&st->norm);
	eg_modname_norm(eg_buf_str(&st->m.name), st->m.name.len, &st->norm);
	const char *key = eg_buf_str(&st->norm);
	int bl = st->dis->n > 0 &&
		 bsearch(&key, st->dis->names, st->dis->n,
			 sizeof(*st->dis->names), str_cmp) != NULL;
	struct eg_tctx *ctx = st->ctx;
	eg_row_begin(ctx);
	eg_row_text(ctx, K_NAME, eg_buf_str(&st->m.name));
	eg_row_int(ctx, K_SIZE, st->m.size > INT64_MAX ? INT64_MAX
						       : (int64_t)st->m.size);
	eg_row_text(ctx, K_USED_BY, eg_buf_str(&st->m.used_by));
	eg_row_text(ctx, K_STATE, eg_buf_str(&st->m.state));
	eg_row_int(ctx, K_BLACKLISTED, bl);
	return eg_row_end(ctx);
}

static int generate_modules(struct eg_tctx *ctx)
{
	struct disabled dis = {0};
	struct mods_state st = {.ctx = ctx, .dis = &dis};
	const char *path = NULL;
	int rc = each_rule(ctx, on_rule_disable, &dis, &path);
	eg_kmod_init(&st.m);
	eg_buf_init(&st.norm, EG_LINE_MAX);
	if (rc == EG_E_NOMEM || dis.nomem) {
		rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
				   eg_strerror(EG_E_NOMEM));
		goto out;
	}
	rc = 0;
	if (dis.n > 1)
		qsort(dis.names, dis.n, sizeof(*dis.names), str_cmp);
	struct eg_err e;
	struct eg_line_stats ls;
	eg_err_clear(&e);
	eg_lines_file(eg_tctx_root(ctx), "/proc/modules", EG_HOSTFILE_MAX_BYTES,
		      on_module, &st, &ls, &e);
	if (e.code != 0 && e.code != EG_E_NOTFOUND)
		eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
	eg_sys_warn_lines(ctx, "/proc/modules", st.bad, st.first_bad, &ls);
out:
	for (size_t i = 0; i < dis.n; i++)
		free(dis.names[i]);
	free(dis.names);
	eg_kmod_free(&st.m);
	eg_buf_free(&st.norm);
	return rc;
}

const struct eg_table_def eg_table_kernel_modules = {
	.name = "kernel_modules",
	.description = "Loaded kernel modules (proc/modules), and whether "
		       "modprobe.d disables each",
	.columns = mod_columns,
	.ncolumns = sizeof(mod_columns) / sizeof(mod_columns[0]),
	.generate = generate_modules,
};
