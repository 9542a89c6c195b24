/*
 * os_release.h: the os-release file (etc/os-release, usr/lib/os-release).
 *
 * The file is a list of shell-style assignments, KEY=value, with values
 * unquoted, in "double quotes" (where \ escapes $ ` " and \) or in 'single
 * quotes' (literal), possibly in several pieces ('a'"b" is "ab"). The file is
 * meant to be sourceable by a shell, which is exactly why it must never be:
 * this parser only reads the quoting, it expands nothing and runs nothing.
 */
#ifndef EG_TABLES_OS_RELEASE_H
#define EG_TABLES_OS_RELEASE_H

#include <stddef.h>

/* Returns 0 to go on, anything else to stop (returned by the parser).
 * key and value are NUL-terminated (value cut at a NUL byte) and live until
 * the callback returns. */
typedef int (*eg_os_release_fn)(void *arg, const char *key, const char *value,
				size_t line);

/*
 * Calls fn for each assignment in file order (a later one of the same key
 * replaces an earlier one, as in a shell). Comments (#) and blank lines are
 * skipped; lines that are not KEY=value with a valid key, or whose quotes do
 * not close on the line, are counted in *bad (may be NULL), the first one's
 * number in *first_bad (may be NULL). Returns 0, EG_E_NOMEM or fn's value.
 */
int eg_os_release_parse(const char *buf, size_t len, eg_os_release_fn fn,
			void *arg, size_t *bad, size_t *first_bad);

#endif
