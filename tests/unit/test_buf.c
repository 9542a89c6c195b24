/* Unit tests: the bounded buffer (sticky errors, cap, formatting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/err.h"

static void test_append_and_str(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 100);
	assert_string_equal(eg_buf_str(&b), "");
	assert_int_equal(eg_buf_adds(&b, "abc"), 0);
	assert_int_equal(eg_buf_addc(&b, '-'), 0);
	assert_int_equal(eg_buf_addf(&b, "%d/%s", 42, "x"), 0);
	assert_string_equal(eg_buf_str(&b), "abc-42/x");
	assert_int_equal(b.len, 8);
	eg_buf_truncate(&b, 3);
	assert_string_equal(eg_buf_str(&b), "abc");
	eg_buf_free(&b);
}

static void test_cap_is_sticky(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 5);
	assert_int_equal(eg_buf_adds(&b, "12345"), 0);
	assert_int_equal(eg_buf_addc(&b, '6'), EG_E_LIMIT);
	/* Once failed, stays failed, and keeps what it had. */
	assert_int_equal(eg_buf_adds(&b, ""), EG_E_LIMIT);
	assert_int_equal(b.err, EG_E_LIMIT);
	assert_string_equal(eg_buf_str(&b), "12345");
	eg_buf_reset(&b);
	assert_int_equal(b.err, 0);
	assert_int_equal(eg_buf_addf(&b, "%s", "toolong"), EG_E_LIMIT);
	eg_buf_free(&b);
}

static void test_steal(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1000);
	size_t len = 99;
	char *s = eg_buf_steal(&b, &len);
	assert_non_null(s);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	free(s);
	for (int i = 0; i < 200; i++)
		eg_buf_addc(&b, 'x');
	s = eg_buf_steal(&b, &len);
	assert_int_equal(len, 200);
	assert_int_equal(strlen(s), 200);
	assert_string_equal(eg_buf_str(&b), "");
	free(s);
	eg_buf_free(&b);
}

static void test_err_first_wins(void **state)
{
	(void)state;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_err_set(&e, EG_E_PARSE, "first %d", 1), EG_E_PARSE);
	assert_int_equal(eg_err_set(&e, EG_E_IO, "second"), EG_E_IO);
	assert_int_equal(e.code, EG_E_PARSE);
	assert_string_equal(eg_err_msg(&e), "first 1");
	eg_err_clear(&e);
	eg_err_set(&e, EG_E_NOTFOUND, "%s", "");
	assert_string_equal(eg_err_msg(&e), "not found");
	assert_string_equal(eg_strerror(EG_E_ESCAPE), "path escapes the audit root");
	assert_string_equal(eg_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_str),
		cmocka_unit_test(test_cap_is_sticky),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_err_first_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
