/* Unit tests: the row set and the reading helpers of the "ops" tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/opsio.h"
#include "tables/ops/orows.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/rootfs.h"
#include "ops_check.h"
#include "ops_tree.h"

static void test_rows(void **state)
{
	(void)state;
	assert_null(eg_orows_new(0));
	assert_null(eg_orows_new(65));
	struct eg_orows *r = eg_orows_new(3);
	eg_orows_begin(r);
	eg_orows_text(r, 0, "a");
	eg_orows_int(r, 1, -7);
	eg_orows_end(r);
	eg_orows_begin(r);
	eg_orows_textn(r, 2, "cut\0here", 8);
	eg_orows_text(r, 5, "ignored: no such column");
	eg_orows_text(r, 0, NULL);
	eg_orows_end(r);
	ops_expect_rows(r, "a|-7|NULL\nNULL|NULL|cut\n");
	for (int i = 0; i < EG_DIAG_MAX + 5; i++)
		eg_orows_warn(r, "w%d", i);
	assert_int_equal(eg_orows_nwarnings(r), EG_DIAG_MAX + 5);
	assert_string_equal(eg_orows_warning(r, 0), "w0");
	assert_null(eg_orows_warning(r, EG_DIAG_MAX));
	assert_int_equal(eg_orows_err(r), 0);
	eg_orows_free(r);
	eg_orows_free(NULL);
}

static void test_row_cap(void **state)
{
	(void)state;
	struct eg_orows *r = eg_orows_new(1);
	int rc = 0;
	size_t i;
	for (i = 0; i < EG_TABLE_MAX_ROWS + 10 && rc == 0; i++) {
		eg_orows_begin(r);
		rc = eg_orows_end(r);
	}
	assert_int_equal(rc, EG_E_LIMIT);
	assert_int_equal(eg_orows_count(r), EG_TABLE_MAX_ROWS);
	/* Sticky: nothing more is added. */
	eg_orows_begin(r);
	eg_orows_text(r, 0, "x");
	assert_int_equal(eg_orows_end(r), EG_E_LIMIT);
	assert_int_equal(eg_orows_count(r), EG_TABLE_MAX_ROWS);
	eg_orows_free(r);
}

static void test_lines(void **state)
{
	(void)state;
	struct eg_orows *w = eg_orows_new(1);
	struct eg_ops_lines it;
	static const char text[] = "a\r\n\nb\0c\nlast";
	eg_ops_lines_init(&it, text, sizeof(text) - 1, "/f", w);
	const char *s;
	size_t n;
	assert_int_equal(eg_ops_lines_next(&it, &s, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(it.lineno, 1);
	assert_int_equal(eg_ops_lines_next(&it, &s, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(eg_ops_lines_next(&it, &s, &n), 1);
	assert_int_equal(it.lineno, 4);
	assert_memory_equal(s, "last", 4);
	assert_int_equal(eg_ops_lines_next(&it, &s, &n), 0);
	ops_expect_warning(w, "/f:3: line holding a NUL byte");

	/* More lines than EG_CONF_MAX_LINES: the rest is ignored. */
	size_t big = EG_CONF_MAX_LINES + 3;
	char *nl = malloc(big);
	memset(nl, '\n', big);
	eg_ops_lines_init(&it, nl, big, "/big", w);
	size_t count = 0;
	while (eg_ops_lines_next(&it, &s, &n))
		count++;
	assert_int_equal(count, EG_CONF_MAX_LINES);
	ops_expect_warning(w, "/big: more than 1000000 lines");
	free(nl);
	eg_orows_free(w);

	const char *p = "  ab \t c", *end = p + strlen(p), *wd;
	size_t wn;
	assert_int_equal(eg_ops_word(&p, end, &wd, &wn), 1);
	assert_int_equal(wn, 2);
	assert_int_equal(eg_ops_word(&p, end, &wd, &wn), 1);
	assert_memory_equal(wd, "c", 1);
	assert_int_equal(eg_ops_word(&p, end, &wd, &wn), 0);
	assert_true(eg_ops_eq("AbC", 3, "abc", 1));
	assert_false(eg_ops_eq("AbC", 3, "abc", 0));
	assert_false(eg_ops_eq("ab", 2, "abc", 1));
}

static void test_dirs_and_includes(void **state)
{
	(void)state;
	ops_tree_new();
	ops_tree_file("etc/d/b.conf", "b", 0644);
	ops_tree_file("etc/d/a.conf", "a", 0644);
	ops_tree_file("etc/d/.h.conf", "h", 0644);
	ops_tree_file("etc/d/c.txt", "c", 0644);
	ops_tree_link("etc/up", "../../../../../../../../etc");
	ops_tree_file("etc/x", "x", 0644);
	ops_tree_link("etc/self", "/etc/self");
	struct eg_root *root = NULL;
	assert_int_equal(eg_root_open(ops_tree_dir, &root, NULL), 0);
	struct eg_orows *w = eg_orows_new(1);

	struct eg_ops_names l;
	assert_int_equal(eg_ops_listdir(root, "/etc/d", NULL, &l, w), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0], ".h.conf");
	assert_string_equal(l.v[1], "a.conf");
	eg_ops_names_free(&l);
	assert_int_equal(eg_ops_listdir(root, "/nope", NULL, &l, w), 0);
	assert_int_equal(l.n, 0);

	assert_int_equal(eg_ops_glob(root, "d/*.conf", "/etc", &l, w), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "/etc/d/a.conf");
	assert_string_equal(l.v[1], "/etc/d/b.conf");
	eg_ops_names_free(&l);
	/* Through a link that climbs past the root: still inside it. */
	assert_int_equal(eg_ops_glob(root, "/etc/up/d/[a]*", NULL, &l, w), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0], "/etc/up/d/a.conf");
	eg_ops_names_free(&l);
	assert_int_equal(eg_ops_glob(root, "/etc/x", NULL, &l, w), 0);
	assert_int_equal(l.n, 1);
	eg_ops_names_free(&l);
	assert_int_equal(eg_ops_glob(root, "/e*/d/a.conf", NULL, &l, w),
			 EG_E_UNSUPPORTED);
	ops_expect_warning(w, "/e*/d/a.conf: wildcards are only followed");

	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	assert_int_equal(eg_ops_read(root, "/etc/up/x", &b, w), 0);
	assert_string_equal(eg_buf_str(&b), "x");
	eg_buf_reset(&b);
	assert_int_equal(eg_ops_read(root, "/etc/none", &b, w), EG_E_NOTFOUND);
	assert_int_not_equal(eg_ops_read(root, "/etc/self", &b, w), 0);
	ops_expect_warning(w, "/etc/self: cannot read");
	assert_int_not_equal(eg_ops_read(root, "/etc/d", &b, w), 0);
	assert_true(eg_ops_exists(root, "/etc/up/up/x"));
	assert_false(eg_ops_exists(root, "/etc/none"));

	/* Depth: the same file may be entered again only through a cycle
	 * (refused); different files nest up to the limit. */
	struct eg_ops_src src;
	eg_ops_src_init(&src, root, w);
	assert_int_equal(eg_ops_src_enter(&src, "/etc/x", 0, &b), 0);
	assert_int_equal(eg_ops_src_enter(&src, "/etc/up/x", 0, &b),
			 EG_E_LIMIT);
	ops_expect_warning(w, "/etc/up/x: include cycle");
	eg_ops_src_leave(&src);
	assert_int_equal(eg_ops_src_enter(&src, "/etc/none", 1, &b),
			 EG_E_NOTFOUND);
	for (int i = 0; i <= EG_CONF_MAX_INCLUDE_DEPTH + 1; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "etc/n/%d", i);
		ops_tree_file(rel, "", 0644);
	}
	int rc = 0, i;
	for (i = 0; i <= EG_CONF_MAX_INCLUDE_DEPTH + 1 && rc == 0; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/etc/n/%d", i);
		rc = eg_ops_src_enter(&src, path, 0, &b);
	}
	assert_int_equal(rc, EG_E_LIMIT);
	assert_int_equal(i, EG_CONF_MAX_INCLUDE_DEPTH + 2);
	ops_expect_warning(w, "includes nested more than 16 deep");
	eg_buf_free(&b);
	eg_orows_free(w);
	eg_root_free(root);
	ops_tree_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_dirs_and_includes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
