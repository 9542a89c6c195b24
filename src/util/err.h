/*
 * err.h: the one error type of ecguard. Codes are negative and come from one
 * X-macro table (as libuv's UV_ERRNO_MAP). A struct eg_err carries a code and a
 * message; the first error set wins, so the root cause is what the user sees.
 * Messages say what failed, where, and what to do.
 */
#ifndef EG_ERR_H
#define EG_ERR_H

#include <stddef.h>

#include "limits.h"

#define EG_ERROR_MAP(X)                                                     \
	X(OK, 0, "success")                                                 \
	X(NOMEM, -1, "out of memory")                                       \
	X(IO, -2, "input/output error")                                     \
	X(INVAL, -3, "invalid argument")                                    \
	X(PARSE, -4, "invalid input")                                       \
	X(LIMIT, -5, "input exceeds a limit")                               \
	X(NOTFOUND, -6, "not found")                                        \
	X(ESCAPE, -7, "path escapes the audit root")                        \
	X(RANGE, -8, "value out of range")                                  \
	X(UNSUPPORTED, -9, "not supported")                                 \
	X(SQL, -10, "database error")                                       \
	X(INTERNAL, -11, "internal error")

enum eg_code {
#define EG_ERR_ENUM(name, val, str) EG_E_##name = (val),
	EG_ERROR_MAP(EG_ERR_ENUM)
#undef EG_ERR_ENUM
};

struct eg_err {
	int code;                 /* 0 or an enum eg_code */
	char msg[EG_ERRMSG_MAX];  /* human message, "" when none */
};

/* Returns a static English description of code (never NULL). */
const char *eg_strerror(int code);

/* Resets e to "no error". e may be NULL. */
void eg_err_clear(struct eg_err *e);

/*
 * Records an error unless one is already recorded (the first wins).
 * Returns code, so callers can write `return eg_err_set(e, ...)`.
 * e may be NULL (the code is still returned).
 */
int eg_err_set(struct eg_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like eg_err_set, appending ": strerror(errnum)". */
int eg_err_errno(struct eg_err *e, int code, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The message of e, or eg_strerror(code) when no message was set. */
const char *eg_err_msg(const struct eg_err *e);

#endif
