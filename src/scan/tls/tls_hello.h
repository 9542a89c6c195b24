/*
 * tls_hello.h: the hand-built side of the TLS scanner. Debian's OpenSSL has
 * no SSLv3 at all, and OpenSSL 3 no RC4, DES, 3DES or export suites, so
 * those probes are ClientHellos we write ourselves, and the first record of
 * the answer is parsed here, strictly, with a bounded cursor: the server's
 * version and chosen cipher suite, or its alert. The parser sees raw bytes
 * from the network and is a fuzz target (tests/fuzz/fuzz_tls_record.c).
 */
#ifndef EG_TLS_HELLO_H
#define EG_TLS_HELLO_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/buf.h"

/* What the first record of a server's answer says. */
enum eg_tls_answer {
	EG_TLS_ANS_HELLO = 1, /* a ServerHello: version and suite are set */
	EG_TLS_ANS_ALERT = 2, /* an alert: level and desc are set */
};

struct eg_tls_server_hello {
	int kind;            /* enum eg_tls_answer */
	uint16_t rec_version; /* the record layer's version */
	uint16_t version;    /* ServerHello.server_version */
	uint16_t suite;      /* ServerHello.cipher_suite */
	uint8_t compression; /* ServerHello.compression_method */
	uint8_t alert_level, alert_desc;
};

/*
 * Appends to b a ClientHello record for version (0x0300 SSLv3 to 0x0303
 * TLS 1.2; the record layer says 0x0300 for SSLv3, 0x0301 otherwise, as
 * clients do for old servers) with no extensions and null compression,
 * offering suites[0..n) (1 <= n <= 1000) with the 32-byte client random.
 * Returns 0, EG_E_INVAL, or b's error.
 */
int eg_tls_raw_client_hello(struct eg_buf *b, uint16_t version,
			    const uint16_t *suites, size_t n,
			    const uint8_t random[32]);

/*
 * Parses the bytes p[0..n) received so far from the server. Returns 0 with
 * *out set when the first record is complete and is a ServerHello or an
 * alert; 1 when more bytes are needed (never when n >= EG_TLS_HELLO_MAX);
 * EG_E_PARSE when the bytes are not a TLS record holding a ServerHello or
 * an alert (SSLv2 framing, a bad length, another message, trailing data in
 * the hello, a session id over 32 bytes...).
 */
int eg_tls_parse_server_hello(const uint8_t *p, size_t n,
			      struct eg_tls_server_hello *out);

#endif
