/*
 * http_tables.c: the HTTP exposure scanner (src/scan/http/web_scan.h) and
 * the payment-page check (src/core/page_check.h) as SQL.
 *
 *   http_scans      one row per target: scanned or why not, final URL,
 *                   status, requests made, whether the budget ran out
 *   http_responses  every request the scan made
 *   http_headers    every header of every response (Set-Cookie left out:
 *                   cookie values stay out of reports; see http_cookies)
 *   http_cookies    the cookies the page sets, flags only, never values
 *   http_paths      every sensitive path tried, with what confirmed it
 *   http_findings   the scanner's findings, and web.unreachable when the
 *                   site could not be scanned
 *   page_checks     one row per target: payment page or not, state
 *                   (compared, no_baseline, unreachable), the baseline's date
 *   page_scripts    every script of the page (external and inline)
 *   page_forms      every form, with its resolved target and card fields
 *   page_findings   the comparison with the baseline (eg_page_compare)
 *
 * `target` is a required hidden argument: the URL (http or https). The
 * scan and the page check of one target each run once per engine run
 * (eg_tctx_shared), whichever table asks first. The spec the engine's owner
 * attached (userdata "spec", unless the embedded default) names the admin
 * screens tried on the same host and the page's policy; the store
 * (userdata "store") holds the baselines. A site that cannot be reached is
 * data, not a query error; a malformed target is a query error.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../core/page_check.h"
#include "../../core/spec.h"
#include "../../scan/http/url.h"
#include "../../scan/http/web_scan.h"
#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "net_tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define TARGET_COL \
	{"target", EG_TEXT, EG_COL_HIDDEN | EG_COL_REQUIRED, \
	 "the site's URL, http:// or https:// (required)"}

/* The spec to take admin screens and page policies from. */
static const struct eg_spec *site_spec(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_tctx_userdata(ctx, "spec");
	return s != NULL && !eg_spec_is_builtin(s) ? s : NULL;
}

/* Checks the target's form; 0, or a query error. */
static int check_target(struct eg_tctx *ctx, const char *target)
{
	struct eg_http_url u;
	struct eg_err e;
	memset(&u, 0, sizeof(u));
	eg_err_clear(&e);
	if (target != NULL && eg_http_url_parse(target, &u, &e) == 0) {
		eg_http_url_clear(&u);
		return 0;
	}
	return eg_tctx_error(ctx, EG_E_INVAL,
			     _("bad web target \"%.*s\": write target = 'https://HOST[:PORT]/PATH' (an http or https URL)"),
			     EG_QUOTE_MAX, target != NULL ? target : "");
}

/* Looks up (or makes) the shared entry "prefix\ntarget". */
static void *shared(struct eg_tctx *ctx, const char *prefix,
		    void *(*make)(struct eg_tctx *), void (*fr)(void *))
{
	const char *target = eg_tctx_arg(ctx, "target", NULL);
	struct eg_buf key;
	void *p = NULL;
	eg_buf_init(&key, EG_URL_MAX + 64);
	eg_buf_addf(&key, "%s\n%s", prefix, target != NULL ? target : "");
	if (key.err == 0)
		p = eg_tctx_shared(ctx, eg_buf_str(&key), make, fr);
	else
		eg_tctx_error(ctx, EG_E_INVAL, "%s",
			      _("the web target is too long"));
	eg_buf_free(&key);
	return p;
}

/* ---- the exposure scan ------------------------------------------------ */

struct web_entry {
	struct eg_web_result *r;  /* NULL when the site could not be scanned */
	char *error;
};

static void web_free(void *p)
{
	struct web_entry *w = p;
	if (w == NULL)
		return;
	eg_web_result_free(w->r);
	free(w->error);
	free(w);
}

static void *make_web(struct eg_tctx *ctx)
{
	const char *target = eg_tctx_arg(ctx, "target", NULL);
	if (check_target(ctx, target) != 0)
		return NULL;
	struct web_entry *w = eg_calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	/* The spec's admin screens on the target's host. */
	const char *admin[EG_WEB_MAX_ADMIN];
	size_t nadmin = eg_spec_admin_urls(site_spec(ctx), target, admin,
					   EG_WEB_MAX_ADMIN);
	struct eg_err e;
	signal(SIGPIPE, SIG_IGN);
	const struct eg_web_opts o = {
		.url = target,
		.admin = admin,
		.nadmin = nadmin,
	};
	eg_err_clear(&e);
	int rc = eg_web_scan(&o, &w->r, &e);
	if (rc == EG_E_NOMEM || rc == EG_E_INTERNAL) {
		eg_tctx_error(ctx, rc, "%s", eg_err_msg(&e));
		web_free(w);
		return NULL;
	}
	if (rc != 0) {
		w->error = eg_strdup(eg_err_msg(&e));
		if (w->error == NULL) {
			web_free(w);
			return NULL;
		}
		eg_tctx_warn(ctx, "%s", w->error);
	}
	return w;
}

/* What the http_* tables see when the engine's owner said "offline"
 * (`ecguard audit --offline`): no scan, no rows. */
static const struct web_entry web_offline;

static const struct web_entry *web(struct eg_tctx *ctx)
{
	if (eg_tctx_userdata(ctx, "offline") != NULL)
		return &web_offline;
	return shared(ctx, "net.http", make_web, web_free);
}

static void row_target(struct eg_tctx *ctx)
{
	eg_row_text(ctx, 0, eg_tctx_arg(ctx, "target", NULL));
}

/* http_scans */

enum { HS_SCANNED = 1, HS_ERROR, HS_FINAL, HS_STATUS, HS_REQUESTS,
       HS_BUDGET };

static const struct eg_column hs_cols[] = {
	TARGET_COL,
	{"scanned", EG_INT, 0, "1 when the site answered and was scanned"},
	{"error", EG_TEXT, 0, "why it could not be scanned, else NULL"},
	{"final_url", EG_TEXT, 0, "where the main request ended after redirects"},
	{"status", EG_INT, 0, "status of the main response"},
	{"requests", EG_INT, 0, "requests the scan made"},
	{"budget_spent", EG_INT, 0, "1 when some checks were skipped (request or time budget)"},
};

static int hs_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	if (w == &web_offline)
		return 0;
	eg_row_begin(ctx);
	row_target(ctx);
	eg_row_int(ctx, HS_SCANNED, w->r != NULL);
	if (w->r == NULL) {
		eg_row_text(ctx, HS_ERROR, w->error);
		return eg_row_end(ctx);
	}
	eg_row_text(ctx, HS_FINAL, w->r->final_url);
	eg_row_int(ctx, HS_STATUS, w->r->status);
	eg_row_int(ctx, HS_REQUESTS, w->r->requests);
	eg_row_int(ctx, HS_BUDGET, w->r->budget_spent);
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_http_scans = {
	.name = "http_scans",
	.description = "HTTP exposure scan of a site (target = URL required): whether it was scanned, final URL, status",
	.columns = hs_cols,
	.ncolumns = COUNT(hs_cols),
	.generate = hs_gen,
};

/* http_responses */

enum { HR_URL = 1, HR_PURPOSE, HR_METHOD, HR_STATUS, HR_ERROR, HR_TIMEOUT,
       HR_LEN, HR_TRUNC, HR_TLS, HR_VERIFIED, HR_VERSION, HR_MS };

static const struct eg_column hr_cols[] = {
	TARGET_COL,
	{"url", EG_TEXT, 0, "URL requested"},
	{"purpose", EG_TEXT, 0, "main, http, trace, cors, 404, security.txt, path, listing or admin"},
	{"method", EG_TEXT, 0, "GET, HEAD, OPTIONS or TRACE"},
	{"status", EG_INT, 0, "HTTP status, NULL when the request failed"},
	{"error", EG_TEXT, 0, "why the request failed, else NULL"},
	{"timed_out", EG_INT, 0, "1 when it ended at its deadline"},
	{"body_length", EG_INT, 0, "decoded body bytes kept"},
	{"body_truncated", EG_INT, 0, "1 when the body went past the cap"},
	{"tls", EG_INT, 0, "1 over TLS"},
	{"tls_verified", EG_INT, 0, "1 when the certificate chain and host name verified (NULL without TLS)"},
	{"tls_version", EG_TEXT, 0, "TLS version negotiated"},
	{"ms", EG_INT, 0, "time the request took"},
};

static int hr_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; w->r != NULL && i < w->r->nresponses; i++) {
		const struct eg_web_response *x = &w->r->responses[i];
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, HR_URL, x->url);
		eg_row_text(ctx, HR_PURPOSE, x->purpose);
		eg_row_text(ctx, HR_METHOD, x->method);
		if (x->status > 0)
			eg_row_int(ctx, HR_STATUS, x->status);
		eg_row_text(ctx, HR_ERROR, x->error);
		eg_row_int(ctx, HR_TIMEOUT, x->timed_out);
		eg_row_int(ctx, HR_LEN, (int64_t)x->body_len);
		eg_row_int(ctx, HR_TRUNC, x->body_truncated);
		eg_row_int(ctx, HR_TLS, x->tls);
		if (x->tls)
			eg_row_int(ctx, HR_VERIFIED, x->tls_verified);
		eg_row_text(ctx, HR_VERSION, x->tls_version);
		eg_row_int(ctx, HR_MS, x->ms);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_http_responses = {
	.name = "http_responses",
	.description = "Every request the HTTP exposure scan of a site made (target = URL required)",
	.columns = hr_cols,
	.ncolumns = COUNT(hr_cols),
	.generate = hr_gen,
};

/* http_headers */

enum { HH_URL = 1, HH_PURPOSE, HH_NAME, HH_VALUE };

static const struct eg_column hh_cols[] = {
	TARGET_COL,
	{"url", EG_TEXT, 0, "URL of the response"},
	{"purpose", EG_TEXT, 0, "which request: main (the page), http, trace, cors, ..."},
	{"name", EG_TEXT, 0, "header name as received"},
	{"value", EG_TEXT, 0, "header value (Set-Cookie headers are left out: see http_cookies)"},
};

static int hh_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; w->r != NULL && i < w->r->nresponses; i++) {
		const struct eg_web_response *x = &w->r->responses[i];
		for (size_t k = 0; k < x->nheaders; k++) {
			if (strcasecmp(x->headers[k].name, "Set-Cookie") == 0)
				continue;
			eg_row_begin(ctx);
			row_target(ctx);
			eg_row_text(ctx, HH_URL, x->url);
			eg_row_text(ctx, HH_PURPOSE, x->purpose);
			eg_row_text(ctx, HH_NAME, x->headers[k].name);
			eg_row_text(ctx, HH_VALUE, x->headers[k].value);
			int rc = eg_row_end(ctx);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

const struct eg_table_def eg_table_http_headers = {
	.name = "http_headers",
	.description = "Response headers the HTTP exposure scan of a site received (target = URL required)",
	.columns = hh_cols,
	.ncolumns = COUNT(hh_cols),
	.generate = hh_gen,
};

/* http_cookies */

enum { HC_URL = 1, HC_NAME, HC_VLEN, HC_SECURE, HC_HTTPONLY, HC_SAMESITE,
       HC_PATH, HC_DOMAIN, HC_EXPIRES, HC_MAXAGE, HC_SESSION };

static const struct eg_column hc_cols[] = {
	TARGET_COL,
	{"url", EG_TEXT, 0, "the response that set it"},
	{"name", EG_TEXT, 0, "cookie name"},
	{"value_length", EG_INT, 0, "length of the value (the value itself is never kept)"},
	{"secure", EG_INT, 0, "1 with the Secure attribute"},
	{"httponly", EG_INT, 0, "1 with the HttpOnly attribute"},
	{"samesite", EG_TEXT, 0, "SameSite value as given, NULL when absent"},
	{"path", EG_TEXT, 0, "Path attribute"},
	{"domain", EG_TEXT, 0, "Domain attribute"},
	{"expires", EG_TEXT, 0, "Expires attribute as given"},
	{"max_age", EG_INT, 0, "Max-Age in seconds, NULL when absent"},
	{"session", EG_INT, 0, "1 when judged a session cookie (by name, or no expiry)"},
};

static int hc_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; w->r != NULL && i < w->r->ncookies; i++) {
		const struct eg_web_cookie *c = &w->r->cookies[i];
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, HC_URL, c->url);
		eg_row_text(ctx, HC_NAME, c->name);
		eg_row_int(ctx, HC_VLEN, (int64_t)c->value_len);
		eg_row_int(ctx, HC_SECURE, c->secure);
		eg_row_int(ctx, HC_HTTPONLY, c->httponly);
		eg_row_text(ctx, HC_SAMESITE, c->samesite);
		eg_row_text(ctx, HC_PATH, c->path);
		eg_row_text(ctx, HC_DOMAIN, c->domain);
		eg_row_text(ctx, HC_EXPIRES, c->expires);
		if (c->has_max_age)
			eg_row_int(ctx, HC_MAXAGE, c->max_age);
		eg_row_int(ctx, HC_SESSION, c->session);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_http_cookies = {
	.name = "http_cookies",
	.description = "Cookies a site's page sets, with their flags, never their values (target = URL required)",
	.columns = hc_cols,
	.ncolumns = COUNT(hc_cols),
	.generate = hc_gen,
};

/* http_paths */

enum { HP_PATH = 1, HP_URL, HP_CHECK, HP_STATUS, HP_LEN, HP_EXPOSED,
       HP_SOFT, HP_EVIDENCE, HP_ERROR };

static const struct eg_column hp_cols[] = {
	TARGET_COL,
	{"path", EG_TEXT, 0, "sensitive path tried, e.g. /.env"},
	{"url", EG_TEXT, 0, "URL requested"},
	{"check_id", EG_TEXT, 0, "the finding it gives when exposed, e.g. web.env_exposed"},
	{"status", EG_INT, 0, "final HTTP status, NULL when the request failed"},
	{"length", EG_INT, 0, "body bytes seen"},
	{"exposed", EG_INT, 0, "1 when confirmed by its content"},
	{"soft_404", EG_INT, 0, "1 when the answer matched the site's not-found page"},
	{"evidence", EG_TEXT, 0, "what confirmed it (key names or markers, never a secret value)"},
	{"error", EG_TEXT, 0, "why the request failed, else NULL"},
};

static int hp_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; w->r != NULL && i < w->r->npaths; i++) {
		const struct eg_web_path *p = &w->r->paths[i];
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, HP_PATH, p->path);
		eg_row_text(ctx, HP_URL, p->url);
		eg_row_text(ctx, HP_CHECK, p->check);
		if (p->status > 0)
			eg_row_int(ctx, HP_STATUS, p->status);
		eg_row_int(ctx, HP_LEN, (int64_t)p->length);
		eg_row_int(ctx, HP_EXPOSED, p->exposed);
		eg_row_int(ctx, HP_SOFT, p->soft404);
		eg_row_text(ctx, HP_EVIDENCE, p->evidence);
		eg_row_text(ctx, HP_ERROR, p->error);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_http_paths = {
	.name = "http_paths",
	.description = "Sensitive paths tried on a site and whether their content confirmed them (target = URL required)",
	.columns = hp_cols,
	.ncolumns = COUNT(hp_cols),
	.generate = hp_gen,
};

/* http_findings */

enum { HF_ID = 1, HF_SEVERITY, HF_URL, HF_REASON };

static const struct eg_column hf_cols[] = {
	TARGET_COL,
	{"id", EG_TEXT, 0, "finding id, e.g. web.env_exposed (docs/web.md); web.unreachable when the site could not be scanned"},
	{"severity", EG_TEXT, 0, "info, low, medium, high or critical"},
	{"url", EG_TEXT, 0, "where it was seen"},
	{"reason", EG_TEXT, 0, "what was found"},
};

static int hf_gen(struct eg_tctx *ctx)
{
	const struct web_entry *w = web(ctx);
	if (w == NULL)
		return EG_E_INVAL;
	if (w == &web_offline)
		return 0;
	if (w->r == NULL) {
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, HF_ID, "web.unreachable");
		eg_row_text(ctx, HF_SEVERITY, "high");
		eg_row_text(ctx, HF_URL, eg_tctx_arg(ctx, "target", NULL));
		eg_row_text(ctx, HF_REASON, w->error);
		return eg_row_end(ctx);
	}
	for (size_t i = 0; i < w->r->nfindings; i++) {
		const struct eg_web_finding *f = &w->r->findings[i];
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, HF_ID, f->id);
		eg_row_text(ctx, HF_SEVERITY, f->severity);
		eg_row_text(ctx, HF_URL, f->url);
		eg_row_text(ctx, HF_REASON, f->reason);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_http_findings = {
	.name = "http_findings",
	.description = "Findings of the HTTP exposure scan of a site (target = URL required)",
	.columns = hf_cols,
	.ncolumns = COUNT(hf_cols),
	.generate = hf_gen,
};

/* ---- the payment-page check ------------------------------------------- */

struct page_entry {
	struct eg_page_check *pc;
};

static void page_free(void *p)
{
	struct page_entry *pe = p;
	if (pe == NULL)
		return;
	eg_page_check_free(pe->pc);
	free(pe);
}

static void *make_page(struct eg_tctx *ctx)
{
	const char *target = eg_tctx_arg(ctx, "target", NULL);
	if (check_target(ctx, target) != 0)
		return NULL;
	struct page_entry *pe = eg_calloc(1, sizeof(*pe));
	struct eg_http_client *hc = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (pe == NULL)
		return NULL;
	int rc = eg_http_client_new(NULL, 0, &hc, &e);
	if (rc == 0) {
		signal(SIGPIPE, SIG_IGN);
		rc = eg_page_check_run(hc, eg_tctx_userdata(ctx, "store"),
				       site_spec(ctx), target, 0, &pe->pc,
				       &e);
	}
	eg_http_client_free(hc);
	if (rc != 0) {
		eg_tctx_error(ctx, rc, "%s", eg_err_msg(&e));
		page_free(pe);
		return NULL;
	}
	if (pe->pc->snap->error != NULL)
		eg_tctx_warn(ctx, "%s", pe->pc->snap->error);
	return pe;
}

static const struct eg_page_check *page(struct eg_tctx *ctx)
{
	/* Offline: NULL without an error, and the generators emit nothing. */
	if (eg_tctx_userdata(ctx, "offline") != NULL)
		return NULL;
	const struct page_entry *pe =
		shared(ctx, "net.page", make_page, page_free);
	return pe != NULL ? pe->pc : NULL;
}

/* page_checks */

enum { PC_PAYMENT = 1, PC_INSPEC, PC_STATE, PC_ERROR, PC_BASE_AT,
       PC_BASE_ERR, PC_SCRIPTS, PC_FETCHED, PC_SKIPPED, PC_FAILED,
       PC_INCOMPLETE };

static const struct eg_column pc_cols[] = {
	TARGET_COL,
	{"payment", EG_INT, 0, "1 when the spec declares the URL a payment page"},
	{"in_spec", EG_INT, 0, "1 when the URL is an endpoint of the spec"},
	{"state", EG_TEXT, 0, "compared (with the baseline), no_baseline, or unreachable"},
	{"error", EG_TEXT, 0, "why the page could not be checked, else NULL"},
	{"baseline_taken_at", EG_TEXT, 0, "when the baseline compared against was taken, NULL without one"},
	{"baseline_error", EG_TEXT, 0, "a baseline that could not be read, else NULL"},
	{"scripts", EG_INT, 0, "scripts on the page (code only, not data blocks)"},
	{"scripts_fetched", EG_INT, 0, "script bodies fetched and hashed (the page's host and the spec's script hosts)"},
	{"scripts_not_fetched", EG_INT, 0, "scripts on other hosts, or past the fetch limit, not fetched"},
	{"scripts_failed", EG_INT, 0, "script fetches without a 200 answer"},
	{"incomplete", EG_INT, 0, "1 when the page went past a parsing limit"},
};

static int pc_gen(struct eg_tctx *ctx)
{
	const struct eg_page_check *pc = page(ctx);
	if (pc == NULL)
		return eg_tctx_userdata(ctx, "offline") != NULL ? 0 : EG_E_INVAL;
	size_t scripts = 0;
	const struct eg_page_inv *inv = pc->snap->inv;
	for (size_t i = 0; inv != NULL && i < inv->nitems; i++)
		scripts += inv->items[i].kind == EG_PAGE_SCRIPT &&
			   !(inv->items[i].flags & EG_PAGE_F_DATA);
	eg_row_begin(ctx);
	row_target(ctx);
	eg_row_int(ctx, PC_PAYMENT, pc->payment);
	eg_row_int(ctx, PC_INSPEC, pc->in_spec);
	eg_row_text(ctx, PC_STATE, eg_page_state_name(pc->state));
	eg_row_text(ctx, PC_ERROR, pc->snap->error);
	eg_row_text(ctx, PC_BASE_AT, pc->baseline_taken_at);
	eg_row_text(ctx, PC_BASE_ERR, pc->baseline_error);
	if (inv != NULL) {
		eg_row_int(ctx, PC_SCRIPTS, (int64_t)scripts);
		eg_row_int(ctx, PC_INCOMPLETE, inv->incomplete != 0);
	}
	eg_row_int(ctx, PC_FETCHED, pc->snap->scripts_fetched);
	eg_row_int(ctx, PC_SKIPPED, pc->snap->scripts_skipped);
	eg_row_int(ctx, PC_FAILED, pc->snap->scripts_failed);
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_page_checks = {
	.name = "page_checks",
	.description = "Payment-page integrity check of a page (target = URL required): its state against the stored baseline",
	.columns = pc_cols,
	.ncolumns = COUNT(pc_cols),
	.generate = pc_gen,
};

/* page_scripts */

enum { PS_LINE = 1, PS_SRC, PS_URL, PS_HOST, PS_INLINE, PS_SAME, PS_TYPE,
       PS_INTEGRITY, PS_SRI, PS_SHA, PS_LEN, PS_CSHA, PS_MATCH };

static const struct eg_column ps_cols[] = {
	TARGET_COL,
	{"line", EG_INT, 0, "line of the tag in the page"},
	{"src", EG_TEXT, 0, "src as written, NULL for an inline script"},
	{"url", EG_TEXT, 0, "src resolved against the page"},
	{"host", EG_TEXT, 0, "host the script comes from"},
	{"inline", EG_INT, 0, "1 for code in the page itself"},
	{"same_origin", EG_INT, 0, "1 when served from the page's own origin"},
	{"type", EG_TEXT, 0, "type attribute as written"},
	{"integrity", EG_TEXT, 0, "integrity attribute as written"},
	{"sri", EG_TEXT, 0, "none, valid or invalid (an attribute without a usable hash)"},
	{"sha256", EG_TEXT, 0, "inline: SHA-256 of the script text"},
	{"length", EG_INT, 0, "inline: bytes of the script text"},
	{"content_sha256", EG_TEXT, 0, "external: SHA-256 of the fetched bytes, NULL when not fetched"},
	{"sri_match", EG_INT, 0, "1 when the fetched bytes match the integrity hash, 0 when not, NULL when not checked"},
};

static int ps_gen(struct eg_tctx *ctx)
{
	const struct eg_page_check *pc = page(ctx);
	if (pc == NULL)
		return eg_tctx_userdata(ctx, "offline") != NULL ? 0 : EG_E_INVAL;
	const struct eg_page_inv *inv = pc->snap->inv;
	static const char *const sri[] = {"none", "valid", "invalid"};
	for (size_t i = 0; inv != NULL && i < inv->nitems; i++) {
		const struct eg_page_item *it = &inv->items[i];
		if (it->kind != EG_PAGE_SCRIPT || (it->flags & EG_PAGE_F_DATA))
			continue;
		int inl = (it->flags & EG_PAGE_F_INLINE) != 0;
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_int(ctx, PS_LINE, it->line);
		eg_row_text(ctx, PS_SRC, it->src);
		eg_row_text(ctx, PS_URL, it->url);
		eg_row_text(ctx, PS_HOST, it->host);
		eg_row_int(ctx, PS_INLINE, inl);
		eg_row_int(ctx, PS_SAME,
			   inl || (it->flags & EG_PAGE_F_SAME_ORIGIN) != 0);
		eg_row_text(ctx, PS_TYPE, it->type);
		eg_row_text(ctx, PS_INTEGRITY, it->integrity);
		if (!inl && it->sri_state >= 0 && it->sri_state <= 2)
			eg_row_text(ctx, PS_SRI, sri[it->sri_state]);
		if (inl) {
			eg_row_text(ctx, PS_SHA, it->sha256);
			eg_row_int(ctx, PS_LEN, (int64_t)it->length);
		}
		if (it->content_sha256[0] != '\0')
			eg_row_text(ctx, PS_CSHA, it->content_sha256);
		if (it->sri_match >= 0)
			eg_row_int(ctx, PS_MATCH, it->sri_match);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_page_scripts = {
	.name = "page_scripts",
	.description = "Scripts a page loads or carries, with their integrity and hashes (target = URL required)",
	.columns = ps_cols,
	.ncolumns = COUNT(ps_cols),
	.generate = ps_gen,
};

/* page_forms */

enum { PF_LINE = 1, PF_ACTION, PF_URL, PF_HOST, PF_METHOD, PF_CARD,
       PF_SAME };

static const struct eg_column pf_cols[] = {
	TARGET_COL,
	{"line", EG_INT, 0, "line of the tag in the page"},
	{"action", EG_TEXT, 0, "action (or a button's formaction) as written, NULL when absent"},
	{"url", EG_TEXT, 0, "where the form posts, resolved (the page itself without an action)"},
	{"host", EG_TEXT, 0, "host it posts to"},
	{"method", EG_TEXT, 0, "get, post or dialog"},
	{"card", EG_INT, 0, "1 when it carries a card number or security code field"},
	{"same_origin", EG_INT, 0, "1 when it posts to the page's own origin"},
};

static int pf_gen(struct eg_tctx *ctx)
{
	const struct eg_page_check *pc = page(ctx);
	if (pc == NULL)
		return eg_tctx_userdata(ctx, "offline") != NULL ? 0 : EG_E_INVAL;
	const struct eg_page_inv *inv = pc->snap->inv;
	for (size_t i = 0; inv != NULL && i < inv->nitems; i++) {
		const struct eg_page_item *it = &inv->items[i];
		if (it->kind != EG_PAGE_FORM)
			continue;
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_int(ctx, PF_LINE, it->line);
		eg_row_text(ctx, PF_ACTION, it->src);
		eg_row_text(ctx, PF_URL, it->url);
		eg_row_text(ctx, PF_HOST, it->host);
		eg_row_text(ctx, PF_METHOD, it->method);
		eg_row_int(ctx, PF_CARD,
			   (it->card & (EG_PAGE_CARD_NUMBER |
					EG_PAGE_CARD_CSC)) != 0);
		eg_row_int(ctx, PF_SAME,
			   (it->flags & EG_PAGE_F_SAME_ORIGIN) != 0);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_page_forms = {
	.name = "page_forms",
	.description = "Forms of a page, where they post and whether they carry card fields (target = URL required)",
	.columns = pf_cols,
	.ncolumns = COUNT(pf_cols),
	.generate = pf_gen,
};

/* page_findings */

enum { PG_ID = 1, PG_SEVERITY, PG_SUBJECT, PG_REASON };

static const struct eg_column pg_cols[] = {
	TARGET_COL,
	{"id", EG_TEXT, 0, "finding id, e.g. page.script_added (docs/web.md)"},
	{"severity", EG_TEXT, 0, "info, low, medium, high or critical"},
	{"subject", EG_TEXT, 0, "the script URL, inline hash, form target or header it is about"},
	{"reason", EG_TEXT, 0, "what changed or is wrong"},
};

static int pg_gen(struct eg_tctx *ctx)
{
	const struct eg_page_check *pc = page(ctx);
	if (pc == NULL)
		return eg_tctx_userdata(ctx, "offline") != NULL ? 0 : EG_E_INVAL;
	for (size_t i = 0; i < pc->findings.n; i++) {
		const struct eg_page_finding *f = &pc->findings.v[i];
		eg_row_begin(ctx);
		row_target(ctx);
		eg_row_text(ctx, PG_ID, f->id);
		eg_row_text(ctx, PG_SEVERITY, f->severity);
		eg_row_text(ctx, PG_SUBJECT, f->subject);
		eg_row_text(ctx, PG_REASON, f->reason);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_page_findings = {
	.name = "page_findings",
	.description = "A page compared with its baseline and the spec's allowed hosts (target = URL required)",
	.columns = pg_cols,
	.ncolumns = COUNT(pg_cols),
	.generate = pg_gen,
};
