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
#include <openssl/ocsp.h>
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

/* An X509 name in RFC 2253 form, as the certificates table writes it;
 * longer than EG_TLS_NAME_MAX is cut by out's bound. */
static int name_str(const X509_NAME *name, struct eg_buf *out)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (b == NULL)
		return EG_E_NOMEM;
	int rc = 0;
	if (X509_NAME_print_ex(b, name, 0,
			       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
		rc = EG_E_PARSE;
	} else {
		char *p = NULL;
		long n = BIO_get_mem_data(b, &p);
		if (n > 0 && p != NULL)
			eg_buf_add(out, p,
				   (size_t)n < EG_TLS_NAME_MAX ? (size_t)n :
								 EG_TLS_NAME_MAX);
	}
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* Verifies the chain against the system store: once as a browser would
 * (its error goes to verify), once with the dates set aside (trusted). */
static void verify_chain(STACK_OF(X509) *chain, struct eg_tls_cert *c)
{
	X509_STORE *st = system_store();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	snprintf(c->verify, sizeof(c->verify), "%s", "not verified");
	c->chain_complete = 1; /* unless an issuer is found missing */
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
	/* Complete unless an issuer was found nowhere: a self-signed root
	 * that is not trusted, or a bad signature, is a trust problem of a
	 * chain that is all there. */
	int verr = c->trusted ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
	if (verr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    verr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT) {
		X509 *cur = X509_STORE_CTX_get_current_cert(ctx);
		struct eg_buf nb;
		c->chain_complete = 0;
		eg_buf_init(&nb, EG_TLS_NAME_MAX);
		if (cur != NULL &&
		    name_str(X509_get_issuer_name(cur), &nb) == 0 &&
		    nb.err == 0)
			c->missing_issuer = eg_buf_steal(&nb, NULL);
		eg_buf_free(&nb);
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
}

/* One sent certificate through the certificates table's parser. */
static int chain_cb(void *ud, const struct eg_cert_info *ci)
{
	struct eg_tls_chain_cert *c = ud;
	if (c->subject != NULL)
		return 0;
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

/* Validity of x against now: days left, expired, not yet valid. */
static void dates(X509 *x, int64_t *days_left, int *expired,
		  int *not_yet_valid)
{
	int day = 0, sec = 0;
	const ASN1_TIME *na = X509_get0_notAfter(x);
	const ASN1_TIME *nb = X509_get0_notBefore(x);
	if (na != NULL && ASN1_TIME_diff(&day, &sec, NULL, na) == 1) {
		*days_left = day;
		*expired = day < 0 || (day == 0 && sec < 0);
	}
	if (nb != NULL && X509_cmp_current_time(nb) > 0)
		*not_yet_valid = 1;
}

static int issued(X509 *issuer, X509 *subject)
{
	return X509_check_issued(issuer, subject) == X509_V_OK;
}

/*
 * Describes every sent certificate (up to EG_TLS_CHAIN_MAX) and follows
 * the leaf's issuers among them: order, extra certificates, a root sent.
 */
static int describe_chain(STACK_OF(X509) *chain, struct eg_tls_cert *out)
{
	int n = sk_X509_num(chain);
	size_t m = (size_t)n < EG_TLS_CHAIN_MAX ? (size_t)n : EG_TLS_CHAIN_MAX;
	unsigned char *on = calloc((size_t)n, 1);
	int rc = EG_E_NOMEM;
	out->chain = calloc(m, sizeof(*out->chain));
	if (on == NULL || out->chain == NULL)
		goto out;
	out->nchain = m;
	for (size_t i = 0; i < m; i++) {
		struct eg_tls_chain_cert *c = &out->chain[i];
		X509 *x = sk_X509_value(chain, (int)i);
		unsigned char *der = NULL;
		c->key_bits = -1;
		int len = i2d_X509(x, &der);
		if (len > 0) {
			struct eg_err e;
			eg_err_clear(&e);
			int r = eg_cert_parse(der, (size_t)len, chain_cb, c, &e);
			OPENSSL_free(der);
			if (r == EG_E_NOMEM)
				goto out;
		}
		if (c->subject == NULL &&
		    ((c->subject = dupn("")) == NULL ||
		     (c->issuer = dupn("")) == NULL))
			goto out;
		dates(x, &c->days_left, &c->expired, &c->not_yet_valid);
		if ((int)i + 1 < n)
			c->issued_by_next =
				issued(sk_X509_value(chain, (int)i + 1), x);
	}
	/* The path: from the leaf, the issuer of each among the others,
	 * until a self-signed one or an issuer that was not sent. */
	int cur = 0, len = 1;
	on[0] = 1;
	out->chain_in_order = 1;
	while (!issued(sk_X509_value(chain, cur), sk_X509_value(chain, cur))) {
		int next = -1;
		for (int j = 0; j < n && next < 0; j++)
			if (!on[j] && issued(sk_X509_value(chain, j),
					     sk_X509_value(chain, cur)))
				next = j;
		if (next < 0)
			break;
		if (next != len)
			out->chain_in_order = 0;
		on[next] = 1;
		cur = next;
		len++;
	}
	out->chain_extra = (size_t)(n - len);
	out->anchor_sent = len > 1 &&
		issued(sk_X509_value(chain, cur), sk_X509_value(chain, cur));
	for (size_t i = 0; i < m; i++)
		out->chain[i].on_path = on[i];
	rc = 0;
out:
	free(on);
	return rc;
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
	dates(leaf, &out->days_left, &out->expired, &out->not_yet_valid);
	out->expires_soon = !out->expired && out->days_left < 30;
	rc = describe_chain(chain, out);
	if (rc != 0)
		goto out;
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

void eg_tls_cert_ocsp(struct eg_tls_cert *c, X509 *leaf,
		      const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	c->ocsp_stapled = 1;
	snprintf(c->ocsp_status, sizeof(c->ocsp_status), "%s", "invalid");
	if (len == 0 || len > EG_TLS_OCSP_MAX)
		goto out;
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	if (resp == NULL ||
	    OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
		goto out;
	bs = OCSP_response_get1_basic(resp);
	if (bs == NULL)
		goto out;
	for (int i = 0; i < OCSP_resp_count(bs); i++) {
		OCSP_SINGLERESP *sr = OCSP_resp_get0(bs, i);
		ASN1_INTEGER *serial = NULL;
		const OCSP_CERTID *id = sr ? OCSP_SINGLERESP_get0_id(sr) : NULL;
		if (id == NULL ||
		    OCSP_id_get0_info(NULL, NULL, NULL, &serial,
				      (OCSP_CERTID *)id) != 1 ||
		    serial == NULL)
			continue;
		if (leaf != NULL &&
		    ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(leaf)) != 0)
			continue;
		int st = OCSP_single_get0_status(sr, NULL, NULL, NULL, NULL);
		const char *w = st == V_OCSP_CERTSTATUS_GOOD ? "good" :
				st == V_OCSP_CERTSTATUS_REVOKED ? "revoked" :
				st == V_OCSP_CERTSTATUS_UNKNOWN ? "unknown" :
								  "invalid";
		snprintf(c->ocsp_status, sizeof(c->ocsp_status), "%s", w);
		break;
	}
out:
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
}

void eg_tls_cert_clear(struct eg_tls_cert *c)
{
	if (c == NULL)
		return;
	free(c->subject);
	free(c->issuer);
	free(c->missing_issuer);
	for (size_t i = 0; i < c->nchain; i++) {
		free(c->chain[i].subject);
		free(c->chain[i].issuer);
	}
	free(c->chain);
	for (size_t i = 0; i < c->nsans; i++)
		free(c->sans[i]);
	free(c->sans);
	memset(c, 0, sizeof(*c));
}
