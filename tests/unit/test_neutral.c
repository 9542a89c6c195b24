/* Unit tests: terminal, HTML, CSV and JSON neutralisation; UTF-8; widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/neutral.h"

typedef int (*esc_fn)(struct eg_buf *, const char *, size_t);

static void check(esc_fn f, const char *in, size_t n, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	assert_int_equal(f(&b, in, n), 0);
	assert_string_equal(eg_buf_str(&b), want);
	eg_buf_free(&b);
}

#define CHECK(f, lit, want) check(f, lit, sizeof(lit) - 1, want)

static void test_term(void **state)
{
	(void)state;
	CHECK(eg_term_escape, "plain 日本語", "plain 日本語");
	CHECK(eg_term_escape, "\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m");
	CHECK(eg_term_escape, "a\nb\tc\rd", "a\\nb\\tc\\rd");
	CHECK(eg_term_escape, "bell\x07", "bell\\x07");
	CHECK(eg_term_escape, "del\x7f", "del\\x7F");
	/* C1 control CSI (U+009B) and a bidi override (U+202E). */
	CHECK(eg_term_escape, "\xc2\x9b" "2J", "\\u{009B}2J");
	CHECK(eg_term_escape, "x\xe2\x80\xaey", "x\\u{202E}y");
	/* Invalid UTF-8: a lone continuation byte, an overlong '/', a surrogate. */
	CHECK(eg_term_escape, "\x80", "\\x80");
	CHECK(eg_term_escape, "\xc0\xaf", "\\xC0\\xAF");
	CHECK(eg_term_escape, "\xed\xa0\x80", "\\xED\\xA0\\x80");
	CHECK(eg_term_escape, "nul\0x", "nul\\x00x");
}

static void test_html(void **state)
{
	(void)state;
	CHECK(eg_html_escape, "<script>alert('x')</script>&\"",
	      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
	CHECK(eg_html_escape, "日本\n\t", "日本\n\t");
	CHECK(eg_html_escape, "\x1b[0m", "\xEF\xBF\xBD[0m");
	CHECK(eg_html_escape, "\xff", "\xEF\xBF\xBD");
}

static void test_csv(void **state)
{
	(void)state;
	CHECK(eg_csv_field, "plain", "plain");
	CHECK(eg_csv_field, "a,b", "\"a,b\"");
	CHECK(eg_csv_field, "say \"hi\"", "\"say \"\"hi\"\"\"");
	CHECK(eg_csv_field, "two\nlines", "\"two\nlines\"");
	/* Spreadsheet formulas are defused. */
	CHECK(eg_csv_field, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	CHECK(eg_csv_field, "+1", "\"'+1\"");
	CHECK(eg_csv_field, "-cmd", "\"'-cmd\"");
	CHECK(eg_csv_field, "@SUM(A1)", "\"'@SUM(A1)\"");
	CHECK(eg_csv_field, "esc\x1b", "esc\\x1B");
	CHECK(eg_csv_field, "", "");
}

static void test_json(void **state)
{
	(void)state;
	CHECK(eg_json_string, "a\"b\\c\n", "\"a\\\"b\\\\c\\n\"");
	CHECK(eg_json_string, "\x01", "\"\\u0001\"");
	CHECK(eg_json_string, "日本", "\"日本\"");
	CHECK(eg_json_string, "\xff", "\"\\ufffd\"");
	CHECK(eg_json_string, "\xe2\x80\xa8", "\"\\u2028\"");
}

static void test_utf8_and_width(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(eg_utf8_decode((const unsigned char *)"\xe6\x97\xa5", 3, &cp), 3);
	assert_int_equal(cp, 0x65E5);
	assert_int_equal(eg_utf8_decode((const unsigned char *)"\xe6\x97", 2, &cp), 0);
	assert_int_equal(eg_utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_true(eg_utf8_valid("日本語abc", strlen("日本語abc")));
	assert_false(eg_utf8_valid("a\0b", 3));
	assert_int_equal(eg_display_width("abc", 3), 3);
	assert_int_equal(eg_display_width("日本語", strlen("日本語")), 6);
	assert_int_equal(eg_display_width("ｱｲ", strlen("ｱｲ")), 2); /* halfwidth kana */
	assert_int_equal(eg_display_width("ＡＢ", strlen("ＡＢ")), 4); /* fullwidth */
	assert_int_equal(eg_display_width("e\xcc\x81", 3), 1); /* combining acute */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_utf8_and_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
