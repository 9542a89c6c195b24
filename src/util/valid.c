/*
 * valid.c: strict URL, address, network and name validation.
 */
#include "valid.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "i18n.h"
#include "limits.h"
#include "num.h"

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A DNS host name: labels of letters, digits and inner hyphens. */
static int valid_dns_name(const char *h, size_t n)
{
	if (n == 0 || n > 253)
		return 0;
	size_t lab = 0;
	int all_numeric = 1;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? h[i] : '.';
		if (c == '.') {
			if (lab == 0 || lab > 63 || h[i - 1] == '-')
				return 0;
			lab = 0;
			continue;
		}
		if (lab == 0 && c == '-')
			return 0;
		if (!is_alpha(c) && !is_digit(c) && c != '-')
			return 0;
		if (!is_digit(c))
			all_numeric = 0;
		lab++;
	}
	/* "999.1.1.1" or "10.1" is a mistyped address, not a name. */
	return !all_numeric;
}

static int valid_ipv4_span(const char *h, size_t n)
{
	char tmp[16];
	struct in_addr a;
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, h, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, &a) == 1;
}

static int valid_ipv6_span(const char *h, size_t n)
{
	char tmp[INET6_ADDRSTRLEN + 1];
	struct in6_addr a;
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, h, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, &a) == 1;
}

/* Characters RFC 3986 allows in path, query and fragment (besides %XX). */
static int url_tail_char(char c)
{
	if (is_alpha(c) || is_digit(c))
		return 1;
	return c != '\0' && strchr("-._~!$&'()*+,;=:@/?#", c) != NULL;
}

int eg_url_parse(const char *s, struct eg_url *out, const char **why)
{
	struct eg_url u;
	const char *dummy;
	if (why == NULL)
		why = &dummy;
	memset(&u, 0, sizeof(u));
	size_t len = s != NULL ? strlen(s) : 0;
	if (len == 0) {
		*why = N_("empty URL");
		return EG_E_PARSE;
	}
	if (len > EG_URL_MAX) {
		*why = N_("URL too long");
		return EG_E_PARSE;
	}
	const char *p;
	if (strncasecmp(s, "https://", 8) == 0) {
		u.https = 1;
		p = s + 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		p = s + 7;
	} else {
		*why = N_("the URL must start with https:// or http://");
		return EG_E_PARSE;
	}
	size_t alen = strcspn(p, "/?#");
	const char *auth_end = p + alen;
	if (memchr(p, '@', alen) != NULL) {
		*why = N_("user name or password in the URL; remove them");
		return EG_E_PARSE;
	}
	const char *h = p, *hend;
	if (*p == '[') {
		const char *rb = memchr(p, ']', alen);
		if (rb == NULL || !valid_ipv6_span(p + 1, (size_t)(rb - p - 1))) {
			*why = N_("invalid IPv6 address in the URL");
			return EG_E_PARSE;
		}
		u.host = p + 1;
		u.host_len = (size_t)(rb - p - 1);
		hend = rb + 1;
	} else {
		hend = memchr(p, ':', alen);
		if (hend == NULL)
			hend = auth_end;
		u.host = h;
		u.host_len = (size_t)(hend - h);
		if (u.host_len == 0) {
			*why = N_("missing host");
			return EG_E_PARSE;
		}
		if (!valid_dns_name(h, u.host_len) &&
		    !valid_ipv4_span(h, u.host_len)) {
			*why = N_("invalid host name");
			return EG_E_PARSE;
		}
	}
	u.port = u.https ? 443 : 80;
	if (hend < auth_end) {
		uint64_t port;
		if (*hend != ':' ||
		    eg_parse_u64n(hend + 1, (size_t)(auth_end - hend - 1), 10,
				  1, 65535, &port) != 0) {
			*why = N_("invalid port in the URL (1-65535)");
			return EG_E_PARSE;
		}
		u.port = (unsigned)port;
		u.explicit_port = 1;
	}
	int hashes = 0;
	for (const char *t = auth_end; *t != '\0'; t++) {
		if (*t == '%') {
			if (!is_hex(t[1]) || !is_hex(t[2])) {
				*why = N_("invalid percent-escape (%XX) in the URL");
				return EG_E_PARSE;
			}
			t += 2;
			continue;
		}
		if (*t == '#' && ++hashes > 1) {
			*why = N_("more than one '#' in the URL");
			return EG_E_PARSE;
		}
		if (!url_tail_char(*t)) {
			*why = N_("character not allowed in a URL; percent-encode it");
			return EG_E_PARSE;
		}
	}
	u.path = auth_end;
	if (out != NULL)
		*out = u;
	return 0;
}

int eg_ip_parse(const char *s, struct eg_ipaddr *out)
{
	struct eg_ipaddr a;
	memset(&a, 0, sizeof(a));
	if (s == NULL || s[0] == '\0' || strlen(s) > INET6_ADDRSTRLEN)
		return EG_E_PARSE;
	if (strchr(s, ':') != NULL) {
		if (inet_pton(AF_INET6, s, a.bytes) != 1)
			return EG_E_PARSE;
		a.family = 6;
	} else {
		if (inet_pton(AF_INET, s, a.bytes) != 1)
			return EG_E_PARSE;
		a.family = 4;
	}
	if (out != NULL)
		*out = a;
	return 0;
}

int eg_cidr_parse(const char *s, struct eg_ipaddr *addr, unsigned *prefix,
		  char *suggest, size_t suggest_len, const char **why)
{
	const char *dummy;
	if (why == NULL)
		why = &dummy;
	*why = N_("not an address/prefix network");
	if (s == NULL)
		return EG_E_PARSE;
	const char *slash = strchr(s, '/');
	if (slash == NULL || (size_t)(slash - s) > INET6_ADDRSTRLEN)
		return EG_E_PARSE;
	char tmp[INET6_ADDRSTRLEN + 1];
	memcpy(tmp, s, (size_t)(slash - s));
	tmp[slash - s] = '\0';
	struct eg_ipaddr a;
	if (eg_ip_parse(tmp, &a) != 0) {
		*why = N_("invalid address before the '/'");
		return EG_E_PARSE;
	}
	unsigned max = a.family == 4 ? 32 : 128;
	const char *ps = slash + 1;
	size_t pl = strlen(ps);
	uint64_t p;
	if (pl == 0 || (pl > 1 && ps[0] == '0') ||
	    eg_parse_u64n(ps, pl, 10, 0, UINT64_MAX, &p) != 0) {
		*why = N_("invalid prefix length after the '/'");
		return EG_E_PARSE;
	}
	if (p > max) {
		*why = a.family == 4 ? N_("IPv4 prefix length must be 0-32")
				     : N_("IPv6 prefix length must be 0-128");
		return EG_E_RANGE;
	}
	struct eg_ipaddr net = a;
	size_t nbytes = a.family == 4 ? 4 : 16;
	for (size_t i = 0; i < nbytes; i++) {
		size_t bit = i * 8;
		uint8_t mask;
		if (bit + 8 <= p)
			mask = 0xFF;
		else if (bit >= p)
			mask = 0;
		else
			mask = (uint8_t)(0xFF << (8 - (p - bit)));
		net.bytes[i] = (uint8_t)(a.bytes[i] & mask);
	}
	if (memcmp(net.bytes, a.bytes, nbytes) != 0) {
		*why = N_("host bits are set; write the network address");
		if (suggest != NULL && suggest_len > 0) {
			char nb[INET6_ADDRSTRLEN];
			if (inet_ntop(a.family == 4 ? AF_INET : AF_INET6,
				      net.bytes, nb, sizeof(nb)) != NULL)
				snprintf(suggest, suggest_len, "%s/%u", nb,
					 (unsigned)p);
			else
				suggest[0] = '\0';
		}
		return EG_E_RANGE;
	}
	if (addr != NULL)
		*addr = a;
	if (prefix != NULL)
		*prefix = (unsigned)p;
	return 0;
}

int eg_looks_like_address(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	return is_digit(s[0]) || strchr(s, ':') != NULL ||
	       strchr(s, '/') != NULL;
}

int eg_valid_name(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	if (n == 0 || n > EG_SPEC_MAX_NAME)
		return 0;
	if (!is_alpha(s[0]) && !is_digit(s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}
