/*
 * page_fetch.c: a payment page's snapshot (see page_fetch.h): one GET of
 * the page (same-host redirects followed), its inventory and security
 * headers, then one GET per script the page loads from its own host or an
 * authorised script host, each body hashed into the inventory.
 */
#include "page_fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../http/url.h"

void eg_page_snapshot_free(struct eg_page_snapshot *s)
{
	if (s == NULL)
		return;
	free(s->url);
	free(s->final_url);
	free(s->error);
	eg_page_inv_free(s->inv);
	eg_page_headers_free(&s->headers);
	free(s);
}

/* Sets s->error to msg (translated; first one wins). */
static int fail(struct eg_page_snapshot *s, const char *msg)
{
	if (s->error != NULL)
		return 0;
	s->error = eg_strdup(msg);
	return s->error != NULL ? 0 : EG_E_NOMEM;
}

/* 1 when the script at item may be fetched: it is on the page's own host.
 * Scripts of the payment provider's hosts are not fetched even when the
 * spec authorises them: the user named the shop, not the provider, and
 * their integrity is what SRI is for. */
static int may_fetch(const struct eg_page_item *it, const char *page_host)
{
	if (it->host == NULL || it->url == NULL || page_host == NULL)
		return 0;
	if (strncmp(it->url, "http://", 7) != 0 &&
	    strncmp(it->url, "https://", 8) != 0)
		return 0;
	return strcasecmp(it->host, page_host) == 0;
}

/* Fetches one script body into it. Returns 0 (a failed fetch counts in
 * failed) or EG_E_NOMEM / EG_E_INTERNAL. */
static int fetch_script(struct eg_http_client *c, struct eg_page_item *it,
			const struct eg_http_request *rq,
			struct eg_page_snapshot *s)
{
	struct eg_http_url u;
	struct eg_http_result *res = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	memset(&u, 0, sizeof(u));
	if (eg_http_url_parse(it->url, &u, &e) != 0) {
		s->scripts_failed++;
		return 0;
	}
	int rc = eg_http_fetch(c, &u, rq, &res, &e);
	eg_http_url_clear(&u);
	if (rc == EG_E_NOMEM)
		return rc;
	const struct eg_http_hop *h = rc == 0 ? eg_http_final(res) : NULL;
	if (h == NULL || h->resp == NULL || h->resp->status != 200 ||
	    h->resp->body_truncated) {
		s->scripts_failed++;
	} else {
		rc = eg_page_item_set_content(it, h->resp->body,
					      h->resp->body_len);
		if (rc == 0)
			s->scripts_fetched++;
	}
	eg_http_result_free(res);
	return rc == EG_E_NOMEM || rc == EG_E_INTERNAL ? rc : 0;
}

int eg_page_snapshot_take(struct eg_http_client *c,
			  const struct eg_page_fetch_opts *o,
			  struct eg_page_snapshot **out, struct eg_err *e)
{
	struct eg_page_snapshot *s = NULL;
	struct eg_http_url u;
	struct eg_http_result *res = NULL;
	int rc;
	memset(&u, 0, sizeof(u));
	*out = NULL;
	if ((rc = eg_http_url_parse(o->url, &u, e)) != 0) {
		rc = rc == EG_E_NOMEM ? rc : EG_E_INVAL;
		goto out;
	}
	s = eg_calloc(1, sizeof(*s));
	if (s == NULL || (s->url = eg_strdup(o->url)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", eg_strerror(EG_E_NOMEM));
		goto out;
	}
	int64_t budget = eg_http_clock_ms() + EG_PAGE_FETCH_BUDGET_MS;
	struct eg_http_request rq = {
		.method = "GET",
		.timeout_ms = o->timeout_ms,
		.not_after_ms = budget,
		.body_max = EG_PAGE_FETCH_MAX_BYTES,
		.max_redirects = EG_HTTP_MAX_REDIRECTS,
	};
	if ((rc = eg_http_fetch(c, &u, &rq, &res, e)) != 0)
		goto out;
	const struct eg_http_hop *h = eg_http_final(res);
	if (h->url != NULL && (s->final_url = eg_strdup(h->url)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", eg_strerror(EG_E_NOMEM));
		goto out;
	}
	if (h->resp == NULL) {
		char msg[512];
		snprintf(msg, sizeof(msg), _("the page could not be fetched: %s"),
			 h->errmsg != NULL ? h->errmsg : eg_strerror(h->err));
		rc = fail(s, msg);
		goto out;
	}
	s->status = h->resp->status;
	if (h->resp->status != 200) {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 _("the page answered with status %d, not 200"),
			 h->resp->status);
		rc = fail(s, msg);
		goto out;
	}
	if (h->resp->body_truncated) {
		char msg[200];
		snprintf(msg, sizeof(msg),
			 _("the page is larger than %u bytes; its scripts cannot all be seen"),
			 (unsigned)EG_PAGE_FETCH_MAX_BYTES);
		rc = fail(s, msg);
		goto out;
	}
	for (size_t i = 0; i < h->resp->nheaders; i++) {
		const struct eg_http_header *hd = &h->resp->headers[i];
		if (!eg_page_security_header(hd->name))
			continue;
		rc = eg_page_headers_add(&s->headers, hd->name, hd->value);
		if (rc == EG_E_NOMEM)
			goto out;
	}
	/* The inventory is of the page where it ended, so relative script
	 * URLs resolve as the browser resolves them. */
	rc = eg_page_parse(s->final_url != NULL ? s->final_url : o->url,
			   h->resp->body, h->resp->body_len, &s->inv, e);
	if (rc != 0)
		goto out;
	if (o->no_scripts)
		goto out;
	struct eg_http_request srq = rq;
	srq.body_max = EG_PAGE_SCRIPT_MAX_BYTES;
	srq.max_redirects = 3;
	unsigned tried = 0;
	for (size_t i = 0; i < s->inv->nitems; i++) {
		struct eg_page_item *it = &s->inv->items[i];
		if (it->kind != EG_PAGE_SCRIPT ||
		    (it->flags & (EG_PAGE_F_INLINE | EG_PAGE_F_DATA)) != 0 ||
		    it->url == NULL)
			continue;
		if (!may_fetch(it, u.host) ||
		    tried >= EG_PAGE_MAX_FETCH) {
			s->scripts_skipped++;
			continue;
		}
		tried++;
		if ((rc = fetch_script(c, it, &srq, s)) != 0) {
			eg_err_set(e, rc, "%s", eg_strerror(rc));
			goto out;
		}
	}
out:
	eg_http_url_clear(&u);
	eg_http_result_free(res);
	if (rc != 0) {
		eg_page_snapshot_free(s);
		return rc;
	}
	*out = s;
	return 0;
}
