/*
 * http_parse.c: the incremental HTTP/1.1 response parser and the
 * Set-Cookie parser (http_parse.h).
 *
 * The parser is a state machine over lines (status, headers, chunk sizes,
 * trailers) and counted runs of body bytes. A line is gathered in a buffer
 * capped at EG_HTTP_LINE_MAX, so a peer that never sends a newline is cut
 * off at that size; every header byte also counts against
 * EG_HTTP_HEADERS_MAX_BYTES, trailers and interim responses included, so an
 * endless header section ends there. Body bytes go to a sink that keeps at
 * most body_max of them (decoded through zlib when the response says gzip or
 * deflate); the sink reaching its cap completes the response.
 */
#include "http_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"

enum state {
	S_STATUS, S_HEADER, S_BODY_LEN, S_CHUNK_SIZE, S_CHUNK_DATA,
	S_CHUNK_END, S_TRAILER, S_BODY_CLOSE, S_DONE, S_ERROR
};

enum zmode { Z_NONE, Z_AUTO, Z_RAW };

struct eg_http_parser {
	enum state st;
	int head;
	size_t body_max;
	struct eg_buf line;        /* the line being gathered */
	size_t header_bytes;       /* all header-ish lines so far */
	unsigned interim;
	struct eg_http_response *r;
	struct eg_buf body;
	uint64_t left;             /* bytes left of the body or chunk */
	enum zmode zm;
	int z_init, z_end;
	z_stream z;
	unsigned char zfirst[2];   /* the first body bytes, to tell zlib from
				    * raw deflate */
	size_t nfirst;
	size_t zraw;               /* compressed bytes fed to zlib */
	int err;
	struct eg_err e;
};

const char *eg_http_header_get(const struct eg_http_response *r,
			       const char *name)
{
	for (size_t i = 0; r != NULL && i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

size_t eg_http_header_count(const struct eg_http_response *r,
			    const char *name)
{
	size_t n = 0;
	for (size_t i = 0; r != NULL && i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			n++;
	return n;
}

static void free_headers(struct eg_http_response *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->nheaders = 0;
}

void eg_http_response_free(struct eg_http_response *r)
{
	if (r == NULL)
		return;
	free_headers(r);
	free(r->reason);
	free(r->body);
	free(r);
}

int eg_http_parser_new(int head, size_t body_max,
		       struct eg_http_parser **out)
{
	struct eg_http_parser *p = eg_calloc(1, sizeof(*p));
	*out = NULL;
	if (p == NULL)
		return EG_E_NOMEM;
	p->r = eg_calloc(1, sizeof(*p->r));
	if (p->r == NULL) {
		free(p);
		return EG_E_NOMEM;
	}
	p->head = head;
	p->body_max = body_max == 0 || body_max > EG_HTTP_BODY_MAX ?
		      EG_HTTP_BODY_MAX : body_max;
	eg_buf_init(&p->line, EG_HTTP_LINE_MAX);
	eg_buf_init(&p->body, p->body_max);
	p->st = S_STATUS;
	*out = p;
	return 0;
}

void eg_http_parser_free(struct eg_http_parser *p)
{
	if (p == NULL)
		return;
	if (p->z_init)
		inflateEnd(&p->z);
	eg_buf_free(&p->line);
	eg_buf_free(&p->body);
	eg_http_response_free(p->r);
	free(p);
}

const char *eg_http_parser_error(const struct eg_http_parser *p)
{
	return p->err != 0 ? eg_err_msg(&p->e) : "";
}

struct eg_http_response *eg_http_parser_take(struct eg_http_parser *p)
{
	if (p->st != S_DONE || p->r == NULL)
		return NULL;
	struct eg_http_response *r = p->r;
	p->r = NULL;
	return r;
}

static int fail(struct eg_http_parser *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct eg_http_parser *p, int code, const char *fmt, ...)
{
	va_list ap;
	char msg[EG_ERRMSG_MAX];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	eg_err_set(&p->e, code, "%s", msg);
	p->err = code;
	p->st = S_ERROR;
	return code;
}

static int nomem(struct eg_http_parser *p)
{
	return fail(p, EG_E_NOMEM, "%s", _("out of memory"));
}

/* The response is complete: move the body into it. */
static int finish(struct eg_http_parser *p)
{
	struct eg_http_response *r = p->r;
	if (p->zm != Z_NONE && !p->z_end && !r->body_truncated &&
	    p->nfirst > 0)
		return fail(p, EG_E_PARSE, "%s",
			    _("the compressed body ends before its end marker"));
	if (p->body.err == EG_E_NOMEM)
		return nomem(p);
	r->body_len = p->body.len;
	r->body = (unsigned char *)eg_buf_steal(&p->body, NULL);
	if (r->body == NULL)
		return nomem(p);
	p->st = S_DONE;
	return EG_HTTP_DONE;
}

/* Adds decoded bytes; returns 1 when the cap was reached. */
static int keep(struct eg_http_parser *p, const unsigned char *d, size_t n)
{
	size_t room = p->body_max - p->body.len;
	if (n > room) {
		eg_buf_add(&p->body, d, room);
		p->r->body_truncated = 1;
		return 1;
	}
	eg_buf_add(&p->body, d, n);
	return p->body.err != 0;
}

static int z_start(struct eg_http_parser *p, int raw)
{
	memset(&p->z, 0, sizeof(p->z));
	/* 15 + 32: zlib or gzip, told apart by their headers; -15: raw
	 * deflate, which some servers send for "deflate". */
	if (inflateInit2(&p->z, raw ? -15 : 15 + 32) != Z_OK)
		return nomem(p);
	p->z_init = 1;
	return 0;
}

static int inflate_some(struct eg_http_parser *p, const unsigned char *d,
			size_t n)
{
	unsigned char out[16384];
	p->z.next_in = (unsigned char *)d;
	p->z.avail_in = (uInt)n;
	while (p->z.avail_in > 0 && !p->z_end) {
		p->z.next_out = out;
		p->z.avail_out = sizeof(out);
		int zr = inflate(&p->z, Z_NO_FLUSH);
		size_t got = sizeof(out) - p->z.avail_out;
		if (zr == Z_STREAM_END)
			p->z_end = 1;
		else if (zr == Z_MEM_ERROR)
			return nomem(p);
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return fail(p, EG_E_PARSE, "%s",
				    _("the compressed body is corrupt"));
		if (keep(p, out, got))
			return 1;
		if (zr == Z_BUF_ERROR && got == 0)
			break;
	}
	/* Bytes after the end of the stream (a second gzip member, padding)
	 * are ignored. */
	return 0;
}

/* Body bytes off the wire. Returns 1 when the cap was reached, 0 to go on,
 * or an error. */
static int sink(struct eg_http_parser *p, const unsigned char *d, size_t n)
{
	p->r->raw_body_len += n;
	if (p->zm == Z_NONE)
		return keep(p, d, n);
	if (!p->z_init) {
		/* Decide zlib/gzip vs raw deflate on the first two bytes: a
		 * zlib header is a multiple of 31 with method 8. */
		while (p->nfirst < 2 && n > 0) {
			p->zfirst[p->nfirst++] = *d++;
			n--;
		}
		if (p->nfirst < 2)
			return 0;
		int raw = p->zm == Z_RAW &&
			  ((p->zfirst[0] & 0x0f) != 8 ||
			   ((p->zfirst[0] << 8) | p->zfirst[1]) % 31 != 0);
		int rc = z_start(p, raw);
		if (rc != 0)
			return rc;
		rc = inflate_some(p, p->zfirst, 2);
		if (rc != 0)
			return rc;
	}
	if (n == 0)
		return 0;
	/* A stream that inflates to little (empty blocks, padding) must not
	 * keep us reading forever: compressed bytes have a cap of their own,
	 * the largest body the client ever keeps. */
	size_t room = EG_HTTP_BODY_MAX - p->zraw;
	int cut = n > room;
	if (cut)
		n = room;
	p->zraw += n;
	int rc = inflate_some(p, d, n);
	if (rc == 0 && cut) {
		p->r->body_truncated = 1;
		return 1;
	}
	return rc;
}

static int tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Value bytes: visible ASCII, space, tab, obs-text. */
static int vchar_ok(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int parse_status(struct eg_http_parser *p, const char *s, size_t n)
{
	struct eg_http_response *r = p->r;
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 ||
	    (s[7] != '0' && s[7] != '1') || s[8] != ' ')
		return fail(p, EG_E_PARSE, "%s",
			    _("the response does not start with a status line \"HTTP/1.x NNN\""));
	uint64_t st;
	if (eg_parse_u64n(s + 9, 3, 10, 100, 599, &st) != 0 ||
	    (n > 12 && s[12] != ' '))
		return fail(p, EG_E_PARSE, "%s",
			    _("the status line has no valid three-digit status code"));
	size_t rl = n > 13 ? n - 13 : 0;
	for (size_t i = 0; i < rl; i++)
		if (!vchar_ok((unsigned char)s[13 + i]))
			return fail(p, EG_E_PARSE, "%s",
				    _("the status line contains a control character"));
	r->minor = s[7] - '0';
	r->status = (int)st;
	free(r->reason);
	r->reason = eg_strndup(rl > 0 ? s + 13 : "", rl);
	if (r->reason == NULL)
		return nomem(p);
	p->st = S_HEADER;
	return 0;
}

static int add_header(struct eg_http_parser *p, const char *s, size_t n,
		      int trailer)
{
	struct eg_http_response *r = p->r;
	if (s[0] == ' ' || s[0] == '\t')
		return fail(p, EG_E_PARSE, "%s",
			    _("a header line is folded onto the next (obs-fold), which HTTP/1.1 forbids"));
	size_t nl = 0;
	while (nl < n && tchar((unsigned char)s[nl]))
		nl++;
	if (nl == 0 || nl >= n || s[nl] != ':')
		return fail(p, EG_E_PARSE, "%s",
			    _("a header line is not \"name: value\" (bad name, or space before the colon)"));
	size_t v = nl + 1, ve = n;
	for (size_t i = v; i < n; i++)
		if (!vchar_ok((unsigned char)s[i]))
			return fail(p, EG_E_PARSE, "%s",
				    _("a header value contains a NUL or control character"));
	while (v < ve && (s[v] == ' ' || s[v] == '\t'))
		v++;
	while (ve > v && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
		ve--;
	if (trailer)
		return 0; /* checked, not kept: no check reads trailers */
	if (r->nheaders >= EG_HTTP_MAX_HEADERS)
		return fail(p, EG_E_LIMIT,
			    _("the response has more than %u header lines"),
			    EG_HTTP_MAX_HEADERS);
	struct eg_http_header *nh = eg_reallocarray(r->headers,
						    r->nheaders + 1,
						    sizeof(*nh));
	if (nh == NULL)
		return nomem(p);
	r->headers = nh;
	nh[r->nheaders].name = eg_strndup(s, nl);
	nh[r->nheaders].value = eg_strndup(s + v, ve - v);
	r->nheaders++;
	if (nh[r->nheaders - 1].name == NULL ||
	    nh[r->nheaders - 1].value == NULL)
		return nomem(p);
	return 0;
}

/* Content-Length: one number, or a list/repeats of the same number. */
static int content_length(struct eg_http_parser *p, uint64_t *out)
{
	struct eg_http_response *r = p->r;
	int seen = 0;
	for (size_t i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "Content-Length") != 0)
			continue;
		const char *v = r->headers[i].value;
		do {
			size_t l = strcspn(v, ",");
			size_t a = 0, b = l;
			while (a < b && (v[a] == ' ' || v[a] == '\t'))
				a++;
			while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
				b--;
			uint64_t x;
			if (eg_parse_u64n(v + a, b - a, 10, 0, UINT64_MAX / 2,
					  &x) != 0)
				return fail(p, EG_E_PARSE, "%s",
					    _("the Content-Length header is not a non-negative number"));
			if (seen && x != *out)
				return fail(p, EG_E_PARSE, "%s",
					    _("the response has conflicting Content-Length values"));
			*out = x;
			seen = 1;
			v += l;
		} while (*v++ == ',');
	}
	return seen;
}

/* The status and headers are in: decide how the body is delimited. */
static int headers_done(struct eg_http_parser *p)
{
	struct eg_http_response *r = p->r;
	if (r->status < 200 && r->status != 101) {
		/* interim: forget it and read the next status line */
		if (++p->interim > EG_HTTP_MAX_INTERIM)
			return fail(p, EG_E_LIMIT,
				    _("the server sent more than %u interim (1xx) responses"),
				    EG_HTTP_MAX_INTERIM);
		free_headers(r);
		p->st = S_STATUS;
		return 0;
	}
	const char *ce = eg_http_header_get(r, "Content-Encoding");
	if (ce != NULL && eg_http_header_count(r, "Content-Encoding") == 1) {
		if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0)
			p->zm = Z_AUTO;
		else if (strcasecmp(ce, "deflate") == 0)
			p->zm = Z_RAW; /* zlib, or raw deflate: see sink() */
		else if (strcasecmp(ce, "identity") != 0)
			r->encoded = 1;
	} else if (ce != NULL) {
		r->encoded = 1; /* layered encodings are not decoded */
	}
	r->decoded = p->zm != Z_NONE;
	r->header_bytes = p->header_bytes;
	if (p->head || r->status == 101 || r->status == 204 ||
	    r->status == 304) {
		r->framing = EG_HTTP_NOBODY;
		return finish(p);
	}
	size_t nte = eg_http_header_count(r, "Transfer-Encoding");
	if (nte > 0) {
		const char *te = eg_http_header_get(r, "Transfer-Encoding");
		if (nte > 1 || strcasecmp(te, "chunked") != 0)
			return fail(p, EG_E_UNSUPPORTED, "%s",
				    _("the response uses a transfer coding other than \"chunked\""));
		/* chunked overrides any Content-Length (RFC 9112 6.3) */
		r->framing = EG_HTTP_CHUNKED;
		p->st = S_CHUNK_SIZE;
		return 0;
	}
	uint64_t cl = 0;
	int have = content_length(p, &cl);
	if (have < 0)
		return have;
	if (have) {
		r->framing = EG_HTTP_LENGTH;
		r->content_length = cl;
		p->left = cl;
		if (cl == 0) {
			p->zm = Z_NONE;
			return finish(p);
		}
		p->st = S_BODY_LEN;
		return 0;
	}
	r->framing = EG_HTTP_CLOSE;
	p->st = S_BODY_CLOSE;
	return 0;
}

static int chunk_size(struct eg_http_parser *p, const char *s, size_t n)
{
	size_t h = 0;
	while (h < n && ((s[h] >= '0' && s[h] <= '9') ||
			 (s[h] >= 'a' && s[h] <= 'f') ||
			 (s[h] >= 'A' && s[h] <= 'F')))
		h++;
	if (h == 0)
		return fail(p, EG_E_PARSE, "%s",
			    _("a chunk does not start with a hexadecimal size"));
	if (h > EG_HTTP_CHUNK_HEX_MAX)
		return fail(p, EG_E_LIMIT,
			    _("a chunk size has more than %u hex digits"),
			    EG_HTTP_CHUNK_HEX_MAX);
	size_t x = h;
	while (x < n && (s[x] == ' ' || s[x] == '\t'))
		x++;
	if (x < n && s[x] != ';')
		return fail(p, EG_E_PARSE, "%s",
			    _("a chunk size line has garbage after the size"));
	for (size_t i = x; i < n; i++)
		if (!vchar_ok((unsigned char)s[i]))
			return fail(p, EG_E_PARSE, "%s",
				    _("a chunk extension contains a control character"));
	uint64_t sz;
	if (eg_parse_u64n(s, h, 16, 0, UINT64_MAX, &sz) != 0)
		return fail(p, EG_E_PARSE, "%s",
			    _("a chunk does not start with a hexadecimal size"));
	if (sz == 0) {
		p->st = S_TRAILER;
		return 0;
	}
	p->left = sz;
	p->st = S_CHUNK_DATA;
	return 0;
}

/* One complete line s[0..n) (terminator removed) for the current state. */
static int on_line(struct eg_http_parser *p, const char *s, size_t n)
{
	switch (p->st) {
	case S_STATUS:
		return parse_status(p, s, n);
	case S_HEADER:
		if (n == 0)
			return headers_done(p);
		return add_header(p, s, n, 0);
	case S_CHUNK_SIZE:
		return chunk_size(p, s, n);
	case S_CHUNK_END:
		if (n != 0)
			return fail(p, EG_E_PARSE, "%s",
				    _("a chunk is longer than its size says"));
		p->st = S_CHUNK_SIZE;
		return 0;
	case S_TRAILER:
		if (n == 0)
			return finish(p);
		return add_header(p, s, n, 1);
	default:
		return fail(p, EG_E_INTERNAL, "%s", _("internal error"));
	}
}

static int line_state(enum state st)
{
	return st == S_STATUS || st == S_HEADER || st == S_CHUNK_SIZE ||
	       st == S_CHUNK_END || st == S_TRAILER;
}

int eg_http_parser_feed(struct eg_http_parser *p, const void *data,
			size_t n, size_t *used)
{
	const unsigned char *d = data;
	size_t i = 0;
	int rc = 0;
	while (i < n && p->st != S_DONE && p->st != S_ERROR) {
		if (line_state(p->st)) {
			const unsigned char *nl = memchr(d + i, '\n', n - i);
			size_t take = nl != NULL ? (size_t)(nl - (d + i)) + 1 :
				      n - i;
			/* header bytes are bounded before they are copied */
			int counted = p->st != S_CHUNK_SIZE &&
				      p->st != S_CHUNK_END;
			if (counted && p->header_bytes + take >
				       EG_HTTP_HEADERS_MAX_BYTES) {
				rc = fail(p, EG_E_LIMIT,
					  _("the response headers exceed %u bytes"),
					  EG_HTTP_HEADERS_MAX_BYTES);
				break;
			}
			if (p->line.len + take > EG_HTTP_LINE_MAX) {
				rc = fail(p, EG_E_LIMIT,
					  _("a response line is longer than %u bytes"),
					  EG_HTTP_LINE_MAX);
				break;
			}
			if (counted)
				p->header_bytes += take;
			if (eg_buf_add(&p->line, d + i, take) != 0) {
				rc = nomem(p);
				break;
			}
			i += take;
			if (nl == NULL)
				break;
			size_t ll = p->line.len - 1;
			if (ll > 0 && p->line.data[ll - 1] == '\r')
				ll--;
			if (memchr(p->line.data, '\r', ll) != NULL) {
				rc = fail(p, EG_E_PARSE, "%s",
					  _("a response line contains a bare CR"));
				break;
			}
			if (memchr(p->line.data, '\0', ll) != NULL) {
				rc = fail(p, EG_E_PARSE, "%s",
					  _("a response line contains a NUL byte"));
				break;
			}
			rc = on_line(p, p->line.data, ll);
			eg_buf_reset(&p->line);
			if (rc < 0)
				break;
			continue;
		}
		size_t avail = n - i;
		if (p->st == S_BODY_LEN || p->st == S_CHUNK_DATA) {
			if ((uint64_t)avail > p->left)
				avail = (size_t)p->left;
			p->left -= avail;
		}
		rc = sink(p, d + i, avail);
		i += avail;
		if (rc < 0)
			break;
		if (rc == 1) { /* the cap: complete, truncated */
			rc = finish(p);
			break;
		}
		if (p->st == S_BODY_LEN && p->left == 0)
			rc = finish(p);
		else if (p->st == S_CHUNK_DATA && p->left == 0)
			p->st = S_CHUNK_END;
		if (rc < 0)
			break;
	}
	if (used != NULL)
		*used = i;
	if (p->st == S_ERROR)
		return p->err;
	return p->st == S_DONE ? EG_HTTP_DONE : EG_HTTP_MORE;
}

int eg_http_parser_eof(struct eg_http_parser *p)
{
	switch (p->st) {
	case S_DONE:
		return EG_HTTP_DONE;
	case S_ERROR:
		return p->err;
	case S_BODY_CLOSE:
		return finish(p);
	case S_STATUS:
		if (p->line.len == 0 && p->interim == 0)
			return fail(p, EG_E_PARSE, "%s",
				    _("the server closed the connection without answering"));
		/* fall through */
	default:
		return fail(p, EG_E_PARSE, "%s",
			    _("the server closed the connection in the middle of the response"));
	}
}

int eg_http_parse(const void *data, size_t n, int head, size_t body_max,
		  struct eg_http_response **out, struct eg_err *e)
{
	struct eg_http_parser *p = NULL;
	*out = NULL;
	int rc = eg_http_parser_new(head, body_max, &p);
	if (rc != 0)
		return eg_err_set(e, rc, "%s", _("out of memory"));
	rc = eg_http_parser_feed(p, data, n, NULL);
	if (rc == EG_HTTP_MORE)
		rc = eg_http_parser_eof(p);
	if (rc == EG_HTTP_DONE)
		*out = eg_http_parser_take(p);
	else
		eg_err_set(e, rc, "%s", eg_http_parser_error(p));
	eg_http_parser_free(p);
	return rc;
}

/* ---- Set-Cookie ------------------------------------------------------- */

void eg_cookie_clear(struct eg_cookie *c)
{
	if (c == NULL)
		return;
	free(c->name);
	eg_free_secret(c->value);
	free(c->samesite);
	free(c->path);
	free(c->domain);
	free(c->expires);
	memset(c, 0, sizeof(*c));
}

/* s[*a..*b) without surrounding spaces and tabs. */
static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
		(*a)++;
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
		(*b)--;
}

static int set_str(char **dst, const char *s, size_t n)
{
	char *v = eg_strndup(s, n);
	if (v == NULL)
		return EG_E_NOMEM;
	free(*dst);
	*dst = v;
	return 0;
}

int eg_cookie_parse(const char *s, size_t n, struct eg_cookie *c)
{
	int rc = 0;
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return EG_E_PARSE;
	size_t end = 0;
	while (end < n && s[end] != ';')
		end++;
	const char *eq = memchr(s, '=', end);
	if (eq == NULL)
		return EG_E_PARSE;
	size_t a = 0, b = (size_t)(eq - s);
	trim(s, &a, &b);
	if (a == b)
		return EG_E_PARSE;
	size_t va = (size_t)(eq - s) + 1, vb = end;
	trim(s, &va, &vb);
	if ((rc = set_str(&c->name, s + a, b - a)) != 0 ||
	    (rc = set_str(&c->value, s + va, vb - va)) != 0)
		goto out;
	unsigned nattr = 0;
	size_t i = end;
	while (i < n) {
		i++; /* the ';' */
		size_t ae = i;
		while (ae < n && s[ae] != ';')
			ae++;
		if (++nattr > EG_HTTP_COOKIE_MAX_ATTRS) {
			rc = EG_E_LIMIT;
			goto out;
		}
		const char *aeq = memchr(s + i, '=', ae - i);
		size_t ka = i, kb = aeq != NULL ? (size_t)(aeq - s) : ae;
		size_t xa = aeq != NULL ? kb + 1 : ae, xb = ae;
		trim(s, &ka, &kb);
		trim(s, &xa, &xb);
		const char *k = s + ka, *v = s + xa;
		size_t kl = kb - ka, vl = xb - xa;
#define IS(name) (kl == sizeof(name) - 1 && strncasecmp(k, name, kl) == 0)
		if (IS("secure")) {
			c->secure = 1;
		} else if (IS("httponly")) {
			c->httponly = 1;
		} else if (IS("samesite")) {
			rc = set_str(&c->samesite, v, vl);
		} else if (IS("path")) {
			rc = set_str(&c->path, v, vl);
		} else if (IS("domain")) {
			rc = set_str(&c->domain, v, vl);
		} else if (IS("expires")) {
			rc = set_str(&c->expires, v, vl);
		} else if (IS("max-age")) {
			int64_t ma;
			/* RFC 6265 5.2.2: a non-number is ignored */
			if (eg_parse_i64n(v, vl, INT64_MIN, INT64_MAX, &ma) == 0) {
				c->has_max_age = 1;
				c->max_age = ma;
			}
		}
#undef IS
		if (rc != 0)
			goto out;
		i = ae;
	}
out:
	if (rc != 0)
		eg_cookie_clear(c);
	return rc;
}
