/*
 * audit.c: running the checks and assembling a run.
 */
#include "audit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "assess.h"
#include "engine.h"

#ifndef EG_VERSION
#define EG_VERSION "0.0.0"
#endif

int eg_audit_selects(const struct eg_check *c, const char *const *only,
		     size_t nonly)
{
	if (nonly == 0)
		return 1;
	for (size_t i = 0; i < c->nmeasures; i++)
		if (eg_assess_selected(c->measures[i], only, nonly))
			return 1;
	return 0;
}

static void iso_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void make_run_id(char out[48])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char ts[24];
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	unsigned short rnd = 0;
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (unsigned short)(getpid() ^ (unsigned)t);
	snprintf(out, 48, "%s-%04x", ts, rnd);
}

/* The audited host's name: etc/hostname under the root, else the running
 * system's when the root is "/". */
static void host_name(struct eg_root *root, struct eg_buf *out)
{
	struct eg_buf b;
	struct eg_err e;
	eg_buf_init(&b, 4096);
	eg_err_clear(&e);
	if (eg_root_read(root, "/etc/hostname", 4096, &b, &e) == 0) {
		const char *s = eg_buf_str(&b);
		size_t n = strcspn(s, "\r\n \t");
		eg_buf_add(out, s, n > 253 ? 253 : n);
	}
	eg_buf_free(&b);
	if (out->len == 0 && eg_root_is_host(root)) {
		char h[256];
		if (gethostname(h, sizeof(h)) == 0) {
			h[sizeof(h) - 1] = '\0';
			eg_buf_adds(out, h);
		}
	}
	if (out->len == 0)
		eg_buf_adds(out, "unknown");
}

/* today(): the audit's date (ECGUARD_TODAY in tests), for cadence checks. */
static void sql_today(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char d[11];
	eg_date_format(eg_today(), d);
	sqlite3_result_text(ctx, d, -1, SQLITE_TRANSIENT);
}

static int add_snapshot(struct eg_run *run, const struct eg_check *c,
			size_t *index)
{
	struct eg_run_check rc;
	memset(&rc, 0, sizeof(rc));
	rc.id = (char *)c->id;
	rc.measures = (char **)c->measures;
	rc.nmeasures = c->nmeasures;
	rc.severity = c->severity;
	rc.kind = c->kind;
	rc.title_ja = (char *)c->title_ja;
	rc.title_en = (char *)c->title_en;
	rc.rationale_ja = (char *)c->rationale_ja;
	rc.rationale_en = (char *)c->rationale_en;
	rc.remediation_ja = (char *)c->remediation_ja;
	rc.remediation_en = (char *)c->remediation_en;
	return eg_run_add_check(run, &rc, index);
}

/* The active waiver covering an alarm of check c on resource, or NULL. */
static const struct eg_spec_waiver *find_waiver(const struct eg_spec *spec,
						const struct eg_check *c,
						const char *resource,
						int32_t today)
{
	size_t n = 0;
	const struct eg_spec_waiver *w = eg_spec_waivers(spec, &n);
	for (size_t i = 0; i < n; i++) {
		if (w[i].expires.text == NULL || w[i].expires.days < today)
			continue;
		int target = (w[i].check != NULL && strcmp(w[i].check, c->id) == 0) ||
			     (w[i].measure != NULL && eg_check_maps(c, w[i].measure));
		if (!target)
			continue;
		if (w[i].resource != NULL && strcmp(w[i].resource, resource) != 0 &&
		    sqlite3_strglob(w[i].resource, resource) != 0)
			continue;
		return &w[i];
	}
	return NULL;
}

/* Runs one check; every outcome becomes results (never an audit error
 * except memory). */
static int run_check(struct eg_engine *eng, struct eg_run *run,
		     const struct eg_check *c, const struct eg_spec *spec,
		     size_t idx, int32_t today)
{
	struct eg_err e;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	size_t rows = 0;
	int rc = 0;
	eg_err_clear(&e);
	if (eg_engine_prepare(eng, c->query, &st, &tail, &e) != 0 || st == NULL) {
		rc = eg_run_add_result(run, idx, c->id, EG_ST_ERROR,
				       st == NULL && e.code == 0
					       ? _("the check's query is empty")
					       : eg_err_msg(&e),
				       NULL);
		goto out;
	}
	/* One statement only: what follows may be blanks and comments. */
	int more = 0;
	if (tail != NULL && *tail != '\0') {
		sqlite3_stmt *st2 = NULL;
		const char *tail2 = NULL;
		struct eg_err e2;
		eg_err_clear(&e2);
		more = eg_engine_prepare(eng, tail, &st2, &tail2, &e2) != 0 || st2 != NULL;
		sqlite3_finalize(st2);
	}
	if (!sqlite3_stmt_readonly(st) || more) {
		rc = eg_run_add_result(run, idx, c->id, EG_ST_ERROR,
				       _("a check is one read-only SELECT; this query writes or holds several statements"),
				       NULL);
		goto out;
	}
	if (sqlite3_column_count(st) != 3) {
		rc = eg_run_add_result(run, idx, c->id, EG_ST_ERROR,
				       _("the check's query must return three columns: resource, status, reason"),
				       NULL);
		goto out;
	}
	for (;;) {
		int s = eg_engine_step(eng, st, &e);
		if (s == 0)
			break;
		if (s < 0) {
			const char *msg = s == EG_E_LIMIT || e.code == EG_E_LIMIT
						  ? _("the check ran out of its time budget or another limit; narrow its query")
						  : eg_err_msg(&e);
			rc = eg_run_add_result(run, idx, c->id, EG_ST_ERROR, msg, NULL);
			goto out;
		}
		if (++rows > EG_CHECK_MAX_ROWS) {
			rc = eg_run_add_result(run, idx, c->id, EG_ST_ERROR,
					       _("the check returned too many rows; narrow its query"),
					       NULL);
			goto out;
		}
		const char *res = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		const char *reason = (const char *)sqlite3_column_text(st, 2);
		enum eg_status stv;
		if (res == NULL)
			res = "";
		if (status == NULL || eg_status_parse(status, &stv) != 0 ||
		    stv == EG_ST_WAIVED) {
			struct eg_buf m;
			eg_buf_init(&m, 512);
			eg_buf_addf(&m, _("invalid status \"%.40s\"; a check returns ok, alarm, info, skip or error"),
				    status != NULL ? status : "NULL");
			rc = eg_run_add_result(run, idx, res, EG_ST_ERROR, eg_buf_str(&m), NULL);
			eg_buf_free(&m);
			if (rc != 0)
				goto out;
			continue;
		}
		const char *waiver = NULL;
		struct eg_buf wb;
		eg_buf_init(&wb, 4096);
		if (stv == EG_ST_ALARM) {
			const struct eg_spec_waiver *w = find_waiver(spec, c, res, today);
			if (w != NULL) {
				stv = EG_ST_WAIVED;
				eg_buf_addf(&wb, "%s, %s %s: %s",
					    w->approver ? w->approver : "?", _("until"),
					    w->expires.text,
					    w->justification ? w->justification : "");
				waiver = eg_buf_str(&wb);
			}
		}
		rc = eg_run_add_result(run, idx, res, stv, reason, waiver);
		eg_buf_free(&wb);
		if (rc != 0)
			goto out;
	}
	if (rows == 0)
		rc = eg_run_add_result(run, idx, c->id, EG_ST_SKIP,
				       _("the check examined nothing: no resource it looks at exists here"),
				       NULL);
out:
	sqlite3_finalize(st);
	return rc;
}

int eg_audit_run(const struct eg_audit_opts *o, struct eg_run **out,
		 struct eg_err *e)
{
	*out = NULL;
	struct eg_engine *eng = NULL;
	struct eg_run *run = eg_run_new();
	struct eg_buf host;
	eg_buf_init(&host, 512);
	int rc = 0;
	if (run == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	char id[48], now[32];
	make_run_id(id);
	iso_now(now);
	host_name(o->root, &host);
	if (eg_run_set(&run->id, id) || eg_run_set(&run->started_at, now) ||
	    eg_run_set(&run->host, eg_buf_str(&host)) ||
	    eg_run_set(&run->root, eg_root_path(o->root)) ||
	    eg_run_set(&run->spec, o->spec_name) ||
	    eg_run_set(&run->version, EG_VERSION)) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	rc = eg_engine_new(o->root, &eng, e);
	if (rc != 0)
		goto out;
	eg_engine_set_time_limit(eng, EG_CHECK_TIME_BUDGET_MS);
	if (eg_engine_set_userdata(eng, "spec", (void *)o->spec) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	if (o->userdata_store != NULL)
		eg_engine_set_userdata(eng, "store", o->userdata_store);
	if (o->offline && eg_engine_set_userdata(eng, "offline", (void *)1) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	if (sqlite3_create_function(eg_engine_db(eng), "today", 0,
				    SQLITE_UTF8, NULL, sql_today, NULL,
				    NULL) != SQLITE_OK) {
		rc = eg_err_set(e, EG_E_SQL, "cannot register today()");
		goto out;
	}
	int32_t today = eg_today();
	for (size_t i = 0; i < eg_checks_count(o->checks); i++) {
		const struct eg_check *c = eg_checks_get(o->checks, i);
		if (!eg_audit_selects(c, o->only, o->nonly))
			continue;
		size_t idx;
		if (add_snapshot(run, c, &idx) != 0 ||
		    run_check(eng, run, c, o->spec, idx, today) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	size_t nna = 0;
	const struct eg_spec_not_applicable *na = eg_spec_not_applicable(o->spec, &nna);
	struct eg_na_decl *decls = NULL;
	if (nna > 0) {
		decls = calloc(nna, sizeof(*decls));
		if (decls == NULL) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < nna; i++) {
			decls[i].measure = na[i].measure;
			decls[i].reason = na[i].reason;
		}
	}
	rc = eg_assess(run, o->cat, decls, nna, o->only, o->nonly);
	free(decls);
	if (rc != 0) {
		rc = eg_err_set(e, rc, "out of memory");
		goto out;
	}
	iso_now(now);
	if (eg_run_set(&run->finished_at, now) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	*out = run;
	run = NULL;
out:
	eg_engine_free(eng);
	eg_run_free(run);
	eg_buf_free(&host);
	return rc;
}
