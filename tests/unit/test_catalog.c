/*
 * Unit tests: the built-in catalogue holds the guideline exactly (11 themes,
 * 100 measures, Japanese titles verbatim from the seed), its relations, and
 * the loader's diagnostics on broken catalogues.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "util/diag.h"
#include "util/i18n.h"

static const struct eg_catalog *cat(void)
{
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *c = eg_catalog_builtin(&e);
	if (c == NULL)
		fail_msg("%s", eg_err_msg(&e));
	return c;
}

static void test_counts(void **state)
{
	(void)state;
	static const size_t want[] = {7, 11, 11, 13, 10, 10, 7, 8, 8, 7, 8};
	const struct eg_catalog *c = cat();
	assert_int_equal(eg_catalog_nthemes(c), 11);
	assert_int_equal(eg_catalog_nmeasures(c), 100);
	for (size_t i = 0; i < 11; i++) {
		const struct eg_theme *t = eg_catalog_theme(c, i);
		char id[8];
		snprintf(id, sizeof(id), "T%02zu", i + 1);
		assert_string_equal(t->id, id);
		assert_int_equal(t->nmeasures, want[i]);
		for (size_t k = 0; k < t->nmeasures; k++) {
			char mid[32];
			snprintf(mid, sizeof(mid), "%s.%02u", id, (unsigned)(k + 1) % 100u);
			assert_string_equal(t->measures[k].id, mid);
			assert_ptr_equal(eg_catalog_find_measure(c, mid), &t->measures[k]);
		}
	}
	assert_string_equal(eg_catalog_theme(c, 0)->layer, "governance");
	assert_string_equal(eg_catalog_theme(c, 1)->layer, "threat");
	assert_string_equal(eg_catalog_theme(c, 8)->layer, "foundation");
	assert_string_equal(eg_catalog_find_theme(c, "T02")->section, "1.3");
	assert_string_equal(eg_catalog_find_theme(c, "T11")->section, "1.12");
	assert_string_equal(eg_catalog_find_measure(c, "T02.05")->section, "1.3(5)");
	assert_null(eg_catalog_find_measure(c, "T02.12"));
	assert_null(eg_catalog_find_measure(c, "T12.01"));
	assert_null(eg_catalog_find_measure(c, "T02.5"));
	assert_null(eg_catalog_find_theme(c, "T00"));
}

/* The seed with every whitespace character removed, for verbatim checks. */
static char *load_seed(void)
{
	FILE *f = fopen(EG_SOURCE_ROOT "/tests/data/guideline-seed-ja.txt", "rb");
	assert_non_null(f);
	static char raw[1 << 20];
	size_t n = fread(raw, 1, sizeof(raw) - 1, f);
	fclose(f);
	char *out = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)raw[i];
		if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f')
			continue;
		/* U+3000 ideographic space */
		if (ch == 0xE3 && i + 2 < n && (unsigned char)raw[i + 1] == 0x80 &&
		    (unsigned char)raw[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	return out;
}

static void strip(const char *in, char *out, size_t cap)
{
	size_t k = 0;
	for (; *in != '\0' && k + 1 < cap; in++)
		if (*in != ' ')
			out[k++] = *in;
	out[k] = '\0';
}

static void test_titles_verbatim(void **state)
{
	(void)state;
	const struct eg_catalog *c = cat();
	char *seed = load_seed();
	size_t notes = 0;
	for (size_t i = 0; i < eg_catalog_nthemes(c); i++) {
		const struct eg_theme *t = eg_catalog_theme(c, i);
		char buf[1024];
		strip(t->title_ja, buf, sizeof(buf));
		if (strstr(seed, buf) == NULL)
			fail_msg("theme %s title not in the seed: %s", t->id, t->title_ja);
		for (size_t k = 0; k < t->nmeasures; k++) {
			const struct eg_measure *m = &t->measures[k];
			const char *src = m->title_ja;
			if (m->note != NULL) {
				/* A corrected typo: the note keeps the seed's text. */
				const char *p = strstr(m->note, "seed text: ");
				assert_non_null(p);
				src = p + strlen("seed text: ");
				notes++;
			}
			strip(src, buf, sizeof(buf));
			if (strstr(seed, buf) == NULL)
				fail_msg("%s title not in the seed: %s", m->id, src);
			assert_true(strlen(m->title_en) > 5);
			assert_true(strlen(m->description_ja) > 20);
			assert_true(strlen(m->description_en) > 20);
		}
	}
	assert_true(notes <= 5);
	/* Spot checks against the seed's own words. */
	assert_string_equal(eg_catalog_find_measure(c, "T01.01")->title_ja,
			    "サイト運営上のセキュリティポリシーの確立");
	assert_string_equal(eg_catalog_find_measure(c, "T01.07")->title_ja,
			    "サイト運営に対するセキュリティ監査の実施");
	assert_string_equal(eg_catalog_find_measure(c, "T11.04")->title_ja,
			    "サイト全体としてのセキュリティ事故対応計画の確立");
	assert_string_equal(eg_catalog_find_theme(c, "T02")->title_ja, "不正アクセス対策");
	free(seed);
}

static int has_relation(const struct eg_catalog *c, const char *from,
			const char *to, const char *via)
{
	for (size_t i = 0; i < eg_catalog_nrelations(c); i++) {
		const struct eg_relation *r = eg_catalog_relation(c, i);
		if (strcmp(eg_catalog_theme(c, (size_t)r->from)->id, from) != 0 ||
		    strcmp(eg_catalog_theme(c, (size_t)r->to)->id, to) != 0)
			continue;
		if (via == NULL)
			return 1;
		for (size_t k = 0; k < r->nvia; k++)
			if (strcmp(r->via[k]->id, via) == 0)
				return 1;
	}
	return 0;
}

static void test_relations(void **state)
{
	(void)state;
	const struct eg_catalog *c = cat();
	/* Every threat theme relates to T01, T09, T10 and T11. */
	for (int t = 2; t <= 8; t++) {
		char id[8];
		snprintf(id, sizeof(id), "T%02d", t);
		assert_true(has_relation(c, id, "T01", NULL));
		assert_true(has_relation(c, id, "T09", NULL));
		assert_true(has_relation(c, id, "T10", NULL));
		assert_true(has_relation(c, id, "T11", NULL));
	}
	assert_true(has_relation(c, "T02", "T01", "T02.01"));
	assert_true(has_relation(c, "T02", "T01", "T02.02"));
	assert_false(has_relation(c, "T01", "T01", NULL));
	assert_false(has_relation(c, "T02", "T03", NULL));
	/* Sorted by (from, to). */
	for (size_t i = 1; i < eg_catalog_nrelations(c); i++) {
		const struct eg_relation *a = eg_catalog_relation(c, i - 1);
		const struct eg_relation *b = eg_catalog_relation(c, i);
		assert_true(a->from < b->from || (a->from == b->from && a->to < b->to));
	}
}

static void load_bad(const char *text, const char *want_msg, unsigned line)
{
	struct eg_catalog *c = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	assert_int_not_equal(eg_catalog_load("bad.yaml", text, strlen(text), &c, &d), 0);
	assert_null(c);
	int found = 0;
	for (size_t i = 0; i < d.count; i++)
		if (strstr(d.items[i].msg, want_msg) != NULL &&
		    (line == 0 || d.items[i].line == line))
			found = 1;
	if (!found)
		fail_msg("no diagnostic \"%s\" at line %u (first: %s)", want_msg,
			 line, d.count ? d.items[0].msg : "none");
	eg_diags_free(&d);
}

#define M(id, kind) \
	"      - id: " id "\n        section: \"1.2(1)\"\n        kind: " kind \
	"\n        title_ja: あ\n        title_en: a\n" \
	"        description_ja: あ\n        description_en: a\n"
#define HEAD "schema: ecguard.catalog/1\nthemes:\n  - id: T01\n    section: \"1.2\"\n" \
	"    layer: governance\n    title_ja: あ\n    title_en: a\n    measures:\n"

static void test_loader_errors(void **state)
{
	(void)state;
	struct eg_catalog *c = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	const char *ok = HEAD M("T01.01", "policy");
	assert_int_equal(eg_catalog_load("ok.yaml", ok, strlen(ok), &c, &d), 0);
	assert_int_equal(eg_catalog_nmeasures(c), 1);
	eg_catalog_free(c);
	eg_diags_free(&d);
	load_bad(HEAD M("T01.02", "policy"), "out of order; expected T01.01", 9);
	load_bad(HEAD M("T01.01", "polcy"), "did you mean \"policy\"", 11);
	load_bad("schema: ecguard.catalog/2\nthemes: []\n", "unsupported schema", 1);
	load_bad("schema: ecguard.catalog/1\nthemse: []\n", "did you mean \"themes\"", 2);
	load_bad("- a\n", "must be a mapping", 1);
	load_bad(HEAD "      - id: T01.01\n", "missing required key \"kind\"", 0);
}

int main(void)
{
	eg_i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_titles_verbatim),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_loader_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
