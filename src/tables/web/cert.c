/*
 * cert.c: certificate parsing with OpenSSL and the certificates table (see
 * cert.h).
 *
 * OpenSSL's error queue is cleared after every call that may fail, so no
 * stale error leaks into the next certificate or another module.
 */
#include "cert.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "web_tables.h"
#include "wglob.h"

/* Never ask for a passphrase (the default callback would read the
 * terminal): an encrypted block is simply refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* A name as RFC 2253 text into out; UTF-8 is kept, controls escaped. */
static int name_text(const X509_NAME *name, struct eg_buf *out)
{
	eg_buf_reset(out);
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
			rc = eg_buf_add(out, p, (size_t)n);
		else
			rc = eg_buf_adds(out, "");
	}
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* ASN1 time as YYYY-MM-DDTHH:MM:SSZ; 0, or -1 when it is invalid. */
static int time_text(const ASN1_TIME *t, char out[80])
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		ERR_clear_error();
		return -1;
	}
	snprintf(out, 80, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

static const char *key_type(EVP_PKEY *k)
{
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:
		return "rsa";
	case EVP_PKEY_RSA_PSS:
		return "rsa-pss";
	case EVP_PKEY_EC:
		return "ec";
	case EVP_PKEY_ED25519:
		return "ed25519";
	case EVP_PKEY_ED448:
		return "ed448";
	case EVP_PKEY_DSA:
		return "dsa";
	default:
		return NULL;
	}
}

static int deliver(X509 *x, eg_cert_fn fn, void *ud, struct eg_err *e)
{
	struct eg_buf subj, iss;
	eg_buf_init(&subj, EG_CERT_MAX_BYTES);
	eg_buf_init(&iss, EG_CERT_MAX_BYTES);
	struct eg_cert_info ci;
	memset(&ci, 0, sizeof(ci));
	char nb[80], na[80], sig[128];
	int rc = name_text(X509_get_subject_name(x), &subj);
	if (rc == 0)
		rc = name_text(X509_get_issuer_name(x), &iss);
	if (rc != 0) {
		rc = eg_err_set(e, rc, "%s", rc == EG_E_NOMEM ? "out of memory"
				: _("unreadable subject or issuer name"));
		goto out;
	}
	ci.subject = eg_buf_str(&subj);
	ci.issuer = eg_buf_str(&iss);
	ci.not_before = time_text(X509_get0_notBefore(x), nb) == 0 ? nb : NULL;
	ci.not_after = time_text(X509_get0_notAfter(x), na) == 0 ? na : NULL;
	EVP_PKEY *k = X509_get0_pubkey(x); /* not ours to free */
	ci.key_bits = -1;
	if (k != NULL) {
		ci.key_type = key_type(k);
		int bits = EVP_PKEY_get_bits(k);
		if (bits > 0)
			ci.key_bits = bits;
	}
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *obj = NULL;
	X509_get0_signature(NULL, &alg, x);
	if (alg != NULL)
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
	sig[0] = '\0';
	if (obj != NULL && OBJ_obj2txt(sig, (int)sizeof(sig), obj, 0) > 0)
		ci.sig_alg = sig;
	ci.self_signed = X509_NAME_cmp(X509_get_subject_name(x),
				       X509_get_issuer_name(x)) == 0 &&
			 k != NULL && X509_verify(x, k) == 1;
	ERR_clear_error();
	rc = fn(ud, &ci);
out:
	eg_buf_free(&subj);
	eg_buf_free(&iss);
	return rc;
}

static int is_no_start_line(unsigned long err)
{
	return ERR_GET_LIB(err) == ERR_LIB_PEM &&
	       ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

int eg_cert_parse(const unsigned char *buf, size_t len, eg_cert_fn fn,
		  void *ud, struct eg_err *e)
{
	if (len > EG_CERT_MAX_BYTES || len > INT_MAX)
		return eg_err_set(e, EG_E_LIMIT, _("larger than %u bytes"),
				  (unsigned)EG_CERT_MAX_BYTES);
	ERR_clear_error();
	if (len == 0 || memmem(buf, len, "-----BEGIN ", 11) == NULL) {
		const unsigned char *p = buf;
		X509 *x = len > 0 ? d2i_X509(NULL, &p, (long)len) : NULL;
		ERR_clear_error();
		if (x == NULL)
			return eg_err_set(e, EG_E_PARSE,
					  _("neither a PEM nor a DER "
					    "certificate"));
		int rc = deliver(x, fn, ud, e);
		X509_free(x);
		return rc != 0 ? rc : 1;
	}
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	if (b == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	int count = 0, rc = 0;
	for (;;) {
		X509 *x = PEM_read_bio_X509(b, NULL, no_passphrase, NULL);
		if (x == NULL) {
			unsigned long err = ERR_peek_last_error();
			if (!is_no_start_line(err)) {
				const char *why = ERR_reason_error_string(err);
				rc = eg_err_set(e, EG_E_PARSE,
						_("certificate %d: malformed "
						  "PEM block (%s)"),
						count + 1, why ? why : "?");
			}
			ERR_clear_error();
			break;
		}
		if (count >= (int)EG_CERT_MAX_PER_FILE) {
			X509_free(x);
			rc = eg_err_set(e, EG_E_LIMIT,
					_("more than %u certificates"),
					(unsigned)EG_CERT_MAX_PER_FILE);
			break;
		}
		count++;
		rc = deliver(x, fn, ud, e);
		X509_free(x);
		if (rc != 0)
			break;
	}
	BIO_free(b);
	ERR_clear_error();
	return rc != 0 ? rc : count;
}

/* ---- the certificates table ------------------------------------- */

enum { C_PATH, C_SUBJECT, C_ISSUER, C_NB, C_NA, C_KTYPE, C_KBITS, C_SIG,
       C_SELF };

static const struct eg_column cert_cols[] = {
	{"path", EG_TEXT, EG_COL_GLOB,
	 "certificate file; WHERE path = / IN / GLOB reads exactly those "
	 "files instead of the usual places"},
	{"subject", EG_TEXT, 0, "subject name (RFC 2253)"},
	{"issuer", EG_TEXT, 0, "issuer name (RFC 2253)"},
	{"not_before", EG_TEXT, 0, "start of validity, YYYY-MM-DDTHH:MM:SSZ "
				   "(UTC)"},
	{"not_after", EG_TEXT, 0, "end of validity, YYYY-MM-DDTHH:MM:SSZ "
				  "(UTC)"},
	{"key_type", EG_TEXT, 0, "public key type: rsa, rsa-pss, ec, ed25519, "
				 "ed448, dsa"},
	{"key_bits", EG_INT, 0, "public key size in bits"},
	{"sig_alg", EG_TEXT, 0, "signature algorithm (OpenSSL's name, e.g. "
				"sha256WithRSAEncryption)"},
	{"self_signed", EG_INT, 0, "1 when issuer = subject and the "
				   "signature verifies with the certificate's "
				   "own key"},
};

struct cert_gen {
	struct eg_tctx *ctx;
	const char *path;
	int capped;
};

static int cert_row(void *ud, const struct eg_cert_info *ci)
{
	struct cert_gen *g = ud;
	struct eg_tctx *ctx = g->ctx;
	eg_row_begin(ctx);
	eg_row_text(ctx, C_PATH, g->path);
	eg_row_text(ctx, C_SUBJECT, ci->subject);
	eg_row_text(ctx, C_ISSUER, ci->issuer);
	eg_row_text(ctx, C_NB, ci->not_before);
	eg_row_text(ctx, C_NA, ci->not_after);
	eg_row_text(ctx, C_KTYPE, ci->key_type);
	if (ci->key_bits >= 0)
		eg_row_int(ctx, C_KBITS, ci->key_bits);
	eg_row_text(ctx, C_SIG, ci->sig_alg);
	eg_row_int(ctx, C_SELF, ci->self_signed);
	int rc = eg_row_end(ctx);
	if (rc == EG_E_LIMIT)
		g->capped = 1;
	return rc;
}

#define CA_STORE "/usr/share/ca-certificates"

/* The site's own files in etc/ssl/certs: not the distribution's store. */
static int etc_ssl_certs(struct eg_tctx *ctx, struct eg_strv *out)
{
	static const char *const pats[] = {"/etc/ssl/certs/*.pem",
					   "/etc/ssl/certs/*.crt"};
	struct eg_root *r = eg_tctx_root(ctx);
	struct eg_strv m = {0};
	struct eg_buf t, abs;
	eg_buf_init(&t, EG_PATH_MAX);
	eg_buf_init(&abs, EG_PATH_MAX);
	int rc = 0;
	for (size_t i = 0; i < 2; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		int g = eg_wglob(r, pats[i], 0, EG_GLOB_MAX_MATCHES, &m, &e);
		if (g == EG_E_NOMEM) {
			rc = g;
			goto out;
		}
		if (g != 0)
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
	}
	eg_strv_sort(&m);
	for (size_t i = 0; i < m.n; i++) {
		const char *p = m.v[i];
		if (strcmp(p, "/etc/ssl/certs/ca-certificates.crt") == 0)
			continue;
		struct stat st;
		if (eg_root_stat(r, p, 1, &st, NULL) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			eg_buf_reset(&t);
			eg_buf_reset(&abs);
			if (eg_root_readlink(r, p, &t, NULL) != 0 ||
			    eg_path_norm(&abs, "/etc/ssl/certs",
					 eg_buf_str(&t)) != 0)
				continue;
			if (eg_path_under(eg_buf_str(&abs), CA_STORE))
				continue;
		}
		if (eg_root_stat(r, p, 0, &st, NULL) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (!eg_strv_has(out, p) && (rc = eg_strv_add(out, p)) != 0)
			goto out;
	}
out:
	eg_strv_free(&m);
	eg_buf_free(&t);
	eg_buf_free(&abs);
	return rc;
}

static int default_paths(struct eg_tctx *ctx, struct eg_strv *out,
			 size_t *first_named, size_t *end_named)
{
	int rc = etc_ssl_certs(ctx, out);
	*first_named = out->n;
	if (rc == 0)
		rc = eg_web_conf_paths(ctx, "ssl_certificate", EG_NGINX_PREFIX,
				       "SSLCertificateFile", out);
	*end_named = out->n;
	struct eg_strv le = {0};
	struct eg_err e;
	eg_err_clear(&e);
	if (rc == 0) {
		int g = eg_wglob(eg_tctx_root(ctx),
				 "/etc/letsencrypt/live/*/*.pem",
				 EG_WGLOB_PERIOD, EG_GLOB_MAX_MATCHES, &le, &e);
		if (g == EG_E_NOMEM)
			rc = g;
		else if (g != 0)
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
	}
	for (size_t i = 0; i < le.n && rc == 0; i++) {
		const char *base = strrchr(le.v[i], '/') + 1;
		if (strcmp(base, "cert.pem") != 0 &&
		    strcmp(base, "fullchain.pem") != 0)
			continue;
		if (!eg_strv_has(out, le.v[i]))
			rc = eg_strv_add(out, le.v[i]);
	}
	eg_strv_free(&le);
	return rc;
}

static int cert_generate(struct eg_tctx *ctx)
{
	struct eg_root *r = eg_tctx_root(ctx);
	struct eg_strv paths = {0};
	struct eg_buf b;
	eg_buf_init(&b, EG_CERT_MAX_BYTES);
	int rc = 0, is_glob = 0;
	size_t first_named = 0, end_named = 0;
	const char *arg = eg_tctx_arg(ctx, "path", &is_glob);
	if (arg != NULL && is_glob) {
		struct eg_err e;
		eg_err_clear(&e);
		rc = eg_wglob(r, arg, EG_WGLOB_NOESCAPE, EG_GLOB_MAX_MATCHES,
			      &paths, &e);
		if (rc != 0 && rc != EG_E_NOMEM) {
			eg_tctx_warn(ctx, _("GLOB '%s': %s"), arg,
				     eg_err_msg(&e));
			rc = 0;
		}
	} else if (arg != NULL) {
		rc = arg[0] != '\0' ? eg_strv_add(&paths, arg) : 0;
		first_named = 0;
		end_named = paths.n;
	} else {
		rc = default_paths(ctx, &paths, &first_named, &end_named);
	}
	if (rc != 0) {
		rc = eg_tctx_error(ctx, rc, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < paths.n; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		eg_buf_reset(&b);
		int r2 = eg_root_read(r, paths.v[i], EG_CERT_MAX_BYTES, &b, &e);
		if (r2 == EG_E_NOTFOUND) {
			if (i >= first_named && i < end_named && arg == NULL)
				eg_tctx_warn(ctx, _("%s is named in the web "
						    "server configuration but "
						    "does not exist"),
					     paths.v[i]);
			continue;
		}
		if (r2 == EG_E_INVAL && is_glob)
			continue; /* a directory the pattern matched */
		if (r2 != 0) {
			eg_tctx_warn(ctx, _("cannot read %s"), eg_err_msg(&e));
			continue;
		}
		struct cert_gen g = {ctx, paths.v[i], 0};
		r2 = eg_cert_parse((const unsigned char *)(b.data ? b.data : ""),
				   b.len, cert_row, &g, &e);
		if (g.capped)
			break;
		if (r2 == EG_E_NOMEM) {
			rc = eg_tctx_error(ctx, r2, "out of memory");
			goto out;
		}
		if (r2 < 0)
			eg_tctx_warn(ctx, "%s: %s", paths.v[i], eg_err_msg(&e));
		else if (r2 == 0)
			eg_tctx_warn(ctx, _("%s: no certificate in this file"),
				     paths.v[i]);
	}
out:
	eg_strv_free(&paths);
	eg_buf_free(&b);
	return rc;
}

const struct eg_table_def eg_table_certificates = {
	"certificates",
	"X.509 certificates of the site (etc/ssl/certs, web server "
	"configuration, Let's Encrypt), one row per certificate",
	cert_cols,
	sizeof(cert_cols) / sizeof(cert_cols[0]),
	cert_generate,
};
