/*
 * web_scan.h: the HTTP exposure scanner behind `ecguard web`. Given a base
 * URL it fetches the page, then runs the exposure checks in parallel (a
 * small pool of threads, EG_WEB_THREADS at most, every request with its
 * deadline, the whole scan within a request count and a time budget) and
 * returns plain data: every response (url, status, headers), the cookies
 * the page sets, the sensitive paths tried, and findings {id, severity,
 * url, reason}. docs/web.md lists every check, what confirms it and its
 * severity.
 *
 * Sensitive paths are confirmed by their content, never by a status code
 * alone, and the site's "not found" shape is learnt first (random paths
 * that cannot exist): a response with that shape never alarms, so a site
 * answering 200 to everything gives no path findings. Secret values a check
 * sees (an exposed .env, a dump) are never copied into the result: evidence
 * names keys and markers only. Cookie values are not kept either.
 *
 * Traffic goes only to the host of the base URL (and the admin URLs the
 * caller names), through http_client.h.
 */
#ifndef EG_WEB_SCAN_H
#define EG_WEB_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/err.h"
#include "http_client.h"

struct eg_web_opts {
	const char *url;          /* base URL, http or https */
	const struct eg_http_resolve *resolve; /* like curl --resolve */
	size_t nresolve;
	unsigned timeout_ms;      /* per request; 0: EG_HTTP_TIMEOUT_DEFAULT_MS */
	unsigned http_port;       /* where to try plain HTTP for the redirect
				   * check of an https URL; 0: 80 */
	const char *const *admin; /* admin screen URLs (absolute, or relative
				   * to url), nadmin <= EG_WEB_MAX_ADMIN */
	size_t nadmin;
	unsigned threads;         /* 0: EG_WEB_THREADS */
	unsigned budget_ms;       /* whole scan; 0: EG_WEB_BUDGET_MS */
};

struct eg_web_finding {
	char id[48];              /* "web.env_exposed", ... */
	const char *severity;     /* "info", "low", "medium", "high",
				   * "critical" (static) */
	char *url;                /* where it was seen */
	char *reason;             /* translated; hostile text inside is not
				   * escaped yet */
};

/* One request the scan made (each redirect hop is one). */
struct eg_web_response {
	char *url;
	const char *purpose;      /* "main", "http", "trace", "cors", "404",
				   * "security.txt", "path", "listing",
				   * "admin" (static) */
	const char *method;       /* static */
	int status;               /* 0 when the request failed */
	char *error;              /* why it failed, or NULL */
	int timed_out;
	struct eg_http_header *headers; /* as received, nheaders */
	size_t nheaders;
	size_t body_len;          /* decoded body bytes kept */
	int body_truncated;
	int tls, tls_verified;
	char *tls_verify;         /* "ok" or OpenSSL's reason, or NULL */
	char *tls_version;        /* or NULL */
	int64_t ms;
};

/* A cookie the main page (or a redirect before it) set. The value is not
 * kept: it is the scanner's own session id and is nobody's business. */
struct eg_web_cookie {
	char *url;                /* the response that set it */
	char *name;
	size_t value_len;
	int secure, httponly;
	char *samesite, *path, *domain, *expires; /* NULL when absent */
	int has_max_age;
	int64_t max_age;
	int session;              /* judged a session cookie (by its name, or
				   * no expiry): the one the flags matter for */
};

/* One sensitive path tried. */
struct eg_web_path {
	char *path;               /* "/.env" */
	char *url;
	const char *check;        /* the finding id it would give (static) */
	int status;               /* final status, 0 when the request failed */
	size_t length;            /* body bytes seen */
	int exposed;              /* confirmed by content */
	int soft404;              /* matched the site's not-found shape */
	char *evidence;           /* what confirmed it (no secret), or NULL */
	char *error;              /* request failure, or NULL */
};

struct eg_web_result {
	char *target;             /* the URL as given */
	char *final_url;          /* where the main request ended */
	int status;               /* of the main response */
	struct eg_http_header *headers; /* of the main response */
	size_t nheaders;
	struct eg_web_response *responses;
	size_t nresponses;
	struct eg_web_cookie *cookies;
	size_t ncookies;
	struct eg_web_path *paths;
	size_t npaths;
	struct eg_web_finding *findings; /* most severe first */
	size_t nfindings;
	unsigned requests;        /* requests made (hops) */
	int budget_spent;         /* some checks were skipped: out of requests
				   * or time */
};

/*
 * Scans one site. Returns 0 with *out set (OUT: eg_web_result_free), or
 * with e set: EG_E_PARSE / EG_E_UNSUPPORTED / EG_E_LIMIT (a bad URL),
 * EG_E_INVAL (bad options, a bad --resolve or admin URL), EG_E_IO or
 * EG_E_NOTFOUND (the base URL cannot be fetched at all: the message says
 * why; no other check runs), EG_E_NOMEM, EG_E_INTERNAL.
 */
int eg_web_scan(const struct eg_web_opts *o, struct eg_web_result **out,
		struct eg_err *e);

void eg_web_result_free(struct eg_web_result *r);

/* 1 when severity is above info (it makes `ecguard web` exit 1). */
int eg_web_severity_fails(const char *severity);

#endif
