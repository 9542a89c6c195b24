/*
 * cmd_web.c: `ecguard web URL...` runs the HTTP exposure scanner of
 * src/scan/http on each URL (security headers, cookies, banners, TRACE,
 * CORS, listings, security.txt, sensitive paths confirmed by content, admin
 * screens) and prints its findings as text or JSON. Connections go only to
 * the hosts of the URLs given. The scanner's result is plain data, so other
 * views of it hang off run() below without touching the scanner.
 *
 * Each URL is also checked as a payment page (src/core/page_check.h): its
 * scripts, iframes and card forms against the authorised inventory the
 * store keeps for it. `--baseline` records that inventory instead of
 * scanning; `--spec` says which URLs are payment pages, which hosts may
 * serve their scripts and take their card forms, and which admin screens
 * to try.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/page_check.h"
#include "../core/page_store.h"
#include "../core/spec.h"
#include "../scan/http/web_scan.h"
#include "../util/diag.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/neutral.h"
#include "../util/num.h"
#include "cli.h"
#include "spec_arg.h"
#include "store_arg.h"

static const char *const formats[] = {"text", "json", NULL};

/* Most URLs one command line may scan: each is a full scan of its own. */
#define MAX_TARGETS 64

static void help(struct eg_buf *b)
{
	eg_buf_addf(b, _("Usage: ecguard web URL... [--format text|json] [--timeout MS]\n"
			 "                  [--resolve HOST:PORT:ADDR]... [--admin URL]... [--http-port N]\n"
			 "                  [--spec FILE] [--store FILE] [--baseline] [--no-page]\n"
			 "\n"
			 "Scans the public HTTP(S) face of a site for exposures: the redirect from\n"
			 "HTTP to HTTPS, security headers (HSTS, CSP, X-Content-Type-Options,\n"
			 "frame-ancestors or X-Frame-Options, Referrer-Policy, Permissions-Policy),\n"
			 "session cookies' Secure, HttpOnly and SameSite, version banners, TRACE,\n"
			 "CORS with credentials, directory listings, security.txt (RFC 9116), and\n"
			 "sensitive files (.git, .svn, .env, dumps, backups, installers, phpinfo,\n"
			 "server status, framework folders), each confirmed by its content; the\n"
			 "site's own \"not found\" page never counts as a finding. Secret values\n"
			 "found are never printed. Connections go only to the hosts of the URLs,\n"
			 "several at once, each request with a timeout.\n"
			 "\n"
			 "  URL                 http:// or https:// address of the site (several allowed)\n"
			 "  --format FMT        text (default) or json\n"
			 "  --timeout MS        time one request may take (default %u, at most %u)\n"
			 "  --resolve H:P:ADDR  connect to ADDR for host H and port P (* for any port),\n"
			 "                      as curl --resolve; the host name is still sent\n"
			 "  --admin URL         an admin screen (absolute, or relative to URL) that must\n"
			 "                      not be open: it should refuse this address or ask for a login\n"
			 "  --http-port N       port of plain HTTP for the redirect check (default 80)\n"
			 "  --spec FILE         the site spec: its payment pages, the hosts their scripts\n"
			 "                      and card forms may use, and its admin screens (tried\n"
			 "                      when no --admin is given)\n"
			 "  --store FILE        where page baselines are kept (default: the audit's store)\n"
			 "  --baseline          record each page's scripts, iframes, forms and security\n"
			 "                      headers as its authorised inventory, and do nothing else\n"
			 "  --no-page           skip the payment-page check\n"
			 "\n"
			 "Payment-page check: every script (external with its host and integrity,\n"
			 "inline by hash; the bytes of scripts from the page's own host are\n"
			 "fetched and hashed), iframe and card form is\n"
			 "compared with the baseline; a new or changed script on a payment page,\n"
			 "or a card form posting elsewhere, is critical.\n"
			 "  -h, --help          this help\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  no findings above severity info\n"
			 "  1  findings of severity low, medium, high or critical\n"
			 "  2  usage error, or a site cannot be reached\n"
			 "  3  internal error\n"),
		    EG_HTTP_TIMEOUT_DEFAULT_MS, EG_HTTP_TIMEOUT_MAX_MS);
}

static void esc(struct eg_buf *out, const char *s)
{
	eg_term_escape(out, s, strlen(s));
}

/* HOST:PORT:ADDR (ADDR may be [v6] or bare v6). 0 or -1. */
static int parse_resolve(char *arg, struct eg_http_resolve *r)
{
	char *c1 = strchr(arg, ':');
	if (c1 == NULL || c1 == arg)
		return -1;
	char *c2 = strchr(c1 + 1, ':');
	if (c2 == NULL || c2 == c1 + 1 || c2[1] == '\0')
		return -1;
	*c1 = '\0';
	*c2 = '\0';
	uint64_t port = 0;
	if (strcmp(c1 + 1, "*") != 0 &&
	    eg_parse_u64(c1 + 1, 1, 65535, &port) != 0)
		return -1;
	char *addr = c2 + 1;
	size_t al = strlen(addr);
	if (addr[0] == '[' && al > 2 && addr[al - 1] == ']') {
		addr[al - 1] = '\0';
		addr++;
	}
	r->host = arg;
	r->port = (unsigned)port;
	r->addr = addr;
	return 0;
}

static void text_report(const struct eg_web_result *r, struct eg_buf *out)
{
	eg_buf_adds(out, _("Web exposure scan of "));
	esc(out, r->target);
	eg_buf_adds(out, "\n  ");
	eg_buf_addf(out, "%s ", _("Final URL:"));
	esc(out, r->final_url);
	eg_buf_addf(out, _(" (status %d)"), r->status);
	const struct eg_web_response *mr = NULL;
	for (size_t i = 0; i < r->nresponses; i++)
		if (strcmp(r->responses[i].purpose, "main") == 0 &&
		    r->responses[i].status != 0)
			mr = &r->responses[i];
	if (mr != NULL && mr->tls) {
		eg_buf_addf(out, "\n  %s %s, %s ", _("TLS:"),
			    mr->tls_version ? mr->tls_version : "?",
			    _("certificate verified:"));
		eg_buf_adds(out, mr->tls_verified ? _("yes") : _("no"));
		if (!mr->tls_verified && mr->tls_verify != NULL) {
			eg_buf_adds(out, " (");
			esc(out, mr->tls_verify);
			eg_buf_addc(out, ')');
		}
	}
	eg_buf_addf(out, "\n  %s %u%s\n", _("Requests:"), r->requests,
		    r->budget_spent ?
		    _(" (budget spent: some checks were skipped)") : "");

	eg_buf_addf(out, "\n%s (%zu)\n", _("Findings"), r->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct eg_web_finding *f = &r->findings[i];
		eg_buf_addf(out, "  %-8s %-32s ", f->severity, f->id);
		esc(out, f->url);
		eg_buf_adds(out, "\n           ");
		esc(out, f->reason);
		eg_buf_addc(out, '\n');
	}

	size_t exposed = 0, failed = 0;
	for (size_t i = 0; i < r->npaths; i++) {
		exposed += r->paths[i].exposed;
		failed += r->paths[i].error != NULL;
	}
	eg_buf_addf(out, "\n");
	eg_buf_addf(out, _("Sensitive paths: %zu tried, %zu exposed, %zu failed"),
		    r->npaths, exposed, failed);
	eg_buf_addc(out, '\n');
	for (size_t i = 0; i < r->npaths; i++) {
		const struct eg_web_path *p = &r->paths[i];
		if (!p->exposed && p->error == NULL)
			continue;
		eg_buf_addf(out, "  %3d  ", p->status);
		esc(out, p->path);
		eg_buf_adds(out, "  ");
		esc(out, p->exposed ? p->evidence : p->error);
		eg_buf_addc(out, '\n');
	}

	eg_buf_addf(out, "\n%s (%zu)\n", _("Cookies"), r->ncookies);
	for (size_t i = 0; i < r->ncookies; i++) {
		const struct eg_web_cookie *c = &r->cookies[i];
		eg_buf_adds(out, "  ");
		esc(out, c->name);
		eg_buf_addf(out, "  Secure=%s HttpOnly=%s SameSite=",
			    c->secure ? _("yes") : _("no"),
			    c->httponly ? _("yes") : _("no"));
		esc(out, c->samesite ? c->samesite : "-");
		if (c->session)
			eg_buf_addf(out, "  (%s)", _("session"));
		eg_buf_addc(out, '\n');
	}

	eg_buf_addf(out, "\n%s\n", _("Response headers"));
	for (size_t i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "Set-Cookie") == 0)
			continue; /* cookie values stay out of reports */
		eg_buf_adds(out, "  ");
		esc(out, r->headers[i].name);
		eg_buf_adds(out, ": ");
		esc(out, r->headers[i].value);
		eg_buf_addc(out, '\n');
	}
}

static void json_headers(struct eg_json *j, const struct eg_http_header *h,
			 size_t n)
{
	/* One key per header name (lower case); repeated headers joined with
	 * ", " as RFC 9110 5.3 allows. Set-Cookie is left out: the cookies
	 * are listed apart, without their values. */
	struct eg_buf v;
	eg_buf_init(&v, EG_HTTP_HEADERS_MAX_BYTES);
	eg_json_obj_begin(j);
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(h[i].name, "Set-Cookie") == 0)
			continue;
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcasecmp(h[k].name, h[i].name) == 0;
		if (seen)
			continue;
		eg_buf_reset(&v);
		for (size_t k = i; k < n; k++) {
			if (strcasecmp(h[k].name, h[i].name) != 0)
				continue;
			if (v.len > 0)
				eg_buf_adds(&v, ", ");
			eg_buf_adds(&v, h[k].value);
		}
		char key[256];
		size_t kl = strlen(h[i].name);
		if (kl >= sizeof(key))
			kl = sizeof(key) - 1;
		for (size_t k = 0; k < kl; k++) {
			char c = h[i].name[k];
			key[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		key[kl] = '\0';
		eg_json_key(j, key);
		eg_json_str(j, eg_buf_str(&v));
	}
	eg_json_obj_end(j);
	eg_buf_free(&v);
}

static void json_page(struct eg_json *j, const struct eg_page_check *pc,
		      int have_store);

static void json_report(const struct eg_web_result *r,
			const struct eg_page_check *pc, int have_store,
			struct eg_json *j)
{
	eg_json_obj_begin(j);
	eg_json_kstr(j, "target", r->target);
	eg_json_kstr(j, "final_url", r->final_url);
	eg_json_kint(j, "status", r->status);
	eg_json_key(j, "findings");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct eg_web_finding *f = &r->findings[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", f->id);
		eg_json_kstr(j, "severity", f->severity);
		eg_json_kstr(j, "url", f->url);
		eg_json_kstr(j, "reason", f->reason);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_key(j, "headers");
	json_headers(j, r->headers, r->nheaders);
	eg_json_key(j, "cookies");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < r->ncookies; i++) {
		const struct eg_web_cookie *c = &r->cookies[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "name", c->name);
		eg_json_kstr(j, "url", c->url);
		eg_json_kbool(j, "secure", c->secure);
		eg_json_kbool(j, "httponly", c->httponly);
		eg_json_kstr(j, "samesite", c->samesite);
		eg_json_kstr(j, "path", c->path);
		eg_json_kstr(j, "domain", c->domain);
		eg_json_kstr(j, "expires", c->expires);
		eg_json_key(j, "max_age");
		if (c->has_max_age)
			eg_json_int(j, c->max_age);
		else
			eg_json_null(j);
		eg_json_kbool(j, "session", c->session);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_key(j, "paths");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < r->npaths; i++) {
		const struct eg_web_path *p = &r->paths[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "path", p->path);
		eg_json_kstr(j, "url", p->url);
		eg_json_kstr(j, "check", p->check);
		eg_json_key(j, "status");
		if (p->status > 0)
			eg_json_int(j, p->status);
		else
			eg_json_null(j);
		eg_json_kint(j, "length", (int64_t)p->length);
		eg_json_kbool(j, "exposed", p->exposed);
		eg_json_kbool(j, "soft_404", p->soft404);
		eg_json_kstr(j, "evidence", p->evidence);
		eg_json_kstr(j, "error", p->error);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_key(j, "responses");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < r->nresponses; i++) {
		const struct eg_web_response *w = &r->responses[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "url", w->url);
		eg_json_kstr(j, "purpose", w->purpose);
		eg_json_kstr(j, "method", w->method);
		eg_json_key(j, "status");
		if (w->status > 0)
			eg_json_int(j, w->status);
		else
			eg_json_null(j);
		eg_json_kstr(j, "error", w->error);
		eg_json_kbool(j, "timed_out", w->timed_out);
		eg_json_kint(j, "body_length", (int64_t)w->body_len);
		eg_json_kbool(j, "body_truncated", w->body_truncated);
		eg_json_kbool(j, "tls", w->tls);
		if (w->tls) {
			eg_json_kstr(j, "tls_version", w->tls_version);
			eg_json_kbool(j, "tls_verified", w->tls_verified);
			eg_json_kstr(j, "tls_verify", w->tls_verify);
		}
		eg_json_kint(j, "ms", w->ms);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_kint(j, "requests", r->requests);
	eg_json_kbool(j, "budget_spent", r->budget_spent);
	eg_json_key(j, "page");
	if (pc != NULL)
		json_page(j, pc, have_store);
	else
		eg_json_null(j);
	eg_json_obj_end(j);
}

/* Counts the inventory's items of kind k (code only for scripts). */
static size_t count_kind(const struct eg_page_inv *inv, int k)
{
	size_t n = 0;
	for (size_t i = 0; inv != NULL && i < inv->nitems; i++)
		if (inv->items[i].kind == k &&
		    !(k == EG_PAGE_SCRIPT &&
		      (inv->items[i].flags & EG_PAGE_F_DATA)))
			n++;
	return n;
}

/* Severity of the page's own state (unreachable, no baseline), or NULL
 * when the state is not a finding. */
static const char *state_severity(const struct eg_page_check *pc,
				  int have_store)
{
	if (pc->state == EG_PAGE_UNREACHABLE)
		return pc->payment ? "high" : "info";
	if (pc->state == EG_PAGE_NO_BASELINE && pc->payment)
		return have_store ? "medium" : "info";
	return NULL;
}

static void state_reason(const struct eg_page_check *pc, struct eg_buf *b)
{
	if (pc->state == EG_PAGE_UNREACHABLE)
		eg_buf_addf(b, _("the page could not be checked: %s"),
			    pc->snap->error);
	else
		eg_buf_addf(b, "%s", _("no authorised inventory (baseline) of this page yet: review the page, then record it with 'ecguard web --baseline URL'"));
}

static void text_page(const struct eg_page_check *pc, int have_store,
		      struct eg_buf *out)
{
	const struct eg_page_inv *inv = pc->snap->inv;
	eg_buf_addf(out, "\n%s ", _("Payment-page check:"));
	esc(out, pc->url);
	eg_buf_addf(out, "%s\n", pc->payment ? _(" (a payment page in the spec)") : "");
	if (inv != NULL) {
		eg_buf_addf(out, _("  %zu scripts, %zu iframes, %zu forms; %u script bodies hashed, %u not fetched, %u failed\n"),
			    count_kind(inv, EG_PAGE_SCRIPT),
			    count_kind(inv, EG_PAGE_IFRAME),
			    count_kind(inv, EG_PAGE_FORM),
			    pc->snap->scripts_fetched,
			    pc->snap->scripts_skipped,
			    pc->snap->scripts_failed);
		for (size_t i = 0; i < inv->nitems; i++) {
			const struct eg_page_item *it = &inv->items[i];
			if (it->kind != EG_PAGE_SCRIPT ||
			    (it->flags & EG_PAGE_F_DATA))
				continue;
			eg_buf_adds(out, "    ");
			if (it->flags & EG_PAGE_F_INLINE) {
				eg_buf_addf(out, _("inline script, line %u, sha256 %.12s, %zu bytes"),
					    it->line, it->sha256, it->length);
			} else {
				esc(out, it->url != NULL ? it->url : it->src);
				eg_buf_addf(out, "  SRI=%s",
					    it->sri_state == EG_SRI_VALID ? _("yes") : _("no"));
				if (it->content_sha256[0] != '\0')
					eg_buf_addf(out, "  sha256 %.12s",
						    it->content_sha256);
			}
			eg_buf_addc(out, '\n');
		}
	}
	if (pc->baseline_taken_at != NULL)
		eg_buf_addf(out, _("  compared with the baseline taken %s\n"),
			    pc->baseline_taken_at);
	if (pc->baseline_error != NULL) {
		eg_buf_adds(out, "  ");
		esc(out, pc->baseline_error);
		eg_buf_addc(out, '\n');
	}
	const char *sev = state_severity(pc, have_store);
	size_t n = pc->findings.n + (sev != NULL);
	eg_buf_addf(out, "  %s (%zu)\n", _("Page findings"), n);
	if (sev != NULL) {
		struct eg_buf r;
		eg_buf_init(&r, EG_BUF_DEFAULT_MAX);
		state_reason(pc, &r);
		eg_buf_addf(out, "  %-8s %-32s ", sev,
			    pc->state == EG_PAGE_UNREACHABLE ? "page.unreachable"
							     : "page.no_baseline");
		esc(out, eg_buf_str(&r));
		eg_buf_addc(out, '\n');
		eg_buf_free(&r);
	}
	for (size_t i = 0; i < pc->findings.n; i++) {
		const struct eg_page_finding *f = &pc->findings.v[i];
		eg_buf_addf(out, "  %-8s %-32s ", f->severity, f->id);
		esc(out, f->subject != NULL ? f->subject : "");
		eg_buf_adds(out, "\n           ");
		esc(out, f->reason);
		eg_buf_addc(out, '\n');
	}
}

static void json_page(struct eg_json *j, const struct eg_page_check *pc,
		      int have_store)
{
	eg_json_obj_begin(j);
	eg_json_kstr(j, "url", pc->url);
	eg_json_kbool(j, "payment", pc->payment);
	eg_json_kbool(j, "in_spec", pc->in_spec);
	eg_json_kstr(j, "state", eg_page_state_name(pc->state));
	eg_json_kstr(j, "error", pc->snap->error);
	eg_json_kstr(j, "baseline_taken_at", pc->baseline_taken_at);
	eg_json_kstr(j, "baseline_error", pc->baseline_error);
	eg_json_kint(j, "scripts_fetched", pc->snap->scripts_fetched);
	eg_json_kint(j, "scripts_not_fetched", pc->snap->scripts_skipped);
	eg_json_kint(j, "scripts_failed", pc->snap->scripts_failed);
	eg_json_key(j, "inventory");
	if (pc->snap->inv != NULL)
		eg_page_inv_json(j, pc->snap->inv);
	else
		eg_json_null(j);
	eg_json_key(j, "findings");
	eg_json_arr_begin(j);
	const char *sev = state_severity(pc, have_store);
	if (sev != NULL) {
		struct eg_buf r;
		eg_buf_init(&r, EG_BUF_DEFAULT_MAX);
		state_reason(pc, &r);
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", pc->state == EG_PAGE_UNREACHABLE ?
				      "page.unreachable" : "page.no_baseline");
		eg_json_kstr(j, "severity", sev);
		eg_json_kstr(j, "subject", pc->url);
		eg_json_kstr(j, "reason", eg_buf_str(&r));
		eg_json_obj_end(j);
		eg_buf_free(&r);
	}
	for (size_t i = 0; i < pc->findings.n; i++) {
		const struct eg_page_finding *f = &pc->findings.v[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", f->id);
		eg_json_kstr(j, "severity", f->severity);
		eg_json_kstr(j, "subject", f->subject);
		eg_json_kstr(j, "reason", f->reason);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_obj_end(j);
}

/* 1 when the page check has a finding above info. */
static int page_fails(const struct eg_page_check *pc, int have_store)
{
	const char *sev = state_severity(pc, have_store);
	if (sev != NULL && eg_web_severity_fails(sev))
		return 1;
	for (size_t i = 0; i < pc->findings.n; i++)
		if (eg_web_severity_fails(pc->findings.v[i].severity))
			return 1;
	return 0;
}

/* `--baseline`: records url's inventory. Returns an exit code. */
static int take_baseline(struct eg_http_client *hc, struct eg_store *st,
			 const struct eg_spec *spec, const char *url,
			 unsigned timeout, int fmt, struct eg_json *j,
			 struct eg_buf *out)
{
	struct eg_page_policy pol;
	struct eg_page_snapshot *snap = NULL;
	struct eg_page_findings f = {0};
	struct eg_err e;
	int64_t id = 0;
	int rc;
	eg_err_clear(&e);
	eg_page_policy_of(spec, url, &pol);
	const struct eg_page_fetch_opts fo = {
		.url = url, .timeout_ms = timeout,
	};
	if ((rc = eg_page_snapshot_take(hc, &fo, &snap, &e)) != 0) {
		rc = eg_cli_fail("web", rc == EG_E_INVAL ? EG_EXIT_USAGE : EG_EXIT_INTERNAL,
				 "%.*s: %s", EG_QUOTE_MAX, url, eg_err_msg(&e));
		goto out;
	}
	if (snap->error != NULL) {
		rc = eg_cli_fail("web", EG_EXIT_USAGE,
				 _("%.*s: no baseline recorded: %s"),
				 EG_QUOTE_MAX, url, snap->error);
		goto out;
	}
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = eg_page_baseline_save(st, url, snap->inv, &snap->headers,
					now, &id, &e)) != 0) {
		rc = eg_cli_fail("web", eg_store_arg_exit(rc), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	/* The page's own problems (no SRI, a foreign script host, a card form
	 * posting elsewhere) are shown: a baseline should not bless them
	 * unseen. */
	if ((rc = eg_page_compare(NULL, NULL, snap->inv, &snap->headers, &pol,
				  &f, &e)) != 0) {
		rc = eg_cli_fail("web", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if (fmt == 1) {
		eg_json_obj_begin(j);
		eg_json_kstr(j, "target", url);
		eg_json_kint(j, "baseline_id", id);
		eg_json_kstr(j, "taken_at", now);
		eg_json_kstr(j, "store", eg_store_path(st));
		eg_json_key(j, "inventory");
		eg_page_inv_json(j, snap->inv);
		eg_json_key(j, "findings");
		eg_page_findings_json(j, &f);
		eg_json_obj_end(j);
	} else {
		eg_buf_addf(out, _("Baseline %lld recorded for "), (long long)id);
		esc(out, url);
		eg_buf_addf(out, _(" (%zu scripts, %zu iframes, %zu forms, %zu security headers; %u script bodies hashed)\n"),
			    count_kind(snap->inv, EG_PAGE_SCRIPT),
			    count_kind(snap->inv, EG_PAGE_IFRAME),
			    count_kind(snap->inv, EG_PAGE_FORM),
			    snap->headers.n, snap->scripts_fetched);
		for (size_t i = 0; i < f.n; i++) {
			eg_buf_addf(out, "  %-8s %-32s ", f.v[i].severity,
				    f.v[i].id);
			esc(out, f.v[i].reason);
			eg_buf_addc(out, '\n');
		}
	}
	rc = EG_EXIT_OK;
out:
	eg_page_findings_free(&f);
	eg_page_snapshot_free(snap);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"timeout", required_argument, NULL, 't'},
		{"resolve", required_argument, NULL, 'r'},
		{"admin", required_argument, NULL, 'a'},
		{"http-port", required_argument, NULL, 'p'},
		{"spec", required_argument, NULL, 'S'},
		{"store", required_argument, NULL, 's'},
		{"baseline", no_argument, NULL, 'B'},
		{"no-page", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc, baseline = 0, no_page = 0;
	const char *spec_path = NULL, *store_path = NULL;
	struct eg_spec *spec = NULL;
	struct eg_store *st = NULL;
	struct eg_http_client *hc = NULL;
	uint64_t timeout = EG_HTTP_TIMEOUT_DEFAULT_MS, http_port = 0;
	struct eg_http_resolve resolve[EG_WEB_MAX_RESOLVE];
	size_t nresolve = 0, nadmin = 0;
	const char **admin = NULL;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	admin = eg_calloc(EG_WEB_MAX_ADMIN, sizeof(*admin));
	if (admin == NULL) {
		rc = eg_cli_fail("web", EG_EXIT_INTERNAL, "%s",
				 _("out of memory"));
		goto out;
	}
	while ((c = getopt_long(argc, argv, "hf:t:r:a:p:S:s:BN", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			spec_path = optarg;
			break;
		case 's':
			store_path = optarg;
			break;
		case 'B':
			baseline = 1;
			break;
		case 'N':
			no_page = 1;
			break;
		case 'f':
			fmt = eg_cli_format("web", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 't':
			if (eg_parse_u64(optarg, 1, EG_HTTP_TIMEOUT_MAX_MS,
					 &timeout) != 0) {
				rc = eg_cli_usage("web",
						  _("--timeout takes milliseconds from 1 to %u"),
						  EG_HTTP_TIMEOUT_MAX_MS);
				goto out;
			}
			break;
		case 'r':
			if (nresolve >= EG_WEB_MAX_RESOLVE) {
				rc = eg_cli_usage("web",
						  _("at most %u --resolve entries are accepted"),
						  EG_WEB_MAX_RESOLVE);
				goto out;
			}
			if (parse_resolve(optarg, &resolve[nresolve]) != 0) {
				rc = eg_cli_usage("web", "%s",
						  _("--resolve takes HOST:PORT:ADDR, e.g. shop.example:443:127.0.0.1 (PORT may be *)"));
				goto out;
			}
			nresolve++;
			break;
		case 'a':
			if (nadmin >= EG_WEB_MAX_ADMIN) {
				rc = eg_cli_usage("web", _("at most %u --admin URLs"),
						  EG_WEB_MAX_ADMIN);
				goto out;
			}
			admin[nadmin++] = optarg;
			break;
		case 'p':
			if (eg_parse_u64(optarg, 1, 65535, &http_port) != 0) {
				rc = eg_cli_usage("web", "%s",
						  _("--http-port takes a port from 1 to 65535"));
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("web", &out, NULL);
			goto out;
		default:
			rc = eg_cli_usage("web", _("unknown option %s"),
					  argv[optind - 1]);
			goto out;
		}
	}
	int ntargets = argc - optind;
	if (ntargets < 1) {
		rc = eg_cli_usage("web", "%s",
				  _("give at least one URL, e.g. https://shop.example/"));
		goto out;
	}
	if (ntargets > MAX_TARGETS) {
		rc = eg_cli_usage("web", _("at most %d URLs at once"),
				  MAX_TARGETS);
		goto out;
	}
	if (baseline && no_page) {
		rc = eg_cli_usage("web", "%s",
				  _("--baseline records the page check's inventory; it cannot go with --no-page"));
		goto out;
	}
	if (spec_path != NULL) {
		/* Before any traffic: a bad spec is an input error. */
		if ((rc = eg_spec_arg_load("web", spec_path, &spec)) !=
		    EG_EXIT_OK)
			goto out;
	}
	if (baseline) {
		/* Recording needs a store: created (0600) when missing. */
		char def[4096];
		int flags = EG_STORE_CREATE;
		struct eg_err se;
		eg_err_clear(&se);
		if (store_path == NULL) {
			if (eg_store_default_path(def, sizeof(def)) != 0) {
				rc = eg_cli_fail("web", EG_EXIT_USAGE, "%s",
						 _("no default store path (no home folder); give --store FILE"));
				goto out;
			}
			store_path = def;
			flags |= EG_STORE_MKDIRS;
		}
		if (eg_store_open(store_path, flags, &st, &se) != 0) {
			rc = eg_cli_fail("web", EG_EXIT_USAGE, "%s",
					 eg_err_msg(&se));
			goto out;
		}
	} else if (!no_page) {
		/* Comparing needs a store only when one exists: without one
		 * every page is checked on its own. */
		if ((rc = store_path != NULL
			   ? eg_store_arg_open("web", store_path, &st)
			   : eg_store_arg_open_present("web", NULL, &st)) !=
		    EG_EXIT_OK)
			goto out;
	}
	if (!no_page) {
		struct eg_err ce;
		eg_err_clear(&ce);
		if (eg_http_client_new(resolve, nresolve, &hc, &ce) != 0) {
			rc = eg_cli_fail("web", EG_EXIT_USAGE, "%s",
					 eg_err_msg(&ce));
			goto out;
		}
	}
	/* A peer closing mid-write must end a request, not the process. */
	signal(SIGPIPE, SIG_IGN);
	struct eg_json j;
	eg_json_init(&j, &out, 1);
	if (fmt == 1 && ntargets > 1)
		eg_json_arr_begin(&j);
	int worst = EG_EXIT_OK, any = 0;
	for (int t = 0; t < ntargets; t++) {
		const char *url = argv[optind + t];
		if (baseline) {
			int brc = take_baseline(hc, st, spec, url,
						(unsigned)timeout, fmt, &j,
						&out);
			if (brc == EG_EXIT_OK)
				any = 1;
			else if (brc > worst)
				worst = brc;
			continue;
		}
		const char *spec_admin[EG_WEB_MAX_ADMIN];
		size_t nspec_admin = nadmin == 0 ?
			eg_spec_admin_urls(spec, url, spec_admin, EG_WEB_MAX_ADMIN) : 0;
		struct eg_web_opts o = {
			.url = url,
			.resolve = resolve,
			.nresolve = nresolve,
			.timeout_ms = (unsigned)timeout,
			.http_port = (unsigned)http_port,
			.admin = nadmin > 0 ? admin : spec_admin,
			.nadmin = nadmin > 0 ? nadmin : nspec_admin,
		};
		struct eg_web_result *r = NULL;
		struct eg_err e;
		eg_err_clear(&e);
		int src = eg_web_scan(&o, &r, &e);
		if (src != 0) {
			int code = src == EG_E_NOMEM || src == EG_E_INTERNAL ?
				   EG_EXIT_INTERNAL : EG_EXIT_USAGE;
			eg_cli_fail("web", code, "%.*s: %s", EG_QUOTE_MAX, url,
				    eg_err_msg(&e));
			if (code > worst)
				worst = code;
			if (fmt == 1 && ntargets > 1) {
				eg_json_obj_begin(&j);
				eg_json_kstr(&j, "target", url);
				eg_json_kstr(&j, "error", eg_err_msg(&e));
				eg_json_obj_end(&j);
			}
			continue;
		}
		any = 1;
		struct eg_page_check *pc = NULL;
		if (!no_page) {
			int prc = eg_page_check_run(hc, st, spec, url,
						    (unsigned)timeout, &pc, &e);
			if (prc != 0) {
				eg_cli_fail("web", EG_EXIT_INTERNAL,
					    "%.*s: %s", EG_QUOTE_MAX, url,
					    eg_err_msg(&e));
				worst = EG_EXIT_INTERNAL;
			}
		}
		if (fmt == 1) {
			json_report(r, pc, st != NULL, &j);
		} else {
			if (t > 0)
				eg_buf_addc(&out, '\n');
			text_report(r, &out);
			if (pc != NULL)
				text_page(pc, st != NULL, &out);
		}
		if (pc != NULL && page_fails(pc, st != NULL) &&
		    worst < EG_EXIT_FINDINGS)
			worst = EG_EXIT_FINDINGS;
		eg_page_check_free(pc);
		for (size_t i = 0; i < r->nfindings; i++)
			if (eg_web_severity_fails(r->findings[i].severity) &&
			    worst < EG_EXIT_FINDINGS)
				worst = EG_EXIT_FINDINGS;
		eg_web_result_free(r);
	}
	if (fmt == 1 && ntargets > 1)
		eg_json_arr_end(&j);
	if (fmt == 1 && (any || ntargets > 1))
		eg_json_finish(&j);
	rc = EG_EXIT_OK;
	if (out.len > 0)
		rc = eg_cli_emit("web", &out, NULL);
	if (rc == EG_EXIT_OK)
		rc = worst;
out:
	eg_http_client_free(hc);
	eg_store_close(st);
	eg_spec_free(spec);
	free(admin);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_web = {
	.name = "web",
	.summary = N_("scan a site's public HTTP face: headers, cookies, exposed files"),
	.run = run,
};
