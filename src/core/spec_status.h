/*
 * spec_status.h: how completely a site specification answers the
 * guideline's specification measures. For each theme: its policy measure
 * (T0x.01, and T09.02 the configuration policy), its responsibility measure
 * (T0x.02, T09.01) and its "specify the requirements for each ..." measures
 * (T02.03-06, T03.04, T05.03, T06.03, T07.03, T08.03) are each specified,
 * partly specified, missing or declared not applicable. The exact rule per
 * measure is in docs/spec.md; `ecguard spec check`, the spec_completeness
 * table and the audit's attestation checks all use this one computation.
 */
#ifndef EG_SPEC_STATUS_H
#define EG_SPEC_STATUS_H

#include <stddef.h>

#include "../util/buf.h"
#include "catalog.h"
#include "spec.h"

enum eg_spec_state {
	EG_SPEC_MISSING = 0,
	EG_SPEC_PARTIAL = 1,
	EG_SPEC_SPECIFIED = 2,
	EG_SPEC_NOT_APPLICABLE = 3,
};

struct eg_spec_status {
	const struct eg_measure *measure;
	const char *subject;         /* English code: "policy", "owner",
				      * "flows", "servers", ... */
	enum eg_spec_state state;
	char reason[EG_ERRMSG_MAX];  /* translated; "" when specified */
};

/* "specified", "partial", "missing" or "not_applicable". */
const char *eg_spec_state_name(enum eg_spec_state st);

/* Translated label: "specified", "partly specified", "not specified",
 * "not applicable". */
const char *eg_spec_state_label(enum eg_spec_state st);

/* 1 when m is a measure the specification answers (see above). */
int eg_spec_measure_in_scope(const struct eg_measure *m);

/*
 * Assesses every in-scope measure of the catalogue, in catalogue order.
 * Returns 0 and *out (n entries) or EG_E_NOMEM. The embedded default spec
 * assesses every measure as missing (ecguard assumed it; the site did not
 * specify it). OUT: *out, caller frees with free().
 */
int eg_spec_assess(const struct eg_spec *s, const struct eg_catalog *cat,
		   struct eg_spec_status **out, size_t *n);

#endif
