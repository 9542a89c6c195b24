/*
 * tls_ciphers.h: the cipher suites OpenSSL 3 no longer knows (RC4, DES,
 * 3DES, export grade, static DH), by code point, with the names OpenSSL 1.0
 * and sslscan gave them, their IANA names and properties. The hand-built
 * probes (SSLv3, and these suites under TLS 1.0-1.2) offer them; when a
 * server picks one, SSL_CIPHER_find cannot describe it and this table does.
 */
#ifndef EG_TLS_CIPHERS_H
#define EG_TLS_CIPHERS_H

#include <stddef.h>
#include <stdint.h>

struct eg_tls_legacy {
	uint16_t id;
	const char *name;   /* OpenSSL 1.0's name */
	const char *iana;
	const char *kex;
	int bits;
	unsigned flags;     /* EG_TLS_C_* of tls_scan.h */
};

/* The entry for id, or NULL. */
const struct eg_tls_legacy *eg_tls_legacy_find(uint16_t id);

/* The i-th entry (0 <= i < eg_tls_legacy_count()). */
size_t eg_tls_legacy_count(void);
const struct eg_tls_legacy *eg_tls_legacy_at(size_t i);

#endif
