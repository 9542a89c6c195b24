/*
 * Unit tests: the system family's reading helpers (sysio.h): line cutting
 * (the same from a buffer and from a file read in chunks), bounded prefix
 * reads, and the choice of drop-in files (priority, masking, order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tables/system/sysio.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/rootfs.h"

static char base[256];

static void put(const char *rel, const char *content, size_t n)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, n, f), n);
	fclose(f);
}

static void mk(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void ln(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(base, sizeof(base), "%s/eg-sysio-XXXXXX", tmp ? tmp : "/tmp");
	return mkdtemp(base) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static int collect(void *arg, const char *line, size_t len, size_t lineno)
{
	struct eg_buf *b = arg;
	eg_buf_addf(b, "%zu[", lineno);
	for (size_t i = 0; i < len; i++)
		eg_buf_addc(b, line[i] == '\0' ? '@' : line[i]);
	eg_buf_adds(b, "]");
	return 0;
}

static void test_lines(void **state)
{
	(void)state;
	struct eg_buf b;
	struct eg_line_stats st;
	eg_buf_init(&b, 1u << 20);
	const char in[] = "a\r\n\nb\0c\nlast";
	assert_int_equal(eg_lines_each(in, sizeof(in) - 1, collect, &b, &st), 0);
	assert_string_equal(eg_buf_str(&b), "1[a]2[]3[b@c]4[last]");
	assert_int_equal(st.lines, 4);
	assert_int_equal(st.overlong, 0);
	eg_buf_reset(&b);
	assert_int_equal(eg_lines_each("", 0, collect, &b, &st), 0);
	assert_string_equal(eg_buf_str(&b), "");
	assert_int_equal(st.lines, 0);
	/* An overlong line is skipped whole but keeps its number; so is one
	 * that ends the buffer. */
	size_t big = EG_LINE_MAX + 1;
	char *buf = malloc(2 * big + 16);
	assert_non_null(buf);
	memcpy(buf, "x\n", 2);
	memset(buf + 2, 'A', big);
	memcpy(buf + 2 + big, "\ny\n", 3);
	memset(buf + 5 + big, 'B', big);
	eg_buf_reset(&b);
	assert_int_equal(eg_lines_each(buf, 5 + 2 * big, collect, &b, &st), 0);
	assert_string_equal(eg_buf_str(&b), "1[x]3[y]");
	assert_int_equal(st.overlong, 2);
	assert_int_equal(st.first_overlong, 2);
	assert_int_equal(st.lines, 4);
	/* A parser's bad lines and the overlong ones: the earliest first. */
	size_t bad = 1, first = 3;
	eg_lines_merge_overlong(&bad, &first, &st);
	assert_int_equal(bad, 3);
	assert_int_equal(first, 2);
	bad = 0;
	first = 0;
	eg_lines_merge_overlong(&bad, &first, &st);
	assert_int_equal(first, 2);

	/* The same bytes from a file, read in chunks, cut the same way. */
	mk("root");
	put("root/big", buf, 5 + 2 * big);
	struct eg_root *r = NULL;
	char rp[300];
	snprintf(rp, sizeof(rp), "%s/root", base);
	assert_int_equal(eg_root_open(rp, &r, NULL), 0);
	eg_buf_reset(&b);
	assert_int_equal(eg_lines_file(r, "/big", EG_HOSTFILE_MAX_BYTES, collect,
				       &b, &st, NULL), 0);
	assert_string_equal(eg_buf_str(&b), "1[x]3[y]");
	assert_int_equal(st.overlong, 2);
	/* Too big: the lines that fit are passed, then EG_E_LIMIT. */
	eg_buf_reset(&b);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_lines_file(r, "/big", 4, collect, &b, &st, &e),
			 EG_E_LIMIT);
	assert_string_equal(eg_buf_str(&b), "1[x]");
	assert_int_equal(eg_lines_file(r, "/absent", 100, collect, &b, &st, NULL),
			 EG_E_NOTFOUND);
	assert_int_equal(eg_lines_file(r, "/", 100, collect, &b, &st, NULL),
			 EG_E_INVAL);
	free(buf);

	/* Prefix reads: cut, and told so. */
	put("root/cmd", "0123456789", 10);
	int trunc = 0;
	eg_buf_reset(&b);
	assert_int_equal(eg_sys_read_prefix(r, "/cmd", 4, &b, &trunc, NULL), 0);
	assert_string_equal(eg_buf_str(&b), "0123");
	assert_int_equal(trunc, 1);
	eg_buf_reset(&b);
	assert_int_equal(eg_sys_read_prefix(r, "/cmd", 10, &b, &trunc, NULL), 0);
	assert_string_equal(eg_buf_str(&b), "0123456789");
	assert_int_equal(trunc, 0);
	eg_root_free(r);
	eg_buf_free(&b);
}

static void test_conf_list(void **state)
{
	(void)state;
	mk("c");
	mk("c/etc");
	mk("c/etc/x.d");
	mk("c/usr");
	mk("c/usr/lib");
	mk("c/usr/lib/x.d");
	mk("c/run");
	mk("c/run/x.d");
	put("c/usr/lib/x.d/10-base.conf", "u10", 3);
	put("c/usr/lib/x.d/50-over.conf", "u50", 3);
	put("c/usr/lib/x.d/60-masked.conf", "u60", 3);
	put("c/usr/lib/x.d/README", "no", 2);
	put("c/etc/x.d/50-over.conf", "e50", 3);
	put("c/etc/x.d/.hidden.conf", "h", 1);
	put("c/etc/x.d/99-local.conf", "e99", 3);
	ln("/dev/null", "c/etc/x.d/60-masked.conf");
	mk("c/etc/x.d/dir.conf");
	put("c/run/x.d/20-run.conf", "r20", 3);
	put("c/run/x.d/99-local.conf", "r99", 3);
	ln("/usr/lib/x.d/10-base.conf", "c/etc/x.d/30-link.conf");
	struct eg_root *r = NULL;
	char rp[300];
	snprintf(rp, sizeof(rp), "%s/c", base);
	assert_int_equal(eg_root_open(rp, &r, NULL), 0);
	static const char *const dirs[] = {"etc/x.d", "run/x.d", "absent/x.d",
					   "usr/lib/x.d", NULL};
	struct eg_conflist l;
	assert_int_equal(eg_conf_list(r, dirs, ".conf", &l, NULL, NULL), 0);
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	for (size_t i = 0; i < l.n; i++)
		eg_buf_addf(&b, "%s=%s\n", l.v[i].name, l.v[i].path);
	assert_string_equal(eg_buf_str(&b),
			    "10-base.conf=/usr/lib/x.d/10-base.conf\n"
			    "20-run.conf=/run/x.d/20-run.conf\n"
			    "30-link.conf=/etc/x.d/30-link.conf\n"
			    "50-over.conf=/etc/x.d/50-over.conf\n"
			    "99-local.conf=/etc/x.d/99-local.conf\n");
	eg_conflist_free(&l);
	eg_conflist_free(&l); /* freeing twice is harmless */
	eg_buf_free(&b);
	eg_root_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_conf_list),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
