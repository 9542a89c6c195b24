/*
 * Unit tests: the query engine and the generic virtual-table glue, through
 * small tables defined here (rows, NULLs, required arguments, IN lists,
 * GLOB, joins, the row cache, hidden argument columns, errors, warnings, the
 * row cap) and the SQL functions (REGEXP, mode_octal, cidr_match,
 * deb_version_cmp).
 */
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/engine.h"
#include "core/sqlfn.h"
#include "tables/vtab.h"
#include "util/buf.h"
#include "util/limits.h"

/* ---- test tables --------------------------------------------------------- */

static int people_calls;

static const struct eg_column people_cols[] = {
	{"name", EG_TEXT, 0, "name"},
	{"age", EG_INT, 0, "age in years"},
	{"note", EG_TEXT, 0, "a note"},
};

static int people_gen(struct eg_tctx *ctx)
{
	people_calls++;
	eg_row_begin(ctx);
	eg_row_text(ctx, 0, "alice");
	eg_row_int(ctx, 1, 30);
	eg_row_text(ctx, 2, "x");
	eg_row_end(ctx);
	eg_row_begin(ctx); /* age and note left NULL */
	eg_row_text(ctx, 0, "bob");
	eg_row_end(ctx);
	eg_row_begin(ctx);
	eg_row_textn(ctx, 0, "日本語です", strlen("日本語"));
	eg_row_int(ctx, 1, -5);
	eg_row_text(ctx, 2, NULL);
	eg_row_end(ctx);
	return 0;
}

static const struct eg_table_def people_def = {
	"t_people", "test people", people_cols, 3, people_gen,
};

/* A file-like table: path is required (=, IN or GLOB). */
static int file_calls, file_glob_calls;
static char file_last_arg[256];

static const struct eg_column file_cols[] = {
	{"path", EG_TEXT, EG_COL_REQUIRED | EG_COL_GLOB, "path"},
	{"size", EG_INT, 0, "length of the path"},
};

static int file_gen(struct eg_tctx *ctx)
{
	static const char *const known[] = {"/etc/passwd", "/etc/group",
					    "/var/log/syslog"};
	int glob = 0;
	const char *p = eg_tctx_arg(ctx, "path", &glob);
	if (p == NULL)
		return eg_tctx_error(ctx, EG_E_INTERNAL, "no path argument");
	file_calls++;
	snprintf(file_last_arg, sizeof(file_last_arg), "%s%s",
		 glob ? "glob:" : "", p);
	if (!glob) {
		eg_row_begin(ctx);
		eg_row_text(ctx, 0, p);
		eg_row_int(ctx, 1, (int64_t)strlen(p));
		return eg_row_end(ctx);
	}
	file_glob_calls++;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (fnmatch(p, known[i], 0) != 0)
			continue;
		eg_row_begin(ctx);
		eg_row_text(ctx, 0, known[i]);
		eg_row_int(ctx, 1, (int64_t)strlen(known[i]));
		eg_row_end(ctx);
	}
	return 0;
}

static const struct eg_table_def file_def = {
	"t_file", "test files", file_cols, 2, file_gen,
};

/* Hidden optional arguments the generator does not emit itself. */
static int args_calls;

static const struct eg_column args_cols[] = {
	{"value", EG_TEXT, 0, "what the generator made of its arguments"},
	{"key", EG_TEXT, EG_COL_HIDDEN, "a text argument"},
	{"n", EG_INT, EG_COL_HIDDEN, "an integer argument"},
};

static int args_gen(struct eg_tctx *ctx)
{
	args_calls++;
	const char *k = eg_tctx_arg(ctx, "key", NULL);
	const char *n = eg_tctx_arg(ctx, "n", NULL);
	char v[128];
	snprintf(v, sizeof(v), "k=%s n=%s", k ? k : "-", n ? n : "-");
	eg_row_begin(ctx);
	eg_row_text(ctx, 0, v);
	return eg_row_end(ctx);
}

static const struct eg_table_def args_def = {
	"t_args", "test arguments", args_cols, 3, args_gen,
};

static int fail_gen(struct eg_tctx *ctx)
{
	eg_row_begin(ctx);
	eg_row_text(ctx, 0, "partial");
	eg_row_end(ctx);
	return eg_tctx_error(ctx, EG_E_PARSE, "broken source %s:%d", "/x", 3);
}

static const struct eg_column one_col[] = {
	{"v", EG_TEXT, 0, "a value"},
};

static const struct eg_table_def fail_def = {
	"t_fail", "always fails", one_col, 1, fail_gen,
};

/* Warnings, userdata and shared state. */
static int shared_makes, shared_frees;

static void *make_shared(struct eg_tctx *ctx)
{
	(void)ctx;
	shared_makes++;
	static int token = 42;
	return &token;
}

static void free_shared(void *p)
{
	(void)p;
	shared_frees++;
}

static int warn_gen(struct eg_tctx *ctx)
{
	eg_tctx_warn(ctx, "%s:%d: bad line", "/etc/x", 3);
	const char *ud = eg_tctx_userdata(ctx, "greeting");
	int *sh = eg_tctx_shared(ctx, "walk", make_shared, free_shared);
	int *sh2 = eg_tctx_shared(ctx, "walk", make_shared, free_shared);
	char v[128];
	snprintf(v, sizeof(v), "%s/%d/%d", ud ? ud : "none", sh ? *sh : -1,
		 sh == sh2);
	eg_row_begin(ctx);
	eg_row_text(ctx, 0, v);
	return eg_row_end(ctx);
}

static const struct eg_table_def warn_def = {
	"t_warn", "warns", one_col, 1, warn_gen,
};

/* Emits rows until the engine says stop. */
static long big_emitted;

static const struct eg_column big_cols[] = {
	{"i", EG_INT, 0, "counter"},
};

static int big_gen(struct eg_tctx *ctx)
{
	big_emitted = 0;
	for (int64_t i = 0;; i++) {
		eg_row_begin(ctx);
		eg_row_int(ctx, 0, i);
		if (eg_row_end(ctx) != 0)
			break;
		big_emitted++;
	}
	return 0;
}

static const struct eg_table_def big_def = {
	"t_big", "many rows", big_cols, 1, big_gen,
};

/* A generator that takes 250 ms (as a scan of a slow endpoint does). */
static int slow_gen(struct eg_tctx *ctx)
{
	struct timespec ts = {0, 250 * 1000 * 1000};
	nanosleep(&ts, NULL);
	eg_row_begin(ctx);
	eg_row_int(ctx, 0, 1);
	return eg_row_end(ctx);
}

static const struct eg_table_def slow_def = {
	"t_slow", "a slow source", big_cols, 1, slow_gen,
};

/* ---- helpers -------------------------------------------------------------- */

struct fixture {
	struct eg_root *root;
	struct eg_engine *eng;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct eg_err e;
	eg_err_clear(&e);
	if (f == NULL || eg_root_open(EG_SOURCE_ROOT, &f->root, &e) != 0 ||
	    eg_engine_new(f->root, &f->eng, &e) != 0) {
		fprintf(stderr, "setup: %s\n", eg_err_msg(&e));
		return -1;
	}
	const struct eg_table_def *defs[] = {&people_def, &file_def, &args_def,
					     &fail_def, &warn_def, &big_def, &slow_def};
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (eg_engine_register_table(f->eng, defs[i], &e) != 0) {
			fprintf(stderr, "setup: %s\n", eg_err_msg(&e));
			return -1;
		}
	people_calls = file_calls = file_glob_calls = args_calls = 0;
	shared_makes = shared_frees = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	eg_engine_free(f->eng);
	eg_root_free(f->root);
	free(f);
	return 0;
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

/* The rows of sql as "a|b\n" lines, or "ERROR: message". */
static char result[1 << 16];

static const char *q(struct fixture *f, const char *sql)
{
	struct eg_buf b;
	struct eg_err e;
	eg_buf_init(&b, sizeof(result) - 1);
	eg_err_clear(&e);
	if (eg_engine_exec(f->eng, sql, collect_row, &b, &e) != 0)
		snprintf(result, sizeof(result), "ERROR: %s", eg_err_msg(&e));
	else
		snprintf(result, sizeof(result), "%s", eg_buf_str(&b));
	eg_buf_free(&b);
	return result;
}

static int stop_after_one(void *arg, sqlite3_stmt *st)
{
	(void)st;
	(*(int *)arg)++;
	return 7;
}

/* ---- tables --------------------------------------------------------------- */

static void test_rows_and_nulls(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT name, age, note FROM t_people"),
			    "alice|30|x\nbob|NULL|NULL\n日本語|-5|NULL\n");
	assert_string_equal(q(f, "SELECT * FROM t_people WHERE age IS NULL"),
			    "bob|NULL|NULL\n");
	assert_string_equal(q(f, "SELECT typeof(age), typeof(name) FROM t_people WHERE name = 'alice'"),
			    "integer|text\n");
	assert_string_equal(q(f, "SELECT count(*) FROM t_people WHERE name > 'b'"),
			    "2\n");
	/* SELECT * leaves hidden columns out; naming them works. */
	assert_string_equal(q(f, "SELECT * FROM t_args"), "k=- n=-\n");
	assert_string_equal(q(f, "SELECT key, n FROM t_args"), "NULL|NULL\n");
	/* A callback's non-zero return stops the run and is returned. */
	int rows = 0;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_engine_exec(f->eng, "SELECT * FROM t_people; SELECT 1",
					stop_after_one, &rows, &e), 7);
	assert_int_equal(rows, 1);
}

static void test_cache_across_queries(void **state)
{
	struct fixture *f = *state;
	q(f, "SELECT * FROM t_people");
	q(f, "SELECT name FROM t_people WHERE name = 'bob'");
	q(f, "SELECT a.name, b.name FROM t_people a, t_people b");
	assert_int_equal(people_calls, 1);
	eg_engine_clear_cache(f->eng);
	assert_string_equal(q(f, "SELECT count(*) FROM t_people"), "3\n");
	assert_int_equal(people_calls, 2);
}

static void test_required_error(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"SELECT * FROM t_file",
		"SELECT * FROM t_file WHERE path LIKE '/etc/%'",
		"SELECT * FROM t_file WHERE size = 3",
		"SELECT * FROM t_file WHERE path = '/a' COLLATE NOCASE",
		"SELECT * FROM t_people p JOIN t_file f ON f.size = p.age",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = q(f, bad[i]);
		assert_non_null(strstr(r, "ERROR: t_file needs path = or path GLOB"));
		assert_non_null(strstr(r, "WHERE path = '...'"));
	}
	assert_int_equal(file_calls, 0);
	/* The message does not stick to the next, valid, statement. */
	assert_string_equal(q(f, "SELECT size FROM t_file WHERE path = '/abc'"),
			    "4\n");
	struct eg_err e;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	eg_err_clear(&e);
	assert_int_equal(eg_engine_prepare(f->eng, "SELECT * FROM t_file; SELECT 1",
					   &st, &tail, &e), EG_E_SQL);
	assert_null(st);
	assert_int_equal(e.code, EG_E_SQL);
}

static void test_in_list(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT path, size FROM t_file WHERE path IN ('/a', '/bb', '/ccc') ORDER BY path"),
			    "/a|2\n/bb|3\n/ccc|4\n");
	assert_int_equal(file_calls, 3);
	/* Same query again, and a list sharing two values: one new call. */
	q(f, "SELECT path FROM t_file WHERE path IN ('/a', '/bb', '/ccc')");
	assert_int_equal(file_calls, 3);
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path IN ('/bb', '/a', '/dddd', '/a') ORDER BY 1"),
			    "/a\n/bb\n/dddd\n");
	assert_int_equal(file_calls, 4);
	/* OR of equalities becomes an IN. */
	assert_string_equal(q(f, "SELECT count(*) FROM t_file WHERE path = '/a' OR path = '/e'"),
			    "2\n");
	assert_int_equal(file_calls, 5);
	/* A subquery IN, and NULL in a list. */
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path IN (SELECT '/' || name FROM t_people) ORDER BY 1"),
			    "/alice\n/bob\n/日本語\n");
	assert_int_equal(file_calls, 8);
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path IN (NULL, '/a')"),
			    "/a\n");
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path = NULL"), "");
	assert_int_equal(file_calls, 8);
	/* A list past the bound fails before any generator call. */
	char want[128];
	snprintf(want, sizeof(want),
		 "ERROR: t_file: more than %u argument values in one query; split the IN lists",
		 EG_TABLE_MAX_ARGSETS);
	assert_string_equal(q(f, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x <= 100000) "
				 "SELECT count(*) FROM t_file WHERE path IN (SELECT '/' || x FROM c)"),
			    want);
	assert_int_equal(file_calls, 8);
}

static void test_join(void **state)
{
	struct fixture *f = *state;
	const char *want = "alice|6\nbob|4\n日本語|10\n";
	assert_string_equal(q(f, "SELECT p.name, f.size FROM t_people p JOIN t_file f ON f.path = '/' || p.name ORDER BY p.rowid"),
			    want);
	assert_int_equal(file_calls, 3);
	/* Other table order, same facts: no new generator call. */
	assert_string_equal(q(f, "SELECT p.name, f.size FROM t_file f, t_people p WHERE f.path = '/' || p.name ORDER BY p.rowid"),
			    want);
	assert_int_equal(file_calls, 3);
	/* A join that re-filters with repeated values. */
	assert_string_equal(q(f, "WITH v(x) AS (VALUES ('/r'), ('/r'), ('/s'), ('/r')) SELECT count(*) FROM v JOIN t_file ON t_file.path = v.x"),
			    "4\n");
	assert_int_equal(file_calls, 5);
	assert_int_equal(people_calls, 1);
}

static void test_glob(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path GLOB '/etc/*' ORDER BY 1"),
			    "/etc/group\n/etc/passwd\n");
	assert_string_equal(file_last_arg, "glob:/etc/*");
	assert_int_equal(file_glob_calls, 1);
	/* SQLite re-checks the GLOB on the generator's rows. */
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path GLOB '*s*' AND size > 10"),
			    "/etc/passwd\n/var/log/syslog\n");
	/* = wins over GLOB on the same column; cached GLOB is reused. */
	assert_string_equal(q(f, "SELECT path FROM t_file WHERE path GLOB '/etc/*' AND path = '/etc/group'"),
			    "/etc/group\n");
	assert_string_equal(file_last_arg, "/etc/group");
	q(f, "SELECT path FROM t_file WHERE path GLOB '/etc/*'");
	assert_int_equal(file_glob_calls, 2);
}

static void test_hidden_arguments(void **state)
{
	struct fixture *f = *state;
	/* The engine fills hidden argument columns the generator left NULL,
	 * with the query's value and type, so SQLite's re-check holds. */
	assert_string_equal(q(f, "SELECT value, key, typeof(key) FROM t_args WHERE key = 'a'"),
			    "k=a n=-|a|text\n");
	assert_string_equal(q(f, "SELECT value, n, typeof(n) FROM t_args WHERE n = 5"),
			    "k=- n=5|5|integer\n");
	assert_string_equal(q(f, "SELECT value FROM t_args WHERE key IN ('x', 'y') AND n IN (1, 2) ORDER BY 1"),
			    "k=x n=1\nk=x n=2\nk=y n=1\nk=y n=2\n");
	int before = args_calls;
	q(f, "SELECT value FROM t_args WHERE n = 2 AND key = 'y'");
	assert_int_equal(args_calls, before);
	/* Not an argument operator: left to SQLite on the unconstrained set. */
	assert_string_equal(q(f, "SELECT value FROM t_args WHERE key > 'a'"), "");
}

static void test_errors_and_warnings(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT * FROM t_fail"),
			    "ERROR: t_fail: broken source /x:3");
	/* A failed call is not cached as success. */
	assert_string_equal(q(f, "SELECT * FROM t_fail"),
			    "ERROR: t_fail: broken source /x:3");
	assert_int_equal(eg_engine_nwarnings(f->eng), 0);
	assert_int_equal(eg_engine_set_userdata(f->eng, "greeting", "hello"), 0);
	assert_string_equal(q(f, "SELECT v FROM t_warn"), "hello/42/1\n");
	assert_int_equal(shared_makes, 1);
	assert_int_equal(eg_engine_nwarnings(f->eng), 1);
	assert_string_equal(eg_engine_warning(f->eng, 0), "t_warn: /etc/x:3: bad line");
	assert_null(eg_engine_warning(f->eng, 1));
	eg_engine_clear_cache(f->eng);
	assert_int_equal(shared_frees, 1);
	assert_int_equal(eg_engine_nwarnings(f->eng), 0);
	assert_int_equal(eg_engine_set_userdata(f->eng, "greeting", NULL), 0);
	assert_string_equal(q(f, "SELECT v FROM t_warn"), "none/42/1\n");
	assert_int_equal(shared_makes, 2);
	/* Probe tables are read-only, and a bad statement is only an error. */
	assert_non_null(strstr(q(f, "INSERT INTO t_people(name) VALUES ('x')"),
			       "ERROR: table t_people may not be modified"));
	assert_non_null(strstr(q(f, "SELECT * FROM nope"), "no such table: nope"));
	assert_non_null(strstr(q(f, "SELECT regexp('a')"), "ERROR: wrong number of arguments"));
	assert_non_null(strstr(q(f, "SELEC 1"), "syntax error (at byte 1"));
	assert_string_equal(q(f, "  -- only a comment\n ; "), "");
	/* Double quotes name columns, never strings. */
	assert_non_null(strstr(q(f, "SELECT \"nope\" FROM t_people"), "no such column: nope"));
}

static void test_register_twice(void **state)
{
	struct fixture *f = *state;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_engine_register_table(f->eng, &people_def, &e), EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "t_people is registered twice"));
	static const struct eg_column bad_cols[] = {{"Bad Name", EG_TEXT, 0, "x"}};
	static const struct eg_table_def bad = {"t_bad", "x", bad_cols, 1, people_gen};
	eg_err_clear(&e);
	assert_int_equal(eg_engine_register_table(f->eng, &bad, &e), EG_E_INVAL);
}

static void test_row_cap(void **state)
{
	struct fixture *f = *state;
	char want[64];
	snprintf(want, sizeof(want), "%u\n", EG_TABLE_MAX_ROWS);
	assert_string_equal(q(f, "SELECT count(*) FROM t_big"), want);
	assert_int_equal(big_emitted, (long)EG_TABLE_MAX_ROWS);
	assert_int_equal(eg_engine_nwarnings(f->eng), 1);
	assert_non_null(strstr(eg_engine_warning(f->eng, 0), "t_big: more than"));
}

static void test_defensive(void **state)
{
	struct fixture *f = *state;
	assert_non_null(strstr(q(f, "ATTACH DATABASE '/tmp/eg-engine-test.db' AS x"), "ERROR: "));
	assert_non_null(strstr(q(f, "VACUUM INTO '/tmp/eg-engine-test.db'"), "ERROR: "));
	assert_non_null(strstr(q(f, "SELECT load_extension('/nonexistent')"), "ERROR: "));
	FILE *fp = fopen("/tmp/eg-engine-test.db", "r");
	assert_null(fp);
	if (fp != NULL)
		fclose(fp);
	assert_string_equal(q(f, "PRAGMA trusted_schema"), "0\n");
	/* Temporary tables and views work for the checks' own use. */
	assert_string_equal(q(f, "CREATE TEMP VIEW v AS SELECT name FROM t_people WHERE age > 0; SELECT * FROM v"),
			    "alice\n");
}

static void test_time_limit(void **state)
{
	struct fixture *f = *state;
	const char *endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
	eg_engine_set_time_limit(f->eng, 50);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_engine_exec(f->eng, endless, NULL, NULL, &e), EG_E_LIMIT);
	assert_string_equal(eg_err_msg(&e), "the statement ran longer than its time limit of 50 ms");
	/* The next statement gets its own time. */
	assert_string_equal(q(f, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT count(*) FROM c"),
			    "1000\n");
	/* Time in a generator (a slow file system, an endpoint scan) is not
	 * the statement's: 250 ms of it, then enough SQL work for the clock to
	 * be looked at, under a 100 ms limit is no error. */
	eg_engine_set_time_limit(f->eng, 100);
	assert_string_equal(q(f, "SELECT (SELECT count(*) FROM t_slow) + "
				 "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
				 "SELECT count(*) FROM c)"), "20001\n");
	eg_engine_set_time_limit(f->eng, 0);
	assert_string_equal(q(f, "SELECT 1"), "1\n");
}

/* ---- SQL functions ---------------------------------------------------------- */

static void test_regexp(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT 'PermitRootLogin no' REGEXP '^permitrootlogin\\s+no$', "
				 "'PermitRootLogin no' REGEXP '(?i)^permitrootlogin\\s+no$', "
				 "NULL REGEXP 'a', 'a' REGEXP NULL"),
			    "0|1|NULL|NULL\n");
	/* UTF-8 mode: a Japanese character is one character. */
	assert_string_equal(q(f, "SELECT '日本語' REGEXP '^.{3}$', '日本語' REGEXP '^.{9}$'"), "1|0\n");
	/* Invalid UTF-8 in a subject is no error: each stray byte reads as
	 * U+FFFD, one character, so patterns match across it (a Shift_JIS
	 * file name ending in .sql, say). */
	assert_string_equal(q(f, "SELECT CAST(x'ff61' AS TEXT) REGEXP 'a', CAST(x'ff' AS TEXT) REGEXP '^.$', "
				 "CAST(x'8383ee2e73716c' AS TEXT) REGEXP '^.*\\.sql$', "
				 "CAST(x'61c0af62' AS TEXT) REGEXP '^a..b$', "
				 "CAST(x'61eda080' AS TEXT) REGEXP '^a...$', "
				 "CAST(x'e697a5e6' AS TEXT) REGEXP '^日.$'"),
			    "1|1|1|1|1|1\n");
	/* The compiled pattern serves every row (auxdata). */
	assert_string_equal(q(f, "SELECT name FROM t_people WHERE name REGEXP '^[ab]'"),
			    "alice\nbob\n");
	assert_non_null(strstr(q(f, "SELECT 'a' REGEXP '(unclosed'"),
			       "ERROR: REGEXP: invalid pattern at offset 9"));
	/* Catastrophic backtracking ends at the match limit, as an error. */
	const char *r = q(f, "SELECT printf('%.40c!', 'a') REGEXP '^(a+)+$'");
	assert_non_null(strstr(r, "ERROR: REGEXP: the match went over its step or memory limit"));
	r = q(f, "SELECT printf('%.5000c!', 'a') REGEXP '^(a|aa)*(a|aa)*$'");
	assert_non_null(strstr(r, "ERROR: REGEXP:"));
	/* A long subject with a sane pattern is fine. */
	assert_string_equal(q(f, "SELECT printf('%.100000c', 'a') || 'b' REGEXP 'a+b$'"), "1\n");
}

static void test_mode_octal(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(q(f, "SELECT mode_octal(420), mode_octal(33188), mode_octal(2541), "
				 "mode_octal(0), mode_octal(4095), mode_octal(16877)"),
			    "0644|0644|4755|0000|7777|0755\n");
	assert_string_equal(q(f, "SELECT mode_octal(NULL), mode_octal('abc'), mode_octal(-1), mode_octal(1.5), mode_octal('420')"),
			    "NULL|NULL|NULL|NULL|0644\n");
}

static void test_cidr_match(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *addr, *cidr, *want;
	} cases[] = {
		{"10.1.2.3", "10.0.0.0/8", "1"},
		{"11.0.0.1", "10.0.0.0/8", "0"},
		{"192.168.1.1", "192.168.1.1", "1"},
		{"192.168.1.2", "192.168.1.1", "0"},
		{"10.127.0.1", "10.0.0.0/9", "1"},
		{"10.128.0.1", "10.0.0.0/9", "0"},
		{"10.1.2.3", "10.9.9.9/8", "1"},
		{"203.0.113.5", "0.0.0.0/0", "1"},
		{"::1", "::1/128", "1"},
		{"::2", "::1/128", "0"},
		{"fe80::1%eth0", "fe80::/10", "1"},
		{"2001:db8::1", "2001:db8::/32", "1"},
		{"2001:db9::1", "2001:db8::/32", "0"},
		{"::ffff:10.0.0.1", "10.0.0.0/8", "1"},
		{"::ffff:11.0.0.1", "10.0.0.0/8", "0"},
		{"10.0.0.1", "::ffff:0:0/96", "1"},
		{"::1", "10.0.0.0/8", "0"},
		{"10.0.0.1", "fd00::/8", "0"},
		{"garbage", "10.0.0.0/8", "NULL"},
		{"10.0.0.01", "10.0.0.0/8", "NULL"},
		{"10.0.0.1:80", "10.0.0.0/8", "NULL"},
	};
	char sql[256], want[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT cidr_match('%s', '%s')",
			 cases[i].addr, cases[i].cidr);
		snprintf(want, sizeof(want), "%s\n", cases[i].want);
		const char *got = q(f, sql);
		if (strcmp(got, want) != 0)
			fail_msg("%s: got %s want %s", sql, got, want);
	}
	static const char *const bad[] = {"10.0.0.0/33", "10.0.0.0/8x",
					  "10.0.0.0/", "10.0.0/8", "::/129",
					  "", "/8"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT cidr_match('10.0.0.1', '%s')",
			 bad[i]);
		assert_non_null(strstr(q(f, sql), "ERROR: cidr_match: "));
	}
	assert_string_equal(q(f, "SELECT cidr_match(NULL, '10.0.0.0/8')"), "NULL\n");
	int m = -1;
	assert_int_equal(eg_cidr_match("192.0.2.7", "192.0.2.0/24", &m), 0);
	assert_int_equal(m, 1);
}

static void test_deb_version_cmp(void **state)
{
	struct fixture *f = *state;
	/* Orderings dpkg --compare-versions gives. */
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{"1.0~rc1", "1.0", -1},
		{"1:0.9", "2.0", 1},
		{"2.30-1", "2.30-1+deb12u1", -1},
		{"1.0", "1.0", 0},
		{"1.0", "1.0-0", 0},
		{"0:1.0", "1.0", 0},
		{"1.0~~", "1.0~", -1},
		{"1.0~", "1.0", -1},
		{"1.0", "1.0a", -1},
		{"1.0a", "1.0+", -1},
		{"1.2.10", "1.2.9", 1},
		{"1.002", "1.2", 0},
		{"7.6p1-4", "7.6p1-4+deb10u1", -1},
		{"2.36-9+deb12u4", "2.36-9+deb12u3", 1},
		{"1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u2", 1},
		{"3.0.11-1~deb12u2", "3.0.11-1", -1},
		{"1.0+b1", "1.0", 1},
		{"1.0-1", "1.0-1.1", -1},
		{"10", "9", 1},
		{"1.0-a-1", "1.0-a-2", -1},
		{"2:1.0", "10:0.1", -1},
		{"a", "1", 1},
		{" 1.0 ", "1.0", 0},
	};
	char sql[256], want[16];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT deb_version_cmp('%s', '%s'), deb_version_cmp('%s', '%s')",
			 cases[i].a, cases[i].b, cases[i].b, cases[i].a);
		snprintf(want, sizeof(want), "%d|%d\n", cases[i].want, -cases[i].want);
		const char *got = q(f, sql);
		if (strcmp(got, want) != 0)
			fail_msg("%s: got %s want %s", sql, got, want);
	}
	assert_string_equal(q(f, "SELECT deb_version_cmp('', '1'), deb_version_cmp('x:1', '1'), "
				 "deb_version_cmp('1:', '1'), deb_version_cmp('1 0', '1'), "
				 "deb_version_cmp(NULL, '1'), deb_version_cmp('-1', '1')"),
			    "NULL|NULL|NULL|NULL|NULL|NULL\n");
	int r = 5;
	assert_int_equal(eg_deb_version_cmp("1.0~rc1", "1.0", &r), 0);
	assert_int_equal(r, -1);
	assert_int_equal(eg_deb_version_cmp("x:1", "1", &r), EG_E_PARSE);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_rows_and_nulls),
		T(test_cache_across_queries),
		T(test_required_error),
		T(test_in_list),
		T(test_join),
		T(test_glob),
		T(test_hidden_arguments),
		T(test_errors_and_warnings),
		T(test_register_twice),
		T(test_row_cap),
		T(test_defensive),
		T(test_time_limit),
		T(test_regexp),
		T(test_mode_octal),
		T(test_cidr_match),
		T(test_deb_version_cmp),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
