/* Unit tests: the apt_sources parsers (one-line and deb822 styles). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/apt_sources.h"
#include "util/err.h"
#include "util/limits.h"
#include "ops_check.h"

static struct eg_orows *list(const char *text)
{
	struct eg_orows *r = eg_orows_new(EG_APT_NCOLS);
	assert_non_null(r);
	assert_int_equal(eg_apt_parse_list(text, strlen(text), "/s.list", r), 0);
	return r;
}

static struct eg_orows *d822(const char *text)
{
	struct eg_orows *r = eg_orows_new(EG_APT_NCOLS);
	assert_non_null(r);
	assert_int_equal(eg_apt_parse_deb822(text, strlen(text), "/d.sources",
					     r), 0);
	return r;
}

static void test_one_line(void **state)
{
	(void)state;
	struct eg_orows *r = list(
		"# Debian\n"
		"deb http://deb.debian.org/debian bookworm main contrib\n"
		"\n"
		"deb-src http://deb.debian.org/debian bookworm main\n"
		"  deb [ arch=amd64  signed-by=/usr/share/keyrings/k.gpg ] "
		"https://repo.example.com/apt stable main # vendor\n"
		"deb [trusted=yes] http://mirror.example.net/debian/ ./\n"
		"deb-src [arch=amd64] http://x/debian sid main\r\n"
		"#deb http://disabled/ bookworm main\n"
		"deb http://host/p#frag bookworm main\n"
		"deb \"cdrom:[Debian GNU/Linux 12 _Bookworm_]/\" bookworm main");
	ops_expect_rows(r,
		"/s.list|2|http://deb.debian.org/debian|bookworm|main contrib|\n"
		"/s.list|4|http://deb.debian.org/debian|bookworm|main|"
		"type=deb-src\n"
		"/s.list|5|https://repo.example.com/apt|stable|main|arch=amd64 "
		"signed-by=/usr/share/keyrings/k.gpg\n"
		"/s.list|6|http://mirror.example.net/debian/|./||trusted=yes\n"
		"/s.list|7|http://x/debian|sid|main|type=deb-src arch=amd64\n"
		"/s.list|9|http://host/p#frag|bookworm|main|\n"
		"/s.list|10|cdrom:[Debian GNU/Linux 12 _Bookworm_]/|bookworm|"
		"main|\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_one_line_malformed(void **state)
{
	(void)state;
	struct eg_orows *r = list(
		"rpm http://x/ a b\n"
		"deb [arch=amd64 http://x/ bookworm main\n"
		"deb [arch] http://x/ bookworm main\n"
		"deb http://x/\n"
		"deb http://x/ bookworm\n"
		"deb http://x/ ./ main\n"
		"deb \"http://x/ bookworm main\n"
		"deb http://ok/ bookworm main\n");
	ops_expect_rows(r, "/s.list|8|http://ok/|bookworm|main|\n");
	ops_expect_warning(r, "/s.list:1: unknown source type \"rpm\"");
	ops_expect_warning(r, "/s.list:2: option list");
	ops_expect_warning(r, "/s.list:3: option \"arch\" without \"=\"");
	ops_expect_warning(r, "/s.list:4: URI and suite expected");
	ops_expect_warning(r, "/s.list:5: no component after suite \"bookworm\"");
	ops_expect_warning(r, "/s.list:6: components after the exact path");
	ops_expect_warning(r, "/s.list:7: unterminated quote");
	ops_expect_nwarnings(r, 7);
	eg_orows_free(r);
}

static void test_deb822(void **state)
{
	(void)state;
	struct eg_orows *r = d822(
		"# main archive\n"
		"Types: deb deb-src\n"
		"URIs: http://deb.debian.org/debian\n"
		"Suites: bookworm bookworm-updates\n"
		"Components: main non-free-firmware\n"
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
		"\n"
		"\n"
		"types: deb\n"
		"uris: http://a/ https://b/\n"
		"suites: stable\n"
		"components: main\n"
		"Trusted: yes\n"
		"Architectures: amd64 arm64\n"
		"X-Repolib-Name: ignored\n"
		"\n"
		"Types: deb\n"
		"Enabled: no\n"
		"URIs: http://disabled/\n"
		"Suites: x\n"
		"Components: main\n"
		"\n"
		"Types: deb\n"
		"URIs: http://flat/\n"
		"Suites: ./\n"
		"Signed-By:\n"
		" -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
		" .\n"
		" mQINBGPL\n"
		" -----END PGP PUBLIC KEY BLOCK-----\n");
	ops_expect_rows(r,
		"/d.sources|2|http://deb.debian.org/debian|bookworm|"
		"main non-free-firmware|signed-by=/usr/share/keyrings/"
		"debian-archive-keyring.gpg\n"
		"/d.sources|2|http://deb.debian.org/debian|bookworm-updates|"
		"main non-free-firmware|signed-by=/usr/share/keyrings/"
		"debian-archive-keyring.gpg\n"
		"/d.sources|2|http://deb.debian.org/debian|bookworm|"
		"main non-free-firmware|type=deb-src signed-by=/usr/share/"
		"keyrings/debian-archive-keyring.gpg\n"
		"/d.sources|2|http://deb.debian.org/debian|bookworm-updates|"
		"main non-free-firmware|type=deb-src signed-by=/usr/share/"
		"keyrings/debian-archive-keyring.gpg\n"
		"/d.sources|9|http://a/|stable|main|trusted=yes arch=amd64,arm64\n"
		"/d.sources|9|https://b/|stable|main|trusted=yes arch=amd64,arm64\n"
		"/d.sources|23|http://flat/|./||signed-by=embedded\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_deb822_malformed(void **state)
{
	(void)state;
	struct eg_orows *r = d822(
		" orphan continuation\n"
		"Types: deb\n"
		"URIs: http://x/\n"
		"\n"
		"Types: rpm deb\n"
		"URIs: http://y/\n"
		"Suites: s t/\n"
		"no colon here\n"
		" continuation of a refused line\n"
		"Suites: again\n"
		"Components: main\n"
		"Signed-By: A, B  C\n");
	ops_expect_rows(r, "/d.sources|5|http://y/|s|main|signed-by=A,B,C\n");
	ops_expect_warning(r, "/d.sources:1: continuation line outside a field");
	ops_expect_warning(r, "/d.sources:2: stanza without a Suites field");
	ops_expect_warning(r, "/d.sources:5: unknown source type \"rpm\"");
	ops_expect_warning(r, "/d.sources:5: Components with the exact path "
			      "\"t/\"");
	ops_expect_warning(r, "/d.sources:8: \"Field: value\" expected");
	ops_expect_warning(r, "/d.sources:10: field \"Suites\" repeated");
	ops_expect_nwarnings(r, 6);
	eg_orows_free(r);
}

static void test_hostile(void **state)
{
	(void)state;
	/* A NUL byte, an over-long line, invalid UTF-8 kept as bytes. */
	size_t big = EG_LINE_MAX + 10;
	char *text = malloc(big + 200);
	assert_non_null(text);
	size_t n = 0;
	memcpy(text + n, "deb http://a/ x m\0ain\n", 22);
	n += 22;
	memset(text + n, 'a', big);
	n += big;
	text[n++] = '\n';
	const char *tail = "deb http://\xff\xfe/ x main\n";
	memcpy(text + n, tail, strlen(tail));
	n += strlen(tail);
	struct eg_orows *r = eg_orows_new(EG_APT_NCOLS);
	assert_int_equal(eg_apt_parse_list(text, n, "/h", r), 0);
	ops_expect_rows(r, "/h|3|http://\xff\xfe/|x|main|\n");
	ops_expect_warning(r, "/h:1: line holding a NUL byte skipped");
	ops_expect_warning(r, "/h:2: line longer than");
	eg_orows_free(r);
	r = eg_orows_new(EG_APT_NCOLS);
	assert_int_equal(eg_apt_parse_deb822(text, n, "/h", r), 0);
	eg_orows_free(r);
	free(text);

	/* Many suites times many URIs: one stanza gives at most
	 * EG_APT_MAX_STANZA_ROWS rows, or none. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	eg_buf_adds(&b, "Types: deb\nURIs:");
	for (int i = 0; i < 300; i++)
		eg_buf_addf(&b, " http://u%d/", i);
	eg_buf_adds(&b, "\nSuites:");
	for (int i = 0; i < 300; i++)
		eg_buf_addf(&b, " s%d", i);
	eg_buf_adds(&b, "\nComponents: main\n");
	r = eg_orows_new(EG_APT_NCOLS);
	assert_int_equal(eg_apt_parse_deb822(b.data, b.len, "/h", r), 0);
	assert_int_equal(eg_orows_count(r), 0);
	ops_expect_warning(r, "/h:1: stanza gives more than 1024 entries");
	eg_orows_free(r);
	eg_buf_reset(&b);
	eg_buf_adds(&b, "Types: deb deb-src\nURIs:");
	for (int i = 0; i < 16; i++)
		eg_buf_addf(&b, " http://u%d/", i);
	eg_buf_adds(&b, "\nSuites:");
	for (int i = 0; i < 32; i++)
		eg_buf_addf(&b, " s%d", i);
	eg_buf_adds(&b, "\nComponents: main\n");
	r = eg_orows_new(EG_APT_NCOLS);
	assert_int_equal(eg_apt_parse_deb822(b.data, b.len, "/h", r), 0);
	assert_int_equal(eg_orows_count(r), 1024);
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_one_line_malformed),
		cmocka_unit_test(test_deb822),
		cmocka_unit_test(test_deb822_malformed),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
