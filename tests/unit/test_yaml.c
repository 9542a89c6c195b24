/* Unit tests: the bounded YAML tree, its limits and its schema helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/yaml.h"

static int parse(const char *text, struct eg_ydoc **doc, struct eg_diags *d)
{
	eg_diags_init(d);
	return eg_yaml_parse("t.yaml", text, strlen(text), doc, d);
}

static void test_tree_and_positions(void **state)
{
	(void)state;
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse("a: 1\nb:\n  - x\n  - 'y'\nc: {k: v}\n", &doc, &d), 0);
	const struct eg_ynode *root = eg_ydoc_root(doc);
	assert_int_equal(root->type, EG_Y_MAP);
	assert_int_equal(root->n, 3);
	const struct eg_ynode *b = eg_ymap_get(root, "b");
	assert_int_equal(b->type, EG_Y_SEQ);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->items[1]->str, "y");
	assert_false(b->items[1]->plain);
	assert_true(b->items[0]->plain);
	assert_int_equal(b->items[1]->line, 4);
	assert_int_equal(b->items[1]->col, 5);
	int64_t v;
	assert_int_equal(eg_yget_int(doc, root, "a", 1, 0, 10, &v, &d), 0);
	assert_int_equal(v, 1);
	assert_null(eg_ymap_get(root, "zz"));
	assert_int_equal(d.count, 0);
	eg_ydoc_free(doc);
	eg_diags_free(&d);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse("a: 1\nb: 2\na: 3\n", &doc, &d), 0);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 1);
	assert_string_equal(d.items[0].msg,
			    "duplicate key \"a\" (first at line 1, column 1); remove one of them");
	eg_ydoc_free(doc);
	eg_diags_free(&d);
}

static void test_syntax_error_position(void **state)
{
	(void)state;
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse("a: [1, 2\nb: 3\n", &doc, &d), EG_E_PARSE);
	assert_null(doc);
	assert_int_equal(d.count, 1);
	assert_true(d.items[0].line >= 1);
	assert_non_null(strstr(d.items[0].msg, "YAML syntax"));
	eg_diags_free(&d);
}

static void test_alias_bomb(void **state)
{
	(void)state;
	/* The classic billion laughs: each level doubles ten times. */
	struct eg_buf b;
	eg_buf_init(&b, 1 << 20);
	eg_buf_adds(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		eg_buf_addf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			eg_buf_addf(&b, "%s*a%d", k ? ", " : "", i - 1);
		eg_buf_adds(&b, "]\n");
	}
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse(eg_buf_str(&b), &doc, &d), EG_E_LIMIT);
	assert_null(doc);
	assert_non_null(strstr(d.items[0].msg, "aliases expand"));
	eg_diags_free(&d);
	eg_buf_free(&b);
	/* A small, legitimate alias is fine and shared. */
	assert_int_equal(parse("x: &v {k: 1}\ny: *v\n", &doc, &d), 0);
	assert_ptr_equal(eg_ymap_get(eg_ydoc_root(doc), "x"),
			 eg_ymap_get(eg_ydoc_root(doc), "y"));
	eg_ydoc_free(doc);
	eg_diags_free(&d);
}

static void test_recursive_alias(void **state)
{
	(void)state;
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse("a: &x [1, *x]\n", &doc, &d), EG_E_PARSE);
	assert_non_null(strstr(d.items[0].msg, "refers to a node that contains it"));
	eg_diags_free(&d);
	assert_int_equal(parse("a: *nope\n", &doc, &d), EG_E_PARSE);
	eg_diags_free(&d);
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1 << 20);
	for (int i = 0; i < EG_YAML_MAX_DEPTH + 1; i++)
		eg_buf_addc(&b, '[');
	for (int i = 0; i < EG_YAML_MAX_DEPTH + 1; i++)
		eg_buf_addc(&b, ']');
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse(eg_buf_str(&b), &doc, &d), EG_E_LIMIT);
	assert_non_null(strstr(d.items[0].msg, "nesting deeper"));
	eg_diags_free(&d);
	eg_buf_truncate(&b, 0);
	for (int i = 0; i < EG_YAML_MAX_DEPTH - 1; i++)
		eg_buf_addc(&b, '[');
	for (int i = 0; i < EG_YAML_MAX_DEPTH - 1; i++)
		eg_buf_addc(&b, ']');
	assert_int_equal(parse(eg_buf_str(&b), &doc, &d), 0);
	eg_ydoc_free(doc);
	eg_diags_free(&d);
	eg_buf_free(&b);
}

static void test_encoding(void **state)
{
	(void)state;
	struct eg_ydoc *doc;
	struct eg_diags d;
	eg_diags_init(&d);
	assert_int_equal(eg_yaml_parse("t.yaml", "a: 1\nb: x\0y\n", 12, &doc, &d), EG_E_PARSE);
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].col, 5);
	assert_non_null(strstr(d.items[0].msg, "NUL byte"));
	eg_diags_free(&d);
	assert_int_equal(parse("a: \xff\n", &doc, &d), EG_E_PARSE);
	assert_non_null(strstr(d.items[0].msg, "invalid UTF-8"));
	eg_diags_free(&d);
	assert_int_equal(parse("a: 1\n---\nb: 2\n", &doc, &d), EG_E_PARSE);
	assert_non_null(strstr(d.items[0].msg, "more than one YAML document"));
	eg_diags_free(&d);
}

static void test_schema_helpers(void **state)
{
	(void)state;
	static const char *const allowed[] = {"name", "owner", "enabled", NULL};
	static const char *const req[] = {"name", "owner", NULL};
	struct eg_ydoc *doc;
	struct eg_diags d;
	assert_int_equal(parse("name: x\nonwer: y\nenabled: yes\nport: abc\n", &doc, &d), 0);
	const struct eg_ynode *root = eg_ydoc_root(doc);
	assert_int_not_equal(eg_ymap_check_keys(doc, root, allowed, req, &d), 0);
	/* "onwer" -> did you mean owner; "port" unknown; owner missing. */
	assert_int_equal(d.count, 3);
	assert_string_equal(d.items[0].msg, "unknown key \"onwer\"; did you mean \"owner\"?");
	assert_int_equal(d.items[0].line, 2);
	assert_non_null(strstr(d.items[1].msg, "unknown key \"port\""));
	assert_string_equal(d.items[2].msg, "missing required key \"owner\"");
	int flag = 5;
	assert_int_not_equal(eg_yget_bool(doc, root, "enabled", 0, &flag, &d), 0);
	assert_int_equal(flag, 5);
	assert_string_equal(d.items[3].msg, "\"enabled\" must be true or false");
	int64_t v;
	assert_int_not_equal(eg_yget_int(doc, root, "port", 0, 1, 65535, &v, &d), 0);
	eg_ydoc_free(doc);
	eg_diags_free(&d);
	assert_int_equal(eg_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(eg_edit_distance("abc", "abcdefgh", 2), 3);
}

static void test_diag_cap(void **state)
{
	(void)state;
	struct eg_diags d;
	eg_diags_init(&d);
	for (int i = 0; i < EG_DIAG_MAX + 7; i++)
		eg_diag_add(&d, "f", 1, 1, "e%d", i);
	assert_int_equal(d.count, EG_DIAG_MAX);
	assert_int_equal(d.dropped, 7);
	assert_int_equal(eg_diags_total(&d), EG_DIAG_MAX + 7);
	eg_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_and_positions),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_recursive_alias),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_schema_helpers),
		cmocka_unit_test(test_diag_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
