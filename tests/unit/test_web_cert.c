/*
 * Unit tests: certificate parsing with OpenSSL (PEM bundles, DER, the
 * fields of each certificate exactly as the table shows them) and hostile
 * input (garbage, broken base64, encrypted blocks that must never prompt,
 * too many certificates, too many bytes).
 */
#include "web_check.h"

#include "tables/web/cert.h"
#include "util/err.h"
#include "util/limits.h"

static char *slurp(const char *rel, size_t *n)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s/tests/fixtures/%s", EG_SOURCE_ROOT, rel);
	FILE *f = fopen(p, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", p);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		eg_buf_add(&b, chunk, got);
	fclose(f);
	return eg_buf_steal(&b, n);
}

static int render(void *ud, const struct eg_cert_info *ci)
{
	eg_buf_addf(ud, "%s|%s|%s|%s|%s|%lld|%s|%d\n", ci->subject, ci->issuer,
		    ci->not_before ? ci->not_before : "-",
		    ci->not_after ? ci->not_after : "-",
		    ci->key_type ? ci->key_type : "-",
		    (long long)ci->key_bits, ci->sig_alg ? ci->sig_alg : "-",
		    ci->self_signed);
	return 0;
}

static int parse(const void *buf, size_t n, struct eg_buf *out,
		 struct eg_err *e)
{
	eg_buf_init(out, 1u << 20);
	eg_err_clear(e);
	return eg_cert_parse(buf, n, render, out, e);
}

static void expect_file(const char *rel, int count, const char *want)
{
	size_t n;
	char *d = slurp(rel, &n);
	struct eg_buf out;
	struct eg_err e;
	int rc = parse(d, n, &out, &e);
	if (rc < 0)
		fail_msg("%s: %s", rel, eg_err_msg(&e));
	assert_int_equal(rc, count);
	assert_string_equal(eg_buf_str(&out), want);
	eg_buf_free(&out);
	free(d);
}

static void test_fixture_certificates(void **state)
{
	(void)state;
	expect_file("weak/etc/ssl/certs/shop-selfsigned.pem", 1,
		    "CN=shop.example.jp,O=Weak Shop,C=JP|"
		    "CN=shop.example.jp,O=Weak Shop,C=JP|"
		    "2015-04-01T00:00:00Z|2016-04-01T00:00:00Z|rsa|1024|"
		    "sha1WithRSAEncryption|1\n");
	expect_file("weak/etc/ssl/certs/legacy-der.crt", 1,
		    "CN=legacy-intranet.example.jp,O=Weak Shop,C=JP|"
		    "CN=legacy-intranet.example.jp,O=Weak Shop,C=JP|"
		    "2010-01-01T00:00:00Z|2030-01-01T00:00:00Z|dsa|2048|"
		    "dsa_with_SHA256|1\n");
	expect_file("hardened/etc/letsencrypt/archive/shop.example.jp/"
		    "fullchain1.pem", 2,
		    "CN=shop.example.jp,O=Hardened Shop,C=JP|"
		    "CN=ecguard Test CA,O=ecguard tests,C=JP|"
		    "2024-01-01T00:00:00Z|2049-12-31T00:00:00Z|ec|256|"
		    "sha256WithRSAEncryption|0\n"
		    "CN=ecguard Test CA,O=ecguard tests,C=JP|"
		    "CN=ecguard Test CA,O=ecguard tests,C=JP|"
		    "2024-01-01T00:00:00Z|2049-12-31T00:00:00Z|rsa|2048|"
		    "sha256WithRSAEncryption|1\n");
	expect_file("hardened/etc/ssl/certs/intranet.pem", 1,
		    "CN=intranet.example.jp,O=Hardened Shop,C=JP|"
		    "CN=ecguard Test CA,O=ecguard tests,C=JP|"
		    "2024-01-01T00:00:00Z|2049-12-31T00:00:00Z|ed25519|256|"
		    "sha256WithRSAEncryption|0\n");
	/* A key file holds no certificate: 0, not an error. */
	expect_file("weak/etc/ssl/private/shop.key", 0, "");
}

static void test_combined_and_text(void **state)
{
	(void)state;
	/* Text around the blocks and a key block in between are skipped. */
	size_t nc, nk;
	char *c = slurp("weak/etc/ssl/certs/shop-selfsigned.pem", &nc);
	char *k = slurp("weak/etc/ssl/private/shop.key", &nk);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	eg_buf_adds(&b, "subject=CN = shop\nBag Attributes: none\n");
	eg_buf_add(&b, k, nk);
	eg_buf_add(&b, c, nc);
	eg_buf_adds(&b, "trailing words\n");
	eg_buf_add(&b, c, nc);
	struct eg_buf out;
	struct eg_err e;
	assert_int_equal(parse(b.data, b.len, &out, &e), 2);
	eg_buf_free(&out);
	eg_buf_free(&b);
	free(c);
	free(k);
}

static void test_hostile(void **state)
{
	(void)state;
	struct eg_buf out;
	struct eg_err e;
	assert_int_equal(parse("garbage\x01\x02", 9, &out, &e), EG_E_PARSE);
	assert_string_equal(eg_err_msg(&e),
			    "neither a PEM nor a DER certificate");
	eg_buf_free(&out);
	assert_int_equal(parse("", 0, &out, &e), EG_E_PARSE);
	eg_buf_free(&out);
	/* A DER SEQUENCE header that claims more bytes than there are. */
	assert_int_equal(parse("\x30\x84\x7f\xff\xff\xff\x30", 7, &out, &e),
			 EG_E_PARSE);
	eg_buf_free(&out);

	static const char bad64[] = "-----BEGIN CERTIFICATE-----\n"
				    "!!!! not base64 ****\n"
				    "-----END CERTIFICATE-----\n";
	assert_int_equal(parse(bad64, sizeof(bad64) - 1, &out, &e), EG_E_PARSE);
	assert_non_null(strstr(eg_err_msg(&e), "certificate 1: malformed PEM "
					       "block"));
	eg_buf_free(&out);

	/* An "encrypted" certificate block is refused without asking for a
	 * passphrase (the default callback would read the terminal). */
	static const char enc[] = "-----BEGIN CERTIFICATE-----\n"
				  "Proc-Type: 4,ENCRYPTED\n"
				  "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n"
				  "\n"
				  "AAAA\n"
				  "-----END CERTIFICATE-----\n";
	assert_int_equal(parse(enc, sizeof(enc) - 1, &out, &e), EG_E_PARSE);
	eg_buf_free(&out);

	/* Valid base64 of a non-certificate, after one good certificate:
	 * the good one is delivered first. */
	size_t nc;
	char *c = slurp("weak/etc/ssl/certs/shop-selfsigned.pem", &nc);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 26);
	eg_buf_add(&b, c, nc);
	eg_buf_adds(&b, "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n"
			"-----END CERTIFICATE-----\n");
	assert_int_equal(parse(b.data, b.len, &out, &e), EG_E_PARSE);
	assert_non_null(strstr(eg_err_msg(&e), "certificate 2:"));
	assert_non_null(strstr(eg_buf_str(&out), "CN=shop.example.jp"));
	eg_buf_free(&out);

	/* A truncated block (no END line). */
	eg_buf_reset(&b);
	eg_buf_add(&b, c, nc / 2);
	assert_int_equal(parse(b.data, b.len, &out, &e), EG_E_PARSE);
	eg_buf_free(&out);

	/* More than EG_CERT_MAX_PER_FILE certificates. */
	eg_buf_reset(&b);
	for (unsigned i = 0; i <= EG_CERT_MAX_PER_FILE; i++)
		eg_buf_add(&b, c, nc);
	assert_true(b.len <= EG_CERT_MAX_BYTES);
	assert_int_equal(parse(b.data, b.len, &out, &e), EG_E_LIMIT);
	char want[64];
	snprintf(want, sizeof(want), "more than %u certificates",
		 (unsigned)EG_CERT_MAX_PER_FILE);
	assert_string_equal(eg_err_msg(&e), want);
	eg_buf_free(&out);

	/* More than EG_CERT_MAX_BYTES. */
	eg_buf_reset(&b);
	while (b.len <= EG_CERT_MAX_BYTES)
		eg_buf_add(&b, c, nc);
	assert_int_equal(parse(b.data, b.len, &out, &e), EG_E_LIMIT);
	eg_buf_free(&out);
	eg_buf_free(&b);
	free(c);
}

static int stop_first(void *ud, const struct eg_cert_info *ci)
{
	(void)ci;
	++*(int *)ud;
	return EG_E_NOMEM;
}

static void test_callback_stops(void **state)
{
	(void)state;
	size_t n;
	char *d = slurp("hardened/etc/letsencrypt/archive/shop.example.jp/"
			"fullchain1.pem", &n);
	int calls = 0;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_cert_parse((unsigned char *)d, n, stop_first,
				       &calls, &e),
			 EG_E_NOMEM);
	assert_int_equal(calls, 1);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_certificates),
		cmocka_unit_test(test_combined_and_text),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
