/*
 * engine.c: the SQLite connection every query and check runs on. It is set
 * up defensively (see engine.h), gets the SQL functions (sqlfn.c) and every
 * table family (tables/registry.c); the tables themselves, their planner and
 * their cache are the generic glue in tables/vtab.c.
 */
#include "engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tables/registry.h"
#include "../tables/vtab_int.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "sqlfn.h"

struct eg_engine {
	sqlite3 *db;
	struct eg_vtab_host *host;
	unsigned time_limit_ms;
	uint64_t deadline_ms; /* of the running statement; 0: none */
	uint64_t gen_base_ms; /* generator time when the statement began */
	int timed_out;
};

/* Virtual machine steps between two looks at the clock: a few hundred
 * microseconds of work, so a limit is kept to within a millisecond. */
#define PROGRESS_STEPS 10000

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int progress(void *arg)
{
	struct eg_engine *eng = arg;
	/* Time spent in generators (files read, endpoints scanned) is not
	 * the statement's: it moves the deadline on. */
	if (eng->deadline_ms != 0 &&
	    now_ms() > eng->deadline_ms +
			       (eg_vtab_gen_ms(eng->host) - eng->gen_base_ms)) {
		eng->timed_out = 1;
		return 1; /* interrupts the statement */
	}
	return 0;
}

/* Files are never attached: the engine's data all lives in memory, and an
 * ATTACH (or VACUUM INTO, which attaches) from a query would write files. */
static int authorize(void *arg, int action, const char *a, const char *b,
		     const char *c, const char *d)
{
	(void)arg;
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH)
		return SQLITE_DENY;
	return SQLITE_OK;
}

static int harden(sqlite3 *db, struct eg_err *e)
{
	static const int off[] = {
		SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
		SQLITE_DBCONFIG_TRUSTED_SCHEMA,
		SQLITE_DBCONFIG_DQS_DML,
		SQLITE_DBCONFIG_DQS_DDL,
	};
	int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(off) / sizeof(off[0]);
	     i++)
		rc = sqlite3_db_config(db, off[i], 0, NULL);
	if (rc != SQLITE_OK)
		return eg_err_set(e, EG_E_SQL, "configuring SQLite: %s",
				  sqlite3_errstr(rc));
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, EG_SQL_MAX_LENGTH);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, EG_SQL_MAX_STATEMENT);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(db, authorize, NULL);
	char *msg = NULL;
	rc = sqlite3_exec(db, "PRAGMA trusted_schema=OFF", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		eg_err_set(e, EG_E_SQL, "configuring SQLite: %s",
			   msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return EG_E_SQL;
	}
	return 0;
}

int eg_engine_new(struct eg_root *root, struct eg_engine **out,
		  struct eg_err *e)
{
	*out = NULL;
	int rc;
	struct eg_engine *eng = eg_calloc(1, sizeof(*eng));
	if (eng == NULL || eg_vtab_host_new(root, &eng->host) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	int src = sqlite3_open_v2(":memory:", &eng->db,
				  SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					  SQLITE_OPEN_MEMORY,
				  NULL);
	if (src != SQLITE_OK) {
		rc = eg_err_set(e, src == SQLITE_NOMEM ? EG_E_NOMEM : EG_E_SQL,
				"opening SQLite: %s", sqlite3_errstr(src));
		goto out;
	}
	if ((rc = harden(eng->db, e)) != 0)
		goto out;
	if ((rc = eg_sqlfn_register(eng->db, e)) != 0)
		goto out;
	for (size_t f = 0; eg_table_families[f] != NULL; f++)
		for (size_t t = 0; eg_table_families[f][t] != NULL; t++)
			if ((rc = eg_vtab_register(eng->host, eng->db,
						   eg_table_families[f][t], e)) != 0)
				goto out;
	*out = eng;
	eng = NULL;
	rc = 0;
out:
	eg_engine_free(eng);
	return rc;
}

void eg_engine_free(struct eg_engine *eng)
{
	if (eng == NULL)
		return;
	/* The connection first: its modules point into the host. A statement
	 * the caller left open would keep it alive past the host, so any
	 * such statement is finalized here. */
	if (eng->db != NULL) {
		sqlite3_stmt *st;
		while ((st = sqlite3_next_stmt(eng->db, NULL)) != NULL)
			sqlite3_finalize(st);
	}
	sqlite3_close_v2(eng->db);
	eg_vtab_host_free(eng->host);
	free(eng);
}

sqlite3 *eg_engine_db(struct eg_engine *eng)
{
	return eng->db;
}

void eg_engine_set_time_limit(struct eg_engine *eng, unsigned ms)
{
	eng->time_limit_ms = ms;
	sqlite3_progress_handler(eng->db, ms ? PROGRESS_STEPS : 0,
				 ms ? progress : NULL, eng);
}

int eg_engine_register_table(struct eg_engine *eng,
			     const struct eg_table_def *def, struct eg_err *e)
{
	return eg_vtab_register(eng->host, eng->db, def, e);
}

int eg_engine_set_userdata(struct eg_engine *eng, const char *name, void *ptr)
{
	return eg_vtab_set_userdata(eng->host, name, ptr);
}

/* SQLite's message for the last failure, with the planner's explanation in
 * place of "no query solution" and the position of a syntax error. */
static int sql_error(struct eg_engine *eng, const char *sql, struct eg_err *e)
{
	const char *msg = sqlite3_errmsg(eng->db);
	const char *plan = eg_vtab_plan_error(eng->host);
	if (plan != NULL && strcmp(msg, "no query solution") == 0)
		return eg_err_set(e, EG_E_SQL, "%s", plan);
	int off = sql != NULL ? sqlite3_error_offset(eng->db) : -1;
	if (off >= 0)
		return eg_err_set(e, EG_E_SQL, "%s (at byte %d of the statement)",
				  msg, off + 1);
	return eg_err_set(e, EG_E_SQL, "%s", msg);
}

int eg_engine_prepare(struct eg_engine *eng, const char *sql,
		      sqlite3_stmt **st, const char **tail, struct eg_err *e)
{
	*st = NULL;
	eg_vtab_plan_reset(eng->host);
	int rc = sqlite3_prepare_v2(eng->db, sql, -1, st, tail);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return sql_error(eng, sql, e);
	}
	return 0;
}

int eg_engine_step(struct eg_engine *eng, sqlite3_stmt *st, struct eg_err *e)
{
	/* A schema change makes SQLite re-plan inside step. */
	eg_vtab_plan_reset(eng->host);
	if (eng->time_limit_ms != 0 && !sqlite3_stmt_busy(st)) {
		eng->deadline_ms = now_ms() + eng->time_limit_ms;
		eng->gen_base_ms = eg_vtab_gen_ms(eng->host);
	}
	eng->timed_out = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	eng->deadline_ms = 0;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_INTERRUPT && eng->timed_out)
		return eg_err_set(e, EG_E_LIMIT,
				  _("the statement ran longer than its time limit of %u ms"),
				  eng->time_limit_ms);
	return sql_error(eng, NULL, e);
}

int eg_engine_exec(struct eg_engine *eng, const char *sql,
		   int (*row_cb)(void *arg, sqlite3_stmt *st), void *arg,
		   struct eg_err *e)
{
	const char *next = sql;
	int rc = 0;
	while (rc == 0 && next != NULL && *next != '\0') {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		rc = eg_engine_prepare(eng, next, &st, &tail, e);
		if (rc != 0)
			break;
		next = tail;
		if (st == NULL)
			continue;
		int s;
		while ((s = eg_engine_step(eng, st, e)) == 1) {
			if (row_cb != NULL && (rc = row_cb(arg, st)) != 0)
				break;
		}
		if (rc == 0 && s < 0)
			rc = s;
		sqlite3_finalize(st);
	}
	return rc;
}

size_t eg_engine_nwarnings(const struct eg_engine *eng)
{
	return eg_vtab_nwarnings(eng->host);
}

const char *eg_engine_warning(const struct eg_engine *eng, size_t i)
{
	return eg_vtab_warning(eng->host, i);
}

void eg_engine_clear_cache(struct eg_engine *eng)
{
	eg_vtab_clear(eng->host);
}
