/*
 * Unit tests: date_add_cadence(date, interval), the SQL function every
 * cadence check computes its due date with. It must agree with eg_date_add
 * (calendar months that clamp to the month's last day), which SQLite's own
 * date(d, '+1 month') does not, and give NULL, never a wrong date, for
 * anything it cannot read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/sqlfn.h"
#include "util/duration.h"
#include "util/err.h"

static int setup(void **state)
{
	sqlite3 *db = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    eg_sqlfn_register(db, &e) != 0) {
		sqlite3_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* date_add_cadence(d, iv) with bound parameters (NULL for a NULL pointer);
 * the result copied into out, "NULL" when SQL NULL. */
static void call(sqlite3 *db, const char *d, const char *iv, char *out,
		 size_t n)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT date_add_cadence(?, ?)",
					    -1, &st, NULL), SQLITE_OK);
	if (d != NULL)
		sqlite3_bind_text(st, 1, d, -1, SQLITE_STATIC);
	if (iv != NULL)
		sqlite3_bind_text(st, 2, iv, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *r = (const char *)sqlite3_column_text(st, 0);
	snprintf(out, n, "%s", r != NULL ? r : "NULL");
	sqlite3_finalize(st);
}

static void expect(sqlite3 *db, const char *d, const char *iv,
		   const char *want)
{
	char got[64];
	call(db, d, iv, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("date_add_cadence(%s, %s) = %s, want %s",
			 d ? d : "NULL", iv ? iv : "NULL", got, want);
}

static void test_units(void **state)
{
	sqlite3 *db = *state;
	expect(db, "2026-06-01", "1d", "2026-06-02");
	expect(db, "2026-06-01", "30d", "2026-07-01");
	expect(db, "2025-12-31", "2w", "2026-01-14");
	expect(db, "2026-03-15", "3m", "2026-06-15");
	expect(db, "2025-06-01", "12m", "2026-06-01");
	expect(db, "2025-06-01", "1y", "2026-06-01");
	expect(db, "2025-11-30", "1m", "2025-12-30");
}

/* The reason the function exists: SQLite's '+1 month' overflows into the
 * next month; the guideline's cadences are calendar months that clamp. */
static void test_month_end_clamps(void **state)
{
	sqlite3 *db = *state;
	expect(db, "2025-01-31", "1m", "2025-02-28");
	expect(db, "2024-01-31", "1m", "2024-02-29");
	expect(db, "2024-02-29", "1y", "2025-02-28");
	expect(db, "2024-02-29", "12m", "2025-02-28");
	expect(db, "2025-08-31", "6m", "2026-02-28");
	expect(db, "2025-10-31", "1m", "2025-11-30");

	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT date('2025-01-31', '+1 month')",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "2025-03-03");
	sqlite3_finalize(st);
}

/* Same answer as eg_date_add for every day of a leap and a common year and
 * every interval the spec tables hand out. */
static void test_agrees_with_eg_date_add(void **state)
{
	sqlite3 *db = *state;
	static const char *const ivs[] = {"1d", "7d", "1w", "1m", "3m",
					   "6m", "12m", "13m", "1y", "5y"};
	int32_t start;
	assert_int_equal(eg_date_parse("2024-01-01", &start), 0);
	for (int32_t d = start; d < start + 731; d++) {
		char ds[11], want[11], got[64];
		eg_date_format(d, ds);
		for (size_t i = 0; i < sizeof(ivs) / sizeof(ivs[0]); i++) {
			struct eg_duration du;
			assert_int_equal(eg_duration_parse(ivs[i], &du), 0);
			eg_date_format(eg_date_add(d, &du), want);
			call(db, ds, ivs[i], got, sizeof(got));
			if (strcmp(got, want) != 0)
				fail_msg("%s + %s: %s, eg_date_add says %s", ds,
					 ivs[i], got, want);
		}
	}
}

static void test_null_for_bad_input(void **state)
{
	sqlite3 *db = *state;
	expect(db, NULL, "1m", "NULL");
	expect(db, "2026-06-01", NULL, "NULL");
	expect(db, "2025-02-30", "1d", "NULL");   /* no such day */
	expect(db, "2026-6-1", "1d", "NULL");
	expect(db, "2026-06-01T00:00:00Z", "1d", "NULL");
	expect(db, "1969-12-31", "1d", "NULL");   /* before the epoch */
	expect(db, "2026-06-01", "0d", "NULL");   /* a cadence is never 0 */
	expect(db, "2026-06-01", "P30D", "NULL"); /* one syntax only */
	expect(db, "2026-06-01", "1 m", "NULL");
	expect(db, "2026-06-01", "-1d", "NULL");
	expect(db, "2026-06-01", "101y", "NULL");
	expect(db, "", "", "NULL");
	/* Past 9999-12-31 there is no date to give. */
	expect(db, "9999-12-01", "1m", "NULL");
	expect(db, "9999-11-30", "1m", "9999-12-30");

	/* Numbers and blobs are not dates; a NUL cannot hide a tail. */
	char got[64];
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT date_add_cadence(20260601, '1d'),"
		" date_add_cadence(CAST('2026-06-01' AS BLOB), '1d'),"
		" date_add_cadence('2026-06-01', 12),"
		" date_add_cadence(CAST(X'323032362D30362D30310078' AS TEXT), '1d')",
		-1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	for (int i = 0; i < 4; i++) {
		snprintf(got, sizeof(got), "%d", sqlite3_column_type(st, i));
		if (sqlite3_column_type(st, i) != SQLITE_NULL)
			fail_msg("column %d: type %s, want NULL", i, got);
	}
	sqlite3_finalize(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_end_clamps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_agrees_with_eg_date_add,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_for_bad_input, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
