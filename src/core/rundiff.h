/*
 * rundiff.h: what changed between two runs: the alarms that are new, fixed,
 * still open, waived, or no longer verified. Alarms are matched on (check
 * id, resource); WAIVED counts as not open.
 *
 * For an alarm key k = (check, resource), A the older run, B the newer:
 *   new         alarm in B, not an alarm in A (a waiver that expired
 *               brings its alarm back as new: a regression);
 *   open        alarm in both;
 *   waived      waived in B (whatever it was in A);
 *   fixed       alarm in A, and B looked and did not find it: k is ok or
 *               info in B, or B ran the check cleanly (no skip, no error)
 *               and no longer reports the resource (e.g. the file is gone);
 *   unverified  alarm in A, and B could not look: k is skip or error in B,
 *               or the check did not run in B, or it ran with a skip or an
 *               error and k is absent. A check never passes because it
 *               could not look, so these are not called fixed.
 * Each list is ordered by severity (highest first), check id, resource.
 */
#ifndef EG_RUNDIFF_H
#define EG_RUNDIFF_H

#include <stddef.h>

#include "run.h"

enum eg_diff_kind {
	EG_DIFF_NEW = 0,
	EG_DIFF_FIXED = 1,
	EG_DIFF_OPEN = 2,
	EG_DIFF_WAIVED = 3,
	EG_DIFF_UNVERIFIED = 4,
};
#define EG_DIFF_NKINDS 5

struct eg_diff_item {
	/* The result the item shows: from B for new, open and waived; from A
	 * for fixed and unverified. check is its check in the same run. */
	const struct eg_run_result *result;
	const struct eg_run_check *check;
	/* For fixed and unverified: B's row for the same key, or NULL. */
	const struct eg_run_result *now;
};

struct eg_run_diff {
	struct eg_diff_item *items[EG_DIFF_NKINDS];
	size_t n[EG_DIFF_NKINDS];
};

/*
 * Compares a (older) with b (newer). Both are borrowed and must outlive
 * out. Returns 0 or EG_E_NOMEM (out is then empty). OUT: free with
 * eg_run_diff_free.
 */
int eg_run_diff(const struct eg_run *a, const struct eg_run *b,
		struct eg_run_diff *out);
void eg_run_diff_free(struct eg_run_diff *d);

/* "new", "fixed", "open", "waived", "unverified". */
const char *eg_diff_kind_name(enum eg_diff_kind k);

#endif
