/* Unit tests: the passwd, group and shadow parsers (users, groups, shadow). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/passwd.h"
#include "util/limits.h"
#include "acct_check.h"

typedef int (*parse_fn)(const char *, size_t, const char *,
			const struct eg_acct_sink *);

static void run(struct rec *r, parse_fn fn, const char *text, size_t len)
{
	rec_init(r);
	assert_int_equal(fn(text, len, "/etc/f", &r->sink), 0);
}

static void test_passwd(void **state)
{
	(void)state;
	struct rec r;
	const char *t =
		"root:x:0:0:root:/root:/bin/bash\n"
		"# a comment\n"
		"\n"
		"   daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
		"alice:x:1000:1000:Alice Example,,,:/home/alice:/bin/bash\n"
		"toor:x:0:0::/:/bin/sh";
	run(&r, eg_acct_parse_passwd, t, strlen(t));
	expect_text(eg_buf_str(&r.rows),
		    "root|0|0|root|/root|/bin/bash\n"
		    "daemon|1|1|daemon|/usr/sbin|/usr/sbin/nologin\n"
		    "alice|1000|1000|Alice Example,,,|/home/alice|/bin/bash\n"
		    "toor|0|0||/|/bin/sh\n");
	assert_int_equal(r.nwarns, 0);
	rec_free(&r);
}

/* A short line is still an account for glibc: it must not vanish. */
static void test_passwd_malformed(void **state)
{
	(void)state;
	struct rec r;
	const char *t =
		"evil:x:0:0\n"
		"extra:x:5:5:g:/h:/bin/sh:more:fields\n"
		"baduid:x:abc:0::/:/bin/sh\n"
		"neg:x:-1:0::/:/bin/sh\n"
		"big:x:4294967296:0::/:/bin/sh\n"
		":x:7:7::/:/bin/sh\n"
		"short:x:9\n"
		"+::::::\n"
		"max:x:4294967295:0::/:/bin/sh\n";
	run(&r, eg_acct_parse_passwd, t, strlen(t));
	expect_text(eg_buf_str(&r.rows),
		    "evil|0|0|||\n"
		    "extra|5|5|g|/h|/bin/sh\n"
		    "+|NULL|NULL|||\n"
		    "max|4294967295|0||/|/bin/sh\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/f:1: passwd entry with fewer than 7 fields; the missing ones are empty\n"
		    "/etc/f:2: passwd entry with more than 7 fields; the extra ones are ignored\n"
		    "/etc/f:3: uid or gid is not a number from 0 to 4294967295; entry skipped\n"
		    "/etc/f:4: uid or gid is not a number from 0 to 4294967295; entry skipped\n"
		    "/etc/f:5: uid or gid is not a number from 0 to 4294967295; entry skipped\n"
		    "/etc/f:6: not a passwd entry (name:password:uid:gid:gecos:home:shell); skipped\n"
		    "/etc/f:7: not a passwd entry (name:password:uid:gid:gecos:home:shell); skipped\n");
	rec_free(&r);
}

static void test_hostile_lines(void **state)
{
	(void)state;
	struct rec r;
	size_t big = EG_LINE_MAX + 10;
	char *t = malloc(big + 200);
	assert_non_null(t);
	size_t n = 0;
	memcpy(t + n, "a:x:1:1::/:/bin/sh\n", 19);
	n += 19;
	memcpy(t + n, "nul:x:0:0\0::/:/bin/sh\n", 22); /* a NUL inside */
	n += 22;
	memcpy(t + n, "bad:x:0:0:\xff\xfe:/:/bin/sh\n", 24);
	n += 24;
	memset(t + n, 'z', big);
	n += big;
	t[n++] = '\n';
	memcpy(t + n, "b:x:2:2::/:/bin/sh", 18);
	n += 18;
	run(&r, eg_acct_parse_passwd, t, n);
	expect_text(eg_buf_str(&r.rows),
		    "a|1|1||/|/bin/sh\n"
		    "b|2|2||/|/bin/sh\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/f:2: line holds a NUL byte or invalid UTF-8; skipped\n"
		    "/etc/f:3: line holds a NUL byte or invalid UTF-8; skipped\n"
		    "/etc/f:4: line too long; skipped\n");
	rec_free(&r);
	free(t);
}

static void test_stop(void **state)
{
	(void)state;
	struct rec r;
	const char *t = "a:x:1:1::/:\nb:x:2:2::/:\nc:x:3:3::/:\n";
	rec_init(&r);
	r.stop_after = 2;
	assert_int_equal(eg_acct_parse_passwd(t, strlen(t), "/f", &r.sink),
			 EG_E_LIMIT);
	assert_int_equal(r.nrows, 2);
	rec_free(&r);
	/* An empty or absent buffer has no rows. */
	run(&r, eg_acct_parse_passwd, NULL, 0);
	assert_int_equal(r.nrows, 0);
	rec_free(&r);
}

static void test_group(void **state)
{
	(void)state;
	struct rec r;
	const char *t =
		"root:x:0:\n"
		"sudo:x:27:alice,bob\n"
		"wheel:x:10\n"
		"bad:x:x1:\n"
		"many:x:11:a,b:extra\n";
	run(&r, eg_acct_parse_group, t, strlen(t));
	expect_text(eg_buf_str(&r.rows),
		    "root|0|\n"
		    "sudo|27|alice,bob\n"
		    "wheel|10|\n"
		    "many|11|a,b\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/f:4: gid is not a number from 0 to 4294967295; entry skipped\n"
		    "/etc/f:5: group entry with more than 4 fields; the extra ones are ignored\n");
	rec_free(&r);
}

static void test_classify(void **state)
{
	(void)state;
	struct {
		const char *pw, *status, *alg;
	} c[] = {
		{"", "empty", NULL},
		{"!", "locked", NULL},
		{"*", "locked", NULL},
		{"!*", "locked", NULL},
		{"!!", "locked", NULL},
		{"!$6$salt$hash", "locked", "sha512"},
		{"$y$j9T$salt$hash", "hashed", "yescrypt"},
		{"$6$salt$hash", "hashed", "sha512"},
		{"$5$salt$hash", "hashed", "sha256"},
		{"$1$salt$hash", "hashed", "md5"},
		{"$2a$10$abc", "hashed", "bcrypt"},
		{"$2b$10$abc", "hashed", "bcrypt"},
		{"$2y$10$abc", "hashed", "bcrypt"},
		{"$2x$10$abc", "hashed", NULL},
		{"$gy$j9T$s$h", "hashed", NULL},
		{"abJnggxhB/yWI", "hashed", "des"},
		{"abJnggxhB/yW", "hashed", NULL},
		{"abJnggxhB/yW$", "hashed", NULL},
		{"x", "hashed", NULL},
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t n = strlen(c[i].pw);
		assert_string_equal(eg_acct_password_status(c[i].pw, n),
				    c[i].status);
		const char *a = eg_acct_hash_algorithm(c[i].pw, n);
		if (c[i].alg == NULL)
			assert_null(a);
		else
			assert_string_equal(a, c[i].alg);
	}
}

static void test_shadow(void **state)
{
	(void)state;
	struct rec r;
	const char *t =
		"root:$y$j9T$SECRETSALT$SECRETHASHyyyyyyyyyyyyyyyyyyyyyyy:19500:0:99999:7:::\n"
		"daemon:*:19500:0:99999:7:::\n"
		"alice:$6$SECRETSALT$SECRETHASH6666:19501:1:90:14:30:20000:\n"
		"guest::19502:0:99999:7:::\n"
		"old:$1$SECRETSA$SECRETHASH11111111111\n"
		"locked:!$6$SECRETSALT$SECRETHASH:19503::::::\n"
		"des:abJnggxhB/yWI:0:0:99999:7:::\n"
		"weird:$6$x$y:123:x:9:::::\n"
		"few:$5$x$y:1:2\n";
	run(&r, eg_acct_parse_shadow, t, strlen(t));
	expect_text(eg_buf_str(&r.rows),
		    "root|hashed|yescrypt|19500|0|99999|7|NULL|NULL\n"
		    "daemon|locked|NULL|19500|0|99999|7|NULL|NULL\n"
		    "alice|hashed|sha512|19501|1|90|14|30|20000\n"
		    "guest|empty|NULL|19502|0|99999|7|NULL|NULL\n"
		    "old|hashed|md5|NULL|NULL|NULL|NULL|NULL|NULL\n"
		    "locked|locked|sha512|19503|NULL|NULL|NULL|NULL|NULL\n"
		    "des|hashed|des|0|0|99999|7|NULL|NULL\n"
		    "weird|hashed|sha512|123|NULL|9|NULL|NULL|NULL\n"
		    "few|hashed|sha256|1|2|NULL|NULL|NULL|NULL\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/f:8: shadow entry without 9 fields; missing ones are NULL, extra ones ignored\n"
		    "/etc/f:8: shadow day field is not a number; shown as NULL\n"
		    "/etc/f:9: shadow entry without 9 fields; missing ones are NULL, extra ones ignored\n");
	/* No part of a hash or salt reaches a row or a warning. */
	expect_lacks(eg_buf_str(&r.rows), "SECRET");
	expect_lacks(eg_buf_str(&r.warns), "SECRET");
	expect_lacks(eg_buf_str(&r.rows), "abJ");
	rec_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_passwd_malformed),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_shadow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
