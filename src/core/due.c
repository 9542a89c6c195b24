/*
 * due.c: the obligations of a site and their due dates (due.h). "Last done"
 * is the latest of the dates that prove an obligation was met. Only
 * effective records count (nobody superseded them), dated today or before,
 * with a real calendar date - the rules of the `records` SQL table
 * (src/tables/records/records.c) that the attestation checks of
 * checks/org.yaml read, so that the audit and `status` agree:
 *   - per theme and cadence: the latest record of the cadence's record
 *     kinds (record_kinds below) evidencing the theme's measure of the
 *     cadence's measure kind; for periodic checks also every stored audit
 *     run that selected the theme's periodic-check measure and assessed
 *     another measure of the theme (met, partial or not_met);
 *   - policy reviews: the policy's `approved` date or a later `review`
 *     record of the theme's policy measure;
 *   - partners: the spec's `last_review` (as spec_partners.next_review;
 *     a partner-review record does not move it: update the spec);
 *   - secrets with a rotation: the latest record whose scope is the
 *     secret's name (e.g. `ecguard record other --scope NAME`);
 *   - waivers and evidence: approved / record date, due on their expiry.
 * Next due is last done + the interval, in calendar units (eg_date_add,
 * as SQL date_add_cadence).
 */
#include "due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/duration.h"
#include "../util/mem.h"

const char *eg_due_state_name(enum eg_due_state st)
{
	switch (st) {
	case EG_DUE_OK: return "ok";
	case EG_DUE_SOON: return "due_soon";
	case EG_DUE_OVERDUE: return "overdue";
	default: return "never";
	}
}

enum eg_due_state eg_due_state_of(int32_t due, int32_t today,
				  int32_t horizon)
{
	if (due == EG_NO_DATE)
		return EG_DUE_NEVER;
	if (due < today)
		return EG_DUE_OVERDUE;
	if (due <= horizon)
		return EG_DUE_SOON;
	return EG_DUE_OK;
}

void eg_obligations_free(struct eg_obligation *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].subject);
		free(v[i].interval);
	}
	free(v);
}

struct ctx {
	sqlite3 *db;                 /* NULL: no store */
	sqlite3_stmt *by_measure;    /* effective records of a measure */
	sqlite3_stmt *by_scope;      /* effective records with a scope */
	sqlite3_stmt *run_check;     /* runs evidencing a periodic check */
	int32_t today, horizon;
	char today_s[11];
	const char *asof;            /* runs started by then count, NULL: all */
	int64_t asof_id;             /* records with a greater id were entered
				      * later; 0: no cutoff, -1: none yet */
	char asof_buf[40];
	struct eg_obligation *v;
	size_t n, cap;
	struct eg_err *e;
};

/* Not superseded (as of record id ?6, when bound: a correction entered
 * later did not exist yet), and entered by then itself. Record ids, not
 * created_at times, mark "by then": a record entered in the same second
 * as the run ended must not count as before it. */
#define EFFECTIVE \
	" AND NOT EXISTS (SELECT 1 FROM records x WHERE x.supersedes = r.id" \
	" AND (?6 IS NULL OR x.id <= ?6))" \
	" AND (?6 IS NULL OR r.id <= ?6)"

/* The record kinds that count for each cadence (as CADENCE_KINDS of
 * tools/gen_org_checks.py); at most two. */
static const char *const record_kinds[EG_CAD_COUNT][2] = {
	[EG_CAD_POLICY_REVIEW] = {"review", NULL},
	[EG_CAD_SPEC_REVIEW] = {"review", NULL},
	[EG_CAD_PERIODIC_CHECK] = {"periodic-check", NULL},
	[EG_CAD_EDUCATION] = {"education", NULL},
	[EG_CAD_AUDIT] = {"audit", NULL},
	[EG_CAD_DRILL] = {"drill", NULL},
	[EG_CAD_PARTNER_REVIEW] = {"partner-review", NULL},
	[EG_CAD_BUDGET_REVIEW] = {"budget", NULL},
	[EG_CAD_MEDIA_REVIEW] = {"media-disposal", "review"},
	[EG_CAD_PHYSICAL_ACCESS_REVIEW] = {"physical-access-review", NULL},
};

static int prepare(struct ctx *c)
{
	if (c->db == NULL)
		return 0;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT r.date FROM records r"
			       " JOIN record_measures m ON m.record_id = r.id"
			       " WHERE m.measure_id = ?1 AND r.kind IN (?2, ?3)"
			       " AND r.date <= ?4" EFFECTIVE,
			       -1, &c->by_measure, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT r.date FROM records r"
			       " WHERE r.scope = ?1 AND r.date <= ?4" EFFECTIVE,
			       -1, &c->by_scope, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT substr(u.started_at, 1, 10) FROM runs u"
			       " WHERE substr(u.started_at, 1, 10) <= ?4"
			       " AND (?5 IS NULL OR u.started_at <= ?5)"
			       " AND EXISTS (SELECT 1 FROM measure_status a"
			       "  WHERE a.run_seq = u.seq AND a.measure_id = ?1)"
			       " AND EXISTS (SELECT 1 FROM measure_status b"
			       "  WHERE b.run_seq = u.seq AND b.measure_id <> ?1"
			       "  AND substr(b.measure_id, 1, 4) = ?2"
			       "  AND b.status IN ('met', 'partial', 'not_met'))",
			       -1, &c->run_check, NULL) != SQLITE_OK)
		return eg_err_set(c->e, EG_E_SQL, "store: %s",
				  sqlite3_errmsg(c->db));
	return 0;
}

/* Runs st (bound but for ?4, today) and folds the dates of its one
 * column into *last. */
static int fold(struct ctx *c, sqlite3_stmt *st, int32_t *last)
{
	int rc = 0, step;
	sqlite3_bind_text(st, 4, c->today_s, -1, SQLITE_TRANSIENT);
	if (c->asof != NULL)
		sqlite3_bind_text(st, 5, c->asof, -1, SQLITE_TRANSIENT);
	if (c->asof_id != 0)
		sqlite3_bind_int64(st, 6, c->asof_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		int32_t d;
		/* A date the store's CHECK let through but the calendar does
		 * not know (2026-02-31) proves nothing: skip it. */
		if (t != NULL && eg_date_parse((const char *)t, &d) == 0 &&
		    d <= c->today && (*last == EG_NO_DATE || d > *last))
			*last = d;
	}
	if (step != SQLITE_DONE)
		rc = eg_err_set(c->e, EG_E_SQL, "store: %s",
				sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Latest record of cadence cad's record kinds evidencing measure m; for
 * a periodic-check measure also the audit runs that evidence it. */
static int last_of_measure(struct ctx *c, const struct eg_measure *m,
			   enum eg_cadence cad, int32_t *last)
{
	int rc;
	if (c->db == NULL)
		return 0;
	sqlite3_bind_text(c->by_measure, 1, m->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->by_measure, 2, record_kinds[cad][0], -1,
			  SQLITE_STATIC);
	if (record_kinds[cad][1] != NULL)
		sqlite3_bind_text(c->by_measure, 3, record_kinds[cad][1], -1,
				  SQLITE_STATIC);
	if ((rc = fold(c, c->by_measure, last)) != 0)
		return rc;
	if (strcmp(m->kind, "periodic-check") != 0)
		return 0;
	char prefix[5];
	memcpy(prefix, m->id, 3);
	prefix[3] = '.';
	prefix[4] = '\0';
	sqlite3_bind_text(c->run_check, 1, m->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->run_check, 2, prefix, -1, SQLITE_TRANSIENT);
	return fold(c, c->run_check, last);
}

static int last_of_scope(struct ctx *c, const char *scope, int32_t *last)
{
	if (c->db == NULL)
		return 0;
	sqlite3_bind_text(c->by_scope, 1, scope, -1, SQLITE_TRANSIENT);
	return fold(c, c->by_scope, last);
}

/* Adds one obligation; subject and interval are copied. */
static int add(struct ctx *c, const char *what, const char *theme,
	       const char *subject, const struct eg_duration *iv,
	       const char *source, int32_t last, int32_t due)
{
	struct eg_obligation o;
	memset(&o, 0, sizeof(o));
	o.what = what;
	if (theme != NULL)
		memcpy(o.theme, theme, 3);
	o.source = source;
	o.last = last;
	o.due = due;
	if (iv != NULL && due == EG_NO_DATE && last != EG_NO_DATE)
		o.due = eg_date_add(last, iv);
	o.state = eg_due_state_of(o.due, c->today, c->horizon);
	if (subject != NULL && (o.subject = eg_strdup(subject)) == NULL)
		goto oom;
	if (iv != NULL) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%u%c", (unsigned)iv->count, iv->unit);
		if ((o.interval = eg_strdup(buf)) == NULL)
			goto oom;
	}
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		struct eg_obligation *p = eg_reallocarray(c->v, nc, sizeof(*p));
		if (p == NULL)
			goto oom;
		c->v = p;
		c->cap = nc;
	}
	c->v[c->n++] = o;
	return 0;
oom:
	free(o.subject);
	free(o.interval);
	return eg_err_set(c->e, EG_E_NOMEM, "out of memory");
}

/* The cadences tracked per theme, each with the record kinds' measures. */
static const enum eg_cadence theme_cadences[] = {
	EG_CAD_EDUCATION, EG_CAD_AUDIT, EG_CAD_DRILL, EG_CAD_PERIODIC_CHECK,
	EG_CAD_BUDGET_REVIEW, EG_CAD_MEDIA_REVIEW,
	EG_CAD_PHYSICAL_ACCESS_REVIEW,
};

/* Latest record of any measure of theme t of kind mk (skipping measures
 * the spec declares not applicable); *applies is 0 when t has no such
 * measure that applies. */
static int last_of_theme_kind(struct ctx *c, const struct eg_spec *spec,
			      const struct eg_theme *t, enum eg_cadence cad,
			      int *applies, int32_t *last)
{
	const char *mk = eg_cadence_measure_kind(cad);
	*applies = 0;
	for (size_t j = 0; j < t->nmeasures; j++) {
		const struct eg_measure *m = &t->measures[j];
		if (!eg_measure_kind_matches(mk, m->kind) ||
		    eg_spec_find_not_applicable(spec, m->id) != NULL)
			continue;
		*applies = 1;
		int rc = last_of_measure(c, m, cad, last);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int theme_obligations(struct ctx *c, const struct eg_spec *spec,
			     const struct eg_catalog *cat)
{
	for (size_t k = 0; k < sizeof(theme_cadences) / sizeof(theme_cadences[0]); k++) {
		enum eg_cadence cad = theme_cadences[k];
		for (size_t ti = 0; ti < eg_catalog_nthemes(cat); ti++) {
			const struct eg_theme *t = eg_catalog_theme(cat, ti);
			int32_t last = EG_NO_DATE;
			int applies, rc;
			if ((rc = last_of_theme_kind(c, spec, t, cad, &applies,
						     &last)) != 0)
				return rc;
			if (!applies)
				continue;
			enum eg_cadence_source src;
			struct eg_duration iv = eg_spec_cadence(spec, t->id, cad,
								&src);
			if ((rc = add(c, eg_cadence_name(cad), t->id, NULL, &iv,
				      eg_cadence_source_name(src), last,
				      EG_NO_DATE)) != 0)
				return rc;
		}
	}
	return 0;
}

static int spec_obligations(struct ctx *c, const struct eg_spec *spec,
			    const struct eg_catalog *cat)
{
	size_t n;
	int rc;
	const struct eg_spec_policy *p = eg_spec_policies(spec, &n);
	for (size_t i = 0; i < n; i++) {
		int32_t last = p[i].approved.text != NULL ? p[i].approved.days
							  : EG_NO_DATE;
		const struct eg_theme *t = eg_catalog_find_theme(cat, p[i].theme);
		int applies;
		if (t != NULL &&
		    (rc = last_of_theme_kind(c, spec, t, EG_CAD_POLICY_REVIEW,
					     &applies, &last)) != 0)
			return rc;
		/* Declared not applicable: the audit skips it too. */
		if (t != NULL && !applies)
			continue;
		enum eg_cadence_source src;
		struct eg_duration iv = p[i].review.dur;
		const char *from = "policy";
		if (p[i].review.text == NULL) {
			iv = eg_spec_cadence(spec, p[i].theme,
					     EG_CAD_POLICY_REVIEW, &src);
			from = eg_cadence_source_name(src);
		}
		if ((rc = add(c, eg_cadence_name(EG_CAD_POLICY_REVIEW),
			      p[i].theme, p[i].document, &iv, from, last,
			      EG_NO_DATE)) != 0)
			return rc;
	}
	const struct eg_spec_partner *pa = eg_spec_partners(spec, &n);
	for (size_t i = 0; i < n; i++) {
		int32_t last = pa[i].last_review.text != NULL ?
			       pa[i].last_review.days : EG_NO_DATE;
		enum eg_cadence_source src;
		struct eg_duration iv = pa[i].review.dur;
		const char *from = "partner";
		if (pa[i].review.text == NULL) {
			iv = eg_spec_cadence(spec, NULL, EG_CAD_PARTNER_REVIEW,
					     &src);
			from = eg_cadence_source_name(src);
		}
		if ((rc = add(c, eg_cadence_name(EG_CAD_PARTNER_REVIEW), NULL,
			      pa[i].name, &iv, from, last, EG_NO_DATE)) != 0)
			return rc;
	}
	const struct eg_spec_secret *se = eg_spec_secrets(spec, &n);
	for (size_t i = 0; i < n; i++) {
		if (se[i].rotation.text == NULL)
			continue;
		int32_t last = EG_NO_DATE;
		if ((rc = last_of_scope(c, se[i].name, &last)) != 0)
			return rc;
		if ((rc = add(c, "rotation", NULL, se[i].name,
			      &se[i].rotation.dur, "secret", last,
			      EG_NO_DATE)) != 0)
			return rc;
	}
	const struct eg_spec_waiver *w = eg_spec_waivers(spec, &n);
	for (size_t i = 0; i < n; i++) {
		const char *target = w[i].check != NULL ? w[i].check
							 : w[i].measure;
		if ((rc = add(c, "waiver", NULL, target, NULL, NULL,
			      w[i].approved.text != NULL ? w[i].approved.days
							 : EG_NO_DATE,
			      w[i].expires.days)) != 0)
			return rc;
	}
	return 0;
}

static int evidence_obligations(struct ctx *c)
{
	if (c->db == NULL)
		return 0;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT r.date, v.expires, v.path FROM evidence v"
			       " JOIN records r ON r.id = v.record_id"
			       " WHERE v.expires IS NOT NULL" EFFECTIVE
			       " ORDER BY v.expires, v.id", -1, &st, NULL) != SQLITE_OK)
		return eg_err_set(c->e, EG_E_SQL, "store: %s",
				  sqlite3_errmsg(c->db));
	if (c->asof_id != 0)
		sqlite3_bind_int64(st, 6, c->asof_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		const char *x = (const char *)sqlite3_column_text(st, 1);
		const char *path = (const char *)sqlite3_column_text(st, 2);
		int32_t last = EG_NO_DATE, due;
		if (x == NULL || eg_date_parse(x, &due) != 0)
			continue;
		if (d != NULL && eg_date_parse(d, &last) != 0)
			last = EG_NO_DATE;
		if ((rc = add(c, "evidence", NULL, path, NULL, NULL, last,
			      due)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = eg_err_set(c->e, EG_E_SQL, "store: %s",
				sqlite3_errmsg(c->db));
out:
	sqlite3_finalize(st);
	return rc;
}

int eg_due_compute(struct eg_store *s, const struct eg_spec *spec,
		   const struct eg_catalog *cat, int32_t today,
		   int32_t horizon, struct eg_obligation **out, size_t *n,
		   struct eg_err *e)
{
	return eg_due_compute_asof(s, spec, cat, today, horizon, NULL, out, n,
				   e);
}

int eg_due_asof(struct eg_store *s, const char *run_id, char *when,
		size_t nwhen, int64_t *max_id, struct eg_err *e)
{
	sqlite3 *db = eg_store_db(s);
	sqlite3_stmt *st = NULL;
	int rc = 0;
	*max_id = 0;
	if (nwhen > 0)
		when[0] = '\0';
	/* Runs saved since schema 3 remember the last record id of their
	 * time; older ones fall back to created_at (whole seconds). */
	if (sqlite3_prepare_v2(db,
			       "SELECT coalesce(u.finished_at, u.started_at),"
			       " CASE WHEN u.records_upto IS NOT NULL THEN u.records_upto"
			       " ELSE coalesce((SELECT max(r.id) FROM records r"
			       "  WHERE r.created_at <= coalesce(u.finished_at, u.started_at)), 0) END"
			       " FROM runs u WHERE u.id = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return eg_err_set(e, EG_E_SQL, "store: %s",
				  sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 0);
		snprintf(when, nwhen, "%s", w != NULL ? w : "");
		/* No record at all by then: a cutoff below every id. */
		*max_id = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 :
			  sqlite3_column_int64(st, 1);
		if (*max_id <= 0)
			*max_id = -1;
	} else if (step == SQLITE_DONE) {
		rc = eg_err_set(e, EG_E_NOTFOUND, "no stored run %s", run_id);
	} else {
		rc = eg_err_set(e, EG_E_SQL, "store: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

int eg_due_compute_asof(struct eg_store *s, const struct eg_spec *spec,
			const struct eg_catalog *cat, int32_t today,
			int32_t horizon, const char *asof_run,
			struct eg_obligation **out, size_t *n,
			struct eg_err *e)
{
	struct ctx c;
	int rc;
	memset(&c, 0, sizeof(c));
	c.db = s != NULL ? eg_store_db(s) : NULL;
	if (asof_run != NULL && c.db != NULL &&
	    (rc = eg_due_asof(s, asof_run, c.asof_buf, sizeof(c.asof_buf),
			      &c.asof_id, e)) != 0)
		return rc;
	if (asof_run != NULL && c.db != NULL)
		c.asof = c.asof_buf;
	c.today = today;
	c.horizon = horizon;
	eg_date_format(today, c.today_s);
	c.e = e;
	*out = NULL;
	*n = 0;
	if ((rc = prepare(&c)) != 0 ||
	    (rc = spec_obligations(&c, spec, cat)) != 0 ||
	    (rc = theme_obligations(&c, spec, cat)) != 0 ||
	    (rc = evidence_obligations(&c)) != 0)
		goto out;
	*out = c.v;
	*n = c.n;
	c.v = NULL;
	c.n = 0;
out:
	sqlite3_finalize(c.by_measure);
	sqlite3_finalize(c.by_scope);
	sqlite3_finalize(c.run_check);
	eg_obligations_free(c.v, c.n);
	return rc;
}
