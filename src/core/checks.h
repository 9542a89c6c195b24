/*
 * checks.h: checks as data. A check pack is a YAML file:
 *
 *   schema: ecguard.checks/1
 *   checks:
 *     - id: ssh.permit_root_login
 *       measures: [T02.07, T08.05]
 *       severity: high            # critical | high | medium | low | info
 *       kind: technical           # technical | attestation
 *       title_ja: ...   title_en: ...
 *       rationale_ja: ...   rationale_en: ...
 *       remediation_ja: ...   remediation_en: ...
 *       query: |
 *         SELECT resource, status, reason FROM ...
 *
 * The query returns one row per resource examined, passing ones included,
 * with status ok | alarm | info | skip | error. Shipped packs (the checks folder)
 * are compiled in; a site adds its own folder with --checks DIR. The loader
 * validates everything against the catalogue and reports every problem with
 * file:line:column.
 */
#ifndef EG_CHECKS_H
#define EG_CHECKS_H

#include <stddef.h>

#include "../util/diag.h"
#include "../util/err.h"
#include "catalog.h"
#include "run.h"

struct eg_check {
	const char *id;
	const char **measures;     /* measure IDs, validated */
	size_t nmeasures;
	enum eg_severity severity;
	enum eg_check_kind kind;
	const char *title_ja, *title_en;
	const char *rationale_ja, *rationale_en;
	const char *remediation_ja, *remediation_en;
	const char *query;
	const char *file;          /* pack file it came from */
	unsigned line;             /* line of its id */
};

struct eg_checks;

/* An empty set. OUT: eg_checks_free. NULL on exhaustion. */
struct eg_checks *eg_checks_new(void);
void eg_checks_free(struct eg_checks *cs);

/*
 * Adds the checks of one pack (YAML text, named file in messages),
 * validated against cat. Returns 0, or EG_E_PARSE / EG_E_LIMIT with
 * diagnostics in d (nothing of a failing pack is added). A check id already
 * present is an error.
 */
int eg_checks_add_pack(struct eg_checks *cs, const struct eg_catalog *cat,
		       const char *file, const char *data, size_t len,
		       struct eg_diags *d);

/* Adds the packs compiled into the binary. */
int eg_checks_add_builtin(struct eg_checks *cs, const struct eg_catalog *cat,
			  struct eg_diags *d);

/* Adds every *.yaml file of a folder (not recursive, sorted by name). */
int eg_checks_add_dir(struct eg_checks *cs, const struct eg_catalog *cat,
		      const char *dir, struct eg_diags *d);

size_t eg_checks_count(const struct eg_checks *cs);
const struct eg_check *eg_checks_get(const struct eg_checks *cs, size_t i);
const struct eg_check *eg_checks_find(const struct eg_checks *cs,
				      const char *id);

/* 1 when check c gives evidence for measure id. */
int eg_check_maps(const struct eg_check *c, const char *measure_id);

#endif
