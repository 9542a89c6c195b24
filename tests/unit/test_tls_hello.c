/* Unit tests: the TLS scanner's hand-built ClientHello (exact bytes) and
 * the strict parser of a server's first record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scan/tls/tls_ciphers.h"
#include "scan/tls/tls_hello.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

static void test_client_hello_bytes(void **state)
{
	(void)state;
	struct eg_buf b;
	uint8_t rnd[32];
	uint16_t suites[2] = {0x000a, 0x002f};
	memset(rnd, 0xab, sizeof(rnd));
	eg_buf_init(&b, 4096);
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0300, suites, 2, rnd), 0);
	/* record 16 0300 LEN; hello 01 LEN24; 0300; random; sid 0;
	 * suites 0004 000a 002f; compression 01 00 */
	static const uint8_t head[] = {0x16, 0x03, 0x00, 0x00, 0x2f, 0x01,
				       0x00, 0x00, 0x2b, 0x03, 0x00};
	static const uint8_t tail[] = {0x00, 0x00, 0x04, 0x00, 0x0a,
				       0x00, 0x2f, 0x01, 0x00};
	assert_int_equal(b.len, 5 + 0x2f);
	assert_memory_equal(b.data, head, sizeof(head));
	assert_memory_equal(b.data + sizeof(head), rnd, 32);
	assert_memory_equal(b.data + sizeof(head) + 32, tail, sizeof(tail));
	/* TLS 1.2: record layer 3.1, hello 3.3 */
	eg_buf_reset(&b);
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0303, suites, 1, rnd), 0);
	assert_int_equal((uint8_t)b.data[2], 0x01);
	assert_int_equal((uint8_t)b.data[10], 0x03);
	/* refused: no suites, too many, TLS 1.3, SSLv2 */
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0300, suites, 0, rnd), EG_E_INVAL);
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0300, suites, 1001, rnd), EG_E_INVAL);
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0304, suites, 1, rnd), EG_E_INVAL);
	assert_int_equal(eg_tls_raw_client_hello(&b, 0x0200, suites, 1, rnd), EG_E_INVAL);
	eg_buf_free(&b);
}

/* An SSLv3 ServerHello choosing 0x000a, with a 2-byte session id, then a
 * ServerHelloDone in the same record. */
static const uint8_t hello[] = {
	0x16, 0x03, 0x00, 0x00, 0x30,
	0x02, 0x00, 0x00, 0x28, 0x03, 0x00,
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
	0x02, 0xaa, 0xbb, 0x00, 0x0a, 0x00,
	0x0e, 0x00, 0x00, 0x00,
};

static void test_parse_hello(void **state)
{
	(void)state;
	struct eg_tls_server_hello h;
	assert_int_equal(sizeof(hello), 5 + 0x30);
	assert_int_equal(eg_tls_parse_server_hello(hello, sizeof(hello), &h), 0);
	assert_int_equal(h.kind, EG_TLS_ANS_HELLO);
	assert_int_equal(h.version, 0x0300);
	assert_int_equal(h.rec_version, 0x0300);
	assert_int_equal(h.suite, 0x000a);
	assert_int_equal(h.compression, 0);
	/* every shorter prefix asks for more */
	for (size_t n = 0; n < sizeof(hello); n++)
		assert_int_equal(eg_tls_parse_server_hello(hello, n, &h), 1);
	/* bytes after the first record are not read */
	uint8_t more[sizeof(hello) + 3];
	memcpy(more, hello, sizeof(hello));
	memset(more + sizeof(hello), 0xff, 3);
	assert_int_equal(eg_tls_parse_server_hello(more, sizeof(more), &h), 0);
}

static void test_parse_alert_and_junk(void **state)
{
	(void)state;
	struct eg_tls_server_hello h;
	static const uint8_t alert[] = {0x15, 0x03, 0x00, 0x00, 0x02, 0x02, 0x28};
	assert_int_equal(eg_tls_parse_server_hello(alert, sizeof(alert), &h), 0);
	assert_int_equal(h.kind, EG_TLS_ANS_ALERT);
	assert_int_equal(h.alert_level, 2);
	assert_int_equal(h.alert_desc, 40);
	static const uint8_t alert3[] = {0x15, 0x03, 0x00, 0x00, 0x03, 2, 40, 0};
	assert_int_equal(eg_tls_parse_server_hello(alert3, sizeof(alert3), &h), EG_E_PARSE);
	static const char http[] = "HTTP/1.0 400 Bad Request\r\n";
	assert_int_equal(eg_tls_parse_server_hello((const uint8_t *)http,
						   sizeof(http) - 1, &h), EG_E_PARSE);
	static const uint8_t v2[] = {0x80, 0x2e, 0x04, 0x00, 0x01};
	assert_int_equal(eg_tls_parse_server_hello(v2, sizeof(v2), &h), EG_E_PARSE);
	/* a record longer than TLS allows is refused at once, not awaited */
	static const uint8_t huge[] = {0x16, 0x03, 0x00, 0xff, 0xff};
	assert_int_equal(eg_tls_parse_server_hello(huge, sizeof(huge), &h), EG_E_PARSE);
	static const uint8_t empty[] = {0x16, 0x03, 0x00, 0x00, 0x00};
	assert_int_equal(eg_tls_parse_server_hello(empty, sizeof(empty), &h), EG_E_PARSE);
	/* session id over 32 bytes */
	uint8_t bad[sizeof(hello)];
	memcpy(bad, hello, sizeof(hello));
	bad[5 + 4 + 2 + 32] = 33;
	assert_int_equal(eg_tls_parse_server_hello(bad, sizeof(bad), &h), EG_E_PARSE);
	/* a hello length past its record */
	memcpy(bad, hello, sizeof(hello));
	bad[8] = 0x40;
	assert_int_equal(eg_tls_parse_server_hello(bad, sizeof(bad), &h), EG_E_PARSE);
	/* a certificate message first */
	memcpy(bad, hello, sizeof(hello));
	bad[5] = 0x0b;
	assert_int_equal(eg_tls_parse_server_hello(bad, sizeof(bad), &h), EG_E_PARSE);
}

/* DEFLATE and the TLS 1.2 extensions: the compression list, the
 * extensions block that must add up, the server name inside it. */
static void test_client_hello_ex(void **state)
{
	(void)state;
	struct eg_buf b, plain;
	uint8_t rnd[32];
	uint16_t suites[1] = {0xc02f};
	memset(rnd, 0x11, sizeof(rnd));
	eg_buf_init(&b, 4096);
	eg_buf_init(&plain, 4096);
	/* flags 0: exactly the plain builder's bytes */
	assert_int_equal(eg_tls_raw_client_hello_ex(&b, 0x0303, suites, 1, rnd,
						    0, NULL), 0);
	assert_int_equal(eg_tls_raw_client_hello(&plain, 0x0303, suites, 1, rnd), 0);
	assert_int_equal(b.len, plain.len);
	assert_memory_equal(b.data, plain.data, b.len);
	/* DEFLATE only: compression methods 02 01 00, no extensions */
	eg_buf_reset(&b);
	assert_int_equal(eg_tls_raw_client_hello_ex(&b, 0x0303, suites, 1, rnd,
						    EG_TLS_HELLO_DEFLATE, NULL), 0);
	assert_int_equal(b.len, plain.len + 1);
	assert_memory_equal(b.data + b.len - 3, "\x02\x01\x00", 3);
	/* with extensions and a name */
	eg_buf_reset(&b);
	assert_int_equal(eg_tls_raw_client_hello_ex(&b, 0x0303, suites, 1, rnd,
						    EG_TLS_HELLO_DEFLATE |
							    EG_TLS_HELLO_EXTS,
						    "shop.example"), 0);
	const uint8_t *p = (const uint8_t *)b.data;
	size_t rec = (size_t)(p[3] << 8 | p[4]);
	assert_int_equal(rec, b.len - 5);
	size_t body = (size_t)(p[6] << 16 | p[7] << 8 | p[8]);
	assert_int_equal(body, rec - 4);
	/* after version, random, sid, suites, compression: extensions */
	size_t off = 9 + 2 + 32 + 1 + 2 + 2 + 3;
	size_t elen = (size_t)(p[off] << 8 | p[off + 1]);
	assert_int_equal(off + 2 + elen, b.len);
	/* server_name first: type 0, then the name */
	static const uint8_t sni[] = {0x00, 0x00, 0x00, 0x11, 0x00, 0x0f,
				      0x00, 0x00, 0x0c};
	assert_memory_equal(p + off + 2, sni, sizeof(sni));
	assert_memory_equal(p + off + 2 + sizeof(sni), "shop.example", 12);
	/* renegotiation_info, empty, last */
	assert_memory_equal(p + b.len - 5, "\xff\x01\x00\x01\x00", 5);
	/* a name of 256 bytes is refused */
	char longname[257];
	memset(longname, 'a', 256);
	longname[256] = '\0';
	assert_int_equal(eg_tls_raw_client_hello_ex(&b, 0x0303, suites, 1, rnd,
						    EG_TLS_HELLO_EXTS, longname),
			 EG_E_INVAL);
	eg_buf_free(&b);
	eg_buf_free(&plain);
}

/* The TLS 1.3 group probe and the HelloRetryRequest that answers it. */
static void test_hello13_and_hrr(void **state)
{
	(void)state;
	struct eg_buf b;
	uint8_t rnd[32];
	memset(rnd, 0x22, sizeof(rnd));
	eg_buf_init(&b, 4096);
	assert_int_equal(eg_tls_raw_client_hello13(&b, 0x0104, rnd, NULL), 0);
	const uint8_t *p = (const uint8_t *)b.data;
	assert_int_equal((size_t)(p[3] << 8 | p[4]), b.len - 5);
	assert_int_equal(p[9], 0x03); /* legacy_version 3.3 */
	assert_int_equal(p[10], 0x03);
	/* supported_versions (TLS 1.3 only), supported_groups (the one
	 * group), key_share with no share, in that order */
	static const uint8_t sv[] = {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04};
	static const uint8_t sg[] = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x01,
				     0x04};
	static const uint8_t ks[] = {0x00, 0x33, 0x00, 0x02, 0x00, 0x00};
	size_t ext = 9 + 2 + 32 + 1 + 2 + 10 + 2;
	assert_int_equal((size_t)(p[ext] << 8 | p[ext + 1]), b.len - ext - 2);
	assert_memory_equal(p + ext + 2, sv, sizeof(sv));
	assert_memory_equal(p + ext + 2 + sizeof(sv), sg, sizeof(sg));
	assert_memory_equal(p + b.len - sizeof(ks), ks, sizeof(ks));
	eg_buf_free(&b);

	/* An HRR selecting ffdhe8192 */
	static const uint8_t hrr[] = {
		0x16, 0x03, 0x03, 0x00, 0x38,
		0x02, 0x00, 0x00, 0x34, 0x03, 0x03,
		0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
		0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
		0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
		0x00, 0x13, 0x01, 0x00,
		0x00, 0x0c,
		0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,
		0x00, 0x33, 0x00, 0x02, 0x01, 0x04,
	};
	struct eg_tls_server_hello h;
	assert_int_equal(eg_tls_parse_server_hello(hrr, sizeof(hrr), &h), 0);
	assert_int_equal(h.kind, EG_TLS_ANS_HELLO);
	assert_int_equal(h.hrr, 1);
	assert_int_equal(h.sv_version, 0x0304);
	assert_int_equal(h.ks_group, 0x0104);
	assert_int_equal(h.suite, 0x1301);
	/* a key_share that runs past its extension is refused */
	uint8_t bad[sizeof(hrr)];
	memcpy(bad, hrr, sizeof(hrr));
	bad[sizeof(bad) - 3] = 0x03;
	assert_int_equal(eg_tls_parse_server_hello(bad, sizeof(bad), &h),
			 EG_E_PARSE);
}

static void test_legacy_table(void **state)
{
	(void)state;
	const struct eg_tls_legacy *l = eg_tls_legacy_find(0x000a);
	assert_non_null(l);
	assert_string_equal(l->name, "DES-CBC3-SHA");
	assert_string_equal(l->iana, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
	assert_null(eg_tls_legacy_find(0xc02f));
	for (size_t i = 0; i < eg_tls_legacy_count(); i++)
		assert_ptr_equal(eg_tls_legacy_find(eg_tls_legacy_at(i)->id),
				 eg_tls_legacy_at(i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_hello_bytes),
		cmocka_unit_test(test_parse_hello),
		cmocka_unit_test(test_parse_alert_and_junk),
		cmocka_unit_test(test_client_hello_ex),
		cmocka_unit_test(test_hello13_and_hrr),
		cmocka_unit_test(test_legacy_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
