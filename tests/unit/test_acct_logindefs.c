/* Unit tests: the login.defs parser (login_defs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/logindefs.h"
#include "util/limits.h"
#include "acct_check.h"

static void test_values(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	const char *t =
		"#\n"
		"# /etc/login.defs\n"
		"MAIL_DIR        /var/mail\n"
		"PASS_MAX_DAYS\t99999\n"
		"  PASS_MIN_DAYS 0   \n"
		"ENCRYPT_METHOD \"SHA512\"\n"
		"ENV_PATH PATH=/usr/local/bin:/usr/bin:/bin\n"
		"LONELY\n"
		"UMASK 022 # default\n"
		"PASS_MAX_DAYS 90\n"
		"QUOTED \"a b\" tail\n";
	assert_int_equal(eg_acct_parse_login_defs(t, strlen(t), "/l",
						  &r.sink), 0);
	/* The last PASS_MAX_DAYS wins; a comment after a value is part of it
	 * as shadow-utils reads it; the value stops at a double quote. */
	expect_text(eg_buf_str(&r.rows),
		    "MAIL_DIR|/var/mail\n"
		    "PASS_MAX_DAYS|90\n"
		    "PASS_MIN_DAYS|0\n"
		    "ENCRYPT_METHOD|SHA512\n"
		    "ENV_PATH|PATH=/usr/local/bin:/usr/bin:/bin\n"
		    "UMASK|022 # default\n"
		    "QUOTED|a b\n");
	assert_int_equal(r.nwarns, 0);
	rec_free(&r);
}

static void test_hostile(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	const char t[] = "A 1\nB \xc3\x28\nC\0 3\nD 4";
	assert_int_equal(eg_acct_parse_login_defs(t, sizeof(t) - 1, "/l",
						  &r.sink), 0);
	expect_text(eg_buf_str(&r.rows), "A|1\nD|4\n");
	expect_text(eg_buf_str(&r.warns),
		    "/l:2: line holds a NUL byte or invalid UTF-8; skipped\n"
		    "/l:3: line holds a NUL byte or invalid UTF-8; skipped\n");
	rec_free(&r);
}

/* More distinct keys than the bound: the first ones are kept, with a
 * warning; repeating known keys stays cheap and the last value wins. */
static void test_many_keys(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 26);
	for (unsigned i = 0; i < EG_LOGINDEFS_MAX_KEYS + 10; i++)
		eg_buf_addf(&b, "K%u %u\n", i, i);
	for (unsigned r = 0; r < 200000; r++)
		eg_buf_addf(&b, "K%u x%u\n", r % 64, r);
	struct rec r;
	rec_init(&r);
	assert_int_equal(eg_acct_parse_login_defs(b.data, b.len, "/l",
						  &r.sink), 0);
	assert_int_equal(r.nrows, EG_LOGINDEFS_MAX_KEYS);
	expect_has(eg_buf_str(&r.rows), "K4095|4095\n");
	expect_lacks(eg_buf_str(&r.rows), "K4096|");
	expect_text(eg_buf_str(&r.warns),
		    "/l:4097: too many distinct keys; the rest are ignored\n");
	rec_free(&r);
	eg_buf_reset(&b);
	for (unsigned i = 0; i < 100; i++)
		eg_buf_addf(&b, "K%u %u\n", i, i);
	for (unsigned n = 0; n < 200000; n++)
		eg_buf_addf(&b, "K%u x%u\n", n % 64, n);
	rec_init(&r);
	assert_int_equal(eg_acct_parse_login_defs(b.data, b.len, "/l",
						  &r.sink), 0);
	assert_int_equal(r.nrows, 100);
	expect_has(eg_buf_str(&r.rows), "K63|x199999\nK64|64\n");
	rec_free(&r);
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_many_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
