/*
 * mem.h: allocation wrappers. Array sizes are overflow-checked; wiping frees
 * clear secrets first. The library returns EG_E_NOMEM on failure; only the CLI
 * may decide to die.
 */
#ifndef EG_MEM_H
#define EG_MEM_H

#include <stddef.h>

/* calloc-like: NULL on overflow or exhaustion. OUT: caller frees. */
void *eg_calloc(size_t n, size_t size);

/* reallocarray-like: NULL (p untouched) on overflow or exhaustion. */
void *eg_reallocarray(void *p, size_t n, size_t size);

/* strdup / strndup that return NULL on exhaustion. s may be NULL -> NULL. */
char *eg_strdup(const char *s);
char *eg_strndup(const char *s, size_t n);

/* Wipes n bytes (not optimised away). */
void eg_wipe(void *p, size_t n);

/* Wipes then frees a NUL-terminated secret; NULL is fine. */
void eg_free_secret(char *s);

#endif
