/*
 * pam.h: the PAM stacks of the files in etc/pam.d and the pam table.
 *
 * Each file of etc/pam.d is a service (its name). A line is "type control
 * module [args...]" as Linux-PAM reads it: blank-separated words, a word
 * starting with '[' running to the matching ']' (so "[success=1
 * default=ignore]" is one control, and bracketed arguments stay whole), a
 * backslash at the end of a line continuing it, '#' starting a comment. The
 * type is lowercased; its leading '-' (skip the line silently when the
 * module is missing) is dropped, so "-auth" is type auth. Arguments are
 * joined by one space ('' when none).
 *
 * Includes are followed, so a service's rows are its whole effective stack:
 * "@include common-auth" gives a row (type '@include', control NULL, module
 * 'common-auth') followed by the rows of common-auth, under the including
 * service's name; a control of include or substack gives its own row
 * followed by the included file's rows of the same type, as Linux-PAM
 * does. Relative names are looked up in etc/pam.d, inside the audit root;
 * nesting stops at EG_CONF_MAX_INCLUDE_DEPTH (Linux-PAM's limit) and cycles
 * are reported and cut. A common-* file is also a service of its own.
 */
#ifndef EG_ACCT_PAM_H
#define EG_ACCT_PAM_H

#include <stddef.h>

#include "../../util/rootfs.h"
#include "../vtab.h"
#include "acct_common.h"

/* Kinds passed to sink->include: all types, or only the filter's type. */
enum { EG_PAM_INCLUDE_ALL = 0, EG_PAM_INCLUDE_TYPE = 1 };

/*
 * Parses buf[0..len) (the contents of file) as part of service and emits
 * pam(service, type, control, module, args) rows; with type_filter set, only
 * lines of that type. For each include, after its own row, calls
 * sink->include(arg, file, line, module, kind, type) in place. Returns 0,
 * EG_E_NOMEM, or the first negative code of sink->row or sink->include;
 * malformed lines are warnings.
 */
int eg_acct_parse_pam(const char *buf, size_t len, const char *file,
		      const char *service, const char *type_filter,
		      const struct eg_acct_sink *sink);

/*
 * Reads every service file of dir (normally /etc/pam.d) under r, in byte
 * order of their names, follows includes and emits the rows. Returns 0,
 * EG_E_NOMEM or the first negative code of sink->row.
 */
int eg_acct_pam_load(struct eg_root *r, const char *dir,
		     const struct eg_acct_sink *sink);

extern const struct eg_table_def eg_table_pam;

#endif
