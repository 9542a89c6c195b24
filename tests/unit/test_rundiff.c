/*
 * Unit tests: comparing two runs. Every rule of rundiff.h on one pair of
 * runs: new, open, fixed (looked and found nothing), waived, not verified
 * (skip, error, check not run, check incomplete), an expired waiver coming
 * back as new, and the order of each list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/rundiff.h"
#include "core/run.h"

static size_t check(struct eg_run *r, const char *id, enum eg_severity sev)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return i;
	char *ms[] = {"T02.01"};
	struct eg_run_check c = {.id = (char *)id, .measures = ms,
				 .nmeasures = 1, .severity = sev};
	size_t idx;
	assert_int_equal(eg_run_add_check(r, &c, &idx), 0);
	return idx;
}

static void add(struct eg_run *r, const char *cid, enum eg_severity sev,
		const char *res, enum eg_status st, const char *reason)
{
	assert_int_equal(eg_run_add_result(r, check(r, cid, sev), res, st,
					   reason, st == EG_ST_WAIVED ? "w" : NULL),
			 0);
}

static struct eg_run *run(const char *id)
{
	struct eg_run *r = eg_run_new();
	assert_non_null(r);
	eg_run_set(&r->id, id);
	eg_run_set(&r->started_at, "2026-01-01T00:00:00Z");
	return r;
}

/* "check resource" of each item of kind k, joined with "; ". */
static void items(const struct eg_run_diff *d, enum eg_diff_kind k,
		  char *out, size_t n)
{
	out[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < d->n[k]; i++) {
		int w = snprintf(out + used, n - used, "%s%s %s",
				 i ? "; " : "", d->items[k][i].check->id,
				 d->items[k][i].result->resource);
		assert_true(w > 0 && (size_t)w < n - used);
		used += (size_t)w;
	}
}

static void test_rules(void **state)
{
	(void)state;
	struct eg_run *a = run("A"), *b = run("B");
	add(a, "c1", EG_SEV_HIGH, "r1", EG_ST_ALARM, "a1");
	add(a, "c1", EG_SEV_HIGH, "r2", EG_ST_ALARM, "a2");
	add(a, "c1", EG_SEV_HIGH, "r3", EG_ST_OK, "");
	add(a, "c2", EG_SEV_CRITICAL, "r1", EG_ST_ALARM, "a3");
	add(a, "c3", EG_SEV_LOW, "x", EG_ST_ALARM, "a4");
	add(a, "c4", EG_SEV_MEDIUM, "y", EG_ST_ALARM, "a5");
	add(a, "c5", EG_SEV_MEDIUM, "z", EG_ST_ALARM, "a6");
	add(a, "c6", EG_SEV_LOW, "w", EG_ST_ALARM, "a7");
	add(a, "c7", EG_SEV_CRITICAL, "q", EG_ST_WAIVED, "a8");
	add(a, "c8", EG_SEV_INFO, "i", EG_ST_ALARM, "a9");

	add(b, "c1", EG_SEV_HIGH, "r1", EG_ST_ALARM, "b1");     /* open */
	add(b, "c1", EG_SEV_HIGH, "r2", EG_ST_OK, "fine");      /* fixed */
	add(b, "c1", EG_SEV_HIGH, "r3", EG_ST_ALARM, "b3");     /* new */
	add(b, "c2", EG_SEV_CRITICAL, "r1", EG_ST_SKIP, "no file"); /* unverified */
	add(b, "c3", EG_SEV_LOW, "other", EG_ST_OK, "");        /* x gone: fixed */
	add(b, "c4", EG_SEV_MEDIUM, "other", EG_ST_ERROR, "query failed");
							       /* y: unverified */
	/* c5 did not run in B: z unverified */
	add(b, "c6", EG_SEV_LOW, "w", EG_ST_WAIVED, "b7");      /* waived */
	add(b, "c7", EG_SEV_CRITICAL, "q", EG_ST_ALARM, "b8");  /* waiver expired: new */
	add(b, "c8", EG_SEV_INFO, "i", EG_ST_INFO, "");         /* fixed */

	struct eg_run_diff d;
	char s[1024];
	assert_int_equal(eg_run_diff(a, b, &d), 0);
	items(&d, EG_DIFF_NEW, s, sizeof(s));
	/* Highest severity first. */
	assert_string_equal(s, "c7 q; c1 r3");
	items(&d, EG_DIFF_OPEN, s, sizeof(s));
	assert_string_equal(s, "c1 r1");
	assert_string_equal(d.items[EG_DIFF_OPEN][0].result->reason, "b1");
	items(&d, EG_DIFF_FIXED, s, sizeof(s));
	assert_string_equal(s, "c1 r2; c3 x; c8 i");
	/* Fixed items show the old alarm, and what B saw when it did. */
	assert_string_equal(d.items[EG_DIFF_FIXED][0].result->reason, "a2");
	assert_string_equal(d.items[EG_DIFF_FIXED][0].now->reason, "fine");
	assert_null(d.items[EG_DIFF_FIXED][1].now);
	items(&d, EG_DIFF_WAIVED, s, sizeof(s));
	assert_string_equal(s, "c6 w");
	items(&d, EG_DIFF_UNVERIFIED, s, sizeof(s));
	assert_string_equal(s, "c2 r1; c4 y; c5 z");
	assert_int_equal(d.items[EG_DIFF_UNVERIFIED][0].now->status, EG_ST_SKIP);
	assert_null(d.items[EG_DIFF_UNVERIFIED][1].now);
	assert_null(d.items[EG_DIFF_UNVERIFIED][2].now);
	/* Items point into their own run. */
	assert_ptr_equal(d.items[EG_DIFF_NEW][0].check, &b->checks[d.items[EG_DIFF_NEW][0].result->check]);
	assert_ptr_equal(d.items[EG_DIFF_FIXED][0].check, &a->checks[0]);
	eg_run_diff_free(&d);
	eg_run_free(a);
	eg_run_free(b);
}

static void test_empty_and_same(void **state)
{
	(void)state;
	struct eg_run *a = run("A"), *b = run("B");
	struct eg_run_diff d;
	assert_int_equal(eg_run_diff(a, b, &d), 0);
	for (int k = 0; k < EG_DIFF_NKINDS; k++)
		assert_int_equal(d.n[k], 0);
	eg_run_diff_free(&d);
	/* A run against itself: all alarms open, nothing new or fixed. */
	add(a, "c1", EG_SEV_HIGH, "r1", EG_ST_ALARM, "x");
	add(a, "c1", EG_SEV_HIGH, "r1", EG_ST_ALARM, "dup");
	add(a, "c2", EG_SEV_LOW, "r2", EG_ST_ERROR, "x");
	assert_int_equal(eg_run_diff(a, a, &d), 0);
	assert_int_equal(d.n[EG_DIFF_OPEN], 2);
	assert_int_equal(d.n[EG_DIFF_NEW] + d.n[EG_DIFF_FIXED] +
				 d.n[EG_DIFF_UNVERIFIED] + d.n[EG_DIFF_WAIVED],
			 0);
	eg_run_diff_free(&d);
	eg_run_diff_free(NULL);
	assert_string_equal(eg_diff_kind_name(EG_DIFF_UNVERIFIED), "unverified");
	eg_run_free(a);
	eg_run_free(b);
}

static void test_many(void **state)
{
	(void)state;
	/* Enough rows to go through the arrays' growth and the sort. */
	struct eg_run *a = run("A"), *b = run("B");
	char res[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(res, sizeof(res), "f%04d", i);
		add(a, "c", EG_SEV_MEDIUM, res, EG_ST_ALARM, "");
		add(b, "c", EG_SEV_MEDIUM, res,
		    i % 3 == 0 ? EG_ST_OK : EG_ST_ALARM, "");
	}
	struct eg_run_diff d;
	assert_int_equal(eg_run_diff(a, b, &d), 0);
	assert_int_equal(d.n[EG_DIFF_FIXED], 1000);
	assert_int_equal(d.n[EG_DIFF_OPEN], 2000);
	assert_string_equal(d.items[EG_DIFF_OPEN][0].result->resource, "f0001");
	assert_string_equal(d.items[EG_DIFF_OPEN][1999].result->resource, "f2999");
	eg_run_diff_free(&d);
	eg_run_free(a);
	eg_run_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_empty_and_same),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
