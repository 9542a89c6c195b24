/*
 * due.h: what is due. Every organisational obligation of a site - policy
 * reviews, education, audits, drills and periodic checks per theme, budget,
 * media and physical-access reviews, partner reviews, key and certificate
 * rotation, waiver and evidence expiries - with its interval (the spec's,
 * else the catalogue's, via eg_spec_cadence), when it was last done (the
 * effective records of the store, the spec's own dates, stored audit runs),
 * when it is next due, and its state. `ecguard status` prints it; the audit's
 * attestation checks must use eg_due_state_of so the two never disagree.
 * docs/status.md is the user's description of every rule here.
 */
#ifndef EG_DUE_H
#define EG_DUE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "catalog.h"
#include "records.h"
#include "spec.h"
#include "store.h"

enum eg_due_state {
	EG_DUE_OK,         /* next due after the horizon */
	EG_DUE_SOON,       /* next due from today through the horizon */
	EG_DUE_OVERDUE,    /* next due before today */
	EG_DUE_NEVER,      /* never done, so no due date */
};

/* "ok", "due_soon", "overdue", "never". */
const char *eg_due_state_name(enum eg_due_state st);

/*
 * The one rule: due is the next due day (EG_NO_DATE when never done),
 * today the current day, horizon today + --within. A due date equal to
 * today is due_soon (still on time today); the day after it is overdue.
 */
enum eg_due_state eg_due_state_of(int32_t due, int32_t today,
				  int32_t horizon);

struct eg_obligation {
	const char *what;       /* static: a cadence name ("education"),
				   "rotation", "waiver" or "evidence" */
	char theme[4];          /* "T02", or "" for site-wide ones */
	char *subject;          /* policy document, partner, secret, waiver
				   target, evidence path; NULL for theme ones */
	char *interval;         /* "12m"; NULL for expiries */
	const char *source;     /* static: where the interval came from
				   (eg_cadence_source_name, "policy",
				   "partner", "secret"); NULL for expiries */
	int32_t last;           /* EG_NO_DATE: never */
	int32_t due;            /* EG_NO_DATE: never */
	enum eg_due_state state;
};

/*
 * Computes every obligation of spec against the records in s (NULL: no
 * store yet, so only the spec's own dates count). Returns 0 (*n may be 0),
 * EG_E_SQL, EG_E_NOMEM. OUT: *out, freed with eg_obligations_free.
 */
int eg_due_compute(struct eg_store *s, const struct eg_spec *spec,
		   const struct eg_catalog *cat, int32_t today,
		   int32_t horizon, struct eg_obligation **out, size_t *n,
		   struct eg_err *e);

/*
 * The same, as the store stood when the stored run asof_run ended: only
 * records entered by then (ids up to the run's own periodic-check record),
 * superseded only by corrections entered by then, and audit runs started
 * by then count. For re-rendering a stored run as it was (`ecguard report
 * RUN`). asof_run NULL is eg_due_compute; a run the store does not have is
 * EG_E_NOTFOUND.
 */
int eg_due_compute_asof(struct eg_store *s, const struct eg_spec *spec,
			const struct eg_catalog *cat, int32_t today,
			int32_t horizon, const char *asof_run,
			struct eg_obligation **out, size_t *n,
			struct eg_err *e);

/*
 * When the stored run run_id ended (into when, "" when unknown) and the
 * greatest record id entered by then (*max_id; -1 when there was none). Returns 0,
 * EG_E_NOTFOUND (no such run) or EG_E_SQL.
 */
int eg_due_asof(struct eg_store *s, const char *run_id, char *when,
		size_t nwhen, int64_t *max_id, struct eg_err *e);
void eg_obligations_free(struct eg_obligation *v, size_t n);

#endif
