/*
 * diag.h: a list of diagnostics about a user's file (spec, check pack,
 * catalogue), each with file:line:column, so a loader can report every problem
 * of a file in one run instead of stopping at the first. The list keeps at most
 * EG_DIAG_MAX entries and counts the ones it dropped.
 */
#ifndef EG_DIAG_H
#define EG_DIAG_H

#include <stddef.h>

#include "buf.h"

struct eg_diag {
	char *file;       /* as the user named it */
	unsigned line;    /* 1-based; 0 when unknown */
	unsigned col;     /* 1-based; 0 when unknown */
	char *msg;        /* already translated, plain text */
};

struct eg_diags {
	struct eg_diag *items;
	size_t count;
	size_t dropped;
};

void eg_diags_init(struct eg_diags *d);
void eg_diags_free(struct eg_diags *d);

/* Adds one diagnostic (printf-style message). Returns EG_E_PARSE, so a loader
 * can `return eg_diag_add(...)`; EG_E_NOMEM when it could not be stored. */
int eg_diag_add(struct eg_diags *d, const char *file, unsigned line,
		unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Orders the diagnostics by file, line and column; messages at the same
 * position keep the order they were found in. */
void eg_diags_sort(struct eg_diags *d);

/* Total problems seen (stored + dropped). */
size_t eg_diags_total(const struct eg_diags *d);

/* Writes "file:line:col: error: msg" lines, neutralised for a terminal,
 * plus a line about dropped ones. */
void eg_diags_format(const struct eg_diags *d, struct eg_buf *out);

/* Writes them as a JSON array of {"file","line","column","message"}. */
struct eg_json;
void eg_diags_json(const struct eg_diags *d, struct eg_json *j);

#endif
