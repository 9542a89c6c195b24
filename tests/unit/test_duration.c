/* Unit tests: cadence syntax and calendar arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/duration.h"
#include "util/err.h"

static void test_parse(void **state)
{
	(void)state;
	struct eg_duration d;
	assert_int_equal(eg_duration_parse("30d", &d), 0);
	assert_int_equal(d.count, 30);
	assert_int_equal(d.unit, 'd');
	assert_int_equal(eg_duration_parse("12m", &d), 0);
	assert_int_equal(eg_duration_days(&d), 360);
	assert_int_equal(eg_duration_parse("1y", &d), 0);
	assert_int_equal(eg_duration_parse("6w", &d), 0);
	assert_int_equal(eg_duration_days(&d), 42);
	assert_int_equal(eg_duration_parse("0d", &d), EG_E_RANGE);
	assert_int_equal(eg_duration_parse("101y", &d), EG_E_RANGE);
	assert_int_equal(eg_duration_parse("d", &d), EG_E_PARSE);
	assert_int_equal(eg_duration_parse("12", &d), EG_E_PARSE);
	assert_int_equal(eg_duration_parse("12 m", &d), EG_E_PARSE);
	assert_int_equal(eg_duration_parse("-1d", &d), EG_E_PARSE);
	assert_int_equal(eg_duration_parse("P1Y", &d), EG_E_PARSE);
	assert_int_equal(eg_duration_parse(NULL, &d), EG_E_PARSE);
}

static void check_add(const char *from, const char *dur, const char *want)
{
	int32_t days;
	struct eg_duration d;
	char out[11];
	assert_int_equal(eg_date_parse(from, &days), 0);
	assert_int_equal(eg_duration_parse(dur, &d), 0);
	eg_date_format(eg_date_add(days, &d), out);
	assert_string_equal(out, want);
}

static void test_dates(void **state)
{
	(void)state;
	int32_t days;
	char out[11];
	assert_int_equal(eg_date_parse("1970-01-01", &days), 0);
	assert_int_equal(days, 0);
	assert_int_equal(eg_date_parse("2026-11-26", &days), 0);
	eg_date_format(days, out);
	assert_string_equal(out, "2026-11-26");
	assert_int_equal(eg_date_parse("2024-02-29", &days), 0);
	assert_int_equal(eg_date_parse("2025-02-29", &days), EG_E_RANGE);
	assert_int_equal(eg_date_parse("2025-13-01", &days), EG_E_RANGE);
	assert_int_equal(eg_date_parse("2025-1-01", &days), EG_E_PARSE);
	assert_int_equal(eg_date_parse("2025-01-01T00", &days), EG_E_PARSE);
	assert_int_equal(eg_date_parse("1969-12-31", &days), EG_E_RANGE);
	check_add("2025-01-31", "1m", "2025-02-28");
	check_add("2024-02-29", "1y", "2025-02-28");
	check_add("2025-11-30", "3m", "2026-02-28");
	check_add("2025-12-25", "7d", "2026-01-01");
	check_add("2025-12-25", "2w", "2026-01-08");
	check_add("2025-03-15", "12m", "2026-03-15");
}

static void test_today_override(void **state)
{
	(void)state;
	int32_t want;
	assert_int_equal(eg_date_parse("2030-06-01", &want), 0);
	setenv("ECGUARD_TODAY", "2030-06-01", 1);
	assert_int_equal(eg_today(), want);
	setenv("ECGUARD_TODAY", "garbage", 1);
	assert_true(eg_today() != want);
	unsetenv("ECGUARD_TODAY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_today_override),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
