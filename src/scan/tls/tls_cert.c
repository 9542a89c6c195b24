/*
 * tls_cert.c: analysis of the chain a TLS server sends (see tls_cert.h).
 * Trust is decided with the validity dates set aside
 * (X509_V_FLAG_NO_CHECK_TIME), so "expired" and "untrusted" are separate
 * findings instead of the first error hiding the second. The handshake
 * itself verifies nothing: the chain is checked here, once.
 */
#include "tls_cert.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "../../tables/web/cert.h"
#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/limits.h"

static char *dupn(const char *s)
{
	if (s == NULL)
		s = "";
	size_t n = strnlen(s, EG_TLS_NAME_MAX);
	char *d = malloc(n + 1);
	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void copy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s != NULL ? s : "");
}

/* The leaf through the certificates table's parser. */
static int leaf_cb(void *ud, const struct eg_cert_info *ci)
{
	struct eg_tls_cert *c = ud;
	if (c->subject != NULL)
		return 0; /* only the first */
	c->subject = dupn(ci->subject);
	c->issuer = dupn(ci->issuer);
	if (c->subject == NULL || c->issuer == NULL)
		return EG_E_NOMEM;
	copy(c->not_before, sizeof(c->not_before), ci->not_before);
	copy(c->not_after, sizeof(c->not_after), ci->not_after);
	copy(c->key_type, sizeof(c->key_type), ci->key_type);
	c->key_bits = ci->key_bits;
	copy(c->sig_alg, sizeof(c->sig_alg), ci->sig_alg);
	c->self_signed = ci->self_signed;
	return 0;
}

static int add_san(struct eg_tls_cert *c, const char *prefix, const char *v,
		   size_t n)
{
	if (c->nsans >= EG_TLS_MAX_SANS)
		return 0;
	struct eg_buf b;
	eg_buf_init(&b, EG_TLS_NAME_MAX);
	eg_buf_adds(&b, prefix);
	eg_buf_add(&b, v, n);
	if (b.err == EG_E_NOMEM) {
		eg_buf_free(&b);
		return EG_E_NOMEM;
	}
	char **ns = realloc(c->sans, (c->nsans + 1) * sizeof(*ns));
	if (ns == NULL) {
		eg_buf_free(&b);
		return EG_E_NOMEM;
	}
	c->sans = ns;
	c->sans[c->nsans] = eg_buf_steal(&b, NULL);
	if (c->sans[c->nsans] == NULL)
		return EG_E_NOMEM;
	c->nsans++;
	return 0;
}

static int sans(X509 *x, struct eg_tls_cert *c)
{
	GENERAL_NAMES *gn = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
					     NULL);
	int rc = 0;
	if (gn == NULL)
		return 0;
	for (int i = 0; i < sk_GENERAL_NAME_num(gn) && rc == 0; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gn, i);
		if (g->type == GEN_DNS) {
			const ASN1_IA5STRING *s = g->d.dNSName;
			rc = add_san(c, "DNS:", (const char *)s->data,
				     (size_t)s->length);
		} else if (g->type == GEN_IPADD) {
			char a[INET6_ADDRSTRLEN];
			const ASN1_OCTET_STRING *s = g->d.iPAddress;
			int af = s->length == 4 ? AF_INET :
				 s->length == 16 ? AF_INET6 : 0;
			if (af != 0 && inet_ntop(af, s->data, a, sizeof(a)))
				rc = add_san(c, "IP:", a, strlen(a));
		}
	}
	GENERAL_NAMES_free(gn);
	return rc;
}

/*
 * The system trust store. Loading the distribution's bundle file costs
 * ~130 ms (OpenSSL 3 decodes all ~150 certificates); the hashed directory
 * (/etc/ssl/certs on Debian) is read lazily, a few files per chain. So the
 * directory is used, and a file only when SSL_CERT_FILE names one (as
 * OpenSSL's own default does), or when there is no directory.
 */
static X509_STORE *system_store(void)
{
	X509_STORE *st = X509_STORE_new();
	if (st == NULL)
		return NULL;
	const char *f = secure_getenv(X509_get_default_cert_file_env());
	const char *d = secure_getenv(X509_get_default_cert_dir_env());
	if (d == NULL)
		d = X509_get_default_cert_dir();
	if (f != NULL)
		X509_STORE_load_file(st, f);
	if (access(d, R_OK | X_OK) == 0)
		X509_STORE_load_path(st, d);
	else if (f == NULL)
		X509_STORE_load_file(st, X509_get_default_cert_file());
	ERR_clear_error();
	return st;
}

/* Verifies the chain against the system store: once as a browser would
 * (its error goes to verify), once with the dates set aside (trusted). */
static void verify_chain(STACK_OF(X509) *chain, struct eg_tls_cert *c)
{
	X509_STORE *st = system_store();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	snprintf(c->verify, sizeof(c->verify), "%s", "not verified");
	if (st == NULL || ctx == NULL)
		goto out;
	X509 *leaf = sk_X509_value(chain, 0);
	if (X509_STORE_CTX_init(ctx, st, leaf, chain) != 1)
		goto out;
	int ok = X509_verify_cert(ctx) == 1;
	snprintf(c->verify, sizeof(c->verify), "%s",
		 ok ? "ok" : X509_verify_cert_error_string(
				     X509_STORE_CTX_get_error(ctx)));
	X509_STORE_CTX_cleanup(ctx);
	X509_STORE_set_flags(st, X509_V_FLAG_NO_CHECK_TIME);
	if (X509_STORE_CTX_init(ctx, st, leaf, chain) != 1)
		goto out;
	c->trusted = X509_verify_cert(ctx) == 1;
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
}

static int is_addr(const char *s)
{
	unsigned char b[16];
	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

int eg_tls_cert_analyse(STACK_OF(X509) *chain, const char *name,
			struct eg_tls_cert *out)
{
	unsigned char *der = NULL;
	int rc = EG_E_PARSE;
	memset(out, 0, sizeof(*out));
	out->key_bits = -1;
	if (chain == NULL || sk_X509_num(chain) < 1)
		goto out;
	X509 *leaf = sk_X509_value(chain, 0);
	out->chain_len = sk_X509_num(chain);
	int len = i2d_X509(leaf, &der);
	if (len <= 0)
		goto out;
	struct eg_err e;
	eg_err_clear(&e);
	int n = eg_cert_parse(der, (size_t)len, leaf_cb, out, &e);
	if (n < 0) {
		rc = n == EG_E_NOMEM ? EG_E_NOMEM : EG_E_PARSE;
		goto out;
	}
	if (out->subject == NULL)
		goto out;
	rc = sans(leaf, out);
	if (rc != 0)
		goto out;
	int day = 0, sec = 0;
	const ASN1_TIME *na = X509_get0_notAfter(leaf);
	const ASN1_TIME *nb = X509_get0_notBefore(leaf);
	if (na != NULL && ASN1_TIME_diff(&day, &sec, NULL, na) == 1) {
		out->days_left = day;
		out->expired = day < 0 || (day == 0 && sec < 0);
		out->expires_soon = !out->expired && day < 30;
	}
	if (nb != NULL && X509_cmp_current_time(nb) > 0)
		out->not_yet_valid = 1;
	if (name != NULL && name[0] != '\0') {
		out->checked_name = name;
		if (is_addr(name))
			out->hostname_match =
				X509_check_ip_asc(leaf, name, 0) == 1;
		else
			out->hostname_match = X509_check_host(
				leaf, name, strlen(name), 0, NULL) == 1;
	}
	verify_chain(chain, out);
	rc = 0;
out:
	OPENSSL_free(der);
	return rc;
}

void eg_tls_cert_clear(struct eg_tls_cert *c)
{
	if (c == NULL)
		return;
	free(c->subject);
	free(c->issuer);
	for (size_t i = 0; i < c->nsans; i++)
		free(c->sans[i]);
	free(c->sans);
	memset(c, 0, sizeof(*c));
}
