/*
 * sudoers.h: the user specifications of etc/sudoers and the files it
 * includes, and the sudoers table.
 *
 * One row per principal and per run of commands that share a Runas spec and
 * a password requirement: "alice, %ops ALL = (root) NOPASSWD: /bin/ls,
 * /bin/cat, PASSWD: /bin/sh" gives four rows (alice and %ops, each with
 * "/bin/ls, /bin/cat" nopasswd 1 and "/bin/sh" nopasswd 0). As in sudo, a
 * Runas spec and a NOPASSWD:/PASSWD: tag carry over to the commands that
 * follow them in the same list; "host = ... : host2 = ..." groups start
 * afresh. Other tags (NOEXEC:, SETENV:, ...), options (CWD=, ROLE=, ...) and
 * digests are dropped from the commands. Nothing is expanded: aliases appear
 * by name; Defaults lines and alias definitions are not rows (so a
 * "Defaults !authenticate" is not reflected in nopasswd).
 *
 * Lines ending in a backslash continue on the next line; '#' starts a
 * comment unless it is followed by a digit (a uid such as #0) or escaped.
 * Includes: "@include file" / "#include file" (relative to the including
 * file's directory, as sudo 1.9 does) and "@includedir dir" / "#includedir
 * dir" (the files of dir whose names contain no '.' and do not end in '~',
 * in byte order), followed under the audit root only, at most
 * EG_CONF_MAX_INCLUDE_DEPTH deep, cycles stopped. Paths using %h (the host
 * name) are reported and not followed.
 */
#ifndef EG_ACCT_SUDOERS_H
#define EG_ACCT_SUDOERS_H

#include <stddef.h>

#include "../../util/rootfs.h"
#include "../vtab.h"
#include "acct_common.h"

/* Kinds passed to sink->include. */
enum { EG_SUDOERS_INCLUDE = 0, EG_SUDOERS_INCLUDEDIR = 1 };

/*
 * Parses buf[0..len) (the contents of file) and emits sudoers(file, line,
 * principal, hosts, runas, commands, nopasswd) rows. For each include
 * directive, calls sink->include(arg, file, line, target, kind, NULL) in
 * place, with the target as written (unquoted). Returns 0, EG_E_NOMEM, or
 * the first negative code of sink->row or sink->include; malformed lines
 * are warnings.
 */
int eg_acct_parse_sudoers(const char *buf, size_t len, const char *file,
			  const struct eg_acct_sink *sink);

/*
 * Reads path (normally /etc/sudoers) under r, follows its includes and
 * emits the rows. Returns 0, EG_E_NOMEM or the first negative code of
 * sink->row.
 */
int eg_acct_sudoers_load(struct eg_root *r, const char *path,
			 const struct eg_acct_sink *sink);

extern const struct eg_table_def eg_table_sudoers;

#endif
