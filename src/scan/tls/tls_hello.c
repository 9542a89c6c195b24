/*
 * tls_hello.c: the ClientHellos we build ourselves and the strict
 * parser of the first record a server answers with (see tls_hello.h). The
 * parser reads through a bounded cursor: every field is checked against
 * what remains before it is read, and lengths must add up exactly.
 */
#include "tls_hello.h"

#include <string.h>

#include "../../util/err.h"
#include "../../util/limits.h"

/* A cursor over untrusted bytes. */
struct cur {
	const uint8_t *p;
	size_t n;
};

static int get_u8(struct cur *c, uint8_t *v)
{
	if (c->n < 1)
		return -1;
	*v = c->p[0];
	c->p++;
	c->n--;
	return 0;
}

static int get_u16(struct cur *c, uint16_t *v)
{
	if (c->n < 2)
		return -1;
	*v = (uint16_t)((c->p[0] << 8) | c->p[1]);
	c->p += 2;
	c->n -= 2;
	return 0;
}

static int get_u24(struct cur *c, uint32_t *v)
{
	if (c->n < 3)
		return -1;
	*v = ((uint32_t)c->p[0] << 16) | ((uint32_t)c->p[1] << 8) | c->p[2];
	c->p += 3;
	c->n -= 3;
	return 0;
}

static int skip(struct cur *c, size_t k)
{
	if (c->n < k)
		return -1;
	c->p += k;
	c->n -= k;
	return 0;
}

static void put16(struct eg_buf *b, size_t v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	eg_buf_add(b, x, 2);
}

/* Groups and signature schemes a current client offers (RFC 8422, 7748,
 * 8446 code points): what a TLS 1.2 server needs to choose ECDHE and sign
 * with SHA-2 instead of refusing the hello. */
static const uint16_t hello_groups[] = {0x001d, 0x0017, 0x0018, 0x0019,
					0x001e};
static const uint16_t hello_sigalgs[] = {
	0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501,
	0x0601, 0x0201, 0x0203,
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void put_sni(struct eg_buf *e, const char *sni)
{
	size_t l = strlen(sni);
	put16(e, 0x0000);
	put16(e, l + 5);
	put16(e, l + 3);
	eg_buf_addc(e, 0);
	put16(e, l);
	eg_buf_add(e, sni, l);
}

static void put_sigalgs(struct eg_buf *e)
{
	put16(e, 0x000d);
	put16(e, 2 + 2 * NELEM(hello_sigalgs));
	put16(e, 2 * NELEM(hello_sigalgs));
	for (size_t i = 0; i < NELEM(hello_sigalgs); i++)
		put16(e, hello_sigalgs[i]);
}

/* The extensions block (its 2-byte length included) into x. */
static void hello_exts(struct eg_buf *x, const char *sni)
{
	struct eg_buf e;
	eg_buf_init(&e, 2048);
	if (sni != NULL) {
		size_t l = strlen(sni);
		put16(&e, 0x0000);
		put16(&e, l + 5);
		put16(&e, l + 3);
		eg_buf_addc(&e, 0);
		put16(&e, l);
		eg_buf_add(&e, sni, l);
	}
	put16(&e, 0x000a);
	put16(&e, 2 + 2 * NELEM(hello_groups));
	put16(&e, 2 * NELEM(hello_groups));
	for (size_t i = 0; i < NELEM(hello_groups); i++)
		put16(&e, hello_groups[i]);
	eg_buf_add(&e, "\x00\x0b\x00\x02\x01\x00", 6);
	put_sigalgs(&e);
	eg_buf_add(&e, "\xff\x01\x00\x01\x00", 5);
	if (e.err != 0)
		x->err = e.err;
	put16(x, e.len);
	eg_buf_add(x, e.data, e.len);
	eg_buf_free(&e);
}

int eg_tls_raw_client_hello_ex(struct eg_buf *b, uint16_t version,
			       const uint16_t *suites, size_t n,
			       const uint8_t random[32], unsigned flags,
			       const char *sni)
{
	if (n == 0 || n > 1000 || version < 0x0300 || version > 0x0303 ||
	    (sni != NULL && (strlen(sni) == 0 || strlen(sni) > 255)))
		return EG_E_INVAL;
	struct eg_buf x;
	eg_buf_init(&x, 4096);
	if (flags & EG_TLS_HELLO_EXTS)
		hello_exts(&x, sni);
	if (x.err != 0) {
		int xe = x.err;
		eg_buf_free(&x);
		return xe;
	}
	size_t ncomp = (flags & EG_TLS_HELLO_DEFLATE) ? 2 : 1;
	/* hello body: version 2, random 32, session id 1, suites 2+2n,
	 * compression 1+ncomp, extensions */
	size_t body = 2 + 32 + 1 + 2 + 2 * n + 1 + ncomp + x.len;
	size_t rec = 4 + body;
	uint8_t hdr[11] = {
		0x16, 0x03, version == 0x0300 ? 0x00 : 0x01,
		(uint8_t)(rec >> 8), (uint8_t)rec,
		0x01, (uint8_t)(body >> 16), (uint8_t)(body >> 8), (uint8_t)body,
		(uint8_t)(version >> 8), (uint8_t)version,
	};
	eg_buf_add(b, hdr, sizeof(hdr));
	eg_buf_add(b, random, 32);
	eg_buf_addc(b, 0);
	put16(b, 2 * n);
	for (size_t i = 0; i < n; i++)
		put16(b, suites[i]);
	eg_buf_addc(b, (char)ncomp);
	if (flags & EG_TLS_HELLO_DEFLATE)
		eg_buf_addc(b, 1);
	eg_buf_addc(b, 0);
	int rc = eg_buf_add(b, x.data, x.len);
	eg_buf_free(&x);
	return rc;
}

int eg_tls_raw_client_hello13(struct eg_buf *b, uint16_t group,
			      const uint8_t random[32], const char *sni)
{
	static const uint16_t suites13[] = {0x1301, 0x1302, 0x1303, 0x1304,
					    0x1305};
	if (sni != NULL && (strlen(sni) == 0 || strlen(sni) > 255))
		return EG_E_INVAL;
	struct eg_buf e;
	eg_buf_init(&e, 2048);
	if (sni != NULL)
		put_sni(&e, sni);
	eg_buf_add(&e, "\x00\x2b\x00\x03\x02\x03\x04", 7);
	put16(&e, 0x000a);
	put16(&e, 4);
	put16(&e, 2);
	put16(&e, group);
	put_sigalgs(&e);
	eg_buf_add(&e, "\x00\x33\x00\x02\x00\x00", 6); /* no shares */
	if (e.err != 0) {
		int xe = e.err;
		eg_buf_free(&e);
		return xe;
	}
	/* version 2, random 32, session id 1, suites 2+2n, compression 2,
	 * extensions 2+len */
	size_t body = 2 + 32 + 1 + 2 + 2 * NELEM(suites13) + 2 + 2 + e.len;
	size_t rec = 4 + body;
	uint8_t hdr[11] = {
		0x16, 0x03, 0x01, (uint8_t)(rec >> 8), (uint8_t)rec,
		0x01, (uint8_t)(body >> 16), (uint8_t)(body >> 8), (uint8_t)body,
		0x03, 0x03,
	};
	eg_buf_add(b, hdr, sizeof(hdr));
	eg_buf_add(b, random, 32);
	eg_buf_addc(b, 0);
	put16(b, 2 * NELEM(suites13));
	for (size_t i = 0; i < NELEM(suites13); i++)
		put16(b, suites13[i]);
	eg_buf_add(b, "\x01\x00", 2);
	put16(b, e.len);
	int rc = eg_buf_add(b, e.data, e.len);
	eg_buf_free(&e);
	return rc;
}

int eg_tls_raw_client_hello(struct eg_buf *b, uint16_t version,
			    const uint16_t *suites, size_t n,
			    const uint8_t random[32])
{
	return eg_tls_raw_client_hello_ex(b, version, suites, n, random, 0,
					  NULL);
}

int eg_tls_parse_server_hello(const uint8_t *p, size_t n,
			      struct eg_tls_server_hello *out)
{
	struct cur c = {p, n};
	uint8_t type, u8;
	uint16_t rver, rlen;
	memset(out, 0, sizeof(*out));
	if (n >= 1 && (p[0] & 0x80))
		return EG_E_PARSE; /* SSLv2 framing: not an SSLv3+ answer */
	if (get_u8(&c, &type) < 0 || get_u16(&c, &rver) < 0 ||
	    get_u16(&c, &rlen) < 0)
		return 1;
	if ((type != 0x15 && type != 0x16) || (rver >> 8) != 3 ||
	    rlen == 0 || rlen > EG_TLS_HELLO_MAX - 5)
		return EG_E_PARSE;
	if (c.n < rlen)
		return 1;
	c.n = rlen; /* only the first record counts */
	out->rec_version = rver;
	if (type == 0x15) {
		if (rlen != 2 || get_u8(&c, &out->alert_level) < 0 ||
		    get_u8(&c, &out->alert_desc) < 0)
			return EG_E_PARSE;
		out->kind = EG_TLS_ANS_ALERT;
		return 0;
	}
	uint32_t hlen;
	if (get_u8(&c, &u8) < 0 || u8 != 0x02 || get_u24(&c, &hlen) < 0 ||
	    hlen > c.n)
		return EG_E_PARSE;
	c.n = hlen; /* the hello itself; later messages are not read */
	/* RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello with this
	 * random, SHA-256 of "HelloRetryRequest". */
	static const uint8_t hrr_random[32] = {
		0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
		0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
		0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
	};
	uint8_t sid;
	if (get_u16(&c, &out->version) < 0 || c.n < 32)
		return EG_E_PARSE;
	out->hrr = memcmp(c.p, hrr_random, 32) == 0;
	if (skip(&c, 32) < 0 ||
	    get_u8(&c, &sid) < 0 || sid > 32 || skip(&c, sid) < 0 ||
	    get_u16(&c, &out->suite) < 0 ||
	    get_u8(&c, &out->compression) < 0)
		return EG_E_PARSE;
	if (c.n > 0) {
		/* extensions: a 2-byte total that must cover the rest exactly */
		uint16_t elen;
		if (get_u16(&c, &elen) < 0 || elen != c.n)
			return EG_E_PARSE;
		while (c.n > 0) {
			uint16_t et, el;
			if (get_u16(&c, &et) < 0 || get_u16(&c, &el) < 0 ||
			    el > c.n)
				return EG_E_PARSE;
			/* supported_versions: the version; key_share: the
			 * group (first 2 bytes, in an HRR all of it) */
			if (et == 0x002b && el == 2)
				out->sv_version = (uint16_t)(c.p[0] << 8 | c.p[1]);
			else if (et == 0x0033 && el >= 2)
				out->ks_group = (uint16_t)(c.p[0] << 8 | c.p[1]);
			skip(&c, el);
		}
	}
	out->kind = EG_TLS_ANS_HELLO;
	return 0;
}
