/*
 * valid.h: strict validators for the values a user writes in a spec: URLs,
 * IP addresses, CIDR networks, ports and names. Each one accepts exactly one
 * spelling of a value and rejects everything else, so a typo is an error at
 * load time instead of a rule that silently matches nothing later. None of
 * them allocates; results point into the input.
 */
#ifndef EG_VALID_H
#define EG_VALID_H

#include <stddef.h>
#include <stdint.h>

struct eg_url {
	int https;             /* 1 for https, 0 for http */
	const char *host;      /* host as written (IPv6 without brackets) */
	size_t host_len;
	unsigned port;         /* explicit port, else 80 or 443 */
	int explicit_port;
	const char *path;      /* from the first '/', '?' or '#'; "" if none */
};

/*
 * Validates an absolute http(s) URL: scheme http or https (any case), "//",
 * a host (DNS name of letters, digits and hyphens in dot-separated labels of
 * 1-63 bytes, a dotted IPv4 address, or a bracketed IPv6 address), an
 * optional port 1-65535, then an optional path/query/fragment of printable
 * ASCII with valid %XX escapes. User info ("user:pass@") is refused: a spec
 * must not carry credentials. At most EG_URL_MAX bytes.
 * Returns 0 and fills *out (may be NULL), or EG_E_PARSE with *why set to a
 * static English reason ("missing host", ...) fit for a message, marked
 * for translation: show it with _(why).
 */
int eg_url_parse(const char *s, struct eg_url *out, const char **why);

struct eg_ipaddr {
	int family;            /* 4 or 6 */
	uint8_t bytes[16];     /* network order; 4 used for IPv4 */
};

/* Parses a single IPv4 (dotted quad, no leading zeros) or IPv6 address
 * (RFC 4291 text, no zone index). Returns 0 or EG_E_PARSE. */
int eg_ip_parse(const char *s, struct eg_ipaddr *out);

/*
 * Parses a network "ADDR/PREFIX" (prefix 0-32 for IPv4, 0-128 for IPv6,
 * decimal without leading zeros). The host bits must be zero: "10.0.0.1/24"
 * is refused with EG_E_RANGE so the caller can suggest the network address,
 * which is written to suggest (when not NULL, 64 bytes at least).
 * Returns 0, EG_E_PARSE (not a network) or EG_E_RANGE (prefix out of
 * bounds, or host bits set; *why says which).
 */
int eg_cidr_parse(const char *s, struct eg_ipaddr *addr, unsigned *prefix,
		  char *suggest, size_t suggest_len, const char **why);

/* 1 when s looks like an address or network (starts with a digit or
 * contains ':' or '/'), i.e. was not meant as a name. */
int eg_looks_like_address(const char *s);

/*
 * A name as spec sections use them (zones, servers, services, partners):
 * 1 to EG_SPEC_MAX_NAME bytes of ASCII letters, digits, '.', '_' and '-',
 * starting with a letter or digit. Returns 1 when valid.
 */
int eg_valid_name(const char *s);

#endif
