/*
 * Unit tests: os-release parsing (os_release.h): shell quoting read, never
 * evaluated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tables/system/os_release.h"
#include "util/buf.h"
#include "util/err.h"

static int collect(void *arg, const char *key, const char *value, size_t line)
{
	struct eg_buf *b = arg;
	eg_buf_addf(b, "%zu:%s=[%s]\n", line, key, value);
	return 0;
}

static void parse_is(const char *in, size_t n, const char *want,
		     size_t want_bad, size_t want_first)
{
	struct eg_buf b;
	size_t bad = 99, first = 99;
	eg_buf_init(&b, 1u << 20);
	assert_int_equal(eg_os_release_parse(in, n, collect, &b, &bad, &first), 0);
	assert_string_equal(eg_buf_str(&b), want);
	assert_int_equal(bad, want_bad);
	assert_int_equal(first, want_first);
	eg_buf_free(&b);
}

static void test_debian(void **state)
{
	(void)state;
	const char in[] =
		"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
		"NAME=\"Debian GNU/Linux\"\n"
		"VERSION_ID=\"12\"\n"
		"VERSION=\"12 (bookworm)\"\n"
		"VERSION_CODENAME=bookworm\n"
		"ID=debian\n"
		"HOME_URL=\"https://www.debian.org/\"\n";
	parse_is(in, sizeof(in) - 1,
		 "1:PRETTY_NAME=[Debian GNU/Linux 12 (bookworm)]\n"
		 "2:NAME=[Debian GNU/Linux]\n"
		 "3:VERSION_ID=[12]\n"
		 "4:VERSION=[12 (bookworm)]\n"
		 "5:VERSION_CODENAME=[bookworm]\n"
		 "6:ID=[debian]\n"
		 "7:HOME_URL=[https://www.debian.org/]\n",
		 0, 0);
}

static void test_quoting(void **state)
{
	(void)state;
	const char in[] =
		"# comment\n"
		"\n"
		"A='single $HOME \\n'\n"
		"B=\"dq \\\"x\\\" \\$HOME \\\\ \\n `\"\n"
		"C=un\\ quoted\n"
		"D='a'\"b\"c\n"
		"E=\"x\" # trailing comment\n"
		"  F=indented\n"
		"G=\n"
		"H=\"\"\n"
		"ID_LIKE=\"ubuntu debian\"\n";
	parse_is(in, sizeof(in) - 1,
		 "3:A=[single $HOME \\n]\n"
		 "4:B=[dq \"x\" $HOME \\ \\n `]\n"
		 "5:C=[un quoted]\n"
		 "6:D=[abc]\n"
		 "7:E=[x]\n"
		 "8:F=[indented]\n"
		 "9:G=[]\n"
		 "10:H=[]\n"
		 "11:ID_LIKE=[ubuntu debian]\n",
		 0, 0);
}

static void test_hostile(void **state)
{
	(void)state;
	/* Commands, unclosed quotes, bad keys: refused, never run. */
	const char in[] =
		"ID=debian; rm -rf /\n"
		"X=$(reboot)\n"
		"Y=\"unclosed\n"
		"Z='unclosed\n"
		"1BAD=x\n"
		"SP ACE=x\n"
		"NOEQ\n"
		"export ID=evil\n"
		"T=trailing\\\n"
		"OK=fine\n";
	parse_is(in, sizeof(in) - 1,
		 "2:X=[$(reboot)]\n"
		 "10:OK=[fine]\n",
		 8, 1);
	/* NUL ends the line; invalid UTF-8 is kept as bytes. */
	const char h[] = "ID=de\0bian\nNAME=\xc3\x28\n";
	parse_is(h, sizeof(h) - 1, "1:ID=[de]\n2:NAME=[\xc3\x28]\n", 0, 0);
	/* An overlong line is a bad line with its own number. */
	size_t big = 70000;
	char *buf = malloc(big + 32);
	assert_non_null(buf);
	memcpy(buf, "ID=a\nX=", 7);
	memset(buf + 7, 'x', big);
	memcpy(buf + 7 + big, "\nB=\"unclosed\n", 13);
	parse_is(buf, 20 + big, "1:ID=[a]\n", 2, 2);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
