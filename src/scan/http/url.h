/*
 * url.h: http and https URLs as the HTTP client and the scanners use them.
 * A URL given by the user, a Location header or a script's src attribute is
 * parsed strictly into scheme, host, port and path (with query); a relative
 * reference is resolved against a base as RFC 3986 section 5 says (with the
 * WHATWG leniencies browsers apply to http(s): surrounding spaces dropped,
 * tabs and newlines removed, backslashes read as slashes), so a redirect or
 * a script src means what a browser would make of it. Fragments are dropped:
 * they never reach the server. User information (user:pass@) is refused: a
 * scanner has no use for it and it hides the real host from a reader.
 *
 * struct eg_http_url is plain data; every string in it is owned by it.
 */
#ifndef EG_HTTP_URL_H
#define EG_HTTP_URL_H

#include "../../util/buf.h"
#include "../../util/err.h"

struct eg_http_url {
	char *scheme;   /* "http" or "https" */
	char *host;     /* lower case; an IPv6 address without brackets */
	unsigned port;  /* the explicit port, else 80 or 443 */
	char *path;     /* path and query, always starting with '/'; bytes
			 * outside printable ASCII percent-encoded */
	int ipv6;       /* host is an IPv6 address literal */
};

/*
 * Parses an absolute http or https URL. Returns 0 with *u filled (OUT:
 * release with eg_http_url_clear), or EG_E_PARSE (not a URL: e says what is
 * wrong), EG_E_UNSUPPORTED (another scheme, or user information),
 * EG_E_LIMIT (longer than EG_URL_MAX), EG_E_NOMEM. On error *u is empty.
 */
int eg_http_url_parse(const char *s, struct eg_http_url *u, struct eg_err *e);

/*
 * Resolves ref (a Location value, an href or src) against base. Returns 0
 * with *out filled (OUT: eg_http_url_clear), or the errors of eg_http_url_parse; a
 * reference to another scheme (mailto:, javascript:, data:) is
 * EG_E_UNSUPPORTED.
 */
int eg_http_url_resolve(const struct eg_http_url *base, const char *ref,
		   struct eg_http_url *out, struct eg_err *e);

/* Frees the strings of u and empties it; NULL and empty are fine. */
void eg_http_url_clear(struct eg_http_url *u);

/* Copies src into *dst. Returns 0 or EG_E_NOMEM (then *dst is empty). */
int eg_http_url_copy(struct eg_http_url *dst, const struct eg_http_url *src);

/* 1 when a and b have the same scheme, host and port (RFC 6454 origin). */
int eg_http_url_same_origin(const struct eg_http_url *a, const struct eg_http_url *b);

/* Appends the URL in its normal form: scheme://host[:port]/path, the port
 * only when not the scheme's default. Returns the buffer's error. */
int eg_http_url_format(const struct eg_http_url *u, struct eg_buf *out);

/* Appends scheme://host[:port] (no path). Returns the buffer's error. */
int eg_http_url_origin(const struct eg_http_url *u, struct eg_buf *out);

/* Appends the Host header value: host, [v6], with ":port" unless the
 * default. Returns the buffer's error. */
int eg_http_url_hostport(const struct eg_http_url *u, struct eg_buf *out);

#endif
