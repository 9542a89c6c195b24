/*
 * page.c: the payment-page inventory (see page.h): a bounded HTML tokenizer
 * that walks the page once and records what can run or send data
 * elsewhere, a small URL resolver (WHATWG-flavoured where attackers play:
 * backslashes, extra slashes, userinfo, tabs and newlines inside URLs,
 * percent-encoded hosts and dot segments), Subresource Integrity parsing,
 * the comparison against a baseline and the JSON writer.
 *
 * Every byte of the page is hostile: the tokenizer never recurses, looks at
 * each byte a bounded number of times, and keeps only bounded copies.
 */
#include "page.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"

static const char *const kind_names[EG_PAGE_NKINDS] = {
	"script", "iframe", "link", "form", "handler", "jsurl", "csp", "base",
};

const char *eg_page_kind_name(int kind)
{
	if (kind < 0 || kind >= EG_PAGE_NKINDS)
		return "?";
	return kind_names[kind];
}

int eg_page_kind_parse(const char *s)
{
	for (int k = 0; s != NULL && k < EG_PAGE_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

/* ---- small helpers ---- */

/* HTML's ASCII whitespace (tab, LF, FF, CR, space). */
static int is_ws(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* ASCII case-insensitive equality of s[0..n) with the lowercase word w. */
static int eq_word(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	if (n != wl)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

static void hex(const unsigned char *md, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[md[i] >> 4];
		out[2 * i + 1] = d[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of p[0..n) as 64 hex digits. Returns 0 or EG_E_INTERNAL. */
static int sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	out[0] = '\0';
	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		return EG_E_INTERNAL;
	hex(md, 32, out);
	return 0;
}

static int valid_hex64(const char *s)
{
	if (s[0] == '\0')
		return 1;
	size_t i = 0;
	for (; s[i] != '\0'; i++)
		if (!is_digit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return i == 64;
}

/* ---- URLs ---- */

/* An absolute http(s) URL split into owned parts. */
struct url {
	int https;
	char *host;     /* lowercase; an IPv6 literal keeps its brackets */
	char *port;     /* NULL for the scheme's default */
	char *path;     /* starts with '/' */
	char *query;    /* with its '?', or NULL */
};

static void url_clear(struct url *u)
{
	free(u->host);
	free(u->port);
	free(u->path);
	free(u->query);
	memset(u, 0, sizeof(*u));
}

static int hexval(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Parses an authority a[0..n) into u->host and u->port as a browser would:
 * userinfo dropped (everything up to the last '@': "psp.example@evil.test"
 * is evil.test), percent-escapes of the host decoded, lowercased, the
 * default port left out. Returns 0, 1 when it is no usable host, or
 * EG_E_NOMEM.
 */
static int parse_authority(const char *a, size_t n, struct url *u)
{
	const char *at = NULL;
	for (size_t i = 0; i < n; i++)
		if (a[i] == '@')
			at = a + i;
	if (at != NULL) {
		n -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	size_t hl = n;
	const char *port = NULL;
	size_t pl = 0;
	if (n > 0 && a[0] == '[') {
		const char *rb = memchr(a, ']', n);
		if (rb == NULL)
			return 1;
		hl = (size_t)(rb - a) + 1;
		if (hl < n) {
			if (a[hl] != ':')
				return 1;
			port = a + hl + 1;
			pl = n - hl - 1;
		}
	} else {
		const char *c = memchr(a, ':', n);
		if (c != NULL) {
			hl = (size_t)(c - a);
			port = c + 1;
			pl = n - hl - 1;
		}
	}
	if (hl == 0)
		return 1;
	char *h = malloc(hl + 1);
	if (h == NULL)
		return EG_E_NOMEM;
	size_t o = 0;
	for (size_t i = 0; i < hl; i++) {
		unsigned char c = (unsigned char)a[i];
		if (c == '%' && i + 2 < hl &&
		    hexval((unsigned char)a[i + 1]) >= 0 &&
		    hexval((unsigned char)a[i + 2]) >= 0) {
			c = (unsigned char)(hexval((unsigned char)a[i + 1]) * 16 +
					    hexval((unsigned char)a[i + 2]));
			i += 2;
		}
		/* WHATWG's forbidden host code points, and controls. */
		if (c <= 0x20 || c == 0x7f || strchr("#%/:<>?@\\^|", c) != NULL) {
			if (!(c == ':' && a[0] == '[')) {
				free(h);
				return 1;
			}
		}
		h[o++] = (char)lower(c);
	}
	h[o] = '\0';
	u->host = h;
	if (port != NULL && pl > 0) {
		uint64_t v;
		if (eg_parse_u64n(port, pl, 10, 0, 65535, &v) != 0)
			return 1;
		if (v != (u->https ? 443u : 80u)) {
			char b[8];
			snprintf(b, sizeof(b), "%u", (unsigned)v);
			if ((u->port = eg_strdup(b)) == NULL)
				return EG_E_NOMEM;
		}
	}
	return 0;
}

/* 1 when seg[0..n) is "." or its percent-encoded form. */
static int dot1(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || eq_word(s, n, "%2e");
}

static int dot2(const char *s, size_t n)
{
	return eq_word(s, n, "..") || eq_word(s, n, ".%2e") ||
	       eq_word(s, n, "%2e.") || eq_word(s, n, "%2e%2e");
}

/* Appends path p[0..n) (starting with '/') to out with "." and ".."
 * segments removed (RFC 3986 5.2.4, with WHATWG's %2e). */
static void remove_dots(struct eg_buf *out, const char *p, size_t n)
{
	size_t start = out->len;
	size_t i = 0;
	while (i < n) {
		/* p[i] is '/' here */
		size_t j = i + 1;
		while (j < n && p[j] != '/')
			j++;
		const char *seg = p + i + 1;
		size_t sl = j - i - 1;
		int last = j >= n;
		if (dot1(seg, sl)) {
			if (last)
				eg_buf_addc(out, '/');
		} else if (dot2(seg, sl)) {
			/* drop the last segment written */
			size_t k = out->len;
			while (k > start && out->data[k - 1] != '/')
				k--;
			if (k > start)
				k--;
			eg_buf_truncate(out, k);
			if (last)
				eg_buf_addc(out, '/');
		} else {
			eg_buf_addc(out, '/');
			eg_buf_add(out, seg, sl);
		}
		i = j;
	}
	if (out->len == start)
		eg_buf_addc(out, '/');
}

/*
 * Parses an absolute http(s) URL. Returns 0, 1 (not one), EG_E_NOMEM.
 * Only for the page's own URL, given by the caller.
 */
static int parse_base(const char *s, struct url *u)
{
	memset(u, 0, sizeof(*u));
	size_t sl;
	if (strncasecmp(s, "https://", 8) == 0) {
		u->https = 1;
		sl = 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		sl = 7;
	} else {
		return 1;
	}
	const char *a = s + sl;
	size_t an = strcspn(a, "/?#");
	int rc = parse_authority(a, an, u);
	if (rc != 0)
		goto fail;
	const char *r = a + an;
	size_t pn = strcspn(r, "?#");
	struct eg_buf b;
	eg_buf_init(&b, EG_URL_MAX * 2);
	if (pn == 0 || r[0] != '/')
		eg_buf_addc(&b, '/');
	remove_dots(&b, r, pn);
	if (b.err != 0 || (u->path = eg_buf_steal(&b, NULL)) == NULL) {
		eg_buf_free(&b);
		rc = EG_E_NOMEM;
		goto fail;
	}
	if (r[pn] == '?') {
		size_t qn = strcspn(r + pn, "#");
		if ((u->query = eg_strndup(r + pn, qn)) == NULL) {
			rc = EG_E_NOMEM;
			goto fail;
		}
	}
	return 0;
fail:
	url_clear(u);
	return rc;
}

static void url_origin(struct eg_buf *b, const struct url *u)
{
	eg_buf_adds(b, u->https ? "https://" : "http://");
	eg_buf_adds(b, u->host);
	if (u->port != NULL) {
		eg_buf_addc(b, ':');
		eg_buf_adds(b, u->port);
	}
}

/* Result of resolving one reference. */
struct resolved {
	char *url;      /* owned, or NULL */
	char *host;     /* owned, or NULL */
	char *origin;   /* owned, or NULL */
};

static void resolved_clear(struct resolved *r)
{
	free(r->url);
	free(r->host);
	free(r->origin);
	memset(r, 0, sizeof(*r));
}

/*
 * Resolves ref[0..n) against base as a browser does for an http(s) page.
 * Leading and trailing controls and spaces are trimmed, tabs and newlines
 * inside removed, backslashes read as slashes in http(s) URLs. A reference
 * with another scheme (javascript:, data:, blob:) is kept as written with
 * no host. Returns 0 (r->url NULL when the reference is unusable, e.g. a
 * bad host or port) or EG_E_NOMEM.
 */
static int resolve(const struct url *base, const char *ref, size_t n,
		   struct resolved *r)
{
	memset(r, 0, sizeof(*r));
	struct eg_buf clean, out;
	struct url u;
	memset(&u, 0, sizeof(u));
	int rc = 0;
	eg_buf_init(&clean, EG_PAGE_MAX_ATTR_LEN + 1);
	eg_buf_init(&out, 2u * EG_PAGE_MAX_ATTR_LEN + 2u * EG_URL_MAX + 64u);
	while (n > 0 && (unsigned char)ref[0] <= 0x20) {
		ref++;
		n--;
	}
	while (n > 0 && (unsigned char)ref[n - 1] <= 0x20)
		n--;
	for (size_t i = 0; i < n; i++)
		if (ref[i] != '\t' && ref[i] != '\n' && ref[i] != '\r')
			eg_buf_addc(&clean, ref[i]);
	if (clean.err != 0) {
		rc = EG_E_NOMEM;
		goto out;
	}
	char *s = clean.data != NULL ? clean.data : (char *)"";
	size_t sn = clean.len;
	/* A scheme: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":" */
	size_t k = 0;
	int scheme = -1; /* -1 none, 0 http, 1 https, 2 other */
	if (sn > 0 && is_alpha((unsigned char)s[0])) {
		k = 1;
		while (k < sn && (is_alpha((unsigned char)s[k]) ||
				  is_digit((unsigned char)s[k]) || s[k] == '+' ||
				  s[k] == '-' || s[k] == '.'))
			k++;
		if (k < sn && s[k] == ':') {
			if (eq_word(s, k, "http"))
				scheme = 0;
			else if (eq_word(s, k, "https"))
				scheme = 1;
			else
				scheme = 2;
		}
	}
	if (scheme == 2) {
		for (size_t i = 0; i < k; i++)
			eg_buf_addc(&out, (char)lower((unsigned char)s[i]));
		eg_buf_add(&out, s + k, sn - k);
		if (out.err != 0 || (r->url = eg_buf_steal(&out, NULL)) == NULL)
			rc = EG_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < sn; i++)
		if (s[i] == '\\')
			s[i] = '/';
	const char *rest = s;
	size_t rn = sn;
	int authority = 0;
	u.https = base->https;
	if (scheme >= 0) {
		rest = s + k + 1;
		rn = sn - k - 1;
		u.https = scheme;
		/* "https:foo" on an https page is relative; on an http page
		 * (or with slashes) it names a host, any number of slashes
		 * after the colon skipped. */
		if (scheme != base->https || (rn >= 2 && rest[0] == '/' &&
					       rest[1] == '/'))
			authority = 1;
	} else if (rn >= 2 && rest[0] == '/' && rest[1] == '/') {
		authority = 1;
	}
	if (authority) {
		while (rn > 0 && rest[0] == '/') {
			rest++;
			rn--;
		}
		size_t an = 0;
		while (an < rn && rest[an] != '/' && rest[an] != '?' &&
		       rest[an] != '#')
			an++;
		int prc = parse_authority(rest, an, &u);
		if (prc == EG_E_NOMEM) {
			rc = prc;
			goto out;
		}
		if (prc != 0)
			goto out; /* unusable: url stays NULL */
		rest += an;
		rn -= an;
		url_origin(&out, &u);
		size_t pn = 0;
		while (pn < rn && rest[pn] != '?' && rest[pn] != '#')
			pn++;
		if (pn == 0)
			eg_buf_addc(&out, '/');
		else
			remove_dots(&out, rest, pn);
		eg_buf_add(&out, rest + pn, rn - pn);
	} else {
		if ((u.host = eg_strdup(base->host)) == NULL ||
		    (base->port != NULL &&
		     (u.port = eg_strdup(base->port)) == NULL)) {
			rc = EG_E_NOMEM;
			goto out;
		}
		url_origin(&out, &u);
		size_t pn = 0;
		while (pn < rn && rest[pn] != '?' && rest[pn] != '#')
			pn++;
		if (pn > 0 && rest[0] == '/') {
			remove_dots(&out, rest, pn);
			eg_buf_add(&out, rest + pn, rn - pn);
		} else if (pn > 0) {
			/* merge: the base path up to its last '/' */
			struct eg_buf m;
			eg_buf_init(&m, out.max);
			const char *ls = strrchr(base->path, '/');
			eg_buf_add(&m, base->path,
				   (size_t)(ls - base->path) + 1);
			eg_buf_add(&m, rest, pn);
			remove_dots(&out, eg_buf_str(&m), m.len);
			if (m.err != 0)
				out.err = m.err;
			eg_buf_free(&m);
			eg_buf_add(&out, rest + pn, rn - pn);
		} else {
			eg_buf_adds(&out, base->path);
			if (rn > 0 && rest[0] == '?') {
				eg_buf_add(&out, rest, rn);
			} else {
				if (base->query != NULL)
					eg_buf_adds(&out, base->query);
				eg_buf_add(&out, rest, rn);
			}
		}
	}
	struct eg_buf o;
	eg_buf_init(&o, out.max);
	url_origin(&o, &u);
	if (out.err != 0 || o.err != 0) {
		/* a resolved URL past the buffer's bound is unusable, not
		 * an allocation failure */
		rc = out.err == EG_E_NOMEM || o.err == EG_E_NOMEM ? EG_E_NOMEM
								 : 0;
	} else if ((r->url = eg_buf_steal(&out, NULL)) == NULL ||
		   (r->host = eg_strdup(u.host)) == NULL ||
		   (r->origin = eg_buf_steal(&o, NULL)) == NULL) {
		resolved_clear(r);
		rc = EG_E_NOMEM;
	}
	eg_buf_free(&o);
out:
	url_clear(&u);
	eg_buf_free(&clean);
	eg_buf_free(&out);
	return rc;
}

int eg_page_origin(const char *url, char *out, size_t n)
{
	struct url u;
	int rc = url != NULL ? parse_base(url, &u) : 1;
	if (rc == EG_E_NOMEM)
		return rc;
	if (rc != 0)
		return EG_E_INVAL;
	struct eg_buf b;
	eg_buf_init(&b, EG_URL_MAX + 16);
	url_origin(&b, &u);
	int w = snprintf(out, n, "%s", eg_buf_str(&b));
	rc = b.err != 0 ? b.err : (w < 0 || (size_t)w >= n) ? EG_E_LIMIT : 0;
	eg_buf_free(&b);
	url_clear(&u);
	return rc;
}

/* ---- Subresource Integrity ---- */

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/*
 * Decodes base64 (standard or URL-safe, padding optional) s[0..n) into
 * out[0..cap). Returns the decoded length, or -1 when s is not base64 or
 * decodes to more than cap bytes.
 */
static int b64dec(const char *s, size_t n, unsigned char *out, size_t cap)
{
	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return -1;
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64val((unsigned char)s[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return (int)o;
}

/* Digest length of an SRI algorithm name, 0 when unknown. */
static size_t sri_alg(const char *s, size_t n, const EVP_MD **md)
{
	if (eq_word(s, n, "sha256")) {
		*md = EVP_sha256();
		return 32;
	}
	if (eq_word(s, n, "sha384")) {
		*md = EVP_sha384();
		return 48;
	}
	if (eq_word(s, n, "sha512")) {
		*md = EVP_sha512();
		return 64;
	}
	return 0;
}

/*
 * Reads an integrity attribute: the well-formed tokens go to *norm as
 * "alg-base64" joined by single spaces (options after '?' dropped). Returns
 * EG_SRI_VALID or EG_SRI_INVALID, or EG_E_NOMEM.
 */
static int sri_parse(const char *v, char **norm)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_PAGE_MAX_ATTR_LEN + 1);
	size_t i = 0, n = strlen(v), ntok = 0;
	*norm = NULL;
	while (i < n && ntok < EG_PAGE_MAX_SRI_TOKENS) {
		while (i < n && is_ws((unsigned char)v[i]))
			i++;
		size_t s = i;
		while (i < n && !is_ws((unsigned char)v[i]))
			i++;
		if (i == s)
			break;
		ntok++;
		const char *t = v + s;
		size_t tl = i - s;
		const char *q = memchr(t, '?', tl);
		if (q != NULL)
			tl = (size_t)(q - t);
		const char *dash = memchr(t, '-', tl);
		if (dash == NULL)
			continue;
		const EVP_MD *md;
		size_t dl = sri_alg(t, (size_t)(dash - t), &md);
		unsigned char raw[64];
		const char *b64 = dash + 1;
		size_t bl = tl - (size_t)(b64 - t);
		if (dl == 0 || b64dec(b64, bl, raw, sizeof(raw)) != (int)dl)
			continue;
		if (b.len > 0)
			eg_buf_addc(&b, ' ');
		for (const char *c = t; c < dash; c++)
			eg_buf_addc(&b, (char)lower((unsigned char)*c));
		eg_buf_addc(&b, '-');
		eg_buf_add(&b, b64, bl);
	}
	if (b.err != 0) {
		eg_buf_free(&b);
		return EG_E_NOMEM;
	}
	if (b.len == 0) {
		eg_buf_free(&b);
		return EG_SRI_INVALID;
	}
	if ((*norm = eg_buf_steal(&b, NULL)) == NULL)
		return EG_E_NOMEM;
	return EG_SRI_VALID;
}

int eg_page_item_set_content(struct eg_page_item *it, const void *body,
			     size_t n)
{
	int rc = sha256_hex(body, n, it->content_sha256);
	it->sri_match = -1;
	if (rc != 0 || it->sri == NULL)
		return rc;
	/* Browsers use only the strongest algorithm present (SRI 3.3.4). */
	size_t best = 0;
	const char *s = it->sri;
	while (*s != '\0') {
		size_t tl = strcspn(s, " ");
		const char *dash = memchr(s, '-', tl);
		const EVP_MD *md;
		size_t dl = dash ? sri_alg(s, (size_t)(dash - s), &md) : 0;
		if (dl > best)
			best = dl;
		s += tl;
		while (*s == ' ')
			s++;
	}
	if (best == 0)
		return 0;
	it->sri_match = 0;
	s = it->sri;
	while (*s != '\0') {
		size_t tl = strcspn(s, " ");
		const char *dash = memchr(s, '-', tl);
		const EVP_MD *md = NULL;
		size_t dl = dash ? sri_alg(s, (size_t)(dash - s), &md) : 0;
		unsigned char want[64], got[EVP_MAX_MD_SIZE];
		unsigned int gl = 0;
		if (dl == best &&
		    b64dec(dash + 1, tl - (size_t)(dash + 1 - s), want,
			   sizeof(want)) == (int)dl) {
			if (EVP_Digest(body, n, got, &gl, md, NULL) != 1)
				return EG_E_INTERNAL;
			if (gl == dl && memcmp(want, got, dl) == 0) {
				it->sri_match = 1;
				break;
			}
		}
		s += tl;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* ---- the inventory ---- */

static void item_free(struct eg_page_item *it)
{
	free(it->tag);
	free(it->attr);
	free(it->src);
	free(it->url);
	free(it->host);
	free(it->integrity);
	free(it->sri);
	free(it->crossorigin);
	free(it->type);
	free(it->method);
	free(it->id);
	free(it->text);
}

void eg_page_inv_free(struct eg_page_inv *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->nitems; i++)
		item_free(&inv->items[i]);
	free(inv->items);
	free(inv->url);
	free(inv->origin);
	free(inv);
}

int eg_page_inv_new(const char *url, struct eg_page_inv **out,
		    struct eg_err *e)
{
	*out = NULL;
	struct url u;
	if (url == NULL || strlen(url) > EG_URL_MAX)
		return eg_err_set(e, EG_E_INVAL,
				  _("page URL missing or longer than %u bytes"),
				  EG_URL_MAX);
	int rc = parse_base(url, &u);
	if (rc == EG_E_NOMEM)
		return eg_err_set(e, rc, "out of memory");
	if (rc != 0)
		return eg_err_set(e, EG_E_INVAL,
				  _("%s is not an absolute http or https URL"),
				  url);
	struct eg_page_inv *inv = eg_calloc(1, sizeof(*inv));
	struct eg_buf b;
	eg_buf_init(&b, EG_URL_MAX + 16);
	url_origin(&b, &u);
	url_clear(&u);
	if (inv == NULL || b.err != 0 || (inv->url = eg_strdup(url)) == NULL ||
	    (inv->origin = eg_buf_steal(&b, NULL)) == NULL) {
		eg_buf_free(&b);
		eg_page_inv_free(inv);
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	}
	*out = inv;
	return 0;
}

static int dup_field(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	return (*dst = eg_strdup(src)) == NULL ? EG_E_NOMEM : 0;
}

int eg_page_inv_add(struct eg_page_inv *inv, const struct eg_page_item *it)
{
	if (it->kind < 0 || it->kind >= EG_PAGE_NKINDS ||
	    !valid_hex64(it->sha256) || !valid_hex64(it->content_sha256))
		return EG_E_INVAL;
	if (inv->nitems >= EG_PAGE_MAX_ITEMS)
		return EG_E_LIMIT;
	if ((inv->nitems & (inv->nitems - 1)) == 0) {
		size_t cap = inv->nitems ? inv->nitems * 2 : 8;
		struct eg_page_item *p =
			eg_reallocarray(inv->items, cap, sizeof(*p));
		if (p == NULL)
			return EG_E_NOMEM;
		inv->items = p;
	}
	struct eg_page_item c = *it;
	int bad = dup_field(&c.tag, it->tag) | dup_field(&c.attr, it->attr) |
		  dup_field(&c.src, it->src) | dup_field(&c.url, it->url) |
		  dup_field(&c.host, it->host) |
		  dup_field(&c.integrity, it->integrity) |
		  dup_field(&c.sri, it->sri) |
		  dup_field(&c.crossorigin, it->crossorigin) |
		  dup_field(&c.type, it->type) |
		  dup_field(&c.method, it->method) | dup_field(&c.id, it->id) |
		  dup_field(&c.text, it->text);
	if (bad) {
		item_free(&c);
		return EG_E_NOMEM;
	}
	inv->items[inv->nitems++] = c;
	return 0;
}

/* ---- the tokenizer ---- */

/* Attributes the inventory reads; the first of each name wins, as in
 * browsers. */
enum {
	A_SRC, A_HREF, A_INTEGRITY, A_CROSSORIGIN, A_TYPE, A_LANGUAGE, A_ASYNC,
	A_DEFER, A_NOMODULE, A_REL, A_AS, A_ACTION, A_METHOD, A_NAME, A_ID,
	A_AUTOCOMPLETE, A_FORM, A_FORMACTION, A_FORMMETHOD, A_HTTP_EQUIV,
	A_CONTENT, A_SRCDOC, A_NSLOTS
};

static const char *const slot_names[A_NSLOTS] = {
	"src", "href", "integrity", "crossorigin", "type", "language", "async",
	"defer", "nomodule", "rel", "as", "action", "method", "name", "id",
	"autocomplete", "form", "formaction", "formmethod", "http-equiv",
	"content", "srcdoc",
};

/* Attributes whose value is a URL a javascript: scheme runs from. */
static const char *const url_attrs[] = {
	"href", "src", "action", "formaction", "data", "xlink:href", NULL,
};

/* Elements whose attributes the inventory reads. */
enum {
	T_OTHER, T_SCRIPT, T_IFRAME, T_LINK, T_FORM, T_INPUT, T_SELECT,
	T_TEXTAREA, T_BUTTON, T_META, T_BASE
};

/* A card field or formaction waiting for its form (form=ID or the end). */
struct pend {
	size_t item;        /* FORM item made by formaction, or SIZE_MAX */
	size_t owner;       /* owning FORM item, or SIZE_MAX: by formid */
	char *formid;
	unsigned card;
};

struct parser {
	const unsigned char *p;
	size_t n;
	struct eg_page_inv *inv;
	struct url page;         /* the document's URL (form actions) */
	struct url base;         /* <base href> once seen, else page */
	int have_base;
	size_t tags;
	size_t open_form;        /* FORM item index, SIZE_MAX when none */
	size_t formless;         /* the FORM item of card fields outside any
				  * form, SIZE_MAX until one is seen */
	size_t line_off;         /* line counting: line_no at line_off */
	unsigned line_no;
	struct pend *pend;
	size_t npend;
	/* the tag being read */
	char tname[16];          /* lowercase; "" when longer (not ours) */
	int tkind;
	char *val[A_NSLOTS];
	int cut[A_NSLOTS];
	struct eg_buf scratch;   /* decoded attribute value */
	int scratch_cut;
	int err;                 /* EG_E_NOMEM or EG_E_INTERNAL: stop */
};

static unsigned line_at(struct parser *ps, size_t off)
{
	while (ps->line_off < off) {
		const unsigned char *q =
			memchr(ps->p + ps->line_off, '\n', off - ps->line_off);
		if (q == NULL) {
			ps->line_off = off;
			break;
		}
		ps->line_off = (size_t)(q - ps->p) + 1;
		if (ps->line_no < UINT32_MAX)
			ps->line_no++;
	}
	return ps->line_no;
}

/* windows-1252 for the C1 range of numeric references (HTML 13.2.5.80). */
static const uint16_t c1_map[32] = {
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

/* Named references decoded in attribute values: the ones markup uses, and
 * the ones attackers use to hide "javascript:" (&colon; &Tab; &NewLine;). */
static const struct {
	const char *name;
	const char *utf8;
} named_refs[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""},
	{"apos", "'"}, {"nbsp", "\xc2\xa0"}, {"colon", ":"}, {"Tab", "\t"},
	{"NewLine", "\n"}, {"sol", "/"}, {"period", "."}, {"lpar", "("},
	{"rpar", ")"}, {"semi", ";"}, {"equals", "="}, {"num", "#"},
	{"excl", "!"}, {"quest", "?"}, {"comma", ","}, {"percnt", "%"},
	{"plus", "+"}, {"bsol", "\\"}, {"lowbar", "_"}, {"hyphen", "-"},
	{"dash", "-"}, {"grave", "`"}, {"lsqb", "["}, {"rsqb", "]"},
	{"lcub", "{"}, {"rcub", "}"}, {"dollar", "$"}, {"commat", "@"},
	{"ast", "*"}, {"verbar", "|"},
};

static void put_cp(struct parser *ps, uint32_t cp)
{
	char u[4];
	size_t k;
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	if (ps->scratch.len + k > EG_PAGE_MAX_ATTR_LEN) {
		ps->scratch_cut = 1;
		return;
	}
	if (eg_buf_add(&ps->scratch, u, k) != 0)
		ps->err = EG_E_NOMEM;
}

static void put(struct parser *ps, const void *s, size_t k)
{
	if (ps->scratch.len + k > EG_PAGE_MAX_ATTR_LEN) {
		ps->scratch_cut = 1;
		k = EG_PAGE_MAX_ATTR_LEN - ps->scratch.len;
	}
	if (k > 0 && eg_buf_add(&ps->scratch, s, k) != 0)
		ps->err = EG_E_NOMEM;
}

/*
 * Decodes an attribute value v[0..n) into ps->scratch: character references
 * (numeric with or without ';', the named ones above with ';'), NUL as
 * U+FFFD. Output is cut at EG_PAGE_MAX_ATTR_LEN (ps->scratch_cut).
 */
static void decode_value(struct parser *ps, const unsigned char *v, size_t n)
{
	eg_buf_reset(&ps->scratch);
	ps->scratch_cut = 0;
	size_t i = 0;
	/* The next NUL, found once and again only when passed: searching
	 * the rest at every '&' would be quadratic in "&amp;&amp;...". */
	const unsigned char *nul = memchr(v, '\0', n);
	while (i < n && !ps->scratch_cut && ps->err == 0) {
		const unsigned char *amp = memchr(v + i, '&', n - i);
		if (nul != NULL && nul < v + i)
			nul = memchr(v + i, '\0', n - i);
		const unsigned char *stop = amp;
		if (nul != NULL && (stop == NULL || nul < stop))
			stop = nul;
		size_t run = stop != NULL ? (size_t)(stop - v) - i : n - i;
		put(ps, v + i, run);
		i += run;
		if (i >= n)
			break;
		if (v[i] == '\0') {
			put_cp(ps, 0xFFFD);
			i++;
			continue;
		}
		/* v[i] == '&' */
		size_t j = i + 1;
		if (j < n && v[j] == '#') {
			j++;
			int hx = j < n && (v[j] == 'x' || v[j] == 'X');
			if (hx)
				j++;
			size_t ds = j;
			uint32_t cp = 0;
			while (j < n && (hx ? hexval(v[j]) >= 0 : is_digit(v[j]))) {
				uint32_t d = (uint32_t)(hx ? hexval(v[j]) : v[j] - '0');
				if (cp <= 0x10FFFF)
					cp = cp * (hx ? 16u : 10u) + d;
				j++;
			}
			if (j == ds) { /* "&#" or "&#x" with no digits: text */
				put(ps, v + i, 1);
				i++;
				continue;
			}
			if (j < n && v[j] == ';')
				j++;
			if (cp == 0 || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF))
				cp = 0xFFFD;
			else if (cp >= 0x80 && cp <= 0x9F)
				cp = c1_map[cp - 0x80];
			put_cp(ps, cp);
			i = j;
			continue;
		}
		int done = 0;
		for (size_t r = 0; r < sizeof(named_refs) / sizeof(named_refs[0]);
		     r++) {
			size_t nl = strlen(named_refs[r].name);
			if (j + nl < n && memcmp(v + j, named_refs[r].name, nl) == 0 &&
			    v[j + nl] == ';') {
				put(ps, named_refs[r].utf8,
				    strlen(named_refs[r].utf8));
				i = j + nl + 1;
				done = 1;
				break;
			}
		}
		if (!done) {
			put(ps, v + i, 1);
			i++;
		}
	}
}

static int tag_kind(const char *t)
{
	static const struct {
		const char *name;
		int kind;
	} k[] = {
		{"script", T_SCRIPT}, {"iframe", T_IFRAME}, {"frame", T_IFRAME},
		{"link", T_LINK}, {"form", T_FORM}, {"input", T_INPUT},
		{"select", T_SELECT}, {"textarea", T_TEXTAREA},
		{"button", T_BUTTON}, {"meta", T_META}, {"base", T_BASE},
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(t, k[i].name) == 0)
			return k[i].kind;
	return T_OTHER;
}

/* A new item at the end of the inventory, zeroed, or NULL (limit: flagged;
 * memory: ps->err). */
static struct eg_page_item *new_item(struct parser *ps, int kind,
				     size_t off)
{
	struct eg_page_inv *inv = ps->inv;
	if (inv->nitems >= EG_PAGE_MAX_ITEMS) {
		inv->incomplete |= EG_PAGE_INC_ITEMS;
		return NULL;
	}
	if ((inv->nitems & (inv->nitems - 1)) == 0) {
		size_t cap = inv->nitems ? inv->nitems * 2 : 8;
		struct eg_page_item *p =
			eg_reallocarray(inv->items, cap, sizeof(*p));
		if (p == NULL) {
			ps->err = EG_E_NOMEM;
			return NULL;
		}
		inv->items = p;
	}
	struct eg_page_item *it = &inv->items[inv->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->line = line_at(ps, off);
	it->sri_match = -1;
	if ((it->tag = eg_strdup(ps->tname)) == NULL)
		ps->err = EG_E_NOMEM;
	return it;
}

static char *sdup(struct parser *ps, const char *s)
{
	if (s == NULL)
		return NULL;
	char *d = eg_strdup(s);
	if (d == NULL)
		ps->err = EG_E_NOMEM;
	return d;
}

/* Sets it->src/url/host (and the same-origin flag) from v resolved
 * against the base (or the page, for form actions). */
static void set_url(struct parser *ps, struct eg_page_item *it,
		    const char *v, int use_page)
{
	struct resolved r;
	it->src = sdup(ps, v);
	if (resolve(use_page ? &ps->page : &ps->base, v, strlen(v), &r) != 0) {
		ps->err = EG_E_NOMEM;
		return;
	}
	it->url = r.url;
	it->host = r.host;
	if (r.origin != NULL && strcmp(r.origin, ps->inv->origin) == 0)
		it->flags |= EG_PAGE_F_SAME_ORIGIN;
	free(r.origin);
}

static void set_sri(struct parser *ps, struct eg_page_item *it)
{
	const char *v = ps->val[A_INTEGRITY];
	if (v == NULL)
		return;
	it->integrity = sdup(ps, v);
	int rc = sri_parse(v, &it->sri);
	if (rc < 0)
		ps->err = rc;
	else
		it->sri_state = rc;
}

/* The code an item carries, hashed (inline script, srcdoc, handler). */
static void set_hash(struct parser *ps, struct eg_page_item *it,
		     const void *p, size_t n)
{
	if (sha256_hex(p, n, it->sha256) != 0)
		ps->err = EG_E_INTERNAL;
	it->length = n;
}

/* Trimmed, lowercased copy of v into b[0..bn) for keyword matching; "" when
 * longer. */
static void keyword(const char *v, char *b, size_t bn)
{
	size_t n = strlen(v);
	while (n > 0 && is_ws((unsigned char)v[n - 1]))
		n--;
	while (n > 0 && is_ws((unsigned char)*v)) {
		v++;
		n--;
	}
	b[0] = '\0';
	if (n >= bn)
		return;
	for (size_t i = 0; i < n; i++)
		b[i] = (char)lower((unsigned char)v[i]);
	b[n] = '\0';
}

/* 1 when a script type (or "text/" + language) is JavaScript or a module
 * (HTML "JavaScript MIME type essence match": no parameters allowed). */
static int js_type(const char *t)
{
	static const char *const js[] = {
		"application/ecmascript", "application/javascript",
		"application/x-ecmascript", "application/x-javascript",
		"text/ecmascript", "text/javascript", "text/javascript1.0",
		"text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
		"text/javascript1.4", "text/javascript1.5", "text/jscript",
		"text/livescript", "text/x-ecmascript", "text/x-javascript",
		"module", "importmap", NULL,
	};
	for (size_t i = 0; js[i] != NULL; i++)
		if (strcmp(t, js[i]) == 0)
			return 1;
	return 0;
}

static void on_script(struct parser *ps, size_t off, size_t body,
		      size_t body_end)
{
	struct eg_page_item *it = new_item(ps, EG_PAGE_SCRIPT, off);
	if (it == NULL)
		return;
	char kw[64];
	const char *type = ps->val[A_TYPE];
	int code;
	if (type != NULL && type[0] != '\0') {
		keyword(type, kw, sizeof(kw));
		code = kw[0] != '\0' && js_type(kw);
		if (strcmp(kw, "module") == 0)
			it->flags |= EG_PAGE_F_MODULE;
	} else if (type == NULL && ps->val[A_LANGUAGE] != NULL &&
		   ps->val[A_LANGUAGE][0] != '\0') {
		char t[80];
		keyword(ps->val[A_LANGUAGE], kw, sizeof(kw) - 5);
		snprintf(t, sizeof(t), "text/%s", kw);
		code = kw[0] != '\0' && js_type(t);
	} else {
		code = 1;
	}
	if (!code)
		it->flags |= EG_PAGE_F_DATA;
	it->type = sdup(ps, type);
	it->crossorigin = sdup(ps, ps->val[A_CROSSORIGIN]);
	if (ps->val[A_ASYNC] != NULL)
		it->flags |= EG_PAGE_F_ASYNC;
	if (ps->val[A_DEFER] != NULL)
		it->flags |= EG_PAGE_F_DEFER;
	if (ps->val[A_NOMODULE] != NULL)
		it->flags |= EG_PAGE_F_NOMODULE;
	if (ps->cut[A_SRC] || ps->cut[A_INTEGRITY])
		it->flags |= EG_PAGE_F_CUT;
	set_sri(ps, it);
	if (ps->val[A_SRC] != NULL) {
		set_url(ps, it, ps->val[A_SRC], 0);
	} else {
		it->flags |= EG_PAGE_F_INLINE;
		set_hash(ps, it, ps->p + body, body_end - body);
	}
}

static void on_iframe(struct parser *ps, size_t off)
{
	if (ps->val[A_SRC] == NULL && ps->val[A_SRCDOC] == NULL)
		return;
	struct eg_page_item *it = new_item(ps, EG_PAGE_IFRAME, off);
	if (it == NULL)
		return;
	if (ps->val[A_SRC] != NULL)
		set_url(ps, it, ps->val[A_SRC], 0);
	/* srcdoc wins over src in browsers: its HTML is code of the page */
	if (ps->val[A_SRCDOC] != NULL) {
		it->flags |= EG_PAGE_F_INLINE;
		set_hash(ps, it, ps->val[A_SRCDOC], strlen(ps->val[A_SRCDOC]));
	}
	if (ps->cut[A_SRC] || ps->cut[A_SRCDOC])
		it->flags |= EG_PAGE_F_CUT;
}

/* 1 when the space-separated list v holds word (any case). */
static int has_token(const char *v, const char *word)
{
	size_t i = 0, n = strlen(v);
	while (i < n) {
		while (i < n && is_ws((unsigned char)v[i]))
			i++;
		size_t s = i;
		while (i < n && !is_ws((unsigned char)v[i]))
			i++;
		if (i > s && eq_word(v + s, i - s, word))
			return 1;
	}
	return 0;
}

static void on_link(struct parser *ps, size_t off)
{
	const char *rel = ps->val[A_REL];
	if (rel == NULL || ps->val[A_HREF] == NULL ||
	    !(has_token(rel, "stylesheet") || has_token(rel, "preload") ||
	      has_token(rel, "modulepreload")))
		return;
	struct eg_page_item *it = new_item(ps, EG_PAGE_LINK, off);
	if (it == NULL)
		return;
	it->attr = sdup(ps, rel);
	it->type = sdup(ps, ps->val[A_AS]);
	it->crossorigin = sdup(ps, ps->val[A_CROSSORIGIN]);
	if (ps->cut[A_HREF])
		it->flags |= EG_PAGE_F_CUT;
	set_sri(ps, it);
	set_url(ps, it, ps->val[A_HREF], 0);
}

static const char *form_method(const char *v)
{
	char kw[16];
	keyword(v != NULL ? v : "", kw, sizeof(kw));
	if (strcmp(kw, "post") == 0)
		return "post";
	if (strcmp(kw, "dialog") == 0)
		return "dialog";
	return "get";
}

/* Sets a FORM item's target: action (or formaction) v, resolved; an
 * absent or empty one is the document's own URL (HTML 4.10.21.3). */
static void set_action(struct parser *ps, struct eg_page_item *it,
		       const char *v)
{
	if (v == NULL || v[0] == '\0') {
		it->src = sdup(ps, v);
		it->url = sdup(ps, ps->inv->url);
		it->host = sdup(ps, ps->page.host);
		it->flags |= EG_PAGE_F_SAME_ORIGIN;
		return;
	}
	set_url(ps, it, v, 0);
}

static void on_form(struct parser *ps, size_t off)
{
	/* A form inside an open form is dropped by the parser. */
	if (ps->open_form != SIZE_MAX)
		return;
	struct eg_page_item *it = new_item(ps, EG_PAGE_FORM, off);
	if (it == NULL)
		return;
	it->method = sdup(ps, form_method(ps->val[A_METHOD]));
	it->id = sdup(ps, ps->val[A_ID]);
	if (ps->cut[A_ACTION])
		it->flags |= EG_PAGE_F_CUT;
	set_action(ps, it, ps->val[A_ACTION]);
	ps->open_form = ps->inv->nitems - 1;
}

/* Card-field kinds of a name or id, from its letters and digits only
 * ("card_no", "cardNumber", "cc-num", "security_code", "cvc2"). */
static unsigned card_name(const char *v)
{
	char k[64];
	size_t o = 0;
	for (size_t i = 0; v[i] != '\0' && o + 1 < sizeof(k); i++) {
		unsigned char c = lower((unsigned char)v[i]);
		if (is_alpha(c) || is_digit(c))
			k[o++] = (char)c;
	}
	k[o] = '\0';
	static const char *const num[] = {
		"cardnum", "cardno", "ccnum", "ccno", "creditcard", "creditno",
		"kardno", NULL,
	};
	static const char *const csc[] = {
		"cvc", "cvv", "cvn", "securitycode", "cardcode", "cccsc",
		"cardcsc", "cardsecurity", NULL,
	};
	static const char *const exp[] = {
		"ccexp", "cardexp", "expmonth", "expyear", "expirymonth",
		"expiryyear", "expirationmonth", "expirationyear", NULL,
	};
	unsigned r = 0;
	for (size_t i = 0; num[i] != NULL; i++)
		if (strstr(k, num[i]) != NULL)
			r |= EG_PAGE_CARD_NUMBER;
	for (size_t i = 0; csc[i] != NULL; i++)
		if (strstr(k, csc[i]) != NULL)
			r |= EG_PAGE_CARD_CSC;
	if (strcmp(k, "csc") == 0)
		r |= EG_PAGE_CARD_CSC;
	for (size_t i = 0; exp[i] != NULL; i++)
		if (strstr(k, exp[i]) != NULL)
			r |= EG_PAGE_CARD_EXP;
	return r;
}

/* Card-field kinds of an autocomplete token list (the reliable signal). */
static unsigned card_autocomplete(const char *v)
{
	unsigned r = 0;
	if (has_token(v, "cc-number"))
		r |= EG_PAGE_CARD_NUMBER;
	if (has_token(v, "cc-csc"))
		r |= EG_PAGE_CARD_CSC;
	if (has_token(v, "cc-exp") || has_token(v, "cc-exp-month") ||
	    has_token(v, "cc-exp-year"))
		r |= EG_PAGE_CARD_EXP;
	return r;
}

static void add_pend(struct parser *ps, size_t item, const char *formid,
		     unsigned card)
{
	if (ps->npend >= EG_PAGE_MAX_ITEMS) {
		ps->inv->incomplete |= EG_PAGE_INC_ITEMS;
		return;
	}
	if ((ps->npend & (ps->npend - 1)) == 0) {
		size_t cap = ps->npend ? ps->npend * 2 : 8;
		struct pend *p = eg_reallocarray(ps->pend, cap, sizeof(*p));
		if (p == NULL) {
			ps->err = EG_E_NOMEM;
			return;
		}
		ps->pend = p;
	}
	struct pend *pd = &ps->pend[ps->npend];
	pd->item = item;
	pd->owner = formid != NULL ? SIZE_MAX : ps->open_form;
	pd->card = card;
	pd->formid = NULL;
	if (formid != NULL && (pd->formid = eg_strdup(formid)) == NULL) {
		ps->err = EG_E_NOMEM;
		return;
	}
	ps->npend++;
}

/* input, select, textarea, button: card fields and formaction targets. */
static void on_control(struct parser *ps, size_t off)
{
	char type[16];
	keyword(ps->val[A_TYPE] != NULL ? ps->val[A_TYPE] : "", type,
		sizeof(type));
	const char *formid = ps->val[A_FORM];
	int owned = formid != NULL || ps->open_form != SIZE_MAX;
	int submit = (ps->tkind == T_BUTTON &&
		      (type[0] == '\0' || strcmp(type, "submit") == 0)) ||
		     (ps->tkind == T_INPUT &&
		      (strcmp(type, "submit") == 0 || strcmp(type, "image") == 0));
	if (owned && submit && ps->val[A_FORMACTION] != NULL) {
		struct eg_page_item *it = new_item(ps, EG_PAGE_FORM, off);
		if (it == NULL)
			return;
		it->flags |= EG_PAGE_F_FORMACTION;
		if (ps->val[A_FORMMETHOD] != NULL)
			it->method =
				sdup(ps, form_method(ps->val[A_FORMMETHOD]));
		if (ps->cut[A_FORMACTION])
			it->flags |= EG_PAGE_F_CUT;
		set_action(ps, it, ps->val[A_FORMACTION]);
		add_pend(ps, ps->inv->nitems - 1, formid, 0);
		return;
	}
	/* Fields a person types into; hidden ones carry tokens, not cards. */
	static const char *const no_entry[] = {
		"hidden", "submit", "button", "image", "reset", "checkbox",
		"radio", "file", "color", "range", NULL,
	};
	if (ps->tkind == T_BUTTON)
		return;
	if (ps->tkind == T_INPUT)
		for (size_t i = 0; no_entry[i] != NULL; i++)
			if (strcmp(type, no_entry[i]) == 0)
				return;
	unsigned card = 0;
	if (ps->val[A_AUTOCOMPLETE] != NULL)
		card |= card_autocomplete(ps->val[A_AUTOCOMPLETE]);
	if (ps->val[A_NAME] != NULL)
		card |= card_name(ps->val[A_NAME]);
	if (ps->val[A_ID] != NULL)
		card |= card_name(ps->val[A_ID]);
	if (card == 0)
		return;
	if (!owned) {
		/* Card fields outside any form are read and sent by a script,
		 * to a place the page does not show: one FORM item (tag of
		 * the first field, method "script", no target) stands for
		 * them all, so injected fake card fields are a change. */
		if (ps->formless == SIZE_MAX) {
			struct eg_page_item *it =
				new_item(ps, EG_PAGE_FORM, off);
			if (it == NULL)
				return;
			it->method = sdup(ps, "script");
			ps->formless = ps->inv->nitems - 1;
		}
		ps->inv->items[ps->formless].card |= card;
		return;
	}
	if (formid == NULL)
		ps->inv->items[ps->open_form].card |= card;
	else
		add_pend(ps, SIZE_MAX, formid, card);
}

static void on_meta(struct parser *ps, size_t off)
{
	char kw[32];
	if (ps->val[A_HTTP_EQUIV] == NULL || ps->val[A_CONTENT] == NULL)
		return;
	keyword(ps->val[A_HTTP_EQUIV], kw, sizeof(kw));
	if (strcmp(kw, "content-security-policy") != 0)
		return;
	struct eg_page_item *it = new_item(ps, EG_PAGE_CSP, off);
	if (it == NULL)
		return;
	it->text = sdup(ps, ps->val[A_CONTENT]);
	if (ps->cut[A_CONTENT])
		it->flags |= EG_PAGE_F_CUT;
}

static void on_base(struct parser *ps, size_t off)
{
	/* The first <base href> is the document's base URL. */
	if (ps->have_base || ps->val[A_HREF] == NULL)
		return;
	ps->have_base = 1;
	struct eg_page_item *it = new_item(ps, EG_PAGE_BASE, off);
	if (it == NULL)
		return;
	set_url(ps, it, ps->val[A_HREF], 1);
	if (it->url == NULL || it->host == NULL || ps->err != 0)
		return;
	struct url nb;
	int rc = parse_base(it->url, &nb);
	if (rc == EG_E_NOMEM) {
		ps->err = rc;
	} else if (rc == 0) {
		url_clear(&ps->base);
		ps->base = nb;
	}
}

/* javascript: scheme of a URL value, as the URL parser reads it: leading
 * controls and spaces skipped, tabs and newlines ignored, any case. */
static int js_url(const char *v)
{
	static const char js[] = "javascript:";
	size_t k = 0;
	while (*v != '\0' && (unsigned char)*v <= 0x20)
		v++;
	for (; *v != '\0' && k < sizeof(js) - 1; v++) {
		if (*v == '\t' || *v == '\n' || *v == '\r')
			continue;
		if (lower((unsigned char)*v) != (unsigned char)js[k])
			return 0;
		k++;
	}
	return k == sizeof(js) - 1;
}

/*
 * One attribute of the current tag: name[0..nl) (raw), value v[0..vn) (raw,
 * NULL when the attribute has none).
 */
static void on_attr(struct parser *ps, size_t off, const unsigned char *name,
		    size_t nl, const unsigned char *v, size_t vn)
{
	char an[32];
	int long_name = nl >= sizeof(an);
	size_t k = long_name ? sizeof(an) - 1 : nl;
	for (size_t i = 0; i < k; i++)
		an[i] = name[i] == '\0' ? '?' : (char)lower(name[i]);
	an[k] = '\0';
	int slot = -1;
	if (!long_name && ps->tkind != T_OTHER)
		for (int s = 0; s < A_NSLOTS; s++)
			if (strcmp(an, slot_names[s]) == 0) {
				slot = s;
				break;
			}
	int handler = k > 2 && an[0] == 'o' && an[1] == 'n';
	int urlattr = 0;
	for (size_t i = 0; !long_name && url_attrs[i] != NULL; i++)
		if (strcmp(an, url_attrs[i]) == 0)
			urlattr = 1;
	if ((slot < 0 || ps->val[slot] != NULL) && !handler && !urlattr)
		return;
	decode_value(ps, v != NULL ? v : (const unsigned char *)"",
		     v != NULL ? vn : 0);
	if (ps->err != 0)
		return;
	if (ps->scratch_cut)
		ps->inv->incomplete |= EG_PAGE_INC_LENGTH;
	const char *dv = eg_buf_str(&ps->scratch);
	size_t dl = ps->scratch.len;
	if (slot >= 0 && ps->val[slot] == NULL) {
		/* an embedded NUL (from &#0;? no: U+FFFD) cannot occur, so the
		 * C string is the whole value */
		ps->val[slot] = sdup(ps, dv);
		ps->cut[slot] = ps->scratch_cut;
	}
	int kind = handler ? EG_PAGE_HANDLER : urlattr && js_url(dv) ? EG_PAGE_JSURL : -1;
	if (kind < 0)
		return;
	struct eg_page_item *it = new_item(ps, kind, off);
	if (it == NULL)
		return;
	if ((it->attr = eg_strndup((const char *)name, k)) == NULL) {
		ps->err = EG_E_NOMEM;
		return;
	}
	for (size_t i = 0; i < k; i++)
		it->attr[i] = an[i];
	if (long_name || ps->scratch_cut)
		it->flags |= EG_PAGE_F_CUT;
	set_hash(ps, it, dv, dl);
}

static void clear_tag(struct parser *ps)
{
	for (int s = 0; s < A_NSLOTS; s++) {
		free(ps->val[s]);
		ps->val[s] = NULL;
		ps->cut[s] = 0;
	}
}

/*
 * Reads the attributes of a tag from p[j], to its '>'. Returns the index
 * after '>', or SIZE_MAX when the input ends inside the tag (or on an
 * error in ps->err). attrs: call on_attr (start tags) or only skip (end
 * tags).
 */
static size_t read_attrs(struct parser *ps, size_t off, size_t j, int attrs)
{
	const unsigned char *p = ps->p;
	size_t n = ps->n, count = 0;
	for (;;) {
		while (j < n && (is_ws(p[j]) || p[j] == '/'))
			j++;
		if (j >= n)
			return SIZE_MAX;
		if (p[j] == '>')
			return j + 1;
		size_t ns = j;
		j++; /* the first character, even '=', belongs to the name */
		while (j < n && !is_ws(p[j]) && p[j] != '/' && p[j] != '>' &&
		       p[j] != '=')
			j++;
		size_t ne = j;
		while (j < n && is_ws(p[j]))
			j++;
		const unsigned char *v = NULL;
		size_t vn = 0;
		if (j < n && p[j] == '=') {
			j++;
			while (j < n && is_ws(p[j]))
				j++;
			if (j >= n)
				return SIZE_MAX;
			if (p[j] == '"' || p[j] == '\'') {
				const unsigned char *q =
					memchr(p + j + 1, p[j], n - j - 1);
				if (q == NULL)
					return SIZE_MAX;
				v = p + j + 1;
				vn = (size_t)(q - v);
				j = (size_t)(q - p) + 1;
			} else {
				size_t vs = j;
				while (j < n && !is_ws(p[j]) && p[j] != '>')
					j++;
				v = p + vs;
				vn = j - vs;
			}
		}
		if (!attrs)
			continue;
		if (++count > EG_PAGE_MAX_ATTRS) {
			ps->inv->incomplete |= EG_PAGE_INC_ATTRS;
			continue;
		}
		on_attr(ps, off, p + ns, ne - ns, v, vn);
		if (ps->err != 0)
			return SIZE_MAX;
	}
}

/* 1 when p[i..] is "</" + name (any case) + whitespace, '/' or '>'. */
static int end_tag_at(const unsigned char *p, size_t n, size_t i,
		      const char *name)
{
	size_t nl = strlen(name);
	if (i + 2 + nl >= n || p[i] != '<' || p[i + 1] != '/')
		return 0;
	for (size_t k = 0; k < nl; k++)
		if (lower(p[i + 2 + k]) != (unsigned char)name[k])
			return 0;
	unsigned char c = p[i + 2 + nl];
	return is_ws(c) || c == '/' || c == '>';
}

/* Letters at p[i..]: 1 when they spell "script" followed by whitespace,
 * '/' or '>'; *end is the index after the letters. */
static int script_word(const unsigned char *p, size_t n, size_t i,
		       size_t *end)
{
	size_t s = i;
	while (i < n && is_alpha(p[i]))
		i++;
	*end = i;
	return i < n && eq_word((const char *)p + s, i - s, "script") &&
	       (is_ws(p[i]) || p[i] == '/' || p[i] == '>');
}

/*
 * The end of a script's text from p[j]: the index of its "</script", or n.
 * Follows the tokenizer's script data states, escaped ("<!--") and double
 * escaped ("<!--<script>"), where a "</script>" does not end the element.
 */
static size_t script_end(const unsigned char *p, size_t n, size_t j)
{
	enum { DATA, ESC, ESC_D, ESC_DD, DESC, DESC_D, DESC_DD } st = DATA;
	size_t i = j;
	while (i < n) {
		unsigned char c = p[i];
		switch (st) {
		case DATA: {
			const unsigned char *q = memchr(p + i, '<', n - i);
			if (q == NULL)
				return n;
			i = (size_t)(q - p);
			if (end_tag_at(p, n, i, "script"))
				return i;
			if (i + 3 < n && p[i + 1] == '!' && p[i + 2] == '-' &&
			    p[i + 3] == '-') {
				i += 4;
				st = ESC_DD;
				continue;
			}
			i++;
			continue;
		}
		case ESC:
		case ESC_D:
		case ESC_DD:
			if (c == '-') {
				st = st == ESC ? ESC_D : ESC_DD;
				i++;
			} else if (c == '>' && st == ESC_DD) {
				st = DATA;
				i++;
			} else if (c == '<') {
				if (end_tag_at(p, n, i, "script"))
					return i;
				size_t e = i + 1;
				if (i + 1 < n && is_alpha(p[i + 1]) &&
				    script_word(p, n, i + 1, &e)) {
					st = DESC;
					i = e + 1;
				} else {
					st = ESC;
					i = i + 1 < n && is_alpha(p[i + 1]) ? e : i + 1;
				}
			} else {
				st = ESC;
				i++;
			}
			continue;
		case DESC:
		case DESC_D:
		case DESC_DD:
			if (c == '-') {
				st = st == DESC ? DESC_D : DESC_DD;
				i++;
			} else if (c == '>' && st == DESC_DD) {
				st = DATA;
				i++;
			} else if (c == '<') {
				size_t e = i + 1;
				if (i + 1 < n && p[i + 1] == '/' &&
				    script_word(p, n, i + 2, &e)) {
					st = ESC;
					i = e + 1;
				} else {
					st = DESC;
					i++;
				}
			} else {
				st = DESC;
				i++;
			}
			continue;
		}
	}
	return n;
}

/* The index of "</name" ending a raw-text element's text from p[j], or n. */
static size_t rawtext_end(const unsigned char *p, size_t n, size_t j,
			  const char *name)
{
	while (j < n) {
		const unsigned char *q = memchr(p + j, '<', n - j);
		if (q == NULL)
			return n;
		j = (size_t)(q - p);
		if (end_tag_at(p, n, j, name))
			return j;
		j++;
	}
	return n;
}

/* Skips an end tag at p[i] ("</" + letter); closes an open form. */
static size_t end_tag(struct parser *ps, size_t i)
{
	const unsigned char *p = ps->p;
	size_t j = i + 2, s = j;
	while (j < ps->n && !is_ws(p[j]) && p[j] != '/' && p[j] != '>')
		j++;
	int form = eq_word((const char *)p + s, j - s, "form");
	j = read_attrs(ps, i, j, 0);
	if (j == SIZE_MAX)
		return ps->n;
	if (form)
		ps->open_form = SIZE_MAX;
	return j;
}

/* Skips a comment from p[i] ("<!--"): to "-->", "--!>", or the end. */
static size_t comment_end(const unsigned char *p, size_t n, size_t i)
{
	size_t j = i + 4;
	if (j < n && p[j] == '>')
		return j + 1;              /* <!--> */
	if (j + 1 < n && p[j] == '-' && p[j + 1] == '>')
		return j + 2;              /* <!---> */
	while (j + 2 < n) {
		const unsigned char *q = memchr(p + j, '-', n - j);
		if (q == NULL)
			return n;
		j = (size_t)(q - p);
		if (j + 2 < n && p[j + 1] == '-' && p[j + 2] == '>')
			return j + 3;
		if (j + 3 < n && p[j + 1] == '-' && p[j + 2] == '!' &&
		    p[j + 3] == '>')
			return j + 4;
		j++;
	}
	return n;
}

static size_t skip_to_gt(const unsigned char *p, size_t n, size_t j)
{
	const unsigned char *q = j < n ? memchr(p + j, '>', n - j) : NULL;
	return q != NULL ? (size_t)(q - p) + 1 : n;
}

/*
 * A start tag at p[i] ('<' + letter). Returns where tokenizing goes on:
 * after the tag, or after the text of a raw-text element and its end tag.
 */
static size_t start_tag(struct parser *ps, size_t i)
{
	const unsigned char *p = ps->p;
	size_t n = ps->n, j = i + 1, s = j;
	while (j < n && !is_ws(p[j]) && p[j] != '/' && p[j] != '>')
		j++;
	size_t tl = j - s;
	ps->tname[0] = '\0';
	if (tl < sizeof(ps->tname)) {
		for (size_t k = 0; k < tl; k++)
			ps->tname[k] = (char)lower(p[s + k]);
		ps->tname[tl] = '\0';
	}
	ps->tkind = tag_kind(ps->tname);
	size_t first = ps->inv->nitems;
	j = read_attrs(ps, i, j, 1);
	if (ps->err != 0)
		return n;
	if (j == SIZE_MAX) {
		/* The input ended inside the tag: browsers drop it. */
		while (ps->inv->nitems > first)
			item_free(&ps->inv->items[--ps->inv->nitems]);
		clear_tag(ps);
		return n;
	}
	static const char *const rawtext[] = {
		"style", "textarea", "title", "xmp", "iframe", "noembed",
		"noframes", "noscript", NULL,
	};
	size_t next = j;
	switch (ps->tkind) {
	case T_SCRIPT: {
		size_t e = script_end(p, n, j);
		on_script(ps, i, j, e);
		next = e < n ? read_attrs(ps, e, e + 8, 0) : n;
		if (next == SIZE_MAX)
			next = n;
		break;
	}
	case T_IFRAME:
		on_iframe(ps, i);
		break;
	case T_LINK:
		on_link(ps, i);
		break;
	case T_FORM:
		on_form(ps, i);
		break;
	case T_INPUT:
	case T_SELECT:
	case T_TEXTAREA:
	case T_BUTTON:
		on_control(ps, i);
		break;
	case T_META:
		on_meta(ps, i);
		break;
	case T_BASE:
		on_base(ps, i);
		break;
	default:
		break;
	}
	clear_tag(ps);
	if (ps->tkind == T_SCRIPT)
		return next;
	if (strcmp(ps->tname, "plaintext") == 0)
		return n;
	for (size_t k = 0; rawtext[k] != NULL; k++)
		if (strcmp(ps->tname, rawtext[k]) == 0) {
			size_t e = rawtext_end(p, n, j, rawtext[k]);
			if (e < n)
				e = read_attrs(ps, e, e + 2 + strlen(rawtext[k]), 0);
			return e < n ? e : n;
		}
	return next;
}

static void tokenize(struct parser *ps)
{
	const unsigned char *p = ps->p;
	size_t n = ps->n, i = 0;
	while (i < n && ps->err == 0) {
		const unsigned char *lt = memchr(p + i, '<', n - i);
		if (lt == NULL)
			break;
		i = (size_t)(lt - p);
		if (i + 1 >= n)
			break;
		unsigned char c = p[i + 1];
		if (c == '!') {
			if (i + 3 < n && p[i + 2] == '-' && p[i + 3] == '-')
				i = comment_end(p, n, i);
			else /* DOCTYPE, <![CDATA[ outside SVG: bogus comments */
				i = skip_to_gt(p, n, i + 2);
		} else if (c == '?') {
			i = skip_to_gt(p, n, i + 2);
		} else if (c == '/') {
			if (i + 2 < n && is_alpha(p[i + 2])) {
				if (++ps->tags > EG_PAGE_MAX_TAGS) {
					ps->inv->incomplete |= EG_PAGE_INC_TAGS;
					break;
				}
				i = end_tag(ps, i);
			} else if (i + 2 < n && p[i + 2] == '>') {
				i += 3;
			} else {
				i = skip_to_gt(p, n, i + 2);
			}
		} else if (is_alpha(c)) {
			if (++ps->tags > EG_PAGE_MAX_TAGS) {
				ps->inv->incomplete |= EG_PAGE_INC_TAGS;
				break;
			}
			i = start_tag(ps, i);
		} else {
			i++;
		}
	}
}

/* Gives form=ID fields and formaction buttons their forms. */
static void resolve_pending(struct parser *ps)
{
	struct eg_page_inv *inv = ps->inv;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < ps->npend; k++) {
			struct pend *pd = &ps->pend[k];
			size_t owner = pd->owner;
			if (owner == SIZE_MAX && pd->formid != NULL)
				for (size_t i = 0; i < inv->nitems; i++) {
					const struct eg_page_item *f = &inv->items[i];
					if (f->kind == EG_PAGE_FORM &&
					    !(f->flags & EG_PAGE_F_FORMACTION) &&
					    f->id != NULL &&
					    strcmp(f->id, pd->formid) == 0) {
						owner = i;
						break;
					}
				}
			if (owner == SIZE_MAX)
				continue;
			/* pass 0: card fields; pass 1: formactions copy the
			 * form's card kinds and method */
			if (pass == 0 && pd->item == SIZE_MAX) {
				inv->items[owner].card |= pd->card;
			} else if (pass == 1 && pd->item != SIZE_MAX) {
				struct eg_page_item *it = &inv->items[pd->item];
				it->card = inv->items[owner].card;
				if (it->method == NULL)
					it->method = sdup(ps, inv->items[owner].method);
			}
		}
	/* A formaction whose form never appeared still has a method. */
	for (size_t i = 0; i < inv->nitems; i++)
		if (inv->items[i].kind == EG_PAGE_FORM &&
		    inv->items[i].method == NULL)
			inv->items[i].method = sdup(ps, "get");
}

int eg_page_parse(const char *url, const void *html, size_t n,
		  struct eg_page_inv **out, struct eg_err *e)
{
	*out = NULL;
	struct parser ps;
	memset(&ps, 0, sizeof(ps));
	ps.open_form = SIZE_MAX;
	ps.formless = SIZE_MAX;
	ps.line_no = 1;
	eg_buf_init(&ps.scratch, EG_PAGE_MAX_ATTR_LEN + 8);
	int rc;
	if (n > EG_PAGE_MAX_BYTES) {
		rc = eg_err_set(e, EG_E_LIMIT,
				_("page %s is %zu bytes, more than the %u an "
				  "inventory reads"),
				url != NULL ? url : "", n, EG_PAGE_MAX_BYTES);
		goto out;
	}
	if ((rc = eg_page_inv_new(url, &ps.inv, e)) != 0)
		goto out;
	if ((rc = parse_base(url, &ps.page)) != 0 ||
	    (rc = parse_base(url, &ps.base)) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	ps.inv->bytes = n;
	ps.p = html != NULL ? html : (const void *)"";
	ps.n = html != NULL ? n : 0;
	tokenize(&ps);
	if (ps.err == 0)
		resolve_pending(&ps);
	if (ps.err != 0) {
		rc = eg_err_set(e, ps.err, "%s",
				ps.err == EG_E_NOMEM
					? "out of memory"
					: _("SHA-256 failed (libcrypto)"));
		goto out;
	}
	*out = ps.inv;
	ps.inv = NULL;
out:
	clear_tag(&ps);
	for (size_t k = 0; k < ps.npend; k++)
		free(ps.pend[k].formid);
	free(ps.pend);
	eg_buf_free(&ps.scratch);
	url_clear(&ps.page);
	url_clear(&ps.base);
	eg_page_inv_free(ps.inv);
	return rc;
}

/* ---- headers ---- */

int eg_page_headers_add(struct eg_page_headers *h, const char *name,
			const char *value)
{
	if (name == NULL || name[0] == '\0')
		return EG_E_INVAL;
	if (h->n >= EG_PAGE_MAX_HEADERS)
		return EG_E_LIMIT;
	struct eg_page_header *p = eg_reallocarray(h->v, h->n + 1, sizeof(*p));
	if (p == NULL)
		return EG_E_NOMEM;
	h->v = p;
	const char *v = value != NULL ? value : "";
	size_t vl = strnlen(v, EG_PAGE_MAX_ATTR_LEN);
	p[h->n].name = eg_strndup(name, strnlen(name, 256));
	p[h->n].value = eg_strndup(v, vl);
	if (p[h->n].name == NULL || p[h->n].value == NULL) {
		free(p[h->n].name);
		free(p[h->n].value);
		return EG_E_NOMEM;
	}
	h->n++;
	return 0;
}

void eg_page_headers_free(struct eg_page_headers *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

static const char *const security_headers[] = {
	"Content-Security-Policy", "Content-Security-Policy-Report-Only",
	"Strict-Transport-Security", "X-Frame-Options",
	"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
	"Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy",
	"Cross-Origin-Resource-Policy", NULL,
};

int eg_page_security_header(const char *name)
{
	for (size_t i = 0; name != NULL && security_headers[i] != NULL; i++)
		if (strcasecmp(name, security_headers[i]) == 0)
			return 1;
	return 0;
}

/* ---- comparison ---- */

static const char *const sev_names[] = {
	"info", "low", "medium", "high", "critical",
};

enum { R_INFO, R_LOW, R_MEDIUM, R_HIGH, R_CRITICAL };

struct cmp {
	struct eg_page_findings *out;
	size_t cap;
	int err;
	const struct eg_page_policy *pol;
};

/* A short quote of page text for a reason: at most EG_QUOTE_MAX bytes, cut
 * on a character boundary, "…" when cut; "(none)" for NULL. OUT: free. */
static char *quote(const char *s)
{
	if (s == NULL)
		return eg_strdup(_("(none)"));
	size_t n = strlen(s);
	if (n <= EG_QUOTE_MAX)
		return eg_strdup(s);
	size_t k = EG_QUOTE_MAX;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	struct eg_buf b;
	eg_buf_init(&b, EG_QUOTE_MAX + 8);
	eg_buf_add(&b, s, k);
	eg_buf_adds(&b, "\xe2\x80\xa6");
	char *r = b.err == 0 ? eg_buf_steal(&b, NULL) : NULL;
	eg_buf_free(&b);
	return r;
}

static void add_finding(struct cmp *c, const char *id, int rank,
			const char *subject, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_finding(struct cmp *c, const char *id, int rank,
			const char *subject, const char *fmt, ...)
{
	if (c->err != 0)
		return;
	if (c->out->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;
		struct eg_page_finding *p =
			eg_reallocarray(c->out->v, ncap, sizeof(*p));
		if (p == NULL) {
			c->err = EG_E_NOMEM;
			return;
		}
		c->out->v = p;
		c->cap = ncap;
	}
	struct eg_page_finding *f = &c->out->v[c->out->n];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->rank = rank;
	f->severity = sev_names[rank];
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	va_list ap;
	va_start(ap, fmt);
	eg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->reason = b.err == 0 ? eg_buf_steal(&b, NULL) : NULL;
	eg_buf_free(&b);
	f->subject = eg_strdup(subject != NULL ? subject : "");
	if (f->reason == NULL || f->subject == NULL) {
		free(f->reason);
		free(f->subject);
		c->err = EG_E_NOMEM;
		return;
	}
	c->out->n++;
}

/* Code that runs: scripts (not data blocks), handlers, javascript: URLs,
 * srcdoc iframes. */
static int is_code(const struct eg_page_item *it)
{
	if (it->kind == EG_PAGE_SCRIPT)
		return !(it->flags & EG_PAGE_F_DATA);
	if (it->kind == EG_PAGE_IFRAME)
		return (it->flags & EG_PAGE_F_INLINE) != 0;
	return it->kind == EG_PAGE_HANDLER || it->kind == EG_PAGE_JSURL;
}

static int is_external(const struct eg_page_item *it)
{
	return it->kind == EG_PAGE_SCRIPT && !(it->flags & EG_PAGE_F_INLINE);
}

/* The URL an external item is known by: resolved, else as written. */
static const char *ident(const struct eg_page_item *it)
{
	return it->url != NULL ? it->url : it->src != NULL ? it->src : "";
}

static int same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Describes a code item for a reason ("inline script at line 12 (sha256
 * 0123456789ab, 345 bytes)"). OUT: free; NULL on exhaustion. */
static char *describe(const struct eg_page_item *it)
{
	struct eg_buf b;
	char *q = NULL, *r = NULL;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	if (is_external(it)) {
		if ((q = quote(ident(it))) == NULL)
			goto out;
		eg_buf_addf(&b, _("script %s"), q);
	} else if (it->kind == EG_PAGE_SCRIPT) {
		eg_buf_addf(&b, _("inline script at line %u (sha256 %.12s, %zu bytes)"),
			    it->line, it->sha256, it->length);
	} else if (it->kind == EG_PAGE_IFRAME) {
		eg_buf_addf(&b, _("iframe srcdoc at line %u (sha256 %.12s)"),
			    it->line, it->sha256);
	} else {
		if ((q = quote(it->attr)) == NULL)
			goto out;
		if (it->kind == EG_PAGE_HANDLER)
			eg_buf_addf(&b, _("event handler %s on <%s> at line %u (sha256 %.12s)"),
				    q, it->tag != NULL ? it->tag : "", it->line,
				    it->sha256);
		else
			eg_buf_addf(&b, _("javascript: URL in %s of <%s> at line %u (sha256 %.12s)"),
				    q, it->tag != NULL ? it->tag : "", it->line,
				    it->sha256);
	}
	if (b.err == 0)
		r = eg_buf_steal(&b, NULL);
out:
	free(q);
	eg_buf_free(&b);
	return r;
}

/* The subject of a code item: its URL or "inline sha256:PREFIX". */
static void subject_of(const struct eg_page_item *it, char *buf, size_t n,
		       const char **out)
{
	if (is_external(it)) {
		*out = ident(it);
		return;
	}
	snprintf(buf, n, "%s sha256:%.12s",
		 it->kind == EG_PAGE_SCRIPT ? "inline"
					    : eg_page_kind_name(it->kind),
		 it->sha256);
	*out = buf;
}

static void code_finding(struct cmp *c, const char *id, int rank,
			 const struct eg_page_item *it,
			 const struct eg_page_item *was)
{
	char sb[64];
	const char *subj;
	char *d = describe(it), *dw = was != NULL ? describe(was) : NULL;
	subject_of(it, sb, sizeof(sb), &subj);
	if (d == NULL || (was != NULL && dw == NULL)) {
		c->err = EG_E_NOMEM;
	} else if (strcmp(id, "page.script_added") == 0) {
		add_finding(c, id, rank, subj,
			    _("%s is new: it is not in the baseline"), d);
	} else if (strcmp(id, "page.script_removed") == 0) {
		add_finding(c, id, rank, subj,
			    _("%s was removed: it is in the baseline"), d);
	} else {
		add_finding(c, id, rank, subj,
			    _("%s changed: the baseline has %s instead"), d, dw);
	}
	free(d);
	free(dw);
}

/* The same inline code: kind, element and attribute, and hash. */
static int same_inline(const struct eg_page_item *a,
		       const struct eg_page_item *b)
{
	return a->kind == b->kind && same_str(a->tag, b->tag) &&
	       same_str(a->attr, b->attr) && strcmp(a->sha256, b->sha256) == 0;
}

/* Inline code of the same place: kind, element, attribute. */
static int same_slot(const struct eg_page_item *a,
		     const struct eg_page_item *b)
{
	return a->kind == b->kind && same_str(a->tag, b->tag) &&
	       same_str(a->attr, b->attr);
}

static void compare_code(struct cmp *c, const struct eg_page_inv *base,
			 const struct eg_page_inv *cur)
{
	int crit = c->pol != NULL && c->pol->payment ? R_CRITICAL : R_HIGH;
	size_t nb = base->nitems, nc = cur->nitems;
	char *used_b = eg_calloc(nb ? nb : 1, 1);
	char *used_c = eg_calloc(nc ? nc : 1, 1);
	if (used_b == NULL || used_c == NULL) {
		c->err = EG_E_NOMEM;
		goto out;
	}
	/* External scripts by URL: the same URL with other integrity or
	 * content is a change. */
	for (size_t i = 0; i < nc; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (!is_code(it) || !is_external(it))
			continue;
		for (size_t k = 0; k < nb; k++) {
			const struct eg_page_item *b = &base->items[k];
			if (used_b[k] || !is_code(b) || !is_external(b) ||
			    strcmp(ident(b), ident(it)) != 0)
				continue;
			used_b[k] = used_c[i] = 1;
			char *q = NULL, *qa = NULL, *qb = NULL;
			if (!same_str(b->sri, it->sri)) {
				q = quote(ident(it));
				qa = quote(b->integrity);
				qb = quote(it->integrity);
				if (q == NULL || qa == NULL || qb == NULL)
					c->err = EG_E_NOMEM;
				else
					add_finding(c, "page.script_changed", crit,
						    ident(it),
						    _("script %s changed: its integrity was \"%s\", now \"%s\""),
						    q, qa, qb);
			} else if (b->content_sha256[0] != '\0' &&
				   it->content_sha256[0] != '\0' &&
				   strcmp(b->content_sha256,
					  it->content_sha256) != 0) {
				if ((q = quote(ident(it))) == NULL)
					c->err = EG_E_NOMEM;
				else
					add_finding(c, "page.script_changed", crit,
						    ident(it),
						    _("script %s changed: its content was sha256 %.12s, now %.12s"),
						    q, b->content_sha256,
						    it->content_sha256);
			}
			free(q);
			free(qa);
			free(qb);
			break;
		}
	}
	/* Inline code by hash, then what is left paired by place. */
	for (size_t i = 0; i < nc; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (!is_code(it) || is_external(it))
			continue;
		for (size_t k = 0; k < nb; k++)
			if (!used_b[k] && is_code(&base->items[k]) &&
			    !is_external(&base->items[k]) &&
			    same_inline(&base->items[k], it)) {
				used_b[k] = used_c[i] = 1;
				break;
			}
	}
	for (size_t i = 0; i < nc; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (used_c[i] || !is_code(it) || is_external(it))
			continue;
		for (size_t k = 0; k < nb; k++)
			if (!used_b[k] && is_code(&base->items[k]) &&
			    !is_external(&base->items[k]) &&
			    same_slot(&base->items[k], it)) {
				used_b[k] = used_c[i] = 1;
				code_finding(c, "page.script_changed", crit, it,
					     &base->items[k]);
				break;
			}
	}
	for (size_t i = 0; i < nc; i++)
		if (!used_c[i] && is_code(&cur->items[i]))
			code_finding(c, "page.script_added", crit, &cur->items[i],
				     NULL);
	for (size_t k = 0; k < nb; k++)
		if (!used_b[k] && is_code(&base->items[k]))
			code_finding(c, "page.script_removed", R_MEDIUM,
				     &base->items[k], NULL);
out:
	free(used_b);
	free(used_c);
}

/* An iframe's place: its URL without query and fragment (PSP iframes carry
 * a session in the query). */
static size_t frame_key(const struct eg_page_item *it)
{
	const char *u = ident(it);
	return strcspn(u, "?#");
}

static int same_frame(const struct eg_page_item *a,
		      const struct eg_page_item *b)
{
	size_t ka = frame_key(a), kb = frame_key(b);
	return ka == kb && memcmp(ident(a), ident(b), ka) == 0;
}

static int external_frame(const struct eg_page_item *it)
{
	return it->kind == EG_PAGE_IFRAME && !(it->flags & EG_PAGE_F_INLINE);
}

static void compare_frames(struct cmp *c, const struct eg_page_inv *base,
			   const struct eg_page_inv *cur)
{
	int crit = c->pol != NULL && c->pol->payment ? R_CRITICAL : R_HIGH;
	size_t nb = base->nitems, nc = cur->nitems;
	char *used_b = eg_calloc(nb ? nb : 1, 1);
	char *used_c = eg_calloc(nc ? nc : 1, 1);
	if (used_b == NULL || used_c == NULL) {
		c->err = EG_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nc; i++) {
		if (!external_frame(&cur->items[i]))
			continue;
		for (size_t k = 0; k < nb; k++)
			if (!used_b[k] && external_frame(&base->items[k]) &&
			    same_frame(&base->items[k], &cur->items[i])) {
				used_b[k] = used_c[i] = 1;
				break;
			}
	}
	/* What is left, paired in page order: the same frame moved. */
	size_t k = 0;
	for (size_t i = 0; i < nc; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (used_c[i] || !external_frame(it))
			continue;
		while (k < nb && (used_b[k] || !external_frame(&base->items[k])))
			k++;
		char *qa = NULL, *qb = quote(ident(it));
		if (qb == NULL) {
			c->err = EG_E_NOMEM;
		} else if (k < nb) {
			const struct eg_page_item *b = &base->items[k];
			used_b[k] = used_c[i] = 1;
			if ((qa = quote(ident(b))) == NULL)
				c->err = EG_E_NOMEM;
			else if (!same_str(b->host, it->host))
				add_finding(c, "page.iframe_changed", crit,
					    ident(it),
					    _("iframe %s now points to %s (another host)"),
					    qa, qb);
			else
				add_finding(c, "page.iframe_changed", R_MEDIUM,
					    ident(it),
					    _("iframe %s now points to %s"), qa,
					    qb);
		} else {
			used_c[i] = 1;
			add_finding(c, "page.iframe_added", R_HIGH, ident(it),
				    _("iframe %s is new: it is not in the baseline"),
				    qb);
		}
		free(qa);
		free(qb);
	}
	for (k = 0; k < nb; k++) {
		const struct eg_page_item *b = &base->items[k];
		if (used_b[k] || !external_frame(b))
			continue;
		char *q = quote(ident(b));
		if (q == NULL)
			c->err = EG_E_NOMEM;
		else
			add_finding(c, "page.iframe_removed", R_MEDIUM, ident(b),
				    _("iframe %s was removed: it is in the baseline"),
				    q);
		free(q);
	}
out:
	free(used_b);
	free(used_c);
}

static void compare_links(struct cmp *c, const struct eg_page_inv *base,
			  const struct eg_page_inv *cur)
{
	size_t nb = base->nitems, nc = cur->nitems;
	char *used_b = eg_calloc(nb ? nb : 1, 1);
	if (used_b == NULL) {
		c->err = EG_E_NOMEM;
		return;
	}
	for (size_t i = 0; i < nc; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (it->kind != EG_PAGE_LINK)
			continue;
		size_t k = 0;
		for (; k < nb; k++)
			if (!used_b[k] && base->items[k].kind == EG_PAGE_LINK &&
			    strcmp(ident(&base->items[k]), ident(it)) == 0)
				break;
		char *q = quote(ident(it)), *qa = NULL, *qb = NULL;
		if (q == NULL) {
			c->err = EG_E_NOMEM;
		} else if (k == nb) {
			add_finding(c, "page.link_added", R_MEDIUM, ident(it),
				    _("stylesheet or preload %s is new: it is not in the baseline"),
				    q);
		} else {
			used_b[k] = 1;
			if (!same_str(base->items[k].sri, it->sri)) {
				qa = quote(base->items[k].integrity);
				qb = quote(it->integrity);
				if (qa == NULL || qb == NULL)
					c->err = EG_E_NOMEM;
				else
					add_finding(c, "page.link_changed", R_MEDIUM,
						    ident(it),
						    _("stylesheet or preload %s changed: its integrity was \"%s\", "
						  "now \"%s\""),
						    q, qa, qb);
			}
		}
		free(q);
		free(qa);
		free(qb);
	}
	for (size_t k = 0; k < nb; k++) {
		const struct eg_page_item *b = &base->items[k];
		if (used_b[k] || b->kind != EG_PAGE_LINK)
			continue;
		char *q = quote(ident(b));
		if (q == NULL)
			c->err = EG_E_NOMEM;
		else
			add_finding(c, "page.link_removed", R_LOW, ident(b),
				    _("stylesheet or preload %s was removed: it is in the baseline"),
				    q);
		free(q);
	}
	free(used_b);
}

/* The stand-in for card fields outside any form (on_control). */
static int formless(const struct eg_page_item *it)
{
	return it->kind == EG_PAGE_FORM && it->method != NULL &&
	       strcmp(it->method, "script") == 0;
}

static int card_form(const struct eg_page_item *it)
{
	return it->kind == EG_PAGE_FORM &&
	       (it->card & (EG_PAGE_CARD_NUMBER | EG_PAGE_CARD_CSC)) != 0;
}

static void compare_forms(struct cmp *c, const struct eg_page_inv *base,
			  const struct eg_page_inv *cur)
{
	/* Card forms (and formaction targets) paired in page order; the
	 * stand-in for card fields outside any form only with its like. */
	for (int pass = 0; pass < 2; pass++) {
		size_t k = 0;
		for (size_t i = 0; i < cur->nitems; i++) {
			const struct eg_page_item *it = &cur->items[i];
			if (!card_form(it) || formless(it) != pass)
				continue;
			while (k < base->nitems &&
			       (!card_form(&base->items[k]) ||
				formless(&base->items[k]) != pass))
				k++;
			char *q = quote(ident(it)), *qa = NULL;
			if (q == NULL) {
				c->err = EG_E_NOMEM;
			} else if (k >= base->nitems && formless(it)) {
				add_finding(c, "page.card_form_added", R_HIGH, ident(it),
					    _("card fields outside any form at line %u are not in the baseline: "
					  "fake card fields?"),
					    it->line);
			} else if (k >= base->nitems) {
				add_finding(c, "page.card_form_added", R_HIGH, ident(it),
					    _("card form at line %u posting to %s is not in the baseline: "
					  "a fake card form?"),
					    it->line, q);
			} else {
				const struct eg_page_item *b = &base->items[k++];
				if (strcmp(ident(b), ident(it)) != 0) {
					if ((qa = quote(ident(b))) == NULL)
						c->err = EG_E_NOMEM;
					else
						add_finding(c, "page.form_changed", R_HIGH,
							    ident(it),
							    _("card form at line %u now posts to %s instead of %s"),
							    it->line, q, qa);
				}
			}
			free(q);
			free(qa);
		}
	}
}

int eg_page_host_allowed(const char *host, const char *const *list,
			 size_t n)
{
	if (host == NULL)
		return 0;
	size_t hl = strlen(host);
	for (size_t i = 0; i < n; i++) {
		const char *a = list[i];
		if (a == NULL)
			continue;
		if (a[0] == '*' && a[1] == '.') {
			size_t al = strlen(a + 1); /* ".domain" */
			if (hl > al && strcasecmp(host + hl - al, a + 1) == 0)
				return 1;
		} else if (strcasecmp(host, a) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Checks of the current page alone. */
static void check_current(struct cmp *c, const struct eg_page_inv *cur)
{
	const struct eg_page_policy *pol = c->pol;
	if (cur->incomplete != 0)
		add_finding(c, "page.incomplete", R_HIGH, cur->url,
			    "%s",
			    _("the page hit a limit of the inventory (too many tags, "
			  "attributes or items, or a value too long): part of it was "
			  "not inventoried, so a change there would go unseen"));
	for (size_t i = 0; i < cur->nitems && c->err == 0; i++) {
		const struct eg_page_item *it = &cur->items[i];
		if (it->kind == EG_PAGE_SCRIPT && is_code(it) && is_external(it)) {
			char *q = quote(ident(it)), *qh = quote(it->host);
			if (q == NULL || qh == NULL) {
				c->err = EG_E_NOMEM;
			} else {
				int same = (it->flags & EG_PAGE_F_SAME_ORIGIN) != 0;
				if (it->sri_state == EG_SRI_NONE)
					add_finding(c, "page.script_no_sri",
						    same ? R_LOW : R_MEDIUM, ident(it),
						    same ? _("script %s has no integrity attribute")
							 : _("script %s from another origin has no integrity attribute: "
							  "add Subresource Integrity (integrity=\"sha384-...\") so "
							  "that a changed file is refused"),
						    q);
				else if (it->sri_state == EG_SRI_INVALID)
					add_finding(c, "page.script_sri_invalid",
						    R_MEDIUM, ident(it),
						    _("the integrity attribute of %s holds no valid sha256, sha384 "
						  "or sha512 hash: browsers load it unchecked"),
						    q);
				if (it->sri_match == 0)
					add_finding(c, "page.script_sri_mismatch",
						    R_HIGH, ident(it),
						    _("the content of %s does not match its integrity attribute: "
						  "browsers refuse it; the file changed since the hash was "
						  "taken"),
						    q);
				if (pol != NULL && pol->check_script_hosts && !same &&
				    !eg_page_host_allowed(it->host, pol->script_hosts,
						  pol->nscript_hosts))
					add_finding(c, "page.script_host", R_HIGH,
						    ident(it),
						    _("script %s comes from %s, which is not an allowed script "
						  "host of the site specification"),
						    q, qh);
			}
			free(q);
			free(qh);
		}
		if (card_form(it) && formless(it))
			add_finding(c, "page.card_fields_scripted", R_MEDIUM,
				    ident(it),
				    _("card fields outside any form at line %u: a script reads "
				  "and sends them, to a place the page does not show; "
				  "prefer the payment provider's hosted fields or page"),
				    it->line);
		if (card_form(it) && !formless(it) &&
		    !(it->flags & EG_PAGE_F_SAME_ORIGIN) &&
		    !eg_page_host_allowed(it->host, pol != NULL ? pol->form_hosts : NULL,
				  pol != NULL ? pol->nform_hosts : 0)) {
			char *q = quote(ident(it));
			if (q == NULL)
				c->err = EG_E_NOMEM;
			else
				add_finding(c, "page.form_offsite", R_CRITICAL,
					    ident(it),
					    _("card form at line %u posts to %s, which is neither this "
					  "site (%s) nor an allowed form host: card data would leave "
					  "for another server"),
					    it->line, q, cur->origin);
			free(q);
		}
	}
}

/* The values of header name in h (and of <meta> CSP items of inv when
 * meta), joined by ", ". OUT: free; NULL when absent or on exhaustion
 * (*oom). */
static char *header_value(const struct eg_page_headers *h,
			  const struct eg_page_inv *inv, const char *name,
			  int *oom)
{
	struct eg_buf b;
	int any = 0;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	for (size_t i = 0; h != NULL && i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0) {
			if (any++)
				eg_buf_adds(&b, ", ");
			eg_buf_adds(&b, h->v[i].value);
		}
	for (size_t i = 0; inv != NULL && i < inv->nitems; i++)
		if (inv->items[i].kind == EG_PAGE_CSP) {
			if (any++)
				eg_buf_adds(&b, ", ");
			eg_buf_adds(&b, inv->items[i].text);
		}
	char *r = NULL;
	if (b.err != 0)
		*oom = 1;
	else if (any)
		r = eg_buf_steal(&b, NULL);
	eg_buf_free(&b);
	return r;
}

static void compare_header(struct cmp *c, const char *name,
			   const struct eg_page_headers *bh,
			   const struct eg_page_inv *binv,
			   const struct eg_page_headers *ch,
			   const struct eg_page_inv *cinv)
{
	int oom = 0;
	char *was = header_value(bh, binv, name, &oom);
	char *now = header_value(ch, cinv, name, &oom);
	char *qn = quote(name), *qw = quote(was), *qc = quote(now);
	if (oom || qn == NULL || qw == NULL || qc == NULL)
		c->err = EG_E_NOMEM;
	else if (was != NULL && now == NULL)
		add_finding(c, "page.header_changed", R_HIGH, name,
			    _("security header %s was removed (it was \"%s\")"),
			    qn, qw);
	else if (was == NULL && now != NULL)
		add_finding(c, "page.header_added", R_MEDIUM, name,
			    _("security header %s is new: \"%s\""), qn, qc);
	else if (was != NULL && strcmp(was, now) != 0)
		add_finding(c, "page.header_changed", R_HIGH, name,
			    _("security header %s changed: it was \"%s\", now \"%s\""),
			    qn, qw, qc);
	free(was);
	free(now);
	free(qn);
	free(qw);
	free(qc);
}

static void compare_headers(struct cmp *c, const struct eg_page_headers *bh,
			    const struct eg_page_headers *ch)
{
	/* Each name once, in the order first seen (baseline, then now). */
	const struct eg_page_headers *hs[2] = {bh, ch};
	for (int w = 0; w < 2; w++)
		for (size_t i = 0; hs[w] != NULL && i < hs[w]->n; i++) {
			const char *name = hs[w]->v[i].name;
			int seen = 0;
			for (int w2 = 0; w2 <= w && !seen; w2++)
				for (size_t k = 0; hs[w2] != NULL &&
						   k < (w2 == w ? i : hs[w2]->n);
				     k++)
					if (strcasecmp(hs[w2]->v[k].name, name) == 0) {
						seen = 1;
						break;
					}
			if (!seen)
				compare_header(c, name, bh, NULL, ch, NULL);
		}
}

static const struct eg_page_item *first_of(const struct eg_page_inv *inv,
					   int kind)
{
	for (size_t i = 0; i < inv->nitems; i++)
		if (inv->items[i].kind == kind)
			return &inv->items[i];
	return NULL;
}

static int by_rank(const void *a, const void *b)
{
	const struct eg_page_finding *x = a, *y = b;
	return y->rank - x->rank;
}

int eg_page_compare(const struct eg_page_inv *base,
		    const struct eg_page_headers *base_h,
		    const struct eg_page_inv *cur,
		    const struct eg_page_headers *cur_h,
		    const struct eg_page_policy *pol,
		    struct eg_page_findings *out, struct eg_err *e)
{
	memset(out, 0, sizeof(*out));
	struct cmp c;
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.pol = pol;
	check_current(&c, cur);
	if (base != NULL) {
		compare_code(&c, base, cur);
		compare_frames(&c, base, cur);
		compare_links(&c, base, cur);
		compare_forms(&c, base, cur);
		const struct eg_page_item *bb = first_of(base, EG_PAGE_BASE);
		const struct eg_page_item *cb = first_of(cur, EG_PAGE_BASE);
		if (!same_str(bb ? ident(bb) : NULL, cb ? ident(cb) : NULL)) {
			char *qa = quote(bb ? ident(bb) : NULL);
			char *qb = quote(cb ? ident(cb) : NULL);
			if (qa == NULL || qb == NULL)
				c.err = EG_E_NOMEM;
			else
				add_finding(&c, "page.base_changed", R_HIGH,
					    cb ? ident(cb) : ident(bb),
					    _("<base href> changed: it was \"%s\", now \"%s\""),
					    qa, qb);
			free(qa);
			free(qb);
		}
		compare_header(&c, "<meta> Content-Security-Policy", NULL, base,
			       NULL, cur);
	}
	if (base_h != NULL || (base != NULL && cur_h != NULL))
		compare_headers(&c, base_h, cur_h);
	if (c.err != 0) {
		eg_page_findings_free(out);
		return eg_err_set(e, c.err, "out of memory");
	}
	/* qsort is not stable: sort by rank with the page order kept by
	 * insertion (a few dozen findings). */
	for (size_t i = 1; i < out->n; i++) {
		struct eg_page_finding t = out->v[i];
		size_t k = i;
		while (k > 0 && by_rank(&out->v[k - 1], &t) > 0) {
			out->v[k] = out->v[k - 1];
			k--;
		}
		out->v[k] = t;
	}
	return 0;
}

void eg_page_findings_free(struct eg_page_findings *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].subject);
		free(f->v[i].reason);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* ---- JSON ---- */

static void kstr_or_null(struct eg_json *j, const char *k, const char *v)
{
	eg_json_key(j, k);
	eg_json_str(j, v);
}

static void khash(struct eg_json *j, const char *k, const char *v)
{
	eg_json_key(j, k);
	eg_json_str(j, v[0] != '\0' ? v : NULL);
}

static const char *sri_name(int s)
{
	return s == EG_SRI_VALID ? "valid" : s == EG_SRI_INVALID ? "invalid"
								   : "none";
}

static void json_item(struct eg_json *j, const struct eg_page_item *it)
{
	eg_json_obj_begin(j);
	eg_json_kint(j, "line", it->line);
	switch (it->kind) {
	case EG_PAGE_SCRIPT:
		eg_json_kbool(j, "inline", (it->flags & EG_PAGE_F_INLINE) != 0);
		kstr_or_null(j, "src", it->src);
		kstr_or_null(j, "url", it->url);
		kstr_or_null(j, "host", it->host);
		eg_json_kbool(j, "same_origin",
			      (it->flags & EG_PAGE_F_SAME_ORIGIN) != 0);
		kstr_or_null(j, "type", it->type);
		eg_json_kbool(j, "data", (it->flags & EG_PAGE_F_DATA) != 0);
		eg_json_kbool(j, "module", (it->flags & EG_PAGE_F_MODULE) != 0);
		eg_json_kbool(j, "async", (it->flags & EG_PAGE_F_ASYNC) != 0);
		eg_json_kbool(j, "defer", (it->flags & EG_PAGE_F_DEFER) != 0);
		eg_json_kbool(j, "nomodule",
			      (it->flags & EG_PAGE_F_NOMODULE) != 0);
		kstr_or_null(j, "integrity", it->integrity);
		eg_json_kstr(j, "sri", sri_name(it->sri_state));
		kstr_or_null(j, "sri_hashes", it->sri);
		kstr_or_null(j, "crossorigin", it->crossorigin);
		khash(j, "sha256", it->sha256);
		eg_json_kint(j, "length", (int64_t)it->length);
		khash(j, "content_sha256", it->content_sha256);
		eg_json_key(j, "sri_match");
		if (it->sri_match < 0)
			eg_json_null(j);
		else
			eg_json_bool(j, it->sri_match);
		break;
	case EG_PAGE_IFRAME:
		kstr_or_null(j, "src", it->src);
		kstr_or_null(j, "url", it->url);
		kstr_or_null(j, "host", it->host);
		eg_json_kbool(j, "srcdoc", (it->flags & EG_PAGE_F_INLINE) != 0);
		khash(j, "sha256", it->sha256);
		break;
	case EG_PAGE_LINK:
		kstr_or_null(j, "rel", it->attr);
		kstr_or_null(j, "as", it->type);
		kstr_or_null(j, "href", it->src);
		kstr_or_null(j, "url", it->url);
		kstr_or_null(j, "host", it->host);
		kstr_or_null(j, "integrity", it->integrity);
		eg_json_kstr(j, "sri", sri_name(it->sri_state));
		kstr_or_null(j, "crossorigin", it->crossorigin);
		break;
	case EG_PAGE_FORM: {
		kstr_or_null(j, "action", it->src);
		kstr_or_null(j, "url", it->url);
		kstr_or_null(j, "host", it->host);
		eg_json_kbool(j, "same_origin",
			      (it->flags & EG_PAGE_F_SAME_ORIGIN) != 0);
		kstr_or_null(j, "method", it->method);
		kstr_or_null(j, "id", it->id);
		eg_json_kbool(j, "formaction",
			      (it->flags & EG_PAGE_F_FORMACTION) != 0);
		eg_json_key(j, "card_fields");
		eg_json_arr_begin(j);
		if (it->card & EG_PAGE_CARD_NUMBER)
			eg_json_str(j, "number");
		if (it->card & EG_PAGE_CARD_CSC)
			eg_json_str(j, "csc");
		if (it->card & EG_PAGE_CARD_EXP)
			eg_json_str(j, "exp");
		eg_json_arr_end(j);
		break;
	}
	case EG_PAGE_HANDLER:
	case EG_PAGE_JSURL:
		kstr_or_null(j, "element", it->tag);
		kstr_or_null(j, "attribute", it->attr);
		khash(j, "sha256", it->sha256);
		eg_json_kint(j, "length", (int64_t)it->length);
		break;
	case EG_PAGE_CSP:
		kstr_or_null(j, "content", it->text);
		break;
	case EG_PAGE_BASE:
		kstr_or_null(j, "href", it->src);
		kstr_or_null(j, "url", it->url);
		kstr_or_null(j, "host", it->host);
		break;
	default:
		break;
	}
	eg_json_kbool(j, "cut", (it->flags & EG_PAGE_F_CUT) != 0);
	eg_json_obj_end(j);
}

void eg_page_inv_json(struct eg_json *j, const struct eg_page_inv *inv)
{
	static const struct {
		const char *key;
		int kind;
	} groups[] = {
		{"scripts", EG_PAGE_SCRIPT}, {"iframes", EG_PAGE_IFRAME},
		{"links", EG_PAGE_LINK}, {"forms", EG_PAGE_FORM},
		{"handlers", EG_PAGE_HANDLER},
		{"javascript_urls", EG_PAGE_JSURL}, {"csp", EG_PAGE_CSP},
		{"base", EG_PAGE_BASE},
	};
	eg_json_obj_begin(j);
	eg_json_kstr(j, "url", inv->url);
	eg_json_kstr(j, "origin", inv->origin);
	eg_json_kint(j, "bytes", (int64_t)inv->bytes);
	eg_json_kbool(j, "complete", inv->incomplete == 0);
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		eg_json_key(j, groups[g].key);
		eg_json_arr_begin(j);
		for (size_t i = 0; i < inv->nitems; i++)
			if (inv->items[i].kind == groups[g].kind)
				json_item(j, &inv->items[i]);
		eg_json_arr_end(j);
	}
	eg_json_obj_end(j);
}

void eg_page_findings_json(struct eg_json *j,
			   const struct eg_page_findings *f)
{
	eg_json_arr_begin(j);
	for (size_t i = 0; f != NULL && i < f->n; i++) {
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", f->v[i].id);
		eg_json_kstr(j, "severity", f->v[i].severity);
		eg_json_kstr(j, "subject", f->v[i].subject);
		eg_json_kstr(j, "reason", f->v[i].reason);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
}
