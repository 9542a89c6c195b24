/*
 * assess.c: measure statuses and scores (docs/assessment.md).
 */
#include "assess.h"

#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"

int eg_severity_weight(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL: return 10;
	case EG_SEV_HIGH: return 5;
	case EG_SEV_MEDIUM: return 3;
	case EG_SEV_LOW: return 1;
	default: return 0;
	}
}

int eg_assess_selected(const char *measure_id, const char *const *only,
		       size_t nonly)
{
	if (nonly == 0)
		return 1;
	for (size_t i = 0; i < nonly; i++) {
		size_t l = strlen(only[i]);
		if (strcmp(only[i], measure_id) == 0)
			return 1;
		if (l == 3 && strncmp(only[i], measure_id, 3) == 0 &&
		    measure_id[3] == '.')
			return 1;
	}
	return 0;
}

static int check_maps(const struct eg_run_check *c, const char *mid)
{
	for (size_t i = 0; i < c->nmeasures; i++)
		if (strcmp(c->measures[i], mid) == 0)
			return 1;
	return 0;
}

/* Score of one measure 0-100 from weighted passes and alarms; -1 when
 * nothing was assessed. Info-severity checks weigh 1 so that a measure only
 * info checks reach still gets a score. */
static int measure_score(const struct eg_run *run, const char *mid,
			 int *critical_alarm)
{
	long good = 0, bad = 0;
	*critical_alarm = 0;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		const struct eg_run_check *c = &run->checks[r->check];
		if (!check_maps(c, mid))
			continue;
		int w = eg_severity_weight(c->severity);
		if (w == 0)
			w = 1;
		if (r->status == EG_ST_OK || r->status == EG_ST_WAIVED)
			good += w;
		else if (r->status == EG_ST_ALARM) {
			bad += w;
			if (c->severity == EG_SEV_CRITICAL)
				*critical_alarm = 1;
		}
	}
	if (good + bad == 0)
		return -1;
	return (int)((good * 100 + (good + bad) / 2) / (good + bad));
}

int eg_assess(struct eg_run *run, const struct eg_catalog *cat,
	      const struct eg_na_decl *na, size_t nna,
	      const char *const *only, size_t nonly)
{
	long total = 0;
	int nthemes_scored = 0;
	for (size_t ti = 0; ti < eg_catalog_nthemes(cat); ti++) {
		const struct eg_theme *t = eg_catalog_theme(cat, ti);
		long tsum = 0;
		int tn = 0, any = 0, n_met = 0, n_not = 0, n_assessed = 0;
		for (size_t mi = 0; mi < t->nmeasures; mi++) {
			const struct eg_measure *m = &t->measures[mi];
			if (!eg_assess_selected(m->id, only, nonly))
				continue;
			any = 1;
			struct eg_run_measure rm;
			memset(&rm, 0, sizeof(rm));
			memcpy(rm.id, m->id, sizeof(rm.id));
			for (size_t i = 0; i < run->nresults; i++) {
				const struct eg_run_result *r = &run->results[i];
				if (!check_maps(&run->checks[r->check], m->id))
					continue;
				switch (r->status) {
				case EG_ST_OK: rm.ok++; break;
				case EG_ST_ALARM: rm.alarm++; break;
				case EG_ST_INFO: rm.info++; break;
				case EG_ST_SKIP: rm.skip++; break;
				case EG_ST_WAIVED: rm.waived++; break;
				default: rm.error++; break;
				}
			}
			const char *na_reason = NULL;
			for (size_t k = 0; k < nna; k++)
				if (strcmp(na[k].measure, m->id) == 0)
					na_reason = na[k].reason;
			int crit = 0;
			int score = measure_score(run, m->id, &crit);
			if (na_reason != NULL) {
				rm.status = EG_MS_NOT_APPLICABLE;
				rm.note = (char *)na_reason;
			} else if (score < 0) {
				rm.status = EG_MS_NOT_ASSESSED;
				if (rm.error > 0)
					rm.note = (char *)_("every check of this measure failed to run");
				else if (rm.skip > 0)
					rm.note = (char *)_("every check of this measure was skipped: nothing to examine");
				else
					rm.note = (char *)_("no check gives evidence for this measure yet");
			} else {
				if (rm.alarm == 0)
					rm.status = EG_MS_MET;
				else if (crit || score < 50)
					rm.status = EG_MS_NOT_MET;
				else
					rm.status = EG_MS_PARTIAL;
				tsum += score;
				tn++;
				n_assessed++;
				n_met += rm.status == EG_MS_MET;
				n_not += rm.status == EG_MS_NOT_MET;
			}
			if (eg_run_add_measure(run, &rm) != 0)
				return EG_E_NOMEM;
		}
		if (!any)
			continue;
		struct eg_run_theme rt;
		memset(&rt, 0, sizeof(rt));
		memcpy(rt.id, t->id, sizeof(rt.id));
		if (tn == 0) {
			rt.score = -1;
			rt.status = EG_MS_NOT_ASSESSED;
		} else {
			rt.score = (int)((tsum + tn / 2) / tn);
			rt.status = n_met == n_assessed ? EG_MS_MET
				    : n_not == n_assessed ? EG_MS_NOT_MET
							  : EG_MS_PARTIAL;
			total += rt.score;
			nthemes_scored++;
		}
		if (eg_run_add_theme(run, &rt) != 0)
			return EG_E_NOMEM;
	}
	run->score = nthemes_scored == 0
			     ? -1
			     : (int)((total + nthemes_scored / 2) / nthemes_scored);
	return 0;
}
