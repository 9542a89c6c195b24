/*
 * Unit tests: the dpkg status parser (dpkg_status.h): exact rows of a real
 * excerpt, and hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tables/system/dpkg_status.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

static int collect(void *arg, const struct eg_dpkg_pkg *p)
{
	struct eg_buf *b = arg;
	eg_buf_addf(b, "%s|%s|%s|%s|%s@%zu\n", p->name,
		    p->version ? p->version : "NULL",
		    p->status ? p->status : "NULL", p->arch ? p->arch : "NULL",
		    p->source, p->line);
	return 0;
}

static void rows_are(const char *in, size_t n, const char *want,
		     size_t want_bad)
{
	struct eg_buf b;
	size_t bad = 99;
	eg_buf_init(&b, 1u << 20);
	assert_int_equal(eg_dpkg_parse(in, n, collect, &b, &bad), 0);
	assert_string_equal(eg_buf_str(&b), want);
	assert_int_equal(bad, want_bad);
	eg_buf_free(&b);
}

static const char real[] =
	"Package: openssh-server\n"
	"Status: install ok installed\n"
	"Priority: optional\n"
	"Section: net\n"
	"Installed-Size: 1868\n"
	"Maintainer: Debian OpenSSH Maintainers <debian-ssh@lists.debian.org>\n"
	"Architecture: amd64\n"
	"Multi-Arch: foreign\n"
	"Source: openssh\n"
	"Version: 1:9.2p1-2+deb12u3\n"
	"Conffiles:\n"
	" /etc/default/ssh 500e3cf069fe9a7b9936108eb9d9c035\n"
	"Description: secure shell (SSH) server, for secure access from remote machines\n"
	" This is the portable version of OpenSSH.\n"
	" Package: not-a-package\n"
	"\n"
	"Package: telnetd\n"
	"Status: deinstall ok config-files\n"
	"Architecture: amd64\n"
	"Source: netkit-telnet (0.17-44)\n"
	"Version: 0.17+2.4-2\n"
	"\n"
	"Package: libc6\n"
	"Status: install ok installed\n"
	"Architecture: amd64\n"
	"Version: 2.36-9+deb12u7\n";

static void test_real(void **state)
{
	(void)state;
	rows_are(real, sizeof(real) - 1,
		 "openssh-server|1:9.2p1-2+deb12u3|installed|amd64|openssh@1\n"
		 "telnetd|0.17+2.4-2|config-files|amd64|netkit-telnet@17\n"
		 "libc6|2.36-9+deb12u7|installed|amd64|libc6@23\n",
		 0);
}

static void test_forms(void **state)
{
	(void)state;
	/* CRLF, case-insensitive names, whitespace-only separator, a
	 * duplicate field (first wins), no trailing newline. */
	const char in[] = "package: a\r\nVERSION:  1.0 \r\nversion: 2.0\r\n \t \r\n"
			  "Package:b\nStatus: hold ok half-installed\nArchitecture: all";
	rows_are(in, sizeof(in) - 1,
		 "a|1.0|NULL|NULL|a@1\nb|NULL|half-installed|all|b@5\n", 0);
	/* Several blank lines, a stanza without Package (bad), lines that
	 * are not fields (bad), a continuation outside a stanza (bad). */
	const char in2[] = "\n\n Orphan continuation\nVersion: 1\n\nnot a field\n"
			   "Package: c\n: empty name\nBad Name: x\n\n";
	rows_are(in2, sizeof(in2) - 1, "c|NULL|NULL|NULL|c@7\n", 5);
	rows_are("", 0, "", 0);
	/* Empty Package value is a stanza without a package. */
	rows_are("Package:\nVersion: 1\n", 20, "", 1);
}

static void test_hostile(void **state)
{
	(void)state;
	/* NUL cuts a value; invalid UTF-8 passes through as bytes. */
	const char in[] = "Package: ev\0il\nVersion: \xff\xfe\n";
	rows_are(in, sizeof(in) - 1, "ev|\xff\xfe|NULL|NULL|ev@1\n", 0);
	/* A line over EG_LINE_MAX is skipped whole, the rest still parses. */
	size_t big = EG_LINE_MAX + 100;
	char *buf = malloc(big + 64);
	assert_non_null(buf);
	memcpy(buf, "Description: ", 13);
	memset(buf + 13, 'A', big - 13);
	memcpy(buf + big, "\nPackage: z\n", 12);
	rows_are(buf, big + 12, "z|NULL|NULL|NULL|z@2\n", 0);
	free(buf);
}

static int stop_after_one(void *arg, const struct eg_dpkg_pkg *p)
{
	(void)p;
	int *n = arg;
	return ++*n == 1 ? EG_E_LIMIT : 0;
}

static void test_stop(void **state)
{
	(void)state;
	int n = 0;
	assert_int_equal(eg_dpkg_parse(real, sizeof(real) - 1, stop_after_one,
				       &n, NULL), EG_E_LIMIT);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
