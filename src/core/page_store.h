/*
 * page_store.h: payment-page baselines in the store (issue 6). A baseline is
 * the authorised inventory of one page (scan/web/page.h) and its security
 * headers, as `ecguard web --baseline URL` took it; a later scan compares
 * against the newest baseline of the URL (eg_page_compare).
 *
 * The tables (store.h, schema version 2) are append-only like the records:
 * a new baseline of a URL supersedes the previous one and nothing is ever
 * changed or deleted, so the history of what was authorised when stays
 * (PCI DSS 6.4.3 asks for an inventory with a justification of each
 * script; the history shows when it changed). Every value is a bound
 * parameter; loading validates each row, and a damaged or hand-edited row
 * is an error naming the baseline, never a half-trusted inventory.
 */
#ifndef EG_PAGE_STORE_H
#define EG_PAGE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../scan/web/page.h"
#include "../util/err.h"
#include "store.h"

/*
 * Saves inv and headers (may be NULL: none) as the new baseline of url
 * (NULL: inv->url), in one transaction, superseding the URL's previous
 * baseline. taken_at is when the page was fetched, "YYYY-MM-DDTHH:MM:SSZ"
 * (NULL: now). Returns 0 and *id (may be NULL), or EG_E_INVAL (url longer
 * than EG_URL_MAX or empty, taken_at not in that form), EG_E_SQL,
 * EG_E_NOMEM. inv and headers are only read.
 */
int eg_page_baseline_save(struct eg_store *s, const char *url,
			  const struct eg_page_inv *inv,
			  const struct eg_page_headers *headers,
			  const char *taken_at, int64_t *id,
			  struct eg_err *e);

/*
 * Loads the newest baseline of url. Returns 0, EG_E_NOTFOUND (no baseline
 * of url: the message says how to take one), EG_E_PARSE (a damaged row:
 * the message names the baseline), EG_E_SQL, EG_E_NOMEM.
 * OUT: *inv (eg_page_inv_free), *headers (eg_page_headers_free; may be
 * NULL when not wanted), *taken_at (free; may be NULL when not wanted).
 * All outputs are cleared on error.
 */
int eg_page_baseline_load(struct eg_store *s, const char *url,
			  struct eg_page_inv **inv,
			  struct eg_page_headers *headers, char **taken_at,
			  struct eg_err *e);

/* One baseline of the history. Strings owned by the array. */
struct eg_page_baseline_info {
	int64_t id;
	char *url;
	char *taken_at;
	char *created_at;
	int64_t supersedes;     /* 0: the first of its URL */
	int64_t superseded_by;  /* 0: the current one */
	size_t nitems;
	size_t nscripts;        /* items of kind script */
};

/*
 * Lists baselines newest first: those of url, or of every URL when url is
 * NULL; at most limit (0: up to EG_PAGE_LIST_MAX). Returns 0 (*n may be 0),
 * EG_E_SQL, EG_E_NOMEM. OUT: *out, eg_page_baseline_infos_free(*out, *n).
 */
int eg_page_baseline_list(struct eg_store *s, const char *url, size_t limit,
			  struct eg_page_baseline_info **out, size_t *n,
			  struct eg_err *e);
void eg_page_baseline_infos_free(struct eg_page_baseline_info *v, size_t n);

#endif
