/*
 * Unit tests: the folding rule of docs/assessment.md, and the check-pack
 * loader's validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/assess.h"
#include "core/catalog.h"
#include "core/checks.h"
#include "core/run.h"
#include "util/i18n.h"

static const struct eg_catalog *cat(void)
{
	struct eg_err e;
	eg_err_clear(&e);
	return eg_catalog_builtin(&e);
}

static size_t add_check(struct eg_run *run, const char *id, const char *m1,
			const char *m2, enum eg_severity sev)
{
	char *ms[2] = {(char *)m1, (char *)m2};
	struct eg_run_check c;
	memset(&c, 0, sizeof(c));
	c.id = (char *)id;
	c.measures = ms;
	c.nmeasures = m2 ? 2 : 1;
	c.severity = sev;
	c.title_en = (char *)id;
	size_t idx;
	assert_int_equal(eg_run_add_check(run, &c, &idx), 0);
	return idx;
}

static const struct eg_run_measure *measure(const struct eg_run *run,
					    const char *id)
{
	for (size_t i = 0; i < run->nmeasures; i++)
		if (strcmp(run->measures[i].id, id) == 0)
			return &run->measures[i];
	static const struct eg_run_measure none;
	fail_msg("no measure %s", id);
	return &none;
}

static const struct eg_run_theme *theme(const struct eg_run *run, const char *id)
{
	for (size_t i = 0; i < run->nthemes; i++)
		if (strcmp(run->themes[i].id, id) == 0)
			return &run->themes[i];
	static const struct eg_run_theme none;
	fail_msg("no theme %s", id);
	return &none;
}

static void test_fold(void **state)
{
	(void)state;
	struct eg_run *run = eg_run_new();
	size_t a = add_check(run, "a", "T02.07", "T08.05", EG_SEV_HIGH);
	size_t b = add_check(run, "b", "T02.07", NULL, EG_SEV_LOW);
	size_t c = add_check(run, "c", "T03.08", NULL, EG_SEV_CRITICAL);
	size_t d = add_check(run, "d", "T04.09", NULL, EG_SEV_MEDIUM);
	size_t w = add_check(run, "w", "T05.04", NULL, EG_SEV_HIGH);
	/* T02.07: high ok x1 (5) + low alarm x1 (1) -> 83, partial */
	eg_run_add_result(run, a, "r1", EG_ST_OK, "", NULL);
	eg_run_add_result(run, b, "r2", EG_ST_ALARM, "", NULL);
	/* T03.08: one critical alarm among passes -> not_met */
	eg_run_add_result(run, c, "r3", EG_ST_ALARM, "", NULL);
	eg_run_add_result(run, c, "r4", EG_ST_OK, "", NULL);
	eg_run_add_result(run, c, "r5", EG_ST_OK, "", NULL);
	/* T04.09: only skips and errors -> not_assessed */
	eg_run_add_result(run, d, "r6", EG_ST_SKIP, "", NULL);
	eg_run_add_result(run, d, "r7", EG_ST_ERROR, "", NULL);
	eg_run_add_result(run, d, "r8", EG_ST_INFO, "", NULL);
	/* T05.04: a waived alarm counts as accepted -> met */
	eg_run_add_result(run, w, "r9", EG_ST_WAIVED, "", "x");
	struct eg_na_decl na[] = {{"T06.04", "no user data stored here"}};
	assert_int_equal(eg_assess(run, cat(), na, 1, NULL, 0), 0);
	assert_int_equal(run->nmeasures, 100);
	assert_int_equal(run->nthemes, 11);
	assert_int_equal(measure(run, "T02.07")->status, EG_MS_PARTIAL);
	assert_int_equal(measure(run, "T02.07")->ok, 1);
	assert_int_equal(measure(run, "T02.07")->alarm, 1);
	assert_int_equal(measure(run, "T08.05")->status, EG_MS_MET);
	assert_int_equal(measure(run, "T03.08")->status, EG_MS_NOT_MET);
	assert_int_equal(measure(run, "T04.09")->status, EG_MS_NOT_ASSESSED);
	assert_non_null(strstr(measure(run, "T04.09")->note, "failed to run"));
	assert_int_equal(measure(run, "T05.04")->status, EG_MS_MET);
	assert_int_equal(measure(run, "T05.04")->waived, 1);
	assert_int_equal(measure(run, "T06.04")->status, EG_MS_NOT_APPLICABLE);
	assert_string_equal(measure(run, "T06.04")->note, "no user data stored here");
	assert_int_equal(measure(run, "T01.01")->status, EG_MS_NOT_ASSESSED);
	/* Themes: T02 has one assessed measure with score 83. */
	assert_int_equal(theme(run, "T02")->score, 83);
	assert_int_equal(theme(run, "T02")->status, EG_MS_PARTIAL);
	/* T03.08: 20 good of 30 -> 67, but not_met because critical. */
	assert_int_equal(theme(run, "T03")->score, 67);
	assert_int_equal(theme(run, "T03")->status, EG_MS_NOT_MET);
	assert_int_equal(theme(run, "T04")->score, -1);
	assert_int_equal(theme(run, "T04")->status, EG_MS_NOT_ASSESSED);
	assert_int_equal(theme(run, "T05")->score, 100);
	assert_int_equal(theme(run, "T08")->score, 100);
	assert_int_equal(theme(run, "T01")->score, -1);
	/* Overall: mean of 83, 67, 100, 100 = 87.5 -> 88 */
	assert_int_equal(run->score, 88);
	struct eg_run_summary s;
	eg_run_summarize(run, &s);
	assert_int_equal(s.alarm, 2);
	assert_int_equal(s.alarm_by_severity[EG_SEV_CRITICAL], 1);
	assert_int_equal(s.alarm_by_severity[EG_SEV_LOW], 1);
	assert_int_equal(s.waived, 1);
	assert_int_equal(s.skip, 1);
	assert_int_equal(s.error, 1);
	assert_int_equal(s.measures_by_status[EG_MS_NOT_APPLICABLE], 1);
	eg_run_free(run);
}

static void test_only(void **state)
{
	(void)state;
	struct eg_run *run = eg_run_new();
	const char *only[] = {"T02", "T05.03"};
	assert_int_equal(eg_assess(run, cat(), NULL, 0, only, 2), 0);
	assert_int_equal(run->nmeasures, 12);
	assert_int_equal(run->nthemes, 2);
	assert_int_equal(run->score, -1);
	assert_true(eg_assess_selected("T02.11", only, 2));
	assert_false(eg_assess_selected("T05.04", only, 2));
	assert_false(eg_assess_selected("T20.01", only, 2));
	eg_run_free(run);
}

static int load(const char *yaml, struct eg_checks **cs, struct eg_diags *d)
{
	*cs = eg_checks_new();
	eg_diags_init(d);
	return eg_checks_add_pack(*cs, cat(), "p.yaml", yaml, strlen(yaml), d);
}

#define CHECK_HEAD "schema: ecguard.checks/1\nchecks:\n"
#define CHECK(id, ms, sev) \
	"  - id: " id "\n    measures: " ms "\n    severity: " sev "\n" \
	"    kind: technical\n    title_ja: あ\n    title_en: a\n" \
	"    rationale_ja: あ\n    rationale_en: a\n    remediation_ja: あ\n" \
	"    remediation_en: a\n    query: SELECT 'r', 'ok', 'fine'\n"

static void test_pack_loader(void **state)
{
	(void)state;
	struct eg_checks *cs;
	struct eg_diags d;
	assert_int_equal(load(CHECK_HEAD CHECK("x.one", "[T02.07, T08.05]", "high"), &cs, &d), 0);
	assert_int_equal(eg_checks_count(cs), 1);
	const struct eg_check *c = eg_checks_find(cs, "x.one");
	assert_non_null(c);
	assert_int_equal(c->nmeasures, 2);
	assert_true(eg_check_maps(c, "T08.05"));
	assert_int_equal(c->severity, EG_SEV_HIGH);
	/* The same id again, in another pack: refused, nothing added. */
	const char *dup = CHECK_HEAD CHECK("x.one", "[T02.07]", "low");
	assert_int_not_equal(eg_checks_add_pack(cs, cat(), "q.yaml", dup, strlen(dup), &d), 0);
	assert_int_equal(eg_checks_count(cs), 1);
	assert_non_null(strstr(d.items[0].msg, "already defined at p.yaml:3"));
	eg_diags_free(&d);
	eg_checks_free(cs);

	assert_int_not_equal(load(CHECK_HEAD CHECK("x.two", "[T02.99]", "urgent"), &cs, &d), 0);
	assert_int_equal(eg_checks_count(cs), 0);
	assert_int_equal(d.count, 2);
	assert_non_null(strstr(d.items[0].msg, "severity must be"));
	assert_non_null(strstr(d.items[1].msg, "unknown measure \"T02.99\""));
	assert_int_equal(d.items[1].line, 4);
	eg_diags_free(&d);
	eg_checks_free(cs);

	assert_int_not_equal(load(CHECK_HEAD CHECK("Bad Id", "[T02.07]", "low"), &cs, &d), 0);
	assert_non_null(strstr(d.items[0].msg, "must be lowercase"));
	eg_diags_free(&d);
	eg_checks_free(cs);
}

static void test_builtin_packs_load(void **state)
{
	(void)state;
	struct eg_checks *cs = eg_checks_new();
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_checks_add_builtin(cs, cat(), &d);
	if (rc != 0)
		fail_msg("%s:%u:%u: %s", d.items[0].file, d.items[0].line,
			 d.items[0].col, d.items[0].msg);
	assert_true(eg_checks_count(cs) > 0);
	eg_diags_free(&d);
	eg_checks_free(cs);
}

int main(void)
{
	eg_i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_only),
		cmocka_unit_test(test_pack_loader),
		cmocka_unit_test(test_builtin_packs_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
