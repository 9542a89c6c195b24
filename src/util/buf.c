/*
 * buf.c: bounded growable buffer.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

void eg_buf_init(struct eg_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

void eg_buf_free(struct eg_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
}

void eg_buf_reset(struct eg_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int buf_grow(struct eg_buf *b, size_t extra)
{
	if (b->err != 0)
		return b->err;
	if (extra > b->max || b->len > b->max - extra) {
		b->err = EG_E_LIMIT;
		return b->err;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t ncap = b->cap < 64 ? 64 : b->cap;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	char *n = realloc(b->data, ncap);
	if (n == NULL) {
		b->err = EG_E_NOMEM;
		return b->err;
	}
	b->data = n;
	b->cap = ncap;
	return 0;
}

int eg_buf_add(struct eg_buf *b, const void *p, size_t n)
{
	int r = buf_grow(b, n);
	if (r != 0)
		return r;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int eg_buf_adds(struct eg_buf *b, const char *s)
{
	return eg_buf_add(b, s, strlen(s));
}

int eg_buf_addc(struct eg_buf *b, char c)
{
	return eg_buf_add(b, &c, 1);
}

int eg_buf_vaddf(struct eg_buf *b, const char *fmt, va_list ap)
{
	if (b->err != 0)
		return b->err;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->err = EG_E_INVAL;
		return b->err;
	}
	int r = buf_grow(b, (size_t)n);
	if (r != 0)
		return r;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int eg_buf_addf(struct eg_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = eg_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void eg_buf_truncate(struct eg_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

const char *eg_buf_str(const struct eg_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *eg_buf_steal(struct eg_buf *b, size_t *len)
{
	char *r = b->data;
	if (r == NULL)
		r = calloc(1, 1);
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return r;
}
