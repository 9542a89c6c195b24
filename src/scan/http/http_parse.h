/*
 * http_parse.h: a strict, bounded HTTP/1.1 response parser, fed with bytes
 * as they arrive (or a whole response at once), and a Set-Cookie parser.
 *
 * What it accepts (RFC 9112): a status line "HTTP/1.0|1.1 NNN reason";
 * header lines "name: value" with a token name (no space before the colon),
 * values of visible bytes, spaces, tabs and obs-text; lines ending in CRLF
 * or a bare LF. It refuses: folded lines (obs-fold), NULs and other control
 * bytes, a bare CR, a Content-Length that is not one non-negative number (a
 * repeated one must repeat the same value), a Transfer-Encoding other than
 * "chunked", chunk sizes of more than EG_HTTP_CHUNK_HEX_MAX hex digits,
 * and anything past the limits of src/util/limits.h (line length, header
 * count, header bytes). Bodies are delimited by chunked coding, else
 * Content-Length, else the peer closing; HEAD answers, 1xx, 204 and 304
 * have none. Interim 1xx responses are skipped.
 *
 * The body kept is capped (body_max): past it the response is complete with
 * body_truncated set, and the caller stops reading. Content-Encoding gzip,
 * x-gzip or deflate (zlib or raw) is decoded on the fly under the same cap,
 * so a gzip bomb costs at most body_max bytes of memory and ends truncated.
 * Other encodings are kept as received (encoded = 1, decoded = 0).
 *
 * Strings in the response are hostile text: escape them before showing them.
 */
#ifndef EG_HTTP_PARSE_H
#define EG_HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/err.h"

struct eg_http_header {
	char *name;   /* as received (compare case-insensitively) */
	char *value;  /* surrounding spaces and tabs removed */
};

/* How the body was delimited. */
enum eg_http_framing {
	EG_HTTP_NOBODY,   /* HEAD, 1xx, 204, 304 */
	EG_HTTP_LENGTH,   /* Content-Length */
	EG_HTTP_CHUNKED,  /* Transfer-Encoding: chunked */
	EG_HTTP_CLOSE,    /* read until the peer closed */
};

struct eg_http_response {
	int minor;                /* HTTP/1.minor: 0 or 1 */
	int status;               /* 100..599 */
	char *reason;             /* reason phrase, may be "" */
	struct eg_http_header *headers; /* in the order received, duplicates
					 * kept; nheaders entries */
	size_t nheaders;
	unsigned char *body;      /* decoded body, NUL-terminated (never NULL) */
	size_t body_len;
	int body_truncated;       /* more body existed than was kept */
	int framing;              /* enum eg_http_framing */
	uint64_t content_length;  /* when framing is EG_HTTP_LENGTH */
	int decoded;              /* body was gzip/deflate decoded */
	int encoded;              /* Content-Encoding we do not decode: the
				   * body is as received */
	size_t raw_body_len;      /* body bytes read off the wire */
	size_t header_bytes;      /* bytes of the status and header lines */
};

/* Returns the value of the first header called name (case-insensitive), or
 * NULL. The string belongs to r. */
const char *eg_http_header_get(const struct eg_http_response *r,
			       const char *name);

/* How many headers called name r has. */
size_t eg_http_header_count(const struct eg_http_response *r,
			    const char *name);

/* Frees r and everything in it; NULL is fine. */
void eg_http_response_free(struct eg_http_response *r);

struct eg_http_parser;

/* What eg_http_parser_feed returns besides an error. */
enum { EG_HTTP_DONE = 0, EG_HTTP_MORE = 1 };

/*
 * A parser for one response. head: the request was HEAD (no body follows).
 * body_max: body bytes to keep (0 or more than EG_HTTP_BODY_MAX mean
 * EG_HTTP_BODY_MAX). Returns 0 with *out set (OUT: eg_http_parser_free),
 * or EG_E_NOMEM.
 */
int eg_http_parser_new(int head, size_t body_max,
		       struct eg_http_parser **out);

/*
 * Feeds n bytes. Returns EG_HTTP_MORE (wants more bytes), EG_HTTP_DONE (the
 * response is complete: take it; bytes after it are not consumed and *used
 * says how many were), or a negative code with the parser's error set:
 * EG_E_PARSE (malformed), EG_E_LIMIT (a bound of limits.h), EG_E_UNSUPPORTED
 * (a transfer coding other than chunked), EG_E_NOMEM. After DONE or an error,
 * further calls return the same. used may be NULL.
 */
int eg_http_parser_feed(struct eg_http_parser *p, const void *data,
			size_t n, size_t *used);

/*
 * The peer closed the connection. Returns EG_HTTP_DONE when that completes
 * the response (a body read until close, or one already complete), else
 * EG_E_PARSE with the error set (closed before or in the middle of it).
 */
int eg_http_parser_eof(struct eg_http_parser *p);

/* The error of the last failed call ("" when none). Valid until the parser
 * is freed. */
const char *eg_http_parser_error(const struct eg_http_parser *p);

/* After EG_HTTP_DONE: hands over the response (OUT: caller frees with
 * eg_http_response_free); NULL before that or when already taken. */
struct eg_http_response *eg_http_parser_take(struct eg_http_parser *p);

void eg_http_parser_free(struct eg_http_parser *p);

/*
 * The whole of data[0..n) as a response the peer then closed. Returns 0
 * with *out set (OUT: eg_http_response_free), or the errors of
 * eg_http_parser_feed with e set. Bytes after a complete response are
 * ignored.
 */
int eg_http_parse(const void *data, size_t n, int head, size_t body_max,
		  struct eg_http_response **out, struct eg_err *e);

/* A Set-Cookie header value (RFC 6265 section 5.2). */
struct eg_cookie {
	char *name, *value;   /* value: a secret (a session id); never show */
	int secure, httponly;
	char *samesite;       /* as given ("Strict", "Lax", "None", other) or
			       * NULL when absent */
	char *path, *domain;  /* NULL when absent */
	char *expires;        /* as given, NULL when absent */
	int has_max_age;
	int64_t max_age;      /* seconds; <= 0 deletes the cookie */
};

/*
 * Parses one Set-Cookie value s[0..n). Returns 0 with *c filled (OUT:
 * eg_cookie_clear), EG_E_PARSE when it sets no cookie (no '=' in the first
 * pair, an empty name, a NUL or control byte), EG_E_LIMIT (more than
 * EG_HTTP_COOKIE_MAX_ATTRS attributes), EG_E_NOMEM. On error *c is empty.
 * Unknown attributes are ignored, as user agents do; for repeated ones
 * the last wins.
 */
int eg_cookie_parse(const char *s, size_t n, struct eg_cookie *c);

/* Frees what c holds (the value is wiped) and empties it. */
void eg_cookie_clear(struct eg_cookie *c);

#endif
