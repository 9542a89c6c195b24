/*
 * tls_cert.h: what the TLS scanner says about the certificate chain a server
 * sent: names, SANs, validity, hostname match, trust against the system
 * store, key and signature; the order and completeness of the chain; the
 * stapled OCSP response. Every certificate is described through the
 * certificates table's parser (src/tables/web/cert.h), so both speak the
 * same terms.
 */
#ifndef EG_TLS_CERT_H
#define EG_TLS_CERT_H

#include <openssl/x509.h>

#include "tls_scan.h"

/*
 * Fills *out from chain (leaf first, as SSL_get_peer_cert_chain gives it
 * on a client; not consumed). name is the host name (or address literal)
 * the leaf must match. Trust is checked against the system store (the
 * hashed directory, or SSL_CERT_FILE / SSL_CERT_DIR when set). The chain
 * is described certificate by certificate (out->chain): the path from the
 * leaf follows issuers among the sent certificates wherever they are; it is
 * "in order" when it is the sent list's prefix, every other certificate is
 * "extra"; it is complete unless OpenSSL cannot find an issuer among the
 * sent certificates and the store (a missing intermediate, or a root this
 * system does not know).
 * Returns 0, EG_E_PARSE (empty chain or a leaf OpenSSL cannot re-encode) or
 * EG_E_NOMEM; *out is left for eg_tls_cert_clear in every case.
 */
int eg_tls_cert_analyse(STACK_OF(X509) *chain, const char *name,
			struct eg_tls_cert *out);

/*
 * The stapled OCSP response der[0..len) (bytes from the network): sets
 * c->ocsp_stapled and c->ocsp_status to the status of the single response
 * for leaf (matched by serial number; leaf NULL: the first one): "good",
 * "revoked", "unknown", or "invalid" when the bytes are no successful
 * response naming it. The responder's signature is not verified: the
 * status is what the server staples, for a finding, not a trust decision.
 */
void eg_tls_cert_ocsp(struct eg_tls_cert *c, X509 *leaf,
		      const unsigned char *der, size_t len);

/* Frees what eg_tls_cert_analyse allocated in c (NULL is fine). */
void eg_tls_cert_clear(struct eg_tls_cert *c);

#endif
