/*
 * num.c: strict integer parsing.
 */
#include "num.h"

#include <string.h>

#include "err.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int eg_parse_u64n(const char *s, size_t n, unsigned base, uint64_t min,
		  uint64_t max, uint64_t *out)
{
	if (s == NULL || n == 0 || (base != 8 && base != 10 && base != 16))
		return EG_E_PARSE;
	uint64_t v = 0;
	int overflow = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(s[i]);
		if (d >= (int)base)
			return EG_E_PARSE;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			overflow = 1;
		else
			v = v * base + (uint64_t)d;
	}
	if (overflow || v < min || v > max)
		return EG_E_RANGE;
	*out = v;
	return 0;
}

int eg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	if (s == NULL)
		return EG_E_PARSE;
	return eg_parse_u64n(s, strlen(s), 10, min, max, out);
}

int eg_parse_i64n(const char *s, size_t n, int64_t min, int64_t max,
		  int64_t *out)
{
	if (s == NULL || n == 0)
		return EG_E_PARSE;
	int neg = 0;
	if (s[0] == '-') {
		neg = 1;
		s++;
		n--;
	}
	uint64_t mag;
	int r = eg_parse_u64n(s, n, 10, 0, (uint64_t)INT64_MAX + (neg ? 1u : 0u),
			      &mag);
	if (r != 0)
		return r;
	int64_t v;
	if (neg)
		v = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
	else
		v = (int64_t)mag;
	if (v < min || v > max)
		return EG_E_RANGE;
	*out = v;
	return 0;
}

int eg_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL)
		return EG_E_PARSE;
	return eg_parse_i64n(s, strlen(s), min, max, out);
}
