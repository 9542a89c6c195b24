/* Unit tests: http(s) URL parsing, relative resolution (RFC 3986 section
 * 5.4's examples, plus what browsers do with spaces and backslashes), the
 * normal form, and origin comparison (src/scan/http/url.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scan/http/url.h"
#include "util/err.h"
#include "util/limits.h"

/* The normal form of s, or "ERR:<code>". */
static void norm(const char *s, char *out, size_t n)
{
	struct eg_http_url u;
	struct eg_err e;
	struct eg_buf b;
	eg_err_clear(&e);
	int rc = eg_http_url_parse(s, &u, &e);
	if (rc != 0) {
		snprintf(out, n, "ERR:%d", rc);
		return;
	}
	eg_buf_init(&b, 8192);
	eg_http_url_format(&u, &b);
	snprintf(out, n, "%s", eg_buf_str(&b));
	eg_buf_free(&b);
	eg_http_url_clear(&u);
}

#define NORM(in, want)                                                      \
	do {                                                                \
		char got_[4096];                                            \
		norm(in, got_, sizeof(got_));                               \
		assert_string_equal(got_, want);                            \
	} while (0)

static void test_parse(void **state)
{
	(void)state;
	struct eg_http_url u;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_http_url_parse("HTTPS://Shop.Example:8443/a/b?x=1#frag",
					   &u, &e), 0);
	assert_string_equal(u.scheme, "https");
	assert_string_equal(u.host, "shop.example");
	assert_int_equal(u.port, 8443);
	assert_string_equal(u.path, "/a/b?x=1");
	assert_int_equal(u.ipv6, 0);
	eg_http_url_clear(&u);

	assert_int_equal(eg_http_url_parse("http://[::1]:8080", &u, &e), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.ipv6, 1);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.path, "/");
	eg_http_url_clear(&u);

	NORM("https://shop.example:443/", "https://shop.example/");
	NORM("http://shop.example:80", "http://shop.example/");
	NORM("http://shop.example:", "http://shop.example/");
	NORM("http://[::1]:8080/x", "http://[::1]:8080/x");
	NORM("http://127.0.0.1?q", "http://127.0.0.1/?q");
	NORM("  http://a.example/a b\t\n/c  ", "http://a.example/a%20b/c");
	NORM("http://a.example/\xe3\x81\x82", "http://a.example/%E3%81%82");
	NORM("http:\\\\a.example\\x\\y", "http://a.example/x/y");
	NORM("http://a.example/a/./b/../c/%2e%2E/d", "http://a.example/a/d");
	NORM("http://a.example/../../x", "http://a.example/x");
	NORM("http://a.example/a/..", "http://a.example/");
}

static void test_parse_errors(void **state)
{
	(void)state;
	char big[EG_URL_MAX + 64];
	NORM("ftp://a.example/", "ERR:-9");
	NORM("javascript:alert(1)", "ERR:-9");
	NORM("https://user:pw@a.example/", "ERR:-9");
	NORM("a.example/x", "ERR:-4");
	NORM("http:/a.example", "ERR:-4");
	NORM("http://", "ERR:-4");
	NORM("http://a.example:0/", "ERR:-4");
	NORM("http://a.example:65536/", "ERR:-4");
	NORM("http://a.example:12x/", "ERR:-4");
	NORM("http://[::1/", "ERR:-4");
	NORM("http://[zz::1]/", "ERR:-4");
	NORM("http://[::1]x/", "ERR:-4");
	NORM("http://a b.example/", "ERR:-4");
	NORM("http://\xe3\x81\x82.example/", "ERR:-4");
	NORM("http://a.example/a\x01" "b", "ERR:-4");
	NORM("http://a.example/\x7f", "ERR:-4");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "http://a.example/", 17);
	NORM(big, "ERR:-5");
}

/* The resolution of ref against base, or "ERR:<code>". */
static void res(const char *base, const char *ref, char *out, size_t n)
{
	struct eg_http_url b, u;
	struct eg_err e;
	struct eg_buf buf;
	eg_err_clear(&e);
	assert_int_equal(eg_http_url_parse(base, &b, &e), 0);
	int rc = eg_http_url_resolve(&b, ref, &u, &e);
	eg_http_url_clear(&b);
	if (rc != 0) {
		snprintf(out, n, "ERR:%d", rc);
		return;
	}
	eg_buf_init(&buf, 8192);
	eg_http_url_format(&u, &buf);
	snprintf(out, n, "%s", eg_buf_str(&buf));
	eg_buf_free(&buf);
	eg_http_url_clear(&u);
}

#define RES(ref, want)                                                      \
	do {                                                                \
		char got_[4096];                                            \
		res("http://a/b/c/d;p?q", ref, got_, sizeof(got_));         \
		assert_string_equal(got_, want);                            \
	} while (0)

static void test_resolve_rfc3986(void **state)
{
	(void)state;
	/* RFC 3986 5.4.1 normal examples (http: only; "g:h" is another
	 * scheme, which we refuse) */
	RES("g:h", "ERR:-9");
	RES("g", "http://a/b/c/g");
	RES("./g", "http://a/b/c/g");
	RES("g/", "http://a/b/c/g/");
	RES("/g", "http://a/g");
	RES("//g", "http://g/");
	RES("?y", "http://a/b/c/d;p?y");
	RES("g?y", "http://a/b/c/g?y");
	RES("#s", "http://a/b/c/d;p?q");
	RES("g#s", "http://a/b/c/g");
	RES("g?y#s", "http://a/b/c/g?y");
	RES(";x", "http://a/b/c/;x");
	RES("g;x", "http://a/b/c/g;x");
	RES("", "http://a/b/c/d;p?q");
	RES(".", "http://a/b/c/");
	RES("./", "http://a/b/c/");
	RES("..", "http://a/b/");
	RES("../", "http://a/b/");
	RES("../g", "http://a/b/g");
	RES("../..", "http://a/");
	RES("../../", "http://a/");
	RES("../../g", "http://a/g");
	/* 5.4.2 abnormal examples */
	RES("../../../g", "http://a/g");
	RES("../../../../g", "http://a/g");
	RES("/./g", "http://a/g");
	RES("/../g", "http://a/g");
	RES("g.", "http://a/b/c/g.");
	RES(".g", "http://a/b/c/.g");
	RES("g..", "http://a/b/c/g..");
	RES("..g", "http://a/b/c/..g");
	RES("./../g", "http://a/b/g");
	RES("./g/.", "http://a/b/c/g/");
	RES("g/./h", "http://a/b/c/g/h");
	RES("g/../h", "http://a/b/c/h");
	RES("g;x=1/./y", "http://a/b/c/g;x=1/y");
	RES("g;x=1/../y", "http://a/b/c/y");
	RES("g?y/./x", "http://a/b/c/g?y/./x");
	RES("g#s/../x", "http://a/b/c/g");
	/* the base's own scheme without "//" is relative for browsers */
	RES("http:g", "http://a/b/c/g");
	/* what a Location or a script src may hold */
	RES("https://cdn.example/x.js", "https://cdn.example/x.js");
	RES("//cdn.example:8443/x.js", "http://cdn.example:8443/x.js");
	RES("  /spaced  ", "http://a/spaced");
	RES("\\\\evil.example/x", "http://evil.example/x");
	RES("mailto:x@y", "ERR:-9");
	RES("data:text/html,x", "ERR:-9");
}

static void test_origin(void **state)
{
	(void)state;
	struct eg_http_url a, b, c, d;
	struct eg_err e;
	struct eg_buf buf;
	eg_err_clear(&e);
	assert_int_equal(eg_http_url_parse("https://Shop.example/x", &a, &e), 0);
	assert_int_equal(eg_http_url_parse("https://shop.example:443/y?z", &b, &e), 0);
	assert_int_equal(eg_http_url_parse("http://shop.example/x", &c, &e), 0);
	assert_int_equal(eg_http_url_parse("https://shop.example:8443/x", &d, &e), 0);
	assert_true(eg_http_url_same_origin(&a, &b));
	assert_false(eg_http_url_same_origin(&a, &c));
	assert_false(eg_http_url_same_origin(&a, &d));
	eg_buf_init(&buf, 1024);
	eg_http_url_origin(&d, &buf);
	assert_string_equal(eg_buf_str(&buf), "https://shop.example:8443");
	eg_buf_reset(&buf);
	eg_http_url_hostport(&a, &buf);
	assert_string_equal(eg_buf_str(&buf), "shop.example");
	struct eg_http_url v6;
	assert_int_equal(eg_http_url_parse("https://[::1]:9/", &v6, &e), 0);
	eg_buf_reset(&buf);
	eg_http_url_hostport(&v6, &buf);
	assert_string_equal(eg_buf_str(&buf), "[::1]:9");
	struct eg_http_url cp;
	assert_int_equal(eg_http_url_copy(&cp, &v6), 0);
	assert_true(eg_http_url_same_origin(&cp, &v6));
	eg_buf_free(&buf);
	eg_http_url_clear(&a);
	eg_http_url_clear(&b);
	eg_http_url_clear(&c);
	eg_http_url_clear(&d);
	eg_http_url_clear(&v6);
	eg_http_url_clear(&cp);
	eg_http_url_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_resolve_rfc3986),
		cmocka_unit_test(test_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
