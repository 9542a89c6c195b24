/*
 * Unit tests: reading under an audit root never escapes it, with openat2 and
 * with the portable fallback resolver alike.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/rootfs.h"

static char base[256];  /* holds root/ and outside/ */
static char rootdir[300];

static void write_file(const char *rel, const char *content)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
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
	snprintf(base, sizeof(base), "%s/eg-rootfs-XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(base) == NULL)
		return -1;
	snprintf(rootdir, sizeof(rootdir), "%s/root", base);
	mk("root");
	mk("outside");
	write_file("outside/secret", "SECRET\n");
	mk("root/etc");
	mk("root/etc/sub");
	write_file("root/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	write_file("root/etc/sub/file", "inner\n");
	write_file("root/big", "0123456789");
	/* Links that would escape if followed naively. */
	ln("/etc/passwd", "root/abs_link");              /* -> root/etc/passwd */
	ln("../../../../../../../outside/secret", "root/up_link");
	ln("../outside/secret", "root/rel_escape");      /* -> root/outside/secret */
	ln("/", "root/etc/rootlink");                    /* -> root itself */
	ln("sub/../passwd", "root/etc/dotdot_link");     /* -> root/etc/passwd */
	ln("loop", "root/loop");
	char p[512];
	snprintf(p, sizeof(p), "%s/root/fifo", base);
	if (mkfifo(p, 0600) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *rels[] = {"root/fifo", "root/loop", "root/etc/dotdot_link",
			      "root/etc/rootlink", "root/rel_escape", "root/up_link",
			      "root/abs_link", "root/big", "root/etc/sub/file",
			      "root/etc/passwd", "outside/secret"};
	const char *dirs[] = {"root/etc/sub", "root/etc", "root", "outside", ""};
	char p[512];
	for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", base, rels[i]);
		unlink(p);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", base, dirs[i]);
		rmdir(p);
	}
	return 0;
}

static int read_in_root(int fallback, const char *path, struct eg_buf *out,
			size_t max)
{
	struct eg_root *r;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(rootdir, &r, &e), 0);
	eg_root_force_fallback(r, fallback);
	int rc = eg_root_read(r, path, max, out, &e);
	eg_root_free(r);
	return rc;
}

static void check_reads(int fallback)
{
	struct eg_buf b;
	eg_buf_init(&b, 1 << 20);
	assert_int_equal(read_in_root(fallback, "/etc/passwd", &b, 1000), 0);
	assert_string_equal(eg_buf_str(&b), "root:x:0:0::/root:/bin/sh\n");
	eg_buf_reset(&b);
	assert_int_equal(read_in_root(fallback, "etc/passwd", &b, 1000), 0);
	eg_buf_reset(&b);
	/* Absolute symlink target restarts from the root. */
	assert_int_equal(read_in_root(fallback, "/abs_link", &b, 1000), 0);
	assert_string_equal(eg_buf_str(&b), "root:x:0:0::/root:/bin/sh\n");
	eg_buf_reset(&b);
	/* ".." stops at the root: these resolve to root/outside/secret, which
	 * does not exist, never to the real outside/secret. */
	assert_int_equal(read_in_root(fallback, "/up_link", &b, 1000), EG_E_NOTFOUND);
	assert_int_equal(read_in_root(fallback, "/rel_escape", &b, 1000), EG_E_NOTFOUND);
	assert_int_equal(read_in_root(fallback, "/../outside/secret", &b, 1000), EG_E_NOTFOUND);
	assert_int_equal(read_in_root(fallback, "/etc/../../../outside/secret", &b, 1000), EG_E_NOTFOUND);
	assert_string_equal(eg_buf_str(&b), "");
	/* A link to "/" stays in the root. */
	assert_int_equal(read_in_root(fallback, "/etc/rootlink/etc/passwd", &b, 1000), 0);
	assert_string_equal(eg_buf_str(&b), "root:x:0:0::/root:/bin/sh\n");
	eg_buf_reset(&b);
	assert_int_equal(read_in_root(fallback, "/etc/dotdot_link", &b, 1000), 0);
	eg_buf_reset(&b);
	assert_int_equal(read_in_root(fallback, "/etc/sub/../sub/./file", &b, 1000), 0);
	assert_string_equal(eg_buf_str(&b), "inner\n");
	eg_buf_reset(&b);
	/* Loops, FIFOs, oversized files and directories are refused. */
	assert_int_equal(read_in_root(fallback, "/loop", &b, 1000), EG_E_LIMIT);
	assert_int_equal(read_in_root(fallback, "/fifo", &b, 1000), EG_E_INVAL);
	assert_int_equal(read_in_root(fallback, "/big", &b, 9), EG_E_LIMIT);
	assert_int_equal(read_in_root(fallback, "/big", &b, 10), 0);
	eg_buf_reset(&b);
	assert_int_equal(read_in_root(fallback, "/etc", &b, 1000), EG_E_INVAL);
	assert_int_equal(read_in_root(fallback, "/nonexistent/x", &b, 1000), EG_E_NOTFOUND);
	assert_int_equal(read_in_root(fallback, "/etc/passwd/x", &b, 1000), EG_E_NOTFOUND);
	eg_buf_free(&b);
}

static void test_reads_openat2(void **state)
{
	(void)state;
	check_reads(0);
}

static void test_reads_fallback(void **state)
{
	(void)state;
	check_reads(1);
}

static void check_stat_readlink(int fallback)
{
	struct eg_root *r;
	struct eg_err e;
	struct stat st;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(rootdir, &r, &e), 0);
	eg_root_force_fallback(r, fallback);
	assert_int_equal(eg_root_stat(r, "/abs_link", 1, &st, &e), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(eg_root_stat(r, "/abs_link", 0, &st, &e), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(eg_root_stat(r, "/up_link", 0, &st, &e), EG_E_NOTFOUND);
	assert_int_equal(eg_root_stat(r, "/", 0, &st, &e), 0);
	assert_true(S_ISDIR(st.st_mode));
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	assert_int_equal(eg_root_readlink(r, "/up_link", &b, &e), 0);
	assert_string_equal(eg_buf_str(&b), "../../../../../../../outside/secret");
	eg_buf_reset(&b);
	eg_err_clear(&e);
	assert_int_equal(eg_root_readlink(r, "/etc/passwd", &b, &e), EG_E_INVAL);
	eg_buf_free(&b);
	DIR *d;
	assert_int_equal(eg_root_opendir(r, "/etc/rootlink/etc/sub", &d, &e), 0);
	int found = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		found |= strcmp(de->d_name, "file") == 0;
	closedir(d);
	assert_true(found);
	eg_root_free(r);
}

static void test_stat_openat2(void **state)
{
	(void)state;
	check_stat_readlink(0);
}

static void test_stat_fallback(void **state)
{
	(void)state;
	check_stat_readlink(1);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct eg_root *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open("/nonexistent-eg-root", &r, &e), EG_E_NOTFOUND);
	assert_null(r);
	assert_non_null(strstr(eg_err_msg(&e), "/nonexistent-eg-root"));
	eg_err_clear(&e);
	assert_int_equal(eg_root_open("/", &r, &e), 0);
	assert_true(eg_root_is_host(r));
	eg_root_free(r);
	assert_int_equal(eg_root_open(rootdir, &r, &e), 0);
	assert_false(eg_root_is_host(r));
	eg_root_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_openat2),
		cmocka_unit_test(test_reads_fallback),
		cmocka_unit_test(test_stat_openat2),
		cmocka_unit_test(test_stat_fallback),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
