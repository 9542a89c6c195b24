/*
 * rundiff.c: comparing two runs (the rules are in rundiff.h). Each run's
 * results are sorted once by (check id, resource) and looked up by binary
 * search, so a diff of two runs of n results costs n log n.
 */
#include "rundiff.h"

#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/mem.h"

struct key {
	const char *check;
	const char *resource;
	const struct eg_run_result *r;
};

static int key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c = strcmp(a->check, b->check);
	return c != 0 ? c : strcmp(a->resource, b->resource);
}

static const char *str(const char *s)
{
	return s != NULL ? s : "";
}

/* The results of run as keys, sorted. OUT: caller frees. */
static struct key *keys_of(const struct eg_run *run)
{
	struct key *k = eg_calloc(run->nresults, sizeof(*k));
	if (k == NULL)
		return NULL;
	for (size_t i = 0; i < run->nresults; i++) {
		k[i].check = str(run->checks[run->results[i].check].id);
		k[i].resource = str(run->results[i].resource);
		k[i].r = &run->results[i];
	}
	qsort(k, run->nresults, sizeof(*k), key_cmp);
	return k;
}

/* The rows of keys equal to want: [*lo, *hi). */
static void range(const struct key *keys, size_t n, const struct key *want,
		  size_t *lo, size_t *hi)
{
	size_t l = 0, h = n;
	while (l < h) {
		size_t m = l + (h - l) / 2;
		if (key_cmp(&keys[m], want) < 0)
			l = m + 1;
		else
			h = m;
	}
	*lo = l;
	while (l < n && key_cmp(&keys[l], want) == 0)
		l++;
	*hi = l;
}

/* The first row of [lo, hi) with status st, or NULL. */
static const struct eg_run_result *with_status(const struct key *keys,
					       size_t lo, size_t hi,
					       enum eg_status st)
{
	for (size_t i = lo; i < hi; i++)
		if (keys[i].r->status == st)
			return keys[i].r;
	return NULL;
}

/* A check of B and whether it ran without a skip or an error. */
struct ran {
	const char *id;
	int clean;
};

static int ran_cmp(const void *x, const void *y)
{
	return strcmp(((const struct ran *)x)->id, ((const struct ran *)y)->id);
}

/* The checks of run, sorted by id. OUT: caller frees. */
static struct ran *ran_of(const struct eg_run *run)
{
	struct ran *v = eg_calloc(run->nchecks, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (size_t c = 0; c < run->nchecks; c++) {
		v[c].id = str(run->checks[c].id);
		v[c].clean = 1;
	}
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].status == EG_ST_SKIP ||
		    run->results[i].status == EG_ST_ERROR)
			v[run->results[i].check].clean = 0;
	qsort(v, run->nchecks, sizeof(*v), ran_cmp);
	return v;
}

/* 1 when B ran the check id (every entry of that id) cleanly. */
static int ran_cleanly(const struct ran *v, size_t n, const char *id)
{
	size_t l = 0, h = n;
	while (l < h) {
		size_t m = l + (h - l) / 2;
		if (strcmp(v[m].id, id) < 0)
			l = m + 1;
		else
			h = m;
	}
	int found = 0;
	for (; l < n && strcmp(v[l].id, id) == 0; l++) {
		if (!v[l].clean)
			return 0;
		found = 1;
	}
	return found;
}

static int push(struct eg_run_diff *d, enum eg_diff_kind k,
		const struct eg_run *run, const struct eg_run_result *r,
		const struct eg_run_result *now)
{
	size_t n = d->n[k];
	/* Grow in powers of two: whether the array is full follows from n. */
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		size_t cap = n < 8 ? 8 : n * 2;
		struct eg_diff_item *p =
			eg_reallocarray(d->items[k], cap, sizeof(*p));
		if (p == NULL)
			return EG_E_NOMEM;
		d->items[k] = p;
	}
	d->items[k][n].result = r;
	d->items[k][n].check = &run->checks[r->check];
	d->items[k][n].now = now;
	d->n[k]++;
	return 0;
}

static int item_cmp(const void *x, const void *y)
{
	const struct eg_diff_item *a = x, *b = y;
	if (a->check->severity != b->check->severity)
		return a->check->severity > b->check->severity ? -1 : 1;
	int c = strcmp(str(a->check->id), str(b->check->id));
	return c != 0 ? c : strcmp(str(a->result->resource),
				   str(b->result->resource));
}

int eg_run_diff(const struct eg_run *a, const struct eg_run *b,
		struct eg_run_diff *out)
{
	memset(out, 0, sizeof(*out));
	int rc = EG_E_NOMEM;
	struct key *ka = keys_of(a), *kb = keys_of(b);
	struct ran *rb = ran_of(b);
	if (ka == NULL || kb == NULL || rb == NULL)
		goto out;
	for (size_t i = 0; i < b->nresults; i++) {
		const struct eg_run_result *r = &b->results[i];
		struct key want = {str(b->checks[r->check].id), str(r->resource),
				   r};
		size_t lo, hi;
		if (r->status == EG_ST_WAIVED) {
			if (push(out, EG_DIFF_WAIVED, b, r, NULL) != 0)
				goto out;
		} else if (r->status == EG_ST_ALARM) {
			range(ka, a->nresults, &want, &lo, &hi);
			int was = with_status(ka, lo, hi, EG_ST_ALARM) != NULL;
			if (push(out, was ? EG_DIFF_OPEN : EG_DIFF_NEW, b, r,
				 NULL) != 0)
				goto out;
		}
	}
	for (size_t i = 0; i < a->nresults; i++) {
		const struct eg_run_result *r = &a->results[i];
		if (r->status != EG_ST_ALARM)
			continue;
		struct key want = {str(a->checks[r->check].id), str(r->resource),
				   r};
		size_t lo, hi;
		range(kb, b->nresults, &want, &lo, &hi);
		const struct eg_run_result *now;
		enum eg_diff_kind k;
		if (with_status(kb, lo, hi, EG_ST_ALARM) != NULL ||
		    with_status(kb, lo, hi, EG_ST_WAIVED) != NULL)
			continue;   /* listed from B's side */
		if ((now = with_status(kb, lo, hi, EG_ST_OK)) != NULL ||
		    (now = with_status(kb, lo, hi, EG_ST_INFO)) != NULL)
			k = EG_DIFF_FIXED;
		else if ((now = with_status(kb, lo, hi, EG_ST_ERROR)) != NULL ||
			 (now = with_status(kb, lo, hi, EG_ST_SKIP)) != NULL)
			k = EG_DIFF_UNVERIFIED;
		else
			k = ran_cleanly(rb, b->nchecks, want.check)
				    ? EG_DIFF_FIXED
				    : EG_DIFF_UNVERIFIED;
		if (push(out, k, a, r, now) != 0)
			goto out;
	}
	for (int k = 0; k < EG_DIFF_NKINDS; k++)
		if (out->n[k] > 1)
			qsort(out->items[k], out->n[k], sizeof(struct eg_diff_item),
			      item_cmp);
	rc = 0;
out:
	free(ka);
	free(kb);
	free(rb);
	if (rc != 0)
		eg_run_diff_free(out);
	return rc;
}

void eg_run_diff_free(struct eg_run_diff *d)
{
	if (d == NULL)
		return;
	for (int k = 0; k < EG_DIFF_NKINDS; k++)
		free(d->items[k]);
	memset(d, 0, sizeof(*d));
}

const char *eg_diff_kind_name(enum eg_diff_kind k)
{
	static const char *const names[EG_DIFF_NKINDS] = {
		"new", "fixed", "open", "waived", "unverified"};
	return (unsigned)k < EG_DIFF_NKINDS ? names[k] : "open";
}
