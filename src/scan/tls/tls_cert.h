/*
 * tls_cert.h: what the TLS scanner says about the certificate chain a server
 * sent: names, SANs, validity, hostname match, trust against the system
 * store, key and signature. The leaf is described through the certificates
 * table's parser (src/tables/web/cert.h), so both speak the same terms.
 */
#ifndef EG_TLS_CERT_H
#define EG_TLS_CERT_H

#include <openssl/x509.h>

#include "tls_scan.h"

/*
 * Fills *out from chain (leaf first, as SSL_get_peer_cert_chain gives it
 * on a client; not consumed). name is the host name (or address literal)
 * the leaf must match. Trust is checked against the system store (the
 * hashed directory, or SSL_CERT_FILE / SSL_CERT_DIR when set).
 * Returns 0, EG_E_PARSE (empty chain or a leaf OpenSSL cannot re-encode) or
 * EG_E_NOMEM; *out is left for eg_tls_cert_clear in every case.
 */
int eg_tls_cert_analyse(STACK_OF(X509) *chain, const char *name,
			struct eg_tls_cert *out);

/* Frees what eg_tls_cert_analyse allocated in c (NULL is fine). */
void eg_tls_cert_clear(struct eg_tls_cert *c);

#endif
