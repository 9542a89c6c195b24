/*
 * mem.c: allocation helpers with overflow checks.
 */
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *eg_calloc(size_t n, size_t size)
{
	if (n == 0 || size == 0)
		return calloc(1, 1);
	return calloc(n, size);
}

void *eg_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	size_t total = n * size;
	return realloc(p, total == 0 ? 1 : total);
}

char *eg_strdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return strdup(s);
}

char *eg_strndup(const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	char *r = malloc(n + 1);
	if (r == NULL)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

void eg_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}

void eg_free_secret(char *s)
{
	if (s == NULL)
		return;
	eg_wipe(s, strlen(s));
	free(s);
}
