/*
 * Unit tests: the records and records_store tables over a store made with
 * the store API. Without a store: no record rows and available = 0 (so
 * checks skip); with an empty store: available = 1 and no rows (so checks
 * alarm "never recorded"); records come out with sorted measures, their
 * themes, the superseded flag, hostile text as data; bad dates and unknown
 * measures are left out with a warning; every stored audit run is a
 * periodic-check record for exactly the periodic-check measures of the
 * themes it assessed, once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/run.h"
#include "core/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/rootfs.h"

struct fixture {
	char dir[256];
	struct eg_root *root;
	struct eg_engine *eng;
	struct eg_store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct eg_err e;
	eg_err_clear(&e);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/eg-records.XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	char path[512];
	snprintf(path, sizeof(path), "%s/s.db", f->dir);
	if (eg_root_open(f->dir, &f->root, &e) != 0 ||
	    eg_engine_new(f->root, &f->eng, &e) != 0 ||
	    eg_store_open(path, EG_STORE_CREATE, &f->store, &e) != 0) {
		fprintf(stderr, "setup: %s\n", eg_err_msg(&e));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	eg_engine_free(f->eng);
	eg_store_close(f->store);
	eg_root_free(f->root);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd) == 0 ? 0 : -1;
	free(f);
	return rc;
}

static int collect_row(void *arg, sqlite3_stmt *st)
{
	struct eg_buf *b = arg;
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		if (i > 0)
			eg_buf_addc(b, '|');
		if (sqlite3_column_type(st, i) == SQLITE_NULL)
			eg_buf_adds(b, "NULL");
		else
			eg_buf_adds(b, (const char *)sqlite3_column_text(st, i));
	}
	eg_buf_addc(b, '\n');
	return 0;
}

static char result[1 << 16];

/* Rows of sql as "a|b\n" lines, or "ERROR: message"; facts re-read. */
static const char *q(struct fixture *f, const char *sql)
{
	struct eg_buf b;
	struct eg_err e;
	eg_buf_init(&b, sizeof(result) - 1);
	eg_err_clear(&e);
	eg_engine_clear_cache(f->eng);
	if (eg_engine_exec(f->eng, sql, collect_row, &b, &e) != 0)
		snprintf(result, sizeof(result), "ERROR: %s", eg_err_msg(&e));
	else
		snprintf(result, sizeof(result), "%s", eg_buf_str(&b));
	eg_buf_free(&b);
	return result;
}

/* Adds a record with bound parameters (as `ecguard record` will); returns
 * its id. measures is a NULL-terminated list. */
static sqlite3_int64 add_record(struct fixture *f, const char *kind,
				const char *date, const char *by,
				const char *summary, sqlite3_int64 supersedes,
				const char *run_id, const char *const *measures)
{
	sqlite3 *db = eg_store_db(f->store);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
		"INSERT INTO records (kind, date, performed_by, summary, scope,"
		" created_at, supersedes, run_id)"
		" VALUES (?, ?, ?, ?, NULL, '2026-11-26T00:00:00Z', ?, ?)",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, summary, -1, SQLITE_STATIC);
	if (supersedes > 0)
		sqlite3_bind_int64(st, 5, supersedes);
	sqlite3_bind_text(st, 6, run_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("insert record: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_int64 id = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; measures != NULL && measures[i] != NULL; i++) {
		assert_int_equal(sqlite3_prepare_v2(db,
			"INSERT INTO record_measures (record_id, measure_id)"
			" VALUES (?, ?)", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, measures[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	return id;
}

struct ms {
	const char *id;
	enum eg_mstatus status;
};

/* Saves a run that started at started with the given measure statuses. */
static void add_run(struct fixture *f, const char *id, const char *started,
		    const struct ms *m, size_t n)
{
	struct eg_run *r = eg_run_new();
	struct eg_err e;
	eg_err_clear(&e);
	assert_non_null(r);
	assert_int_equal(eg_run_set(&r->id, id), 0);
	assert_int_equal(eg_run_set(&r->started_at, started), 0);
	assert_int_equal(eg_run_set(&r->host, "shop1"), 0);
	assert_int_equal(eg_run_set(&r->version, "0.1.0"), 0);
	r->score = 80;
	for (size_t i = 0; i < n; i++) {
		struct eg_run_measure rm;
		memset(&rm, 0, sizeof(rm));
		snprintf(rm.id, sizeof(rm.id), "%s", m[i].id);
		rm.status = m[i].status;
		assert_int_equal(eg_run_add_measure(r, &rm), 0);
	}
	if (eg_store_save_run(f->store, r, &e) != 0)
		fail_msg("save run: %s", eg_err_msg(&e));
	eg_run_free(r);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_no_store(void **state)
{
	struct fixture *f = *state;
	/* Nothing attached: as `audit --no-store` and `ecguard query`. */
	add_record(f, "education", "2026-05-01", "x", "y", 0, NULL, NULL);
	assert_string_equal(q(f, "SELECT count(*) FROM records"), "0\n");
	assert_string_equal(q(f, "SELECT * FROM records_store"),
			    "0|NULL|NULL|NULL\n");
}

static void test_empty_store(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(eg_engine_set_userdata(f->eng, "store", f->store), 0);
	assert_string_equal(q(f, "SELECT count(*) FROM records"), "0\n");
	char want[600];
	snprintf(want, sizeof(want), "1|%s/s.db|0|0\n", f->dir);
	assert_string_equal(q(f, "SELECT * FROM records_store"), want);
}

static void test_records(void **state)
{
	struct fixture *f = *state;
	static const char *const m1[] = {"T05.09", "T02.10", NULL};
	static const char *const m2[] = {"T02.10", "T05.09", "T06.09", NULL};
	static const char *const m3[] = {"T11.07", NULL};
	static const char *const hostile =
		"'); DROP TABLE records; -- \x1b[31m<b>";
	sqlite3_int64 a = add_record(f, "education", "2026-03-01", "佐藤",
				     "年次研修", 0, NULL, m1);
	sqlite3_int64 b = add_record(f, "education", "2026-03-02", "Sato",
				     "annual training, corrected", a, NULL, m2);
	add_record(f, "drill", "2026-04-10", NULL, hostile, 0, NULL, m3);
	add_record(f, "other", "2026-04-11", "Sato", "no measure", 0, NULL,
		   NULL);
	assert_int_equal(eg_engine_set_userdata(f->eng, "store", f->store), 0);
	char want[2048];
	snprintf(want, sizeof(want),
		 "%lld|education|2026-03-01|T02.10,T05.09|T02,T05|佐藤|年次研修|1|NULL|record|NULL\n"
		 "%lld|education|2026-03-02|T02.10,T05.09,T06.09|T02,T05,T06|Sato|annual training, corrected|0|NULL|record|NULL\n"
		 "3|drill|2026-04-10|T11.07|T11|NULL|%s|0|NULL|record|NULL\n"
		 "4|other|2026-04-11|NULL|NULL|Sato|no measure|0|NULL|record|NULL\n",
		 (long long)a, (long long)b, hostile);
	assert_string_equal(q(f, "SELECT * FROM records ORDER BY date"), want);
	assert_string_equal(q(f, "SELECT records, runs FROM records_store"),
			    "4|0\n");
	/* What a cadence check asks: the latest non-superseded record that
	 * evidences T05.09. */
	assert_string_equal(q(f,
		"SELECT max(date) FROM records WHERE kind = 'education'"
		" AND superseded = 0"
		" AND instr(',' || measures || ',', ',T05.09,') > 0"),
		"2026-03-02\n");
	assert_string_equal(q(f,
		"SELECT count(*) FROM records WHERE kind = 'education'"
		" AND superseded = 0"
		" AND instr(',' || measures || ',', ',T05.0,') > 0"),
		"0\n");
	/* The tables stayed intact. */
	assert_string_equal(q(f, "SELECT records FROM records_store"), "4\n");
}

/* A date the schema's GLOB lets through but no calendar has, and a measure
 * ID the catalogue does not know: left out, each with a warning. */
static void test_bad_rows_warn(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {"T02.10", "T12.01", "T02.99", NULL};
	add_record(f, "education", "2026-02-30", "x", "bad date", 0, NULL,
		   NULL);
	add_record(f, "education", "2026-02-28", "x", "good", 0, NULL, bad);
	assert_int_equal(eg_engine_set_userdata(f->eng, "store", f->store), 0);
	assert_string_equal(q(f, "SELECT date, measures, theme, summary FROM records"),
			    "2026-02-28|T02.10|T02|good\n");
	size_t n = eg_engine_nwarnings(f->eng);
	assert_int_equal(n, 3);
	int date_warned = 0, t12 = 0, t299 = 0;
	for (size_t i = 0; i < n; i++) {
		const char *w = eg_engine_warning(f->eng, i);
		date_warned |= strstr(w, "\"2026-02-30\", which is not a date") != NULL;
		t12 |= strstr(w, "\"T12.01\", which is no measure") != NULL;
		t299 |= strstr(w, "\"T02.99\", which is no measure") != NULL;
	}
	assert_true(date_warned && t12 && t299);
}

/* Every stored run is a periodic-check record for the periodic-check
 * measures of the themes it assessed. */
static void test_runs(void **state)
{
	struct fixture *f = *state;
	/* A full run of T02 and T03: T02.07 met, T03.08 not_met; T04 was
	 * selected but nothing in it could be assessed. */
	static const struct ms full[] = {
		{"T02.07", EG_MS_MET}, {"T02.11", EG_MS_NOT_ASSESSED},
		{"T03.08", EG_MS_NOT_MET}, {"T03.11", EG_MS_MET},
		{"T04.09", EG_MS_NOT_ASSESSED}, {"T04.13", EG_MS_NOT_MET},
		{"T10.05", EG_MS_NOT_APPLICABLE}, {"T10.07", EG_MS_MET},
	};
	/* --only T02.07: the periodic check of T02 was not selected. */
	static const struct ms one[] = {{"T02.07", EG_MS_PARTIAL}};
	/* --only T02.11: nothing else of T02 was looked at. */
	static const struct ms self[] = {{"T02.11", EG_MS_MET}};
	add_run(f, "run-full", "2026-05-31T23:59:59Z", full,
		sizeof(full) / sizeof(full[0]));
	add_run(f, "run-one", "2026-06-01T00:00:00Z", one, 1);
	add_run(f, "run-self", "2026-06-02T10:00:00Z", self, 1);
	add_run(f, "run-recorded", "2026-06-03T10:00:00Z", full,
		sizeof(full) / sizeof(full[0]));
	/* issue 7 may store a record for a run: then the run is not listed
	 * a second time. */
	static const char *const m[] = {"T02.11", NULL};
	add_record(f, "periodic-check", "2026-06-03", "cron", "from run", 0,
		   "run-recorded", m);
	assert_int_equal(eg_engine_set_userdata(f->eng, "store", f->store), 0);
	assert_string_equal(q(f, "SELECT * FROM records ORDER BY date, source"),
			    "NULL|periodic-check|2026-05-31|T02.11,T03.11|T02,T03|ecguard 0.1.0|audit run of shop1, score 80|0|run-full|run|NULL\n"
			    "NULL|periodic-check|2026-06-01|NULL|NULL|ecguard 0.1.0|audit run of shop1, score 80|0|run-one|run|NULL\n"
			    "NULL|periodic-check|2026-06-02|NULL|NULL|ecguard 0.1.0|audit run of shop1, score 80|0|run-self|run|NULL\n"
			    "1|periodic-check|2026-06-03|T02.11|T02|cron|from run|0|run-recorded|record|NULL\n");
	assert_string_equal(q(f, "SELECT records, runs FROM records_store"),
			    "1|4\n");
}

/* The scope column (rotations are records whose scope is the secret's
 * name) and the record_evidence table (evidence expiries): a superseded
 * record's evidence is marked so, an expiry that is no date is left out
 * with a warning. */
static void test_scope_and_evidence(void **state)
{
	struct fixture *f = *state;
	static const char *const m[] = {"T11.07", NULL};
	sqlite3 *db = eg_store_db(f->store);
	sqlite3_int64 a = add_record(f, "drill", "2026-04-10", "Sato", "drill",
				     0, NULL, m);
	sqlite3_int64 b = add_record(f, "drill", "2026-04-11", "Sato",
				     "corrected", a, NULL, m);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO records (kind, date, scope, created_at)"
		" VALUES ('other', '2026-05-01', 'tls-cert', '2026-11-26T00:00:00Z');",
		NULL, NULL, NULL), SQLITE_OK);
	char sql[1024];
	const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	snprintf(sql, sizeof(sql),
		 "INSERT INTO evidence (record_id, path, size, sha256, expires) VALUES"
		 " (%lld, '/e/old.pdf', 1, '%s', '2026-05-01'),"
		 " (%lld, '/e/new.pdf', 2, '%s', '2027-04-10'),"
		 " (%lld, '/e/none.pdf', 3, '%s', NULL),"
		 " (%lld, '/e/bad.pdf', 4, '%s', '2026-02-30');",
		 (long long)a, h, (long long)b, h, (long long)b, h,
		 (long long)b, h);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(eg_engine_set_userdata(f->eng, "store", f->store), 0);
	assert_string_equal(q(f, "SELECT date, scope FROM records WHERE scope IS NOT NULL"),
			    "2026-05-01|tls-cert\n");
	snprintf(sql, sizeof(sql),
		 "%lld|/e/old.pdf|2026-05-01|2026-04-10|drill|1\n"
		 "%lld|/e/new.pdf|2027-04-10|2026-04-11|drill|0\n"
		 "%lld|/e/none.pdf|NULL|2026-04-11|drill|0\n",
		 (long long)a, (long long)b, (long long)b);
	assert_string_equal(q(f, "SELECT record_id, path, expires, date, kind, superseded"
			      " FROM record_evidence ORDER BY coalesce(expires, '9'), path"), sql);
	int warned = 0;
	for (size_t i = 0; i < eg_engine_nwarnings(f->eng); i++)
		warned |= strstr(eg_engine_warning(f->eng, i),
				 "expires on \"2026-02-30\", which is not a date") != NULL;
	assert_true(warned);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_store, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_warn, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
