/*
 * conf_tables.c: the nginx_config and apache_config tables, one row per
 * directive of the web server's configuration with its includes followed
 * (the parsing is in nginx_conf.c and apache_conf.c, the loading with
 * includes in webconf.c).
 */
#include "../../util/err.h"
#include "web_tables.h"

static const struct eg_column nginx_cols[] = {
	{"file", EG_TEXT, 0, "file the directive is in (its path in the "
			     "audited system)"},
	{"line", EG_INT, 0, "line where the directive starts"},
	{"context", EG_TEXT, 0, "enclosing blocks with their arguments, "
				"'>'-joined, e.g. 'http>server>location /' "
				"('' at top level)"},
	{"directive", EG_TEXT, 0, "directive name as written"},
	{"args", EG_TEXT, 0, "arguments space-joined, quotes removed"},
};

static const struct eg_column apache_cols[] = {
	{"file", EG_TEXT, 0, "file the directive is in (its path in the "
			     "audited system)"},
	{"line", EG_INT, 0, "line where the directive starts"},
	{"context", EG_TEXT, 0, "enclosing sections with their arguments, "
				"'>'-joined, e.g. 'VirtualHost *:443>Directory "
				"/var/www' ('' at top level)"},
	{"directive", EG_TEXT, 0, "directive or section name as written "
				  "(httpd ignores case: compare with lower())"},
	{"args", EG_TEXT, 0, "arguments space-joined, quotes removed"},
};

static int emit_conf(struct eg_tctx *ctx, const struct eg_wconf *c)
{
	if (c == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, "out of memory");
	for (size_t i = 0; i < eg_wconf_count(c); i++) {
		const struct eg_wdir *d = eg_wconf_get(c, i);
		eg_row_begin(ctx);
		eg_row_text(ctx, 0, d->file);
		eg_row_int(ctx, 1, d->line);
		eg_row_text(ctx, 2, d->context);
		eg_row_text(ctx, 3, d->name);
		eg_row_text(ctx, 4, d->args);
		if (eg_row_end(ctx) != 0)
			break; /* the row cap: the engine has warned */
	}
	return 0;
}

static int nginx_generate(struct eg_tctx *ctx)
{
	return emit_conf(ctx, eg_web_nginx(ctx));
}

static int apache_generate(struct eg_tctx *ctx)
{
	return emit_conf(ctx, eg_web_apache(ctx));
}

const struct eg_table_def eg_table_nginx_config = {
	"nginx_config",
	"nginx directives from /etc/nginx/nginx.conf with its includes "
	"followed",
	nginx_cols,
	sizeof(nginx_cols) / sizeof(nginx_cols[0]),
	nginx_generate,
};

const struct eg_table_def eg_table_apache_config = {
	"apache_config",
	"Apache httpd directives from /etc/apache2/apache2.conf with its "
	"Include/IncludeOptional followed",
	apache_cols,
	sizeof(apache_cols) / sizeof(apache_cols[0]),
	apache_generate,
};
