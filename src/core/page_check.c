/*
 * page_check.c: one payment-page integrity check (see page_check.h).
 */
#include "page_check.h"

#include <stdlib.h>
#include <string.h>

#include "../scan/http/url.h"
#include "../util/buf.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "page_store.h"

const char *eg_page_state_name(int state)
{
	switch (state) {
	case EG_PAGE_COMPARED: return "compared";
	case EG_PAGE_NO_BASELINE: return "no_baseline";
	default: return "unreachable";
	}
}

/* url in normal form into out (scheme://host[:port]/path), or "" when it
 * is not an http(s) URL. */
static void normal(const char *url, struct eg_buf *out)
{
	struct eg_http_url u;
	struct eg_err e;
	eg_err_clear(&e);
	memset(&u, 0, sizeof(u));
	eg_buf_reset(out);
	if (eg_http_url_parse(url, &u, &e) == 0)
		eg_http_url_format(&u, out);
	eg_http_url_clear(&u);
}

int eg_page_policy_of(const struct eg_spec *spec, const char *url,
		      struct eg_page_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	if (spec == NULL)
		return 0;
	const struct eg_spec_site *site = eg_spec_site(spec);
	struct eg_buf want, have;
	int found = 0;
	eg_buf_init(&want, EG_URL_MAX + 64);
	eg_buf_init(&have, EG_URL_MAX + 64);
	normal(url, &want);
	for (size_t i = 0; want.len > 0 && i < site->nendpoints; i++) {
		const struct eg_spec_endpoint *ep = &site->endpoints[i];
		normal(ep->url, &have);
		if (have.len == 0 || strcmp(eg_buf_str(&have),
					    eg_buf_str(&want)) != 0)
			continue;
		pol->script_hosts = ep->script_hosts.v;
		pol->nscript_hosts = ep->script_hosts.n;
		pol->check_script_hosts = ep->script_hosts.n > 0;
		pol->form_hosts = ep->form_hosts.v;
		pol->nform_hosts = ep->form_hosts.n;
		pol->payment = ep->payment;
		found = 1;
		break;
	}
	eg_buf_free(&want);
	eg_buf_free(&have);
	return found;
}

size_t eg_spec_admin_urls(const struct eg_spec *spec, const char *url,
			  const char **admin, size_t max)
{
	struct eg_http_url u, a;
	struct eg_err e;
	size_t n = 0;
	memset(&u, 0, sizeof(u));
	eg_err_clear(&e);
	if (spec == NULL || eg_http_url_parse(url, &u, &e) != 0)
		return 0;
	const struct eg_spec_site *site = eg_spec_site(spec);
	for (size_t i = 0; i < site->nendpoints && n < max; i++) {
		if (!site->endpoints[i].admin)
			continue;
		memset(&a, 0, sizeof(a));
		if (eg_http_url_parse(site->endpoints[i].url, &a, &e) == 0 &&
		    strcmp(a.host, u.host) == 0)
			admin[n++] = site->endpoints[i].url;
		eg_http_url_clear(&a);
	}
	eg_http_url_clear(&u);
	return n;
}

void eg_page_check_free(struct eg_page_check *pc)
{
	if (pc == NULL)
		return;
	free(pc->url);
	eg_page_snapshot_free(pc->snap);
	free(pc->baseline_taken_at);
	free(pc->baseline_error);
	eg_page_findings_free(&pc->findings);
	free(pc);
}

int eg_page_check_run(struct eg_http_client *c, struct eg_store *st,
		      const struct eg_spec *spec, const char *url,
		      unsigned timeout_ms, struct eg_page_check **out,
		      struct eg_err *e)
{
	struct eg_page_policy pol;
	struct eg_page_inv *base = NULL;
	struct eg_page_headers base_h = {0};
	struct eg_page_check *pc = eg_calloc(1, sizeof(*pc));
	int rc;
	*out = NULL;
	if (pc == NULL || (pc->url = eg_strdup(url)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", eg_strerror(EG_E_NOMEM));
		goto out;
	}
	pc->in_spec = eg_page_policy_of(spec, url, &pol);
	pc->payment = pol.payment;
	const struct eg_page_fetch_opts fo = {
		.url = url,
		.timeout_ms = timeout_ms,
	};
	if ((rc = eg_page_snapshot_take(c, &fo, &pc->snap, e)) != 0)
		goto out;
	if (pc->snap->error != NULL) {
		pc->state = EG_PAGE_UNREACHABLE;
		goto out;
	}
	pc->state = EG_PAGE_NO_BASELINE;
	if (st != NULL) {
		struct eg_err be;
		eg_err_clear(&be);
		int brc = eg_page_baseline_load(st, url, &base, &base_h,
						&pc->baseline_taken_at, &be);
		if (brc == 0) {
			pc->state = EG_PAGE_COMPARED;
		} else if (brc == EG_E_NOMEM) {
			rc = eg_err_set(e, brc, "%s", eg_err_msg(&be));
			goto out;
		} else if (brc != EG_E_NOTFOUND) {
			/* A damaged or unreadable baseline is reported, and
			 * the page is still checked on its own. */
			pc->baseline_error = eg_strdup(eg_err_msg(&be));
			if (pc->baseline_error == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "%s",
						eg_strerror(EG_E_NOMEM));
				goto out;
			}
		}
	}
	rc = eg_page_compare(base, base != NULL ? &base_h : NULL,
			     pc->snap->inv, &pc->snap->headers, &pol,
			     &pc->findings, e);
out:
	eg_page_inv_free(base);
	eg_page_headers_free(&base_h);
	if (rc != 0) {
		eg_page_check_free(pc);
		return rc;
	}
	*out = pc;
	return 0;
}
