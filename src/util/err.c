/*
 * err.c: error codes and the first-error-wins message holder.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *eg_strerror(int code)
{
	switch (code) {
#define EG_ERR_CASE(name, val, str) \
	case (val):                 \
		return (str);
		EG_ERROR_MAP(EG_ERR_CASE)
#undef EG_ERR_CASE
	default:
		return "unknown error";
	}
}

void eg_err_clear(struct eg_err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}

static int err_vset(struct eg_err *e, int code, int errnum, const char *fmt,
		    va_list ap)
{
	if (e == NULL || e->code != 0)
		return code;
	e->code = code;
	int n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	if (n < 0)
		e->msg[0] = '\0';
	if (errnum != 0 && n >= 0 && (size_t)n < sizeof(e->msg)) {
		size_t len = strlen(e->msg);
		snprintf(e->msg + len, sizeof(e->msg) - len, ": %s",
			 strerror(errnum));
	}
	return code;
}

int eg_err_set(struct eg_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = err_vset(e, code, 0, fmt, ap);
	va_end(ap);
	return r;
}

int eg_err_errno(struct eg_err *e, int code, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = err_vset(e, code, errnum, fmt, ap);
	va_end(ap);
	return r;
}

const char *eg_err_msg(const struct eg_err *e)
{
	if (e == NULL)
		return "";
	if (e->msg[0] != '\0')
		return e->msg;
	return eg_strerror(e->code);
}
