/*
 * acct_fuzz.h: the sink of the "accounts" fuzz targets. It reads every byte
 * of every cell, so a cell pointing outside its buffer is caught by ASan,
 * and keeps nothing.
 */
#ifndef EG_FUZZ_ACCT_H
#define EG_FUZZ_ACCT_H

#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/acct_common.h"

static volatile unsigned fuzz_acct_sum;

static inline int fuzz_acct_row(void *arg, const struct eg_acct_val *v,
				 size_t n)
{
	(void)arg;
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == EG_ACCT_TEXT)
			for (size_t k = 0; k < v[i].n; k++)
				sum += (unsigned char)v[i].s[k];
		else if (v[i].kind == EG_ACCT_INT)
			sum += (unsigned)v[i].i;
	}
	fuzz_acct_sum += sum;
	return 0;
}

static inline void fuzz_acct_warn(void *arg, const char *file, unsigned line,
				  const char *msg)
{
	(void)arg;
	(void)file;
	fuzz_acct_sum += line + (unsigned char)msg[0];
}

static inline int fuzz_acct_include(void *arg, const char *file,
				    unsigned line, const char *target,
				    int kind, const char *filter)
{
	(void)arg;
	(void)file;
	(void)kind;
	(void)filter;
	for (const char *p = target; *p != '\0'; p++)
		fuzz_acct_sum += (unsigned char)*p;
	fuzz_acct_sum += line;
	return 0;
}

static inline struct eg_acct_sink fuzz_acct_sink(void)
{
	struct eg_acct_sink s = {NULL, fuzz_acct_row, fuzz_acct_warn,
				 fuzz_acct_include};
	return s;
}

#endif
