/*
 * tls_tables.c: the TLS scanner as SQL (see net_tables.h).
 *
 *   tls_scans         one row per target: whether the scan succeeded (and
 *                     why not), the properties that are one value per
 *                     endpoint, and the spec's minimum TLS version when a
 *                     communication of the spec applies (tls_spec.h)
 *   tls_protocols     one row per protocol version
 *   tls_ciphers       one row per accepted suite per version
 *   tls_certificates  one row per certificate sent, position 0 the leaf
 *   tls_groups        one row per accepted key-exchange group
 *   tls_findings      the scanner's findings (tls_policy.h), and
 *                     tls.scan_failed when the endpoint could not be scanned
 *
 * The scan runs with the default per-connection timeout. A target that
 * cannot be scanned (no such host, nothing listening, no TLS) is not a
 * query error: tls_scans says scanned = 0 with the reason, tls_findings has
 * tls.scan_failed, the other tables have no rows, and a warning is
 * recorded. A malformed target is a query error. The spec the engine's
 * owner attached (userdata "spec") is applied unless it is the embedded
 * default, as `ecguard tls` applies only a spec given with --spec.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/spec.h"
#include "../../scan/tls/tls_scan.h"
#include "../../scan/tls/tls_spec.h"
#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/json.h"
#include "../../util/limits.h"
#include "../../util/num.h"
#include "net_tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One target's scan, shared by the six tables for the whole run. */
struct tls_entry {
	struct eg_tls_result *r;  /* NULL when the scan failed */
	char *error;              /* why it failed (owned), else NULL */
	char *spec_min;           /* "TLSv1.2"... when the spec applies */
};

static void entry_free(void *p)
{
	struct tls_entry *t = p;
	if (t == NULL)
		return;
	eg_tls_result_free(t->r);
	free(t->error);
	free(t->spec_min);
	free(t);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d != NULL)
		memcpy(d, s, n + 1);
	return d;
}

/* The spec to judge against: the one attached, unless it is the default. */
static const struct eg_spec *site_spec(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_tctx_userdata(ctx, "spec");
	return s != NULL && !eg_spec_is_builtin(s) ? s : NULL;
}

static void *make_entry(struct eg_tctx *ctx)
{
	const char *target = eg_tctx_arg(ctx, "target", NULL);
	const char *sni = eg_tctx_arg(ctx, "sni", NULL);
	struct eg_buf host, port;
	struct tls_entry *t = calloc(1, sizeof(*t));
	struct eg_err e;
	eg_err_clear(&e);
	eg_buf_init(&host, EG_URL_MAX);
	eg_buf_init(&port, 16);
	if (t == NULL)
		goto fail;
	if (target == NULL ||
	    eg_tls_split_target(target, &host, &port) != 0 ||
	    (sni != NULL && (sni[0] == '\0' || strlen(sni) > 253))) {
		eg_tctx_error(ctx, EG_E_INVAL,
			      _("bad TLS target \"%.*s\": write target = 'HOST:PORT' or '[IPv6]:PORT' with a port from 1 to 65535, and sni as a host name"),
			      EG_QUOTE_MAX, target != NULL ? target : "");
		goto fail;
	}
	/* A peer closing while we write must end a connection, not the
	 * process (OpenSSL writes with write(2)). */
	signal(SIGPIPE, SIG_IGN);
	struct eg_tls_opts o = {
		.host = eg_buf_str(&host),
		.port = eg_buf_str(&port),
		.sni = sni,
		.timeout_ms = EG_TLS_TIMEOUT_DEFAULT_MS,
		.threads = EG_TLS_THREADS,
	};
	int rc = eg_tls_scan(&o, &t->r, &e);
	if (rc == EG_E_NOMEM || rc == EG_E_INTERNAL) {
		eg_tctx_error(ctx, rc, "%s", eg_err_msg(&e));
		goto fail;
	}
	if (rc != 0) {
		t->error = dup_str(eg_err_msg(&e));
		if (t->error == NULL)
			goto fail;
		eg_tctx_warn(ctx, "%s", t->error);
		goto out;
	}
	const struct eg_spec *spec = site_spec(ctx);
	if (spec != NULL) {
		struct eg_buf names;
		uint64_t pn = 0;
		eg_buf_init(&names, EG_BUF_DEFAULT_MAX);
		eg_parse_u64(o.port, 1, 65535, &pn);
		int want = eg_tls_spec_min(spec, o.host, (unsigned)pn,
					   sni != NULL ? sni : o.host, &names);
		rc = 0;
		if (want >= 0) {
			rc = eg_tls_policy_spec(t->r, want, eg_buf_str(&names));
			if (rc == 0)
				t->spec_min = dup_str(eg_tls_proto_name(want));
			if (rc == 0 && t->spec_min == NULL)
				rc = EG_E_NOMEM;
		}
		eg_buf_free(&names);
		if (rc != 0) {
			eg_tctx_error(ctx, rc, "%s", eg_strerror(rc));
			goto fail;
		}
	}
out:
	eg_buf_free(&host);
	eg_buf_free(&port);
	return t;
fail:
	eg_buf_free(&host);
	eg_buf_free(&port);
	entry_free(t);
	return NULL;
}

/* The scan of this call's target (and sni), or NULL after an error. */
/* What every tls_* table sees when the engine's owner said "offline"
 * (`ecguard audit --offline`): no scan, no rows. */
static const struct tls_entry offline_entry;

static const struct tls_entry *entry(struct eg_tctx *ctx)
{
	if (eg_tctx_userdata(ctx, "offline") != NULL)
		return &offline_entry;
	const char *target = eg_tctx_arg(ctx, "target", NULL);
	const char *sni = eg_tctx_arg(ctx, "sni", NULL);
	struct eg_buf key;
	eg_buf_init(&key, EG_URL_MAX + 512);
	eg_buf_addf(&key, "net.tls\n%s\n%s", target != NULL ? target : "",
		    sni != NULL ? sni : "");
	const struct tls_entry *t = NULL;
	if (key.err == 0)
		t = eg_tctx_shared(ctx, eg_buf_str(&key), make_entry,
				   entry_free);
	else
		eg_tctx_error(ctx, EG_E_INVAL, "%s",
			      _("the TLS target is too long"));
	eg_buf_free(&key);
	return t;
}

/* Column 0 is target, 1 sni in every table. */
static void row_args(struct eg_tctx *ctx)
{
	eg_row_text(ctx, 0, eg_tctx_arg(ctx, "target", NULL));
	const char *sni = eg_tctx_arg(ctx, "sni", NULL);
	if (sni != NULL)
		eg_row_text(ctx, 1, sni);
}

static void row_tri(struct eg_tctx *ctx, size_t col, int v)
{
	if (v >= 0)
		eg_row_int(ctx, col, v != 0);
}

#define ARG_COLS                                                              \
	{"target", EG_TEXT, EG_COL_HIDDEN | EG_COL_REQUIRED,                  \
	 "the endpoint scanned, HOST:PORT or [IPv6]:PORT (required)"},        \
	{"sni", EG_TEXT, EG_COL_HIDDEN,                                       \
	 "server name sent and checked (default: the host unless an address)"}

/* tls_scans ------------------------------------------------------------ */

enum { S_SCANNED = 2, S_ERROR, S_ORDER, S_PGROUP, S_COMP, S_SRENEG, S_CRENEG,
       S_OCSP, S_OCSP_STATUS, S_CHAIN_LEN, S_COMPLETE, S_IN_ORDER, S_EXTRA,
       S_ANCHOR, S_SPEC_MIN, S_HANDSHAKES };

static const struct eg_column scan_cols[] = {
	ARG_COLS,
	{"scanned", EG_INT, 0, "1 when the endpoint was scanned, 0 when it could not be (see error)"},
	{"error", EG_TEXT, 0, "why it could not be scanned, else NULL"},
	{"server_order", EG_INT, 0, "1 when the server imposes its suite order, 0 when it follows the client, NULL when it cannot be told"},
	{"preferred_group", EG_TEXT, 0, "key-exchange group the server picks whatever the client's order, NULL when it follows the client or cannot be told"},
	{"compression", EG_INT, 0, "1 when TLS compression (DEFLATE) is accepted (CRIME), NULL when it could not be told"},
	{"secure_renegotiation", EG_INT, 0, "1 when RFC 5746 secure renegotiation is supported (TLS <= 1.2), NULL when not tested"},
	{"client_renegotiation", EG_INT, 0, "1 when a client-initiated renegotiation completed (one attempt), NULL when it could not be told"},
	{"ocsp_stapled", EG_INT, 0, "1 when an OCSP response is stapled"},
	{"ocsp_status", EG_TEXT, 0, "good, revoked, unknown or invalid (what the stapled response says of the leaf), NULL when none"},
	{"chain_length", EG_INT, 0, "certificates the server sent"},
	{"chain_complete", EG_INT, 0, "1 when a path to a root can be built from the sent certificates and the system store"},
	{"chain_in_order", EG_INT, 0, "1 when the leaf comes first, each certificate followed by its issuer"},
	{"chain_extra", EG_INT, 0, "certificates sent that are not on the leaf's path"},
	{"anchor_sent", EG_INT, 0, "1 when the self-signed root is sent too"},
	{"spec_min_tls", EG_TEXT, 0, "the minimum TLS version the spec's communications require of this endpoint (tls_spec rule, see docs), NULL when none applies"},
	{"handshakes", EG_INT, 0, "connections the scan made"},
};

static int scans_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	if (t == &offline_entry)
		return 0;
	const struct eg_tls_result *r = t->r;
	eg_row_begin(ctx);
	row_args(ctx);
	eg_row_int(ctx, S_SCANNED, r != NULL);
	if (r == NULL) {
		eg_row_text(ctx, S_ERROR, t->error);
		return eg_row_end(ctx);
	}
	row_tri(ctx, S_ORDER, r->server_order);
	if (r->preferred_group[0] != '\0')
		eg_row_text(ctx, S_PGROUP, r->preferred_group);
	row_tri(ctx, S_COMP, r->compression);
	row_tri(ctx, S_SRENEG, r->secure_reneg);
	row_tri(ctx, S_CRENEG, r->client_reneg);
	if (r->have_cert) {
		const struct eg_tls_cert *c = &r->cert;
		eg_row_int(ctx, S_OCSP, c->ocsp_stapled);
		if (c->ocsp_stapled)
			eg_row_text(ctx, S_OCSP_STATUS, c->ocsp_status);
		eg_row_int(ctx, S_CHAIN_LEN, c->chain_len);
		eg_row_int(ctx, S_COMPLETE, c->chain_complete);
		eg_row_int(ctx, S_IN_ORDER, c->chain_in_order);
		eg_row_int(ctx, S_EXTRA, (int64_t)c->chain_extra);
		eg_row_int(ctx, S_ANCHOR, c->anchor_sent);
	}
	eg_row_text(ctx, S_SPEC_MIN, t->spec_min);
	eg_row_int(ctx, S_HANDSHAKES, r->handshakes);
	return eg_row_end(ctx);
}

const struct eg_table_def eg_table_tls_scans = {
	.name = "tls_scans",
	.description = "TLS scan of an endpoint (target = 'HOST:PORT' required): whether it was scanned, server order, preferred group, compression, renegotiation, OCSP stapling, chain shape, the spec's minimum version",
	.columns = scan_cols,
	.ncolumns = COUNT(scan_cols),
	.generate = scans_gen,
};

/* tls_protocols -------------------------------------------------------- */

enum { P_PROTOCOL = 2, P_SUPPORTED };

static const struct eg_column proto_cols[] = {
	ARG_COLS,
	{"protocol", EG_TEXT, 0, "SSLv3, TLSv1.0, TLSv1.1, TLSv1.2 or TLSv1.3"},
	{"supported", EG_INT, 0, "1 when accepted, 0 when refused, NULL when the probes timed out"},
};

static int protocols_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	for (int p = 0; t->r != NULL && p < EG_TLS_NPROTO; p++) {
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_text(ctx, P_PROTOCOL, eg_tls_proto_name(p));
		if (t->r->proto[p] != EG_TLS_UNTESTED)
			eg_row_int(ctx, P_SUPPORTED, t->r->proto[p] == EG_TLS_YES);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_tls_protocols = {
	.name = "tls_protocols",
	.description = "Protocol versions an endpoint accepts (target = 'HOST:PORT' required)",
	.columns = proto_cols,
	.ncolumns = COUNT(proto_cols),
	.generate = protocols_gen,
};

/* tls_ciphers ---------------------------------------------------------- */

enum { C_PROTOCOL = 2, C_NAME, C_IANA, C_ID, C_KEX, C_BITS, C_AEAD, C_PFS,
       C_WEAK };

static const struct eg_column cipher_cols[] = {
	ARG_COLS,
	{"protocol", EG_TEXT, 0, "protocol version it is accepted under"},
	{"name", EG_TEXT, 0, "OpenSSL's name, as sslscan prints it"},
	{"iana", EG_TEXT, 0, "the IANA registry's name (TLS_...)"},
	{"id", EG_TEXT, 0, "code point, 0xXXXX"},
	{"kex", EG_TEXT, 0, "key exchange: ECDHE, DHE, RSA, ..."},
	{"bits", EG_INT, 0, "symmetric key bits"},
	{"aead", EG_INT, 0, "1 for GCM, CCM or ChaCha20-Poly1305"},
	{"pfs", EG_INT, 0, "1 with forward secrecy (ECDHE, DHE, TLS 1.3)"},
	{"weak", EG_TEXT, 0, "null, anon, export, rc4, des or 3des when the suite is one of those, else NULL"},
};

static const char *weak_word(unsigned f)
{
	return (f & EG_TLS_C_NULL) ? "null" : (f & EG_TLS_C_ANON) ? "anon" :
	       (f & EG_TLS_C_EXPORT) ? "export" : (f & EG_TLS_C_RC4) ? "rc4" :
	       (f & EG_TLS_C_DES) ? "des" : (f & EG_TLS_C_3DES) ? "3des" : NULL;
}

static int ciphers_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; t->r != NULL && i < t->r->nciphers; i++) {
		const struct eg_tls_cipher *c = &t->r->ciphers[i];
		char id[8];
		snprintf(id, sizeof(id), "0x%04X", c->id);
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_text(ctx, C_PROTOCOL, eg_tls_proto_name(c->proto));
		eg_row_text(ctx, C_NAME, c->name);
		eg_row_text(ctx, C_IANA, c->iana);
		eg_row_text(ctx, C_ID, id);
		eg_row_text(ctx, C_KEX, c->kex);
		eg_row_int(ctx, C_BITS, c->bits);
		eg_row_int(ctx, C_AEAD, (c->flags & EG_TLS_C_AEAD) != 0);
		eg_row_int(ctx, C_PFS, (c->flags & EG_TLS_C_PFS) != 0);
		eg_row_text(ctx, C_WEAK, weak_word(c->flags));
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_tls_ciphers = {
	.name = "tls_ciphers",
	.description = "Cipher suites an endpoint accepts, per protocol version (target = 'HOST:PORT' required)",
	.columns = cipher_cols,
	.ncolumns = COUNT(cipher_cols),
	.generate = ciphers_gen,
};

/* tls_certificates ----------------------------------------------------- */

enum { X_POSITION = 2, X_SUBJECT, X_ISSUER, X_NOT_BEFORE, X_NOT_AFTER,
       X_DAYS_LEFT, X_EXPIRED, X_NOT_YET, X_HOST_MATCH, X_TRUSTED, X_SELF,
       X_KEY_TYPE, X_KEY_BITS, X_SIG_ALG, X_SANS, X_ON_PATH, X_BY_NEXT };

static const struct eg_column cert_cols[] = {
	ARG_COLS,
	{"position", EG_INT, 0, "place in the chain as sent, 0 = the leaf"},
	{"subject", EG_TEXT, 0, "subject, RFC 2253"},
	{"issuer", EG_TEXT, 0, "issuer, RFC 2253"},
	{"not_before", EG_TEXT, 0, "YYYY-MM-DDTHH:MM:SSZ"},
	{"not_after", EG_TEXT, 0, "YYYY-MM-DDTHH:MM:SSZ"},
	{"days_left", EG_INT, 0, "whole days until not_after (negative: past)"},
	{"expired", EG_INT, 0, "1 when not_after has passed"},
	{"not_yet_valid", EG_INT, 0, "1 when not_before is still to come"},
	{"hostname_match", EG_INT, 0, "leaf: 1 when it covers the SNI name or the address; NULL for the others"},
	{"trusted", EG_INT, 0, "leaf: 1 when the chain verifies to the system store (dates set aside); NULL for the others"},
	{"self_signed", EG_INT, 0, "1 when self-signed"},
	{"key_type", EG_TEXT, 0, "rsa, ec, ed25519, ..."},
	{"key_bits", EG_INT, 0, "key size in bits"},
	{"sig_alg", EG_TEXT, 0, "signature algorithm"},
	{"sans", EG_TEXT, 0, "leaf: JSON array of DNS:NAME and IP:ADDR; NULL for the others"},
	{"on_path", EG_INT, 0, "1 when on the path from the leaf to its root, 0 for an extra certificate"},
	{"issued_by_next", EG_INT, 0, "1 when the next certificate sent issued this one"},
};

static int certificates_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	if (t->r == NULL || !t->r->have_cert)
		return 0;
	const struct eg_tls_cert *c = &t->r->cert;
	for (size_t i = 0; i < c->nchain; i++) {
		const struct eg_tls_chain_cert *k = &c->chain[i];
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_int(ctx, X_POSITION, (int64_t)i);
		eg_row_text(ctx, X_SUBJECT, k->subject);
		eg_row_text(ctx, X_ISSUER, k->issuer);
		eg_row_text(ctx, X_NOT_BEFORE, k->not_before);
		eg_row_text(ctx, X_NOT_AFTER, k->not_after);
		eg_row_int(ctx, X_DAYS_LEFT, k->days_left);
		eg_row_int(ctx, X_EXPIRED, k->expired);
		eg_row_int(ctx, X_NOT_YET, k->not_yet_valid);
		eg_row_int(ctx, X_SELF, k->self_signed);
		if (k->key_type[0] != '\0')
			eg_row_text(ctx, X_KEY_TYPE, k->key_type);
		if (k->key_bits >= 0)
			eg_row_int(ctx, X_KEY_BITS, k->key_bits);
		eg_row_text(ctx, X_SIG_ALG, k->sig_alg);
		eg_row_int(ctx, X_ON_PATH, k->on_path);
		eg_row_int(ctx, X_BY_NEXT, k->issued_by_next);
		if (i == 0) {
			struct eg_buf b;
			struct eg_json j;
			eg_row_int(ctx, X_HOST_MATCH, c->hostname_match);
			eg_row_int(ctx, X_TRUSTED, c->trusted);
			eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
			eg_json_init(&j, &b, 0);
			eg_json_arr_begin(&j);
			for (size_t s = 0; s < c->nsans; s++)
				eg_json_str(&j, c->sans[s]);
			eg_json_arr_end(&j);
			if (b.err == 0)
				eg_row_textn(ctx, X_SANS, b.data, b.len);
			eg_buf_free(&b);
		}
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_tls_certificates = {
	.name = "tls_certificates",
	.description = "Certificates an endpoint sends, in the order sent, the leaf at position 0 (target = 'HOST:PORT' required)",
	.columns = cert_cols,
	.ncolumns = COUNT(cert_cols),
	.generate = certificates_gen,
};

/* tls_groups ----------------------------------------------------------- */

enum { G_PROTOCOL = 2, G_NAME, G_BITS, G_LEGACY, G_PREFERRED };

static const struct eg_column group_cols[] = {
	ARG_COLS,
	{"protocol", EG_TEXT, 0, "TLSv1.3, or the version a TLS <= 1.2 ECDHE/DHE handshake negotiated"},
	{"name", EG_TEXT, 0, "x25519, secp256r1, ffdhe2048, ...; DH for a server's own DHE prime"},
	{"bits", EG_INT, 0, "size of the server's key share (a DH prime's bits)"},
	{"legacy", EG_INT, 0, "1 when not on IPA's list (secp256r1/384r1/521r1, x25519, x448, DH of 2048+ bits)"},
	{"preferred", EG_INT, 0, "1 for the group the server picks whatever the client's order"},
};

static int groups_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	for (size_t i = 0; t->r != NULL && i < t->r->ngroups; i++) {
		const struct eg_tls_group *g = &t->r->groups[i];
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_text(ctx, G_PROTOCOL, eg_tls_proto_name(g->proto));
		eg_row_text(ctx, G_NAME, g->name);
		eg_row_int(ctx, G_BITS, g->bits);
		eg_row_int(ctx, G_LEGACY, g->legacy);
		eg_row_int(ctx, G_PREFERRED,
			   strcmp(g->name, t->r->preferred_group) == 0);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_tls_groups = {
	.name = "tls_groups",
	.description = "Key-exchange groups an endpoint accepts, and its DHE prime size (target = 'HOST:PORT' required)",
	.columns = group_cols,
	.ncolumns = COUNT(group_cols),
	.generate = groups_gen,
};

/* tls_findings --------------------------------------------------------- */

enum { F_ID = 2, F_SEVERITY, F_REASON };

static const struct eg_column finding_cols[] = {
	ARG_COLS,
	{"id", EG_TEXT, 0, "finding id (tls.protocol.tlsv1_0, tls.cert.expired, tls.spec_min_version, tls.scan_failed, ...)"},
	{"severity", EG_TEXT, 0, "info, low, medium or high"},
	{"reason", EG_TEXT, 0, "what was found, in the user's language"},
};

static int findings_gen(struct eg_tctx *ctx)
{
	const struct tls_entry *t = entry(ctx);
	if (t == NULL)
		return EG_E_INVAL;
	if (t == &offline_entry)
		return 0;
	if (t->r == NULL) {
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_text(ctx, F_ID, "tls.scan_failed");
		eg_row_text(ctx, F_SEVERITY, "high");
		eg_row_text(ctx, F_REASON, t->error);
		return eg_row_end(ctx);
	}
	for (size_t i = 0; i < t->r->nfindings; i++) {
		const struct eg_tls_finding *f = &t->r->findings[i];
		eg_row_begin(ctx);
		row_args(ctx);
		eg_row_text(ctx, F_ID, f->id);
		eg_row_text(ctx, F_SEVERITY, f->severity);
		eg_row_text(ctx, F_REASON, f->reason);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_tls_findings = {
	.name = "tls_findings",
	.description = "Findings of the TLS scan of an endpoint, with the IPA verdicts and the spec's minimum version (target = 'HOST:PORT' required)",
	.columns = finding_cols,
	.ncolumns = COUNT(finding_cols),
	.generate = findings_gen,
};
