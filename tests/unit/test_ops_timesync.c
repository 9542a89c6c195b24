/* Unit tests: the chrony and ntpd parsers of time_sync. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/time_sync.h"
#include "util/err.h"
#include "ops_check.h"

static void test_chrony(void **state)
{
	(void)state;
	static const char text[] =
		"# Welcome to the chrony configuration file.\n"
		"! old-style comment\n"
		"; and another\n"
		"% and another\n"
		"Pool 2.debian.pool.ntp.org   iburst\n"
		"server ntp.nict.jp iburst\tnts\n"
		"  confdir /etc/chrony/conf.d\n"
		"sourcedir /run/chrony-dhcp\n"
		"makestep 1 3\n"
		"rtcsync\n"
		"include /etc/chrony/extra/*.conf\n";
	struct eg_orows *r = eg_orows_new(EG_TS_NCOLS);
	assert_int_equal(eg_chrony_parse(text, sizeof(text) - 1, "/c", r), 0);
	ops_expect_rows(r,
		"chrony|pool|2.debian.pool.ntp.org iburst|/c\n"
		"chrony|server|ntp.nict.jp iburst nts|/c\n"
		"chrony|confdir|/etc/chrony/conf.d|/c\n"
		"chrony|sourcedir|/run/chrony-dhcp|/c\n"
		"chrony|makestep|1 3|/c\n"
		"chrony|rtcsync||/c\n"
		"chrony|include|/etc/chrony/extra/*.conf|/c\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_ntp(void **state)
{
	(void)state;
	static const char text[] =
		"# /etc/ntpsec/ntp.conf\n"
		"driftfile /var/lib/ntpsec/ntp.drift\n"
		"pool 0.debian.pool.ntp.org iburst\n"
		"restrict default kod nomodify nopeer noquery limited\n"
		"! not a comment for ntpd\n";
	struct eg_orows *r = eg_orows_new(EG_TS_NCOLS);
	assert_int_equal(eg_ntp_parse(text, sizeof(text) - 1, "/n", r), 0);
	ops_expect_rows(r,
		"ntpd|driftfile|/var/lib/ntpsec/ntp.drift|/n\n"
		"ntpd|pool|0.debian.pool.ntp.org iburst|/n\n"
		"ntpd|restrict|default kod nomodify nopeer noquery limited|/n\n"
		"ntpd|!|not a comment for ntpd|/n\n");
	eg_orows_free(r);
}

static void test_hostile(void **state)
{
	(void)state;
	static const char text[] = "server a\0b\n\xff\xfe \x1b[1m\nSERVER\n";
	struct eg_orows *r = eg_orows_new(EG_TS_NCOLS);
	assert_int_equal(eg_chrony_parse(text, sizeof(text) - 1, "/c", r), 0);
	ops_expect_rows(r, "chrony|\xff\xfe|\x1b[1m|/c\nchrony|server||/c\n");
	ops_expect_warning(r, "/c:1: line holding a NUL byte");
	ops_expect_nwarnings(r, 1);
	eg_orows_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chrony),
		cmocka_unit_test(test_ntp),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
