/*
 * ssl_files.h: TLS key files in the usual places, and the ssl_files table.
 *
 * Places: every file of etc/ssl/private, etc/nginx/ssl and
 * etc/apache2/ssl; etc/letsencrypt/live/NAME/privkey.pem and
 * etc/letsencrypt/archive/NAME/privkeyN.pem; every nginx
 * ssl_certificate_key and apache
 * SSLCertificateKeyFile. Each regular file found there (links followed,
 * inside the root) is a row with the mode and owner of the file the path
 * names, and its kind from its first PEM header: private_key, certificate
 * or other (anything else: DER, PKCS#12, a stray file).
 *
 * Key material is never parsed and never leaves this module: at most
 * EG_KEY_SNIFF_BYTES are read, only the "-----BEGIN ...-----" line and the
 * RFC 1421 headers right after it are looked at, and the bytes are wiped.
 */
#ifndef EG_WEB_SSL_FILES_H
#define EG_WEB_SSL_FILES_H

#include <stddef.h>

enum eg_key_kind { EG_KEY_OTHER = 0, EG_KEY_PRIVATE, EG_KEY_CERT };

/*
 * Classifies buf[0..len), the first bytes of a file, by its first PEM
 * header line (at the start of a line): "-----BEGIN [RSA |EC |DSA |
 * ENCRYPTED |OPENSSH ]PRIVATE KEY-----" is a private key,
 * "-----BEGIN [TRUSTED |X509 ]CERTIFICATE-----" a certificate, anything
 * else other. *encrypted is 1 for "ENCRYPTED PRIVATE KEY" or a
 * "Proc-Type: 4,ENCRYPTED" header, 0 for another private key, -1 when
 * unknown (an OpenSSH key keeps that inside its base64; not a key).
 */
enum eg_key_kind eg_key_sniff(const char *buf, size_t len, int *encrypted);

#endif
