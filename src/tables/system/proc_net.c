/*
 * proc_net.c: parsing one line of /proc/net/{tcp,tcp6,udp,udp6}.
 */
#include "proc_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/num.h"

/* Columns a line must have: up to and including the inode. */
#define FIELDS 10

/* Splits line into at most FIELDS space- or tab-separated fields. */
static size_t split(const char *line, size_t len, const char **f, size_t *fl)
{
	size_t n = 0, i = 0;
	while (i < len && n < FIELDS) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		f[n] = line + start;
		fl[n] = i - start;
		n++;
	}
	return n;
}

/*
 * "HEX:PORT" with 8 (IPv4) or 32 (IPv6) hex digits. Each group of 8 digits
 * is a 32-bit word as the kernel printed it with %08X, so copying the word's
 * bytes from memory gives network order on this host, as the kernel had it.
 */
static int parse_endpoint(const char *s, size_t n, int ipv6, uint8_t *addr,
			  unsigned *port)
{
	size_t digits = ipv6 ? 32 : 8;
	if (n != digits + 5 || s[digits] != ':')
		return EG_E_PARSE;
	for (size_t w = 0; w < digits / 8; w++) {
		uint64_t v;
		if (eg_parse_u64n(s + w * 8, 8, 16, 0, UINT32_MAX, &v) != 0)
			return EG_E_PARSE;
		uint32_t word = (uint32_t)v;
		memcpy(addr + w * 4, &word, 4);
	}
	uint64_t p;
	if (eg_parse_u64n(s + digits + 1, 4, 16, 0, 65535, &p) != 0)
		return EG_E_PARSE;
	*port = (unsigned)p;
	return 0;
}

int eg_proc_net_is_header(const char *line, size_t len)
{
	const char *f[FIELDS];
	size_t fl[FIELDS];
	size_t n = split(line, len, f, fl);
	return n >= 2 && fl[0] == 2 && memcmp(f[0], "sl", 2) == 0 &&
	       fl[1] == 13 && memcmp(f[1], "local_address", 13) == 0;
}

int eg_proc_net_line(const char *line, size_t len, int ipv6,
		     struct eg_sock *out)
{
	const char *f[FIELDS];
	size_t fl[FIELDS];
	memset(out, 0, sizeof(*out));
	if (split(line, len, f, fl) < FIELDS)
		return EG_E_PARSE;
	/* "sl:" is a decimal slot number and a colon. */
	uint64_t v;
	if (fl[0] < 2 || f[0][fl[0] - 1] != ':' ||
	    eg_parse_u64n(f[0], fl[0] - 1, 10, 0, UINT64_MAX, &v) != 0)
		return EG_E_PARSE;
	uint8_t remote[16];
	unsigned rport;
	if (parse_endpoint(f[1], fl[1], ipv6, out->addr, &out->port) != 0 ||
	    parse_endpoint(f[2], fl[2], ipv6, remote, &rport) != 0)
		return EG_E_PARSE;
	if (fl[3] != 2 || eg_parse_u64n(f[3], 2, 16, 0, 0xFF, &v) != 0)
		return EG_E_PARSE;
	out->state = (unsigned)v;
	if (eg_parse_u64n(f[7], fl[7], 10, 0, UINT32_MAX, &out->uid) != 0 ||
	    eg_parse_u64n(f[9], fl[9], 10, 0, UINT64_MAX, &out->inode) != 0)
		return EG_E_PARSE;
	out->family = ipv6 ? 6 : 4;
	return 0;
}

int eg_sock_listening(const struct eg_sock *s, int udp)
{
	return s->state == (udp ? EG_TCP_CLOSE : EG_TCP_LISTEN);
}

void eg_sock_addr_text(const struct eg_sock *s, char *buf, size_t n)
{
	char tmp[EG_ADDR_TEXT_MAX];
	if (inet_ntop(s->family == 6 ? AF_INET6 : AF_INET, s->addr, tmp,
		      sizeof(tmp)) == NULL)
		tmp[0] = '\0';
	snprintf(buf, n, "%s", tmp);
}
