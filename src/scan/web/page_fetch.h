/*
 * page_fetch.h: a snapshot of a payment page as a visitor's browser gets
 * it: the page fetched with the HTTP client (http_client.h), its inventory
 * (page.h) and its security headers, and the bytes of the scripts it loads
 * hashed, so that a script file altered on the server (the usual skimming
 * attack: the shop's own checkout.js with a few lines appended) is a
 * change even when its URL is not.
 *
 * Traffic: the page's own host only, the one the user named. Scripts from
 * any other host, the payment provider's included, are inventoried (by URL
 * and Subresource Integrity, and a host the spec does not authorise is a
 * finding of its own) but never fetched. Script fetches are bounded in number
 * (EG_PAGE_MAX_FETCH), size (EG_PAGE_SCRIPT_MAX_BYTES) and time (the
 * per-request timeout and one budget for the whole snapshot).
 */
#ifndef EG_PAGE_FETCH_H
#define EG_PAGE_FETCH_H

#include <stddef.h>

#include "../../util/err.h"
#include "../http/http_client.h"
#include "page.h"

struct eg_page_fetch_opts {
	const char *url;              /* the page, absolute http(s) */
	unsigned timeout_ms;          /* per request; 0: the client's default */
	int no_scripts;               /* 1: do not fetch script bodies */
};

struct eg_page_snapshot {
	char *url;                    /* as asked */
	char *final_url;              /* after same-host redirects, or NULL */
	int status;                   /* of the final response; 0: failed */
	char *error;                  /* translated, when the page could not
				       * be fetched or parsed; else NULL */
	struct eg_page_inv *inv;      /* NULL when error is set */
	struct eg_page_headers headers; /* security headers of the page */
	unsigned scripts_fetched;     /* script bodies hashed */
	unsigned scripts_failed;      /* fetch tried, no 200 body */
	unsigned scripts_skipped;     /* not fetched: foreign host or limit */
};

/*
 * Takes the snapshot with client c. Returns 0 with *out set (OUT:
 * eg_page_snapshot_free) also when the page could not be fetched (then
 * (*out)->error says why: the caller reports it as a finding); returns
 * EG_E_INVAL (url not absolute http(s)), EG_E_NOMEM or EG_E_INTERNAL with e
 * set and *out NULL.
 */
int eg_page_snapshot_take(struct eg_http_client *c,
			  const struct eg_page_fetch_opts *o,
			  struct eg_page_snapshot **out, struct eg_err *e);

void eg_page_snapshot_free(struct eg_page_snapshot *s);

#endif
