/*
 * r_json.c: the machine-readable report, schema "ecguard.audit/1". Its
 * keys are documented in docs/json-schema.md and kept stable: a key is
 * never renamed or removed within /1; new optional keys may appear. Codes
 * (statuses, severities, kinds) are the English names of run.h, never
 * translated, so scripts work in every language. Strings are JSON-escaped
 * (eg_json_string): controls become \u escapes, invalid UTF-8 U+FFFD.
 */
#include "../util/err.h"
#include "../util/json.h"
#include "report_int.h"

static void run_obj(struct eg_json *j, const struct eg_run *run)
{
	eg_json_key(j, "run");
	eg_json_obj_begin(j);
	eg_json_kstr(j, "id", run->id);
	eg_json_kstr(j, "started_at", run->started_at);
	eg_json_kstr(j, "finished_at", run->finished_at);
	eg_json_kstr(j, "host", run->host);
	eg_json_kstr(j, "root", run->root);
	eg_json_kstr(j, "spec", run->spec);
	if (run->version != NULL)
		eg_json_kstr(j, "version", run->version);
	eg_json_obj_end(j);
}

static void score(struct eg_json *j, const char *key, int v)
{
	eg_json_key(j, key);
	if (v < 0)
		eg_json_null(j);
	else
		eg_json_int(j, v > 100 ? 100 : v);
}

static void summary(struct eg_json *j, const struct eg_run *run,
		    const struct eg_report_opts *opts)
{
	struct eg_run_summary s;
	eg_run_summarize(run, &s);
	eg_json_key(j, "summary");
	eg_json_obj_begin(j);
	score(j, "score", run->score);
	eg_json_kstr(j, "fail_on", eg_report_threshold_name(opts));
	eg_json_kint(j, "fail_on_alarms",
		     (int64_t)eg_report_failing_opts(run, opts));
	eg_json_kint(j, "checks", (int64_t)s.checks);
	eg_json_kint(j, "results", (int64_t)s.results);
	eg_json_key(j, "status");
	eg_json_obj_begin(j);
	eg_json_kint(j, "ok", (int64_t)s.ok);
	eg_json_kint(j, "alarm", (int64_t)s.alarm);
	eg_json_kint(j, "waived", (int64_t)s.waived);
	eg_json_kint(j, "info", (int64_t)s.info);
	eg_json_kint(j, "skip", (int64_t)s.skip);
	eg_json_kint(j, "error", (int64_t)s.error);
	eg_json_obj_end(j);
	eg_json_key(j, "alarms");
	eg_json_obj_begin(j);
	for (int i = EG_SEV_CRITICAL; i >= EG_SEV_INFO; i--)
		eg_json_kint(j, eg_severity_name((enum eg_severity)i),
			     (int64_t)s.alarm_by_severity[i]);
	eg_json_obj_end(j);
	eg_json_key(j, "measures");
	eg_json_obj_begin(j);
	for (int i = EG_MS_MET; i <= EG_MS_NOT_APPLICABLE; i++)
		eg_json_kint(j, eg_mstatus_name((enum eg_mstatus)i),
			     (int64_t)s.measures_by_status[i]);
	eg_json_obj_end(j);
	eg_json_obj_end(j);
}

static void themes(struct eg_json *j, const struct eg_run *run)
{
	eg_json_key(j, "themes");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < run->nthemes; i++) {
		const struct eg_run_theme *t = &run->themes[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", t->id);
		score(j, "score", t->score);
		eg_json_kstr(j, "status", eg_mstatus_name(t->status));
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
}

static void measures(struct eg_json *j, const struct eg_run *run)
{
	eg_json_key(j, "measures");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < run->nmeasures; i++) {
		const struct eg_run_measure *m = &run->measures[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "id", m->id);
		eg_json_kstr(j, "status", eg_mstatus_name(m->status));
		eg_json_key(j, "checks");
		eg_json_arr_begin(j);
		for (size_t c = 0; c < run->nchecks; c++)
			if (eg_rep_check_maps(&run->checks[c], m->id))
				eg_json_str(j, run->checks[c].id);
		eg_json_arr_end(j);
		if (m->note != NULL)
			eg_json_kstr(j, "note", m->note);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
}

static void results(struct eg_json *j, const struct eg_run *run)
{
	eg_json_key(j, "results");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		const struct eg_run_check *c = &run->checks[r->check];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "check", c->id);
		eg_json_key(j, "measures");
		eg_json_arr_begin(j);
		for (size_t k = 0; k < c->nmeasures; k++)
			eg_json_str(j, c->measures[k]);
		eg_json_arr_end(j);
		eg_json_kstr(j, "severity", eg_severity_name(c->severity));
		eg_json_kstr(j, "kind", eg_check_kind_name(c->kind));
		eg_json_kstr(j, "resource", eg_rep_s(r->resource));
		eg_json_kstr(j, "status", eg_status_name(r->status));
		eg_json_kstr(j, "reason", eg_rep_s(r->reason));
		if (r->waiver != NULL)
			eg_json_kstr(j, "waiver", r->waiver);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
}

static int render(const struct eg_run *run, const struct eg_catalog *cat,
		  const struct eg_report_opts *opts, struct eg_buf *out)
{
	(void)cat;
	int rc = eg_rep_check_run(run);
	if (rc != 0)
		return rc;
	opts = eg_rep_opts(opts);
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "schema", "ecguard.audit/1");
	run_obj(&j, run);
	summary(&j, run, opts);
	themes(&j, run);
	measures(&j, run);
	results(&j, run);
	eg_json_obj_end(&j);
	return eg_json_finish(&j);
}

const struct eg_report_format eg_report_json = {
	.name = "json",
	.render = render,
};
