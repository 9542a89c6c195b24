/*
 * Unit tests: /proc/net socket lines (proc_net.h): exact fields, address
 * text in every form the table prints, listening rules, hostile lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <endian.h>
#include <string.h>

#include "tables/system/proc_net.h"
#include "util/err.h"

static int parse(const char *line, int v6, struct eg_sock *s)
{
	return eg_proc_net_line(line, strlen(line), v6, s);
}

static void addr_is(const struct eg_sock *s, const char *want)
{
	char buf[EG_ADDR_TEXT_MAX];
	eg_sock_addr_text(s, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_tcp_listen(void **state)
{
	(void)state;
	struct eg_sock s;
	const char *l = "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 "
			"00:00000000 00000000     0        0 20512 1 "
			"0000000000000000 100 0 0 10 0";
	assert_int_equal(parse(l, 0, &s), 0);
	assert_int_equal(s.family, 4);
	assert_int_equal(s.port, 22);
	assert_int_equal(s.state, EG_TCP_LISTEN);
	assert_int_equal(s.uid, 0);
	assert_int_equal(s.inode, 20512);
	assert_true(eg_sock_listening(&s, 0));
	assert_false(eg_sock_listening(&s, 1));
	addr_is(&s, "0.0.0.0");
}

static void test_byte_order(void **state)
{
	(void)state;
	struct eg_sock s;
	/* What a little-endian kernel prints for 127.0.0.1:3306 and for
	 * 192.168.10.5:443; the parser must give network order. */
#if __BYTE_ORDER == __LITTLE_ENDIAN
	assert_int_equal(parse("1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110 0 31337 1", 0, &s), 0);
	addr_is(&s, "127.0.0.1");
	assert_int_equal(s.port, 3306);
	assert_int_equal(s.uid, 110);
	assert_int_equal(parse("2: 050AA8C0:01BB 0100A8C0:D431 01 00000000:00000000 00:00000000 00000000    33 0 4242 1", 0, &s), 0);
	addr_is(&s, "192.168.10.5");
	assert_int_equal(s.port, 443);
	assert_int_equal(s.state, 1);
	assert_false(eg_sock_listening(&s, 0));
#else
	assert_int_equal(parse("1: 7F000001:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110 0 31337 1", 0, &s), 0);
	addr_is(&s, "127.0.0.1");
#endif
}

static void test_ipv6(void **state)
{
	(void)state;
	struct eg_sock s;
	assert_int_equal(parse("0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 777 1", 1, &s), 0);
	assert_int_equal(s.family, 6);
	addr_is(&s, "::");
	assert_int_equal(s.port, 80);
#if __BYTE_ORDER == __LITTLE_ENDIAN
	assert_int_equal(parse("1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 778 1", 1, &s), 0);
	addr_is(&s, "::1");
	assert_int_equal(s.port, 631);
	/* ::ffff:10.1.2.3 */
	assert_int_equal(parse("2: 0000000000000000FFFF00000302010A:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 779 1", 1, &s), 0);
	addr_is(&s, "::ffff:10.1.2.3");
	/* 2001:db8::1 */
	assert_int_equal(parse("3: B80D0120000000000000000001000000:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 780 2", 1, &s), 0);
	addr_is(&s, "2001:db8::1");
	assert_true(eg_sock_listening(&s, 1));
#endif
}

static void test_udp(void **state)
{
	(void)state;
	struct eg_sock s;
	/* udp has "ref pointer drops" after the inode. */
	assert_int_equal(parse("  123: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 15300 2 ffff8a0c4d2b0000 0", 0, &s), 0);
	assert_true(eg_sock_listening(&s, 1));
	assert_int_equal(s.port, 53);
	assert_int_equal(s.inode, 15300);
	/* A connected UDP socket (ESTABLISHED) does not listen. */
	assert_int_equal(parse("  124: 0100007F:A1B2 0100007F:0035 01 00000000:00000000 00:00000000 00000000 1000 0 15301 2 ffff8a0c4d2b0000 0", 0, &s), 0);
	assert_false(eg_sock_listening(&s, 1));
}

static void test_header_and_hostile(void **state)
{
	(void)state;
	struct eg_sock s;
	const char *hdr = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
	assert_true(eg_proc_net_is_header(hdr, strlen(hdr)));
	assert_int_equal(parse(hdr, 0, &s), EG_E_PARSE);
	assert_false(eg_proc_net_is_header("0: x", 4));
	static const char *const bad[] = {
		"",
		"0:",
		/* v6 width in a v4 file */
		"0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 1",
		/* non-hex address, port too wide, state too wide */
		"0: 0000000G:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
		"0: 00000000:00016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
		"0: 00000000:0016 00000000:0000 0AA 00000000:00000000 00:00000000 00000000 0 0 1",
		/* missing inode; inode not a number; negative uid */
		"0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0",
		"0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12x",
		"0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1 0 1",
		/* slot without colon, or not a number */
		"0 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
		"x: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
		/* uid over 32 bits */
		"0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 4294967296 0 1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], 0, &s) != EG_E_PARSE)
			fail_msg("accepted bad line %zu: %s", i, bad[i]);
	}
	/* A NUL inside the line ends a field: not a valid line. */
	const char nul[] = "0: 00000000:00" "\0" "16 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1";
	assert_int_equal(eg_proc_net_line(nul, sizeof(nul) - 1, 0, &s), EG_E_PARSE);
	/* Tabs separate like spaces. */
	assert_int_equal(parse("0:\t00000000:0016\t00000000:0000\t0A\t00000000:00000000\t00:00000000\t00000000\t0\t0\t9", 0, &s), 0);
	assert_int_equal(s.inode, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_listen),
		cmocka_unit_test(test_byte_order),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_header_and_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
