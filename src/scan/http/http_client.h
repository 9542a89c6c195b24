/*
 * http_client.h: one HTTP/1.1 request at a time to one URL, over TCP or
 * TLS, for the scanners (web_scan.h, and the payment-page inventory). It is
 * not a browser: no cookies are kept, no body is sent, nothing is cached.
 *
 * Safety: the client connects only to the host of the URL (at the address
 * DNS gives, or the one the caller maps it to, as curl --resolve), and
 * follows a redirect only to that same host (another scheme or port is
 * fine: http://shop/ -> https://shop/). Every request has a deadline that
 * covers connecting, the TLS handshake, writing and every read, so a silent
 * or slow-drip peer ends at the deadline with a clean error. The response
 * is parsed by http_parse.h within the bounds of src/util/limits.h; a body
 * past the caller's cap is cut and the connection dropped.
 *
 * TLS: the certificate is not required to verify (an exposure scan must
 * reach a site with a broken certificate; `ecguard tls` judges it), but the
 * verification against the system store and the host name is recorded for
 * each hop. Legacy protocol versions are allowed for the same reason. SNI
 * is the URL's host name (none for an address).
 *
 * Requests carry "Accept-Encoding: gzip": a server then answers as it does
 * to browsers (the page a visitor gets is the one to check), and more of a
 * large page fits under the body cap. The decoder is bounded
 * (http_parse.h), and a hostile server may send gzip unasked anyway.
 *
 * A client is shared by threads: eg_http_fetch may run in parallel on it.
 */
#ifndef EG_HTTP_CLIENT_H
#define EG_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/err.h"
#include "http_parse.h"
#include "url.h"

/* One --resolve entry: connect to addr (an IPv4 or IPv6 literal) when the
 * URL's host is host (case-insensitive) and its port is port (0: any). */
struct eg_http_resolve {
	const char *host;
	unsigned port;
	const char *addr;
};

struct eg_http_client;

/*
 * A client with a copy of the resolve map (n entries, at most
 * EG_WEB_MAX_RESOLVE). Returns 0 with *out set (OUT: eg_http_client_free),
 * EG_E_INVAL (an entry's addr is not an IP address; e says which),
 * EG_E_INTERNAL (OpenSSL could not be set up), EG_E_NOMEM.
 */
int eg_http_client_new(const struct eg_http_resolve *map, size_t n,
		       struct eg_http_client **out, struct eg_err *e);

void eg_http_client_free(struct eg_http_client *c);

struct eg_http_request {
	const char *method;       /* "GET" (NULL), "HEAD", "OPTIONS", "TRACE" */
	const struct eg_http_header *headers; /* extra request headers */
	size_t nheaders;          /* at most EG_HTTP_MAX_REQ_HEADERS */
	unsigned timeout_ms;      /* per request (hop); 0: the default */
	int64_t not_after_ms;     /* absolute eg_http_clock_ms() time no hop
				   * may pass; 0: none */
	size_t body_max;          /* body bytes kept; 0: EG_HTTP_BODY_MAX */
	unsigned max_redirects;   /* 0: do not follow */
};

/* One request of a chain. */
struct eg_http_hop {
	char *url;                /* what was requested */
	char *addr;               /* the address it went to, or NULL */
	struct eg_http_response *resp; /* NULL when the request failed */
	int err;                  /* 0, or the failure's code (EG_E_IO,
				   * EG_E_NOTFOUND, EG_E_PARSE, EG_E_LIMIT...) */
	char *errmsg;             /* translated, or NULL */
	int timed_out;            /* the failure was the deadline */
	int tls;                  /* the hop used TLS */
	int tls_verified;         /* the chain and host name verified */
	char *tls_verify;         /* "ok" or OpenSSL's reason, or NULL */
	char *tls_version;        /* "TLSv1.3"..., or NULL */
	int64_t ms;               /* time the hop took */
};

/* Why a chain ended where it did. */
enum eg_http_stop {
	EG_HTTP_STOP_FINAL,       /* not a redirect, or not asked to follow */
	EG_HTTP_STOP_ERROR,       /* the last hop failed */
	EG_HTTP_STOP_LIMIT,       /* max_redirects reached */
	EG_HTTP_STOP_LOOP,        /* a redirect to a URL already in the chain */
	EG_HTTP_STOP_OTHER_HOST,  /* a redirect to another host (not followed) */
	EG_HTTP_STOP_BAD_LOCATION /* a redirect without a usable Location */
};

struct eg_http_result {
	struct eg_http_hop *hops; /* in order; nhops >= 1 */
	size_t nhops;
	int stop;                 /* enum eg_http_stop */
};

/* The last hop of r. */
const struct eg_http_hop *eg_http_final(const struct eg_http_result *r);

/*
 * Makes the request, following redirects as asked. Returns 0 with *out set
 * (OUT: eg_http_result_free) whenever a request was attempted: failures to
 * resolve, connect, hand-shake or parse, and timeouts, are data in the last
 * hop (err, errmsg, timed_out). Returns EG_E_INVAL (a method or header the
 * client does not send) or EG_E_NOMEM with e set and *out NULL.
 */
int eg_http_fetch(struct eg_http_client *c, const struct eg_http_url *url,
		  const struct eg_http_request *rq,
		  struct eg_http_result **out, struct eg_err *e);

void eg_http_result_free(struct eg_http_result *r);

/* Milliseconds of a monotonic clock, for not_after_ms. */
int64_t eg_http_clock_ms(void);

#endif
