/*
 * vtab_int.h: the engine's side of the probe-table contract (vtab.h). Only
 * the query engine (src/core/engine.c) and tests include it.
 *
 * A struct eg_vtab_host holds what the tables of one engine share for the
 * whole run: the audit root, the row cache (one set of rows per table and
 * distinct argument values), the warnings, the run-wide shared state and the
 * owner's named userdata. eg_vtab_register makes one table queryable on a
 * connection as an eponymous virtual table (`SELECT * FROM users` works
 * without CREATE VIRTUAL TABLE).
 *
 * Close the sqlite3 connection before freeing the host: the modules point
 * into it.
 */
#ifndef EG_VTAB_INT_H
#define EG_VTAB_INT_H

#include <sqlite3.h>
#include <stddef.h>

#include "vtab.h"

struct eg_vtab_host;

/*
 * A host reading facts from root (borrowed: it must outlive the host).
 * Returns 0 or EG_E_NOMEM. OUT: caller frees with eg_vtab_host_free.
 */
int eg_vtab_host_new(struct eg_root *root, struct eg_vtab_host **out);

/* Frees the host, its cached rows and its shared state. NULL is fine. */
void eg_vtab_host_free(struct eg_vtab_host *h);

/*
 * Registers def (borrowed: a static definition) on db. Checks the definition
 * (names are lowercase identifiers, at most EG_TABLE_MAX_COLUMNS columns, a
 * generator) and that no table of that name is registered yet. Returns 0,
 * EG_E_INVAL (a bad or duplicate definition), EG_E_NOMEM or EG_E_SQL.
 */
int eg_vtab_register(struct eg_vtab_host *h, sqlite3 *db,
		     const struct eg_table_def *def, struct eg_err *e);

/* Milliseconds spent in table generators since the host was made (reading
 * files, scanning endpoints): the engine leaves them out of a statement's
 * time limit, which is for runaway SQL; generators have bounds of their
 * own (limits.h, per-connection deadlines). */
uint64_t eg_vtab_gen_ms(const struct eg_vtab_host *h);

/* Attaches ptr (borrowed) under name; NULL removes it. Returns 0 or
 * EG_E_NOMEM. */
int eg_vtab_set_userdata(struct eg_vtab_host *h, const char *name, void *ptr);

/* Warnings recorded so far, oldest first; the string lives until the next
 * eg_vtab_clear or eg_vtab_host_free. */
size_t eg_vtab_nwarnings(const struct eg_vtab_host *h);
const char *eg_vtab_warning(const struct eg_vtab_host *h, size_t i);

/*
 * Forgets cached rows, shared state and warnings, so that the next query
 * reads the host again. Rows still being read by an open statement stay
 * valid until it is reset or finalized.
 */
void eg_vtab_clear(struct eg_vtab_host *h);

/*
 * The planner's explanation of the last query it could not plan because a
 * required column was not constrained ("file needs path = or path GLOB ..."),
 * or NULL. SQLite itself only says "no query solution"; the engine shows this
 * instead. eg_vtab_plan_reset forgets it before the next statement.
 */
const char *eg_vtab_plan_error(const struct eg_vtab_host *h);
void eg_vtab_plan_reset(struct eg_vtab_host *h);

#endif
