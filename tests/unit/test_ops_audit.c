/* Unit tests: the audit rules and auditd.conf parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/audit.h"
#include "util/err.h"
#include "util/limits.h"
#include "ops_check.h"

static void test_rules(void **state)
{
	(void)state;
	static const char text[] =
		"## First rule - delete all\n"
		"-D\n"
		"\n"
		"-b   8192\n"
		"-w /etc/passwd -p wa -k identity\n"
		"  -a always,exit -F arch=b64 -S execve\t-k exec  \n"
		"w /etc/shadow -p wa\n"
		"-e 2\n";
	struct eg_orows *r = eg_orows_new(EG_AR_NCOLS);
	assert_int_equal(eg_audit_rules_parse(text, sizeof(text) - 1, "/a", r),
			 0);
	ops_expect_rows(r,
		"/a|2|-D\n"
		"/a|4|-b 8192\n"
		"/a|5|-w /etc/passwd -p wa -k identity\n"
		"/a|6|-a always,exit -F arch=b64 -S execve -k exec\n"
		"/a|8|-e 2\n");
	ops_expect_warning(r, "/a:7: not an audit rule");
	ops_expect_nwarnings(r, 1);
	eg_orows_free(r);
}

static void test_conf(void **state)
{
	(void)state;
	static const char text[] =
		"#\n# This file controls the configuration of the audit daemon\n"
		"local_events = yes\n"
		"log_file = /var/log/audit/audit.log\n"
		"max_log_file = 8\n"
		"Num_Logs=5\n"
		"max_log_file_action = ROTATE\n"
		"space_left_action = SYSLOG\n"
		"max_log_file = 50\n"
		"no equals sign\n"
		"= nokey\n"
		"admin_space_left_action=\n";
	struct eg_orows *r = eg_orows_new(EG_AC_NCOLS);
	assert_int_equal(eg_auditd_conf_parse(text, sizeof(text) - 1, "/c", r),
			 0);
	ops_expect_rows(r,
		"local_events|yes\n"
		"log_file|/var/log/audit/audit.log\n"
		"max_log_file|50\n"
		"num_logs|5\n"
		"max_log_file_action|ROTATE\n"
		"space_left_action|SYSLOG\n"
		"admin_space_left_action|\n");
	ops_expect_warning(r, "/c:10: \"key = value\" expected");
	ops_expect_warning(r, "/c:11: \"key = value\" expected");
	ops_expect_nwarnings(r, 2);
	eg_orows_free(r);
}

static void test_hostile(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (unsigned i = 0; i < EG_AUDITD_MAX_KEYS + 10; i++)
		eg_buf_addf(&b, "k%u = v\n", i);
	eg_buf_add(&b, "a = \0\n", 6);
	struct eg_orows *r = eg_orows_new(EG_AC_NCOLS);
	assert_int_equal(eg_auditd_conf_parse(b.data, b.len, "/c", r), 0);
	assert_int_equal(eg_orows_count(r), EG_AUDITD_MAX_KEYS);
	ops_expect_warning(r, "more than 1024 keys");
	eg_orows_free(r);
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
