/*
 * Unit tests: /proc/self/mounts lines (mounts_parse.h), octal escapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tables/system/mounts_parse.h"
#include "util/err.h"

static void test_lines(void **state)
{
	(void)state;
	struct eg_mount m;
	eg_mount_init(&m);
	const char *l = "tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k 0 0";
	assert_int_equal(eg_mounts_line(l, strlen(l), &m), 0);
	assert_string_equal(eg_buf_str(&m.device), "tmpfs");
	assert_string_equal(eg_buf_str(&m.mountpoint), "/tmp");
	assert_string_equal(eg_buf_str(&m.fstype), "tmpfs");
	assert_string_equal(eg_buf_str(&m.options),
			    "rw,nosuid,nodev,noexec,relatime,size=1024k");
	l = "/dev/sdb1 /mnt/my\\040disk\\011x\\134y vfat rw 0 0";
	assert_int_equal(eg_mounts_line(l, strlen(l), &m), 0);
	assert_string_equal(eg_buf_str(&m.mountpoint), "/mnt/my disk\tx\\y");
	/* Not escapes: too short, not octal, NUL, over a byte. */
	l = "a /x\\04 t o";
	assert_int_equal(eg_mounts_line(l, strlen(l), &m), 0);
	assert_string_equal(eg_buf_str(&m.mountpoint), "/x\\04");
	l = "a /x\\089\\000\\777 t o";
	assert_int_equal(eg_mounts_line(l, strlen(l), &m), 0);
	assert_string_equal(eg_buf_str(&m.mountpoint), "/x\\089\\000\\777");
	l = "a /x\\";
	assert_int_equal(eg_mounts_line(l, strlen(l), &m), EG_E_PARSE);
	/* Three fields is not a mount; four (no dump/pass) is. */
	assert_int_equal(eg_mounts_line("a b c", 5, &m), EG_E_PARSE);
	assert_int_equal(eg_mounts_line("a b c d", 7, &m), 0);
	assert_int_equal(eg_mounts_line("", 0, &m), EG_E_PARSE);
	const char nul[] = "a b\0 c d";
	assert_int_equal(eg_mounts_line(nul, sizeof(nul) - 1, &m), EG_E_PARSE);
	eg_mount_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
