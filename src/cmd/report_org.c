/*
 * report_org.c: the organisational context of a run for the HTML report
 * (report_org.h). The due dates come from core/due.c, the records from
 * core/records.c; this file only picks what was in force at the time.
 */
#include "report_org.h"

#include <stdlib.h>
#include <string.h>

#include "../util/duration.h"

void eg_report_org_free(struct eg_report_org_data *d)
{
	eg_obligations_free(d->ob, d->nob);
	eg_record_infos_free(d->rec, d->nrec);
	free(d->inforce);
	memset(d, 0, sizeof(*d));
}

/* The record with id in v, or NULL. */
static const struct eg_record_info *by_id(const struct eg_record_info *v,
					  size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/* 1 when r counts for today as the store stood at record id asof_id
 * (0: now; -1: before any record): entered by then, a real date not after today, and no
 * correction of it entered by then. */
static int in_force(const struct eg_record_info *v, size_t n,
		    const struct eg_record_info *r, int32_t today,
		    int64_t asof_id)
{
	int32_t d;
	if (r->date == NULL || eg_date_parse(r->date, &d) != 0 || d > today)
		return 0;
	if (asof_id != 0 && r->id > asof_id)
		return 0;
	if (r->superseded_by == 0)
		return 1;
	if (asof_id == 0)
		return 0;
	const struct eg_record_info *x = by_id(v, n, r->superseded_by);
	return x != NULL && x->id > asof_id;
}

int eg_report_org_load(struct eg_store *s, const struct eg_spec *spec,
		       const struct eg_catalog *cat, int32_t today,
		       const char *asof, struct eg_report_org_data *d,
		       struct eg_err *e)
{
	struct eg_duration soon = {30, 'd'};
	int64_t asof_id = 0;
	char when[40];
	int rc;
	memset(d, 0, sizeof(*d));
	if (asof != NULL && s != NULL &&
	    (rc = eg_due_asof(s, asof, when, sizeof(when), &asof_id, e)) != 0)
		return rc;
	eg_date_format(today, d->today);
	if ((rc = eg_due_compute_asof(s, spec, cat, today,
				      eg_date_add(today, &soon), asof, &d->ob,
				      &d->nob, e)) != 0 ||
	    (rc = eg_records_list(s, NULL, NULL, &d->rec, &d->nrec, e)) != 0)
		return rc;
	d->inforce = calloc(d->nrec + 1, sizeof(*d->inforce));
	if (d->inforce == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < d->nrec; i++)
		if (in_force(d->rec, d->nrec, &d->rec[i], today, asof_id))
			d->inforce[k++] = &d->rec[i];
	d->org.today = d->today;
	d->org.obligations = d->ob;
	d->org.nobligations = d->nob;
	d->org.records = d->inforce;
	d->org.nrecords = k;
	return 0;
}
