/*
 * sqlfn.c: the SQL functions of sqlfn.h. Every argument may come from an
 * audited host (a dpkg version, an address from /proc/net, a config line
 * matched by REGEXP), so each one parses strictly and bounds its cost.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "sqlfn.h"

#include <arpa/inet.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/num.h"

/* ---- REGEXP ------------------------------------------------------------- */

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

static void regex_free(void *p)
{
	struct regex *re = p;
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_jit_stack_free(re->jit);
	pcre2_code_free(re->code);
	free(re);
}

/* Compiles pat; on failure sets the SQL error and returns NULL. */
static struct regex *regex_compile(sqlite3_context *ctx, const char *pat,
				   size_t n)
{
	char msg[256];
	if (n > EG_REGEX_MAX_PATTERN) {
		snprintf(msg, sizeof(msg),
			 _("REGEXP: the pattern is %zu bytes, over the limit of %u"),
			 n, EG_REGEX_MAX_PATTERN);
		sqlite3_result_error(ctx, msg, -1);
		return NULL;
	}
	struct regex *re = eg_calloc(1, sizeof(*re));
	if (re == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	int err = 0;
	PCRE2_SIZE off = 0;
	/* Subjects are made valid UTF-8 first (utf8_clean); MATCH_INVALID_UTF
	 * stays as a second guard: never an error on a hostile subject. */
	re->code = pcre2_compile((PCRE2_SPTR)pat, n,
				 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err,
				 &off, NULL);
	if (re->code == NULL) {
		PCRE2_UCHAR text[160];
		if (pcre2_get_error_message(err, text, sizeof(text)) < 0)
			snprintf((char *)text, sizeof(text), "error %d", err);
		snprintf(msg, sizeof(msg),
			 _("REGEXP: invalid pattern at offset %zu: %s"),
			 (size_t)off, (const char *)text);
		sqlite3_result_error(ctx, msg, -1);
		regex_free(re);
		return NULL;
	}
	/* JIT is an optimisation: without it (no support, no executable
	 * memory) the interpreter runs under the same limits. */
	pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	re->jit = pcre2_jit_stack_create(32 * 1024, EG_REGEX_JIT_STACK_MAX, NULL);
	if (re->md == NULL || re->mctx == NULL || re->jit == NULL) {
		regex_free(re);
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	pcre2_set_match_limit(re->mctx, EG_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, EG_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, EG_REGEX_HEAP_LIMIT_KIB);
	pcre2_jit_stack_assign(re->mctx, NULL, re->jit);
	return re;
}

/*
 * Length of the valid UTF-8 sequence at s[0..n), or 0 when the bytes there
 * are not one (stray continuation, overlong form, surrogate, above
 * U+10FFFF, cut short).
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * A subject with invalid UTF-8 (a Shift_JIS file name, hostile bytes in a
 * config file) is matched as a browser or a terminal would show it: every
 * byte that is not part of a valid sequence becomes U+FFFD, so "." and
 * ".*" step over it instead of the match stopping there. Returns NULL when
 * s is valid (match it as is), else the cleaned copy (OUT: free) with
 * its length in *outn; on exhaustion NULL with *outn = SIZE_MAX.
 */
static char *utf8_clean(const char *s, size_t n, size_t *outn)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;
	while (i < n && (l = utf8_seq(u + i, n - i)) != 0)
		i += l;
	if (i == n)
		return NULL;
	/* At most 3 output bytes per input byte (EF BF BD for one byte). */
	char *out = n < SIZE_MAX / 3 ? eg_calloc(1, n * 3 + 1) : NULL;
	if (out == NULL) {
		*outn = SIZE_MAX;
		return NULL;
	}
	memcpy(out, s, i);
	size_t k = i;
	while (i < n) {
		l = utf8_seq(u + i, n - i);
		if (l == 0) {
			memcpy(out + k, "\xef\xbf\xbd", 3);
			k += 3;
			i++;
		} else {
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
		}
	}
	out[k] = '\0';
	*outn = k;
	return out;
}

/* x REGEXP y calls regexp(y, x): argv[0] is the pattern. */
static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	struct regex *re = sqlite3_get_auxdata(ctx, 0);
	int fresh = 0;
	if (re == NULL) {
		const char *pat = (const char *)sqlite3_value_text(argv[0]);
		if (pat == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		re = regex_compile(ctx, pat, (size_t)sqlite3_value_bytes(argv[0]));
		if (re == NULL)
			return;
		fresh = 1;
	}
	const char *subj = (const char *)sqlite3_value_text(argv[1]);
	if (subj == NULL) {
		sqlite3_result_error_nomem(ctx);
		goto out;
	}
	size_t subjn = (size_t)sqlite3_value_bytes(argv[1]), cleann = 0;
	char *clean = utf8_clean(subj, subjn, &cleann);
	if (clean == NULL && cleann == SIZE_MAX) {
		sqlite3_result_error_nomem(ctx);
		goto out;
	}
	int rc = clean != NULL
		? pcre2_match(re->code, (PCRE2_SPTR)clean, cleann, 0, 0,
			      re->md, re->mctx)
		: pcre2_match(re->code, (PCRE2_SPTR)subj, subjn, 0, 0,
			      re->md, re->mctx);
	free(clean);
	if (rc >= 0) {
		sqlite3_result_int(ctx, 1);
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		sqlite3_result_int(ctx, 0);
	} else if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		   rc == PCRE2_ERROR_HEAPLIMIT ||
		   rc == PCRE2_ERROR_JIT_STACKLIMIT) {
		sqlite3_result_error(ctx,
				     _("REGEXP: the match went over its step or memory limit (catastrophic backtracking); simplify the pattern, e.g. avoid nested repeats like (a+)+"),
				     -1);
	} else {
		PCRE2_UCHAR text[160];
		char msg[256];
		if (pcre2_get_error_message(rc, text, sizeof(text)) < 0)
			snprintf((char *)text, sizeof(text), "error %d", rc);
		snprintf(msg, sizeof(msg), "REGEXP: %s", (const char *)text);
		sqlite3_result_error(ctx, msg, -1);
	}
out:
	/* Last: SQLite may free re inside this call. */
	if (fresh)
		sqlite3_set_auxdata(ctx, 0, re, regex_free);
}

/* ---- mode_octal ---------------------------------------------------------- */

static void fn_mode_octal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER)
		return; /* NULL, text that is no integer, a real */
	sqlite3_int64 v = sqlite3_value_int64(argv[0]);
	if (v < 0)
		return;
	char out[8];
	snprintf(out, sizeof(out), "%04o", (unsigned)(v & 07777));
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* ---- cidr_match ---------------------------------------------------------- */

/* Parses an IPv4 or IPv6 address; *bits is 32 or 128. */
static int parse_ip(const char *s, size_t n, unsigned char ip[16], int *bits)
{
	char buf[64];
	if (n == 0 || n >= sizeof(buf) || memchr(s, '\0', n) != NULL)
		return EG_E_PARSE;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(ip, 0, 16);
	if (inet_pton(AF_INET, buf, ip) == 1) {
		*bits = 32;
		return 0;
	}
	char *zone = strchr(buf, '%');
	if (zone != NULL && zone != buf && zone[1] != '\0')
		*zone = '\0';
	if (inet_pton(AF_INET6, buf, ip) == 1) {
		*bits = 128;
		return 0;
	}
	return EG_E_PARSE;
}

static int is_v4_mapped(const unsigned char ip[16])
{
	static const unsigned char pfx[12] = {0, 0, 0, 0, 0, 0,
					      0, 0, 0, 0, 0xff, 0xff};
	return memcmp(ip, pfx, sizeof(pfx)) == 0;
}

int eg_cidr_match(const char *addr, const char *cidr, int *out)
{
	*out = 0;
	unsigned char net[16], ip[16];
	int nbits, abits;
	const char *slash = strchr(cidr, '/');
	size_t nlen = slash != NULL ? (size_t)(slash - cidr) : strlen(cidr);
	if (parse_ip(cidr, nlen, net, &nbits) != 0)
		return EG_E_INVAL;
	uint64_t prefix = (uint64_t)nbits;
	if (slash != NULL &&
	    eg_parse_u64n(slash + 1, strlen(slash + 1), 10, 0, (uint64_t)nbits,
			  &prefix) != 0)
		return EG_E_INVAL;
	if (parse_ip(addr, strlen(addr), ip, &abits) != 0)
		return EG_E_PARSE;
	/* /proc/net/tcp6 shows IPv4 peers as ::ffff:a.b.c.d: compare them
	 * with IPv4 networks as IPv4, and IPv4 addresses with IPv6 networks
	 * in their mapped form. */
	if (abits == 128 && nbits == 32) {
		if (!is_v4_mapped(ip))
			return 0;
		memmove(ip, ip + 12, 4);
		memset(ip + 4, 0, 12);
		abits = 32;
	} else if (abits == 32 && nbits == 128) {
		memmove(ip + 12, ip, 4);
		memset(ip, 0, 10);
		ip[10] = ip[11] = 0xff;
		abits = 128;
	}
	size_t full = (size_t)prefix / 8;
	unsigned rest = (unsigned)(prefix % 8);
	if (memcmp(ip, net, full) != 0)
		return 0;
	if (rest != 0) {
		unsigned char mask = (unsigned char)(0xFFu << (8 - rest));
		if ((ip[full] & mask) != (net[full] & mask))
			return 0;
	}
	*out = 1;
	return 0;
}

static void fn_cidr_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *addr = (const char *)sqlite3_value_text(argv[0]);
	const char *cidr = (const char *)sqlite3_value_text(argv[1]);
	if (addr == NULL || cidr == NULL)
		return;
	int m = 0;
	int rc = eg_cidr_match(addr, cidr, &m);
	if (rc == EG_E_INVAL) {
		char msg[256];
		snprintf(msg, sizeof(msg),
			 _("cidr_match: \"%.*s\" is not a network; write it as 10.0.0.0/8, 192.0.2.1 or fd00::/8"),
			 EG_QUOTE_MAX, cidr);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	if (rc == 0)
		sqlite3_result_int(ctx, m);
}

/* ---- deb_version_cmp ---------------------------------------------------- */

struct debver {
	uint64_t epoch;
	const char *up, *rev;
	size_t uplen, revlen;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* dpkg's parseversion: [epoch:]upstream[-revision], the revision after the
 * last hyphen; surrounding blanks are dropped, inner ones are an error. */
static int debver_parse(const char *s, struct debver *v)
{
	size_t n = strlen(s);
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0)
		return EG_E_PARSE;
	for (size_t i = 0; i < n; i++)
		if (is_blank(s[i]))
			return EG_E_PARSE;
	v->epoch = 0;
	const char *colon = memchr(s, ':', n);
	if (colon != NULL) {
		size_t elen = (size_t)(colon - s);
		if (eg_parse_u64n(s, elen, 10, 0, INT32_MAX, &v->epoch) != 0)
			return EG_E_PARSE;
		n -= elen + 1;
		s = colon + 1;
	}
	const char *hyphen = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '-')
			hyphen = s + i;
	v->up = s;
	if (hyphen != NULL) {
		v->uplen = (size_t)(hyphen - s);
		v->rev = hyphen + 1;
		v->revlen = n - v->uplen - 1;
	} else {
		v->uplen = n;
		v->rev = "";
		v->revlen = 0;
	}
	if (v->uplen == 0)
		return EG_E_PARSE;
	return 0;
}

/* dpkg's order(): digits 0, letters first, '~' before everything (even the
 * end of the string), other characters after letters. */
static int deb_order(int c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp on counted strings (0 past the end). */
static int verrevcmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
#define AT(s, k, n) ((k) < (n) ? (unsigned char)(s)[k] : 0)
	while (i < an || j < bn) {
		int first_diff = 0;
		while ((i < an && !is_digit(AT(a, i, an))) ||
		       (j < bn && !is_digit(AT(b, j, bn)))) {
			int ac = deb_order(AT(a, i, an));
			int bc = deb_order(AT(b, j, bn));
			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (AT(a, i, an) == '0')
			i++;
		while (AT(b, j, bn) == '0')
			j++;
		while (is_digit(AT(a, i, an)) && is_digit(AT(b, j, bn))) {
			if (!first_diff)
				first_diff = AT(a, i, an) - AT(b, j, bn);
			i++;
			j++;
		}
		if (is_digit(AT(a, i, an)))
			return 1;
		if (is_digit(AT(b, j, bn)))
			return -1;
		if (first_diff)
			return first_diff;
	}
#undef AT
	return 0;
}

int eg_deb_version_cmp(const char *a, const char *b, int *out)
{
	*out = 0;
	struct debver x, y;
	if (debver_parse(a, &x) != 0 || debver_parse(b, &y) != 0)
		return EG_E_PARSE;
	int r;
	if (x.epoch != y.epoch)
		r = x.epoch < y.epoch ? -1 : 1;
	else if ((r = verrevcmp(x.up, x.uplen, y.up, y.uplen)) == 0)
		r = verrevcmp(x.rev, x.revlen, y.rev, y.revlen);
	*out = (r > 0) - (r < 0);
	return 0;
}

static void fn_deb_version_cmp(sqlite3_context *ctx, int argc,
			       sqlite3_value **argv)
{
	(void)argc;
	const char *a = (const char *)sqlite3_value_text(argv[0]);
	const char *b = (const char *)sqlite3_value_text(argv[1]);
	if (a == NULL || b == NULL)
		return;
	/* An embedded NUL would hide the rest of the version. */
	if (strlen(a) != (size_t)sqlite3_value_bytes(argv[0]) ||
	    strlen(b) != (size_t)sqlite3_value_bytes(argv[1]))
		return;
	int r;
	if (eg_deb_version_cmp(a, b, &r) == 0)
		sqlite3_result_int(ctx, r);
}

/* ---- date_add_cadence ---------------------------------------------------- */

/* The text of v when it is a string of exactly its byte length (no embedded
 * NUL hiding a tail), else NULL. */
static const char *exact_text(sqlite3_value *v)
{
	if (sqlite3_value_type(v) != SQLITE_TEXT)
		return NULL;
	const char *s = (const char *)sqlite3_value_text(v);
	if (s == NULL || strlen(s) != (size_t)sqlite3_value_bytes(v))
		return NULL;
	return s;
}

static void fn_date_add_cadence(sqlite3_context *ctx, int argc,
				sqlite3_value **argv)
{
	(void)argc;
	const char *d = exact_text(argv[0]);
	const char *iv = exact_text(argv[1]);
	int32_t days;
	struct eg_duration du;
	if (d == NULL || iv == NULL || eg_date_parse(d, &days) != 0 ||
	    eg_duration_parse(iv, &du) != 0)
		return;
	/* Past 9999-12-31 a date has no YYYY-MM-DD form: no due date. */
	int32_t last, due = eg_date_add(days, &du);
	if (eg_date_parse("9999-12-31", &last) != 0 || due > last)
		return;
	char out[11];
	eg_date_format(due, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* ---- registration -------------------------------------------------------- */

int eg_sqlfn_register(sqlite3 *db, struct eg_err *e)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{"regexp", 2, fn_regexp},
		{"mode_octal", 1, fn_mode_octal},
		{"cidr_match", 2, fn_cidr_match},
		{"deb_version_cmp", 2, fn_deb_version_cmp},
		{"date_add_cadence", 2, fn_date_add_cadence},
	};
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		int rc = sqlite3_create_function_v2(db, fns[i].name, fns[i].nargs,
						    flags, NULL, fns[i].fn,
						    NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return eg_err_set(e, EG_E_SQL,
					  "registering SQL function %s: %s",
					  fns[i].name, sqlite3_errstr(rc));
	}
	return 0;
}
