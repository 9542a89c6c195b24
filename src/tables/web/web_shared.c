/*
 * web_shared.c: run-wide state of the web tables (see web_tables.h). The
 * configurations are parsed once per engine run whichever table needs them
 * first; the others reuse the same list.
 */
#include <string.h>
#include <strings.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "web_tables.h"

static void warn_to_ctx(void *ud, const char *msg)
{
	eg_tctx_warn(ud, "%s", msg);
}

static void *make_nginx(struct eg_tctx *ctx)
{
	struct eg_wconf *c = NULL;
	if (eg_wconf_load_nginx(eg_tctx_root(ctx), warn_to_ctx, ctx, &c) != 0)
		return NULL;
	return c;
}

static void *make_apache(struct eg_tctx *ctx)
{
	struct eg_wconf *c = NULL;
	if (eg_wconf_load_apache(eg_tctx_root(ctx), warn_to_ctx, ctx, &c) != 0)
		return NULL;
	return c;
}

static void free_wconf(void *p)
{
	eg_wconf_free(p);
}

static void *make_idmap(struct eg_tctx *ctx)
{
	return eg_idmap_load(eg_tctx_root(ctx));
}

static void free_idmap(void *p)
{
	eg_idmap_free(p);
}

const struct eg_wconf *eg_web_nginx(struct eg_tctx *ctx)
{
	return eg_tctx_shared(ctx, "web.nginx_conf", make_nginx, free_wconf);
}

const struct eg_wconf *eg_web_apache(struct eg_tctx *ctx)
{
	return eg_tctx_shared(ctx, "web.apache_conf", make_apache, free_wconf);
}

const struct eg_idmap *eg_web_idmap(struct eg_tctx *ctx)
{
	return eg_tctx_shared(ctx, "web.idmap", make_idmap, free_idmap);
}

static int add_paths(const struct eg_wconf *c, const char *directive,
		     const char *base, int nocase, struct eg_strv *out)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	int rc = 0;
	for (size_t i = 0; c != NULL && i < eg_wconf_count(c) && rc == 0; i++) {
		const struct eg_wdir *d = eg_wconf_get(c, i);
		int same = nocase ? strcasecmp(d->name, directive) == 0
				  : strcmp(d->name, directive) == 0;
		if (!same || d->argc < 1)
			continue;
		const char *v = d->argv[0];
		/* A variable is resolved per request; "data:" is an inline
		 * certificate or key, not a file. */
		if (v[0] == '\0' || strchr(v, '$') != NULL ||
		    strncmp(v, "data:", 5) == 0)
			continue;
		eg_buf_reset(&b);
		if (eg_path_norm(&b, base, v) != 0)
			continue;
		if (!eg_strv_has(out, eg_buf_str(&b)))
			rc = eg_strv_add(out, eg_buf_str(&b));
	}
	eg_buf_free(&b);
	return rc;
}

int eg_web_conf_paths(struct eg_tctx *ctx, const char *nginx_directive,
		      const char *nginx_base, const char *apache_directive,
		      struct eg_strv *out)
{
	int rc = 0;
	if (nginx_directive != NULL)
		rc = add_paths(eg_web_nginx(ctx), nginx_directive, nginx_base,
			       0, out);
	if (rc == 0 && apache_directive != NULL)
		rc = add_paths(eg_web_apache(ctx), apache_directive,
			       EG_APACHE_ROOT, 1, out);
	return rc;
}
