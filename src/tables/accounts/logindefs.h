/*
 * logindefs.h: etc/login.defs (shadow-utils' configuration) and the
 * login_defs table.
 *
 * The file is read as shadow-utils' getdef.c reads it: leading blanks
 * skipped, empty and '#' lines ignored, the key is the first word, the value
 * starts after the blanks and quotes that follow it and ends at the next
 * double quote or the end of the trimmed line; a key without a value is
 * ignored. When a key repeats, the last value wins (getdef overwrites), and
 * the row keeps the place of the key's first appearance. Unknown keys are
 * kept: an auditor may want to see a misspelt PASS_MAX_DAY.
 */
#ifndef EG_ACCT_LOGINDEFS_H
#define EG_ACCT_LOGINDEFS_H

#include <stddef.h>

#include "../vtab.h"
#include "acct_common.h"

/*
 * Parses buf[0..len) (the contents of file) and emits login_defs(key, value)
 * rows to sink, one per distinct key. Returns 0, the first negative code of
 * sink->row, or EG_E_NOMEM; malformed lines are warnings.
 */
int eg_acct_parse_login_defs(const char *buf, size_t len, const char *file,
			     const struct eg_acct_sink *sink);

extern const struct eg_table_def eg_table_login_defs;

#endif
