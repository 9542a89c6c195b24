/*
 * audit.h: one audit run: every selected check's query against the engine
 * (host facts under the audit root, the site spec as spec_* tables), each
 * row validated into a result, waivers applied, the assessment folded, and
 * the run returned for storing and reporting. Nothing is executed on the
 * audited host and no command is spawned: every fact comes from the tables.
 */
#ifndef EG_AUDIT_H
#define EG_AUDIT_H

#include <stddef.h>

#include "../util/err.h"
#include "../util/rootfs.h"
#include "catalog.h"
#include "checks.h"
#include "run.h"
#include "spec.h"

struct eg_audit_opts {
	const struct eg_catalog *cat;
	const struct eg_checks *checks;
	const struct eg_spec *spec;      /* the loaded spec or the default */
	const char *spec_name;           /* file, or "(embedded default)" */
	struct eg_root *root;            /* borrowed */
	const char *const *only;         /* "T02", "T05.03"; NULL = all */
	size_t nonly;
	void *userdata_store;            /* attached as "store" for record tables; may be NULL */
	int offline;                     /* 1: the network tables (tls_*, http_*,
					  * page_*) give no rows, so the endpoint
					  * checks skip and nothing is contacted */
};

/*
 * Runs the audit. Returns 0 and *out (OUT: eg_run_free), or an error with e
 * set: EG_E_NOMEM, EG_E_SQL (the engine could not start). A failing check is
 * not an error of the audit: it becomes an `error` result.
 */
int eg_audit_run(const struct eg_audit_opts *o, struct eg_run **out,
		 struct eg_err *e);

/* 1 when check c is selected by only[] (any of its measures is). */
int eg_audit_selects(const struct eg_check *c, const char *const *only,
		     size_t nonly);

#endif
