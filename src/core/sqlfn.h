/*
 * sqlfn.h: ecguard's SQL functions, for checks and `ecguard query`:
 *
 *   x REGEXP 'pat'            PCRE2 (UTF-8, JIT when available), 1/0; the
 *                             compiled pattern is kept per statement; a match
 *                             over its step or memory limit is an error, so a
 *                             hostile pattern or subject cannot hang a run
 *   mode_octal(mode)          '0644', '4755' (permission bits of st_mode)
 *   cidr_match(addr, cidr)    1/0: IPv4 and IPv6, IPv4-mapped IPv6 addresses
 *                             match IPv4 networks; NULL for a bad address, an
 *                             error for a bad network
 *   deb_version_cmp(a, b)     -1/0/1 with dpkg's algorithm; NULL when either
 *                             is not a Debian version
 *   date_add_cadence(d, iv)   the date d (YYYY-MM-DD) plus the interval iv
 *                             (30d, 6w, 12m, 1y: duration.h), as YYYY-MM-DD;
 *                             calendar months clamp to the month's last day
 *                             (2025-01-31 + 1m = 2025-02-28), unlike SQLite's
 *                             date(d, '+1 month'), which gives 2025-03-03.
 *                             NULL when either is NULL or invalid. The one
 *                             due-date rule of every cadence check (it is
 *                             eg_date_add, as the spec_* tables and the due
 *                             dates of `ecguard status` use)
 *
 * The C functions behind them are exported for code that compares outside
 * SQL. All are pure and marked deterministic and innocuous.
 */
#ifndef EG_SQLFN_H
#define EG_SQLFN_H

#include <sqlite3.h>
#include <stddef.h>

#include "../util/err.h"

/* Registers the functions on db. Returns 0 or EG_E_SQL. */
int eg_sqlfn_register(sqlite3 *db, struct eg_err *e);

/*
 * Compares two Debian versions ([epoch:]upstream[-revision]) as dpkg does:
 * *out is -1, 0 or 1. Returns 0, or EG_E_PARSE when either is not a version
 * (empty, a non-numeric epoch, an empty upstream part, embedded blanks).
 */
int eg_deb_version_cmp(const char *a, const char *b, int *out);

/*
 * Whether addr (IPv4 or IPv6, an IPv6 zone suffix "%eth0" ignored) lies in
 * cidr ("10.0.0.0/8", "fd00::/8"; without "/n" the single address). Host
 * bits set in cidr are ignored. *out is 1 or 0. Returns 0, EG_E_PARSE for a
 * bad addr, EG_E_INVAL for a bad cidr.
 */
int eg_cidr_match(const char *addr, const char *cidr, int *out);

#endif
