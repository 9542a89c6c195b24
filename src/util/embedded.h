/*
 * embedded.h: data files compiled into the binary (tools/embed.py --array):
 * the shipped check packs. Each entry is a file name and its bytes (NUL-
 * terminated; len excludes the NUL). Lists end with a NULL name.
 */
#ifndef EG_EMBEDDED_H
#define EG_EMBEDDED_H

#include <stddef.h>

struct eg_embedded {
	const char *name;
	const char *data;
	size_t len;
};

#endif
