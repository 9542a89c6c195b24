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
 * Beside the suites: the key-exchange groups (one group offered per
 * handshake, TLS 1.3 and TLS <= 1.2 ECDHE; the DH prime size of TLS <= 1.2
 * DHE), TLS compression (a hand-built ClientHello offering DEFLATE), secure
 * renegotiation (RFC 5746) and one bounded attempt at client-initiated
 * renegotiation, OCSP stapling, and the order and completeness of the chain
 * the server sent (tls_cert.h).
 *
 * The result is plain data, read-only for the caller.
 */
#ifndef EG_TLS_SCAN_H
#define EG_TLS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/buf.h"
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

/* One certificate of the chain the server sent, in the order it was sent. */
struct eg_tls_chain_cert {
	char *subject, *issuer;   /* RFC 2253; hostile text: escape to show */
	char not_before[32], not_after[32]; /* YYYY-MM-DDTHH:MM:SSZ or "" */
	int64_t days_left;        /* whole days until not_after */
	int expired, not_yet_valid, self_signed;
	char key_type[16];        /* rsa, ec, ... or "" */
	int64_t key_bits;         /* -1 when unknown */
	char sig_alg[64];
	int issued_by_next;       /* the next certificate sent issued this one */
	int on_path;              /* on the path from the leaf to its root */
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
	/* The chain as sent (nchain = chain_len, at most EG_TLS_CHAIN_MAX
	 * described), and what it says: */
	struct eg_tls_chain_cert *chain;
	size_t nchain;
	int chain_in_order;       /* the path from the leaf is sent first,
				   * each certificate followed by its issuer
				   * (extra certificates after it aside) */
	int chain_complete;       /* a path to a self-signed root can be
				   * built from what was sent and the
				   * system store */
	char *missing_issuer;     /* when not complete: the issuer nobody
				   * had (owned; NULL otherwise) */
	size_t chain_extra;       /* sent but not on the leaf's path */
	int anchor_sent;          /* a self-signed root was sent after the
				   * leaf (useless: clients have their own) */
	/* OCSP stapling (status_request): */
	int ocsp_stapled;         /* a response came with the handshake */
	char ocsp_status[16];     /* good, revoked, unknown (the responder's
				   * word for the leaf), "unparseable", or ""
				   * when nothing was stapled */
};

/* A key-exchange group the server accepts. */
struct eg_tls_group {
	int proto;                /* EG_TLS_13, or the TLS <= 1.2 version the
				   * ECDHE / DHE probe negotiated */
	char name[24];            /* IANA name (x25519, secp256r1, ffdhe2048)
				   * or "DH" for a server's own DHE prime */
	int bits;                 /* size of the server's key share */
	int legacy;               /* not on IPA's list (secp256r1/384r1/
				   * 521r1, x25519, x448, ffdhe >= 2048) */
	int finite_field;         /* a DH prime (ffdhe, or DHE's own) */
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
	struct eg_tls_group *groups; /* TLS 1.3 first, then TLS <= 1.2 */
	size_t ngroups;
	char preferred_group[24]; /* the group the server picks whatever
				   * the client's order; "" when it follows
				   * the client or cannot be told */
	/* Tri-states: 1 yes, 0 no, -1 not tested or could not be told. */
	int compression;          /* DEFLATE accepted (CRIME) */
	int secure_reneg;         /* RFC 5746 renegotiation_info (TLS <= 1.2) */
	int client_reneg;         /* a client-initiated renegotiation was
				   * completed (one attempt) */
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

/*
 * Splits a target HOST[:PORT], [IPV6]:PORT or a bare IPv6 address (port
 * 443 then) into host and port (decimal, 1-65535), appended to the two
 * buffers. Returns 0 or -1 (malformed; the buffers hold garbage).
 */
int eg_tls_split_target(const char *t, struct eg_buf *host,
			struct eg_buf *port);

/* The enum eg_tls_proto of "SSLv3" ... "TLSv1.3", or -1. */
int eg_tls_proto_from_name(const char *name);

#endif
