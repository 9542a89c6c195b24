/*
 * run.c: the audit run model: construction, names, summary.
 */
#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/mem.h"

struct eg_run *eg_run_new(void)
{
	return eg_calloc(1, sizeof(struct eg_run));
}

static void check_free(struct eg_run_check *c)
{
	free(c->id);
	for (size_t i = 0; i < c->nmeasures; i++)
		free(c->measures[i]);
	free(c->measures);
	free(c->title_ja);
	free(c->title_en);
	free(c->rationale_ja);
	free(c->rationale_en);
	free(c->remediation_ja);
	free(c->remediation_en);
}

void eg_run_free(struct eg_run *run)
{
	if (run == NULL)
		return;
	free(run->id);
	free(run->started_at);
	free(run->finished_at);
	free(run->host);
	free(run->root);
	free(run->spec);
	free(run->version);
	for (size_t i = 0; i < run->nchecks; i++)
		check_free(&run->checks[i]);
	free(run->checks);
	for (size_t i = 0; i < run->nresults; i++) {
		free(run->results[i].resource);
		free(run->results[i].reason);
		free(run->results[i].waiver);
	}
	free(run->results);
	for (size_t i = 0; i < run->nmeasures; i++)
		free(run->measures[i].note);
	free(run->measures);
	free(run->themes);
	free(run);
}

int eg_run_set(char **field, const char *value)
{
	char *v = NULL;
	if (value != NULL && (v = eg_strdup(value)) == NULL)
		return EG_E_NOMEM;
	free(*field);
	*field = v;
	return 0;
}

/* Arrays grow in powers of two from 8, so whether one is full follows from
 * its length alone and the public structs need no capacity field. */
static int grow(void **arr, size_t n, size_t size)
{
	if (n < 8 ? n != 0 : (n & (n - 1)) != 0)
		return 0;
	size_t cap = n < 8 ? 8 : n * 2;
	void *p = eg_reallocarray(*arr, cap, size);
	if (p == NULL)
		return EG_E_NOMEM;
	*arr = p;
	return 0;
}

static int dup_into(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	*dst = eg_strdup(src);
	return *dst == NULL ? EG_E_NOMEM : 0;
}

int eg_run_add_check(struct eg_run *run, const struct eg_run_check *c,
		     size_t *index)
{
	if (grow((void **)&run->checks, run->nchecks, sizeof(*run->checks)) != 0)
		return EG_E_NOMEM;
	struct eg_run_check *n = &run->checks[run->nchecks];
	memset(n, 0, sizeof(*n));
	int rc = 0;
	rc |= dup_into(&n->id, c->id);
	rc |= dup_into(&n->title_ja, c->title_ja);
	rc |= dup_into(&n->title_en, c->title_en);
	rc |= dup_into(&n->rationale_ja, c->rationale_ja);
	rc |= dup_into(&n->rationale_en, c->rationale_en);
	rc |= dup_into(&n->remediation_ja, c->remediation_ja);
	rc |= dup_into(&n->remediation_en, c->remediation_en);
	n->severity = c->severity;
	n->kind = c->kind;
	if (rc == 0 && c->nmeasures > 0) {
		n->measures = eg_calloc(c->nmeasures, sizeof(*n->measures));
		if (n->measures == NULL)
			rc = EG_E_NOMEM;
		for (size_t i = 0; rc == 0 && i < c->nmeasures; i++) {
			rc = dup_into(&n->measures[i], c->measures[i]);
			if (rc == 0)
				n->nmeasures++;
		}
	}
	if (rc != 0) {
		check_free(n);
		return EG_E_NOMEM;
	}
	if (index != NULL)
		*index = run->nchecks;
	run->nchecks++;
	return 0;
}

int eg_run_add_result(struct eg_run *run, size_t check, const char *resource,
		      enum eg_status status, const char *reason,
		      const char *waiver)
{
	if (check >= run->nchecks)
		return EG_E_INVAL;
	if (grow((void **)&run->results, run->nresults, sizeof(*run->results)) != 0)
		return EG_E_NOMEM;
	struct eg_run_result *r = &run->results[run->nresults];
	memset(r, 0, sizeof(*r));
	r->check = check;
	r->status = status;
	if (dup_into(&r->resource, resource != NULL ? resource : "") != 0 ||
	    dup_into(&r->reason, reason != NULL ? reason : "") != 0 ||
	    dup_into(&r->waiver, waiver) != 0) {
		free(r->resource);
		free(r->reason);
		free(r->waiver);
		return EG_E_NOMEM;
	}
	run->nresults++;
	return 0;
}

int eg_run_add_measure(struct eg_run *run, const struct eg_run_measure *m)
{
	if (grow((void **)&run->measures, run->nmeasures, sizeof(*run->measures)) != 0)
		return EG_E_NOMEM;
	struct eg_run_measure *n = &run->measures[run->nmeasures];
	*n = *m;
	n->note = NULL;
	if (dup_into(&n->note, m->note) != 0)
		return EG_E_NOMEM;
	run->nmeasures++;
	return 0;
}

int eg_run_add_theme(struct eg_run *run, const struct eg_run_theme *t)
{
	if (grow((void **)&run->themes, run->nthemes, sizeof(*run->themes)) != 0)
		return EG_E_NOMEM;
	run->themes[run->nthemes++] = *t;
	return 0;
}

static const char *const sev_names[] = {"info", "low", "medium", "high",
					"critical"};
static const char *const st_names[] = {"ok", "alarm", "info", "skip", "error",
				       "waived"};
static const char *const ms_names[] = {"met", "partial", "not_met",
				       "not_assessed", "not_applicable"};

const char *eg_severity_name(enum eg_severity s)
{
	return (unsigned)s < 5 ? sev_names[s] : "info";
}

const char *eg_status_name(enum eg_status s)
{
	return (unsigned)s < 6 ? st_names[s] : "error";
}

const char *eg_mstatus_name(enum eg_mstatus s)
{
	return (unsigned)s < 5 ? ms_names[s] : "not_assessed";
}

const char *eg_check_kind_name(enum eg_check_kind k)
{
	return k == EG_KIND_ATTESTATION ? "attestation" : "technical";
}

const char *eg_severity_label(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL: return _("critical");
	case EG_SEV_HIGH: return _("high");
	case EG_SEV_MEDIUM: return _("medium");
	case EG_SEV_LOW: return _("low");
	default: return _("info");
	}
}

const char *eg_status_label(enum eg_status s)
{
	switch (s) {
	case EG_ST_OK: return _("ok");
	case EG_ST_ALARM: return _("alarm");
	case EG_ST_INFO: return _("info");
	case EG_ST_SKIP: return _("skipped");
	case EG_ST_WAIVED: return _("waived");
	default: return _("error");
	}
}

const char *eg_mstatus_label(enum eg_mstatus s)
{
	switch (s) {
	case EG_MS_MET: return _("met");
	case EG_MS_PARTIAL: return _("partially met");
	case EG_MS_NOT_MET: return _("not met");
	case EG_MS_NOT_APPLICABLE: return _("not applicable");
	default: return _("not assessed");
	}
}

static int parse_name(const char *s, const char *const *names, int n, int *out)
{
	for (int i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return EG_E_PARSE;
}

int eg_severity_parse(const char *s, enum eg_severity *out)
{
	int v;
	if (parse_name(s, sev_names, 5, &v) != 0)
		return EG_E_PARSE;
	*out = (enum eg_severity)v;
	return 0;
}

int eg_status_parse(const char *s, enum eg_status *out)
{
	int v;
	if (parse_name(s, st_names, 6, &v) != 0)
		return EG_E_PARSE;
	*out = (enum eg_status)v;
	return 0;
}

int eg_mstatus_parse(const char *s, enum eg_mstatus *out)
{
	int v;
	if (parse_name(s, ms_names, 5, &v) != 0)
		return EG_E_PARSE;
	*out = (enum eg_mstatus)v;
	return 0;
}

int eg_check_kind_parse(const char *s, enum eg_check_kind *out)
{
	if (s != NULL && strcmp(s, "technical") == 0) {
		*out = EG_KIND_TECHNICAL;
		return 0;
	}
	if (s != NULL && strcmp(s, "attestation") == 0) {
		*out = EG_KIND_ATTESTATION;
		return 0;
	}
	return EG_E_PARSE;
}

void eg_run_summarize(const struct eg_run *run, struct eg_run_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->checks = run->nchecks;
	out->results = run->nresults;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		switch (r->status) {
		case EG_ST_OK: out->ok++; break;
		case EG_ST_ALARM:
			out->alarm++;
			out->alarm_by_severity[run->checks[r->check].severity]++;
			break;
		case EG_ST_INFO: out->info++; break;
		case EG_ST_SKIP: out->skip++; break;
		case EG_ST_WAIVED: out->waived++; break;
		default: out->error++; break;
		}
	}
	for (size_t i = 0; i < run->nmeasures; i++)
		if ((unsigned)run->measures[i].status < 5)
			out->measures_by_status[run->measures[i].status]++;
}
