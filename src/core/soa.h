/*
 * soa.h: the Statement of Applicability as plain data. For every measure of
 * the catalogue, in catalogue order: whether it applies (the spec's
 * not_applicable entry and its reason), its owner (the spec's owner of the
 * theme; the spec names owners per theme only), how it is met (what the
 * spec declares for it, the compiled-in checks mapped to it, the effective
 * records that evidence it), its current status (the latest stored audit
 * run's measure status, or not assessed) and its next due date (the
 * obligations of core/due.h that belong to it). `ecguard soa` renders it
 * (src/cmd/cmd_soa.c); docs/soa.md describes every field.
 *
 * Everything is computed for one "today" (eg_today()), so the statement and
 * `ecguard status` on the same day say the same about due dates.
 */
#ifndef EG_SOA_H
#define EG_SOA_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "catalog.h"
#include "checks.h"
#include "due.h"
#include "records.h"
#include "run.h"
#include "spec.h"
#include "spec_status.h"
#include "store.h"

/* One record evidencing a measure. Strings owned by the statement. */
struct eg_soa_record {
	int64_t id;
	char *kind;
	char *date;                 /* effective date YYYY-MM-DD */
	char *by;                   /* NULL when not stated */
	char *summary;              /* NULL when not stated */
	size_t nevidence;
};

struct eg_soa_measure {
	const struct eg_measure *measure;        /* catalogue, borrowed */
	/* Not applicable: the spec's declaration (borrowed), else NULL. */
	const struct eg_spec_not_applicable *na;
	const struct eg_spec_owner *owner;       /* of the theme; NULL: none */
	/* What the spec declares for it. has_spec: the measure is one the
	 * specification answers (spec_status.h), with its state and reason
	 * (translated; "" when specified). items: names of the spec's
	 * elements that address it (policy document, servers, secrets,
	 * partners...), owned; may be empty. */
	int has_spec;
	enum eg_spec_state spec_state;
	char *spec_reason;
	char **items;
	size_t nitems;
	/* Compiled-in checks mapped to it (ids borrowed from the checks). */
	const char **checks;
	size_t nchecks;
	/* Effective records evidencing it, dated today or before, newest
	 * first. */
	struct eg_soa_record *records;
	size_t nrecords;
	/* The latest run's status; EG_MS_NOT_ASSESSED when no run is stored
	 * or the run did not select it. note: the run's note (owned), NULL. */
	enum eg_mstatus status;
	char *note;
	/* Due: ndue obligations belong to it; due_state the worst of them
	 * (overdue, never, due_soon, ok), next_due the earliest date among
	 * them (EG_NO_DATE when none has one). */
	size_t ndue;
	enum eg_due_state due_state;
	int32_t next_due;
};

struct eg_soa;

/*
 * Builds the statement. checks: the compiled-in checks (or any set); s the
 * store (NULL: none yet, so no records, no run, every measure not
 * assessed); today the day to compute due dates for, horizon today +
 * the due_soon window. Returns 0 and *out, or EG_E_SQL / EG_E_PARSE (a
 * damaged store) / EG_E_NOMEM with e set. OUT: *out, freed with
 * eg_soa_free.
 */
int eg_soa_build(const struct eg_catalog *cat, const struct eg_spec *spec,
		 const struct eg_checks *checks, struct eg_store *s,
		 int32_t today, int32_t horizon, struct eg_soa **out,
		 struct eg_err *e);
void eg_soa_free(struct eg_soa *soa);

/* The measures, in catalogue order (all of them). */
size_t eg_soa_nmeasures(const struct eg_soa *soa);
const struct eg_soa_measure *eg_soa_measure(const struct eg_soa *soa,
					    size_t i);

/* The run the statuses come from: its id and started_at, or NULL when no
 * run is stored. */
const char *eg_soa_run_id(const struct eg_soa *soa);
const char *eg_soa_run_started(const struct eg_soa *soa);

/* The day the statement is for. */
int32_t eg_soa_today(const struct eg_soa *soa);

#endif
