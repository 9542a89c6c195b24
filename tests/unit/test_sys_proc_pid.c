/*
 * Unit tests: /proc/PID parsing (proc_pid.h): pid names, comm, cmdline,
 * the Uid: line and socket links, with hostile contents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tables/system/proc_pid.h"
#include "util/err.h"
#include "util/limits.h"

static void test_pid_name(void **state)
{
	(void)state;
	uint32_t pid = 0;
	assert_int_equal(eg_proc_pid_name("1", &pid), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(eg_proc_pid_name("4194304", &pid), 0);
	assert_int_equal(pid, 4194304);
	assert_int_equal(eg_proc_pid_name("4194305", &pid), EG_E_RANGE);
	assert_int_equal(eg_proc_pid_name("0", &pid), EG_E_PARSE);
	assert_int_equal(eg_proc_pid_name("012", &pid), EG_E_PARSE);
	assert_int_equal(eg_proc_pid_name("self", &pid), EG_E_PARSE);
	assert_int_equal(eg_proc_pid_name("", &pid), EG_E_PARSE);
	assert_int_equal(eg_proc_pid_name("12a", &pid), EG_E_PARSE);
	assert_int_equal(eg_proc_pid_name("99999999999999999999999", &pid), EG_E_RANGE);
}

static void test_comm(void **state)
{
	(void)state;
	size_t n = 5;
	eg_proc_comm("sshd\n", &n);
	assert_int_equal(n, 4);
	n = 4;
	eg_proc_comm("sshd", &n);
	assert_int_equal(n, 4);
	n = 8;
	eg_proc_comm("ab\0cd\nxy", &n);
	assert_int_equal(n, 2);
	n = 1;
	eg_proc_comm("\n", &n);
	assert_int_equal(n, 0);
}

static void cmdline_is(const char *s, size_t n, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_CMDLINE_MAX);
	assert_int_equal(eg_proc_cmdline(s, n, &b), 0);
	assert_string_equal(eg_buf_str(&b), want);
	eg_buf_free(&b);
}

static void test_cmdline(void **state)
{
	(void)state;
	cmdline_is("/usr/sbin/sshd\0-D\0", 18, "/usr/sbin/sshd -D");
	cmdline_is("nginx: master process /usr/sbin/nginx", 38,
		   "nginx: master process /usr/sbin/nginx");
	cmdline_is("", 0, "");
	cmdline_is("\0\0\0", 3, "");
	cmdline_is("a\0\0b\0", 5, "a  b"); /* an empty argument stays */
	cmdline_is("x\033[2Jy\0", 7, "x\033[2Jy"); /* kept; shown escaped */
}

static void test_status_uid(void **state)
{
	(void)state;
	uint64_t uid = 99;
	const char st[] = "Name:\tmysqld\nUmask:\t0027\nState:\tS (sleeping)\n"
			  "Tgid:\t812\nPid:\t812\nPPid:\t1\nTracerPid:\t0\n"
			  "Uid:\t106\t106\t106\t106\nGid:\t113\t113\t113\t113\n";
	assert_int_equal(eg_proc_status_uid(st, sizeof(st) - 1, &uid), 0);
	assert_int_equal(uid, 106);
	const char st2[] = "Name:\tx\nUid:\t0\t1000\t0\t0";
	assert_int_equal(eg_proc_status_uid(st2, sizeof(st2) - 1, &uid), 0);
	assert_int_equal(uid, 0); /* the real uid, not the effective */
	assert_int_equal(eg_proc_status_uid("Name: x\n", 8, &uid), EG_E_PARSE);
	assert_int_equal(eg_proc_status_uid("Uid:\n", 5, &uid), EG_E_PARSE);
	assert_int_equal(eg_proc_status_uid("Uid:\t-1\t0\n", 10, &uid), EG_E_PARSE);
	assert_int_equal(eg_proc_status_uid("Uid:\t12x\t0\n", 11, &uid), EG_E_PARSE);
	assert_int_equal(eg_proc_status_uid("Uid:\t99999999999\n", 17, &uid), EG_E_PARSE);
	/* "XUid:" and a Uid inside another line do not count. */
	assert_int_equal(eg_proc_status_uid("XUid:\t5\nName: Uid:\t6\n", 21, &uid), EG_E_PARSE);
	const char nul[] = "Uid:\t7\0\t0\n";
	assert_int_equal(eg_proc_status_uid(nul, sizeof(nul) - 1, &uid), EG_E_PARSE);
}

static void test_socket_inode(void **state)
{
	(void)state;
	uint64_t ino = 0;
	assert_int_equal(eg_proc_socket_inode("socket:[20512]", 14, &ino), 0);
	assert_int_equal(ino, 20512);
	assert_int_equal(eg_proc_socket_inode("pipe:[20512]", 12, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("socket:[]", 9, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("socket:[0]", 10, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("socket:[12", 10, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("socket:[1 2]", 12, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("/etc/passwd", 11, &ino), EG_E_PARSE);
	assert_int_equal(eg_proc_socket_inode("anon_inode:[eventpoll]", 22, &ino), EG_E_PARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pid_name),
		cmocka_unit_test(test_comm),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_status_uid),
		cmocka_unit_test(test_socket_inode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
