/* Unit tests: base64, SSH key blobs and the authorized_keys parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/authkeys.h"
#include "util/limits.h"
#include "acct_check.h"

static void test_base64(void **state)
{
	(void)state;
	unsigned char out[16];
	size_t n;
	assert_int_equal(eg_acct_base64_decode("aGVsbG8=", 8, out, 16, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hello", 5);
	assert_int_equal(eg_acct_base64_decode("aGk=", 4, out, 16, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(eg_acct_base64_decode("aA==", 4, out, 16, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(eg_acct_base64_decode("YWJj", 4, out, 16, &n), 0);
	assert_int_equal(n, 3);
	static const char *const bad[] = {
		"", "aGVsbG8", "aGVs bG8=", "aGVsbG8==", "a===", "=aGk",
		"aG=k", "aGl=", "aB==", "aGVs\nbG8=", "aGVs*bG8=",
		"YWJjZGVmZ2hpamtsbW5vcHFy", /* 18 bytes: too big for out */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(eg_acct_base64_decode(bad[i], strlen(bad[i]),
						       out, 16, &n), -1);
}

static void test_blobs(void **state)
{
	(void)state;
	int64_t bits = 0;
	/* type ssh-ed25519, 32-byte key */
	unsigned char ed[4 + 11 + 4 + 32];
	memcpy(ed, "\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
	memset(ed + 19, 7, 32);
	assert_int_equal(eg_acct_ssh_key_bits("ssh-ed25519", ed, sizeof(ed),
					      &bits), 0);
	assert_int_equal(bits, 256);
	/* Wrong type, truncated, short key, unknown type. */
	assert_int_equal(eg_acct_ssh_key_bits("ssh-rsa", ed, sizeof(ed), &bits),
			 -1);
	assert_int_equal(eg_acct_ssh_key_bits("ssh-ed25519", ed, sizeof(ed) - 1,
					      &bits), -1);
	assert_int_equal(eg_acct_ssh_key_bits("ssh-foo", ed, sizeof(ed), &bits),
			 -1);
	/* A length larger than what is left. */
	unsigned char huge[] = "\xff\xff\xff\xffssh-rsa";
	assert_int_equal(eg_acct_ssh_key_bits("ssh-rsa", huge, sizeof(huge) - 1,
					      &bits), -1);
	/* RSA: e = 65537, n = 0x00 0x80 .. (a 1-byte-padded 16-bit modulus) */
	unsigned char rsa[] = "\0\0\0\x07ssh-rsa\0\0\0\x03\x01\x00\x01"
			      "\0\0\0\x03\x00\x80\x01";
	assert_int_equal(eg_acct_ssh_key_bits("ssh-rsa", rsa, sizeof(rsa) - 1,
					      &bits), 0);
	assert_int_equal(bits, 16);
	/* A negative modulus (top bit set without a zero byte) is refused. */
	unsigned char neg[] = "\0\0\0\x07ssh-rsa\0\0\0\x03\x01\x00\x01"
			      "\0\0\0\x02\x80\x01";
	assert_int_equal(eg_acct_ssh_key_bits("ssh-rsa", neg, sizeof(neg) - 1,
					      &bits), -1);
}

static void test_file(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof(path), "%s/tests/unit/data/acct_authorized_keys",
		 EG_SOURCE_ROOT);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[65536];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct rec r;
	rec_init(&r);
	assert_int_equal(eg_acct_parse_authorized_keys(buf, len, "/k", "alice",
						       &r.sink), 0);
	expect_text(eg_buf_str(&r.rows),
		    "alice|ssh-rsa|1024|NULL|rsa1024@test\n"
		    "alice|ssh-rsa|3072|from=\"10.0.0.1\",no-pty|rsa3072@test\n"
		    "alice|ssh-ed25519|256|command=\"/usr/bin/backup --opt "
		    "\\\"x y\\\"\",no-port-forwarding|backup key  with spaces\n"
		    "alice|ecdsa-sha2-nistp256|256|NULL|ecdsa256@test\n"
		    "alice|ecdsa-sha2-nistp384|384|NULL|ecdsa384@test\n"
		    "alice|ecdsa-sha2-nistp521|521|NULL|ecdsa521@test\n"
		    "alice|ssh-dss|1024|NULL|dsa@test\n"
		    "alice|ssh-rsa-cert-v01@openssh.com|3072|cert-authority,"
		    "principals=\"alice\"|NULL\n"
		    "alice|sk-ssh-ed25519@openssh.com|256|NULL|NULL\n"
		    "alice|sk-ecdsa-sha2-nistp256@openssh.com|256|NULL|fido\n"
		    "alice|ssh-ed25519|256|restrict|NULL\n");
	expect_text(eg_buf_str(&r.warns),
		    "/k:13: key is not valid base64 of a key of its type; line skipped\n"
		    "/k:14: key is not valid base64 of a key of its type; line skipped\n"
		    "/k:15: no known key type; line skipped\n"
		    "/k:16: key is not valid base64 of a key of its type; line skipped\n"
		    "/k:17: no known key type; line skipped\n"
		    "/k:19: key is not valid base64 of a key of its type; line skipped\n");
	/* Key material never reaches a row. */
	expect_lacks(eg_buf_str(&r.rows), "AAAA");
	rec_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_blobs),
		cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
