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
	/* TLS 1.3 (RFC 8446): */
	int hrr;             /* a HelloRetryRequest (the fixed random) */
	uint16_t sv_version; /* supported_versions' choice, or 0 */
	uint16_t ks_group;   /* key_share's group (an HRR's selected_group),
			      * or 0 */
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

/* Flags of eg_tls_raw_client_hello_ex. */
enum {
	/* Offer DEFLATE (1) before null compression: a server that picks it
	 * is open to CRIME. */
	EG_TLS_HELLO_DEFLATE = 1u << 0,
	/* The extensions a TLS 1.2 server needs to pick an ECDHE suite and
	 * sign with SHA-2 (supported_groups, ec_point_formats,
	 * signature_algorithms) and an empty renegotiation_info; server_name
	 * too when sni is given. */
	EG_TLS_HELLO_EXTS = 1u << 1,
};

/*
 * The same with flags (EG_TLS_HELLO_*) and, with EG_TLS_HELLO_EXTS, the
 * server name sni (NULL: none; at most 255 bytes). Flags 0 give exactly
 * eg_tls_raw_client_hello's bytes. Returns 0, EG_E_INVAL or b's error.
 */
int eg_tls_raw_client_hello_ex(struct eg_buf *b, uint16_t version,
			       const uint16_t *suites, size_t n,
			       const uint8_t random[32], unsigned flags,
			       const char *sni);

/*
 * Appends to b a TLS 1.3 ClientHello offering only group (supported_groups)
 * with an empty key_share, and the name sni (NULL: none; at most 255
 * bytes). A server that accepts the group answers with a HelloRetryRequest
 * selecting it, one that does not with an alert: the group is probed
 * without computing a key (an ffdhe8192 share costs a server and a client
 * tens of milliseconds each). Returns 0, EG_E_INVAL or b's error.
 */
int eg_tls_raw_client_hello13(struct eg_buf *b, uint16_t group,
			      const uint8_t random[32], const char *sni);

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
