/*
 * url.c: parsing and resolving http(s) URLs (url.h). Everything is built in
 * bounded buffers: a URL longer than EG_URL_MAX is refused, never cut, so
 * two different long URLs cannot end up the same.
 */
#include "url.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"

void eg_http_url_clear(struct eg_http_url *u)
{
	if (u == NULL)
		return;
	free(u->scheme);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

int eg_http_url_copy(struct eg_http_url *dst, const struct eg_http_url *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->scheme = eg_strdup(src->scheme);
	dst->host = eg_strdup(src->host);
	dst->path = eg_strdup(src->path);
	dst->port = src->port;
	dst->ipv6 = src->ipv6;
	if (dst->scheme == NULL || dst->host == NULL || dst->path == NULL) {
		eg_http_url_clear(dst);
		return EG_E_NOMEM;
	}
	return 0;
}

static unsigned default_port(const char *scheme)
{
	return strcmp(scheme, "https") == 0 ? 443 : 80;
}

int eg_http_url_same_origin(const struct eg_http_url *a, const struct eg_http_url *b)
{
	return a->scheme != NULL && b->scheme != NULL &&
	       strcmp(a->scheme, b->scheme) == 0 &&
	       strcmp(a->host, b->host) == 0 && a->port == b->port;
}

int eg_http_url_hostport(const struct eg_http_url *u, struct eg_buf *out)
{
	if (u->ipv6)
		eg_buf_addf(out, "[%s]", u->host);
	else
		eg_buf_adds(out, u->host);
	if (u->port != default_port(u->scheme))
		eg_buf_addf(out, ":%u", u->port);
	return out->err;
}

int eg_http_url_origin(const struct eg_http_url *u, struct eg_buf *out)
{
	eg_buf_addf(out, "%s://", u->scheme);
	return eg_http_url_hostport(u, out);
}

int eg_http_url_format(const struct eg_http_url *u, struct eg_buf *out)
{
	eg_http_url_origin(u, out);
	return eg_buf_adds(out, u->path);
}

/*
 * What browsers do to a URL string before parsing it (WHATWG URL): leading
 * and trailing C0 controls and spaces go, tabs and newlines anywhere go.
 * Any other control byte makes it no URL we accept.
 */
static int prepare(const char *s, struct eg_buf *out, struct eg_err *e)
{
	size_t n = strlen(s);
	if (n > EG_URL_MAX)
		return eg_err_set(e, EG_E_LIMIT,
				  _("URL longer than %u bytes"), EG_URL_MAX);
	while (n > 0 && (unsigned char)s[0] <= 0x20) {
		s++;
		n--;
	}
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c < 0x20 || c == 0x7f)
			return eg_err_set(e, EG_E_PARSE, "%s",
					  _("URL contains a control character"));
		eg_buf_addc(out, (char)c);
	}
	return out->err;
}

/* Length of a scheme followed by ':' at s, or 0 when s starts with none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[i] != '\0' && s[i] != ':') {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			return 0;
		i++;
	}
	return s[i] == ':' ? i : 0;
}

static int is_slash(char c)
{
	return c == '/' || c == '\\';
}

/* A "." or ".." segment, also written with %2e. */
static int dot_seg(const char *s, size_t n)
{
	int dots = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '.') {
			i++;
		} else if (n - i >= 3 && s[i] == '%' && s[i + 1] == '2' &&
			   (s[i + 2] == 'e' || s[i + 2] == 'E')) {
			i += 3;
		} else {
			return 0;
		}
		if (++dots > 2)
			return 0;
	}
	return dots;
}

/*
 * Appends path p[0..n) (starting with '/') to out with dot segments removed
 * (RFC 3986 5.2.4), backslashes as slashes, and bytes a server or a log
 * could misread (space, quotes, angle brackets, non-ASCII) percent-encoded.
 */
static void add_path(struct eg_buf *out, const char *p, size_t n)
{
	size_t base = out->len;
	size_t i = 0;
	while (i < n) {
		/* p[i] is a slash; the segment runs to the next one */
		size_t j = i + 1;
		while (j < n && !is_slash(p[j]))
			j++;
		const char *seg = p + i + 1;
		size_t sl = j - i - 1;
		int last = j >= n;
		int d = dot_seg(seg, sl);
		if (d == 2) {
			/* drop the last segment written */
			size_t k = out->len;
			while (k > base && out->data[k - 1] != '/')
				k--;
			if (k > base)
				k--;
			eg_buf_truncate(out, k);
		}
		if (d > 0) {
			if (last)
				eg_buf_addc(out, '/');
			i = j;
			continue;
		}
		eg_buf_addc(out, '/');
		for (size_t k = 0; k < sl; k++) {
			unsigned char c = (unsigned char)seg[k];
			if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' ||
			    c == '>' || c == '`')
				eg_buf_addf(out, "%%%02X", c);
			else
				eg_buf_addc(out, (char)c);
		}
		i = j;
	}
	if (out->len == base)
		eg_buf_addc(out, '/');
}

/* The query: bytes as in add_path, slashes kept as they are. */
static void add_query(struct eg_buf *out, const char *q, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)q[k];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' ||
		    c == '>' || c == '`')
			eg_buf_addf(out, "%%%02X", c);
		else
			eg_buf_addc(out, (char)c);
	}
}

static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

/* Parses s (already prepared) as an absolute http(s) URL. */
static int parse_abs(const char *s, struct eg_http_url *u, struct eg_err *e)
{
	int rc;
	struct eg_buf host, path;
	eg_buf_init(&host, EG_URL_MAX);
	eg_buf_init(&path, EG_URL_MAX);
	memset(u, 0, sizeof(*u));
	size_t sl = scheme_len(s);
	if (sl == 0) {
		rc = eg_err_set(e, EG_E_PARSE, "%s",
				_("not an absolute URL: write it as http://HOST/ or https://HOST/"));
		goto out;
	}
	if (sl == 4 && strncasecmp(s, "http", 4) == 0) {
		u->scheme = eg_strdup("http");
	} else if (sl == 5 && strncasecmp(s, "https", 5) == 0) {
		u->scheme = eg_strdup("https");
	} else {
		rc = eg_err_set(e, EG_E_UNSUPPORTED,
				_("URL scheme \"%.*s\" is not supported: only http and https"),
				(int)(sl > EG_QUOTE_MAX ? EG_QUOTE_MAX : sl), s);
		goto out;
	}
	if (u->scheme == NULL) {
		rc = EG_E_NOMEM;
		goto out;
	}
	const char *p = s + sl + 1;
	if (!is_slash(p[0]) || !is_slash(p[1])) {
		rc = eg_err_set(e, EG_E_PARSE, "%s",
				_("URL lacks \"//\" and a host after the scheme"));
		goto out;
	}
	p += 2;
	size_t al = strcspn(p, "/\\?#");
	const char *auth = p, *hend;
	if (memchr(auth, '@', al) != NULL) {
		rc = eg_err_set(e, EG_E_UNSUPPORTED, "%s",
				_("URL carries a user name or password (user@host): leave it out"));
		goto out;
	}
	const char *portp = NULL;
	if (al > 0 && auth[0] == '[') {
		const char *rb = memchr(auth, ']', al);
		if (rb == NULL) {
			rc = eg_err_set(e, EG_E_PARSE, "%s",
					_("URL has an IPv6 address without its closing ']'"));
			goto out;
		}
		eg_buf_add(&host, auth + 1, (size_t)(rb - auth - 1));
		unsigned char a6[16];
		if (host.err != 0 ||
		    inet_pton(AF_INET6, eg_buf_str(&host), a6) != 1) {
			rc = eg_err_set(e, EG_E_PARSE, "%s",
					_("URL has an invalid IPv6 address in brackets"));
			goto out;
		}
		u->ipv6 = 1;
		hend = rb + 1;
		if (hend < auth + al) {
			if (*hend != ':') {
				rc = eg_err_set(e, EG_E_PARSE, "%s",
						_("URL has text after the IPv6 address"));
				goto out;
			}
			portp = hend + 1;
		}
	} else {
		const char *colon = memchr(auth, ':', al);
		hend = colon != NULL ? colon : auth + al;
		if (colon != NULL)
			portp = colon + 1;
		for (const char *c = auth; c < hend; c++) {
			if (!host_char(*c)) {
				rc = eg_err_set(e, EG_E_PARSE, "%s",
						_("URL host may hold only letters, digits, '-', '.' and '_' (write an international name in its xn-- form)"));
				goto out;
			}
			eg_buf_addc(&host, (char)(*c >= 'A' && *c <= 'Z' ?
						  *c - 'A' + 'a' : *c));
		}
		if (host.len == 0 || host.len > 253) {
			rc = eg_err_set(e, EG_E_PARSE, "%s",
					_("URL host must have 1 to 253 characters"));
			goto out;
		}
	}
	u->port = default_port(u->scheme);
	if (portp != NULL && portp < auth + al) {
		uint64_t port;
		if (eg_parse_u64n(portp, (size_t)(auth + al - portp), 10, 1,
				  65535, &port) != 0) {
			rc = eg_err_set(e, EG_E_PARSE, "%s",
					_("URL port must be a number from 1 to 65535"));
			goto out;
		}
		u->port = (unsigned)port;
	}
	p = auth + al;
	size_t pl = strcspn(p, "?#");
	if (pl == 0)
		eg_buf_addc(&path, '/');
	else
		add_path(&path, p, pl);
	if (p[pl] == '?') {
		const char *q = p + pl;
		add_query(&path, q, strcspn(q, "#"));
	}
	if (host.err != 0 || path.err != 0) {
		rc = host.err == EG_E_NOMEM || path.err == EG_E_NOMEM ?
		     EG_E_NOMEM : eg_err_set(e, EG_E_LIMIT,
					     _("URL longer than %u bytes"),
					     EG_URL_MAX);
		goto out;
	}
	u->host = eg_buf_steal(&host, NULL);
	u->path = eg_buf_steal(&path, NULL);
	rc = u->host != NULL && u->path != NULL ? 0 : EG_E_NOMEM;
out:
	if (rc != 0)
		eg_http_url_clear(u);
	eg_buf_free(&host);
	eg_buf_free(&path);
	return rc;
}

int eg_http_url_parse(const char *s, struct eg_http_url *u, struct eg_err *e)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_URL_MAX);
	memset(u, 0, sizeof(*u));
	int rc = prepare(s, &b, e);
	if (rc == 0)
		rc = parse_abs(eg_buf_str(&b), u, e);
	eg_buf_free(&b);
	return rc;
}

int eg_http_url_resolve(const struct eg_http_url *base, const char *ref,
		   struct eg_http_url *out, struct eg_err *e)
{
	struct eg_buf r, abs;
	int rc;
	eg_buf_init(&r, EG_URL_MAX);
	eg_buf_init(&abs, 2 * EG_URL_MAX + 16);
	memset(out, 0, sizeof(*out));
	if ((rc = prepare(ref, &r, e)) != 0)
		goto out;
	const char *s = eg_buf_str(&r);
	size_t sl = scheme_len(s);
	if (sl > 0) {
		/* "https:foo" with the base's own scheme is relative for
		 * browsers (special schemes); else it is absolute. */
		if (strncasecmp(s, base->scheme, sl) == 0 &&
		    strlen(base->scheme) == sl && !is_slash(s[sl + 1]))
			s += sl + 1;
		else {
			rc = parse_abs(s, out, e);
			goto out;
		}
	}
	if (is_slash(s[0]) && is_slash(s[1])) {
		eg_buf_addf(&abs, "%s:%s", base->scheme, s);
	} else {
		eg_http_url_origin(base, &abs);
		size_t bq = strcspn(base->path, "?");
		if (s[0] == '\0' || s[0] == '#') {
			eg_buf_adds(&abs, base->path);
		} else if (s[0] == '?') {
			eg_buf_add(&abs, base->path, bq);
			eg_buf_adds(&abs, s);
		} else if (is_slash(s[0])) {
			eg_buf_adds(&abs, s);
		} else {
			/* merge: the base path up to its last slash */
			size_t k = bq;
			while (k > 0 && base->path[k - 1] != '/')
				k--;
			eg_buf_add(&abs, base->path, k);
			eg_buf_adds(&abs, s);
		}
	}
	if (abs.err != 0 || abs.len > EG_URL_MAX) {
		rc = abs.err == EG_E_NOMEM ? EG_E_NOMEM :
		     eg_err_set(e, EG_E_LIMIT, _("URL longer than %u bytes"),
				EG_URL_MAX);
		goto out;
	}
	rc = parse_abs(eg_buf_str(&abs), out, e);
out:
	eg_buf_free(&r);
	eg_buf_free(&abs);
	return rc;
}
