/*
 * store.c: the SQLite store of runs and records (see store.h for the file's
 * rules and the schema). Opening creates the file privately, hardens the
 * connection and migrates the schema; saving writes a run in one IMMEDIATE
 * transaction; loading rebuilds a struct eg_run through the run model's own
 * constructors, validating every row, so a damaged or hand-edited file gives
 * an error instead of a run the reports cannot trust.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"

/* PRAGMA application_id of an ecguard store: "ECGD". */
#define EG_STORE_APP_ID 0x45434744

/*
 * The migrations, in order: migrations[i], a NULL-terminated list of
 * statements, takes the schema from version i to i + 1. Only ever append; a
 * released step is never edited, since stores in the field were made by it.
 * Tables are STRICT so a value of the wrong type is refused at the door.
 */

/* 1: runs and their parts; records and evidence (issue 7). */
static const char *const migration_1[] = {
	"CREATE TABLE runs (\n"
	"  seq INTEGER PRIMARY KEY,\n"
	"  id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 128),\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT,\n"
	"  host TEXT,\n"
	"  root TEXT,\n"
	"  spec TEXT,\n"
	"  version TEXT,\n"
	"  score INTEGER CHECK (score BETWEEN 0 AND 100)\n"
	") STRICT;\n",
	"CREATE INDEX runs_started ON runs(started_at, seq);\n",
	"CREATE TABLE run_checks (\n"
	"  run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL CHECK (idx >= 0),\n"
	"  check_id TEXT NOT NULL,\n"
	"  severity TEXT NOT NULL CHECK (severity IN\n"
	"    ('info', 'low', 'medium', 'high', 'critical')),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('technical', 'attestation')),\n"
	"  title_ja TEXT, title_en TEXT,\n"
	"  rationale_ja TEXT, rationale_en TEXT,\n"
	"  remediation_ja TEXT, remediation_en TEXT,\n"
	"  PRIMARY KEY (run_seq, idx)\n"
	") STRICT;\n",
	"CREATE INDEX run_checks_check ON run_checks(check_id, run_seq);\n",
	"CREATE TABLE run_check_measures (\n"
	"  run_seq INTEGER NOT NULL,\n"
	"  check_idx INTEGER NOT NULL,\n"
	"  pos INTEGER NOT NULL,\n"
	"  measure_id TEXT NOT NULL,\n"
	"  PRIMARY KEY (run_seq, check_idx, pos),\n"
	"  FOREIGN KEY (run_seq, check_idx)\n"
	"    REFERENCES run_checks(run_seq, idx) ON DELETE CASCADE\n"
	") STRICT;\n",
	"CREATE INDEX run_check_measures_measure\n"
	"  ON run_check_measures(measure_id, run_seq);\n",
	"CREATE TABLE results (\n"
	"  run_seq INTEGER NOT NULL,\n"
	"  pos INTEGER NOT NULL,\n"
	"  check_idx INTEGER NOT NULL,\n"
	"  resource TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('ok', 'alarm', 'info', 'skip', 'error', 'waived')),\n"
	"  reason TEXT NOT NULL,\n"
	"  waiver TEXT,\n"
	"  PRIMARY KEY (run_seq, pos),\n"
	"  FOREIGN KEY (run_seq, check_idx)\n"
	"    REFERENCES run_checks(run_seq, idx) ON DELETE CASCADE\n"
	") STRICT;\n",
	"CREATE INDEX results_check ON results(run_seq, check_idx);\n",
	/* History counts alarms of every listed run: this keeps it from
	 * reading the passing rows, which are most of them. */
	"CREATE INDEX results_open ON results(run_seq, check_idx)\n"
	"  WHERE status IN ('alarm', 'waived');\n",
	"CREATE TABLE measure_status (\n"
	"  run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL,\n"
	"  measure_id TEXT NOT NULL CHECK (length(measure_id) BETWEEN 1 AND 7),\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('met', 'partial', 'not_met', 'not_assessed', 'not_applicable')),\n"
	"  note TEXT,\n"
	"  n_ok INTEGER NOT NULL CHECK (n_ok >= 0),\n"
	"  n_alarm INTEGER NOT NULL CHECK (n_alarm >= 0),\n"
	"  n_info INTEGER NOT NULL CHECK (n_info >= 0),\n"
	"  n_skip INTEGER NOT NULL CHECK (n_skip >= 0),\n"
	"  n_error INTEGER NOT NULL CHECK (n_error >= 0),\n"
	"  n_waived INTEGER NOT NULL CHECK (n_waived >= 0),\n"
	"  PRIMARY KEY (run_seq, pos),\n"
	"  UNIQUE (run_seq, measure_id)\n"
	") STRICT;\n",
	"CREATE INDEX measure_status_measure ON measure_status(measure_id, run_seq);\n",
	"CREATE TABLE theme_scores (\n"
	"  run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL,\n"
	"  theme_id TEXT NOT NULL CHECK (length(theme_id) BETWEEN 1 AND 3),\n"
	"  score INTEGER CHECK (score BETWEEN 0 AND 100),\n"
	"  status TEXT NOT NULL CHECK (status IN\n"
	"    ('met', 'partial', 'not_met', 'not_assessed', 'not_applicable')),\n"
	"  PRIMARY KEY (run_seq, pos),\n"
	"  UNIQUE (run_seq, theme_id)\n"
	") STRICT;\n",
	/*
	 * Records of organisational measures (issue 7). Append-only: the
	 * triggers refuse UPDATE and DELETE, so a record is corrected only by
	 * a new one that supersedes it, and each record is superseded at most
	 * once (the corrections of a record form one chain). date is the
	 * effective date, created_at when it was entered; run_id names the
	 * audit run a periodic-check record came from (no foreign key: runs
	 * may be pruned one day, the record stays).
	 */
	"CREATE TABLE records (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('education', 'audit', 'drill',\n"
	"    'review', 'periodic-check', 'partner-review', 'budget', 'incident',\n"
	"    'media-disposal', 'physical-access-review', 'other')),\n"
	"  date TEXT NOT NULL\n"
	"    CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  performed_by TEXT,\n"
	"  summary TEXT,\n"
	"  scope TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  supersedes INTEGER REFERENCES records(id),\n"
	"  run_id TEXT\n"
	") STRICT;\n",
	"CREATE INDEX records_kind ON records(kind, date);\n",
	"CREATE UNIQUE INDEX records_supersedes ON records(supersedes)\n"
	"  WHERE supersedes IS NOT NULL;\n",
	"CREATE TABLE record_measures (\n"
	"  record_id INTEGER NOT NULL REFERENCES records(id),\n"
	"  measure_id TEXT NOT NULL,\n"
	"  PRIMARY KEY (record_id, measure_id)\n"
	") STRICT;\n",
	"CREATE INDEX record_measures_measure ON record_measures(measure_id);\n",
	"CREATE TABLE evidence (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  record_id INTEGER NOT NULL REFERENCES records(id),\n"
	"  path TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL CHECK (size >= 0),\n"
	"  sha256 TEXT NOT NULL\n"
	"    CHECK (length(sha256) = 64 AND NOT sha256 GLOB '*[^0-9a-f]*'),\n"
	"  expires TEXT\n"
	") STRICT;\n",
	"CREATE INDEX evidence_record ON evidence(record_id);\n",
	"CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN\n"
	"  SELECT RAISE(ABORT, 'records are append-only: add a record that supersedes it');\n"
	"END;\n",
	"CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN\n"
	"  SELECT RAISE(ABORT, 'records are append-only: add a record that supersedes it');\n"
	"END;\n",
	"CREATE TRIGGER record_measures_no_update BEFORE UPDATE ON record_measures BEGIN\n"
	"  SELECT RAISE(ABORT, 'records are append-only: add a record that supersedes it');\n"
	"END;\n",
	"CREATE TRIGGER record_measures_no_delete BEFORE DELETE ON record_measures BEGIN\n"
	"  SELECT RAISE(ABORT, 'records are append-only: add a record that supersedes it');\n"
	"END;\n",
	"CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence BEGIN\n"
	"  SELECT RAISE(ABORT, 'evidence is append-only: add a record that supersedes it');\n"
	"END;\n",
	"CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence BEGIN\n"
	"  SELECT RAISE(ABORT, 'evidence is append-only: add a record that supersedes it');\n"
	"END;\n",
	NULL,
};

/* Triggers that keep a table append-only (issue 6 baselines). */
#define EG_APPEND_ONLY(t)                                                   \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t " BEGIN\n"     \
	"  SELECT RAISE(ABORT, 'page baselines are append-only: take a new "  \
	"baseline, it supersedes the last one');\n"                          \
	"END;\n",                                                            \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t " BEGIN\n"     \
	"  SELECT RAISE(ABORT, 'page baselines are append-only: take a new "  \
	"baseline, it supersedes the last one');\n"                          \
	"END;\n"

/*
 * 2: payment-page baselines (issue 6, page_store.h): the authorised
 * inventory of a page, its items (one column per inventory field, so the
 * file reads well in the sqlite3 shell) and its security headers.
 * Append-only as the records: a new baseline of a URL names the one it
 * supersedes (each superseded at most once); the view adds superseded_by.
 */
static const char *const migration_2[] = {
	"CREATE TABLE page_baselines (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),\n"
	"  origin TEXT NOT NULL,\n"
	"  taken_at TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  bytes INTEGER NOT NULL CHECK (bytes >= 0),\n"
	"  incomplete INTEGER NOT NULL CHECK (incomplete >= 0),\n"
	"  supersedes INTEGER REFERENCES page_baselines(id)\n"
	") STRICT;\n",
	"CREATE INDEX page_baselines_url ON page_baselines(url, id);\n",
	"CREATE UNIQUE INDEX page_baselines_supersedes\n"
	"  ON page_baselines(supersedes) WHERE supersedes IS NOT NULL;\n",
	"CREATE TABLE page_baseline_items (\n"
	"  baseline_id INTEGER NOT NULL REFERENCES page_baselines(id),\n"
	"  pos INTEGER NOT NULL CHECK (pos >= 0),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('script', 'iframe', 'link',\n"
	"    'form', 'handler', 'jsurl', 'csp', 'base')),\n"
	"  line INTEGER NOT NULL CHECK (line >= 0),\n"
	"  tag TEXT, attr TEXT, src TEXT, url TEXT, host TEXT,\n"
	"  integrity TEXT, sri TEXT,\n"
	"  sri_state TEXT NOT NULL CHECK (sri_state IN ('none', 'valid',\n"
	"    'invalid')),\n"
	"  crossorigin TEXT, type TEXT, method TEXT, form_id TEXT,\n"
	"  card_number INTEGER NOT NULL CHECK (card_number IN (0, 1)),\n"
	"  card_csc INTEGER NOT NULL CHECK (card_csc IN (0, 1)),\n"
	"  card_exp INTEGER NOT NULL CHECK (card_exp IN (0, 1)),\n"
	"  text TEXT,\n"
	"  sha256 TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND\n"
	"    NOT sha256 GLOB '*[^0-9a-f]*')),\n"
	"  length INTEGER NOT NULL CHECK (length >= 0),\n"
	"  content_sha256 TEXT CHECK (content_sha256 IS NULL OR\n"
	"    (length(content_sha256) = 64 AND\n"
	"     NOT content_sha256 GLOB '*[^0-9a-f]*')),\n"
	"  sri_match INTEGER CHECK (sri_match IN (0, 1)),\n"
	"  is_inline INTEGER NOT NULL CHECK (is_inline IN (0, 1)),\n"
	"  is_data INTEGER NOT NULL CHECK (is_data IN (0, 1)),\n"
	"  is_module INTEGER NOT NULL CHECK (is_module IN (0, 1)),\n"
	"  is_async INTEGER NOT NULL CHECK (is_async IN (0, 1)),\n"
	"  is_defer INTEGER NOT NULL CHECK (is_defer IN (0, 1)),\n"
	"  is_nomodule INTEGER NOT NULL CHECK (is_nomodule IN (0, 1)),\n"
	"  is_cut INTEGER NOT NULL CHECK (is_cut IN (0, 1)),\n"
	"  is_formaction INTEGER NOT NULL CHECK (is_formaction IN (0, 1)),\n"
	"  same_origin INTEGER NOT NULL CHECK (same_origin IN (0, 1)),\n"
	"  PRIMARY KEY (baseline_id, pos)\n"
	") STRICT;\n",
	"CREATE TABLE page_baseline_headers (\n"
	"  baseline_id INTEGER NOT NULL REFERENCES page_baselines(id),\n"
	"  pos INTEGER NOT NULL CHECK (pos >= 0),\n"
	"  name TEXT NOT NULL CHECK (length(name) >= 1),\n"
	"  value TEXT NOT NULL,\n"
	"  PRIMARY KEY (baseline_id, pos)\n"
	") STRICT;\n",
	"CREATE VIEW page_baseline_history AS\n"
	"  SELECT b.id, b.url, b.taken_at, b.created_at, b.supersedes,\n"
	"    n.id AS superseded_by\n"
	"  FROM page_baselines b\n"
	"  LEFT JOIN page_baselines n ON n.supersedes = b.id;\n",
	EG_APPEND_ONLY("page_baselines"),
	EG_APPEND_ONLY("page_baseline_items"),
	EG_APPEND_ONLY("page_baseline_headers"),
	NULL,
};

/*
 * Migration 3: each run remembers the greatest record id when it was saved,
 * so "the store as it stood when the run ended" (`ecguard report RUN`) is
 * exact: a record entered in the same second after the run is not before
 * it, which created_at (whole seconds) cannot tell. NULL for older runs.
 */
static const char *const migration_3[] = {
	"ALTER TABLE runs ADD COLUMN records_upto INTEGER;\n",
	NULL,
};

static const char *const *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* "Newest" everywhere: by start time, ties by the order of saving. */
#define NEWEST_FIRST " ORDER BY started_at DESC, seq DESC"

struct eg_store {
	sqlite3 *db;
	char *path;
	void (*hook)(void *arg, size_t row);
	void *hook_arg;
	size_t rows;              /* rows inserted by the current save */
};

int eg_store_schema_version(void)
{
	return SCHEMA_VERSION;
}

const char *eg_store_path(const struct eg_store *s)
{
	return s->path;
}

sqlite3 *eg_store_db(struct eg_store *s)
{
	return s->db;
}

void eg_store_set_row_hook(struct eg_store *s,
			   void (*hook)(void *arg, size_t row), void *arg)
{
	s->hook = hook;
	s->hook_arg = arg;
}

int eg_store_default_path(char *out, size_t n)
{
	int w;
	if (geteuid() == 0) {
		w = snprintf(out, n, "%s", "/var/lib/ecguard/ecguard.db");
	} else {
		const char *xdg = secure_getenv("XDG_DATA_HOME");
		/* The XDG spec: a relative value is invalid and ignored. */
		if (xdg != NULL && xdg[0] == '/') {
			w = snprintf(out, n, "%s/ecguard/ecguard.db", xdg);
		} else {
			const char *home = secure_getenv("HOME");
			if (home == NULL || home[0] != '/') {
				struct passwd *pw = getpwuid(geteuid());
				home = pw != NULL ? pw->pw_dir : NULL;
			}
			if (home == NULL || home[0] != '/')
				return EG_E_NOTFOUND;
			w = snprintf(out, n, "%s/.local/share/ecguard/ecguard.db",
				     home);
		}
	}
	if (w < 0 || (size_t)w >= n)
		return EG_E_LIMIT;
	return 0;
}

int eg_store_sql_fail(struct eg_store *s, struct eg_err *e, const char *what)
{
	int xc = sqlite3_extended_errcode(s->db);
	int code = EG_E_SQL;
	const char *hint = "";
	switch (xc & 0xff) {
	case SQLITE_NOMEM:
		code = EG_E_NOMEM;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = EG_E_PARSE;
		hint = _("; the file is not an intact ecguard store: move it "
			 "away or give another --store");
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		hint = _("; another ecguard is writing the store: try again "
			 "when it is done");
		break;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		code = EG_E_IO;
		hint = _("; check that you may write the file and its folder");
		break;
	default:
		break;
	}
	return eg_err_set(e, code, _("store %s: %s: %s%s"), s->path, what,
			  sqlite3_errmsg(s->db), hint);
}

int eg_store_exec(struct eg_store *s, const char *sql, const char *what,
		  struct eg_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return eg_store_sql_fail(s, e, what);
	return 0;
}

int eg_store_prepare(struct eg_store *s, const char *sql, sqlite3_stmt **st,
		     struct eg_err *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return eg_store_sql_fail(s, e, _("preparing a statement"));
	return 0;
}


/* One integer from a statement without parameters (a pragma). */
static int query_int(struct eg_store *s, const char *sql, sqlite3_int64 *v,
		     struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s, sql, &st, e);
	if (rc != 0)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else
		rc = eg_store_sql_fail(s, e, _("reading the schema version"));
	sqlite3_finalize(st);
	return rc;
}

/* Files are never attached to the store's connection. */
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

/* sqlite.org's "Defense against the dark arts" for a file we write. */
static int harden(struct eg_store *s, struct eg_err *e)
{
	static const int off[] = {
		SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
		SQLITE_DBCONFIG_TRUSTED_SCHEMA,
		SQLITE_DBCONFIG_DQS_DML,
		SQLITE_DBCONFIG_DQS_DDL,
	};
	int rc = sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(off) / sizeof(off[0]);
	     i++)
		rc = sqlite3_db_config(s->db, off[i], 0, NULL);
	if (rc != SQLITE_OK)
		return eg_err_set(e, EG_E_SQL, _("store %s: configuring SQLite: %s"),
				  s->path, sqlite3_errstr(rc));
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, EG_SQL_MAX_LENGTH);
	sqlite3_limit(s->db, SQLITE_LIMIT_SQL_LENGTH, EG_SQL_MAX_STATEMENT);
	sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(s->db, authorize, NULL);
	sqlite3_busy_timeout(s->db, (int)EG_STORE_BUSY_MS);
	return eg_store_exec(s, "PRAGMA trusted_schema=OFF", _("configuring SQLite"), e);
}

/* Creates the missing folders above path, each 0700. */
static int make_parents(const char *path, struct eg_err *e)
{
	size_t len = strlen(path);
	char *p = eg_strndup(path, len);
	if (p == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 1; i < len; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = eg_err_errno(e, EG_E_IO, errno,
					  _("cannot create the store's folder %s"), p);
			break;
		}
		p[i] = '/';
	}
	free(p);
	return rc;
}

static int refuse_link(const char *path, struct eg_err *e)
{
	return eg_err_set(e, EG_E_INVAL,
			  _("store %s is a symbolic link; ecguard refuses it so "
			    "that a planted link cannot redirect its writes: give "
			    "the real file's path"),
			  path);
}

/*
 * Opens (creating 0600 when allowed) the file at path without following a
 * final symbolic link, and checks it is a regular file. On success *fd is
 * open and *st describes it.
 */
static int open_file(const char *path, int flags, int *fd, struct stat *st,
		     struct eg_err *e)
{
	const int base = O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	*fd = -1;
	for (int attempt = 0; attempt < 2 && *fd < 0; attempt++) {
		*fd = open(path, base);
		if (*fd < 0 && errno == ENOENT && (flags & EG_STORE_CREATE)) {
			*fd = open(path, base | O_CREAT | O_EXCL, 0600);
			/* Someone created it between our two opens: retry. */
			if (*fd < 0 && errno == EEXIST)
				continue;
		}
		if (*fd < 0)
			break;
	}
	if (*fd < 0) {
		int err = errno;
		struct stat lst;
		if (err == ELOOP ||
		    (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)))
			return refuse_link(path, e);
		if (err == EISDIR)
			return eg_err_set(e, EG_E_INVAL,
					  _("store %s is a folder; give the path "
					    "of a file in it"),
					  path);
		if (err == ENOENT && !(flags & EG_STORE_CREATE))
			return eg_err_set(e, EG_E_NOTFOUND,
					  _("no store at %s; `ecguard audit` "
					    "creates it, or give --store FILE"),
					  path);
		if (err == ENOENT)
			return eg_err_set(e, EG_E_NOTFOUND,
					  _("cannot create the store %s: its "
					    "folder does not exist"),
					  path);
		return eg_err_errno(e, EG_E_IO, err,
				    _("cannot open the store %s"), path);
	}
	if (fstat(*fd, st) != 0) {
		int err = errno;
		close(*fd);
		*fd = -1;
		return eg_err_errno(e, EG_E_IO, err, _("cannot open the store %s"),
				    path);
	}
	if (!S_ISREG(st->st_mode)) {
		close(*fd);
		*fd = -1;
		return eg_err_set(e, EG_E_INVAL,
				  _("store %s is not a regular file"), path);
	}
	return 0;
}

/*
 * Refuses a file that is not ours (another program's database) or newer
 * than this binary. Only reads, so it runs before anything is changed.
 */
static int identify(struct eg_store *s, sqlite3_int64 *ver,
		    sqlite3_int64 *app, struct eg_err *e)
{
	sqlite3_int64 objects = 0;
	int rc;
	if ((rc = query_int(s, "PRAGMA user_version", ver, e)) != 0 ||
	    (rc = query_int(s, "PRAGMA application_id", app, e)) != 0 ||
	    (rc = query_int(s, "SELECT count(*) FROM sqlite_schema", &objects,
			    e)) != 0)
		return rc;
	if (*app != EG_STORE_APP_ID && (*app != 0 || *ver != 0 || objects != 0))
		return eg_err_set(e, EG_E_PARSE,
				  _("%s is an SQLite database of another "
				    "program, not an ecguard store; give "
				    "another --store"),
				  s->path);
	if (*ver > SCHEMA_VERSION)
		return eg_err_set(e, EG_E_UNSUPPORTED,
				  _("store %s has schema version %lld, newer "
				    "than this ecguard knows (%d); use a newer "
				    "ecguard"),
				  s->path, (long long)*ver, SCHEMA_VERSION);
	if (*ver < 0)
		return eg_err_set(e, EG_E_PARSE,
				  _("store %s has an invalid schema version %lld"),
				  s->path, (long long)*ver);
	return 0;
}

/* Brings the schema to SCHEMA_VERSION. */
static int migrate(struct eg_store *s, struct eg_err *e)
{
	sqlite3_int64 ver = 0, app = 0;
	int rc;
	if ((rc = identify(s, &ver, &app, e)) != 0)
		return rc;
	if (ver == SCHEMA_VERSION && app == EG_STORE_APP_ID)
		return 0;
	/* Again under the write lock: another process may be migrating. */
	if ((rc = eg_store_exec(s, "BEGIN IMMEDIATE", _("migrating the schema"), e)) != 0)
		return rc;
	if ((rc = identify(s, &ver, &app, e)) != 0)
		goto out;
	for (int v = (int)ver; v < SCHEMA_VERSION; v++) {
		char what[64];
		snprintf(what, sizeof(what), _("migrating the schema to version %d"),
			 v + 1);
		for (size_t k = 0; migrations[v][k] != NULL; k++)
			if ((rc = eg_store_exec(s, migrations[v][k], what, e)) != 0)
				goto out;
	}
	/* Pragmas take no parameters; both values are our own constants. */
	char sql[96];
	snprintf(sql, sizeof(sql),
		 "PRAGMA user_version=%d; PRAGMA application_id=%d",
		 SCHEMA_VERSION, EG_STORE_APP_ID);
	if ((rc = eg_store_exec(s, sql, _("migrating the schema"), e)) != 0)
		goto out;
	rc = eg_store_exec(s, "COMMIT", _("migrating the schema"), e);
out:
	if (rc != 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Sets up the connection: WAL, foreign keys, durable commits. */
static int configure(struct eg_store *s, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s, "PRAGMA journal_mode=WAL", &st, e);
	if (rc != 0)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = eg_store_sql_fail(s, e, _("switching to WAL mode"));
	} else {
		const unsigned char *mode = sqlite3_column_text(st, 0);
		if (mode == NULL || strcmp((const char *)mode, "wal") != 0)
			rc = eg_err_set(e, EG_E_IO,
					_("store %s: the file system does not "
					  "support SQLite's WAL mode; put the "
					  "store on a local disk"),
					s->path);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	if ((rc = eg_store_exec(s, "PRAGMA foreign_keys=ON", _("configuring SQLite"),
		       e)) != 0)
		return rc;
	/* One fsync per commit: a stored run or record is an audit trail. */
	return eg_store_exec(s, "PRAGMA synchronous=FULL", _("configuring SQLite"), e);
}

int eg_store_open(const char *path, int flags, struct eg_store **out,
		  struct eg_err *e)
{
	*out = NULL;
	struct eg_store *s = NULL;
	struct eg_buf name;
	int fd = -1, rc;
	/* Whatever SQLite creates beside the file (-wal, -shm) is private. */
	mode_t old_mask = umask(077);
	eg_buf_init(&name, EG_PATH_MAX + 3);
	if (path == NULL || path[0] == '\0') {
		rc = eg_err_set(e, EG_E_INVAL, "%s", _("empty store path"));
		goto out;
	}
	if (strlen(path) >= EG_PATH_MAX) {
		rc = eg_err_set(e, EG_E_LIMIT, _("store path longer than %u bytes"),
				EG_PATH_MAX);
		goto out;
	}
	s = eg_calloc(1, sizeof(*s));
	if (s == NULL || (s->path = eg_strdup(path)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	if ((flags & EG_STORE_CREATE) && (flags & EG_STORE_MKDIRS) &&
	    (rc = make_parents(path, e)) != 0)
		goto out;
	struct stat st;
	if ((rc = open_file(path, flags, &fd, &st, e)) != 0)
		goto out;
	/* A relative name starting "file:" must not read as a URI. */
	if (path[0] != '/')
		eg_buf_adds(&name, "./");
	eg_buf_adds(&name, path);
	if (name.err != 0) {
		rc = eg_err_set(e, name.err, "%s", eg_strerror(name.err));
		goto out;
	}
	/* No SQLITE_OPEN_CREATE: the file exists, made by us, and SQLite
	 * must not make another if it was swapped for a link meanwhile. */
	int src = sqlite3_open_v2(eg_buf_str(&name), &s->db,
				  SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
				  NULL);
	if (src != SQLITE_OK) {
		if (s->db == NULL)
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		else
			rc = eg_store_sql_fail(s, e, _("opening"));
		goto out;
	}
	/* The file SQLite opened is the one we checked (not swapped). */
	struct stat now;
	memset(&now, 0, sizeof(now));
	if (lstat(path, &now) != 0 || now.st_dev != st.st_dev ||
	    now.st_ino != st.st_ino) {
		rc = S_ISLNK(now.st_mode) ? refuse_link(path, e)
					  : eg_err_set(e, EG_E_IO,
						       _("store %s was replaced "
							 "while being opened; try again"),
						       path);
		goto out;
	}
	/* Closed before SQLite takes any lock: closing a descriptor drops
	 * every POSIX lock the process holds on the file. */
	close(fd);
	fd = -1;
	/* Nothing is written (not even the switch to WAL) before the file
	 * is known to be ours or empty. */
	sqlite3_int64 ver, app;
	if ((rc = harden(s, e)) != 0 || (rc = identify(s, &ver, &app, e)) != 0 ||
	    (rc = configure(s, e)) != 0 || (rc = migrate(s, e)) != 0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	eg_buf_free(&name);
	eg_store_close(s);
	umask(old_mask);
	return rc;
}

void eg_store_close(struct eg_store *s)
{
	if (s == NULL)
		return;
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

/* ---- saving ---- */

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int bind_score(sqlite3_stmt *st, int i, int score)
{
	if (score < 0)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int(st, i, score);
}

/* Steps an INSERT whose parameters are bound, then resets it. */
static int insert(struct eg_store *s, sqlite3_stmt *st, int bind_rc,
		  const char *what, struct eg_err *e)
{
	int rc = 0;
	if (bind_rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == 0) {
		s->rows++;
		if (s->hook != NULL)
			s->hook(s->hook_arg, s->rows);
	}
	return rc;
}

static int validate_run(const struct eg_store *s, const struct eg_run *run,
			struct eg_err *e)
{
	if (run->id == NULL || run->id[0] == '\0' || run->started_at == NULL)
		return eg_err_set(e, EG_E_INVAL, "%s",
				  _("a run needs an id and a start time to be stored"));
	if (strlen(run->id) > EG_RUN_ID_MAX)
		return eg_err_set(e, EG_E_INVAL, _("run id longer than %u bytes"),
				  EG_RUN_ID_MAX);
	for (size_t i = 0; i < run->nchecks; i++) {
		if (run->checks[i].id == NULL)
			return eg_err_set(e, EG_E_INVAL,
					  _("check %zu of run %s has no id"), i,
					  run->id);
		for (size_t k = 0; k < run->checks[i].nmeasures; k++)
			if (run->checks[i].measures[k] == NULL)
				return eg_err_set(e, EG_E_INVAL,
						  _("check %s of run %s has an empty measure"),
						  run->checks[i].id, run->id);
	}
	int bad = run->score < -1 || run->score > 100;
	for (size_t i = 0; i < run->nthemes; i++)
		bad |= run->themes[i].score < -1 || run->themes[i].score > 100;
	if (bad)
		return eg_err_set(e, EG_E_INVAL,
				  _("run %s has a score outside 0-100"), run->id);
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].check >= run->nchecks)
			return eg_err_set(e, EG_E_INVAL,
					  _("result %zu of run %s points at no check"),
					  i, run->id);
	(void)s;
	return 0;
}

/* The statements of one save, finalized together. */
enum { INS_RUN, INS_CHECK, INS_CMEAS, INS_RESULT, INS_MEAS, INS_THEME, NINS };

static const char *const insert_sql[NINS] = {
	"INSERT INTO runs(id, started_at, finished_at, host, root, spec, "
	"version, score, records_upto) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"(SELECT max(id) FROM records))",
	"INSERT INTO run_checks(run_seq, idx, check_id, severity, kind, "
	"title_ja, title_en, rationale_ja, rationale_en, remediation_ja, "
	"remediation_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	"INSERT INTO run_check_measures(run_seq, check_idx, pos, measure_id) "
	"VALUES (?1, ?2, ?3, ?4)",
	"INSERT INTO results(run_seq, pos, check_idx, resource, status, "
	"reason, waiver) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO measure_status(run_seq, pos, measure_id, status, note, "
	"n_ok, n_alarm, n_info, n_skip, n_error, n_waived) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	"INSERT INTO theme_scores(run_seq, pos, theme_id, score, status) "
	"VALUES (?1, ?2, ?3, ?4, ?5)",
};

static int save_parts(struct eg_store *s, sqlite3_stmt **st,
		      const struct eg_run *run, struct eg_err *e)
{
	int rc, b;
	b = bind_text(st[INS_RUN], 1, run->id);
	b |= bind_text(st[INS_RUN], 2, run->started_at);
	b |= bind_text(st[INS_RUN], 3, run->finished_at);
	b |= bind_text(st[INS_RUN], 4, run->host);
	b |= bind_text(st[INS_RUN], 5, run->root);
	b |= bind_text(st[INS_RUN], 6, run->spec);
	b |= bind_text(st[INS_RUN], 7, run->version);
	b |= bind_score(st[INS_RUN], 8, run->score);
	int src = b == SQLITE_OK ? sqlite3_step(st[INS_RUN]) : b;
	if (src != SQLITE_DONE) {
		if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
			rc = eg_err_set(e, EG_E_INVAL,
					_("store %s already holds a run %s"),
					s->path, run->id);
		else
			rc = eg_store_sql_fail(s, e, _("saving the run"));
		sqlite3_reset(st[INS_RUN]);
		return rc;
	}
	sqlite3_reset(st[INS_RUN]);
	s->rows++;
	if (s->hook != NULL)
		s->hook(s->hook_arg, s->rows);
	sqlite3_int64 seq = sqlite3_last_insert_rowid(s->db);

	for (size_t i = 0; i < run->nchecks; i++) {
		const struct eg_run_check *c = &run->checks[i];
		sqlite3_stmt *q = st[INS_CHECK];
		b = sqlite3_bind_int64(q, 1, seq);
		b |= sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		b |= bind_text(q, 3, c->id);
		b |= bind_text(q, 4, eg_severity_name(c->severity));
		b |= bind_text(q, 5, eg_check_kind_name(c->kind));
		b |= bind_text(q, 6, c->title_ja);
		b |= bind_text(q, 7, c->title_en);
		b |= bind_text(q, 8, c->rationale_ja);
		b |= bind_text(q, 9, c->rationale_en);
		b |= bind_text(q, 10, c->remediation_ja);
		b |= bind_text(q, 11, c->remediation_en);
		if ((rc = insert(s, q, b, _("saving a check"), e)) != 0)
			return rc;
		for (size_t k = 0; k < c->nmeasures; k++) {
			q = st[INS_CMEAS];
			b = sqlite3_bind_int64(q, 1, seq);
			b |= sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
			b |= sqlite3_bind_int64(q, 3, (sqlite3_int64)k);
			b |= bind_text(q, 4, c->measures[k]);
			if ((rc = insert(s, q, b, _("saving a check"), e)) != 0)
				return rc;
		}
	}
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		sqlite3_stmt *q = st[INS_RESULT];
		b = sqlite3_bind_int64(q, 1, seq);
		b |= sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		b |= sqlite3_bind_int64(q, 3, (sqlite3_int64)r->check);
		b |= bind_text(q, 4, r->resource != NULL ? r->resource : "");
		b |= bind_text(q, 5, eg_status_name(r->status));
		b |= bind_text(q, 6, r->reason != NULL ? r->reason : "");
		b |= bind_text(q, 7, r->waiver);
		if ((rc = insert(s, q, b, _("saving a result"), e)) != 0)
			return rc;
	}
	for (size_t i = 0; i < run->nmeasures; i++) {
		const struct eg_run_measure *m = &run->measures[i];
		sqlite3_stmt *q = st[INS_MEAS];
		b = sqlite3_bind_int64(q, 1, seq);
		b |= sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		b |= sqlite3_bind_text(q, 3, m->id, (int)strnlen(m->id, sizeof(m->id)),
				       SQLITE_STATIC);
		b |= bind_text(q, 4, eg_mstatus_name(m->status));
		b |= bind_text(q, 5, m->note);
		b |= sqlite3_bind_int64(q, 6, (sqlite3_int64)m->ok);
		b |= sqlite3_bind_int64(q, 7, (sqlite3_int64)m->alarm);
		b |= sqlite3_bind_int64(q, 8, (sqlite3_int64)m->info);
		b |= sqlite3_bind_int64(q, 9, (sqlite3_int64)m->skip);
		b |= sqlite3_bind_int64(q, 10, (sqlite3_int64)m->error);
		b |= sqlite3_bind_int64(q, 11, (sqlite3_int64)m->waived);
		if ((rc = insert(s, q, b, _("saving a measure status"), e)) != 0)
			return rc;
	}
	for (size_t i = 0; i < run->nthemes; i++) {
		const struct eg_run_theme *t = &run->themes[i];
		sqlite3_stmt *q = st[INS_THEME];
		b = sqlite3_bind_int64(q, 1, seq);
		b |= sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		b |= sqlite3_bind_text(q, 3, t->id, (int)strnlen(t->id, sizeof(t->id)),
				       SQLITE_STATIC);
		b |= bind_score(q, 4, t->score);
		b |= bind_text(q, 5, eg_mstatus_name(t->status));
		if ((rc = insert(s, q, b, _("saving a theme score"), e)) != 0)
			return rc;
	}
	return 0;
}

/* 1 when the run covered the periodic measure and assessed another measure
 * of its theme (met, partially met or not met): the run was a periodic
 * check of that theme. The same rule as the run_check query of due.c. */
static int theme_checked(const struct eg_run *run, const char *measure)
{
	/* The periodic measure itself must be in the run: a run of one
	 * measure (--only T03.08) is no periodic check of T03. */
	size_t k = 0;
	while (k < run->nmeasures && strcmp(run->measures[k].id, measure) != 0)
		k++;
	if (k == run->nmeasures)
		return 0;
	for (size_t i = 0; i < run->nmeasures; i++) {
		const struct eg_run_measure *m = &run->measures[i];
		if (strncmp(m->id, measure, 3) == 0 &&
		    strcmp(m->id, measure) != 0 &&
		    (m->status == EG_MS_MET || m->status == EG_MS_PARTIAL ||
		     m->status == EG_MS_NOT_MET))
			return 1;
	}
	return 0;
}

/*
 * The run's own periodic-check record: kind periodic-check, dated the day
 * the run started, by "ecguard VERSION", for each periodic-check measure in
 * periodic[] whose theme the run assessed. Written before the run's row,
 * so the run's records_upto includes it. None when no theme was assessed.
 */
static int save_run_record(struct eg_store *s, const struct eg_run *run,
			   const char *const *periodic, size_t nperiodic,
			   struct eg_err *e)
{
	sqlite3_stmt *st = NULL, *mst = NULL;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < nperiodic; i++)
		n += theme_checked(run, periodic[i]);
	if (n == 0)
		return 0;
	char date[11], now[32], summary[160];
	snprintf(date, sizeof(date), "%.10s", run->started_at);
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (run->score >= 0)
		snprintf(summary, sizeof(summary), "audit run %s (score %d)",
			 run->id, run->score);
	else
		snprintf(summary, sizeof(summary), "audit run %s", run->id);
	char by[80];
	snprintf(by, sizeof(by), "ecguard %s",
		 run->version != NULL ? run->version : "");
	if ((rc = eg_store_prepare(s,
				   "INSERT INTO records(kind, date, performed_by, summary,"
				   " created_at, run_id) VALUES ('periodic-check', ?1,"
				   " ?5, ?2, ?3, ?4)", &st, e)) != 0 ||
	    (rc = eg_store_prepare(s,
				   "INSERT INTO record_measures(record_id, measure_id)"
				   " VALUES (?1, ?2)", &mst, e)) != 0)
		goto out;
	if (bind_text(st, 1, date) != SQLITE_OK ||
	    bind_text(st, 2, summary) != SQLITE_OK ||
	    bind_text(st, 3, now) != SQLITE_OK ||
	    bind_text(st, 4, run->id) != SQLITE_OK ||
	    bind_text(st, 5, by) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("saving the run"));
		goto out;
	}
	sqlite3_int64 rid = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < nperiodic; i++) {
		if (!theme_checked(run, periodic[i]))
			continue;
		sqlite3_reset(mst);
		if (sqlite3_bind_int64(mst, 1, rid) != SQLITE_OK ||
		    bind_text(mst, 2, periodic[i]) != SQLITE_OK ||
		    sqlite3_step(mst) != SQLITE_DONE) {
			rc = eg_store_sql_fail(s, e, _("saving the run"));
			goto out;
		}
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(mst);
	return rc;
}

int eg_store_save_run(struct eg_store *s, const struct eg_run *run,
		      struct eg_err *e)
{
	return eg_store_save_audit(s, run, NULL, 0, e);
}

int eg_store_save_audit(struct eg_store *s, const struct eg_run *run,
			const char *const *periodic, size_t nperiodic,
			struct eg_err *e)
{
	sqlite3_stmt *st[NINS] = {NULL};
	int rc, began = 0;
	if ((rc = validate_run(s, run, e)) != 0)
		return rc;
	for (int i = 0; i < NINS; i++)
		if ((rc = eg_store_prepare(s, insert_sql[i], &st[i], e)) != 0)
			goto out;
	if ((rc = eg_store_exec(s, "BEGIN IMMEDIATE", _("saving the run"), e)) != 0)
		goto out;
	began = 1;
	s->rows = 0;
	if ((rc = save_run_record(s, run, periodic, nperiodic, e)) != 0 ||
	    (rc = save_parts(s, st, run, e)) != 0)
		goto out;
	rc = eg_store_exec(s, "COMMIT", _("saving the run"), e);
	if (rc == 0)
		began = 0;
out:
	for (int i = 0; i < NINS; i++)
		sqlite3_finalize(st[i]);
	if (began)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- loading ---- */

/*
 * Text of column i: *v is NULL for SQL NULL. Returns 0 or EG_E_NOMEM (SQLite
 * could not convert the value).
 */
static int col_text(sqlite3_stmt *st, int i, const char **v)
{
	*v = (const char *)sqlite3_column_text(st, i);
	if (*v == NULL && sqlite3_column_type(st, i) != SQLITE_NULL)
		return EG_E_NOMEM;
	return 0;
}

static int damaged(struct eg_store *s, struct eg_err *e, const char *run_id,
		   const char *what)
{
	return eg_err_set(e, EG_E_PARSE,
			  _("store %s: run %s: %s; the store was damaged or "
			    "edited by hand"),
			  s->path, run_id, what);
}

/* The seq of the first row of sql (one optional text parameter, p); *found
 * is 0 when there is none. */
static int first_seq(struct eg_store *s, const char *sql, const char *p,
		     sqlite3_int64 *seq, int *found, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	*found = 0;
	int rc = eg_store_prepare(s, sql, &st, e);
	if (rc != 0)
		return rc;
	if (p != NULL && bind_text(st, 1, p) != SQLITE_OK) {
		rc = eg_store_sql_fail(s, e, _("finding the run"));
		goto out;
	}
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		*found = 1;
	} else if (src != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("finding the run"));
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* The run whose id starts with ref, when exactly one does. */
static int find_prefix(struct eg_store *s, const char *ref, sqlite3_int64 *seq,
		       int *found, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	struct eg_buf ids;
	size_t n = 0;
	int src;
	*found = 0;
	eg_buf_init(&ids, EG_ERRMSG_MAX);
	int rc = eg_store_prepare(s,
			 "SELECT seq, id FROM runs WHERE "
			 "substr(id, 1, length(?1)) = ?1" NEWEST_FIRST " LIMIT 4",
			 &st, e);
	if (rc != 0)
		goto out;
	if (bind_text(st, 1, ref) != SQLITE_OK) {
		rc = eg_store_sql_fail(s, e, _("finding the run"));
		goto out;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		if (n++ == 0)
			*seq = sqlite3_column_int64(st, 0);
		eg_buf_addf(&ids, "%s%s", n > 1 ? ", " : "",
			    n < 4 ? (id != NULL ? id : "") : "...");
	}
	if (src != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("finding the run"));
		goto out;
	}
	if (n > 1) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("run \"%.*s\" is ambiguous in store %s: "
				  "several ids start so (%s); give more of "
				  "the id"),
				EG_QUOTE_MAX, ref, s->path, eg_buf_str(&ids));
		goto out;
	}
	*found = n == 1;
out:
	sqlite3_finalize(st);
	eg_buf_free(&ids);
	return rc;
}

/* Resolves ref (see eg_store_load_run) to the run's seq. */
static int find_run(struct eg_store *s, const char *ref, sqlite3_int64 *seq,
		    struct eg_err *e)
{
	int rc, found = 0;
	if (ref == NULL || strcmp(ref, "latest") == 0) {
		rc = first_seq(s, "SELECT seq FROM runs" NEWEST_FIRST " LIMIT 1",
			       NULL, seq, &found, e);
		if (rc == 0 && !found)
			rc = eg_err_set(e, EG_E_NOTFOUND,
					_("store %s holds no runs yet; `ecguard "
					  "audit` stores one"),
					s->path);
		return rc;
	}
	if (strcmp(ref, "previous") == 0) {
		rc = first_seq(s,
			       "SELECT seq FROM runs" NEWEST_FIRST
			       " LIMIT 1 OFFSET 1",
			       NULL, seq, &found, e);
		if (rc == 0 && !found)
			rc = eg_err_set(e, EG_E_NOTFOUND,
					_("store %s holds fewer than two runs; "
					  "there is no previous run"),
					s->path);
		return rc;
	}
	if (ref[0] != '\0' && strlen(ref) <= EG_RUN_ID_MAX) {
		rc = first_seq(s, "SELECT seq FROM runs WHERE id = ?1", ref,
			       seq, &found, e);
		if (rc == 0 && !found)
			rc = find_prefix(s, ref, seq, &found, e);
		if (rc != 0 || found)
			return rc;
	}
	return eg_err_set(e, EG_E_NOTFOUND,
			  _("store %s holds no run \"%.*s\"; `ecguard history` "
			    "lists the runs"),
			  s->path, EG_QUOTE_MAX, ref);
}

static int load_header(struct eg_store *s, sqlite3_int64 seq,
		       struct eg_run *run, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT id, started_at, finished_at, host, root, spec, "
			 "version, score FROM runs WHERE seq = ?1",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = eg_store_sql_fail(s, e, _("loading the run"));
		goto out;
	}
	char **fields[] = {&run->id, &run->started_at, &run->finished_at,
			   &run->host, &run->root, &run->spec, &run->version};
	for (int i = 0; i < 7; i++) {
		const char *v;
		if (col_text(st, i, &v) != 0 || eg_run_set(fields[i], v) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (sqlite3_column_type(st, 7) == SQLITE_NULL) {
		run->score = -1;
	} else {
		sqlite3_int64 sc = sqlite3_column_int64(st, 7);
		if (sc < 0 || sc > 100) {
			rc = damaged(s, e, run->id, _("score out of range"));
			goto out;
		}
		run->score = (int)sc;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

static int load_checks(struct eg_store *s, sqlite3_int64 seq,
		       struct eg_run *run, struct eg_err *e)
{
	sqlite3_stmt *st = NULL, *ms = NULL;
	char **measures = NULL;
	size_t nmeasures = 0, cap = 0;
	int rc;
	if ((rc = eg_store_prepare(s,
			  "SELECT idx, check_id, severity, kind, title_ja, "
			  "title_en, rationale_ja, rationale_en, remediation_ja, "
			  "remediation_en FROM run_checks WHERE run_seq = ?1 "
			  "ORDER BY idx",
			  &st, e)) != 0 ||
	    (rc = eg_store_prepare(s,
			  "SELECT measure_id FROM run_check_measures "
			  "WHERE run_seq = ?1 AND check_idx = ?2 ORDER BY pos",
			  &ms, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(ms, 1, seq);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_run_check c;
		memset(&c, 0, sizeof(c));
		const char *sev, *kind;
		if (sqlite3_column_int64(st, 0) != (sqlite3_int64)run->nchecks) {
			rc = damaged(s, e, run->id, _("its checks are not numbered 0, 1, 2..."));
			goto out;
		}
		const char **texts[] = {(const char **)&c.id, &sev, &kind,
					(const char **)&c.title_ja,
					(const char **)&c.title_en,
					(const char **)&c.rationale_ja,
					(const char **)&c.rationale_en,
					(const char **)&c.remediation_ja,
					(const char **)&c.remediation_en};
		for (int i = 0; i < 9; i++)
			if (col_text(st, i + 1, texts[i]) != 0) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
		if (c.id == NULL || eg_severity_parse(sev, &c.severity) != 0 ||
		    eg_check_kind_parse(kind, &c.kind) != 0) {
			rc = damaged(s, e, run->id, _("a check has no id, or an unknown severity or kind"));
			goto out;
		}
		sqlite3_bind_int64(ms, 2, (sqlite3_int64)run->nchecks);
		while ((src = sqlite3_step(ms)) == SQLITE_ROW) {
			const char *m;
			if (nmeasures == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				char **p = eg_reallocarray(measures, ncap,
							   sizeof(*p));
				if (p == NULL) {
					rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
					goto out;
				}
				measures = p;
				cap = ncap;
			}
			if (col_text(ms, 0, &m) != 0 || m == NULL ||
			    (measures[nmeasures] = eg_strdup(m)) == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
			nmeasures++;
		}
		sqlite3_reset(ms);
		if (src != SQLITE_DONE) {
			rc = eg_store_sql_fail(s, e, _("loading the run"));
			goto out;
		}
		c.measures = measures;
		c.nmeasures = nmeasures;
		if (eg_run_add_check(run, &c, NULL) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < nmeasures; k++)
			free(measures[k]);
		nmeasures = 0;
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the run"));
out:
	for (size_t k = 0; k < nmeasures; k++)
		free(measures[k]);
	free(measures);
	sqlite3_finalize(st);
	sqlite3_finalize(ms);
	return rc;
}

static int load_results(struct eg_store *s, sqlite3_int64 seq,
			struct eg_run *run, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT check_idx, resource, status, reason, waiver "
			 "FROM results WHERE run_seq = ?1 ORDER BY pos",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *res, *status, *reason, *waiver;
		enum eg_status stv;
		sqlite3_int64 ci = sqlite3_column_int64(st, 0);
		if (col_text(st, 1, &res) != 0 || col_text(st, 2, &status) != 0 ||
		    col_text(st, 3, &reason) != 0 || col_text(st, 4, &waiver) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		if (ci < 0 || (sqlite3_uint64)ci >= run->nchecks ||
		    eg_status_parse(status, &stv) != 0) {
			rc = damaged(s, e, run->id,
				     _("a result names no check or has an unknown status"));
			goto out;
		}
		if (eg_run_add_result(run, (size_t)ci, res, stv, reason,
				      waiver) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the run"));
out:
	sqlite3_finalize(st);
	return rc;
}

static int load_measures(struct eg_store *s, sqlite3_int64 seq,
			 struct eg_run *run, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT measure_id, status, note, n_ok, n_alarm, n_info, "
			 "n_skip, n_error, n_waived FROM measure_status "
			 "WHERE run_seq = ?1 ORDER BY pos",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_run_measure m;
		memset(&m, 0, sizeof(m));
		const char *id, *status, *note;
		if (col_text(st, 0, &id) != 0 || col_text(st, 1, &status) != 0 ||
		    col_text(st, 2, &note) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		size_t *counts[] = {&m.ok, &m.alarm, &m.info, &m.skip, &m.error,
				    &m.waived};
		int bad = id == NULL || strlen(id) >= sizeof(m.id) ||
			  eg_mstatus_parse(status, &m.status) != 0;
		for (int i = 0; i < 6 && !bad; i++) {
			sqlite3_int64 v = sqlite3_column_int64(st, 3 + i);
			bad = v < 0;
			*counts[i] = (size_t)v;
		}
		if (bad) {
			rc = damaged(s, e, run->id, _("a measure status is invalid"));
			goto out;
		}
		memcpy(m.id, id, strlen(id) + 1);
		m.note = (char *)note;   /* copied by eg_run_add_measure */
		if (eg_run_add_measure(run, &m) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the run"));
out:
	sqlite3_finalize(st);
	return rc;
}

static int load_themes(struct eg_store *s, sqlite3_int64 seq,
		       struct eg_run *run, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT theme_id, score, status FROM theme_scores "
			 "WHERE run_seq = ?1 ORDER BY pos",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_run_theme t;
		memset(&t, 0, sizeof(t));
		const char *id, *status;
		if (col_text(st, 0, &id) != 0 || col_text(st, 2, &status) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		sqlite3_int64 sc = sqlite3_column_type(st, 1) == SQLITE_NULL
					   ? -1
					   : sqlite3_column_int64(st, 1);
		if (id == NULL || strlen(id) >= sizeof(t.id) || sc < -1 ||
		    sc > 100 || eg_mstatus_parse(status, &t.status) != 0) {
			rc = damaged(s, e, run->id, _("a theme score is invalid"));
			goto out;
		}
		memcpy(t.id, id, strlen(id) + 1);
		t.score = (int)sc;
		if (eg_run_add_theme(run, &t) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the run"));
out:
	sqlite3_finalize(st);
	return rc;
}

int eg_store_load_run(struct eg_store *s, const char *ref,
		      struct eg_run **out, struct eg_err *e)
{
	*out = NULL;
	sqlite3_int64 seq;
	int rc, began = 0;
	struct eg_run *run = NULL;
	/* One read transaction (a savepoint, so a caller's transaction may
	 * hold it): the run is seen whole even while another process saves. */
	if ((rc = eg_store_exec(s, "SAVEPOINT load_run", _("loading the run"), e)) != 0)
		goto out;
	began = 1;
	if ((rc = find_run(s, ref, &seq, e)) != 0)
		goto out;
	if ((run = eg_run_new()) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = load_header(s, seq, run, e)) != 0 ||
	    (rc = load_checks(s, seq, run, e)) != 0 ||
	    (rc = load_results(s, seq, run, e)) != 0 ||
	    (rc = load_measures(s, seq, run, e)) != 0 ||
	    (rc = load_themes(s, seq, run, e)) != 0)
		goto out;
	*out = run;
	run = NULL;
out:
	if (began)
		sqlite3_exec(s->db, "RELEASE load_run", NULL, NULL, NULL);
	eg_run_free(run);
	return rc;
}

/* ---- listing ---- */

static sqlite3_int64 limit_of(size_t n)
{
	return n == 0 || n > (size_t)INT64_MAX ? -1 : (sqlite3_int64)n;
}

void eg_store_run_infos_free(struct eg_store_run_info *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].started_at);
		free(v[i].finished_at);
		free(v[i].host);
	}
	free(v);
}

/* Open and waived alarms of one run, by severity. */
static int count_alarms(struct eg_store *s, sqlite3_stmt *cnt,
			sqlite3_int64 seq, struct eg_store_run_info *ri,
			struct eg_err *e)
{
	int src, rc = 0;
	sqlite3_bind_int64(cnt, 1, seq);
	while ((src = sqlite3_step(cnt)) == SQLITE_ROW) {
		const char *sev = (const char *)sqlite3_column_text(cnt, 0);
		const char *status = (const char *)sqlite3_column_text(cnt, 1);
		sqlite3_int64 n = sqlite3_column_int64(cnt, 2);
		enum eg_severity sv;
		if (n < 0 || eg_severity_parse(sev, &sv) != 0)
			continue;
		if (status != NULL && strcmp(status, "waived") == 0)
			ri->waived += (size_t)n;
		else
			ri->alarms[sv] += (size_t)n;
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("listing the runs"));
	sqlite3_reset(cnt);
	return rc;
}

int eg_store_list_runs(struct eg_store *s, size_t limit,
		       struct eg_store_run_info **out, size_t *n,
		       struct eg_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL, *cnt = NULL;
	struct eg_store_run_info *v = NULL;
	size_t nv = 0, cap = 0;
	int rc, began = 0, src;
	if ((rc = eg_store_exec(s, "SAVEPOINT list_runs", _("listing the runs"), e)) != 0)
		goto out;
	began = 1;
	if ((rc = eg_store_prepare(s,
			  "SELECT seq, id, started_at, finished_at, host, score "
			  "FROM runs" NEWEST_FIRST " LIMIT ?1",
			  &st, e)) != 0 ||
	    (rc = eg_store_prepare(s,
			  "SELECT c.severity, x.status, count(*) FROM results x "
			  "JOIN run_checks c ON c.run_seq = x.run_seq AND "
			  "c.idx = x.check_idx WHERE x.run_seq = ?1 AND "
			  "x.status IN ('alarm', 'waived') "
			  "GROUP BY c.severity, x.status",
			  &cnt, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, limit_of(limit));
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct eg_store_run_info *p =
				eg_reallocarray(v, ncap, sizeof(*p));
			if (p == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
			v = p;
			cap = ncap;
		}
		struct eg_store_run_info *ri = &v[nv];
		memset(ri, 0, sizeof(*ri));
		nv++;
		const char *t[4];
		char **dst[] = {&ri->id, &ri->started_at, &ri->finished_at,
				&ri->host};
		for (int i = 0; i < 4; i++)
			if (col_text(st, i + 1, &t[i]) != 0 ||
			    eg_run_set(dst[i], t[i]) != 0) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
		ri->score = sqlite3_column_type(st, 5) == SQLITE_NULL
				    ? -1
				    : sqlite3_column_int(st, 5);
		if ((rc = count_alarms(s, cnt, sqlite3_column_int64(st, 0), ri,
				       e)) != 0)
			goto out;
	}
	if (src != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("listing the runs"));
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(cnt);
	if (began)
		sqlite3_exec(s->db, "RELEASE list_runs", NULL, NULL, NULL);
	eg_store_run_infos_free(v, nv);
	return rc;
}

void eg_store_trend_free(struct eg_store_trend_point *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].started_at);
	}
	free(v);
}

int eg_store_trend(struct eg_store *s, size_t last,
		   struct eg_store_trend_point **out, size_t *n,
		   struct eg_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	struct eg_store_trend_point *v = NULL;
	size_t nv = 0, cap = 0;
	int src;
	int rc = eg_store_prepare(s,
			 "SELECT id, started_at, score FROM (SELECT seq, id, "
			 "started_at, score FROM runs" NEWEST_FIRST
			 " LIMIT ?1) ORDER BY started_at, seq",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, limit_of(last));
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct eg_store_trend_point *p =
				eg_reallocarray(v, ncap, sizeof(*p));
			if (p == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
			v = p;
			cap = ncap;
		}
		struct eg_store_trend_point *tp = &v[nv];
		memset(tp, 0, sizeof(*tp));
		nv++;
		const char *id, *at;
		if (col_text(st, 0, &id) != 0 || col_text(st, 1, &at) != 0 ||
		    eg_run_set(&tp->id, id) != 0 ||
		    eg_run_set(&tp->started_at, at) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		tp->score = sqlite3_column_type(st, 2) == SQLITE_NULL
				    ? -1
				    : sqlite3_column_int(st, 2);
	}
	if (src != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("reading the score trend"));
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	sqlite3_finalize(st);
	eg_store_trend_free(v, nv);
	return rc;
}
