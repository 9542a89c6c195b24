/*
 * Unit tests: the store. A run round-trips exactly (Japanese text, NULLs,
 * hostile strings); the schema is created from an empty file and a newer one
 * is refused; the file and its WAL are 0600 and a symlink is refused; a save
 * killed with SIGKILL half-way leaves no trace; runs are found by id, prefix,
 * latest and previous; history and trend come out in order; records are
 * append-only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/run.h"
#include "core/store.h"
#include "util/err.h"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/eg-store.XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void tpath(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static struct eg_store *open_ok(const char *path, int flags)
{
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_store_open(path, flags, &s, &e);
	if (rc != 0)
		fail_msg("eg_store_open(%s): %s", path, eg_err_msg(&e));
	return s;
}

static const char *const hostile =
	"'; DROP TABLE runs; -- \"quoted\" \x1b[31mred\x1b[0m\nline2 <b>&amp;";

/* A run with every kind of value: Japanese, NULL, hostile. */
static struct eg_run *sample_run(const char *id, const char *started,
				 int score)
{
	struct eg_run *r = eg_run_new();
	assert_non_null(r);
	assert_int_equal(eg_run_set(&r->id, id), 0);
	assert_int_equal(eg_run_set(&r->started_at, started), 0);
	assert_int_equal(eg_run_set(&r->finished_at, "2026-11-26T09:56:01Z"), 0);
	assert_int_equal(eg_run_set(&r->host, "ウェブ1"), 0);
	assert_int_equal(eg_run_set(&r->root, hostile), 0);
	assert_int_equal(eg_run_set(&r->spec, "(embedded default)"), 0);
	/* version left NULL on purpose */
	r->score = score;

	char *m1[] = {"T02.07", "T08.05"};
	struct eg_run_check c = {
		.id = "ssh.root_login",
		.measures = m1,
		.nmeasures = 2,
		.severity = EG_SEV_HIGH,
		.kind = EG_KIND_TECHNICAL,
		.title_ja = "root での SSH ログインを禁止する",
		.title_en = "SSH forbids root login",
		.rationale_ja = NULL,
		.rationale_en = (char *)hostile,
		.remediation_ja = "PermitRootLogin no を設定する",
		.remediation_en = NULL,
	};
	size_t i0, i1;
	assert_int_equal(eg_run_add_check(r, &c, &i0), 0);
	struct eg_run_check c2 = {
		.id = "policy.declared",
		.measures = NULL,
		.nmeasures = 0,
		.severity = EG_SEV_CRITICAL,
		.kind = EG_KIND_ATTESTATION,
		.title_en = "'; DROP TABLE results; --",
	};
	assert_int_equal(eg_run_add_check(r, &c2, &i1), 0);
	assert_int_equal(eg_run_add_result(r, i0, "/etc/ssh/sshd_config:32",
					   EG_ST_ALARM, "PermitRootLogin yes",
					   NULL), 0);
	assert_int_equal(eg_run_add_result(r, i0, hostile, EG_ST_WAIVED,
					   "理由: 一時的", "承認者, until 2027-01-01: why"), 0);
	assert_int_equal(eg_run_add_result(r, i1, "", EG_ST_SKIP, "", NULL), 0);
	assert_int_equal(eg_run_add_result(r, i1, "spec", EG_ST_OK,
					   "declared", NULL), 0);
	struct eg_run_measure m = {.id = "T02.07", .status = EG_MS_NOT_MET,
				   .note = NULL, .ok = 1, .alarm = 2, .info = 3,
				   .skip = 4, .error = 5, .waived = 6};
	assert_int_equal(eg_run_add_measure(r, &m), 0);
	struct eg_run_measure m2 = {.id = "T01.01",
				    .status = EG_MS_NOT_APPLICABLE,
				    .note = "対象外: 外部委託"};
	assert_int_equal(eg_run_add_measure(r, &m2), 0);
	struct eg_run_theme t1 = {.id = "T02", .score = 55,
				  .status = EG_MS_PARTIAL};
	struct eg_run_theme t2 = {.id = "T11", .score = -1,
				  .status = EG_MS_NOT_ASSESSED};
	assert_int_equal(eg_run_add_theme(r, &t1), 0);
	assert_int_equal(eg_run_add_theme(r, &t2), 0);
	return r;
}

static void assert_str_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_runs_equal(const struct eg_run *a, const struct eg_run *b)
{
	assert_string_equal(a->id, b->id);
	assert_str_or_null(a->started_at, b->started_at);
	assert_str_or_null(a->finished_at, b->finished_at);
	assert_str_or_null(a->host, b->host);
	assert_str_or_null(a->root, b->root);
	assert_str_or_null(a->spec, b->spec);
	assert_str_or_null(a->version, b->version);
	assert_int_equal(a->score, b->score);
	assert_int_equal(a->nchecks, b->nchecks);
	for (size_t i = 0; i < a->nchecks; i++) {
		const struct eg_run_check *x = &a->checks[i], *y = &b->checks[i];
		assert_string_equal(x->id, y->id);
		assert_int_equal(x->severity, y->severity);
		assert_int_equal(x->kind, y->kind);
		assert_str_or_null(x->title_ja, y->title_ja);
		assert_str_or_null(x->title_en, y->title_en);
		assert_str_or_null(x->rationale_ja, y->rationale_ja);
		assert_str_or_null(x->rationale_en, y->rationale_en);
		assert_str_or_null(x->remediation_ja, y->remediation_ja);
		assert_str_or_null(x->remediation_en, y->remediation_en);
		assert_int_equal(x->nmeasures, y->nmeasures);
		for (size_t k = 0; k < x->nmeasures; k++)
			assert_string_equal(x->measures[k], y->measures[k]);
	}
	assert_int_equal(a->nresults, b->nresults);
	for (size_t i = 0; i < a->nresults; i++) {
		const struct eg_run_result *x = &a->results[i], *y = &b->results[i];
		assert_int_equal(x->check, y->check);
		assert_int_equal(x->status, y->status);
		assert_string_equal(x->resource, y->resource);
		assert_string_equal(x->reason, y->reason);
		assert_str_or_null(x->waiver, y->waiver);
	}
	assert_int_equal(a->nmeasures, b->nmeasures);
	for (size_t i = 0; i < a->nmeasures; i++) {
		const struct eg_run_measure *x = &a->measures[i],
					    *y = &b->measures[i];
		assert_string_equal(x->id, y->id);
		assert_int_equal(x->status, y->status);
		assert_str_or_null(x->note, y->note);
		assert_int_equal(x->ok, y->ok);
		assert_int_equal(x->alarm, y->alarm);
		assert_int_equal(x->info, y->info);
		assert_int_equal(x->skip, y->skip);
		assert_int_equal(x->error, y->error);
		assert_int_equal(x->waived, y->waived);
	}
	assert_int_equal(a->nthemes, b->nthemes);
	for (size_t i = 0; i < a->nthemes; i++) {
		assert_string_equal(a->themes[i].id, b->themes[i].id);
		assert_int_equal(a->themes[i].score, b->themes[i].score);
		assert_int_equal(a->themes[i].status, b->themes[i].status);
	}
}

static sqlite3_int64 count(struct eg_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(eg_store_db(s), sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_int64 n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_roundtrip(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "rt.db");
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	struct eg_run *r = sample_run("20261126T095600Z-1a2b",
				      "2026-11-26T09:56:00Z", 73);
	struct eg_run *r2 = sample_run("20261127T095600Z-3c4d",
				       "2026-11-27T09:56:00Z", -1);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, r, &e), 0);
	assert_int_equal(eg_store_save_run(s, r2, &e), 0);
	eg_store_close(s);

	/* Through a fresh connection, so nothing comes from a cache. */
	s = open_ok(p, 0);
	struct eg_run *back = NULL;
	assert_int_equal(eg_store_load_run(s, "20261126T095600Z-1a2b", &back, &e), 0);
	assert_runs_equal(r, back);
	eg_run_free(back);
	assert_int_equal(eg_store_load_run(s, NULL, &back, &e), 0);
	assert_runs_equal(r2, back);
	assert_int_equal(back->score, -1);
	eg_run_free(back);
	/* The hostile strings were data: every table is still there. */
	assert_int_equal(count(s, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM results"), 8);
	/* -1 is stored as NULL, so SQL averages skip it. */
	assert_int_equal(count(s, "SELECT count(*) FROM runs WHERE score IS NULL"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM theme_scores WHERE score IS NULL"), 2);
	/* Saving the same run again is refused and changes nothing. */
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, r, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "already holds a run"));
	assert_int_equal(count(s, "SELECT count(*) FROM results"), 8);
	eg_store_close(s);
	eg_run_free(r);
	eg_run_free(r2);
}

static void test_invalid_run(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "inv.db");
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	struct eg_run *r = sample_run("x", "2026-01-01T00:00:00Z", 101);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, r, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "score"));
	r->score = 5;
	free(r->id);
	r->id = NULL;
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, r, &e), EG_E_INVAL);
	assert_int_equal(count(s, "SELECT count(*) FROM runs"), 0);
	eg_store_close(s);
	eg_run_free(r);
}

static void test_migrate_empty_file(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "empty.db");
	int fd = open(p, O_CREAT | O_EXCL | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* Without CREATE: the file exists, empty; it gets the schema. */
	struct eg_store *s = open_ok(p, 0);
	assert_int_equal(count(s, "PRAGMA user_version"),
			 eg_store_schema_version());
	assert_int_equal(count(s, "PRAGMA application_id"), 0x45434744);
	assert_int_equal(count(s, "SELECT count(*) FROM sqlite_schema WHERE "
				  "type = 'table' AND name IN ('runs', "
				  "'run_checks', 'run_check_measures', 'results', "
				  "'measure_status', 'theme_scores', 'records', "
				  "'record_measures', 'evidence')"),
			 9);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(eg_store_db(s), "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(count(s, "PRAGMA foreign_keys"), 1);
	eg_store_close(s);
	/* Opening again migrates nothing and keeps the version. */
	s = open_ok(p, 0);
	assert_int_equal(count(s, "PRAGMA user_version"),
			 eg_store_schema_version());
	eg_store_close(s);
}

/* Sets a pragma or runs SQL on the file with plain SQLite. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void test_newer_refused(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "newer.db");
	eg_store_close(open_ok(p, EG_STORE_CREATE));
	raw_sql(p, "PRAGMA user_version=99");
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, 0, &s, &e), EG_E_UNSUPPORTED);
	assert_null(s);
	assert_non_null(strstr(eg_err_msg(&e), "schema version 99, newer than"));
	assert_non_null(strstr(eg_err_msg(&e), p));
}

static void test_not_a_store(void **state)
{
	(void)state;
	char p[512];
	struct eg_store *s = NULL;
	struct eg_err e;
	/* Another program's database is never migrated. */
	tpath(p, sizeof(p), "other.db");
	raw_sql(p, "CREATE TABLE mine(x)");
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, EG_STORE_CREATE, &s, &e), EG_E_PARSE);
	assert_non_null(strstr(eg_err_msg(&e), "another program"));
	/* ... and not even switched to WAL. */
	char wal[600];
	snprintf(wal, sizeof(wal), "%s-wal", p);
	assert_int_equal(access(wal, F_OK), -1);
	raw_sql(p, "PRAGMA application_id=7");
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, 0, &s, &e), EG_E_PARSE);
	/* A text file is not a database. */
	tpath(p, sizeof(p), "text.db");
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not an SQLite database at all\n", f);
	fclose(f);
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, 0, &s, &e), EG_E_PARSE);
	assert_non_null(strstr(eg_err_msg(&e), "not an intact ecguard store"));
	assert_null(s);
}

static void test_missing(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "missing.db");
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, 0, &s, &e), EG_E_NOTFOUND);
	assert_non_null(strstr(eg_err_msg(&e), "no store at"));
	assert_int_equal(access(p, F_OK), -1);
	/* CREATE without MKDIRS does not make folders. */
	tpath(p, sizeof(p), "nodir/x.db");
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, EG_STORE_CREATE, &s, &e),
			 EG_E_NOTFOUND);
	assert_non_null(strstr(eg_err_msg(&e), "folder does not exist"));
}

static void assert_mode(const char *path, mode_t want)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(st.st_mode & 07777, want);
}

static void test_modes(void **state)
{
	(void)state;
	char p[512], q[600];
	/* A permissive umask of the caller must not leak into the store. */
	mode_t old = umask(0);
	tpath(p, sizeof(p), "a/b/ecguard.db");
	struct eg_store *s = open_ok(p, EG_STORE_CREATE | EG_STORE_MKDIRS);
	struct eg_run *r = sample_run("r1", "2026-01-01T00:00:00Z", 50);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, r, &e), 0);
	assert_mode(p, 0600);
	snprintf(q, sizeof(q), "%s-wal", p);
	assert_mode(q, 0600);
	snprintf(q, sizeof(q), "%s-shm", p);
	assert_mode(q, 0600);
	tpath(q, sizeof(q), "a");
	assert_mode(q, 0700);
	tpath(q, sizeof(q), "a/b");
	assert_mode(q, 0700);
	eg_store_close(s);
	eg_run_free(r);
	/* Our umask is back as it was. */
	assert_int_equal(umask(old), 0);
}

static void test_symlink_refused(void **state)
{
	(void)state;
	char p[512], link[512], dangling[512], target[512];
	tpath(p, sizeof(p), "real.db");
	eg_store_close(open_ok(p, EG_STORE_CREATE));
	tpath(link, sizeof(link), "link.db");
	assert_int_equal(symlink(p, link), 0);
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(link, 0, &s, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "is a symbolic link"));
	assert_null(s);
	/* A dangling link is not followed to create its target. */
	tpath(target, sizeof(target), "victim");
	tpath(dangling, sizeof(dangling), "dangling.db");
	assert_int_equal(symlink(target, dangling), 0);
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(dangling, EG_STORE_CREATE, &s, &e),
			 EG_E_INVAL);
	assert_int_equal(access(target, F_OK), -1);
	/* Nor is a folder a store. */
	tpath(p, sizeof(p), "adir");
	assert_int_equal(mkdir(p, 0700), 0);
	eg_err_clear(&e);
	assert_int_equal(eg_store_open(p, EG_STORE_CREATE, &s, &e), EG_E_INVAL);
}

/* ---- SIGKILL in the middle of a save ---- */

#define KILL_AT_ROW 3000

static void stall(void *arg, size_t row)
{
	if (row != KILL_AT_ROW)
		return;
	int fd = *(int *)arg;
	if (write(fd, "x", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static struct eg_run *big_run(const char *id)
{
	struct eg_run *r = eg_run_new();
	assert_non_null(r);
	eg_run_set(&r->id, id);
	eg_run_set(&r->started_at, "2026-12-01T00:00:00Z");
	r->score = 10;
	char reason[1024];
	memset(reason, 'r', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	for (int c = 0; c < 100; c++) {
		char cid[32];
		snprintf(cid, sizeof(cid), "big.check%d", c);
		char *ms[] = {"T02.01"};
		struct eg_run_check ch = {.id = cid, .measures = ms,
					  .nmeasures = 1};
		size_t idx;
		assert_int_equal(eg_run_add_check(r, &ch, &idx), 0);
		for (int i = 0; i < 100; i++) {
			char res[32];
			snprintf(res, sizeof(res), "/file/%d", i);
			assert_int_equal(eg_run_add_result(r, idx, res,
							   EG_ST_ALARM, reason,
							   NULL), 0);
		}
	}
	return r;
}

static void test_kill9_atomic(void **state)
{
	(void)state;
	char p[512], wal[600];
	tpath(p, sizeof(p), "kill.db");
	snprintf(wal, sizeof(wal), "%s-wal", p);
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	struct eg_run *small = sample_run("before", "2026-11-01T00:00:00Z", 40);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_save_run(s, small, &e), 0);
	eg_store_close(s);
	struct eg_run *big = big_run("killed");

	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		struct eg_store *cs = NULL;
		struct eg_err ce;
		eg_err_clear(&ce);
		if (eg_store_open(p, 0, &cs, &ce) != 0)
			_exit(2);
		eg_store_set_row_hook(cs, stall, &pfd[1]);
		eg_store_save_run(cs, big, &ce);
		_exit(4);   /* the hook never returns */
	}
	close(pfd[1]);
	char c;
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	/* The child is inside the transaction, KILL_AT_ROW rows written. */
	struct stat st;
	assert_int_equal(stat(wal, &st), 0);
	/* ~3 MB of rows overflow SQLite's 2 MB page cache, so uncommitted
	 * pages were already written to the WAL: recovery must drop them. */
	assert_true(st.st_size > 1024 * 1024);
	assert_int_equal(kill(pid, SIGKILL), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	s = open_ok(p, 0);
	struct eg_run *back = NULL;
	eg_err_clear(&e);
	assert_int_equal(eg_store_load_run(s, "killed", &back, &e), EG_E_NOTFOUND);
	assert_null(back);
	assert_int_equal(count(s, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM run_checks"),
			 (sqlite3_int64)small->nchecks);
	assert_int_equal(count(s, "SELECT count(*) FROM results"),
			 (sqlite3_int64)small->nresults);
	assert_int_equal(count(s, "SELECT count(*) FROM run_checks WHERE "
				  "check_id LIKE 'big.%'"), 0);
	sqlite3_stmt *ic;
	sqlite3_prepare_v2(eg_store_db(s), "PRAGMA integrity_check", -1, &ic, NULL);
	assert_int_equal(sqlite3_step(ic), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(ic, 0), "ok");
	sqlite3_finalize(ic);
	/* The run before is whole, and the store takes the big run now. */
	assert_int_equal(eg_store_load_run(s, "before", &back, &e), 0);
	assert_runs_equal(small, back);
	eg_run_free(back);
	assert_int_equal(eg_store_save_run(s, big, &e), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM results"),
			 (sqlite3_int64)(small->nresults + 10000));
	eg_store_close(s);
	eg_run_free(small);
	eg_run_free(big);
}

/* ---- finding runs, history, trend ---- */

static void save(struct eg_store *s, const char *id, const char *at,
		 int score)
{
	struct eg_run *r = sample_run(id, at, score);
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_store_save_run(s, r, &e) != 0)
		fail_msg("%s", eg_err_msg(&e));
	eg_run_free(r);
}

static void assert_ref(struct eg_store *s, const char *ref, int want_rc,
		       const char *want_id)
{
	struct eg_run *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_store_load_run(s, ref, &r, &e);
	if (rc != want_rc)
		fail_msg("ref %s: rc %d (%s), want %d", ref ? ref : "NULL", rc,
			 eg_err_msg(&e), want_rc);
	if (want_id != NULL)
		assert_string_equal(r->id, want_id);
	else
		assert_null(r);
	eg_run_free(r);
}

static struct eg_store *three_runs(const char *name)
{
	char p[512];
	tpath(p, sizeof(p), name);
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	/* Saved out of order: newest means started last. */
	save(s, "20260101T000000Z-aaaa", "2026-01-01T00:00:00Z", 10);
	save(s, "20260103T000000Z-cccc", "2026-01-03T00:00:00Z", 30);
	save(s, "20260102T000000Z-bbbb", "2026-01-02T00:00:00Z", -1);
	return s;
}

static void test_refs(void **state)
{
	(void)state;
	struct eg_store *s = three_runs("refs.db");
	assert_ref(s, NULL, 0, "20260103T000000Z-cccc");
	assert_ref(s, "latest", 0, "20260103T000000Z-cccc");
	assert_ref(s, "previous", 0, "20260102T000000Z-bbbb");
	assert_ref(s, "20260101T000000Z-aaaa", 0, "20260101T000000Z-aaaa");
	assert_ref(s, "20260102", 0, "20260102T000000Z-bbbb");
	assert_ref(s, "2026010", EG_E_INVAL, NULL);
	assert_ref(s, "zzz", EG_E_NOTFOUND, NULL);
	assert_ref(s, "", EG_E_NOTFOUND, NULL);
	/* % and _ are not wildcards in a prefix. */
	assert_ref(s, "2026010_", EG_E_NOTFOUND, NULL);
	assert_ref(s, "%", EG_E_NOTFOUND, NULL);
	/* An exact id wins over being the prefix of another. */
	save(s, "abc", "2025-01-01T00:00:00Z", 1);
	save(s, "abcd", "2025-01-02T00:00:00Z", 1);
	assert_ref(s, "abc", 0, "abc");
	assert_ref(s, "abcd", 0, "abcd");
	struct eg_run *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_load_run(s, "2026010", &r, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "ambiguous"));
	assert_non_null(strstr(eg_err_msg(&e), "20260103T000000Z-cccc"));
	eg_store_close(s);

	/* An empty store: latest and previous say so. */
	char p[512];
	tpath(p, sizeof(p), "norun.db");
	s = open_ok(p, EG_STORE_CREATE);
	eg_err_clear(&e);
	assert_int_equal(eg_store_load_run(s, NULL, &r, &e), EG_E_NOTFOUND);
	assert_non_null(strstr(eg_err_msg(&e), "no runs yet"));
	save(s, "only", "2026-01-01T00:00:00Z", 1);
	eg_err_clear(&e);
	assert_int_equal(eg_store_load_run(s, "previous", &r, &e), EG_E_NOTFOUND);
	assert_non_null(strstr(eg_err_msg(&e), "fewer than two runs"));
	eg_store_close(s);
}

static void test_trend(void **state)
{
	(void)state;
	struct eg_store *s = three_runs("trend.db");
	struct eg_store_trend_point *t = NULL;
	size_t n = 0;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_trend(s, 2, &t, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].id, "20260102T000000Z-bbbb");
	assert_int_equal(t[0].score, -1);
	assert_string_equal(t[1].id, "20260103T000000Z-cccc");
	assert_int_equal(t[1].score, 30);
	eg_store_trend_free(t, n);
	assert_int_equal(eg_store_trend(s, 0, &t, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].id, "20260101T000000Z-aaaa");
	assert_string_equal(t[0].started_at, "2026-01-01T00:00:00Z");
	assert_int_equal(t[0].score, 10);
	assert_string_equal(t[2].id, "20260103T000000Z-cccc");
	eg_store_trend_free(t, n);
	eg_store_close(s);
}

static void test_list(void **state)
{
	(void)state;
	struct eg_store *s = three_runs("list.db");
	struct eg_store_run_info *v = NULL;
	size_t n = 0;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_list_runs(s, 0, &v, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].id, "20260103T000000Z-cccc");
	assert_string_equal(v[1].id, "20260102T000000Z-bbbb");
	assert_string_equal(v[2].id, "20260101T000000Z-aaaa");
	assert_int_equal(v[1].score, -1);
	assert_int_equal(v[0].score, 30);
	assert_string_equal(v[0].host, "ウェブ1");
	assert_string_equal(v[0].finished_at, "2026-11-26T09:56:01Z");
	/* sample_run: one high alarm, one waived (high), a skip, an ok. */
	assert_int_equal(v[0].alarms[EG_SEV_HIGH], 1);
	assert_int_equal(v[0].alarms[EG_SEV_CRITICAL], 0);
	assert_int_equal(v[0].alarms[EG_SEV_MEDIUM], 0);
	assert_int_equal(v[0].waived, 1);
	eg_store_run_infos_free(v, n);
	assert_int_equal(eg_store_list_runs(s, 1, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, "20260103T000000Z-cccc");
	eg_store_run_infos_free(v, n);
	eg_store_close(s);
}

static void test_damaged_row(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "damaged.db");
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	save(s, "d1", "2026-01-01T00:00:00Z", 1);
	eg_store_close(s);
	/* A hand edit that slips past the CHECK constraints. */
	raw_sql(p, "PRAGMA ignore_check_constraints=ON; "
		   "UPDATE results SET status = 'bogus' WHERE pos = 0");
	s = open_ok(p, 0);
	struct eg_run *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_store_load_run(s, "d1", &r, &e), EG_E_PARSE);
	assert_null(r);
	assert_non_null(strstr(eg_err_msg(&e), "damaged or edited by hand"));
	eg_store_close(s);
}

static void test_records_append_only(void **state)
{
	(void)state;
	char p[512];
	tpath(p, sizeof(p), "records.db");
	struct eg_store *s = open_ok(p, EG_STORE_CREATE);
	sqlite3 *db = eg_store_db(s);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO records(kind, date, performed_by, "
				      "summary, created_at) VALUES ('education', "
				      "'2026-04-01', '田中', 'annual training', "
				      "'2026-04-02T10:00:00Z');"
				      "INSERT INTO record_measures VALUES (1, 'T02.10');"
				      "INSERT INTO evidence(record_id, path, size, sha256) "
				      "VALUES (1, '/srv/ev/a.pdf', 10, "
				      "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE records SET summary = 'x'",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM records", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM evidence", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE record_measures SET "
					  "measure_id = 'T01.01'", NULL, NULL,
					  NULL), SQLITE_OK);
	/* A correction supersedes; a record is superseded once only. */
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO records(kind, date, summary, "
				      "created_at, supersedes) VALUES ('education', "
				      "'2026-04-01', 'fixed', '2026-04-03', 1)",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "INSERT INTO records(kind, date, "
					  "created_at, supersedes) VALUES "
					  "('education', '2026-04-01', 'x', 1)",
					  NULL, NULL, NULL), SQLITE_OK);
	/* Bad kinds, dates, hashes and dangling references are refused. */
	assert_int_not_equal(sqlite3_exec(db,
					  "INSERT INTO records(kind, date, created_at) "
					  "VALUES ('party', '2026-04-01', 'x')",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "INSERT INTO records(kind, date, created_at) "
					  "VALUES ('audit', '1 April', 'x')",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "INSERT INTO evidence(record_id, path, size, "
					  "sha256) VALUES (1, 'p', 1, 'XYZ')",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "INSERT INTO records(kind, date, created_at, "
					  "supersedes) VALUES ('audit', '2026-04-01', "
					  "'x', 99)",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 2);
	eg_store_close(s);
}

/* Runs eg_store_default_path in a child with the given euid and env. */
static void default_path_as(uid_t uid, const char *home, const char *xdg,
			    char *out, size_t n, int *rc)
{
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		if (geteuid() != uid && setresuid(uid, uid, uid) != 0)
			_exit(2);
		if (home)
			setenv("HOME", home, 1);
		else
			unsetenv("HOME");
		if (xdg)
			setenv("XDG_DATA_HOME", xdg, 1);
		else
			unsetenv("XDG_DATA_HOME");
		char buf[512];
		int r = eg_store_default_path(buf, sizeof(buf));
		dprintf(pfd[1], "%d %s", r, r == 0 ? buf : "");
		_exit(0);
	}
	close(pfd[1]);
	char buf[600];
	ssize_t got = read(pfd[0], buf, sizeof(buf) - 1);
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	assert_true(got > 0);
	buf[got] = '\0';
	char *sp = strchr(buf, ' ');
	assert_non_null(sp);
	*sp = '\0';
	*rc = (int)strtol(buf, NULL, 10);
	snprintf(out, n, "%s", sp + 1);
}

static void test_default_path(void **state)
{
	(void)state;
	char p[512];
	int rc;
	if (geteuid() == 0) {
		default_path_as(0, "/root", "/x", p, sizeof(p), &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(p, "/var/lib/ecguard/ecguard.db");
	}
	uid_t user = geteuid() == 0 ? 65534 : geteuid();
	default_path_as(user, "/home/u", "/data/x", p, sizeof(p), &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(p, "/data/x/ecguard/ecguard.db");
	default_path_as(user, "/home/u", NULL, p, sizeof(p), &rc);
	assert_string_equal(p, "/home/u/.local/share/ecguard/ecguard.db");
	/* A relative XDG_DATA_HOME is invalid per the XDG spec. */
	default_path_as(user, "/home/u", "rel/dir", p, sizeof(p), &rc);
	assert_string_equal(p, "/home/u/.local/share/ecguard/ecguard.db");
	char small[8];
	assert_int_equal(eg_store_default_path(small, sizeof(small)), EG_E_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_invalid_run),
		cmocka_unit_test(test_migrate_empty_file),
		cmocka_unit_test(test_newer_refused),
		cmocka_unit_test(test_not_a_store),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_kill9_atomic),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_damaged_row),
		cmocka_unit_test(test_records_append_only),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
