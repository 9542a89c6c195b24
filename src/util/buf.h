/*
 * buf.h: the one growable byte buffer of ecguard, with a maximum size and a
 * sticky error (curl's dynbuf, SQLite's StrAccum). Every string built from
 * outside input goes through it. Once an append fails (size cap or memory),
 * the buffer stays failed and later appends are no-ops, so a report writer can
 * append freely and check once at the end.
 *
 * The contents are always NUL-terminated (eg_buf_str never returns NULL).
 */
#ifndef EG_BUF_H
#define EG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct eg_buf {
	char *data;   /* owned; NULL until the first append */
	size_t len;   /* bytes used, not counting the terminating NUL */
	size_t cap;   /* bytes allocated */
	size_t max;   /* the most len may ever be */
	int err;      /* 0, EG_E_NOMEM or EG_E_LIMIT; sticky */
};

/* Initialises an empty buffer that never grows past max bytes. */
void eg_buf_init(struct eg_buf *b, size_t max);

/* Frees the contents (NULL and zeroed buffers are fine) and resets it. */
void eg_buf_free(struct eg_buf *b);

/* Empties the buffer, keeping its memory and clearing its error. */
void eg_buf_reset(struct eg_buf *b);

/* Appends; each returns 0 or the sticky error. */
int eg_buf_add(struct eg_buf *b, const void *p, size_t n);
int eg_buf_adds(struct eg_buf *b, const char *s);
int eg_buf_addc(struct eg_buf *b, char c);
int eg_buf_addf(struct eg_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int eg_buf_vaddf(struct eg_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Shortens to n bytes (n <= len). */
void eg_buf_truncate(struct eg_buf *b, size_t n);

/* The contents as a C string ("" when empty). Valid until the next append. */
const char *eg_buf_str(const struct eg_buf *b);

/*
 * Takes ownership of the contents. OUT: caller frees; never NULL unless
 * memory is exhausted. The buffer is left empty.
 */
char *eg_buf_steal(struct eg_buf *b, size_t *len);

#endif
