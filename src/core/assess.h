/*
 * assess.h: folding check results into a status per measure, a score per
 * theme and an overall score. The whole rule is in docs/assessment.md; this
 * is its one implementation.
 */
#ifndef EG_ASSESS_H
#define EG_ASSESS_H

#include <stddef.h>

#include "catalog.h"
#include "run.h"

/* A measure the site declared not applicable, with its reason. */
struct eg_na_decl {
	const char *measure;
	const char *reason;
};

/*
 * Fills run->measures (one per catalogue measure, in catalogue order, or only
 * the selected ones when only != NULL: only[i] names a theme "T02" or a
 * measure "T02.05") and run->themes, and run->score, from run->results.
 * Returns 0 or EG_E_NOMEM.
 */
int eg_assess(struct eg_run *run, const struct eg_catalog *cat,
	      const struct eg_na_decl *na, size_t nna,
	      const char *const *only, size_t nonly);

/* 1 when measure id is selected by only[] (nonly == 0 selects all). */
int eg_assess_selected(const char *measure_id, const char *const *only,
		       size_t nonly);

/* The weight of an alarm or pass of a check of this severity in a score. */
int eg_severity_weight(enum eg_severity s);

#endif
