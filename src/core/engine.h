/*
 * engine.h: the query engine. One in-memory SQLite connection, opened
 * defensively, with every probe table of every family registered as an
 * eponymous virtual table (src/tables/registry.h) and ecguard's SQL functions
 * (REGEXP, mode_octal, cidr_match, deb_version_cmp: src/core/sqlfn.h). Facts
 * are gathered from the audit root on first use and cached for the life of
 * the engine (or until eg_engine_clear_cache), so every check of a run sees
 * the same facts and no table is read twice.
 *
 * The connection is hardened as sqlite.org's "Defense against the dark arts"
 * says: SQLITE_DBCONFIG_DEFENSIVE, no extension loading, trusted_schema off,
 * no ATTACH (nor VACUUM INTO, which attaches), double-quoted string literals
 * off (a "name" is always a column), bounded string and SQL lengths.
 * Probe tables are not marked innocuous: a view over them must be a TEMP
 * view.
 */
#ifndef EG_ENGINE_H
#define EG_ENGINE_H

#include <sqlite3.h>
#include <stddef.h>

#include "../tables/vtab.h"
#include "../util/err.h"
#include "../util/rootfs.h"

struct eg_engine;

/*
 * A new engine reading facts from root (borrowed: it must outlive the
 * engine). Returns 0, EG_E_NOMEM, EG_E_SQL (SQLite could not be set up) or
 * EG_E_INVAL (a table definition is broken: a bug). OUT: *out, freed with
 * eg_engine_free; NULL on error.
 */
int eg_engine_new(struct eg_root *root, struct eg_engine **out,
		  struct eg_err *e);

/* Closes the connection (finalizing any statement still open: finalize
 * yours first) and frees the cache. NULL is fine. */
void eg_engine_free(struct eg_engine *eng);

/* The connection, for preparing statements and loading spec data. Owned by
 * the engine. */
sqlite3 *eg_engine_db(struct eg_engine *eng);

/*
 * Registers one more table (borrowed: a static definition), e.g. a test's
 * own table or a table built at run time. Returns 0, or EG_E_INVAL for a bad
 * definition or a name already registered, EG_E_NOMEM, EG_E_SQL.
 */
int eg_engine_register_table(struct eg_engine *eng,
			     const struct eg_table_def *def, struct eg_err *e);

/* Attaches ptr (borrowed) under name for generators (eg_tctx_userdata);
 * NULL removes it. Returns 0 or EG_E_NOMEM. */
int eg_engine_set_userdata(struct eg_engine *eng, const char *name, void *ptr);

/*
 * Prepares the first statement of sql. On success *st is the statement
 * (NULL when sql holds only blanks or comments; caller finalizes) and *tail
 * points past it. Returns 0, or EG_E_SQL with SQLite's message (and the byte
 * offset of the error when SQLite knows it). A query that leaves a required
 * column unconstrained fails with the table's explanation ("file needs
 * path = or path GLOB ...") rather than SQLite's "no query solution".
 */
int eg_engine_prepare(struct eg_engine *eng, const char *sql,
		      sqlite3_stmt **st, const char **tail, struct eg_err *e);

/*
 * Steps st: returns 1 for a row, 0 when done, EG_E_LIMIT when the statement
 * ran past the time limit, EG_E_SQL with the message (e.g. a generator's
 * error) otherwise.
 */
int eg_engine_step(struct eg_engine *eng, sqlite3_stmt *st, struct eg_err *e);

/*
 * Runs every statement of sql in turn, calling row_cb (may be NULL) for each
 * row. row_cb returns 0 to go on, or a non-zero value that stops the run and
 * is returned (it sets e itself if it wants a message). Returns 0, that
 * value, or EG_E_SQL.
 */
int eg_engine_exec(struct eg_engine *eng, const char *sql,
		   int (*row_cb)(void *arg, sqlite3_stmt *st), void *arg,
		   struct eg_err *e);

/*
 * Bounds each statement to ms milliseconds of wall time from its first step
 * (0, the default: no bound), so a runaway query (an endless recursive CTE)
 * fails with EG_E_LIMIT instead of hanging a run. Time spent inside one
 * generator call is not interrupted. The engine owns the connection's
 * progress handler for this: do not install another.
 */
void eg_engine_set_time_limit(struct eg_engine *eng, unsigned ms);

/* Warnings the generators recorded (unreadable or malformed sources), each
 * "table: message"; strings live until eg_engine_clear_cache or free. */
size_t eg_engine_nwarnings(const struct eg_engine *eng);
const char *eg_engine_warning(const struct eg_engine *eng, size_t i);

/* Forgets cached facts, shared state and warnings: the next query reads the
 * host again. Statements still running keep the rows they have. */
void eg_engine_clear_cache(struct eg_engine *eng);

#endif
