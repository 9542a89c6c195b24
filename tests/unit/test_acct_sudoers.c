/* Unit tests: the sudoers parser and include resolution (sudoers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/sudoers.h"
#include "util/limits.h"
#include "util/rootfs.h"
#include "acct_check.h"

static void parse(struct rec *r, const char *text)
{
	rec_init(r);
	assert_int_equal(eg_acct_parse_sudoers(text, strlen(text), "/s",
					       &r->sink), 0);
}

static void test_debian_default(void **state)
{
	(void)state;
	struct rec r;
	parse(&r,
	      "#\n"
	      "# This file MUST be edited with the 'visudo' command as root.\n"
	      "Defaults\tenv_reset\n"
	      "Defaults\tmail_badpass\n"
	      "Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
	      "Defaults:alice !authenticate\n"
	      "Defaults@web1 log_output\n"
	      "Defaults!/bin/ls !requiretty\n"
	      "Defaults>root !set_logname\n"
	      "Defaults\tuse_pty # trailing\n"
	      "# User privilege specification\n"
	      "root\tALL=(ALL:ALL) ALL\n"
	      "\n"
	      "# Allow members of group sudo to execute any command\n"
	      "%sudo\tALL=(ALL:ALL) ALL\n"
	      "\n"
	      "# See sudoers(5) for more information on \"@include\" directives:\n"
	      "\n"
	      "@includedir /etc/sudoers.d\n");
	expect_text(eg_buf_str(&r.rows),
		    "/s|12|root|ALL|ALL:ALL|ALL|0\n"
		    "/s|15|%sudo|ALL|ALL:ALL|ALL|0\n");
	expect_text(eg_buf_str(&r.incs), "/s:19>/etc/sudoers.d 1 NULL\n");
	assert_int_equal(r.nwarns, 0);
	rec_free(&r);
}

static void test_specs(void **state)
{
	(void)state;
	struct rec r;
	parse(&r,
	      "User_Alias ADMINS = alice, bob\n"
	      "Cmnd_Alias SHUTDOWN = /sbin/halt, /sbin/reboot\n"
	      "Host_Alias WEB = web1, web2\n"
	      "Runas_Alias OP = root, operator\n"
	      "deploy ALL=(ALL) NOPASSWD: ALL\n"
	      "%wheel, carol  WEB , db1 = (root) NOPASSWD: /bin/ls, /bin/cat, "
	      "PASSWD: /bin/sh, (OP) /usr/bin/vi\n"
	      "ADMINS ALL = (ALL : ALL) NOEXEC: SETENV: /usr/bin/less, "
	      "NOPASSWD:SHUTDOWN\n"
	      "#1000 ALL=(#0) ALL # a uid\n"
	      "dave ALL = /bin/a : db2 = NOPASSWD: /bin/b\n"
	      "erin ALL=(root) CWD=/tmp TIMEOUT=5 sha256:abcd /bin/c\\, d, "
	      "!/bin/su\n"
	      "frank ALL = /usr/bin/echo \\#x \\: y\n");
	expect_text(eg_buf_str(&r.rows),
		    "/s|5|deploy|ALL|ALL|ALL|1\n"
		    "/s|6|%wheel|WEB, db1|root|/bin/ls, /bin/cat|1\n"
		    "/s|6|carol|WEB, db1|root|/bin/ls, /bin/cat|1\n"
		    "/s|6|%wheel|WEB, db1|root|/bin/sh|0\n"
		    "/s|6|carol|WEB, db1|root|/bin/sh|0\n"
		    "/s|6|%wheel|WEB, db1|OP|/usr/bin/vi|0\n"
		    "/s|6|carol|WEB, db1|OP|/usr/bin/vi|0\n"
		    "/s|7|ADMINS|ALL|ALL:ALL|/usr/bin/less|0\n"
		    "/s|7|ADMINS|ALL|ALL:ALL|SHUTDOWN|1\n"
		    "/s|8|#1000|ALL|#0|ALL|0\n"
		    "/s|9|dave|ALL|NULL|/bin/a|0\n"
		    "/s|9|dave|db2|NULL|/bin/b|1\n"
		    "/s|10|erin|ALL|root|/bin/c\\, d, !/bin/su|0\n"
		    "/s|11|frank|ALL|NULL|/usr/bin/echo \\#x \\: y|0\n");
	assert_int_equal(r.nwarns, 0);
	rec_free(&r);
}

static void test_continuation_and_bad(void **state)
{
	(void)state;
	struct rec r;
	parse(&r,
	      "alice ALL = (root) \\\n"
	      "    NOPASSWD: /bin/ls, \\\n"
	      "    /bin/df\n"
	      "bob\n"
	      "carol ALL\n"
	      "dave ALL = \n"
	      "erin ALL = (root /bin/x\n"
	      "#include \"/etc/sudoers.local dir\"\n"
	      "@include sudoers.extra\n"
	      "@include\n"
	      "#includedir /etc/sudoers.d extra\n"
	      "bad\xc0 ALL=ALL\n");
	expect_text(eg_buf_str(&r.rows),
		    "/s|1|alice|ALL|root|/bin/ls, /bin/df|1\n");
	expect_text(eg_buf_str(&r.incs),
		    "/s:8>/etc/sudoers.local dir 0 NULL\n"
		    "/s:9>sudoers.extra 0 NULL\n");
	expect_text(eg_buf_str(&r.warns),
		    "/s:4: not a sudoers user specification (users hosts = commands); skipped\n"
		    "/s:5: not a sudoers user specification (users hosts = commands); skipped\n"
		    "/s:6: not a sudoers user specification (users hosts = commands); skipped\n"
		    "/s:7: not a sudoers user specification (users hosts = commands); skipped\n"
		    "/s:10: include directive without a valid path; skipped\n"
		    "/s:11: include directive without a valid path; skipped\n"
		    "/s:12: line holds a NUL byte or invalid UTF-8; skipped\n");
	rec_free(&r);
}

/* A continued line over EG_LINE_MAX is skipped whole, with one warning at
 * its first line; the lines after it are read normally. */
static void test_long_continuation(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	eg_buf_adds(&b, "a ALL = /bin/a\n");
	eg_buf_adds(&b, "b ALL = \\\n");
	for (unsigned i = 0; i < EG_LINE_MAX / 8; i++)
		eg_buf_adds(&b, "/bin/x, ");
	eg_buf_adds(&b, "\\\n /bin/y\n");
	eg_buf_adds(&b, "c ALL = /bin/c\n");
	struct rec r;
	rec_init(&r);
	assert_int_equal(eg_acct_parse_sudoers(b.data, b.len, "/s", &r.sink),
			 0);
	expect_text(eg_buf_str(&r.rows),
		    "/s|1|a|ALL|NULL|/bin/a|0\n"
		    "/s|5|c|ALL|NULL|/bin/c|0\n");
	expect_text(eg_buf_str(&r.warns), "/s:2: line too long; skipped\n");
	rec_free(&r);
	eg_buf_free(&b);
}

static void load(struct rec *r, struct troot *t)
{
	struct eg_root *root = NULL;
	struct eg_err e;
	assert_int_equal(eg_root_open(t->dir, &root, &e), 0);
	rec_init(r);
	assert_int_equal(eg_acct_sudoers_load(root, "/etc/sudoers", &r->sink),
			 0);
	eg_root_free(root);
}

static void test_includes(void **state)
{
	(void)state;
	struct troot t;
	troot_make(&t);
	troot_file(&t, "etc/sudoers",
		   "root ALL=(ALL:ALL) ALL\n"
		   "@includedir /etc/sudoers.d\n"
		   "#include sudoers.local\n"
		   "@include /etc/sudoers.%h\n");
	troot_file(&t, "etc/sudoers.local", "local ALL=ALL\n"
		   "@include /etc/sudoers\n");
	troot_file(&t, "etc/sudoers.d/b-ops", "%ops ALL=(ALL) NOPASSWD: ALL\n");
	troot_file(&t, "etc/sudoers.d/a-admin", "admin ALL=(ALL) ALL\n");
	troot_file(&t, "etc/sudoers.d/README", "# readme\n");
	troot_file(&t, "etc/sudoers.d/old.dpkg-old", "old ALL=ALL\n");
	troot_file(&t, "etc/sudoers.d/backup~", "backup ALL=ALL\n");
	troot_link(&t, "etc/sudoers.d/z-host", "/etc/sudoers");
	struct rec r;
	load(&r, &t);
	expect_text(eg_buf_str(&r.rows),
		    "/etc/sudoers|1|root|ALL|ALL:ALL|ALL|0\n"
		    "/etc/sudoers.d/a-admin|1|admin|ALL|ALL|ALL|0\n"
		    "/etc/sudoers.d/b-ops|1|%ops|ALL|ALL|ALL|1\n"
		    "/etc/sudoers.local|1|local|ALL|NULL|ALL|0\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/sudoers:2: include cycle: the file is already being read; skipped\n"
		    "/etc/sudoers.local:2: include cycle: the file is already being read; skipped\n"
		    "/etc/sudoers:4: include path with %h (host name) not followed\n");
	rec_free(&r);
	troot_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_default),
		cmocka_unit_test(test_specs),
		cmocka_unit_test(test_continuation_and_bad),
		cmocka_unit_test(test_long_continuation),
		cmocka_unit_test(test_includes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
