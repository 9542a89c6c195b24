/*
 * num.h: strict number parsing. The whole string must be the number: no
 * leading space, no sign where unsigned, no trailing garbage, no overflow.
 * (OpenSSH strtonum, curl strparse.) atoi/sscanf/unchecked strtol are banned.
 */
#ifndef EG_NUM_H
#define EG_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses s[0..n) as an unsigned integer in base 8, 10 or 16 (no prefix
 * accepted; the base says it) into *out, within [min, max].
 * Returns 0, EG_E_PARSE (not a number) or EG_E_RANGE.
 */
int eg_parse_u64n(const char *s, size_t n, unsigned base, uint64_t min,
		  uint64_t max, uint64_t *out);

/* The same for a NUL-terminated string in base 10. */
int eg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Signed base-10, optional leading '-'. */
int eg_parse_i64n(const char *s, size_t n, int64_t min, int64_t max,
		  int64_t *out);
int eg_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
