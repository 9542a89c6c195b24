/* Unit tests: the logrotate parser, with and without include following. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/logrotate.h"
#include "util/err.h"
#include "util/rootfs.h"
#include "ops_check.h"
#include "ops_tree.h"

static struct eg_orows *parse(const char *text)
{
	struct eg_orows *r = eg_orows_new(EG_LR_NCOLS);
	assert_non_null(r);
	assert_int_equal(eg_logrotate_parse(text, strlen(text), "/l", NULL, r),
			 0);
	return r;
}

static void test_blocks(void **state)
{
	(void)state;
	struct eg_orows *r = parse(
		"# see \"man logrotate\"\n"
		"weekly\n"
		"rotate 4\n"
		"create\n"
		"include /etc/logrotate.d\n"
		"\n"
		"/var/log/nginx/*.log \"/var/log/my app.log\" {\n"
		"\tdaily\n"
		"\tmissingok\n"
		"\trotate 14\n"
		"\tcreate 0640 www-data adm\n"
		"\tpostrotate\n"
		"\t\tinvoke-rc.d nginx rotate >/dev/null 2>&1\n"
		"\n"
		"\t\ttrue\n"
		"\tendscript\n"
		"}\n"
		"/var/log/a.log\n"
		"/var/log/b.log\n"
		"{\n"
		"}\n"
		"/var/log/c.log{\n"
		"  weekly 1\n"
		"  maxage 4\n"
		"}\n");
	ops_expect_rows(r,
		"/l||frequency|weekly\n"
		"/l||rotate|4\n"
		"/l||create|NULL\n"
		"/l||include|/etc/logrotate.d\n"
		"/l|/var/log/nginx/*.log|frequency|daily\n"
		"/l|/var/log/my app.log|frequency|daily\n"
		"/l|/var/log/nginx/*.log|missingok|NULL\n"
		"/l|/var/log/my app.log|missingok|NULL\n"
		"/l|/var/log/nginx/*.log|rotate|14\n"
		"/l|/var/log/my app.log|rotate|14\n"
		"/l|/var/log/nginx/*.log|create|0640 www-data adm\n"
		"/l|/var/log/my app.log|create|0640 www-data adm\n"
		"/l|/var/log/nginx/*.log|postrotate|invoke-rc.d nginx rotate "
		">/dev/null 2>&1\ntrue\n"
		"/l|/var/log/my app.log|postrotate|invoke-rc.d nginx rotate "
		">/dev/null 2>&1\ntrue\n"
		"/l|/var/log/a.log|NULL|NULL\n"
		"/l|/var/log/b.log|NULL|NULL\n"
		"/l|/var/log/c.log|frequency|weekly 1\n"
		"/l|/var/log/c.log|maxage|4\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_malformed(void **state)
{
	(void)state;
	struct eg_orows *r = parse(
		"}\n"
		"endscript\n"
		"/var/log/orphan.log\n"
		"compress\n"
		"{\n"
		"}\n"
		"/var/log/x.log { rotate 3\n"
		"  include /etc/other\n"
		"  /var/log/y.log {\n"
		"  rotate \"5\n"
		"}\n"
		"/var/log/open.log {\n"
		"  postrotate\n"
		"    echo never ended\n");
	ops_expect_rows(r,
		"/l||compress|NULL\n"
		"/l|/var/log/x.log|NULL|NULL\n"
		"/l|/var/log/open.log|postrotate|echo never ended\n");
	ops_expect_warning(r, "/l:1: \"}\" outside a block");
	ops_expect_warning(r, "/l:2: endscript without a script");
	ops_expect_warning(r, "/l:3: log paths without a \"{\" block");
	ops_expect_warning(r, "/l:5: block without a log path");
	ops_expect_warning(r, "/l:7: text after \"{\" ignored");
	ops_expect_warning(r, "/l:8: include inside a block");
	ops_expect_warning(r, "/l:9: nested block not allowed");
	ops_expect_warning(r, "/l:10: unterminated quote");
	ops_expect_warning(r, "/l: postrotate without endscript");
	ops_expect_warning(r, "/l:12: block not closed");
	ops_expect_nwarnings(r, 10);
	eg_orows_free(r);
}

static void test_includes(void **state)
{
	(void)state;
	ops_tree_new();
	ops_tree_file("etc/logrotate.conf",
		      "daily\ninclude /etc/logrotate.d\n"
		      "include /etc/missing.conf\n"
		      "include /etc/logrotate.d/../../etc/logrotate.d/b\n",
		      0644);
	ops_tree_file("etc/logrotate.d/b", "/var/log/b {\n rotate 2\n}\n",
		      0644);
	ops_tree_file("etc/logrotate.d/a", "include /etc/logrotate.conf\n",
		      0644);
	ops_tree_file("etc/logrotate.d/c.dpkg-old", "rotate 99\n", 0644);
	ops_tree_file("etc/logrotate.d/d~", "rotate 99\n", 0644);
	ops_tree_file("etc/logrotate.d/sub/x", "rotate 99\n", 0644);
	ops_tree_link("etc/logrotate.d/esc", "../../../../../../etc/hostname");
	struct eg_root *root = NULL;
	assert_int_equal(eg_root_open(ops_tree_dir, &root, NULL), 0);
	struct eg_orows *r = eg_orows_new(EG_LR_NCOLS);
	struct eg_ops_src src;
	eg_ops_src_init(&src, root, r);
	struct eg_buf content;
	eg_buf_init(&content, 1u << 20);
	assert_int_equal(eg_ops_src_enter(&src, "/etc/logrotate.conf", 0,
					  &content), 0);
	assert_int_equal(eg_logrotate_parse(content.data, content.len,
					    "/etc/logrotate.conf", &src, r),
			 0);
	eg_ops_src_leave(&src);
	ops_expect_rows(r,
		"/etc/logrotate.conf||frequency|daily\n"
		"/etc/logrotate.conf||include|/etc/logrotate.d\n"
		"/etc/logrotate.d/a||include|/etc/logrotate.conf\n"
		"/etc/logrotate.d/b|/var/log/b|rotate|2\n"
		"/etc/logrotate.conf||include|/etc/missing.conf\n"
		"/etc/logrotate.conf||include|/etc/logrotate.d/../../etc/"
		"logrotate.d/b\n"
		"/etc/logrotate.d/../../etc/logrotate.d/b|/var/log/b|rotate|2\n");
	/* The cycle through a, the missing file; the link to a file
	 * outside the tree resolves inside it, where there is none. */
	ops_expect_warning(r, "/etc/logrotate.conf: include cycle");
	ops_expect_warning(r, "/etc/missing.conf: included file not found");
	ops_expect_nwarnings(r, 2);
	eg_orows_free(r);
	eg_buf_free(&content);
	eg_root_free(root);
	ops_tree_free();
}

static void test_hostile(void **state)
{
	(void)state;
	/* Many paths times many directives multiply (the row set's caps
	 * bound that; see test_ops_common). */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (int i = 0; i < 500; i++)
		eg_buf_addf(&b, "/var/log/%d\n", i);
	eg_buf_adds(&b, "{\n");
	for (int i = 0; i < 500; i++)
		eg_buf_adds(&b, "compress\n");
	eg_buf_adds(&b, "}\n");
	struct eg_orows *r = eg_orows_new(EG_LR_NCOLS);
	assert_int_equal(eg_logrotate_parse(b.data, b.len, "/l", NULL, r), 0);
	assert_int_equal(eg_orows_count(r), 500 * 500);
	eg_orows_free(r);
	/* At most EG_LOGROTATE_MAX_PATHS paths per block. */
	eg_buf_reset(&b);
	for (int i = 0; i < 1100; i++)
		eg_buf_addf(&b, "/var/log/%d ", i);
	eg_buf_adds(&b, "{\n rotate 1\n}\n/var/log/after {\n}\n");
	r = eg_orows_new(EG_LR_NCOLS);
	assert_int_equal(eg_logrotate_parse(b.data, b.len, "/l", NULL, r), 0);
	assert_int_equal(eg_orows_count(r), 1024 + 1);
	ops_expect_warning(r, "/l:1: more than 1024 log paths");
	ops_expect_nwarnings(r, 1);
	eg_orows_free(r);
	eg_buf_free(&b);
	r = parse("\"\n'\n{{{{\n}}}}\n\xff\xfe {\n\x01 2\n}");
	/* "{{{{" opens a block for the path "{{{"; the rest are directives
	 * or refused nested blocks: nothing crashes, nothing is lost. */
	ops_expect_rows(r, "/l|{{{|}}}}|NULL\n/l|{{{|\x01|2\n");
	ops_expect_warning(r, "/l:1: unterminated quote");
	ops_expect_warning(r, "/l:2: unterminated quote");
	ops_expect_warning(r, "/l:5: nested block");
	ops_expect_nwarnings(r, 3);
	eg_orows_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
