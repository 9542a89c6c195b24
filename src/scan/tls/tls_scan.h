/*
 * tls_scan.h: the TLS scanner. One call connects to one endpoint many times
 * (in parallel, each connection with a deadline) and finds which protocol
 * versions it accepts, every cipher suite it accepts per version, whether it
 * imposes its own order, and its certificate chain; then derives findings
 * (tls_policy.h). Traffic goes only to the address the caller names.
 *
 * Method: TLS 1.0-1.2 through OpenSSL with one SSL_CTX per version (min =
 * max, "@SECLEVEL=0" so legacy suites can be offered); the suites of a
 * version are found as sslscan and testssl.sh do, by offering the ones not
 * yet seen and removing the one the server picks until it refuses. The list
 * is split in a few parts enumerated at once: a suite the server accepts is
 * found in whichever part holds it. TLS 1.3 suites are offered one at a
 * time (SSL_set_ciphersuites). SSLv3, which Debian's OpenSSL lacks, and the
 * legacy suites OpenSSL 3 lacks under TLS 1.0-1.2 (RC4, DES, 3DES, export;
 * tls_ciphers.h) are probed with hand-built ClientHellos (tls_hello.h).
 *
 * The result is plain data, read-only for the caller.
 */
#ifndef EG_TLS_SCAN_H
#define EG_TLS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/err.h"

enum eg_tls_proto {
	EG_TLS_SSL3, EG_TLS_10, EG_TLS_11, EG_TLS_12, EG_TLS_13,
	EG_TLS_NPROTO
};

/* "SSLv3", "TLSv1.0", ... "TLSv1.3". */
const char *eg_tls_proto_name(int proto);

/* Properties of a cipher suite, for the findings. */
enum {
	EG_TLS_C_AEAD = 1 << 0,   /* GCM, CCM, ChaCha20-Poly1305 */
	EG_TLS_C_PFS = 1 << 1,    /* ECDHE or DHE key exchange (TLS 1.3: all) */
	EG_TLS_C_ECDHE = 1 << 2,
	EG_TLS_C_NULL = 1 << 3,   /* no encryption */
	EG_TLS_C_EXPORT = 1 << 4, /* export grade (<= 56-bit) */
	EG_TLS_C_ANON = 1 << 5,   /* no authentication */
	EG_TLS_C_RC4 = 1 << 6,
	EG_TLS_C_3DES = 1 << 7,
	EG_TLS_C_DES = 1 << 8,    /* single DES, IDEA, RC2 and other relics */
	EG_TLS_C_CBC = 1 << 9,
	EG_TLS_C_SHA1 = 1 << 10,  /* HMAC-SHA1 (or MD5) record MAC */
	EG_TLS_C_UNKNOWN = 1 << 11, /* an id OpenSSL does not know */
};

struct eg_tls_cipher {
	int proto;       /* enum eg_tls_proto */
	uint16_t id;     /* IANA code point */
	char name[64];   /* OpenSSL's name (as sslscan prints it) */
	char iana[80];   /* the registry's name (TLS_...) */
	char kex[16];    /* RSA, ECDHE, DHE, ECDH, DH, PSK, ... */
	int bits;        /* symmetric key bits */
	unsigned flags;  /* EG_TLS_C_* */
};

struct eg_tls_cert {
	char *subject, *issuer;   /* RFC 2253; hostile text: escape to show */
	char **sans;              /* DNS:NAME or IP:ADDR, nsans entries */
	size_t nsans;
	char not_before[32], not_after[32]; /* YYYY-MM-DDTHH:MM:SSZ or "" */
	int64_t days_left;        /* whole days until not_after (< 0: past) */
	int expired, not_yet_valid, expires_soon; /* soon: within 30 days */
	int hostname_match;       /* against the SNI name or the address */
	const char *checked_name; /* what hostname_match was checked for */
	int trusted;              /* chain verifies to the system store
				   * (validity dates set aside) */
	char verify[160];         /* "ok" or OpenSSL's verify error */
	int self_signed;
	char key_type[16];        /* rsa, ec, ed25519, ... or "" */
	int64_t key_bits;         /* -1 when unknown */
	char sig_alg[64];
	int chain_len;            /* certificates the server sent */
};

struct eg_tls_finding {
	char id[48];
	const char *severity;     /* "info", "low", "medium", "high" */
	char *reason;             /* translated, owned */
};

/* Support state of a protocol. */
enum { EG_TLS_NO = 0, EG_TLS_YES = 1, EG_TLS_UNTESTED = -1 };

struct eg_tls_result {
	char *target;             /* HOST:PORT as given */
	int proto[EG_TLS_NPROTO]; /* EG_TLS_YES / NO / UNTESTED */
	struct eg_tls_cipher *ciphers; /* by protocol, then code point */
	size_t nciphers;
	int server_order;         /* 1, 0, or -1 when it cannot be told (fewer
				   * than two suites in any version) */
	int have_cert;
	struct eg_tls_cert cert;
	struct eg_tls_finding *findings;
	size_t nfindings;
	unsigned handshakes;      /* connections made */
	unsigned timeouts;        /* of them, ended by the deadline */
	char *notes;              /* protocol violations seen, or NULL */
};

struct eg_tls_opts {
	const char *host;        /* name or address literal */
	const char *port;        /* decimal */
	const char *sni;         /* NULL: host, unless it is an address */
	unsigned timeout_ms;     /* per connection */
	unsigned threads;        /* 1..EG_TLS_THREADS */
};

/*
 * Scans one endpoint. Returns 0 with *out set (OUT: caller frees with
 * eg_tls_result_free), or a negative code with e set: EG_E_NOTFOUND (the
 * name does not resolve), EG_E_IO (nothing accepts a connection there, or
 * no TLS handshake of any version succeeded: the message says which),
 * EG_E_NOMEM, EG_E_INTERNAL (OpenSSL could not be set up).
 */
int eg_tls_scan(const struct eg_tls_opts *o, struct eg_tls_result **out,
		struct eg_err *e);

void eg_tls_result_free(struct eg_tls_result *r);

#endif
