/* Unit tests: strict number parsing and durations/dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/err.h"
#include "util/num.h"

static void test_u64(void **state)
{
	(void)state;
	uint64_t v = 7;
	assert_int_equal(eg_parse_u64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(eg_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(eg_parse_u64("18446744073709551616", 0, UINT64_MAX, &v), EG_E_RANGE);
	assert_int_equal(eg_parse_u64("", 0, 10, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64(" 1", 0, 10, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64("1 ", 0, 10, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64("+1", 0, 10, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64("-1", 0, 10, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64("0x10", 0, 100, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64("11", 0, 10, &v), EG_E_RANGE);
	assert_int_equal(eg_parse_u64("3", 5, 10, &v), EG_E_RANGE);
	assert_int_equal(eg_parse_u64n("0755", 4, 8, 0, 07777, &v), 0);
	assert_int_equal(v, 0755);
	assert_int_equal(eg_parse_u64n("0758", 4, 8, 0, 07777, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_u64n("ffFF", 4, 16, 0, 0xffff, &v), 0);
	assert_int_equal(v, 0xffff);
	/* n bounds the parse: "12abc" with n=2 is 12 */
	assert_int_equal(eg_parse_u64n("12abc", 2, 10, 0, 100, &v), 0);
	assert_int_equal(v, 12);
}

static void test_i64(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(eg_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(eg_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), EG_E_RANGE);
	assert_int_equal(eg_parse_i64("-", INT64_MIN, INT64_MAX, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_i64("--1", INT64_MIN, INT64_MAX, &v), EG_E_PARSE);
	assert_int_equal(eg_parse_i64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(eg_parse_i64("-11", -10, 10, &v), EG_E_RANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_i64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
