/*
 * Unit tests: records (core/records.c) and due dates (core/due.c). The state
 * rule on both sides of every boundary (due yesterday overdue, due today and
 * due on the horizon due_soon, the day after ok, never); default measures by
 * kind and theme, validation and dedup; SHA-256 of evidence (a known vector,
 * missing file, a folder, streaming past one chunk); a record with a missing
 * evidence file leaves nothing; supersedes once only; future dates refused;
 * evidence verify (ok / changed / missing); and eg_due_compute over a store
 * and a spec: calendar-month clamping, record kinds that count, superseded
 * records and records dated after today ignored, audit runs as periodic
 * checks, waivers and evidence expiries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/due.h"
#include "core/records.h"
#include "core/spec.h"
#include "core/store.h"
#include "util/diag.h"
#include "util/duration.h"
#include "util/err.h"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/eg-due.XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(eg_date_parse(s, &d), 0);
	return d;
}

static void tpath(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static struct eg_store *new_store(const char *name)
{
	char p[512];
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	tpath(p, sizeof(p), name);
	if (eg_store_open(p, EG_STORE_CREATE, &s, &e) != 0)
		fail_msg("store: %s", eg_err_msg(&e));
	return s;
}

static const struct eg_catalog *cat(void)
{
	const struct eg_catalog *c = eg_catalog_builtin(NULL);
	assert_non_null(c);
	return c;
}

/* --- the state rule ------------------------------------------------------ */

static void test_state_boundaries(void **state)
{
	(void)state;
	int32_t today = day("2026-06-15"), horizon = day("2026-07-15");
	assert_int_equal(eg_due_state_of(today - 1, today, horizon), EG_DUE_OVERDUE);
	assert_int_equal(eg_due_state_of(today, today, horizon), EG_DUE_SOON);
	assert_int_equal(eg_due_state_of(horizon, today, horizon), EG_DUE_SOON);
	assert_int_equal(eg_due_state_of(horizon + 1, today, horizon), EG_DUE_OK);
	assert_int_equal(eg_due_state_of(EG_NO_DATE, today, horizon), EG_DUE_NEVER);
	/* --within 0 is refused by the parser; a horizon of today still
	 * keeps "due today" due_soon. */
	assert_int_equal(eg_due_state_of(today, today, today), EG_DUE_SOON);
	assert_string_equal(eg_due_state_name(EG_DUE_SOON), "due_soon");
	assert_string_equal(eg_due_state_name(EG_DUE_NEVER), "never");
}

/* --- default measures ----------------------------------------------------- */

static void resolve(const char *kind, const char *const *th, size_t nth,
		    const char *const *ids, size_t nids, const char *want,
		    int want_rc)
{
	const struct eg_measure **v = NULL;
	size_t n = 0;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_record_resolve_measures(cat(), kind, th, nth, ids, nids,
					    &v, &n, &e);
	assert_int_equal(rc, want_rc);
	if (rc != 0) {
		assert_null(v);
		assert_string_equal(eg_err_msg(&e), want);
		return;
	}
	char got[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof(got); i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s",
					i > 0 ? " " : "", v[i]->id);
	assert_string_equal(got, want);
	free(v);
}

static void test_default_measures(void **state)
{
	(void)state;
	const char *t25[] = {"T05", "T02"};
	const char *t09[] = {"T09"};
	const char *t56[] = {"T06", "T05"};
	const char *t03[] = {"T03"};
	const char *t99[] = {"T99"};
	const char *ids[] = {"T02.10", "T01.07"};
	const char *bad[] = {"T02.99"};
	resolve("education", t25, 2, NULL, 0, "T02.10 T05.09", 0);
	resolve("education", t25, 2, ids, 2, "T01.07 T02.10 T05.09", 0);
	resolve("audit", NULL, 0, NULL, 0, "T01.07", 0);
	resolve("drill", NULL, 0, NULL, 0, "T11.07", 0);
	resolve("review", t09, 1, NULL, 0, "T09.02", 0);   /* config-policy */
	resolve("partner-review", t56, 2, NULL, 0, "T05.08 T06.08", 0);
	resolve("incident", NULL, 0, NULL, 0, "", 0);
	resolve("education", NULL, 0, NULL, 0,
		"measures of kind education exist in several themes; say which with --theme or --measure",
		EG_E_INVAL);
	resolve("education", t03, 1, NULL, 0,
		"theme T03 has no measure of kind education; name the measures with --measure",
		EG_E_INVAL);
	resolve("education", t99, 1, NULL, 0,
		"unknown theme \"T99\" (themes are T01 to T11)", EG_E_INVAL);
	resolve("other", NULL, 0, bad, 1,
		"unknown measure \"T02.99\" (see `ecguard catalog`)", EG_E_INVAL);
	resolve("other", t25, 2, NULL, 0,
		"a record of kind other has no default measures; name them with --measure",
		EG_E_INVAL);
	resolve("lecture", NULL, 0, NULL, 0, "unknown record kind \"lecture\"",
		EG_E_INVAL);
}

/* --- evidence hashing ------------------------------------------------------ */

static void test_hash(void **state)
{
	(void)state;
	char p[512], hex[65];
	int64_t size;
	struct eg_err e;
	eg_err_clear(&e);
	tpath(p, sizeof(p), "abc.txt");
	write_file(p, "abc", 3);
	assert_int_equal(eg_evidence_hash(p, hex, &size, &e), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(size, 3);
	/* Past one 64 KiB read: 200000 bytes of 'a'. */
	char *big = malloc(200000);
	assert_non_null(big);
	memset(big, 'a', 200000);
	tpath(p, sizeof(p), "big.bin");
	write_file(p, big, 200000);
	free(big);
	assert_int_equal(eg_evidence_hash(p, hex, &size, &e), 0);
	assert_int_equal(size, 200000);
	assert_string_equal(hex, "2287d207f24a941ff3b56c04c8a25ad56b63e3023207b3bb5b4ac0c9869d74be");
}

static void test_hash_errors(void **state)
{
	(void)state;
	char p[512], hex[65];
	int64_t size;
	struct eg_err e;
	eg_err_clear(&e);
	tpath(p, sizeof(p), "none.txt");
	assert_int_equal(eg_evidence_hash(p, hex, &size, &e), EG_E_NOTFOUND);
	assert_int_equal(size, -1);
	eg_err_clear(&e);
	assert_int_equal(eg_evidence_hash(tmpdir, hex, &size, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "is not a regular file"));
}

/* --- adding records --------------------------------------------------------- */

static int64_t add(struct eg_store *s, const char *kind, const char *date,
		   const char *measure, const char *scope, int64_t supersedes,
		   int want_rc)
{
	const struct eg_measure *m[1];
	struct eg_record_new r;
	struct eg_err e;
	int64_t id = -1;
	memset(&r, 0, sizeof(r));
	eg_err_clear(&e);
	r.kind = kind;
	r.date = day(date);
	if (measure != NULL) {
		m[0] = eg_catalog_find_measure(cat(), measure);
		assert_non_null(m[0]);
		r.measures = m;
		r.nmeasures = 1;
	}
	r.scope = scope;
	r.supersedes = supersedes;
	r.evidence_expires = EG_NO_DATE;
	int rc = eg_record_add(s, &r, day("2026-06-15"), &id, &e);
	if (rc != want_rc)
		fail_msg("eg_record_add: %d %s", rc, eg_err_msg(&e));
	return id;
}

static size_t count(struct eg_store *s, const char *table)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(eg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	size_t n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_add_atomic_and_supersede(void **state)
{
	(void)state;
	struct eg_store *s = new_store("add.db");
	char ok[512], gone[512];
	tpath(ok, sizeof(ok), "ok.txt");
	tpath(gone, sizeof(gone), "gone.txt");
	write_file(ok, "x", 1);
	const char *ev[] = {ok, gone};
	struct eg_record_new r;
	struct eg_err e;
	int64_t id;
	memset(&r, 0, sizeof(r));
	eg_err_clear(&e);
	r.kind = "drill";
	r.date = day("2026-06-01");
	r.evidence = ev;
	r.nevidence = 2;
	r.evidence_expires = EG_NO_DATE;
	/* The second file is missing: nothing of the record is stored. */
	assert_int_equal(eg_record_add(s, &r, day("2026-06-15"), &id, &e),
			 EG_E_NOTFOUND);
	assert_int_equal(count(s, "records"), 0);
	assert_int_equal(count(s, "evidence"), 0);
	/* A date after today is refused. */
	add(s, "audit", "2026-06-16", NULL, NULL, 0, EG_E_INVAL);
	int64_t a = add(s, "audit", "2025-06-14", "T01.07", NULL, 0, 0);
	int64_t b = add(s, "audit", "2025-06-16", "T01.07", NULL, a, 0);
	assert_true(b > a);
	add(s, "audit", "2025-06-17", "T01.07", NULL, a, EG_E_INVAL);
	add(s, "audit", "2025-06-17", "T01.07", NULL, 4242, EG_E_INVAL);
	assert_int_equal(count(s, "records"), 2);
	/* The triggers keep the history append-only. */
	assert_int_not_equal(sqlite3_exec(eg_store_db(s),
					  "UPDATE records SET date = '2026-01-01'",
					  NULL, NULL, NULL), SQLITE_OK);
	struct eg_record_info *v = NULL;
	size_t n = 0;
	assert_int_equal(eg_records_list(s, "audit", "T01.07", &v, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].superseded_by, b);
	assert_int_equal(v[1].supersedes, a);
	assert_int_equal(v[1].superseded_by, 0);
	eg_record_infos_free(v, n);
	assert_int_equal(eg_records_list(s, "drill", NULL, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	eg_record_infos_free(v, n);
	eg_store_close(s);
}

static void test_verify(void **state)
{
	(void)state;
	struct eg_store *s = new_store("verify.db");
	char p[3][512];
	const char *ev[3];
	const char *names[3] = {"a.txt", "b.txt", "c.txt"};
	for (int i = 0; i < 3; i++) {
		tpath(p[i], sizeof(p[i]), names[i]);
		write_file(p[i], names[i], 5);
		ev[i] = p[i];
	}
	struct eg_record_new r;
	struct eg_err e;
	int64_t id;
	memset(&r, 0, sizeof(r));
	eg_err_clear(&e);
	r.kind = "other";
	r.date = day("2026-06-01");
	r.evidence = ev;
	r.nevidence = 3;
	r.evidence_expires = day("2026-06-14");
	assert_int_equal(eg_record_add(s, &r, day("2026-06-15"), &id, &e), 0);
	write_file(p[1], "b.txT", 5);     /* same size, other bytes */
	unlink(p[2]);
	struct eg_evidence_check *v = NULL;
	size_t n = 0;
	assert_int_equal(eg_evidence_verify(s, &v, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].state, EG_EV_OK);
	assert_int_equal(v[1].state, EG_EV_CHANGED);
	assert_int_equal(v[2].state, EG_EV_MISSING);
	assert_string_equal(v[0].ev.expires, "2026-06-14");
	eg_evidence_checks_free(v, n);
	/* An expiry before the record's date is refused. */
	r.evidence_expires = day("2026-05-31");
	r.nevidence = 1;
	assert_int_equal(eg_record_add(s, &r, day("2026-06-15"), &id, &e), EG_E_INVAL);
	eg_store_close(s);
}

/* --- due dates ------------------------------------------------------------- */

static const char spec_yaml[] =
	"schema: ecguard.spec/1\n"
	"site: {name: t}\n"
	"policies:\n"
	"  T02: {document: p2, version: \"1\", approver: b, approved: 2025-06-15}\n"
	"secrets:\n"
	"  - {name: key1, kind: private-key, rotation: 1m}\n"
	"waivers:\n"
	"  - {measure: T02.07, justification: j, approver: b, approved: 2026-01-01, expires: 2026-06-14}\n"
	"cadences:\n"
	"  themes:\n"
	"    T04: {education: 1m}\n";

static const struct eg_obligation *find(const struct eg_obligation *v,
					size_t n, const char *what,
					const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].what, what) == 0 &&
		    (strcmp(v[i].theme, key) == 0 ||
		     (v[i].subject != NULL && strcmp(v[i].subject, key) == 0)))
			return &v[i];
	fail_msg("no obligation %s %s", what, key);
	return NULL;
}

static void expect(const struct eg_obligation *v, size_t n, const char *what,
		   const char *key, const char *due, enum eg_due_state st)
{
	const struct eg_obligation *o = find(v, n, what, key);
	char d[11] = "never";
	if (o->due != EG_NO_DATE)
		eg_date_format(o->due, d);
	if (strcmp(d, due) != 0 || o->state != st)
		fail_msg("%s %s: due %s state %s, want %s %s", what, key, d,
			 eg_due_state_name(o->state), due, eg_due_state_name(st));
}

static void test_due_compute(void **state)
{
	(void)state;
	struct eg_diags d;
	struct eg_spec *spec = NULL;
	eg_diags_init(&d);
	assert_int_equal(eg_spec_load_buffer("t.yaml", spec_yaml,
					     sizeof(spec_yaml) - 1, &spec, &d), 0);
	eg_diags_free(&d);
	struct eg_store *s = new_store("due.db");
	/* T04 education every 1m: 2026-05-31 + 1m clamps to 2026-06-30. */
	add(s, "education", "2026-05-31", "T04.12", NULL, 0, 0);
	/* T05: the record of the right kind counts; an "other" record naming
	 * the education measure does not (the audit's rule). */
	add(s, "education", "2025-06-14", "T05.09", NULL, 0, 0);
	add(s, "other", "2026-06-01", "T05.09", NULL, 0, 0);
	/* T02: a later record superseded by an earlier date: the correction
	 * counts. */
	int64_t x = add(s, "education", "2026-06-01", "T02.10", NULL, 0, 0);
	add(s, "education", "2025-06-15", "T02.10", NULL, x, 0);
	/* T06: a record dated after today (another clock) is ignored. */
	assert_int_equal(sqlite3_exec(eg_store_db(s),
		"INSERT INTO records(kind, date, created_at) VALUES ('education', '2026-07-01', 'x');"
		"INSERT INTO record_measures VALUES (last_insert_rowid(), 'T06.09');",
		NULL, NULL, NULL), SQLITE_OK);
	/* Policy T02 approved 2025-06-15; a review record a day later. */
	add(s, "review", "2025-06-16", "T02.01", NULL, 0, 0);
	/* The secret rotated 2026-05-14: due 2026-06-14, overdue. */
	add(s, "other", "2026-05-14", NULL, "key1", 0, 0);
	/* A run that selected T03.11 and assessed T03.07; one that selected
	 * T07.07 but assessed nothing else of T07. */
	assert_int_equal(sqlite3_exec(eg_store_db(s),
		"INSERT INTO runs(seq, id, started_at) VALUES (1, 'r1', '2026-03-15T23:59:59Z');"
		"INSERT INTO measure_status VALUES (1, 0, 'T03.11', 'not_assessed', NULL, 0,0,0,0,0,0);"
		"INSERT INTO measure_status VALUES (1, 1, 'T03.07', 'partial', NULL, 1,1,0,0,0,0);"
		"INSERT INTO measure_status VALUES (1, 2, 'T07.07', 'not_assessed', NULL, 0,0,0,0,0,0);"
		"INSERT INTO measure_status VALUES (1, 3, 'T07.02', 'not_assessed', NULL, 0,0,0,0,0,0);",
		NULL, NULL, NULL), SQLITE_OK);
	struct eg_obligation *v = NULL;
	size_t n = 0;
	struct eg_err e;
	eg_err_clear(&e);
	int32_t today = day("2026-06-15");
	assert_int_equal(eg_due_compute(s, spec, cat(), today, day("2026-07-15"),
					&v, &n, &e), 0);
	expect(v, n, "education", "T04", "2026-06-30", EG_DUE_SOON);
	expect(v, n, "education", "T05", "2026-06-14", EG_DUE_OVERDUE);
	expect(v, n, "education", "T02", "2026-06-15", EG_DUE_SOON);
	expect(v, n, "education", "T06", "never", EG_DUE_NEVER);
	expect(v, n, "policy_review", "p2", "2026-06-16", EG_DUE_SOON);
	expect(v, n, "rotation", "key1", "2026-06-14", EG_DUE_OVERDUE);
	expect(v, n, "waiver", "T02.07", "2026-06-14", EG_DUE_OVERDUE);
	expect(v, n, "periodic_check", "T03", "2026-06-15", EG_DUE_SOON);
	expect(v, n, "periodic_check", "T07", "never", EG_DUE_NEVER);
	const struct eg_obligation *o = find(v, n, "education", "T04");
	assert_string_equal(o->interval, "1m");
	assert_string_equal(o->source, "theme");
	eg_obligations_free(v, n);
	/* Without a store only the spec's dates count. */
	assert_int_equal(eg_due_compute(NULL, spec, cat(), today,
					day("2026-07-15"), &v, &n, &e), 0);
	expect(v, n, "policy_review", "p2", "2026-06-15", EG_DUE_SOON);
	expect(v, n, "education", "T04", "never", EG_DUE_NEVER);
	eg_obligations_free(v, n);
	eg_store_close(s);
	eg_spec_free(spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_boundaries),
		cmocka_unit_test(test_default_measures),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_hash_errors),
		cmocka_unit_test(test_add_atomic_and_supersede),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_due_compute),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
