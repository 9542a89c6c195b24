/* Unit tests: the HTTP/1.1 response parser (framing, limits, refusals,
 * byte-by-byte feeding, gzip/deflate with the bomb cap) and the Set-Cookie
 * parser (src/scan/http/http_parse.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "scan/http/http_parse.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

static struct eg_http_response *parse_ok(const char *s, size_t n, int head,
					 size_t cap)
{
	struct eg_http_response *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_http_parse(s, n, head, cap, &r, &e);
	if (rc != 0)
		fail_msg("parse failed (%d): %s", rc, eg_err_msg(&e));
	assert_non_null(r);
	return r;
}

#define PARSE(lit) parse_ok(lit, sizeof(lit) - 1, 0, 0)

/* The code eg_http_parse returns for s, with the message in msg. */
static int parse_err(const char *s, size_t n, char *msg, size_t mn)
{
	struct eg_http_response *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_http_parse(s, n, 0, 0, &r, &e);
	assert_null(r);
	if (msg != NULL)
		snprintf(msg, mn, "%s", eg_err_msg(&e));
	return rc;
}

#define ERR(lit) parse_err(lit, sizeof(lit) - 1, NULL, 0)

static void test_content_length(void **state)
{
	(void)state;
	struct eg_http_response *r = PARSE(
		"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
		"set-cookie: a=1\r\nSet-Cookie: b=2\r\n"
		"Content-Length: 5\r\nX-Empty:\r\n\r\nhelloEXTRA");
	assert_int_equal(r->status, 200);
	assert_int_equal(r->minor, 1);
	assert_string_equal(r->reason, "OK");
	assert_int_equal(r->nheaders, 5);
	assert_string_equal(eg_http_header_get(r, "SERVER"), "nginx/1.22.1");
	assert_int_equal(eg_http_header_count(r, "Set-Cookie"), 2);
	assert_string_equal(r->headers[1].value, "a=1");
	assert_string_equal(r->headers[2].value, "b=2");
	assert_string_equal(eg_http_header_get(r, "x-empty"), "");
	assert_null(eg_http_header_get(r, "X-None"));
	assert_int_equal(r->framing, EG_HTTP_LENGTH);
	assert_int_equal(r->body_len, 5);
	assert_string_equal((char *)r->body, "hello");
	assert_false(r->body_truncated);
	eg_http_response_free(r);

	/* a repeated Content-Length with the same value is one length */
	r = PARSE("HTTP/1.0 404 Not Found\r\nContent-Length: 2, 2\r\n"
		  "Content-Length: 2\r\n\r\nab");
	assert_int_equal(r->status, 404);
	assert_int_equal(r->minor, 0);
	assert_int_equal(r->body_len, 2);
	eg_http_response_free(r);

	/* no reason phrase, LF line ends */
	r = PARSE("HTTP/1.1 204\nX: y\n\n");
	assert_int_equal(r->status, 204);
	assert_string_equal(r->reason, "");
	assert_int_equal(r->framing, EG_HTTP_NOBODY);
	eg_http_response_free(r);
}

static void test_chunked(void **state)
{
	(void)state;
	static const char chunked[] =
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n"
		"Content-Length: 999\r\n\r\n"
		"5;name=value\r\nhello\r\n6\r\n world\r\n"
		"0\r\nX-Trailer: t\r\n\r\n";
	struct eg_http_response *r = PARSE(chunked);
	assert_int_equal(r->framing, EG_HTTP_CHUNKED);
	assert_string_equal((char *)r->body, "hello world");
	assert_null(eg_http_header_get(r, "X-Trailer"));
	eg_http_response_free(r);

	/* fed one byte at a time: the same response */
	struct eg_http_parser *p;
	assert_int_equal(eg_http_parser_new(0, 0, &p), 0);
	int rc = EG_HTTP_MORE;
	size_t i;
	for (i = 0; i < sizeof(chunked) - 1 && rc == EG_HTTP_MORE; i++)
		rc = eg_http_parser_feed(p, chunked + i, 1, NULL);
	assert_int_equal(rc, EG_HTTP_DONE);
	assert_int_equal(i, sizeof(chunked) - 1);
	r = eg_http_parser_take(p);
	assert_non_null(r);
	assert_string_equal((char *)r->body, "hello world");
	assert_null(eg_http_parser_take(p));
	eg_http_response_free(r);
	eg_http_parser_free(p);

	/* bytes after a complete response are not consumed */
	assert_int_equal(eg_http_parser_new(0, 0, &p), 0);
	static const char two[] = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1";
	size_t used = 0;
	assert_int_equal(eg_http_parser_feed(p, two, sizeof(two) - 1, &used),
			 EG_HTTP_DONE);
	assert_int_equal(used, sizeof(two) - 1 - 8);
	eg_http_parser_free(p);
}

static void test_close_and_nobody(void **state)
{
	(void)state;
	struct eg_http_response *r = PARSE("HTTP/1.1 200 OK\r\n\r\nuntil close");
	assert_int_equal(r->framing, EG_HTTP_CLOSE);
	assert_string_equal((char *)r->body, "until close");
	eg_http_response_free(r);

	/* HEAD: the Content-Length describes a body that is not sent */
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
	r = parse_ok(head, sizeof(head) - 1, 1, 0);
	assert_int_equal(r->framing, EG_HTTP_NOBODY);
	assert_int_equal(r->body_len, 0);
	eg_http_response_free(r);

	r = PARSE("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
	assert_int_equal(r->body_len, 0);
	eg_http_response_free(r);

	/* interim responses are skipped */
	r = PARSE("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
		  "Link: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\n"
		  "Content-Length: 0\r\n\r\n");
	assert_int_equal(r->status, 201);
	assert_int_equal(r->nheaders, 1);
	eg_http_response_free(r);
}

static void test_refusals(void **state)
{
	(void)state;
	char msg[EG_ERRMSG_MAX];
	static const char fold[] = "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n";
	assert_int_equal(parse_err(fold, sizeof(fold) - 1, msg, sizeof(msg)),
			 EG_E_PARSE);
	assert_non_null(strstr(msg, "obs-fold"));
	static const char nul[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n";
	assert_int_equal(parse_err(nul, sizeof(nul) - 1, msg, sizeof(msg)),
			 EG_E_PARSE);
	assert_non_null(strstr(msg, "NUL"));
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nX : a\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\n: a\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nX: \x1b[31m\r\n\r\n"),
			 EG_E_PARSE);
	assert_int_equal(ERR("HTTP/2 200\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 20 OK\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 600 Odd\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 2000 OK\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("SSH-2.0-OpenSSH_9.2\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("<html>hello</html>\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
			 EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\nx"),
			 EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
			     "Content-Length: 2\r\n\r\nxx"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
			 EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
			 EG_E_UNSUPPORTED);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			     "12345678901234567\r\n"), EG_E_LIMIT);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			     "zz\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			     "2\r\nabc\r\n0\r\n\r\n"), EG_E_PARSE);
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
			 EG_E_PARSE);
	assert_int_equal(parse_err("", 0, msg, sizeof(msg)), EG_E_PARSE);
	assert_non_null(strstr(msg, "without answering"));
	assert_int_equal(ERR("HTTP/1.1 200 OK\r\nX: y\r\n"), EG_E_PARSE);
}

static void test_limits(void **state)
{
	(void)state;
	struct eg_buf b;
	char msg[EG_ERRMSG_MAX];
	eg_buf_init(&b, 16u * 1024u * 1024u);
	/* endless headers: too many lines */
	eg_buf_adds(&b, "HTTP/1.1 200 OK\r\n");
	for (unsigned i = 0; i <= EG_HTTP_MAX_HEADERS; i++)
		eg_buf_addf(&b, "X-%u: v\r\n", i);
	eg_buf_adds(&b, "\r\n");
	assert_int_equal(parse_err(b.data, b.len, msg, sizeof(msg)), EG_E_LIMIT);
	assert_non_null(strstr(msg, "header lines"));
	/* endless headers: too many bytes */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "HTTP/1.1 200 OK\r\n");
	for (unsigned i = 0; i < 300; i++) {
		eg_buf_addf(&b, "X-%u: ", i);
		for (int k = 0; k < 1000; k++)
			eg_buf_addc(&b, 'v');
		eg_buf_adds(&b, "\r\n");
	}
	assert_int_equal(parse_err(b.data, b.len, msg, sizeof(msg)), EG_E_LIMIT);
	assert_non_null(strstr(msg, "headers exceed"));
	/* one line without an end */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "HTTP/1.1 200 OK\r\nX: ");
	for (unsigned i = 0; i < EG_HTTP_LINE_MAX; i++)
		eg_buf_addc(&b, 'a');
	assert_int_equal(parse_err(b.data, b.len, msg, sizeof(msg)), EG_E_LIMIT);
	assert_non_null(strstr(msg, "longer than"));
	/* too many interim responses */
	eg_buf_reset(&b);
	for (unsigned i = 0; i <= EG_HTTP_MAX_INTERIM; i++)
		eg_buf_adds(&b, "HTTP/1.1 100 Continue\r\n\r\n");
	assert_int_equal(parse_err(b.data, b.len, NULL, 0), EG_E_LIMIT);
	eg_buf_free(&b);

	/* a body past the cap is cut, and the response complete */
	static const char big[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n0123456789";
	struct eg_http_response *r = parse_ok(big, sizeof(big) - 1, 0, 4);
	assert_true(r->body_truncated);
	assert_int_equal(r->body_len, 4);
	assert_string_equal((char *)r->body, "0123");
	assert_int_equal(r->content_length, 1000000000000ull);
	eg_http_response_free(r);
	/* exactly the cap is not truncated */
	static const char exact[] = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
	r = parse_ok(exact, sizeof(exact) - 1, 0, 4);
	assert_false(r->body_truncated);
	eg_http_response_free(r);
}

/* gzip (wbits 31), zlib (15) or raw deflate (-15) of n bytes of c. */
static size_t squeeze(int wbits, const unsigned char *in, size_t n,
		      unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t len = cap - z.avail_out;
	deflateEnd(&z);
	return len;
}

static struct eg_http_response *encoded(const char *enc,
					const unsigned char *body, size_t n,
					size_t cap, int expect_rc)
{
	struct eg_buf b;
	struct eg_http_response *r = NULL;
	struct eg_err e;
	eg_buf_init(&b, 1u << 24);
	eg_buf_addf(&b, "HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\n"
		    "Content-Length: %zu\r\n\r\n", enc, n);
	eg_buf_add(&b, body, n);
	eg_err_clear(&e);
	assert_int_equal(eg_http_parse(b.data, b.len, 0, cap, &r, &e),
			 expect_rc);
	eg_buf_free(&b);
	return r;
}

static void test_gzip(void **state)
{
	(void)state;
	static const char text[] = "Index of /uploads/ <?php secret ?>";
	unsigned char z[4096];
	size_t zn = squeeze(31, (const unsigned char *)text, sizeof(text) - 1,
			    z, sizeof(z));
	struct eg_http_response *r = encoded("gzip", z, zn, 0, 0);
	assert_true(r->decoded);
	assert_string_equal((char *)r->body, text);
	assert_int_equal(r->raw_body_len, zn);
	eg_http_response_free(r);
	/* "deflate" as zlib, and as raw deflate (what some servers send) */
	zn = squeeze(15, (const unsigned char *)text, sizeof(text) - 1, z,
		     sizeof(z));
	r = encoded("deflate", z, zn, 0, 0);
	assert_string_equal((char *)r->body, text);
	eg_http_response_free(r);
	zn = squeeze(-15, (const unsigned char *)text, sizeof(text) - 1, z,
		     sizeof(z));
	r = encoded("deflate", z, zn, 0, 0);
	assert_string_equal((char *)r->body, text);
	eg_http_response_free(r);
	/* an encoding we do not decode is kept as received */
	r = encoded("br", (const unsigned char *)"xyz", 3, 0, 0);
	assert_true(r->encoded);
	assert_false(r->decoded);
	assert_string_equal((char *)r->body, "xyz");
	eg_http_response_free(r);
	/* corrupt and cut streams are errors */
	zn = squeeze(31, (const unsigned char *)text, sizeof(text) - 1, z,
		     sizeof(z));
	z[12] ^= 0xff;
	z[13] ^= 0xff;
	assert_null(encoded("gzip", z, zn, 0, EG_E_PARSE));
	zn = squeeze(31, (const unsigned char *)text, sizeof(text) - 1, z,
		     sizeof(z));
	assert_null(encoded("gzip", z, zn / 2, 0, EG_E_PARSE));
	assert_null(encoded("gzip", (const unsigned char *)"not gzip", 8, 0,
			    EG_E_PARSE));
}

static void test_gzip_bomb(void **state)
{
	(void)state;
	/* 64 MiB of zeros compress to ~64 KiB: the parser keeps the cap */
	size_t n = 64u * 1024u * 1024u;
	unsigned char *zeros = calloc(1, n);
	unsigned char *z = malloc(1u << 20);
	assert_non_null(zeros);
	assert_non_null(z);
	size_t zn = squeeze(31, zeros, n, z, 1u << 20);
	free(zeros);
	struct eg_http_response *r = encoded("gzip", z, zn, 1000, 0);
	assert_true(r->body_truncated);
	assert_int_equal(r->body_len, 1000);
	eg_http_response_free(r);
	r = encoded("gzip", z, zn, 0, 0);
	assert_true(r->body_truncated);
	assert_int_equal(r->body_len, EG_HTTP_BODY_MAX);
	eg_http_response_free(r);
	free(z);
}

static void test_cookie(void **state)
{
	(void)state;
	struct eg_cookie c;
	const char *s = " PHPSESSID = abc123 ; Path=/; secure; HTTPONLY;"
			" SameSite=Lax; Domain=.shop.example;"
			" Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600;"
			" Unknown=1";
	assert_int_equal(eg_cookie_parse(s, strlen(s), &c), 0);
	assert_string_equal(c.name, "PHPSESSID");
	assert_string_equal(c.value, "abc123");
	assert_true(c.secure);
	assert_true(c.httponly);
	assert_string_equal(c.samesite, "Lax");
	assert_string_equal(c.path, "/");
	assert_string_equal(c.domain, ".shop.example");
	assert_string_equal(c.expires, "Wed, 21 Oct 2026 07:28:00 GMT");
	assert_true(c.has_max_age);
	assert_int_equal(c.max_age, 3600);
	eg_cookie_clear(&c);

	s = "a=";
	assert_int_equal(eg_cookie_parse(s, strlen(s), &c), 0);
	assert_string_equal(c.value, "");
	assert_false(c.secure);
	assert_null(c.samesite);
	assert_false(c.has_max_age);
	eg_cookie_clear(&c);

	s = "a=b; Max-Age=soon; Max-Age=-1";
	assert_int_equal(eg_cookie_parse(s, strlen(s), &c), 0);
	assert_true(c.has_max_age);
	assert_int_equal(c.max_age, -1);
	eg_cookie_clear(&c);

	assert_int_equal(eg_cookie_parse("noequals", 8, &c), EG_E_PARSE);
	assert_int_equal(eg_cookie_parse("=v", 2, &c), EG_E_PARSE);
	assert_int_equal(eg_cookie_parse("a=b\nc", 5, &c), EG_E_PARSE);
	assert_int_equal(eg_cookie_parse("a=\0b", 4, &c), EG_E_PARSE);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	eg_buf_adds(&b, "a=b");
	for (unsigned i = 0; i <= EG_HTTP_COOKIE_MAX_ATTRS; i++)
		eg_buf_adds(&b, "; x");
	assert_int_equal(eg_cookie_parse(b.data, b.len, &c), EG_E_LIMIT);
	assert_null(c.name);
	eg_buf_free(&b);
	eg_cookie_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_close_and_nobody),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_cookie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
