/*
 * soa.c: the Statement of Applicability (soa.h) assembled from what the
 * other modules already compute - spec_status.c for what the spec
 * declares, the check set for the checks of each measure, records.c for
 * the records, the store's latest run for the status, due.c for the due
 * dates - so that the statement never has its own idea of any of them.
 *
 * Which obligations of due.h belong to which measure: a theme's cadence
 * (education, audit, ...) to the theme's measures of the cadence's measure
 * kind; a policy review to the theme's policy (or configuration-policy)
 * measure; partner reviews to every outsourcing measure; and the three the
 * audit judges in one place each (tools/gen_org_checks.py, WAIVERS_MEASURE,
 * EVIDENCE_MEASURE and the T05.06 rotation facet): waivers to T01.01,
 * evidence expiries to T01.07, rotations to T05.06.
 */
#include "soa.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/duration.h"
#include "../util/limits.h"
#include "../util/mem.h"

struct eg_soa {
	struct eg_soa_measure *m;
	size_t n;
	char *run_id, *run_started;
	int32_t today;
};

static const struct {
	const char *what;
	const char *measure;
} fixed_due[] = {
	{"waiver", "T01.01"},
	{"evidence", "T01.07"},
	{"rotation", "T05.06"},
};

size_t eg_soa_nmeasures(const struct eg_soa *soa) { return soa->n; }

const struct eg_soa_measure *eg_soa_measure(const struct eg_soa *soa,
					    size_t i)
{
	return i < soa->n ? &soa->m[i] : NULL;
}

const char *eg_soa_run_id(const struct eg_soa *soa) { return soa->run_id; }

const char *eg_soa_run_started(const struct eg_soa *soa)
{
	return soa->run_started;
}

int32_t eg_soa_today(const struct eg_soa *soa) { return soa->today; }

static void free_record(struct eg_soa_record *r)
{
	free(r->kind);
	free(r->date);
	free(r->by);
	free(r->summary);
}

void eg_soa_free(struct eg_soa *soa)
{
	if (soa == NULL)
		return;
	for (size_t i = 0; i < soa->n; i++) {
		struct eg_soa_measure *m = &soa->m[i];
		free(m->spec_reason);
		for (size_t k = 0; k < m->nitems; k++)
			free(m->items[k]);
		free(m->items);
		free(m->checks);
		for (size_t k = 0; k < m->nrecords; k++)
			free_record(&m->records[k]);
		free(m->records);
		free(m->note);
	}
	free(soa->m);
	free(soa->run_id);
	free(soa->run_started);
	free(soa);
}

static struct eg_soa_measure *find(struct eg_soa *soa, const char *id)
{
	for (size_t i = 0; i < soa->n; i++)
		if (strcmp(soa->m[i].measure->id, id) == 0)
			return &soa->m[i];
	return NULL;
}

/* Appends a copy of s to m's items. */
static int add_item(struct eg_soa_measure *m, const char *s)
{
	char **p = eg_reallocarray(m->items, m->nitems + 1, sizeof(*p));
	if (p == NULL)
		return EG_E_NOMEM;
	m->items = p;
	if ((p[m->nitems] = eg_strdup(s != NULL ? s : "")) == NULL)
		return EG_E_NOMEM;
	m->nitems++;
	return 0;
}

/* "a -> b service", for flows and communications that have no name. */
static int add_pair(struct eg_soa_measure *m, const char *from,
		    const char *to, const char *what)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	eg_buf_addf(&b, "%s -> %s", from != NULL ? from : "?",
		    to != NULL ? to : "?");
	if (what != NULL)
		eg_buf_addf(&b, " %s", what);
	int rc = b.err != 0 ? b.err : add_item(m, eg_buf_str(&b));
	eg_buf_free(&b);
	return rc;
}

/* The spec's elements behind a measure the specification answers, by the
 * subject spec_status.c names, and the partners behind the outsourcing and
 * external-cooperation measures. */
static int spec_items(struct eg_soa_measure *m, const struct eg_spec *spec,
		      const char *subject)
{
	size_t n, i;
	int rc = 0;
	const char *kind = m->measure->kind;
	if (subject != NULL && strcmp(subject, "policy") == 0) {
		char theme[4];
		memcpy(theme, m->measure->id, 3);
		theme[3] = '\0';
		const struct eg_spec_policy *p = eg_spec_find_policy(spec, theme);
		if (p != NULL && p->document != NULL)
			rc = add_item(m, p->document);
	} else if (subject != NULL && (strcmp(subject, "servers") == 0 ||
				       strcmp(subject, "server_services") == 0 ||
				       strcmp(subject, "vulnerability") == 0)) {
		const struct eg_spec_server *v = eg_spec_servers(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_item(m, v[i].name);
	} else if (subject != NULL && strcmp(subject, "services") == 0) {
		const struct eg_spec_server *v = eg_spec_servers(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			for (size_t k = 0; k < v[i].nservices && rc == 0; k++) {
				struct eg_buf b;
				eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
				eg_buf_addf(&b, "%s/%s", v[i].name,
					    v[i].services[k].name);
				rc = b.err != 0 ? b.err : add_item(m, eg_buf_str(&b));
				eg_buf_free(&b);
			}
	} else if (subject != NULL && strcmp(subject, "flows") == 0) {
		const struct eg_spec_flow *v = eg_spec_flows(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_pair(m, v[i].from, v[i].to, v[i].service);
	} else if (subject != NULL && strcmp(subject, "secrets") == 0) {
		const struct eg_spec_secret *v = eg_spec_secrets(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_item(m, v[i].name);
	} else if (subject != NULL && strcmp(subject, "user_data") == 0) {
		const struct eg_spec_user_data *v = eg_spec_user_data(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_item(m, v[i].name);
	} else if (subject != NULL && strcmp(subject, "communications") == 0) {
		const struct eg_spec_comm *v = eg_spec_communications(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = v[i].name != NULL ? add_item(m, v[i].name)
					       : add_pair(m, v[i].from, v[i].to,
							  v[i].protocol);
	} else if (subject != NULL && strcmp(subject, "authentication") == 0) {
		const struct eg_spec_auth_scene *v = eg_spec_auth_scenes(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_item(m, v[i].name != NULL ? v[i].name : v[i].scene);
	} else if (strcmp(kind, "outsourcing") == 0 ||
		   strcmp(kind, "external-cooperation") == 0) {
		const struct eg_spec_partner *v = eg_spec_partners(spec, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = add_item(m, v[i].name);
	}
	return rc;
}

static int fill_spec(struct eg_soa *soa, const struct eg_spec *spec,
		     const struct eg_catalog *cat)
{
	struct eg_spec_status *st = NULL;
	size_t n = 0;
	int rc = eg_spec_assess(spec, cat, &st, &n);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < soa->n && rc == 0; i++) {
		struct eg_soa_measure *m = &soa->m[i];
		const struct eg_spec_status *s = NULL;
		for (size_t k = 0; k < n; k++)
			if (st[k].measure == m->measure)
				s = &st[k];
		if (s != NULL) {
			m->has_spec = 1;
			m->spec_state = s->state;
			if ((m->spec_reason = eg_strdup(s->reason)) == NULL)
				rc = EG_E_NOMEM;
		}
		if (rc == 0)
			rc = spec_items(m, spec, s != NULL ? s->subject : NULL);
	}
	free(st);
	return rc;
}

static int fill_checks(struct eg_soa *soa, const struct eg_checks *cs)
{
	size_t nc = cs != NULL ? eg_checks_count(cs) : 0;
	for (size_t i = 0; i < soa->n; i++) {
		struct eg_soa_measure *m = &soa->m[i];
		for (size_t k = 0; k < nc; k++) {
			const struct eg_check *c = eg_checks_get(cs, k);
			if (!eg_check_maps(c, m->measure->id))
				continue;
			const char **p = eg_reallocarray(m->checks, m->nchecks + 1,
							 sizeof(*p));
			if (p == NULL)
				return EG_E_NOMEM;
			m->checks = p;
			p[m->nchecks++] = c->id;
		}
	}
	return 0;
}

static int copy_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (src != NULL && (*dst = eg_strdup(src)) == NULL)
		return EG_E_NOMEM;
	return 0;
}

/* The effective records of the store (nobody superseded them, dated today
 * or before, a real date: the records due.c counts) under each measure
 * they name, newest first. */
static int fill_records(struct eg_soa *soa, struct eg_store *s,
			struct eg_err *e)
{
	struct eg_record_info *v = NULL;
	size_t n = 0;
	int rc = eg_records_list(s, NULL, NULL, &v, &n, e);
	if (rc != 0)
		return rc;
	/* Oldest first from the list; walking it backwards gives newest
	 * first (by date, then id) under every measure. */
	for (size_t i = n; i-- > 0 && rc == 0;) {
		const struct eg_record_info *r = &v[i];
		int32_t d;
		if (r->superseded_by != 0 || r->date == NULL ||
		    eg_date_parse(r->date, &d) != 0 || d > soa->today)
			continue;
		for (size_t k = 0; k < r->nmeasures && rc == 0; k++) {
			struct eg_soa_measure *m = find(soa, r->measures[k]);
			if (m == NULL)
				continue;
			struct eg_soa_record *p = eg_reallocarray(
				m->records, m->nrecords + 1, sizeof(*p));
			if (p == NULL) {
				rc = EG_E_NOMEM;
				break;
			}
			m->records = p;
			p = &p[m->nrecords];
			memset(p, 0, sizeof(*p));
			m->nrecords++;
			p->id = r->id;
			p->nevidence = r->nevidence;
			if (copy_opt(&p->kind, r->kind) != 0 ||
			    copy_opt(&p->date, r->date) != 0 ||
			    copy_opt(&p->by, r->by) != 0 ||
			    copy_opt(&p->summary, r->summary) != 0)
				rc = EG_E_NOMEM;
		}
	}
	eg_record_infos_free(v, n);
	if (rc == EG_E_NOMEM)
		return eg_err_set(e, rc, "out of memory");
	return rc;
}

static int fill_status(struct eg_soa *soa, struct eg_store *s,
		       struct eg_err *e)
{
	struct eg_run *run = NULL;
	int rc = eg_store_load_run(s, "latest", &run, e);
	if (rc == EG_E_NOTFOUND) {
		eg_err_clear(e);
		return 0;              /* no run yet: not assessed */
	}
	if (rc != 0)
		return rc;
	if (copy_opt(&soa->run_id, run->id) != 0 ||
	    copy_opt(&soa->run_started, run->started_at) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < run->nmeasures; i++) {
		struct eg_soa_measure *m = find(soa, run->measures[i].id);
		if (m == NULL)
			continue;
		m->status = run->measures[i].status;
		if (copy_opt(&m->note, run->measures[i].note) != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
out:
	eg_run_free(run);
	return rc;
}

/* How late a state is, for picking the worst: overdue, never, due soon,
 * ok (as `ecguard status` orders them). */
static int lateness(enum eg_due_state st)
{
	switch (st) {
	case EG_DUE_OVERDUE: return 3;
	case EG_DUE_NEVER: return 2;
	case EG_DUE_SOON: return 1;
	default: return 0;
	}
}

static void add_due(struct eg_soa_measure *m, const struct eg_obligation *o)
{
	if (m->ndue == 0 || lateness(o->state) > lateness(m->due_state))
		m->due_state = o->state;
	if (o->due != EG_NO_DATE &&
	    (m->next_due == EG_NO_DATE || o->due < m->next_due))
		m->next_due = o->due;
	m->ndue++;
}

/* The cadence called name, or EG_CAD_COUNT. */
static enum eg_cadence cadence_of(const char *name)
{
	for (int k = 0; k < EG_CAD_COUNT; k++)
		if (strcmp(eg_cadence_name((enum eg_cadence)k), name) == 0)
			return (enum eg_cadence)k;
	return EG_CAD_COUNT;
}

static void fill_due(struct eg_soa *soa, const struct eg_obligation *ob,
		     size_t nob)
{
	for (size_t i = 0; i < nob; i++) {
		const struct eg_obligation *o = &ob[i];
		int fixed = 0;
		for (size_t k = 0; k < sizeof(fixed_due) / sizeof(fixed_due[0]); k++) {
			if (strcmp(o->what, fixed_due[k].what) != 0)
				continue;
			struct eg_soa_measure *m = find(soa, fixed_due[k].measure);
			if (m != NULL)
				add_due(m, o);
			fixed = 1;
		}
		if (fixed)
			continue;
		enum eg_cadence cad = cadence_of(o->what);
		if (cad == EG_CAD_COUNT)
			continue;
		const char *mk = eg_cadence_measure_kind(cad);
		for (size_t j = 0; j < soa->n; j++) {
			struct eg_soa_measure *m = &soa->m[j];
			/* Partner reviews are site-wide; the rest per theme. */
			if (o->theme[0] != '\0' &&
			    strncmp(m->measure->id, o->theme, 3) != 0)
				continue;
			if (eg_measure_kind_matches(mk, m->measure->kind) &&
			    m->na == NULL)
				add_due(m, o);
		}
	}
}

int eg_soa_build(const struct eg_catalog *cat, const struct eg_spec *spec,
		 const struct eg_checks *checks, struct eg_store *s,
		 int32_t today, int32_t horizon, struct eg_soa **out,
		 struct eg_err *e)
{
	struct eg_soa *soa = NULL;
	struct eg_obligation *ob = NULL;
	size_t nob = 0;
	int rc;
	*out = NULL;
	soa = calloc(1, sizeof(*soa));
	if (soa == NULL ||
	    (soa->m = eg_calloc(eg_catalog_nmeasures(cat) + 1,
				sizeof(*soa->m))) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	soa->today = today;
	for (size_t t = 0; t < eg_catalog_nthemes(cat); t++) {
		const struct eg_theme *th = eg_catalog_theme(cat, t);
		for (size_t k = 0; k < th->nmeasures &&
				   soa->n < eg_catalog_nmeasures(cat); k++) {
			struct eg_soa_measure *m = &soa->m[soa->n++];
			m->measure = &th->measures[k];
			m->na = eg_spec_find_not_applicable(spec, m->measure->id);
			m->owner = eg_spec_find_owner(spec, th->id);
			m->status = m->na != NULL ? EG_MS_NOT_APPLICABLE
						  : EG_MS_NOT_ASSESSED;
			m->due_state = EG_DUE_OK;
			m->next_due = EG_NO_DATE;
		}
	}
	if ((rc = fill_spec(soa, spec, cat)) != 0 ||
	    (rc = fill_checks(soa, checks)) != 0) {
		rc = eg_err_set(e, rc, "out of memory");
		goto out;
	}
	if (s != NULL && ((rc = fill_records(soa, s, e)) != 0 ||
			  (rc = fill_status(soa, s, e)) != 0))
		goto out;
	if ((rc = eg_due_compute(s, spec, cat, today, horizon, &ob, &nob,
				 e)) != 0)
		goto out;
	fill_due(soa, ob, nob);
	*out = soa;
	soa = NULL;
out:
	eg_obligations_free(ob, nob);
	eg_soa_free(soa);
	return rc;
}
