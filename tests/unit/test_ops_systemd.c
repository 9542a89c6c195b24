/* Unit tests: the systemd unit-file parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/systemd_units.h"
#include "util/err.h"
#include "util/limits.h"
#include "ops_check.h"

static struct eg_orows *parse(const char *text, size_t len)
{
	struct eg_orows *r = eg_orows_new(EG_UNIT_NCOLS);
	assert_non_null(r);
	assert_int_equal(eg_unit_parse(text, len, "/u", r), 0);
	return r;
}

static void test_unit(void **state)
{
	(void)state;
	static const char text[] =
		"# comment\n"
		"; also a comment\n"
		"[Unit]\n"
		"Description = OpenBSD Secure Shell server \n"
		"After=network.target auditd.service\n"
		"\n"
		"[Service]\n"
		"ExecStart=/usr/sbin/sshd -D \\\n"
		"# dropped comment\n"
		"   $SSHD_OPTS \\\n"
		"  -e\n"
		"Environment=\n"
		"\t[Install]\n"
		"WantedBy=multi-user.target\n"
		"Alias=sshd.service\n"
		"Also=x.socket\\";
	struct eg_orows *r = parse(text, sizeof(text) - 1);
	ops_expect_rows(r,
		"Unit|Description|OpenBSD Secure Shell server|4\n"
		"Unit|After|network.target auditd.service|5\n"
		"Service|ExecStart|/usr/sbin/sshd -D     $SSHD_OPTS    -e|8\n"
		"Service|Environment||12\n"
		"Install|WantedBy|multi-user.target|14\n"
		"Install|Alias|sshd.service|15\n"
		"Install|Also|x.socket|16\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char text[] =
		"Key=before any section\n"
		"[Broken\n"
		"[]\n"
		"[Unit]\n"
		"no equals sign\n"
		"=no key\n"
		"Ok=yes\n";
	struct eg_orows *r = parse(text, sizeof(text) - 1);
	ops_expect_rows(r, "Unit|Ok|yes|7\n");
	ops_expect_warning(r, "/u:1: assignment outside of any [Section]");
	ops_expect_warning(r, "/u:2: invalid section header");
	ops_expect_warning(r, "/u:3: invalid section header");
	ops_expect_warning(r, "/u:5: neither a [Section] nor a Key=Value");
	ops_expect_warning(r, "/u:6: neither a [Section] nor a Key=Value");
	ops_expect_nwarnings(r, 5);
	eg_orows_free(r);
}

static void test_hostile(void **state)
{
	(void)state;
	/* A continuation that never ends grows past EG_LINE_MAX: refused
	 * once, and what follows still parses. */
	size_t lines = EG_LINE_MAX / 7 + 10;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 26);
	eg_buf_adds(&b, "[S]\nK=");
	for (size_t i = 0; i < lines; i++)
		eg_buf_adds(&b, "xxxxxx\\\n");
	eg_buf_adds(&b, "end\nA=\x01\xff\n");
	eg_buf_add(&b, "B=\0\n", 4);
	eg_buf_adds(&b, "C=c");
	struct eg_orows *r = parse(b.data, b.len);
	ops_expect_rows(r, "S|A|\x01\xff|9375\nS|C|c|9377\n");
	ops_expect_warning(r, "/u:2: continued line longer than");
	ops_expect_warning(r, "/u:9376: line holding a NUL byte");
	ops_expect_nwarnings(r, 2);
	eg_orows_free(r);
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
