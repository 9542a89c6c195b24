/*
 * store.h: the store of ecguard: one SQLite file holding every audit run
 * (its checks, results, measure statuses and theme scores), and the records
 * and evidence of organisational measures (issue 7), so runs can be listed,
 * compared and re-rendered, and obligations tracked over time.
 *
 * The file is private: created 0600 by us (O_CREAT|O_EXCL|O_NOFOLLOW) before
 * SQLite touches it, its -wal/-shm side files inherit that mode (SQLite
 * copies the database's mode, and a umask of 077 is in force while we open),
 * and a path that is a symbolic link is refused so a planted link cannot
 * redirect our writes. The connection runs in WAL mode with foreign keys on,
 * a busy timeout (a cron audit and a manual one may overlap), and SQLite's
 * defensive settings (SQLITE_DBCONFIG_DEFENSIVE, no extension loading,
 * trusted_schema off). Every value reaches SQL as a bound parameter.
 *
 * The schema version is PRAGMA user_version, raised by an ordered list of
 * migrations (store.c); a file newer than this binary is refused. PRAGMA
 * application_id marks the file as ecguard's, so another program's database
 * is never migrated by mistake.
 *
 * Schema (version 1). A run's rows are keyed by runs.seq, an integer that
 * keeps the child tables small; runs.id is the public run id.
 *   runs(seq, id, started_at, finished_at, host, root, spec, version, score)
 *   run_checks(run_seq, idx, check_id, severity, kind, title_ja, title_en,
 *              rationale_ja, rationale_en, remediation_ja, remediation_en)
 *   run_check_measures(run_seq, check_idx, pos, measure_id)
 *   results(run_seq, pos, check_idx, resource, status, reason, waiver)
 *   measure_status(run_seq, pos, measure_id, status, note,
 *                  ok, alarm, info, skip, error, waived)
 *   theme_scores(run_seq, pos, theme_id, score, status)
 *   records(id, kind, date, performed_by, summary, scope, created_at,
 *           supersedes, run_seq)                       append-only
 *   record_measures(record_id, measure_id)             append-only
 *   evidence(id, record_id, path, size, sha256, expires)  append-only
 * Version 2 adds payment-page baselines (page_store.h), append-only:
 *   page_baselines(id, url, origin, taken_at, created_at, bytes,
 *                  incomplete, supersedes)
 *   page_baseline_items(baseline_id, pos, kind, line, ...one column per
 *                  inventory field of page.h...)
 *   page_baseline_headers(baseline_id, pos, name, value)
 *   view page_baseline_history(id, url, taken_at, created_at, supersedes,
 *                  superseded_by)
 * Scores are NULL in the file where the run model says -1 (nothing
 * assessed). Statuses, severities and kinds are stored by their names
 * (run.h), so the file reads well in the sqlite3 shell.
 */
#ifndef EG_STORE_H
#define EG_STORE_H

#include <sqlite3.h>
#include <stddef.h>

#include "../util/err.h"
#include "run.h"

struct eg_store;

/* Flags of eg_store_open. */
enum {
	EG_STORE_CREATE = 1,  /* create the file (0600) when it is missing */
	EG_STORE_MKDIRS = 2,  /* with CREATE: create missing parent folders
				 0700 (for the default path) */
};

/*
 * Writes the default store path into out[0..n): /var/lib/ecguard/ecguard.db
 * when the effective uid is 0, else $XDG_DATA_HOME/ecguard/ecguard.db (when
 * XDG_DATA_HOME is set and absolute) or $HOME/.local/share/ecguard/ecguard.db
 * (HOME from the environment, else the password database).
 * Returns 0, EG_E_NOTFOUND (no home folder known) or EG_E_LIMIT (does not
 * fit in n bytes).
 */
int eg_store_default_path(char *out, size_t n);

/*
 * Opens the store at path (flags: EG_STORE_*), migrating its schema to the
 * newest version. Returns 0 or:
 *   EG_E_NOTFOUND  no file at path and no EG_STORE_CREATE (or no folder);
 *   EG_E_INVAL     path is a symbolic link or not a regular file;
 *   EG_E_UNSUPPORTED  the file's schema is newer than this ecguard;
 *   EG_E_PARSE     the file is not an SQLite database or not ecguard's;
 *   EG_E_IO, EG_E_SQL, EG_E_NOMEM.
 * Messages name the path and say what to do. Nothing is written to a file
 * that is not an ecguard store or is newer than this binary. The process
 * umask is 077 while it runs (restored on return; not thread-safe).
 * OUT: *out, closed with eg_store_close; NULL on error.
 */
int eg_store_open(const char *path, int flags, struct eg_store **out,
		  struct eg_err *e);

/* Closes the store; NULL is fine. */
void eg_store_close(struct eg_store *s);

/* The path the store was opened with. */
const char *eg_store_path(const struct eg_store *s);

/* The schema version this binary writes (the newest migration). */
int eg_store_schema_version(void);

/*
 * The connection, for modules built on the store's tables (records,
 * evidence, baselines). They keep its rules: bound parameters only, and a
 * transaction (BEGIN IMMEDIATE) around anything written in more than one
 * statement. Borrowed: valid until eg_store_close.
 */
sqlite3 *eg_store_db(struct eg_store *s);

/*
 * SQL helpers for the modules that keep their tables in the store
 * (page_store.c): eg_store_sql_fail turns the last SQLite failure into an
 * eg error naming the store and the step what (with a hint for a damaged,
 * busy or read-only file) and returns its code; eg_store_exec runs SQL
 * text that carries no values; eg_store_prepare prepares one statement
 * (OUT: *st, sqlite3_finalize). Both return 0 or sql_fail's code.
 */
int eg_store_sql_fail(struct eg_store *s, struct eg_err *e, const char *what);
int eg_store_exec(struct eg_store *s, const char *sql, const char *what,
		  struct eg_err *e);
int eg_store_prepare(struct eg_store *s, const char *sql, sqlite3_stmt **st,
		     struct eg_err *e);

/*
 * Saves run in one transaction: either all of it is stored or nothing (a
 * process killed half-way leaves no trace of the run). run->id and
 * run->started_at must be set. Returns 0, EG_E_INVAL (missing id or start,
 * a result pointing at no check, an id already stored: the message says
 * which), EG_E_SQL, EG_E_NOMEM. The run is only read.
 */
int eg_store_save_run(struct eg_store *s, const struct eg_run *run,
		      struct eg_err *e);

/*
 * eg_store_save_run for an audit: in the same transaction, the run is also
 * stored as a periodic-check record (`ecguard records` lists it, run_id
 * names the run) evidencing each measure of periodic[0..nperiodic) (the
 * catalogue's periodic-check measures) whose theme the run assessed. No
 * record when it assessed none. Errors as eg_store_save_run.
 */
int eg_store_save_audit(struct eg_store *s, const struct eg_run *run,
			const char *const *periodic, size_t nperiodic,
			struct eg_err *e);

/*
 * Loads one run. ref selects it: NULL or "latest" is the newest run,
 * "previous" the one before it, else a run id or a unique prefix of one.
 * "Newest" orders by started_at, then by the order runs were saved.
 * Returns 0, EG_E_NOTFOUND (no such run, or no runs at all), EG_E_INVAL (a
 * prefix matching several runs; the message lists some), EG_E_PARSE (a row
 * the run model cannot hold: a damaged or hand-edited store), EG_E_SQL,
 * EG_E_NOMEM. OUT: *out, freed with eg_run_free; NULL on error.
 */
int eg_store_load_run(struct eg_store *s, const char *ref,
		      struct eg_run **out, struct eg_err *e);

/* One line of the run history. Strings are owned by the array. */
struct eg_store_run_info {
	char *id;
	char *started_at;
	char *finished_at;        /* may be NULL */
	char *host;               /* may be NULL */
	int score;                /* 0-100, -1 when nothing was assessed */
	size_t alarms[5];         /* open alarms by enum eg_severity */
	size_t waived;            /* alarms an active waiver covered */
};

/*
 * Lists the newest runs first, at most limit of them (0: all).
 * Returns 0 (*n may be 0), EG_E_SQL, EG_E_NOMEM.
 * OUT: *out, freed with eg_store_run_infos_free(*out, *n).
 */
int eg_store_list_runs(struct eg_store *s, size_t limit,
		       struct eg_store_run_info **out, size_t *n,
		       struct eg_err *e);
void eg_store_run_infos_free(struct eg_store_run_info *v, size_t n);

/* One point of the score trend. */
struct eg_store_trend_point {
	char *id;
	char *started_at;
	int score;                /* 0-100, -1 when nothing was assessed */
};

/*
 * The overall score of the last `last` runs (0: all), oldest first, for the
 * trend chart of the HTML report. Returns 0, EG_E_SQL, EG_E_NOMEM.
 * OUT: *out, freed with eg_store_trend_free(*out, *n).
 */
int eg_store_trend(struct eg_store *s, size_t last,
		   struct eg_store_trend_point **out, size_t *n,
		   struct eg_err *e);
void eg_store_trend_free(struct eg_store_trend_point *v, size_t n);

/*
 * For tests only: hook is called after each row eg_store_save_run inserts
 * (rows counted from 1 across all tables of the run), inside the open
 * transaction, so a test can kill the process half-way through a save.
 * NULL removes it.
 */
void eg_store_set_row_hook(struct eg_store *s,
			   void (*hook)(void *arg, size_t row), void *arg);

#endif
