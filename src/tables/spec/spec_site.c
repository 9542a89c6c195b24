/*
 * spec_site.c: spec_site, spec_endpoints, spec_zones and spec_flows: the
 * site, its public URLs, its network zones and the flows allowed between
 * them (T02.03).
 */
#include <string.h>

#include "../../util/valid.h"
#include "spec_tables.h"

/* spec_site ------------------------------------------------------------ */

enum { S_NAME, S_OPERATOR, S_LOCALES, S_SOURCE, S_FILES, S_BUILTIN };

static const struct eg_column site_cols[] = {
	{"name", EG_TEXT, 0, "site name"},
	{"operator", EG_TEXT, 0, "company operating the site"},
	{"locales", EG_TEXT, 0, "JSON array of language tags (ja-JP...)"},
	{"source", EG_TEXT, 0,
	 "top spec file as given, or 'builtin' for the embedded default"},
	{"files", EG_TEXT, 0, "JSON array of every file loaded, top first"},
	{"builtin", EG_INT, 0,
	 "1 when the embedded default is in use (nothing was specified)"},
};

static int site_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	const struct eg_spec_site *site = eg_spec_site(s);
	struct eg_spec_strv files;
	const char *fv[EG_SPEC_MAX_INCLUDES];
	size_t nf = eg_spec_nfiles(s);
	for (size_t i = 0; i < nf && i < EG_SPEC_MAX_INCLUDES; i++)
		fv[i] = eg_spec_file(s, i);
	files.v = fv;
	files.pos = NULL;
	files.n = nf < EG_SPEC_MAX_INCLUDES ? nf : EG_SPEC_MAX_INCLUDES;
	eg_row_begin(ctx);
	eg_row_text(ctx, S_NAME, site->name);
	eg_row_text(ctx, S_OPERATOR, site->operator_name);
	eg_spect_strv(ctx, S_LOCALES, &site->locales, 1);
	eg_row_text(ctx, S_SOURCE,
		    eg_spec_is_builtin(s) ? "builtin" : eg_spec_file(s, 0));
	eg_spect_strv(ctx, S_FILES, &files, 1);
	eg_row_int(ctx, S_BUILTIN, eg_spec_is_builtin(s));
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_spec_site = {
	.name = "spec_site",
	.description = "The site of the loaded spec (one row), or of the embedded default",
	.columns = site_cols,
	.ncolumns = sizeof(site_cols) / sizeof(site_cols[0]),
	.generate = site_gen,
};

/* spec_endpoints ------------------------------------------------------- */

enum { E_NAME, E_URL, E_SCHEME, E_HOST, E_PORT, E_PAYMENT, E_ADMIN, E_FILE,
       E_LINE };

static const struct eg_column endpoint_cols[] = {
	{"name", EG_TEXT, 0, "endpoint name (NULL when not named)"},
	{"url", EG_TEXT, 0, "URL as written"},
	{"scheme", EG_TEXT, 0, "https or http"},
	{"host", EG_TEXT, 0, "host of the URL (IPv6 without brackets)"},
	{"port", EG_INT, 0, "port of the URL (443/80 unless written)"},
	{"payment", EG_INT, 0, "1 for a payment page"},
	{"admin", EG_INT, 0, "1 for an administration screen"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int endpoints_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	const struct eg_spec_site *site = eg_spec_site(s);
	for (size_t i = 0; i < site->nendpoints; i++) {
		const struct eg_spec_endpoint *ep = &site->endpoints[i];
		struct eg_url u;
		eg_row_begin(ctx);
		eg_row_text(ctx, E_NAME, ep->name);
		eg_row_text(ctx, E_URL, ep->url);
		if (eg_url_parse(ep->url, &u, NULL) == 0) {
			eg_row_text(ctx, E_SCHEME, u.https ? "https" : "http");
			eg_row_textn(ctx, E_HOST, u.host, u.host_len);
			eg_row_int(ctx, E_PORT, u.port);
		}
		eg_row_int(ctx, E_PAYMENT, ep->payment);
		eg_row_int(ctx, E_ADMIN, ep->admin);
		eg_spect_pos(ctx, E_FILE, E_LINE, &ep->pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_endpoints = {
	.name = "spec_endpoints",
	.description = "Public endpoints (URLs) of the site, with payment and admin flags",
	.columns = endpoint_cols,
	.ncolumns = sizeof(endpoint_cols) / sizeof(endpoint_cols[0]),
	.generate = endpoints_gen,
};

/* spec_page_hosts ------------------------------------------------------ */

enum { PH_ENDPOINT, PH_URL, PH_KIND, PH_HOST, PH_FILE, PH_LINE };

static const struct eg_column page_host_cols[] = {
	{"endpoint", EG_TEXT, 0, "endpoint name (NULL when not named)"},
	{"url", EG_TEXT, 0, "the endpoint's URL"},
	{"kind", EG_TEXT, 0, "script (may load scripts from) or form (a card form may post to)"},
	{"host", EG_TEXT, 0, "host name or address, or *.domain for its subdomains"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int page_hosts_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	const struct eg_spec_site *site = eg_spec_site(s);
	for (size_t i = 0; i < site->nendpoints; i++) {
		const struct eg_spec_endpoint *ep = &site->endpoints[i];
		for (int kind = 0; kind < 2; kind++) {
			const struct eg_spec_strv *v =
				kind == 0 ? &ep->script_hosts : &ep->form_hosts;
			for (size_t j = 0; j < v->n; j++) {
				eg_row_begin(ctx);
				eg_row_text(ctx, PH_ENDPOINT, ep->name);
				eg_row_text(ctx, PH_URL, ep->url);
				eg_row_text(ctx, PH_KIND,
					    kind == 0 ? "script" : "form");
				eg_row_text(ctx, PH_HOST, v->v[j]);
				eg_spect_pos(ctx, PH_FILE, PH_LINE, &v->pos[j]);
				int rc = eg_row_end(ctx);
				if (rc != 0)
					return rc;
			}
		}
	}
	return 0;
}

const struct eg_table_def eg_table_spec_page_hosts = {
	.name = "spec_page_hosts",
	.description = "Hosts a payment page may load scripts from or post card forms to",
	.columns = page_host_cols,
	.ncolumns = sizeof(page_host_cols) / sizeof(page_host_cols[0]),
	.generate = page_hosts_gen,
};

/* spec_zones ----------------------------------------------------------- */

enum { Z_NAME, Z_DESCRIPTION, Z_NETWORKS, Z_IMPLICIT, Z_FILE, Z_LINE };

static const struct eg_column zone_cols[] = {
	{"name", EG_TEXT, 0, "zone name"},
	{"description", EG_TEXT, 0, "what the zone is"},
	{"networks", EG_TEXT, 0, "JSON array of the zone's networks (CIDR)"},
	{"implicit", EG_INT, 0,
	 "1 for the zone internet when the spec does not declare it"},
	{"file", EG_TEXT, 0, "spec file declaring it (NULL when implicit)"},
	{"line", EG_INT, 0, "line in that file"},
};

static int zones_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_zone *z = eg_spec_zones(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, Z_NAME, z[i].name);
		eg_row_text(ctx, Z_DESCRIPTION, z[i].description);
		eg_spect_strv(ctx, Z_NETWORKS, &z[i].networks, 1);
		eg_row_int(ctx, Z_IMPLICIT, 0);
		eg_spect_pos(ctx, Z_FILE, Z_LINE, &z[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	if (eg_spec_find_zone(s, "internet") != NULL)
		return 0;
	eg_row_begin(ctx);
	eg_row_text(ctx, Z_NAME, "internet");
	eg_row_text(ctx, Z_DESCRIPTION, "everything outside (predefined)");
	eg_row_text(ctx, Z_NETWORKS, "[]");
	eg_row_int(ctx, Z_IMPLICIT, 1);
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_spec_zones = {
	.name = "spec_zones",
	.description = "Network zones of the spec, the predefined zone internet included (T02.03)",
	.columns = zone_cols,
	.ncolumns = sizeof(zone_cols) / sizeof(zone_cols[0]),
	.generate = zones_gen,
};

/* spec_flows ----------------------------------------------------------- */

enum { F_FROM, F_TO, F_SERVICE, F_PROTOCOL, F_PORT, F_PURPOSE, F_LOGGED,
       F_FILE, F_LINE };

static const struct eg_column flow_cols[] = {
	{"from_zone", EG_TEXT, 0, "zone the flow starts in"},
	{"to_zone", EG_TEXT, 0, "zone the flow goes to"},
	{"service", EG_TEXT, 0, "service label (https, ssh...)"},
	{"protocol", EG_TEXT, 0, "tcp, udp or NULL when not stated"},
	{"port", EG_INT, 0, "port, NULL when not stated"},
	{"purpose", EG_TEXT, 0, "why the flow exists"},
	{"logged", EG_INT, 0, "1 logged, 0 not, NULL not stated"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int flows_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_flow *f = eg_spec_flows(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, F_FROM, f[i].from);
		eg_row_text(ctx, F_TO, f[i].to);
		eg_row_text(ctx, F_SERVICE, f[i].service);
		eg_row_text(ctx, F_PROTOCOL, f[i].protocol);
		if (f[i].port != 0)
			eg_row_int(ctx, F_PORT, f[i].port);
		eg_row_text(ctx, F_PURPOSE, f[i].purpose);
		eg_spect_tri(ctx, F_LOGGED, f[i].logged);
		eg_spect_pos(ctx, F_FILE, F_LINE, &f[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_flows = {
	.name = "spec_flows",
	.description = "Data flows allowed between zones; anything else is denied (T02.03)",
	.columns = flow_cols,
	.ncolumns = sizeof(flow_cols) / sizeof(flow_cols[0]),
	.generate = flows_gen,
};
