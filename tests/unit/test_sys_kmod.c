/*
 * Unit tests: /proc/modules lines and modprobe.d commands (kmod.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tables/system/kmod.h"
#include "util/buf.h"
#include "util/err.h"

static void test_proc_modules(void **state)
{
	(void)state;
	struct eg_kmod m;
	eg_kmod_init(&m);
	const char *l1 = "nf_tables 339968 4 nft_chain_nat,nft_compat, Live 0x0000000000000000";
	assert_int_equal(eg_proc_modules_line(l1, strlen(l1), &m), 0);
	assert_string_equal(eg_buf_str(&m.name), "nf_tables");
	assert_int_equal(m.size, 339968);
	assert_string_equal(eg_buf_str(&m.used_by), "nft_chain_nat,nft_compat");
	assert_string_equal(eg_buf_str(&m.state), "Live");
	const char *l2 = "cramfs 45056 0 - Live 0xffffffffc0a1b000 (E)";
	assert_int_equal(eg_proc_modules_line(l2, strlen(l2), &m), 0);
	assert_string_equal(eg_buf_str(&m.name), "cramfs");
	assert_string_equal(eg_buf_str(&m.used_by), "");
	const char *l3 = "loop 32768 - [permanent], Loading 0x0";
	assert_int_equal(eg_proc_modules_line(l3, strlen(l3), &m), 0);
	assert_string_equal(eg_buf_str(&m.used_by), "[permanent]");
	assert_string_equal(eg_buf_str(&m.state), "Loading");
	static const char *const bad[] = {
		"", "x", "x 1 0 -", "x big 0 - Live", "x 1 -3 - Live",
		"x 99999999999999999999999 0 - Live",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (eg_proc_modules_line(bad[i], strlen(bad[i]), &m) != EG_E_PARSE)
			fail_msg("accepted: %s", bad[i]);
	const char nul[] = "ext4 1 0 -\0 Live";
	assert_int_equal(eg_proc_modules_line(nul, sizeof(nul) - 1, &m), EG_E_PARSE);
	eg_kmod_free(&m);
}

static int collect(void *arg, const struct eg_modprobe_rule *r)
{
	struct eg_buf *b = arg;
	eg_buf_addf(b, "%zu:%s|%s|%s\n", r->line, r->directive, r->module,
		    r->args);
	return 0;
}

static void parse_is(const char *in, size_t n, const char *want,
		     size_t want_bad, size_t want_first)
{
	struct eg_buf b;
	size_t bad = 99, first = 99;
	eg_buf_init(&b, 1u << 20);
	assert_int_equal(eg_modprobe_parse(in, n, collect, &b, &bad, &first), 0);
	assert_string_equal(eg_buf_str(&b), want);
	assert_int_equal(bad, want_bad);
	assert_int_equal(first, want_first);
	eg_buf_free(&b);
}

static void test_modprobe(void **state)
{
	(void)state;
	const char in[] =
		"# CIS 1.1.1.x\n"
		"install cramfs /bin/false\n"
		"blacklist cramfs\n"
		"blacklist usb-storage\n"
		"\tinstall  freevxfs   /bin/true  \n"
		"options snd-hda-intel power_save=1 \\\n"
		"    model=auto\n"
		"alias net-pf-31 off\n"
		"alias pci:v*d*sv*sd*bc0[2-3]* some-driver\n"
		"softdep foo pre: bar post: baz\n"
		"  # indented comment\n"
		"blacklist\n"
		"frobnicate x\n"
		"Blacklist y\n"
		"blacklist nvidia.ko\n";
	parse_is(in, sizeof(in) - 1,
		 "2:install|cramfs|/bin/false\n"
		 "3:blacklist|cramfs|\n"
		 "4:blacklist|usb_storage|\n"
		 "5:install|freevxfs|/bin/true\n"
		 "6:options|snd_hda_intel|power_save=1 model=auto\n"
		 "8:alias|net_pf_31|off\n"
		 "9:alias|pci:v*d*sv*sd*bc0[2-3]*|some-driver\n"
		 "10:softdep|foo|pre: bar post: baz\n"
		 "15:blacklist|nvidia|\n",
		 3, 12);
	/* A continuation at the end of the file still ends the command;
	 * NUL ends a line. */
	const char t[] = "blacklist a\\\n";
	parse_is(t, sizeof(t) - 1, "1:blacklist|a|\n", 0, 0);
	const char z[] = "blacklist b\0c\ninstall d /bin/false\n";
	parse_is(z, sizeof(z) - 1, "1:blacklist|b|\n2:install|d|/bin/false\n", 0, 0);
}

static void test_install_disables(void **state)
{
	(void)state;
	assert_true(eg_modprobe_install_disables("/bin/true"));
	assert_true(eg_modprobe_install_disables("/bin/false"));
	assert_true(eg_modprobe_install_disables("/usr/bin/false"));
	assert_true(eg_modprobe_install_disables("true"));
	assert_true(eg_modprobe_install_disables("/bin/false # disabled"));
	assert_false(eg_modprobe_install_disables(""));
	assert_false(eg_modprobe_install_disables("/sbin/modprobe --ignore-install cramfs"));
	assert_false(eg_modprobe_install_disables("/bin/truex"));
	assert_false(eg_modprobe_install_disables("/bin/echo false"));
}

static void test_norm(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 256);
	eg_modname_norm("usb-storage.ko", 14, &b);
	assert_string_equal(eg_buf_str(&b), "usb_storage");
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_modules),
		cmocka_unit_test(test_modprobe),
		cmocka_unit_test(test_install_disables),
		cmocka_unit_test(test_norm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
