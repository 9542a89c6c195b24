/*
 * tls_ciphers.h: the cipher suites OpenSSL 3 no longer knows (RC4, DES,
 * 3DES, export grade, static DH), by code point, with the names OpenSSL 1.0
 * and sslscan gave them, their IANA names and properties. The SSLv3 probe
 * offers them with a hand-built ClientHello; when a server picks one,
 * SSL_CIPHER_find cannot describe it and this table does.
 */
#ifndef EG_TLS_CIPHERS_H
#define EG_TLS_CIPHERS_H

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

#endif
