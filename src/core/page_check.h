/*
 * page_check.h: one payment-page integrity check, as `ecguard web` and the
 * page_* tables (hence the audit) run it: the page's policy from the site
 * spec (is it a payment page, which hosts may serve its scripts and take
 * its card form), a fresh snapshot (page_fetch.h), the authorised baseline
 * from the store (page_store.h), and their comparison (eg_page_compare).
 *
 * The state says what could be judged: "compared" (a baseline exists and
 * the findings include every change), "no_baseline" (only the page's own
 * checks ran: SRI, script hosts, card-form targets), "unreachable" (the
 * page could not be fetched or parsed: nothing is known, which for a
 * payment page is itself alarming).
 */
#ifndef EG_PAGE_CHECK_H
#define EG_PAGE_CHECK_H

#include <stddef.h>

#include "../scan/http/http_client.h"
#include "../scan/web/page.h"
#include "../scan/web/page_fetch.h"
#include "../util/err.h"
#include "spec.h"
#include "store.h"

enum eg_page_state {
	EG_PAGE_COMPARED = 0,
	EG_PAGE_NO_BASELINE = 1,
	EG_PAGE_UNREACHABLE = 2,
};

/* "compared", "no_baseline", "unreachable". */
const char *eg_page_state_name(int state);

/* The policy of url from spec: the endpoint whose URL is url (compared in
 * normal form), its payment flag and allowed hosts. Strings are borrowed
 * from spec; returns 1 when an endpoint matched, 0 otherwise (then pol is
 * the default: not a payment page, no host lists). spec may be NULL. */
int eg_page_policy_of(const struct eg_spec *spec, const char *url,
		      struct eg_page_policy *pol);

/* The spec's admin screens (endpoints with admin: true) on the host of url,
 * for the exposure scan: up to max of their URLs (borrowed from spec) into
 * admin. Returns how many; 0 when spec is NULL or url is no http(s) URL. */
size_t eg_spec_admin_urls(const struct eg_spec *spec, const char *url,
			  const char **admin, size_t max);

struct eg_page_check {
	char *url;
	int payment;                  /* from the spec */
	int in_spec;                  /* the URL is an endpoint of the spec */
	int state;                    /* enum eg_page_state */
	struct eg_page_snapshot *snap; /* never NULL */
	char *baseline_taken_at;      /* NULL without a baseline */
	char *baseline_error;         /* a baseline that could not be read
				       * (damaged), translated; else NULL */
	struct eg_page_findings findings;
};

/*
 * Checks url with client c against the newest baseline of url in st (NULL:
 * no store, so no baseline) under the policy spec gives it. Returns 0 with
 * *out set (OUT: eg_page_check_free), whatever the page did; EG_E_INVAL (a
 * bad URL), EG_E_NOMEM, EG_E_INTERNAL, EG_E_SQL with e set otherwise.
 */
int eg_page_check_run(struct eg_http_client *c, struct eg_store *st,
		      const struct eg_spec *spec, const char *url,
		      unsigned timeout_ms, struct eg_page_check **out,
		      struct eg_err *e);

void eg_page_check_free(struct eg_page_check *pc);

#endif
