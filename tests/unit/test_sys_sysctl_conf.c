/*
 * Unit tests: sysctl names, values and the sysctl.d syntax
 * (sysctl_conf.h), as systemd-sysctl reads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tables/system/sysctl_conf.h"
#include "util/buf.h"
#include "util/err.h"

static void name_is(const char *key, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	int rc = eg_sysctl_name(key, strlen(key), &b);
	if (want == NULL) {
		assert_int_equal(rc, EG_E_PARSE);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(eg_buf_str(&b), want);
	}
	eg_buf_free(&b);
}

static void test_names(void **state)
{
	(void)state;
	name_is("net.ipv4.ip_forward", "net.ipv4.ip_forward");
	name_is("net/ipv4/ip_forward", "net.ipv4.ip_forward");
	name_is("/net/ipv4//ip_forward/", "net.ipv4.ip_forward");
	name_is("net.ipv4.conf.eth0/100.rp_filter", "net.ipv4.conf.eth0/100.rp_filter");
	name_is("net/ipv4/conf/eth0.100/rp_filter", "net.ipv4.conf.eth0/100.rp_filter");
	name_is("kernel..domainname", "kernel.domainname");
	name_is("kernel/./domainname", "kernel.domainname");
	name_is("kernel", "kernel");
	name_is("net.ipv4.conf.*.rp_filter", "net.ipv4.conf.*.rp_filter");
	name_is("", NULL);
	name_is("...", NULL);
	name_is("net/../../etc/shadow", NULL);
	name_is("net.//.x", NULL); /* "//" is the path's ".." */
}

static void path_is(const char *name, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	int rc = eg_sysctl_path(name, &b);
	if (want == NULL) {
		assert_int_equal(rc, EG_E_PARSE);
		assert_int_equal(b.len, 0);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(eg_buf_str(&b), want);
	}
	eg_buf_free(&b);
}

static void test_paths(void **state)
{
	(void)state;
	path_is("net.ipv4.ip_forward", "net/ipv4/ip_forward");
	path_is("net.ipv4.conf.eth0/100.rp_filter", "net/ipv4/conf/eth0.100/rp_filter");
	path_is("net..x", NULL);
	path_is(".net", NULL);
	path_is("net.", NULL);
	path_is("", NULL);
	path_is("net./.x", NULL);
	path_is("net.//.x", NULL);
}

static void value_is(const char *in, size_t n, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	assert_int_equal(eg_sysctl_value(in, n, &b), 0);
	assert_string_equal(eg_buf_str(&b), want);
	eg_buf_free(&b);
}

static void test_values(void **state)
{
	(void)state;
	value_is("1\n", 2, "1");
	value_is("  0 ", 4, "0");
	value_is("32768\t60999\n", 12, "32768\t60999");
	value_is("32768  60999", 12, "32768\t60999");
	value_is("4\t4\t1\t7\n", 8, "4\t4\t1\t7");
	value_is("-1 5", 4, "-1\t5");
	value_is("reno cubic\n", 11, "reno cubic");
	value_is("|/usr/lib/systemd/systemd-coredump %P %u", 40,
		 "|/usr/lib/systemd/systemd-coredump %P %u");
	value_is("a  b", 4, "a  b"); /* strings keep their inside */
	value_is("", 0, "");
	value_is("12\0 34", 6, "12");
	value_is("- 1", 3, "- 1");
}

static int collect(void *arg, const struct eg_sysctl_entry *e)
{
	struct eg_buf *b = arg;
	eg_buf_addf(b, "%zu:%s%s%s=%s\n", e->line, e->ignore_errors ? "-" : "",
		    e->is_glob ? "G:" : "", e->name,
		    e->value != NULL ? e->value : "(excluded)");
	return 0;
}

static void parse_is(const char *in, size_t n, const char *want,
		     size_t want_bad, size_t want_first)
{
	struct eg_buf b;
	size_t bad = 99, first = 99;
	eg_buf_init(&b, 1u << 20);
	assert_int_equal(eg_sysctl_conf_parse(in, n, collect, &b, &bad, &first), 0);
	assert_string_equal(eg_buf_str(&b), want);
	assert_int_equal(bad, want_bad);
	assert_int_equal(first, want_first);
	eg_buf_free(&b);
}

static void test_parse(void **state)
{
	(void)state;
	const char in[] =
		"# Hardening\n"
		"; also a comment\n"
		"net.ipv4.ip_forward = 0\n"
		"  net/ipv4/conf/all/accept_redirects=0  \n"
		"-net.ipv4.tcp_ecn = 1\n"
		"net.ipv4.ip_local_port_range = 32768   60999\n"
		"net.ipv4.conf.*.rp_filter = 2\n"
		"-net.ipv4.conf.all.rp_filter\n"
		"kernel.domainname =\n"
		"just.a.key\n"
		"-net.ipv4.conf.*.bad_exclusion\n"
		"= 1\n"
		"net/../x = 1\n"
		"\n";
	parse_is(in, sizeof(in) - 1,
		 "3:net.ipv4.ip_forward=0\n"
		 "4:net.ipv4.conf.all.accept_redirects=0\n"
		 "5:-net.ipv4.tcp_ecn=1\n"
		 "6:net.ipv4.ip_local_port_range=32768\t60999\n"
		 "7:G:net.ipv4.conf.*.rp_filter=2\n"
		 "8:-net.ipv4.conf.all.rp_filter=(excluded)\n"
		 "9:kernel.domainname=\n",
		 4, 10);
	parse_is("", 0, "", 0, 0);
	/* CRLF, a NUL ending the line, invalid UTF-8 kept in a value. */
	const char h[] = "vm.swappiness = 10\r\nkernel.x = a\0b = c\nfs.y = \xff\n";
	parse_is(h, sizeof(h) - 1,
		 "1:vm.swappiness=10\n2:kernel.x=a\n3:fs.y=\xff\n", 0, 0);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(eg_sysctl_is_glob("net.*.x"));
	assert_true(eg_sysctl_is_glob("a?"));
	assert_true(eg_sysctl_is_glob("a[bc]"));
	assert_false(eg_sysctl_is_glob("net.ipv4.ip_forward"));
	assert_true(eg_sysctl_glob_match("net.ipv4.conf.*.rp_filter",
					 "net.ipv4.conf.eth0.rp_filter"));
	/* '*' stays inside one component, which may hold a '.' (written
	 * '/') of an interface name. */
	assert_true(eg_sysctl_glob_match("net.ipv4.conf.*.rp_filter",
					 "net.ipv4.conf.eth0/100.rp_filter"));
	assert_false(eg_sysctl_glob_match("net.ipv4.*",
					  "net.ipv4.conf.all.rp_filter"));
	assert_false(eg_sysctl_glob_match("net.ipv4.conf.*.rp_filter",
					  "net.ipv6.conf.all.rp_filter"));
	assert_true(eg_sysctl_glob_match("net.ipv?.conf.all.forwarding",
					 "net.ipv6.conf.all.forwarding"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_glob),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
