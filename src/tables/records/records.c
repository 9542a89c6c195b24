/*
 * records.c: the evidence of the organisational measures, as SQL.
 *
 *   records        one row per record of the store (education, audit,
 *                  drill, review, periodic-check, partner-review, budget,
 *                  incident, media-disposal, physical-access-review, other),
 *                  and one row per stored audit run, which is itself a
 *                  periodic-check record (issue 7)
 *   record_evidence  one row per evidence file of a record, with its
 *                  expiry (the evidence expiries `ecguard status` lists)
 *   records_store  one row: whether a store is attached at all
 *
 * Both read the store the engine's owner attached as userdata "store" (a
 * struct eg_store *, store.h), through its connection and bound parameters
 * only. The rules the attestation checks rely on:
 *
 * - No store (`audit --no-store`, `ecguard query`): records has no rows and
 *   records_store says available = 0. A check must then give `skip` ("no
 *   records store"), never `ok` (nothing was looked at) and never `alarm`
 *   (nobody said nothing happened). Hence the second table: an empty
 *   records table alone cannot tell "no store" from "a store with no
 *   record", and only the latter is an alarm.
 * - A record is corrected only by a new record that supersedes it; the old
 *   one stays, with superseded = 1, and checks ignore it.
 * - measures is the comma-joined, sorted list of the measure IDs the record
 *   evidences (record_measures); theme the themes of those measures. A
 *   record evidences only the measures it lists: a record with none
 *   evidences nothing (measures and theme NULL). Measure IDs that are not in
 *   the catalogue are left out with a warning.
 * - An audit run evidences the periodic-check measure (T02.11, T03.11, ...)
 *   of each theme it actually looked at: the measure was selected in the run
 *   (it has a measure status) and at least one other measure of its theme
 *   was assessed (met, partial or not_met). So `audit --only T02` evidences
 *   T02.11, `audit --only T02.07` and `audit --only T02.11` do not. Its date
 *   is the UTC date of started_at; id is NULL, run_id the run's id. A run
 *   that a stored record already stands for (records.run_id) is not listed
 *   twice. The audit that is running is not in the store yet: its checks see
 *   the runs before it.
 * - A record whose date is not a real date is left out with a warning.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "../../core/catalog.h"
#include "../../core/store.h"
#include "../../util/buf.h"
#include "../../util/duration.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "records_tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Themes one run is folded over: the catalogue loader accepts at most 99. */
#define RUN_MAX_THEMES 100

enum { R_ID, R_KIND, R_DATE, R_MEASURES, R_THEME, R_BY, R_SUMMARY,
       R_SUPERSEDED, R_RUN_ID, R_SOURCE, R_SCOPE };

static const struct eg_column record_cols[] = {
	{"id", EG_INT, 0, "record id in the store; NULL for an audit run that no record stands for"},
	{"kind", EG_TEXT, 0, "education, audit, drill, review, periodic-check, partner-review, budget, incident, media-disposal, physical-access-review or other"},
	{"date", EG_TEXT, 0, "effective date YYYY-MM-DD (an audit run: UTC date it started)"},
	{"measures", EG_TEXT, 0, "measure IDs it evidences, sorted, comma-joined (an audit run: the periodic-check measures of the themes it assessed); NULL when none"},
	{"theme", EG_TEXT, 0, "theme IDs of those measures, comma-joined; NULL when none"},
	{"by_name", EG_TEXT, 0, "who performed it (an audit run: ecguard and its version)"},
	{"summary", EG_TEXT, 0, "what was done"},
	{"superseded", EG_INT, 0, "1 when a later record corrects it (checks ignore it), else 0"},
	{"run_id", EG_TEXT, 0, "the audit run it comes from, NULL for a record entered by hand"},
	{"source", EG_TEXT, 0, "record (entered) or run (an audit run stored without a record of its own)"},
	{"scope", EG_TEXT, 0, "what the record is about besides measures: a secret's name (a rotation), a partner, attendees; NULL when not stated"},
};

static const struct eg_catalog *catalog(struct eg_tctx *ctx)
{
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *c = eg_catalog_builtin(&e);
	if (c == NULL)
		eg_tctx_error(ctx, EG_E_INTERNAL, "%s", eg_err_msg(&e));
	return c;
}

static int sql_error(struct eg_tctx *ctx, struct eg_store *st)
{
	return eg_tctx_error(ctx, EG_E_SQL,
			     _("cannot read the records of the store %s: %s; check the file with 'ecguard records --store FILE', or restore it from a backup"),
			     eg_store_path(st), sqlite3_errmsg(eg_store_db(st)));
}

/* Appends id to the comma-joined measures and its theme to themes (the IDs
 * come sorted, so a theme repeats only right after itself). */
static void add_measure(struct eg_buf *measures, struct eg_buf *themes,
			const char *id)
{
	if (measures->len > 0)
		eg_buf_addc(measures, ',');
	eg_buf_adds(measures, id);
	size_t tl = themes->len;
	if (tl >= 3 && memcmp(themes->data + tl - 3, id, 3) == 0)
		return;
	if (tl > 0)
		eg_buf_addc(themes, ',');
	eg_buf_add(themes, id, 3);
}

/* A text column, "" for NULL. */
static const char *col_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s != NULL ? s : "";
}

/* The records entered in the store. */
static int emit_records(struct eg_tctx *ctx, struct eg_store *st,
			const struct eg_catalog *cat)
{
	static const char sql_rec[] =
		"SELECT r.id, r.kind, r.date, r.performed_by, r.summary,"
		" r.run_id,"
		" EXISTS (SELECT 1 FROM records s WHERE s.supersedes = r.id),"
		" r.scope"
		" FROM records r ORDER BY r.date, r.id";
	static const char sql_mea[] =
		"SELECT measure_id FROM record_measures WHERE record_id = ?"
		" ORDER BY measure_id";
	sqlite3 *db = eg_store_db(st);
	sqlite3_stmt *q = NULL, *m = NULL;
	struct eg_buf measures, themes;
	eg_buf_init(&measures, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&themes, EG_BUF_DEFAULT_MAX);
	int rc = 0, s;
	if (sqlite3_prepare_v2(db, sql_rec, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql_mea, -1, &m, NULL) != SQLITE_OK) {
		rc = sql_error(ctx, st);
		goto out;
	}
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(q, 0);
		const char *date = col_text(q, 2);
		int32_t days;
		if (eg_date_parse(date, &days) != 0) {
			eg_tctx_warn(ctx, _("record %lld has the date \"%.*s\", which is not a date; left out"),
				     (long long)id, EG_QUOTE_MAX, date);
			continue;
		}
		eg_buf_reset(&measures);
		eg_buf_reset(&themes);
		sqlite3_reset(m);
		sqlite3_bind_int64(m, 1, id);
		while ((s = sqlite3_step(m)) == SQLITE_ROW) {
			const char *mid = col_text(m, 0);
			if (eg_catalog_find_measure(cat, mid) == NULL) {
				eg_tctx_warn(ctx, _("record %lld names \"%.*s\", which is no measure of the catalogue; left out"),
					     (long long)id, EG_QUOTE_MAX, mid);
				continue;
			}
			add_measure(&measures, &themes, mid);
		}
		if (s != SQLITE_DONE) {
			rc = sql_error(ctx, st);
			goto out;
		}
		if (measures.err != 0 || themes.err != 0) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
			goto out;
		}
		eg_row_begin(ctx);
		eg_row_int(ctx, R_ID, id);
		eg_row_text(ctx, R_KIND, (const char *)sqlite3_column_text(q, 1));
		eg_row_text(ctx, R_DATE, date);
		if (measures.len > 0) {
			eg_row_text(ctx, R_MEASURES, eg_buf_str(&measures));
			eg_row_text(ctx, R_THEME, eg_buf_str(&themes));
		}
		eg_row_text(ctx, R_BY, (const char *)sqlite3_column_text(q, 3));
		eg_row_text(ctx, R_SUMMARY, (const char *)sqlite3_column_text(q, 4));
		eg_row_int(ctx, R_SUPERSEDED, sqlite3_column_int(q, 6) != 0);
		eg_row_text(ctx, R_RUN_ID, (const char *)sqlite3_column_text(q, 5));
		eg_row_text(ctx, R_SOURCE, "record");
		eg_row_text(ctx, R_SCOPE, (const char *)sqlite3_column_text(q, 7));
		if ((rc = eg_row_end(ctx)) != 0)
			goto out;
	}
	if (s != SQLITE_DONE)
		rc = sql_error(ctx, st);
out:
	sqlite3_finalize(q);
	sqlite3_finalize(m);
	eg_buf_free(&measures);
	eg_buf_free(&themes);
	return rc;
}

/* The periodic-check measures one run evidences (see the file comment),
 * into measures/themes. Returns 0 or the error of eg_tctx_error. */
static int run_measures(struct eg_tctx *ctx, struct eg_store *st,
			const struct eg_catalog *cat, sqlite3_stmt *m,
			sqlite3_int64 seq, struct eg_buf *measures,
			struct eg_buf *themes)
{
	/* Per theme: its periodic-check measure when the run selected it, and
	 * whether another measure of the theme was assessed. */
	const char *check[RUN_MAX_THEMES];
	unsigned char assessed[RUN_MAX_THEMES];
	size_t nt = eg_catalog_nthemes(cat);
	if (nt > RUN_MAX_THEMES)
		nt = RUN_MAX_THEMES;
	memset(check, 0, sizeof(check));
	memset(assessed, 0, sizeof(assessed));
	sqlite3_reset(m);
	sqlite3_bind_int64(m, 1, seq);
	int s;
	while ((s = sqlite3_step(m)) == SQLITE_ROW) {
		const struct eg_measure *me =
			eg_catalog_find_measure(cat, col_text(m, 0));
		if (me == NULL || me->theme < 0 || (size_t)me->theme >= nt)
			continue;
		const char *status = col_text(m, 1);
		if (strcmp(me->kind, "periodic-check") == 0)
			check[me->theme] = me->id;
		else if (strcmp(status, "met") == 0 ||
			 strcmp(status, "partial") == 0 ||
			 strcmp(status, "not_met") == 0)
			assessed[me->theme] = 1;
	}
	if (s != SQLITE_DONE)
		return sql_error(ctx, st);
	for (size_t t = 0; t < nt; t++)
		if (check[t] != NULL && assessed[t])
			add_measure(measures, themes, check[t]);
	return 0;
}

/* Every stored audit run that no record stands for, as a periodic-check
 * record. */
static int emit_runs(struct eg_tctx *ctx, struct eg_store *st,
		     const struct eg_catalog *cat)
{
	static const char sql_run[] =
		"SELECT r.seq, r.id, r.started_at, r.host, r.version, r.score"
		" FROM runs r"
		" WHERE NOT EXISTS (SELECT 1 FROM records x WHERE x.run_id = r.id)"
		" ORDER BY r.started_at, r.seq";
	static const char sql_mea[] =
		"SELECT measure_id, status FROM measure_status WHERE run_seq = ?";
	sqlite3 *db = eg_store_db(st);
	sqlite3_stmt *q = NULL, *m = NULL;
	struct eg_buf measures, themes, by, summary;
	eg_buf_init(&measures, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&themes, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&by, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&summary, EG_BUF_DEFAULT_MAX);
	int rc = 0, s;
	if (sqlite3_prepare_v2(db, sql_run, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql_mea, -1, &m, NULL) != SQLITE_OK) {
		rc = sql_error(ctx, st);
		goto out;
	}
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const char *run_id = col_text(q, 1);
		const char *started = col_text(q, 2);
		char date[11];
		int32_t days;
		snprintf(date, sizeof(date), "%s", started);
		if (eg_date_parse(date, &days) != 0) {
			eg_tctx_warn(ctx, _("audit run %.*s started at \"%.*s\", which is not a date; left out"),
				     EG_QUOTE_MAX, run_id, EG_QUOTE_MAX, started);
			continue;
		}
		eg_buf_reset(&measures);
		eg_buf_reset(&themes);
		eg_buf_reset(&by);
		eg_buf_reset(&summary);
		rc = run_measures(ctx, st, cat, m, sqlite3_column_int64(q, 0),
				  &measures, &themes);
		if (rc != 0)
			goto out;
		eg_buf_adds(&by, "ecguard");
		if (sqlite3_column_type(q, 4) != SQLITE_NULL)
			eg_buf_addf(&by, " %s", col_text(q, 4));
		eg_buf_addf(&summary, "audit run of %s",
			    sqlite3_column_type(q, 3) != SQLITE_NULL
				    ? col_text(q, 3) : "an unnamed host");
		if (sqlite3_column_type(q, 5) != SQLITE_NULL)
			eg_buf_addf(&summary, ", score %d", sqlite3_column_int(q, 5));
		if (measures.err != 0 || themes.err != 0 || by.err != 0 ||
		    summary.err != 0) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
			goto out;
		}
		eg_row_begin(ctx);
		eg_row_text(ctx, R_KIND, "periodic-check");
		eg_row_text(ctx, R_DATE, date);
		if (measures.len > 0) {
			eg_row_text(ctx, R_MEASURES, eg_buf_str(&measures));
			eg_row_text(ctx, R_THEME, eg_buf_str(&themes));
		}
		eg_row_text(ctx, R_BY, eg_buf_str(&by));
		eg_row_text(ctx, R_SUMMARY, eg_buf_str(&summary));
		eg_row_int(ctx, R_SUPERSEDED, 0);
		eg_row_text(ctx, R_RUN_ID, run_id);
		eg_row_text(ctx, R_SOURCE, "run");
		if ((rc = eg_row_end(ctx)) != 0)
			goto out;
	}
	if (s != SQLITE_DONE)
		rc = sql_error(ctx, st);
out:
	sqlite3_finalize(q);
	sqlite3_finalize(m);
	eg_buf_free(&measures);
	eg_buf_free(&themes);
	eg_buf_free(&by);
	eg_buf_free(&summary);
	return rc;
}

static int records_gen(struct eg_tctx *ctx)
{
	struct eg_store *st = eg_tctx_userdata(ctx, "store");
	if (st == NULL)
		return 0; /* no store: no rows; records_store says why */
	const struct eg_catalog *cat = catalog(ctx);
	if (cat == NULL)
		return EG_E_INTERNAL;
	int rc = emit_records(ctx, st, cat);
	if (rc == 0)
		rc = emit_runs(ctx, st, cat);
	return rc;
}

const struct eg_table_def eg_table_records = {
	.name = "records",
	.description = "Records of organisational measures from the store, and every stored audit run as a periodic-check record; no rows without a store (see records_store)",
	.columns = record_cols,
	.ncolumns = COUNT(record_cols),
	.generate = records_gen,
};

/* record_evidence ------------------------------------------------------ */

enum { V_RECORD_ID, V_PATH, V_SIZE, V_SHA256, V_EXPIRES, V_DATE, V_KIND,
       V_SUPERSEDED };

static const struct eg_column evidence_cols[] = {
	{"record_id", EG_INT, 0, "the record the evidence file belongs to"},
	{"path", EG_TEXT, 0, "absolute path of the evidence file as recorded"},
	{"size", EG_INT, 0, "its size in bytes when it was recorded"},
	{"sha256", EG_TEXT, 0, "its SHA-256 when it was recorded (ecguard evidence verify re-hashes)"},
	{"expires", EG_TEXT, 0, "last day YYYY-MM-DD the evidence is valid, NULL when it does not expire"},
	{"date", EG_TEXT, 0, "effective date of the record"},
	{"kind", EG_TEXT, 0, "kind of the record"},
	{"superseded", EG_INT, 0, "1 when a later record corrects the record (its evidence no longer counts), else 0"},
};

/* Every evidence file of the store with its record's date and whether the
 * record is superseded: what `ecguard status` lists as evidence expiries
 * (core/due.c), so the attestation check on them sees the same rows. An
 * expiry that is not a real date is left out with a warning, as due.c
 * leaves it out. */
static int evidence_gen(struct eg_tctx *ctx)
{
	static const char sql[] =
		"SELECT v.record_id, v.path, v.size, v.sha256, v.expires,"
		" r.date, r.kind,"
		" EXISTS (SELECT 1 FROM records s WHERE s.supersedes = r.id)"
		" FROM evidence v JOIN records r ON r.id = v.record_id"
		" ORDER BY v.expires, v.id";
	struct eg_store *st = eg_tctx_userdata(ctx, "store");
	sqlite3_stmt *q = NULL;
	int rc = 0, s;
	if (st == NULL)
		return 0;
	if (sqlite3_prepare_v2(eg_store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		return sql_error(ctx, st);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const char *x = (const char *)sqlite3_column_text(q, 4);
		int32_t days;
		if (x != NULL && eg_date_parse(x, &days) != 0) {
			eg_tctx_warn(ctx, _("evidence of record %lld expires on \"%.*s\", which is not a date; left out"),
				     (long long)sqlite3_column_int64(q, 0),
				     EG_QUOTE_MAX, x);
			continue;
		}
		eg_row_begin(ctx);
		eg_row_int(ctx, V_RECORD_ID, sqlite3_column_int64(q, 0));
		eg_row_text(ctx, V_PATH, (const char *)sqlite3_column_text(q, 1));
		eg_row_int(ctx, V_SIZE, sqlite3_column_int64(q, 2));
		eg_row_text(ctx, V_SHA256, (const char *)sqlite3_column_text(q, 3));
		eg_row_text(ctx, V_EXPIRES, x);
		eg_row_text(ctx, V_DATE, (const char *)sqlite3_column_text(q, 5));
		eg_row_text(ctx, V_KIND, (const char *)sqlite3_column_text(q, 6));
		eg_row_int(ctx, V_SUPERSEDED, sqlite3_column_int(q, 7) != 0);
		if ((rc = eg_row_end(ctx)) != 0)
			goto out;
	}
	if (s != SQLITE_DONE)
		rc = sql_error(ctx, st);
out:
	sqlite3_finalize(q);
	return rc;
}

const struct eg_table_def eg_table_record_evidence = {
	.name = "record_evidence",
	.description = "Evidence files of the store's records (path, hash, expiry), with the record's date and whether it is superseded; no rows without a store (see records_store)",
	.columns = evidence_cols,
	.ncolumns = COUNT(evidence_cols),
	.generate = evidence_gen,
};

/* records_store -------------------------------------------------------- */

enum { S_AVAILABLE, S_PATH, S_RECORDS, S_RUNS };

static const struct eg_column store_cols[] = {
	{"available", EG_INT, 0, "1 when the audit has a store (the records table is the truth), 0 with --no-store (checks on records give skip)"},
	{"path", EG_TEXT, 0, "path of the store, NULL without one"},
	{"records", EG_INT, 0, "records entered in the store (superseded ones included), NULL without one"},
	{"runs", EG_INT, 0, "audit runs stored, NULL without one"},
};

/* count(*) of a table of the store, or -1 after eg_tctx_error. */
static sqlite3_int64 count_rows(struct eg_tctx *ctx, struct eg_store *st,
				const char *sql)
{
	sqlite3_stmt *q = NULL;
	sqlite3_int64 n = -1;
	if (sqlite3_prepare_v2(eg_store_db(st), sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	else
		sql_error(ctx, st);
	sqlite3_finalize(q);
	return n;
}

static int store_gen(struct eg_tctx *ctx)
{
	struct eg_store *st = eg_tctx_userdata(ctx, "store");
	sqlite3_int64 nrec = 0, nrun = 0;
	if (st != NULL) {
		nrec = count_rows(ctx, st, "SELECT count(*) FROM records");
		if (nrec < 0)
			return EG_E_SQL;
		nrun = count_rows(ctx, st, "SELECT count(*) FROM runs");
		if (nrun < 0)
			return EG_E_SQL;
	}
	eg_row_begin(ctx);
	eg_row_int(ctx, S_AVAILABLE, st != NULL);
	if (st != NULL) {
		eg_row_text(ctx, S_PATH, eg_store_path(st));
		eg_row_int(ctx, S_RECORDS, nrec);
		eg_row_int(ctx, S_RUNS, nrun);
	}
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_records_store = {
	.name = "records_store",
	.description = "One row: whether a records store is attached (available 1) or not (0: --no-store, or ecguard query); checks on records test it and give skip without one",
	.columns = store_cols,
	.ncolumns = COUNT(store_cols),
	.generate = store_gen,
};
