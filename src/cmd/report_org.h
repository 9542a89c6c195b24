/*
 * report_org.h: the organisational context of a run for the HTML report
 * (report.h, struct eg_report_org), computed from the store by the two
 * commands that render runs: `audit` (the live store, today) and `report`
 * (the store as it stood when the run ended, the run's date).
 */
#ifndef EG_REPORT_ORG_H
#define EG_REPORT_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "../core/catalog.h"
#include "../core/due.h"
#include "../core/records.h"
#include "../core/spec.h"
#include "../core/store.h"
#include "../report/report.h"

struct eg_report_org_data {
	struct eg_report_org org;            /* points into the fields below */
	char today[11];
	struct eg_obligation *ob;
	size_t nob;
	struct eg_record_info *rec;          /* every record of the store */
	size_t nrec;
	const struct eg_record_info **inforce;   /* those in force */
};

/*
 * Fills d for the day today, from the records and runs of s as they stood
 * when the stored run asof (its id; NULL: now) ended: obligations as
 * `ecguard status` computes them (due_soon horizon 30 days, status's
 * default), and the records in force - entered by then (eg_due_asof),
 * dated today or before, not superseded by a correction entered by then.
 * Returns 0, EG_E_NOTFOUND (no such run), EG_E_SQL, EG_E_NOMEM with e set. OUT: free d with eg_report_org_free (also after
 * an error).
 */
int eg_report_org_load(struct eg_store *s, const struct eg_spec *spec,
		       const struct eg_catalog *cat, int32_t today,
		       const char *asof, struct eg_report_org_data *d,
		       struct eg_err *e);
void eg_report_org_free(struct eg_report_org_data *d);

#endif
