/*
 * report.c: the table of report formats and what they share: validation of
 * a run before rendering, the severity order of alarms, catalogue lookups.
 */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/mem.h"
#include "../util/neutral.h"

const struct eg_report_format *const eg_report_formats[] = {
	&eg_report_text, &eg_report_json, &eg_report_sarif,
	&eg_report_junit, &eg_report_md, &eg_report_html, NULL,
};

const char *const eg_report_names[] = {
	"text", "json", "sarif", "junit", "md", "html", NULL,
};

const struct eg_report_format *eg_report_find(const char *name)
{
	for (size_t i = 0; name != NULL && eg_report_formats[i] != NULL; i++)
		if (strcmp(eg_report_formats[i]->name, name) == 0)
			return eg_report_formats[i];
	return NULL;
}

size_t eg_report_failing(const struct eg_run *run, enum eg_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		if (r->status == EG_ST_ALARM && r->check < run->nchecks &&
		    run->checks[r->check].severity >= sev)
			n++;
	}
	return n;
}

const char *eg_report_threshold_name(const struct eg_report_opts *opts)
{
	opts = eg_rep_opts(opts);
	return opts->fail_none ? "none" : eg_severity_name(opts->fail_on);
}

size_t eg_report_failing_opts(const struct eg_run *run,
			      const struct eg_report_opts *opts)
{
	opts = eg_rep_opts(opts);
	return opts->fail_none ? 0 : eg_report_failing(run, opts->fail_on);
}

const struct eg_report_opts *eg_rep_opts(const struct eg_report_opts *o)
{
	static const struct eg_report_opts defaults = {
		.color = 0,
		.fail_on = EG_SEV_HIGH,
	};
	return o != NULL ? o : &defaults;
}

int eg_rep_check_run(const struct eg_run *run)
{
	if (run == NULL)
		return EG_E_INVAL;
	if ((run->nchecks > 0 && run->checks == NULL) ||
	    (run->nresults > 0 && run->results == NULL) ||
	    (run->nmeasures > 0 && run->measures == NULL) ||
	    (run->nthemes > 0 && run->themes == NULL))
		return EG_E_INVAL;
	for (size_t i = 0; i < run->nchecks; i++) {
		const struct eg_run_check *c = &run->checks[i];
		if ((unsigned)c->severity > EG_SEV_CRITICAL ||
		    (unsigned)c->kind > EG_KIND_ATTESTATION ||
		    (c->nmeasures > 0 && c->measures == NULL))
			return EG_E_INVAL;
		for (size_t k = 0; k < c->nmeasures; k++)
			if (c->measures[k] == NULL)
				return EG_E_INVAL;
	}
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].check >= run->nchecks ||
		    (unsigned)run->results[i].status > EG_ST_WAIVED)
			return EG_E_INVAL;
	for (size_t i = 0; i < run->nmeasures; i++)
		if ((unsigned)run->measures[i].status > EG_MS_NOT_APPLICABLE)
			return EG_E_INVAL;
	for (size_t i = 0; i < run->nthemes; i++)
		if ((unsigned)run->themes[i].status > EG_MS_NOT_APPLICABLE)
			return EG_E_INVAL;
	return 0;
}

const char *eg_rep_s(const char *s)
{
	return s != NULL ? s : "";
}

/* qsort has no context argument: the keys are copied into the array. */
struct sort_item {
	size_t idx;
	int sev;
	const char *check;
	const char *resource;
};

static int sort_cmp(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	int c = strcmp(x->check, y->check);
	if (c != 0)
		return c;
	c = strcmp(x->resource, y->resource);
	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int eg_rep_sorted(const struct eg_run *run, unsigned mask, size_t **idx,
		  size_t *n)
{
	*idx = NULL;
	*n = 0;
	size_t count = 0;
	for (size_t i = 0; i < run->nresults; i++)
		if (mask & EG_REP_BIT(run->results[i].status))
			count++;
	if (count == 0)
		return 0;
	struct sort_item *items = eg_reallocarray(NULL, count, sizeof(*items));
	size_t *out = eg_reallocarray(NULL, count, sizeof(*out));
	if (items == NULL || out == NULL) {
		free(items);
		free(out);
		return EG_E_NOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		if (!(mask & EG_REP_BIT(r->status)))
			continue;
		const struct eg_run_check *c = &run->checks[r->check];
		items[k].idx = i;
		items[k].sev = (int)c->severity;
		items[k].check = eg_rep_s(c->id);
		items[k].resource = eg_rep_s(r->resource);
		k++;
	}
	qsort(items, count, sizeof(*items), sort_cmp);
	for (size_t i = 0; i < count; i++)
		out[i] = items[i].idx;
	free(items);
	*idx = out;
	*n = count;
	return 0;
}

const char *eg_rep_theme_title(const struct eg_catalog *cat, const char *id)
{
	if (cat == NULL || id == NULL)
		return "";
	const struct eg_theme *t = eg_catalog_find_theme(cat, id);
	return t != NULL ? eg_pick(t->title_ja, t->title_en) : "";
}

const char *eg_rep_measure_title(const struct eg_catalog *cat, const char *id)
{
	if (cat == NULL || id == NULL)
		return "";
	const struct eg_measure *m = eg_catalog_find_measure(cat, id);
	return m != NULL ? eg_pick(m->title_ja, m->title_en) : "";
}

int eg_rep_check_maps(const struct eg_run_check *c, const char *measure_id)
{
	for (size_t i = 0; i < c->nmeasures; i++)
		if (strcmp(c->measures[i], measure_id) == 0)
			return 1;
	return 0;
}

int eg_rep_check_in_theme(const struct eg_run_check *c, const char *theme_id)
{
	size_t n = strlen(theme_id);
	for (size_t i = 0; i < c->nmeasures; i++)
		if (strncmp(c->measures[i], theme_id, n) == 0 &&
		    c->measures[i][n] == '.')
			return 1;
	return 0;
}

const char *eg_rep_title(const struct eg_run_check *c)
{
	return eg_pick(c->title_ja, c->title_en);
}

const char *eg_rep_rationale(const struct eg_run_check *c)
{
	return eg_pick(c->rationale_ja, c->rationale_en);
}

const char *eg_rep_remediation(const struct eg_run_check *c)
{
	return eg_pick(c->remediation_ja, c->remediation_en);
}

void eg_rep_tmp_done(struct eg_buf *out, struct eg_buf *tmp)
{
	if (tmp->err != 0 && out->err == 0)
		out->err = tmp->err;
	eg_buf_free(tmp);
}

void eg_rep_measures(struct eg_buf *out, const struct eg_run_check *c,
		     const char *sep)
{
	for (size_t i = 0; i < c->nmeasures; i++) {
		if (i > 0)
			eg_buf_adds(out, sep);
		eg_buf_adds(out, c->measures[i]);
	}
}

void eg_rep_dec1(struct eg_buf *out, double v)
{
	if (!isfinite(v))
		v = 0;
	/* Report coordinates and scores are small; clamp anyway so the
	 * conversion below cannot overflow. */
	if (v > 1e9)
		v = 1e9;
	if (v < -1e9)
		v = -1e9;
	long long t = llround(v * 10.0);
	const char *sign = t < 0 ? "-" : "";
	if (t < 0)
		t = -t;
	eg_buf_addf(out, "%s%lld.%lld", sign, t / 10, t % 10);
}

size_t eg_rep_utf8_prefix(const char *s, size_t n, size_t max)
{
	size_t i = 0, cps = 0;
	while (i < n && cps < max) {
		uint32_t cp;
		size_t l = eg_utf8_decode((const unsigned char *)s + i, n - i,
					  &cp);
		i += l == 0 ? 1 : l;
		cps++;
	}
	return i;
}

int eg_rep_is_utc_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (s == NULL || strlen(s) != sizeof(pat) - 1)
		return 0;
	for (size_t i = 0; pat[i] != '\0'; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	}
	return 1;
}
