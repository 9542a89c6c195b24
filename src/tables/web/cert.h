/*
 * cert.h: X.509 certificates read with OpenSSL, and the certificates table.
 *
 * A file is PEM (every CERTIFICATE block in it, in order; other blocks such
 * as a private key in a combined file are skipped) or else one DER
 * certificate. Parsing never prompts: an "encrypted" PEM block is refused,
 * not asked a passphrase for.
 *
 * The table reads, by default: the *.pem and *.crt files of etc/ssl/certs
 * except the links into usr/share/ca-certificates and the
 * ca-certificates.crt bundle
 * built from them (the distribution's trust store, not the site's
 * certificates); every nginx ssl_certificate and apache SSLCertificateFile;
 * etc/letsencrypt/live/NAME/cert.pem and fullchain.pem. With `WHERE path =
 * '...'` (or IN, or GLOB) it reads exactly those paths instead.
 */
#ifndef EG_WEB_CERT_H
#define EG_WEB_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/err.h"

struct eg_cert_info {
	const char *subject;    /* RFC 2253, UTF-8 kept */
	const char *issuer;
	const char *not_before; /* YYYY-MM-DDTHH:MM:SSZ, or NULL */
	const char *not_after;
	const char *key_type;   /* rsa, rsa-pss, ec, ed25519, ed448, dsa, or
				 * NULL when OpenSSL cannot decode the key */
	int64_t key_bits;       /* -1 when unknown */
	const char *sig_alg;    /* OpenSSL's name, e.g.
				 * sha256WithRSAEncryption, or the OID */
	int self_signed;        /* issuer == subject and the signature
				 * verifies with the certificate's own key */
};

/* Receives one certificate; the strings live until it returns. A non-zero
 * return stops the parse and is returned. */
typedef int (*eg_cert_fn)(void *ud, const struct eg_cert_info *ci);

/*
 * Parses buf[0..len) (at most EG_CERT_MAX_BYTES) and calls fn for every
 * certificate. Returns the number of certificates (0 for PEM data without
 * a certificate), or a negative code with e set: EG_E_PARSE (a malformed
 * certificate block, or data that is neither PEM nor DER; the certificates
 * before it were delivered), EG_E_LIMIT (too large, more than
 * EG_CERT_MAX_PER_FILE certificates), EG_E_NOMEM, or fn's code.
 */
int eg_cert_parse(const unsigned char *buf, size_t len, eg_cert_fn fn,
		  void *ud, struct eg_err *e);

#endif
