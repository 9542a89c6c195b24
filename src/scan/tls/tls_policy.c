/*
 * tls_policy.c: findings of a TLS scan (see tls_policy.h).
 *
 * IPA's levels as this tool applies them: 推奨セキュリティ型 = only TLS 1.2
 * and 1.3, and every TLS 1.2 suite AEAD (GCM, CCM, ChaCha20-Poly1305) with
 * ECDHE or DHE; 高セキュリティ型 = the same with ECDHE only. (The guideline's
 * own recommended list also tolerates some CBC suites; we hold the stricter
 * line so that "meets" needs no caveat.) TLS 1.3 suites are all AEAD with
 * ephemeral key exchange and always pass.
 *
 * Key exchange: IPA lists secp256r1, secp384r1, secp521r1, x25519, x448 and
 * finite-field groups of 2048 bits or more; a DHE prime under 2048 bits is
 * weak (Logjam), and a server whose every group is off that list is
 * flagged. Compression (CRIME), the lack of RFC 5746 secure renegotiation,
 * client-initiated renegotiation, a stapled "revoked", and a chain that is
 * incomplete, out of order or padded with extra certificates are findings
 * too.
 */
#include "tls_policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"

static int vadd(struct eg_tls_result *r, const char *id, const char *sev,
		const char *fmt, va_list ap)
{
	struct eg_buf b;
	eg_buf_init(&b, 8192);
	eg_buf_vaddf(&b, fmt, ap);
	if (b.err == EG_E_NOMEM) {
		eg_buf_free(&b);
		return EG_E_NOMEM;
	}
	struct eg_tls_finding *f = realloc(r->findings,
					   (r->nfindings + 1) * sizeof(*f));
	if (f == NULL) {
		eg_buf_free(&b);
		return EG_E_NOMEM;
	}
	r->findings = f;
	f = &r->findings[r->nfindings];
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->severity = sev;
	f->reason = eg_buf_steal(&b, NULL);
	if (f->reason == NULL)
		return EG_E_NOMEM;
	r->nfindings++;
	return 0;
}

int eg_tls_finding_add(struct eg_tls_result *r, const char *id,
		       const char *sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vadd(r, id, sev, fmt, ap);
	va_end(ap);
	return rc;
}

/* The short name the rules of this file use. */
#define add eg_tls_finding_add

/* "TLSv1.2 A, TLSv1.0 B" for the suites with all of need set and none of
 * without, under the protocols in mask; the count goes to *n. */
static void list(const struct eg_tls_result *r, unsigned need,
		 unsigned without, unsigned mask, struct eg_buf *b, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < r->nciphers; i++) {
		const struct eg_tls_cipher *c = &r->ciphers[i];
		if (!(mask & (1u << c->proto)) || (c->flags & need) != need ||
		    (c->flags & without))
			continue;
		if (*n < 12)
			eg_buf_addf(b, "%s%s %s", *n ? ", " : "",
				    eg_tls_proto_name(c->proto), c->name);
		else if (*n == 12)
			eg_buf_adds(b, ", ...");
		(*n)++;
	}
}

#define ALL_PROTOS 0x1fu
#define P12 (1u << EG_TLS_12)

static int cipher_findings(struct eg_tls_result *r)
{
	static const struct {
		const char *id, *sev;
		unsigned need, without, protos;
		const char *what;
	} rules[] = {
		{"tls.cipher.null", "high", EG_TLS_C_NULL, 0, ALL_PROTOS,
		 N_("suites without encryption (NULL)")},
		{"tls.cipher.anon", "high", EG_TLS_C_ANON, 0, ALL_PROTOS,
		 N_("anonymous suites (no server authentication, open to man-in-the-middle)")},
		{"tls.cipher.export", "high", EG_TLS_C_EXPORT, EG_TLS_C_NULL,
		 ALL_PROTOS, N_("export-grade suites (keys of 56 bits or less)")},
		{"tls.cipher.rc4", "high", EG_TLS_C_RC4, 0, ALL_PROTOS,
		 N_("RC4 suites (RFC 7465 prohibits them)")},
		{"tls.cipher.des", "high", EG_TLS_C_DES, 0, ALL_PROTOS,
		 N_("single DES, IDEA or RC2 suites")},
		{"tls.cipher.3des", "medium", EG_TLS_C_3DES, 0, ALL_PROTOS,
		 N_("3DES suites (64-bit block: Sweet32)")},
		{"tls.cipher.no_pfs", "low", 0,
		 EG_TLS_C_PFS | EG_TLS_C_ANON | EG_TLS_C_NULL |
			 EG_TLS_C_UNKNOWN,
		 ALL_PROTOS,
		 N_("suites without forward secrecy (static RSA or PSK key exchange)")},
		{"tls.cipher.cbc_sha1", "low", EG_TLS_C_CBC | EG_TLS_C_SHA1,
		 EG_TLS_C_3DES | EG_TLS_C_DES | EG_TLS_C_NULL, P12,
		 N_("CBC suites with a SHA-1 MAC under TLS 1.2")},
	};
	for (size_t k = 0; k < sizeof(rules) / sizeof(rules[0]); k++) {
		struct eg_buf b;
		size_t n;
		int rc = 0;
		eg_buf_init(&b, 4096);
		list(r, rules[k].need, rules[k].without, rules[k].protos, &b,
		     &n);
		if (n > 0)
			rc = add(r, rules[k].id, rules[k].sev,
				 _("%zu accepted %s: %s"), n, _(rules[k].what),
				 eg_buf_str(&b));
		eg_buf_free(&b);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int cert_findings(struct eg_tls_result *r)
{
	const struct eg_tls_cert *c = &r->cert;
	int rc = 0;
	if (!r->have_cert) {
		if (r->proto[EG_TLS_10] == EG_TLS_YES ||
		    r->proto[EG_TLS_11] == EG_TLS_YES ||
		    r->proto[EG_TLS_12] == EG_TLS_YES ||
		    r->proto[EG_TLS_13] == EG_TLS_YES)
			return add(r, "tls.cert.missing", "medium", "%s",
				   _("no certificate could be read from the server"));
		return 0;
	}
	if (c->expired)
		rc = add(r, "tls.cert.expired", "high",
			 _("the certificate expired on %s (%lld days ago)"),
			 c->not_after, (long long)-c->days_left);
	if (rc == 0 && c->not_yet_valid)
		rc = add(r, "tls.cert.not_yet_valid", "high",
			 _("the certificate is valid only from %s"),
			 c->not_before);
	if (rc == 0 && c->expires_soon)
		rc = add(r, "tls.cert.expires_soon", "medium",
			 _("the certificate expires on %s, in %lld days; renew it"),
			 c->not_after, (long long)c->days_left);
	if (rc == 0 && c->checked_name != NULL && !c->hostname_match)
		rc = add(r, "tls.cert.hostname_mismatch", "high",
			 _("the certificate does not cover \"%s\""),
			 c->checked_name);
	if (rc == 0 && c->self_signed)
		rc = add(r, "tls.cert.self_signed", "high", "%s",
			 _("the certificate is self-signed"));
	else if (rc == 0 && !c->trusted)
		rc = add(r, "tls.cert.untrusted", "high",
			 _("the chain does not verify against the system trust store (%s)"),
			 c->verify);
	int shortk = 0;
	if (strcmp(c->key_type, "rsa") == 0 ||
	    strcmp(c->key_type, "rsa-pss") == 0 ||
	    strcmp(c->key_type, "dsa") == 0)
		shortk = c->key_bits >= 0 && c->key_bits < 2048;
	else if (strcmp(c->key_type, "ec") == 0)
		shortk = c->key_bits >= 0 && c->key_bits < 256;
	if (rc == 0 && shortk)
		rc = add(r, "tls.cert.short_key", "high",
			 _("the certificate's %s key has %lld bits (at least 2048 for RSA, 256 for EC)"),
			 c->key_type, (long long)c->key_bits);
	if (rc == 0 && (strstr(c->sig_alg, "sha1") != NULL ||
			strstr(c->sig_alg, "md5") != NULL ||
			strstr(c->sig_alg, "SHA1") != NULL ||
			strstr(c->sig_alg, "MD5") != NULL))
		rc = add(r, "tls.cert.weak_signature", "medium",
			 _("the certificate is signed with %s"), c->sig_alg);
	return rc;
}

/* "VERDICT: reason; reason; N WHAT: A B C" */
static int ipa_fail(struct eg_tls_result *r, const char *id, const char *sev,
		    const char *verdict, int legacy, int modern, int weak_dh,
		    size_t n, const char *what, const struct eg_buf *names)
{
	struct eg_buf b;
	eg_buf_init(&b, 8192);
	eg_buf_adds(&b, verdict);
	const char *sep = ": ";
	if (legacy) {
		eg_buf_addf(&b, "%s%s", sep,
			    _("protocols older than TLS 1.2 are enabled"));
		sep = "; ";
	}
	if (!modern) {
		eg_buf_addf(&b, "%s%s", sep,
			    _("neither TLS 1.2 nor TLS 1.3 is enabled"));
		sep = "; ";
	}
	if (weak_dh) {
		eg_buf_addf(&b, "%s%s", sep,
			    _("DHE uses a prime under 2048 bits"));
		sep = "; ";
	}
	if (n > 0)
		eg_buf_addf(&b, "%s%zu %s:%s%s", sep, n, what,
			    eg_buf_str(names), n > 8 ? " ..." : "");
	int rc = b.err == EG_E_NOMEM ? EG_E_NOMEM :
				       add(r, id, sev, "%s", eg_buf_str(&b));
	eg_buf_free(&b);
	return rc;
}

/* IPA's two levels; see the file comment. */
static int ipa_findings(struct eg_tls_result *r)
{
	int legacy = r->proto[EG_TLS_SSL3] == EG_TLS_YES ||
		     r->proto[EG_TLS_10] == EG_TLS_YES ||
		     r->proto[EG_TLS_11] == EG_TLS_YES;
	int modern = r->proto[EG_TLS_12] == EG_TLS_YES ||
		     r->proto[EG_TLS_13] == EG_TLS_YES;
	size_t not_rec = 0, not_high = 0;
	struct eg_buf b1, b2;
	eg_buf_init(&b1, 4096);
	eg_buf_init(&b2, 4096);
	for (size_t i = 0; i < r->nciphers; i++) {
		const struct eg_tls_cipher *c = &r->ciphers[i];
		if (c->proto != EG_TLS_12)
			continue;
		int aead = (c->flags & EG_TLS_C_AEAD) != 0;
		if (!aead || !(c->flags & EG_TLS_C_PFS) ||
		    (c->flags & EG_TLS_C_ANON)) {
			if (not_rec++ < 8)
				eg_buf_addf(&b1, " %s", c->name);
		}
		if (!aead || !(c->flags & EG_TLS_C_ECDHE) ||
		    (c->flags & EG_TLS_C_ANON)) {
			if (not_high++ < 8)
				eg_buf_addf(&b2, " %s", c->name);
		}
	}
	int weak_dh = 0;
	for (size_t i = 0; i < r->ngroups; i++)
		if (r->groups[i].finite_field && r->groups[i].bits > 0 &&
		    r->groups[i].bits < 2048)
			weak_dh = 1;
	int rc;
	if (!legacy && modern && not_rec == 0 && !weak_dh)
		rc = add(r, "tls.ipa_recommended", "info", "%s",
			 _("meets IPA's recommended security type (推奨セキュリティ型): TLS 1.2/1.3 only, AEAD suites with ECDHE or DHE"));
	else
		rc = ipa_fail(r, "tls.ipa_recommended", "medium",
			      _("does not meet IPA's recommended security type (推奨セキュリティ型)"),
			      legacy, modern, weak_dh, not_rec,
			      _("TLS 1.2 suites that are not AEAD with ECDHE/DHE"),
			      &b1);
	if (rc == 0) {
		if (!legacy && modern && not_high == 0 && !weak_dh)
			rc = add(r, "tls.ipa_high", "info", "%s",
				 _("meets IPA's high security type (高セキュリティ型): TLS 1.2/1.3 only, AEAD suites with ECDHE"));
		else
			rc = ipa_fail(r, "tls.ipa_high", "low",
				      _("does not meet IPA's high security type (高セキュリティ型)"),
				      legacy, modern, weak_dh, not_high,
				      _("TLS 1.2 suites that are not AEAD with ECDHE"),
				      &b2);
	}
	eg_buf_free(&b1);
	eg_buf_free(&b2);
	return rc;
}

/* Chain order and completeness, certificates of the chain out of date. */
static int chain_findings(struct eg_tls_result *r)
{
	const struct eg_tls_cert *c = &r->cert;
	int rc = 0;
	if (!r->have_cert)
		return 0;
	if (!c->chain_complete)
		rc = add(r, "tls.chain.incomplete", "medium",
			 _("the chain cannot be completed: the issuer \"%s\" was not sent and is not in the system trust store (send the intermediate certificates, or the CA is unknown here)"),
			 c->missing_issuer != NULL ? c->missing_issuer : "?");
	if (rc == 0 && !c->chain_in_order)
		rc = add(r, "tls.chain.order", "low", "%s",
			 _("the chain is not sent in order (the leaf first, each certificate followed by its issuer)"));
	if (rc == 0 && c->chain_extra > 0)
		rc = add(r, "tls.chain.extra", "low",
			 _("certificates sent that are not part of the leaf's chain: %zu; send only the chain"),
			 c->chain_extra);
	if (rc == 0 && c->anchor_sent)
		rc = add(r, "tls.chain.anchor_sent", "info", "%s",
			 _("the root certificate is sent too; clients use their own copy"));
	for (size_t i = 1; i < c->nchain && rc == 0; i++) {
		const struct eg_tls_chain_cert *k = &c->chain[i];
		if (!k->on_path || k->self_signed)
			continue; /* roots are the client's business */
		if (k->expired)
			rc = add(r, "tls.chain.expired", "high",
				 _("certificate %zu of the chain (%s) expired on %s"),
				 i, k->subject, k->not_after);
		else if (k->not_yet_valid)
			rc = add(r, "tls.chain.not_yet_valid", "high",
				 _("certificate %zu of the chain (%s) is valid only from %s"),
				 i, k->subject, k->not_before);
	}
	if (rc == 0 && strcmp(c->ocsp_status, "revoked") == 0)
		rc = add(r, "tls.ocsp.revoked", "high", "%s",
			 _("the stapled OCSP response says the certificate is revoked"));
	else if (rc == 0 && c->ocsp_stapled &&
		 strcmp(c->ocsp_status, "good") != 0)
		rc = add(r, "tls.ocsp.unusable", "low",
			 _("the stapled OCSP response does not vouch for the certificate (%s)"),
			 c->ocsp_status);
	return rc;
}

/* Key-exchange groups, compression, renegotiation. */
static int kex_findings(struct eg_tls_result *r)
{
	int rc = 0, weak_dh = 0;
	size_t legacy = 0;
	struct eg_buf b;
	eg_buf_init(&b, 4096);
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct eg_tls_group *g = &r->groups[i];
		if (g->legacy)
			legacy++;
		if (g->finite_field && g->bits > 0 && g->bits < 2048)
			weak_dh = g->bits;
		if (g->legacy)
			eg_buf_addf(&b, "%s%s %s (%d)", legacy > 1 ? ", " : "",
				    eg_tls_proto_name(g->proto), g->name,
				    g->bits);
	}
	if (weak_dh > 0)
		rc = add(r, "tls.dh.weak", "high",
			 _("DHE key exchange uses a %d-bit prime; IPA requires at least 2048 bits (Logjam); use ssl_dhparam of 2048+ bits or drop DHE"),
			 weak_dh);
	if (rc == 0 && legacy > 0 && legacy == r->ngroups)
		rc = add(r, "tls.groups.legacy_only", "medium",
			 _("only key-exchange groups outside IPA's list are accepted: %s"),
			 eg_buf_str(&b));
	eg_buf_free(&b);
	if (rc == 0 && r->compression == 1)
		rc = add(r, "tls.compression", "high", "%s",
			 _("TLS compression (DEFLATE) is accepted: open to CRIME; disable it"));
	int old = r->proto[EG_TLS_SSL3] == EG_TLS_YES ||
		  r->proto[EG_TLS_10] == EG_TLS_YES ||
		  r->proto[EG_TLS_11] == EG_TLS_YES ||
		  r->proto[EG_TLS_12] == EG_TLS_YES;
	if (rc == 0 && old && r->secure_reneg == 0)
		rc = add(r, "tls.reneg.insecure", "medium", "%s",
			 _("secure renegotiation (RFC 5746) is not supported"));
	if (rc == 0 && r->client_reneg == 1)
		rc = add(r, "tls.reneg.client_initiated", "medium", "%s",
			 _("client-initiated renegotiation is accepted: any client can make the server repeat handshakes (denial of service); disable it"));
	return rc;
}

int eg_tls_policy(struct eg_tls_result *r)
{
	int rc = 0;
	static const struct {
		int proto;
		const char *id, *sev;
		const char *why;
	} legacy[] = {
		{EG_TLS_SSL3, "tls.protocol.sslv3", "high",
		 N_("SSLv3 is enabled: broken (POODLE, RFC 7568); disable it")},
		{EG_TLS_10, "tls.protocol.tlsv1_0", "medium",
		 N_("TLS 1.0 is enabled: deprecated (RFC 8996); disable it")},
		{EG_TLS_11, "tls.protocol.tlsv1_1", "medium",
		 N_("TLS 1.1 is enabled: deprecated (RFC 8996); disable it")},
	};
	for (size_t i = 0; i < 3 && rc == 0; i++)
		if (r->proto[legacy[i].proto] == EG_TLS_YES)
			rc = add(r, legacy[i].id, legacy[i].sev, "%s",
				 _(legacy[i].why));
	if (rc == 0 && r->proto[EG_TLS_12] != EG_TLS_YES &&
	    r->proto[EG_TLS_13] != EG_TLS_YES)
		rc = add(r, "tls.protocol.no_modern", "high", "%s",
			 _("neither TLS 1.2 nor TLS 1.3 is enabled"));
	else if (rc == 0 && r->proto[EG_TLS_13] == EG_TLS_NO)
		rc = add(r, "tls.protocol.no_tls13", "info", "%s",
			 _("TLS 1.3 is not enabled"));
	for (int p = 0; p < EG_TLS_NPROTO && rc == 0; p++)
		if (r->proto[p] == EG_TLS_UNTESTED)
			rc = add(r, "tls.incomplete", "low",
				 _("%s could not be tested: connections timed out; raise --timeout"),
				 eg_tls_proto_name(p));
	if (rc == 0 && r->notes != NULL)
		rc = add(r, "tls.protocol_violation", "low", "%s", r->notes);
	if (rc == 0)
		rc = cipher_findings(r);
	if (rc == 0 && r->server_order == 0) {
		/* Order matters only when weaker suites are on offer. */
		int weak = 0;
		for (size_t i = 0; i < r->nciphers; i++)
			if (!(r->ciphers[i].flags & EG_TLS_C_AEAD) ||
			    !(r->ciphers[i].flags & EG_TLS_C_PFS))
				weak = 1;
		if (weak)
			rc = add(r, "tls.server_order", "low", "%s",
				 _("the server follows the client's suite order although it accepts weaker suites; enforce the server's order"));
	}
	if (rc == 0)
		rc = kex_findings(r);
	if (rc == 0)
		rc = cert_findings(r);
	if (rc == 0)
		rc = chain_findings(r);
	if (rc == 0)
		rc = ipa_findings(r);
	return rc;
}

int eg_tls_severity_fails(const char *severity)
{
	return strcmp(severity, "info") != 0;
}
