/*
 * tls_scan.c: the TLS scanner's engine (see tls_scan.h for the method).
 *
 * Every connection is a non-blocking socket driven by poll() against one
 * deadline (--timeout), so a peer that never answers, drips bytes or sends
 * garbage costs at most that long per connection and ends as "refused" or
 * "timed out", never a hang. Connections run on a small pool of threads:
 * a job is one chain of handshakes (one part of one version's suite list,
 * one TLS 1.3 suite, the SSLv3 probe, the certificate).
 *
 * Phase 0 gets the certificate chain (any version OpenSSL speaks, asking
 * for a stapled OCSP response) and probes SSLv3 at once; when neither finds
 * TLS there, the scan stops with an error after one timeout at most instead
 * of waiting on every probe of phase 1. Phase 1 analyses the chain while it
 * enumerates the suites, the key-exchange groups (one handshake per group),
 * TLS compression (a hand-built hello offering DEFLATE) and renegotiation.
 * Phase 2 offers two suites, then the accepted groups, in both orders to
 * see whose order wins.
 */
#include "tls_scan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/num.h"
#include "tls_cert.h"
#include "tls_ciphers.h"
#include "tls_hello.h"
#include "tls_policy.h"

/* Parts each TLS 1.0-1.2 suite list is split into (see tls_scan.h). */
#define LIST_PARTS 4

static const char *const proto_names[EG_TLS_NPROTO] = {
	"SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3",
};

static const int proto_versions[EG_TLS_NPROTO] = {
	SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION,
	TLS1_3_VERSION,
};

/* Every TLS 1.3 suite of RFC 8446 that OpenSSL implements. */
static const char *const tls13_suites[] = {
	"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
	"TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256",
	"TLS_AES_128_CCM_8_SHA256",
};
#define N13 (sizeof(tls13_suites) / sizeof(tls13_suites[0]))

/* SSLv3-era code points offered by the hand-built probe: RFC 6101's suites,
 * RFC 3268's AES and RFC 4132/4162's Camellia and SEED. */
static const uint16_t v3_suites[] = {
	0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008,
	0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e, 0x000f, 0x0010,
	0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018,
	0x0019, 0x001a, 0x001b, 0x002f, 0x0030, 0x0031, 0x0032, 0x0033,
	0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003a, 0x0041,
	0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0084, 0x0085, 0x0086,
	0x0087, 0x0088, 0x0089, 0x0096, 0x0097, 0x0098, 0x0099, 0x009a,
	0x009b,
};
#define NV3 (sizeof(v3_suites) / sizeof(v3_suites[0]))

/* Suites of the compression probe: SSLv3-era ones and what current TLS 1.2
 * servers pick (ECDHE/DHE/RSA with AES-GCM, ChaCha20, AES-CBC), so that any
 * server speaking TLS <= 1.2 finds one to answer with. */
static const uint16_t comp_suites[] = {
	0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9, 0xccaa, 0x009e,
	0x009f, 0xc009, 0xc00a, 0xc013, 0xc014, 0xc023, 0xc024, 0xc027,
	0xc028, 0x009c, 0x009d, 0x003c, 0x003d, 0x0067, 0x006b, 0x002f,
	0x0035, 0x000a,
};
#define NCOMP (sizeof(comp_suites) / sizeof(comp_suites[0]))

/*
 * Key-exchange groups probed one at a time (IANA names, which OpenSSL's
 * groups list also takes). legacy: not on IPA's list of groups for its
 * recommended and high security types.
 */
static const struct group_def {
	const char *name;
	uint16_t id;          /* IANA code point */
	int bits;             /* key size, for a group probed without a key */
	int tls13, tls12, legacy;
} group_defs[] = {
	{"x25519", 0x001d, 253, 1, 1, 0},
	{"secp256r1", 0x0017, 256, 1, 1, 0},
	{"secp384r1", 0x0018, 384, 1, 1, 0},
	{"secp521r1", 0x0019, 521, 1, 1, 0},
	{"x448", 0x001e, 448, 1, 1, 0},
	{"ffdhe2048", 0x0100, 2048, 1, 0, 0},
	{"ffdhe3072", 0x0101, 3072, 1, 0, 0},
	{"ffdhe4096", 0x0102, 4096, 1, 0, 0},
	{"ffdhe6144", 0x0103, 6144, 1, 0, 0},
	{"ffdhe8192", 0x0104, 8192, 1, 0, 0},
	{"secp224r1", 0x0015, 224, 0, 1, 1},
	{"secp192r1", 0x0013, 192, 0, 1, 1},
	{"secp256k1", 0x0016, 256, 0, 1, 1},
	{"brainpoolP256r1", 0x001a, 256, 0, 1, 1},
	{"brainpoolP384r1", 0x001b, 384, 0, 1, 1},
	{"brainpoolP512r1", 0x001c, 512, 0, 1, 1},
};
#define NGROUPS (sizeof(group_defs) / sizeof(group_defs[0]))

const char *eg_tls_proto_name(int proto)
{
	return proto >= 0 && proto < EG_TLS_NPROTO ? proto_names[proto] : "?";
}

int eg_tls_proto_from_name(const char *name)
{
	for (int p = 0; name != NULL && p < EG_TLS_NPROTO; p++)
		if (strcmp(name, proto_names[p]) == 0)
			return p;
	return -1;
}

/* The enum eg_tls_proto of an OpenSSL version number, or -1. */
static int proto_of_version(int v)
{
	for (int p = 0; p < EG_TLS_NPROTO; p++)
		if (proto_versions[p] == v)
			return p;
	return -1;
}

enum hs_status { HS_OK, HS_REFUSED, HS_TIMEOUT, HS_NOCONN, HS_ERR };

struct scan {
	const struct eg_tls_opts *o;
	struct sockaddr_storage addr;
	socklen_t alen;
	const char *sni;              /* NULL: none sent */
	const char *name;             /* what the certificate must match */
	SSL_CTX *ctx[EG_TLS_NPROTO];  /* TLS 1.0-1.3, min = max */
	SSL_CTX *any;                 /* certificate: every version */
	SSL_CTX *upto12;              /* TLS 1.0-1.2: groups, renegotiation */
	SSL *lookup;                  /* SSL_CIPHER_find for SSLv3 ids */
	struct addrinfo *ai;          /* the host's addresses (owned) */
	pthread_mutex_t mu;
	unsigned handshakes, timeouts;
};

enum job_kind { J_LIST, J_TLS13, J_RAW, J_CERT, J_ANALYSE, J_ORDER,
		J_GROUP, J_DHE, J_GORDER, J_RENEG, J_COMP };

struct job {
	enum job_kind kind;
	int proto;
	const SSL_CIPHER **offer;     /* J_LIST: the part's suites (owned) */
	size_t noffer;
	const char *suite13;          /* J_TLS13 */
	/* results */
	struct eg_tls_cipher *found;  /* owned */
	size_t nfound;
	int timed_out, violation, nomem;
	int got_tls;                  /* J_CERT: a handshake succeeded */
	STACK_OF(X509) *chain;        /* J_CERT: what the server sent (owned) */
	int cert_rc;                  /* J_ANALYSE: 0 when cert is filled */
	struct eg_tls_cert cert;
	const SSL_CIPHER *picked;     /* J_ORDER */
	unsigned char *ocsp;          /* J_CERT: stapled response (owned) */
	size_t ocsp_len;
	int ocsp_stapled;
	const struct group_def *group; /* J_GROUP */
	char groups[512];             /* J_GORDER: the list offered */
	/* J_GROUP, J_DHE, J_GORDER: what the handshake negotiated */
	int got;
	struct eg_tls_group found_group;
	int secure_reneg, client_reneg; /* J_RENEG */
	int compression;              /* J_COMP */
	struct scan *s;               /* for inspect callbacks */
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 when fd is ready for ev, 0 at the deadline, -1 on error. */
static int wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = ev};
		int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static void count(struct scan *s, int timed_out)
{
	pthread_mutex_lock(&s->mu);
	s->handshakes++;
	if (timed_out)
		s->timeouts++;
	pthread_mutex_unlock(&s->mu);
}

/* A connected non-blocking socket, or -1 with *st set. */
static int tcp_connect(struct scan *s, int64_t deadline, int *st, int *err)
{
	int fd = socket(s->addr.ss_family,
			SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	*err = 0;
	if (fd < 0) {
		*err = errno;
		*st = HS_NOCONN;
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&s->addr, s->alen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*err = errno;
		goto fail;
	}
	int r = wait_fd(fd, POLLOUT, deadline);
	if (r == 0) {
		*err = ETIMEDOUT;
		close(fd);
		*st = HS_TIMEOUT;
		return -1;
	}
	int soerr = 0;
	socklen_t sl = sizeof(soerr);
	if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 ||
	    soerr != 0) {
		*err = soerr != 0 ? soerr : errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	*st = HS_NOCONN;
	return -1;
}

typedef void (*inspect_fn)(SSL *ssl, void *ud);

/* What one OpenSSL handshake offers. */
struct hs_req {
	SSL_CTX *ctx;
	const char *list12;   /* TLS <= 1.2 cipher list, or NULL */
	const char *suite13;  /* TLS 1.3 suites, or NULL */
	const char *groups;   /* key-exchange groups, or NULL: the default */
	int ocsp;             /* ask for a stapled OCSP response */
};

/*
 * One OpenSSL handshake as q says. Returns an hs_status; on HS_OK *picked
 * is the suite the server chose and inspect (if any) has seen the
 * connection. HS_ERR also when OpenSSL cannot offer q (e.g. a group this
 * build lacks).
 */
static int handshake(struct scan *s, const struct hs_req *q,
		     const SSL_CIPHER **picked, char kex13[16],
		     inspect_fn inspect, void *ud)
{
	int64_t deadline = now_ms() + s->o->timeout_ms;
	int st = HS_ERR, fd = -1, err;
	SSL *ssl = SSL_new(q->ctx);
	if (ssl == NULL)
		goto out;
	if (q->list12 != NULL && SSL_set_cipher_list(ssl, q->list12) != 1)
		goto out;
	if (q->suite13 != NULL && SSL_set_ciphersuites(ssl, q->suite13) != 1)
		goto out;
	if (q->groups != NULL && SSL_set1_groups_list(ssl, q->groups) != 1)
		goto out;
	if (q->ocsp &&
	    SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp) != 1)
		goto out;
	if (s->sni != NULL && SSL_set_tlsext_host_name(ssl, s->sni) != 1)
		goto out;
	fd = tcp_connect(s, deadline, &st, &err);
	if (fd < 0)
		goto out;
	if (SSL_set_fd(ssl, fd) != 1) {
		st = HS_ERR;
		goto out;
	}
	for (;;) {
		int r = SSL_connect(ssl);
		if (r == 1)
			break;
		int w = SSL_get_error(ssl, r);
		if (w != SSL_ERROR_WANT_READ && w != SSL_ERROR_WANT_WRITE) {
			st = HS_REFUSED;
			goto out;
		}
		r = wait_fd(fd, w == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
			    deadline);
		if (r <= 0) {
			st = r == 0 ? HS_TIMEOUT : HS_REFUSED;
			goto out;
		}
	}
	st = HS_OK;
	*picked = SSL_get_current_cipher(ssl);
	if (kex13 != NULL) {
		EVP_PKEY *k = NULL;
		snprintf(kex13, 16, "%s", "ECDHE");
		if (SSL_get_peer_tmp_key(ssl, &k) == 1) {
			if (EVP_PKEY_get_base_id(k) == EVP_PKEY_DH)
				snprintf(kex13, 16, "%s", "DHE");
			EVP_PKEY_free(k);
		}
	}
	if (inspect != NULL)
		inspect(ssl, ud);
	SSL_set_quiet_shutdown(ssl, 1);
out:
	SSL_free(ssl);
	if (fd >= 0)
		close(fd);
	ERR_clear_error();
	if (st != HS_ERR)
		count(s, st == HS_TIMEOUT);
	return st;
}

static const char *kx_name(int nid)
{
	switch (nid) {
	case NID_kx_rsa: return "RSA";
	case NID_kx_ecdhe: return "ECDHE";
	case NID_kx_dhe: return "DHE";
	case NID_kx_psk: return "PSK";
	case NID_kx_ecdhe_psk: return "ECDHEPSK";
	case NID_kx_dhe_psk: return "DHEPSK";
	case NID_kx_rsa_psk: return "RSAPSK";
	case NID_kx_srp: return "SRP";
	case NID_kx_gost: return "GOST";
	case NID_kx_any: return "any";
	default: return "unknown";
	}
}

/* Describes c (may be NULL for an id OpenSSL lacks) as found in proto. */
static void describe(const SSL_CIPHER *c, uint16_t id, int proto,
		     const char *kex13, struct eg_tls_cipher *out)
{
	memset(out, 0, sizeof(*out));
	out->proto = proto;
	out->id = id;
	const struct eg_tls_legacy *l = c == NULL ? eg_tls_legacy_find(id) : NULL;
	if (l != NULL) {
		snprintf(out->name, sizeof(out->name), "%s", l->name);
		snprintf(out->iana, sizeof(out->iana), "%s", l->iana);
		snprintf(out->kex, sizeof(out->kex), "%s", l->kex);
		out->bits = l->bits;
		out->flags = l->flags;
		return;
	}
	if (c == NULL) {
		snprintf(out->name, sizeof(out->name), "0x%04X", id);
		snprintf(out->iana, sizeof(out->iana), "0x%04X", id);
		snprintf(out->kex, sizeof(out->kex), "unknown");
		out->flags = EG_TLS_C_UNKNOWN;
		return;
	}
	out->id = (uint16_t)SSL_CIPHER_get_protocol_id(c);
	snprintf(out->name, sizeof(out->name), "%s", SSL_CIPHER_get_name(c));
	const char *std = SSL_CIPHER_standard_name(c);
	snprintf(out->iana, sizeof(out->iana), "%s", std ? std : "");
	int kx = SSL_CIPHER_get_kx_nid(c);
	snprintf(out->kex, sizeof(out->kex), "%s",
		 proto == EG_TLS_13 && kex13 != NULL ? kex13 : kx_name(kx));
	int alg = 0;
	out->bits = SSL_CIPHER_get_bits(c, &alg);
	unsigned f = 0;
	int enc = SSL_CIPHER_get_cipher_nid(c);
	int md = SSL_CIPHER_get_digest_nid(c);
	if (SSL_CIPHER_is_aead(c))
		f |= EG_TLS_C_AEAD;
	if (proto == EG_TLS_13 || kx == NID_kx_ecdhe || kx == NID_kx_dhe ||
	    kx == NID_kx_ecdhe_psk || kx == NID_kx_dhe_psk)
		f |= EG_TLS_C_PFS;
	if (kx == NID_kx_ecdhe || kx == NID_kx_ecdhe_psk ||
	    (proto == EG_TLS_13 && strcmp(out->kex, "ECDHE") == 0))
		f |= EG_TLS_C_ECDHE;
	if (enc == NID_undef)
		f |= EG_TLS_C_NULL;
	else if (out->bits < 56)
		f |= EG_TLS_C_EXPORT;
	if (SSL_CIPHER_get_auth_nid(c) == NID_auth_null)
		f |= EG_TLS_C_ANON;
	if (enc == NID_rc4 || enc == NID_rc4_40)
		f |= EG_TLS_C_RC4;
	else if (enc == NID_des_ede3_cbc)
		f |= EG_TLS_C_3DES;
	else if (enc == NID_des_cbc || enc == NID_idea_cbc ||
		 enc == NID_rc2_cbc || enc == NID_rc2_40_cbc)
		f |= EG_TLS_C_DES;
	if (!(f & (EG_TLS_C_AEAD | EG_TLS_C_NULL | EG_TLS_C_RC4)))
		f |= EG_TLS_C_CBC;
	if (md == NID_sha1 || md == NID_md5)
		f |= EG_TLS_C_SHA1;
	out->flags = f;
}

static int push_found(struct job *j, const struct eg_tls_cipher *c,
		      size_t cap)
{
	if (j->nfound >= cap)
		return -1;
	if (j->found == NULL) {
		j->found = calloc(cap, sizeof(*j->found));
		if (j->found == NULL) {
			j->nomem = 1;
			return -1;
		}
	}
	j->found[j->nfound++] = *c;
	return 0;
}

/* One part of a TLS 1.0-1.2 list: offer, remove the pick, repeat. */
static void run_list(struct scan *s, struct job *j)
{
	size_t left = j->noffer;
	struct eg_buf b;
	eg_buf_init(&b, 64u * 1024u);
	while (left > 0) {
		eg_buf_reset(&b);
		for (size_t i = 0; i < left; i++)
			eg_buf_addf(&b, "%s:", SSL_CIPHER_get_name(j->offer[i]));
		eg_buf_adds(&b, "@SECLEVEL=0");
		if (b.err != 0) {
			j->nomem = 1;
			break;
		}
		const SSL_CIPHER *c = NULL;
		struct hs_req q = {.ctx = s->ctx[j->proto],
				   .list12 = eg_buf_str(&b)};
		int st = handshake(s, &q, &c, NULL, NULL, NULL);
		if (st == HS_TIMEOUT)
			j->timed_out = 1;
		if (st != HS_OK)
			break;
		size_t k = 0;
		while (k < left && j->offer[k] != c)
			k++;
		if (k == left) { /* a suite we did not offer */
			j->violation = 1;
			break;
		}
		struct eg_tls_cipher d;
		describe(c, 0, j->proto, NULL, &d);
		if (push_found(j, &d, j->noffer) < 0)
			break;
		j->offer[k] = j->offer[--left];
	}
	eg_buf_free(&b);
}

static void run_tls13(struct scan *s, struct job *j)
{
	const SSL_CIPHER *c = NULL;
	char kex[16];
	struct hs_req q = {.ctx = s->ctx[EG_TLS_13], .suite13 = j->suite13};
	int st = handshake(s, &q, &c, kex, NULL, NULL);
	if (st == HS_TIMEOUT)
		j->timed_out = 1;
	if (st != HS_OK)
		return;
	if (c == NULL || strcmp(SSL_CIPHER_get_name(c), j->suite13) != 0) {
		j->violation = 1;
		return;
	}
	struct eg_tls_cipher d;
	describe(c, 0, EG_TLS_13, kex, &d);
	push_found(j, &d, 1);
}

/* Sends a hand-built ClientHello (version != 0: eg_tls_raw_client_hello_ex
 * of version, suites and flags; version 0: the TLS 1.3 probe of group13)
 * and reads the answer; returns an hs_status, *h the answer on HS_OK. */
static int raw_exchange(struct scan *s, uint16_t version,
			const uint16_t *suites, size_t n, unsigned flags,
			uint16_t group13, struct eg_tls_server_hello *h)
{
	int64_t deadline = now_ms() + s->o->timeout_ms;
	int st, err, fd = tcp_connect(s, deadline, &st, &err);
	struct eg_buf b;
	uint8_t rnd[32];
	uint8_t *in = NULL;
	size_t got = 0;
	eg_buf_init(&b, 8192);
	if (fd < 0)
		goto out;
	st = HS_ERR;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto out;
	if (version == 0 ?
	    eg_tls_raw_client_hello13(&b, group13, rnd, s->sni) != 0 :
	    eg_tls_raw_client_hello_ex(&b, version, suites, n, rnd, flags,
				       (flags & EG_TLS_HELLO_EXTS) ? s->sni :
								     NULL) != 0)
		goto out;
	in = malloc(EG_TLS_HELLO_MAX);
	if (in == NULL)
		goto out;
	size_t sent = 0;
	while (sent < b.len) {
		ssize_t w = send(fd, b.data + sent, b.len - sent,
				 MSG_NOSIGNAL);
		if (w > 0) {
			sent += (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			int r = wait_fd(fd, POLLOUT, deadline);
			if (r > 0)
				continue;
			st = r == 0 ? HS_TIMEOUT : HS_REFUSED;
		} else {
			st = HS_REFUSED;
		}
		goto out;
	}
	for (;;) {
		int r = eg_tls_parse_server_hello(in, got, h);
		if (r == 0) {
			st = HS_OK;
			break;
		}
		if (r < 0 || got >= EG_TLS_HELLO_MAX) {
			st = HS_REFUSED;
			break;
		}
		ssize_t k = recv(fd, in + got, EG_TLS_HELLO_MAX - got, 0);
		if (k > 0) {
			got += (size_t)k;
			continue;
		}
		if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
			r = wait_fd(fd, POLLIN, deadline);
			if (r > 0)
				continue;
			st = r == 0 ? HS_TIMEOUT : HS_REFUSED;
			break;
		}
		st = HS_REFUSED; /* closed or reset */
		break;
	}
out:
	free(in);
	eg_buf_free(&b);
	if (fd >= 0)
		close(fd);
	if (st != HS_ERR && st != HS_NOCONN)
		count(s, st == HS_TIMEOUT);
	return st;
}

static int raw_probe(struct scan *s, uint16_t version, const uint16_t *suites,
		     size_t n, unsigned flags, struct eg_tls_server_hello *h)
{
	return raw_exchange(s, version, suites, n, flags, 0, h);
}

/*
 * The hand-built probe of one version: SSLv3 with every SSLv3-era suite;
 * TLS 1.0-1.2 with the legacy suites OpenSSL 3 cannot offer (RC4, DES,
 * 3DES, export, static DH). Offer, remove the pick, repeat.
 */
static void run_raw(struct scan *s, struct job *j)
{
	uint16_t offer[NV3 + 64];
	size_t left = 0;
	uint16_t version = (uint16_t)proto_versions[j->proto];
	if (j->proto == EG_TLS_SSL3) {
		memcpy(offer, v3_suites, sizeof(v3_suites));
		left = NV3;
	} else {
		for (size_t i = 0; i < eg_tls_legacy_count() && left < 64; i++)
			offer[left++] = eg_tls_legacy_at(i)->id;
	}
	size_t cap = left;
	while (left > 0) {
		struct eg_tls_server_hello h;
		int st = raw_probe(s, version, offer, left, 0, &h);
		if (st == HS_TIMEOUT)
			j->timed_out = 1;
		if (st != HS_OK || h.kind != EG_TLS_ANS_HELLO ||
		    h.version != version)
			break;
		size_t k = 0;
		while (k < left && offer[k] != h.suite)
			k++;
		if (k == left) {
			j->violation = 1;
			break;
		}
		uint8_t idb[2] = {(uint8_t)(h.suite >> 8), (uint8_t)h.suite};
		const SSL_CIPHER *c = SSL_CIPHER_find(s->lookup, idb);
		struct eg_tls_cipher d;
		describe(c, h.suite, j->proto, NULL, &d);
		if (push_found(j, &d, cap) < 0)
			break;
		offer[k] = offer[--left];
	}
}

/* Keeps the chain; analysing it (trust store loading) runs in phase 1. */
static void inspect_cert(SSL *ssl, void *ud)
{
	struct job *j = ud;
	STACK_OF(X509) *c = SSL_get_peer_cert_chain(ssl);
	const unsigned char *resp = NULL;
	long rl = SSL_get_tlsext_status_ocsp_resp(ssl, &resp);
	j->got_tls = 1;
	if (rl > 0 && resp != NULL) {
		j->ocsp_stapled = 1;
		/* Over the bound: stapled, but "invalid" (nothing kept). */
		if ((unsigned long)rl <= EG_TLS_OCSP_MAX &&
		    (j->ocsp = malloc((size_t)rl)) != NULL) {
			memcpy(j->ocsp, resp, (size_t)rl);
			j->ocsp_len = (size_t)rl;
		}
	}
	if (c != NULL && sk_X509_num(c) > 0) {
		j->chain = X509_chain_up_ref(c);
		if (j->chain == NULL)
			j->nomem = 1;
	}
}

static void run_cert(struct scan *s, struct job *j)
{
	const SSL_CIPHER *c = NULL;
	struct hs_req q = {.ctx = s->any, .ocsp = 1};
	int st = handshake(s, &q, &c, NULL, inspect_cert, j);
	if (st == HS_TIMEOUT)
		j->timed_out = 1;
}

static void run_analyse(struct scan *s, struct job *j)
{
	j->cert_rc = eg_tls_cert_analyse(j->chain, s->name, &j->cert);
	if (j->cert_rc == 0 && j->ocsp_stapled)
		eg_tls_cert_ocsp(&j->cert, sk_X509_value(j->chain, 0), j->ocsp,
				 j->ocsp_len);
}

/* The group a handshake negotiated, its size and the version. */
static void inspect_group(SSL *ssl, void *ud)
{
	struct job *j = ud;
	struct eg_tls_group *g = &j->found_group;
	EVP_PKEY *k = NULL;
	memset(g, 0, sizeof(*g));
	g->proto = proto_of_version(SSL_version(ssl));
	if (SSL_get_peer_tmp_key(ssl, &k) == 1) {
		g->bits = EVP_PKEY_get_bits(k);
		if (j->kind == J_DHE) {
			/* OpenSSL names a prime it knows (ffdhe2048...). */
			char gn[24];
			size_t gl = 0;
			if (EVP_PKEY_get_utf8_string_param(
				    k, OSSL_PKEY_PARAM_GROUP_NAME, gn,
				    sizeof(gn), &gl) == 1 && gl > 0)
				snprintf(g->name, sizeof(g->name), "%s", gn);
			else
				snprintf(g->name, sizeof(g->name), "%s", "DH");
			g->legacy = g->bits < 2048;
			g->finite_field = 1;
		}
		EVP_PKEY_free(k);
	}
	if (j->kind == J_GROUP) {
		snprintf(g->name, sizeof(g->name), "%s", j->group->name);
		g->legacy = j->group->legacy;
		g->finite_field = strncmp(j->group->name, "ffdhe", 5) == 0;
	} else if (j->kind == J_GORDER) {
		int nid = SSL_get_negotiated_group(ssl);
		const char *n = SSL_group_to_name(ssl, nid);
		snprintf(g->name, sizeof(g->name), "%s", n != NULL ? n : "");
	}
	j->got = g->proto >= 0 && g->name[0] != '\0';
	ERR_clear_error();
}

/* One TLS 1.3 group, by a hello with no key share: a HelloRetryRequest (or
 * a ServerHello) naming the group accepts it. */
static void run_group13(struct scan *s, struct job *j)
{
	struct eg_tls_server_hello h;
	int st = raw_exchange(s, 0, NULL, 0, 0, j->group->id, &h);
	if (st == HS_TIMEOUT)
		j->timed_out = 1;
	if (st != HS_OK || h.kind != EG_TLS_ANS_HELLO ||
	    h.sv_version != 0x0304 || h.ks_group != j->group->id)
		return;
	struct eg_tls_group *g = &j->found_group;
	memset(g, 0, sizeof(*g));
	g->proto = EG_TLS_13;
	snprintf(g->name, sizeof(g->name), "%s", j->group->name);
	g->bits = j->group->bits;
	g->legacy = j->group->legacy;
	g->finite_field = strncmp(j->group->name, "ffdhe", 5) == 0;
	j->got = 1;
}

/* One group (J_GROUP) under TLS 1.3 or TLS <= 1.2 ECDHE; the server's DHE
 * prime (J_DHE); or a list of groups in an order (J_GORDER). */
static void run_group(struct scan *s, struct job *j)
{
	struct hs_req q = {.ctx = s->upto12, .list12 = "ECDHE:@SECLEVEL=0"};
	const SSL_CIPHER *c = NULL;
	if (j->kind == J_GROUP && j->proto == EG_TLS_13) {
		run_group13(s, j);
		return;
	}
	if (j->kind == J_GROUP)
		q.groups = j->group->name;
	else if (j->kind == J_GORDER)
		q.groups = j->groups;
	else
		q.list12 = "kDHE:@SECLEVEL=0";
	if (j->proto == EG_TLS_13) {
		q.ctx = s->ctx[EG_TLS_13];
		q.list12 = NULL;
	}
	if (handshake(s, &q, &c, NULL, inspect_group, j) == HS_TIMEOUT)
		j->timed_out = 1;
}

/*
 * RFC 5746 support, then one client-initiated renegotiation on the same
 * connection within a fresh deadline: completed (1), refused (0: an alert
 * or a close), or not told (-1: no answer in time).
 */
static void inspect_reneg(SSL *ssl, void *ud)
{
	struct job *j = ud;
	j->secure_reneg = SSL_get_secure_renegotiation_support(ssl) ? 1 : 0;
	j->client_reneg = -1;
	if (SSL_version(ssl) > TLS1_2_VERSION || SSL_renegotiate(ssl) != 1)
		return;
	int64_t deadline = now_ms() + j->s->o->timeout_ms;
	int fd = SSL_get_fd(ssl);
	for (;;) {
		int r = SSL_do_handshake(ssl);
		if (r == 1) {
			j->client_reneg = SSL_renegotiate_pending(ssl) ? -1 : 1;
			break;
		}
		int w = SSL_get_error(ssl, r);
		if (w != SSL_ERROR_WANT_READ && w != SSL_ERROR_WANT_WRITE) {
			j->client_reneg = 0;
			break;
		}
		r = wait_fd(fd, w == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
			    deadline);
		if (r <= 0) {
			j->client_reneg = r == 0 ? -1 : 0;
			break;
		}
	}
	ERR_clear_error();
}

static void run_reneg(struct scan *s, struct job *j)
{
	struct hs_req q = {.ctx = s->upto12};
	const SSL_CIPHER *c = NULL;
	j->secure_reneg = j->client_reneg = -1;
	if (handshake(s, &q, &c, NULL, inspect_reneg, j) == HS_TIMEOUT)
		j->timed_out = 1;
}

/* A TLS 1.2 hello offering DEFLATE before null compression. */
static void run_comp(struct scan *s, struct job *j)
{
	struct eg_tls_server_hello h;
	j->compression = -1;
	int st = raw_probe(s, 0x0303, comp_suites, NCOMP,
			   EG_TLS_HELLO_DEFLATE | EG_TLS_HELLO_EXTS, &h);
	if (st == HS_TIMEOUT)
		j->timed_out = 1;
	if (st != HS_OK)
		return;
	if (h.kind == EG_TLS_ANS_HELLO)
		j->compression = h.compression == 1;
	else
		j->compression = 0; /* refused the hello: no TLS <= 1.2 */
}

static void run_order(struct scan *s, struct job *j)
{
	struct eg_buf b;
	eg_buf_init(&b, 1024);
	const SSL_CIPHER *c = NULL;
	if (j->proto == EG_TLS_13) {
		eg_buf_addf(&b, "%s:%s", SSL_CIPHER_get_name(j->offer[0]),
			    SSL_CIPHER_get_name(j->offer[1]));
		struct hs_req q = {.ctx = s->ctx[EG_TLS_13],
				   .suite13 = eg_buf_str(&b)};
		if (b.err == 0 &&
		    handshake(s, &q, &c, NULL, NULL, NULL) == HS_OK)
			j->picked = c;
	} else {
		eg_buf_addf(&b, "%s:%s:@SECLEVEL=0",
			    SSL_CIPHER_get_name(j->offer[0]),
			    SSL_CIPHER_get_name(j->offer[1]));
		struct hs_req q = {.ctx = s->ctx[j->proto],
				   .list12 = eg_buf_str(&b)};
		if (b.err == 0 &&
		    handshake(s, &q, &c, NULL, NULL, NULL) == HS_OK)
			j->picked = c;
	}
	eg_buf_free(&b);
}

static void run_job(struct scan *s, struct job *j)
{
	switch (j->kind) {
	case J_LIST: run_list(s, j); break;
	case J_TLS13: run_tls13(s, j); break;
	case J_RAW: run_raw(s, j); break;
	case J_CERT: run_cert(s, j); break;
	case J_ANALYSE: run_analyse(s, j); break;
	case J_ORDER: run_order(s, j); break;
	case J_GROUP: case J_DHE: case J_GORDER: run_group(s, j); break;
	case J_RENEG: run_reneg(s, j); break;
	case J_COMP: run_comp(s, j); break;
	}
}

struct pool {
	struct scan *s;
	struct job *jobs;
	size_t njobs, next;
	pthread_mutex_t mu;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->njobs)
			return NULL;
		run_job(p->s, &p->jobs[i]);
	}
}

/* Runs jobs on up to s->o->threads threads, the caller's included. */
static void run_all(struct scan *s, struct job *jobs, size_t n)
{
	struct pool p = {.s = s, .jobs = jobs, .njobs = n};
	pthread_t th[EG_TLS_THREADS];
	size_t nth = 0;
	pthread_mutex_init(&p.mu, NULL);
	size_t want = s->o->threads < n ? s->o->threads : n;
	if (want > EG_TLS_THREADS)
		want = EG_TLS_THREADS;
	while (nth + 1 < want &&
	       pthread_create(&th[nth], NULL, worker, &p) == 0)
		nth++;
	worker(&p);
	for (size_t i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&p.mu);
}

static SSL_CTX *new_ctx(int minv, int maxv)
{
	SSL_CTX *c = SSL_CTX_new(TLS_client_method());
	if (c == NULL)
		return NULL;
	if (SSL_CTX_set_min_proto_version(c, minv) != 1 ||
	    SSL_CTX_set_max_proto_version(c, maxv) != 1 ||
	    SSL_CTX_set_cipher_list(c, "ALL:COMPLEMENTOFALL:@SECLEVEL=0") != 1) {
		SSL_CTX_free(c);
		return NULL;
	}
	/* Legacy servers: no renegotiation-indication demand, accept what
	 * they send; we only look. */
	SSL_CTX_set_options(c, SSL_OP_LEGACY_SERVER_CONNECT |
			       SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION);
	SSL_CTX_set_max_cert_list(c, EG_TLS_CERT_LIST_MAX);
	SSL_CTX_set_verify(c, SSL_VERIFY_NONE, NULL);
	return c;
}

static int is_addr(const char *h)
{
	unsigned char b[16];
	return inet_pton(AF_INET, h, b) == 1 || inet_pton(AF_INET6, h, b) == 1;
}

static int resolve(struct scan *s, struct eg_err *e)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int r = getaddrinfo(s->o->host, s->o->port, &hints, &res);
	if (r != 0 || res == NULL)
		return eg_err_set(e, EG_E_NOTFOUND,
				  _("cannot resolve \"%.*s\": %s; give a host name or an IP address"),
				  EG_QUOTE_MAX, s->o->host, gai_strerror(r));
	s->ai = res;
	return 0;
}

/* The usable TLS <= 1.2 suites of proto, in OpenSSL's order. */
static int base_list(SSL_CTX *ctx, const SSL_CIPHER ***out, size_t *n)
{
	SSL *ssl = SSL_new(ctx);
	STACK_OF(SSL_CIPHER) *sk = ssl ? SSL_get1_supported_ciphers(ssl) : NULL;
	int rc = EG_E_NOMEM;
	*out = NULL;
	*n = 0;
	if (sk == NULL)
		goto out;
	*out = calloc((size_t)sk_SSL_CIPHER_num(sk) + 1, sizeof(**out));
	if (*out == NULL)
		goto out;
	for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
		if ((SSL_CIPHER_get_protocol_id(c) >> 8) == 0x13)
			continue;
		(*out)[(*n)++] = c;
	}
	rc = 0;
out:
	sk_SSL_CIPHER_free(sk);
	SSL_free(ssl);
	return rc;
}

static void free_jobs(struct job *jobs, size_t n)
{
	for (size_t i = 0; jobs != NULL && i < n; i++) {
		free(jobs[i].ocsp);
		free(jobs[i].offer);
		free(jobs[i].found);
		sk_X509_pop_free(jobs[i].chain, X509_free);
		eg_tls_cert_clear(&jobs[i].cert);
	}
	free(jobs);
}

/* Adds c unless the same suite of the same version is there (a suite an
 * OpenSSL build knows may be found by both kinds of probe). */
static int add_cipher(struct eg_tls_result *r, const struct eg_tls_cipher *c)
{
	for (size_t i = 0; i < r->nciphers; i++)
		if (r->ciphers[i].proto == c->proto && r->ciphers[i].id == c->id)
			return 0;
	struct eg_tls_cipher *n = realloc(r->ciphers,
					  (r->nciphers + 1) * sizeof(*n));
	if (n == NULL)
		return EG_E_NOMEM;
	r->ciphers = n;
	r->ciphers[r->nciphers++] = *c;
	return 0;
}

/* Folds a job's results into r: ciphers, and state of its protocol. */
static int collect(struct eg_tls_result *r, struct job *j, int *timeouts,
		   int *violations)
{
	for (size_t i = 0; i < j->nfound; i++)
		if (add_cipher(r, &j->found[i]) != 0)
			return EG_E_NOMEM;
	if (j->nomem)
		return EG_E_NOMEM;
	if (j->nfound > 0)
		r->proto[j->proto] = EG_TLS_YES;
	if (j->timed_out)
		timeouts[j->proto] = 1;
	if (j->violation)
		violations[j->proto] = 1;
	return 0;
}

/* Protocol, then code point: parts are enumerated at once, so the order of
 * discovery means nothing; this one is stable. */
static int cipher_cmp(const void *a, const void *b)
{
	const struct eg_tls_cipher *x = a, *y = b;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Folds the renegotiation, compression and group jobs into r. */
static int collect_extra(struct eg_tls_result *r, const struct job *j,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (j[i].kind == J_RENEG) {
			r->secure_reneg = j[i].secure_reneg;
			r->client_reneg = j[i].client_reneg;
		} else if (j[i].kind == J_COMP) {
			r->compression = j[i].compression;
		} else if (j[i].got) {
			struct eg_tls_group *g = realloc(
				r->groups, (r->ngroups + 1) * sizeof(*g));
			if (g == NULL)
				return EG_E_NOMEM;
			r->groups = g;
			r->groups[r->ngroups++] = j[i].found_group;
		}
	}
	return 0;
}

/*
 * The server's preferred group: the accepted groups of TLS <= 1.2 ECDHE
 * (else of TLS 1.3) offered in two opposite orders; the same pick both
 * times is the server's choice. In TLS 1.3 the client sends a key share
 * for its first group only, and a server that accepts it rarely asks for
 * another, so there it mostly follows the client. One group: that one.
 */
static void preferred_group(struct scan *s, struct eg_tls_result *r)
{
	for (int pass = 0; pass < 2 && r->preferred_group[0] == '\0'; pass++) {
		const char *names[NGROUPS];
		size_t k = 0;
		int proto = pass == 0 ? EG_TLS_12 : EG_TLS_13;
		for (size_t i = 0; i < r->ngroups && k < NGROUPS; i++) {
			int p = r->groups[i].proto;
			/* The curves, not DH primes: an ffdhe8192 share
			 * costs far more than the answer is worth. */
			if ((pass == 0 ? p != EG_TLS_13 : p == EG_TLS_13) &&
			    !r->groups[i].finite_field)
				names[k++] = r->groups[i].name;
		}
		if (k == 1) {
			snprintf(r->preferred_group, sizeof(r->preferred_group),
				 "%s", names[0]);
			return;
		}
		if (k < 2)
			continue;
		struct job oj[2];
		memset(oj, 0, sizeof(oj));
		for (int d = 0; d < 2; d++) {
			struct eg_buf b;
			eg_buf_init(&b, sizeof(oj[d].groups) - 1);
			for (size_t i = 0; i < k; i++)
				eg_buf_addf(&b, "%s%s", i ? ":" : "",
					    names[d == 0 ? i : k - 1 - i]);
			if (b.err == 0)
				snprintf(oj[d].groups, sizeof(oj[d].groups),
					 "%s", eg_buf_str(&b));
			eg_buf_free(&b);
			oj[d].kind = J_GORDER;
			oj[d].proto = proto;
			oj[d].s = s;
		}
		if (oj[0].groups[0] == '\0' || oj[1].groups[0] == '\0')
			return;
		run_all(s, oj, 2);
		if (oj[0].got && oj[1].got &&
		    strcmp(oj[0].found_group.name, oj[1].found_group.name) == 0)
			snprintf(r->preferred_group, sizeof(r->preferred_group),
				 "%s", oj[0].found_group.name);
		return; /* told, or it follows the client */
	}
}

int eg_tls_split_target(const char *t, struct eg_buf *host,
			struct eg_buf *port)
{
	const char *colon = strrchr(t, ':');
	if (t[0] == '[') {
		const char *end = strchr(t, ']');
		if (end == NULL || end == t + 1)
			return -1;
		eg_buf_add(host, t + 1, (size_t)(end - t - 1));
		if (end[1] == '\0')
			eg_buf_adds(port, "443");
		else if (end[1] == ':' && end[2] != '\0')
			eg_buf_adds(port, end + 2);
		else
			return -1;
	} else if (colon != NULL && strchr(t, ':') == colon) {
		if (colon == t || colon[1] == '\0')
			return -1;
		eg_buf_add(host, t, (size_t)(colon - t));
		eg_buf_adds(port, colon + 1);
	} else {
		eg_buf_adds(host, t); /* a name, IPv4, or a bare IPv6 */
		eg_buf_adds(port, "443");
	}
	uint64_t p;
	if (host->err || port->err || host->len == 0 ||
	    eg_parse_u64(eg_buf_str(port), 1, 65535, &p) != 0)
		return -1;
	return 0;
}

int eg_tls_scan(const struct eg_tls_opts *o, struct eg_tls_result **out,
		struct eg_err *e)
{
	struct scan s;
	struct eg_tls_result *r = NULL;
	struct job *jobs = NULL;
	size_t njobs = 0;
	const SSL_CIPHER **lists[EG_TLS_NPROTO] = {0};
	size_t nlist[EG_TLS_NPROTO] = {0};
	int timeouts[EG_TLS_NPROTO] = {0}, violations[EG_TLS_NPROTO] = {0};
	int rc = EG_E_NOMEM;
	*out = NULL;
	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.mu, NULL);
	s.o = o;
	if (o->sni != NULL)
		s.sni = o->sni;
	else if (!is_addr(o->host))
		s.sni = o->host;
	s.name = s.sni != NULL ? s.sni : o->host;
	rc = resolve(&s, e);
	if (rc != 0)
		goto out;
	rc = EG_E_INTERNAL;
	for (int p = EG_TLS_10; p <= EG_TLS_13; p++) {
		s.ctx[p] = new_ctx(proto_versions[p], proto_versions[p]);
		if (s.ctx[p] == NULL) {
			eg_err_set(e, rc, _("OpenSSL cannot set up %s"),
				   proto_names[p]);
			goto out;
		}
	}
	/* The certificate handshake must not settle on an anonymous suite. */
	s.any = new_ctx(TLS1_VERSION, TLS1_3_VERSION);
	s.lookup = s.any ? SSL_new(s.any) : NULL;
	s.upto12 = new_ctx(TLS1_VERSION, TLS1_2_VERSION);
	if (s.lookup == NULL || s.upto12 == NULL ||
	    SSL_CTX_set_cipher_list(s.any, "ALL:!aNULL:@SECLEVEL=0") != 1) {
		eg_err_set(e, rc, "%s", _("OpenSSL cannot set up a client"));
		goto out;
	}
	rc = EG_E_NOMEM;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		goto out;
	r->server_order = -1;
	r->compression = r->secure_reneg = r->client_reneg = -1;
	{
		struct eg_buf t;
		eg_buf_init(&t, EG_URL_MAX);
		eg_buf_addf(&t, strchr(o->host, ':') ? "[%s]:%s" : "%s:%s",
			    o->host, o->port);
		r->target = eg_buf_steal(&t, NULL);
		if (r->target == NULL)
			goto out;
	}
	/* Can we connect at all? The first address that accepts is the one
	 * every probe uses (localhost may be ::1 and 127.0.0.1). */
	{
		int st, err = 0, fd = -1;
		for (struct addrinfo *a = s.ai; a != NULL && fd < 0;
		     a = a->ai_next) {
			if (a->ai_addrlen > sizeof(s.addr))
				continue;
			memcpy(&s.addr, a->ai_addr, a->ai_addrlen);
			s.alen = a->ai_addrlen;
			fd = tcp_connect(&s, now_ms() + o->timeout_ms, &st,
					 &err);
		}
		if (fd < 0) {
			rc = eg_err_set(e, EG_E_IO,
					_("cannot connect to %s: %s; check the host and port, and that a firewall lets you through"),
					r->target, strerror(err));
			goto out;
		}
		close(fd);
	}
	/* Phase 0: certificate and SSLv3. */
	struct job p0[2];
	memset(p0, 0, sizeof(p0));
	p0[0].kind = J_CERT;
	p0[1].kind = J_RAW;
	p0[1].proto = EG_TLS_SSL3;
	run_all(&s, p0, 2);
	rc = collect(r, &p0[1], timeouts, violations);
	free(p0[1].found);
	if (rc == 0 && p0[0].nomem)
		rc = EG_E_NOMEM;
	if (rc != 0) {
		sk_X509_pop_free(p0[0].chain, X509_free);
		free(p0[0].ocsp);
		goto out;
	}
	if (r->proto[EG_TLS_SSL3] != EG_TLS_YES && !p0[0].got_tls) {
		rc = eg_err_set(e, EG_E_IO,
				p0[0].timed_out ?
				_("%s accepts connections but did not complete a TLS handshake within %u ms; it may not speak TLS, or raise --timeout") :
				_("%s accepts connections but refused every TLS handshake; it may not speak TLS on this port"),
				r->target, o->timeout_ms);
		sk_X509_pop_free(p0[0].chain, X509_free);
		free(p0[0].ocsp);
		goto out;
	}
	/* Phase 1: every version's suites. */
	for (int p = EG_TLS_10; p <= EG_TLS_12; p++) {
		if (base_list(s.ctx[p], &lists[p], &nlist[p]) != 0) {
			sk_X509_pop_free(p0[0].chain, X509_free);
			free(p0[0].ocsp);
			goto out;
		}
	}
	jobs = calloc(1 + 3 * LIST_PARTS + N13 + 3 + 2 * NGROUPS + 3,
		      sizeof(*jobs));
	if (jobs == NULL) {
		sk_X509_pop_free(p0[0].chain, X509_free);
		free(p0[0].ocsp);
		goto out;
	}
	/* First, so the slowest job (loading the trust store) overlaps the
	 * handshakes. */
	jobs[njobs].kind = J_ANALYSE;
	jobs[njobs].chain = p0[0].chain;
	jobs[njobs].ocsp = p0[0].ocsp;
	jobs[njobs].ocsp_len = p0[0].ocsp_len;
	jobs[njobs].ocsp_stapled = p0[0].ocsp_stapled;
	njobs++;
	/* Then the single handshakes that do not depend on the suites. */
	size_t first_extra = njobs;
	jobs[njobs++].kind = J_RENEG;
	jobs[njobs++].kind = J_COMP;
	for (size_t i = 0; i < NGROUPS; i++) {
		if (group_defs[i].tls13) {
			jobs[njobs].kind = J_GROUP;
			jobs[njobs].proto = EG_TLS_13;
			jobs[njobs++].group = &group_defs[i];
		}
	}
	for (size_t i = 0; i < NGROUPS; i++) {
		if (group_defs[i].tls12) {
			jobs[njobs].kind = J_GROUP;
			jobs[njobs].proto = EG_TLS_12;
			jobs[njobs++].group = &group_defs[i];
		}
	}
	jobs[njobs].kind = J_DHE;
	jobs[njobs++].proto = EG_TLS_12;
	size_t end_extra = njobs;
	for (size_t i = 0; i < njobs; i++)
		jobs[i].s = &s;
	for (int p = EG_TLS_12; p >= EG_TLS_10; p--) {
		for (size_t part = 0; part < LIST_PARTS; part++) {
			struct job *j = &jobs[njobs];
			j->offer = calloc(nlist[p] / LIST_PARTS + 1,
					  sizeof(*j->offer));
			if (j->offer == NULL)
				goto out;
			for (size_t i = part; i < nlist[p]; i += LIST_PARTS)
				j->offer[j->noffer++] = lists[p][i];
			j->kind = J_LIST;
			j->proto = p;
			if (j->noffer > 0)
				njobs++;
			else
				free(j->offer), j->offer = NULL;
		}
	}
	for (int p = EG_TLS_12; p >= EG_TLS_10; p--) {
		jobs[njobs].kind = J_RAW;
		jobs[njobs].proto = p;
		njobs++;
	}
	for (size_t i = 0; i < N13; i++) {
		jobs[njobs].kind = J_TLS13;
		jobs[njobs].proto = EG_TLS_13;
		jobs[njobs].suite13 = tls13_suites[i];
		njobs++;
	}
	run_all(&s, jobs, njobs);
	for (size_t i = 0; i < njobs; i++) {
		if (i >= first_extra && i < end_extra)
			continue;
		if ((rc = collect(r, &jobs[i], timeouts, violations)) != 0)
			goto out;
	}
	rc = collect_extra(r, jobs + first_extra, end_extra - first_extra);
	if (rc != 0)
		goto out;
	if (jobs[0].cert_rc == 0) {
		r->cert = jobs[0].cert;
		memset(&jobs[0].cert, 0, sizeof(jobs[0].cert));
		r->have_cert = 1;
	}
	qsort(r->ciphers, r->nciphers, sizeof(*r->ciphers), cipher_cmp);
	for (int p = 0; p < EG_TLS_NPROTO; p++)
		if (r->proto[p] != EG_TLS_YES)
			r->proto[p] = timeouts[p] ? EG_TLS_UNTESTED : EG_TLS_NO;
	/* Server order: two accepted suites of the newest version with two,
	 * offered in both orders. */
	rc = EG_E_NOMEM;
	for (int p = EG_TLS_13; p >= EG_TLS_10 && r->server_order < 0; p--) {
		const SSL_CIPHER *two[2];
		size_t k = 0;
		for (size_t i = 0; i < r->nciphers && k < 2; i++) {
			if (r->ciphers[i].proto != p)
				continue;
			uint8_t idb[2] = {(uint8_t)(r->ciphers[i].id >> 8),
					  (uint8_t)r->ciphers[i].id};
			two[k] = SSL_CIPHER_find(s.lookup, idb);
			if (two[k] != NULL)
				k++;
		}
		if (k < 2)
			continue;
		struct job oj[2];
		const SSL_CIPHER *ab[2] = {two[0], two[1]};
		const SSL_CIPHER *ba[2] = {two[1], two[0]};
		memset(oj, 0, sizeof(oj));
		oj[0].kind = oj[1].kind = J_ORDER;
		oj[0].proto = oj[1].proto = p;
		oj[0].offer = ab;
		oj[1].offer = ba;
		run_all(&s, oj, 2);
		if (oj[0].picked != NULL && oj[1].picked != NULL)
			r->server_order = oj[0].picked == oj[1].picked;
	}
	preferred_group(&s, r);
	r->handshakes = s.handshakes;
	r->timeouts = s.timeouts;
	{
		struct eg_buf n;
		eg_buf_init(&n, 4096);
		for (int p = 0; p < EG_TLS_NPROTO; p++)
			if (violations[p])
				eg_buf_addf(&n, _("%s: the server chose a suite the client did not offer. "),
					    proto_names[p]);
		if (n.len > 0) {
			eg_buf_truncate(&n, n.len - 1);
			r->notes = eg_buf_steal(&n, NULL);
		}
		eg_buf_free(&n);
	}
	rc = eg_tls_policy(r);
	if (rc != 0)
		goto out;
	*out = r;
	r = NULL;
out:
	if (rc == EG_E_NOMEM)
		eg_err_set(e, rc, "%s", eg_strerror(rc));
	free_jobs(jobs, njobs);
	for (int p = 0; p < EG_TLS_NPROTO; p++) {
		free(lists[p]);
		SSL_CTX_free(s.ctx[p]);
	}
	SSL_free(s.lookup);
	SSL_CTX_free(s.any);
	SSL_CTX_free(s.upto12);
	if (s.ai != NULL)
		freeaddrinfo(s.ai);
	pthread_mutex_destroy(&s.mu);
	eg_tls_result_free(r);
	return rc;
}

void eg_tls_result_free(struct eg_tls_result *r)
{
	if (r == NULL)
		return;
	free(r->target);
	free(r->ciphers);
	free(r->groups);
	eg_tls_cert_clear(&r->cert);
	for (size_t i = 0; i < r->nfindings; i++)
		free(r->findings[i].reason);
	free(r->findings);
	free(r->notes);
	free(r);
}
