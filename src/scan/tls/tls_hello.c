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

int eg_tls_raw_client_hello(struct eg_buf *b, uint16_t version,
			    const uint16_t *suites, size_t n,
			    const uint8_t random[32])
{
	if (n == 0 || n > 1000 || version < 0x0300 || version > 0x0303)
		return EG_E_INVAL;
	/* hello body: version 2, random 32, session id 1, suites 2+2n,
	 * compression 2 */
	size_t body = 2 + 32 + 1 + 2 + 2 * n + 2;
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
	uint8_t l[2] = {(uint8_t)((2 * n) >> 8), (uint8_t)(2 * n)};
	eg_buf_add(b, l, 2);
	for (size_t i = 0; i < n; i++) {
		uint8_t s[2] = {(uint8_t)(suites[i] >> 8), (uint8_t)suites[i]};
		eg_buf_add(b, s, 2);
	}
	return eg_buf_add(b, "\x01\x00", 2);
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
	uint8_t sid;
	if (get_u16(&c, &out->version) < 0 || skip(&c, 32) < 0 ||
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
			    skip(&c, el) < 0)
				return EG_E_PARSE;
		}
	}
	out->kind = EG_TLS_ANS_HELLO;
	return 0;
}
