/*
 * Unit tests: the php.ini parser (exact settings, quotes, comments,
 * sections, bare keys, multi-line quoted values, malformed lines reported,
 * hostile input refused).
 */
#include "web_check.h"

#include "tables/web/php_ini.h"
#include "util/err.h"
#include "util/limits.h"

struct out {
	struct eg_buf rows;
	struct eg_buf bad;
};

static int on_entry(void *ud, unsigned line, const char *key,
		    const char *value)
{
	struct out *o = ud;
	eg_buf_addf(&o->rows, "%u|%s|%s\n", line, key,
		    value != NULL ? value : "(null)");
	return 0;
}

static void on_bad(void *ud, unsigned line)
{
	struct out *o = ud;
	eg_buf_addf(&o->bad, "%u ", line);
}

static int parse(const char *s, size_t n, struct out *o, struct eg_err *e)
{
	eg_buf_init(&o->rows, 1u << 24);
	eg_buf_init(&o->bad, 1u << 16);
	struct eg_php_ini_cb cb = {on_entry, on_bad, o};
	eg_err_clear(e);
	return eg_php_ini_parse(s, n, &cb, e);
}

static void done(struct out *o)
{
	eg_buf_free(&o->rows);
	eg_buf_free(&o->bad);
}

static void test_settings(void **state)
{
	(void)state;
	const char *ini =
		"[PHP]\n"
		"; a comment\n"
		"# an old-style comment\n"
		"engine = On\n"
		"  expose_php=Off   ; trailing comment\n"
		"error_log = \"/var/log/php err.log\" ; quoted, comment after\n"
		"session.save_path = '/var/lib/php;x'\n"
		"disable_functions =\n"
		"extension[] = a.so\r\n"
		"extension[] = b.so\n"
		"date.timezone = \"Asia/\\\"Tokyo\\\\\"\n"
		"[HOST=www.example.jp]\n"
		"bare_key\n"
		"spaced key = v ; c\n"
		"multi = \"line one\n"
		"line two\"\n"
		"after = 1";
	struct out o;
	struct eg_err e;
	assert_int_equal(parse(ini, strlen(ini), &o, &e), 0);
	assert_string_equal(eg_buf_str(&o.rows),
			    "4|engine|On\n"
			    "5|expose_php|Off\n"
			    "6|error_log|/var/log/php err.log\n"
			    "7|session.save_path|/var/lib/php;x\n"
			    "8|disable_functions|\n"
			    "9|extension[]|a.so\n"
			    "10|extension[]|b.so\n"
			    "11|date.timezone|Asia/\"Tokyo\\\n"
			    "13|bare_key|(null)\n"
			    "14|spaced key|v\n"
			    "15|multi|line one\nline two\n"
			    "17|after|1\n");
	assert_string_equal(eg_buf_str(&o.bad), "");
	done(&o);
}

static void test_bad_lines(void **state)
{
	(void)state;
	const char *ini = "a = 1\n= no key\nfoo(bar)\nb = \"open\nc = 3\n";
	struct out o;
	struct eg_err e;
	assert_int_equal(parse(ini, strlen(ini), &o, &e), 0);
	/* The unterminated quote makes line 4 bad; line 5 is read again. */
	assert_string_equal(eg_buf_str(&o.rows), "1|a|1\n5|c|3\n");
	assert_string_equal(eg_buf_str(&o.bad), "2 3 4 ");
	done(&o);
}

static void test_hostile(void **state)
{
	(void)state;
	struct out o;
	struct eg_err e;
	static const char nul[] = "a = 1\nb = x\0y\n";
	assert_int_equal(parse(nul, sizeof(nul) - 1, &o, &e), EG_E_PARSE);
	assert_string_equal(eg_err_msg(&e), "line 2: NUL byte in a text file");
	assert_string_equal(eg_buf_str(&o.rows), "");
	done(&o);
	/* One line longer than EG_LINE_MAX. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	eg_buf_adds(&b, "ok = 1\nk = ");
	for (size_t i = 0; i < EG_LINE_MAX; i++)
		eg_buf_addc(&b, 'v');
	assert_int_equal(parse(b.data, b.len, &o, &e), EG_E_LIMIT);
	char want[96];
	snprintf(want, sizeof(want), "line 2: longer than %u bytes",
		 (unsigned)EG_LINE_MAX);
	assert_string_equal(eg_err_msg(&e), want);
	assert_string_equal(eg_buf_str(&o.rows), "1|ok|1\n");
	done(&o);
	/* A quoted value that never ends within EG_LINE_MAX. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "k = \"");
	for (size_t i = 0; i < EG_LINE_MAX + 10; i++)
		eg_buf_adds(&b, i % 100 == 99 ? "\n" : "v");
	eg_buf_adds(&b, "\"\n");
	assert_int_equal(parse(b.data, b.len, &o, &e), EG_E_LIMIT);
	assert_string_equal(eg_err_msg(&e), "line 1: quoted value longer than "
					    "65536 bytes");
	done(&o);
	/* Empty input and only blanks: no settings, no errors. */
	assert_int_equal(parse("", 0, &o, &e), 0);
	assert_string_equal(eg_buf_str(&o.rows), "");
	done(&o);
	assert_int_equal(parse(" \n\t\n\r\n", 6, &o, &e), 0);
	assert_string_equal(eg_buf_str(&o.rows), "");
	assert_string_equal(eg_buf_str(&o.bad), "");
	done(&o);
	eg_buf_free(&b);
}

static int stop_at_two(void *ud, unsigned line, const char *key,
		       const char *value)
{
	(void)line;
	(void)key;
	(void)value;
	int *n = ud;
	return ++*n == 2 ? EG_E_LIMIT : 0;
}

static void test_callback_stops(void **state)
{
	(void)state;
	int n = 0;
	struct eg_php_ini_cb cb = {stop_at_two, NULL, &n};
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_php_ini_parse("a=1\nb=2\nc=3\n", 12, &cb, &e),
			 EG_E_LIMIT);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
