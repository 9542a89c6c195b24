/*
 * sshd.h: the effective global settings of the OpenSSH server
 * (etc/ssh/sshd_config and the files it includes) and the sshd_config table.
 *
 * The files are read as sshd 9.2 reads them: a keyword (case-insensitive,
 * separated from its arguments by blanks or one '='), arguments split with
 * sshd's quoting rules and a '#' word ending the line. For most keywords the
 * first value wins; Port, ListenAddress, HostKey, HostCertificate, AcceptEnv,
 * AllowUsers, DenyUsers, AllowGroups, DenyGroups and Subsystem accumulate, so
 * each of their lines is a row. Aliases take their canonical name
 * (ChallengeResponseAuthentication is kbdinteractiveauthentication).
 *
 * Match blocks: the settings after a Match line, up to the next Match or the
 * end of that file, apply only to some connections, so they are not part of
 * the global view and are left out; "Match all" returns to the global
 * context as it does for sshd. An Include inside a Match block is not
 * followed for the same reason.
 *
 * Include: each argument is a glob, relative ones under /etc/ssh, expanded
 * under the audit root only and sorted bytewise as glob(3) does; included
 * files are parsed in place, nested at most EG_CONF_MAX_INCLUDE_DEPTH deep
 * (sshd's own limit), a file that includes itself (directly or not) is
 * reported and skipped.
 *
 * Defaults: every keyword the files do not set gets the compiled-in value of
 * Debian 12's OpenSSH 9.2p1 (not the values of Debian's shipped
 * sshd_config), with file and line NULL. Ciphers, MACs, KexAlgorithms and the
 * key algorithm lists given as "+list", "-list" or "^list" are expanded
 * against those defaults, as sshd does.
 */
#ifndef EG_ACCT_SSHD_H
#define EG_ACCT_SSHD_H

#include <stddef.h>

#include "../../util/rootfs.h"
#include "../vtab.h"
#include "acct_common.h"

struct eg_sshd;

/* A new, empty set of settings. Returns 0 or EG_E_NOMEM.
 * OUT: caller frees with eg_sshd_free. */
int eg_sshd_new(struct eg_sshd **out);

/* Frees s; NULL is fine. */
void eg_sshd_free(struct eg_sshd *s);

/*
 * Parses buf[0..len) (the contents of file) into s. For every argument of
 * an Include line in the global context, calls sink->include(arg, file, line,
 * pattern, 0, NULL) at that point, so the caller can parse the included files
 * into s before the rest of this one. Returns 0, EG_E_NOMEM, or a negative
 * code the include callback returned; malformed lines are warnings.
 */
int eg_sshd_parse(struct eg_sshd *s, const char *buf, size_t len,
		  const char *file, const struct eg_acct_sink *sink);

/*
 * Emits sshd_config(keyword, value, file, line) rows: the settings in the
 * order they were found, then the defaults of the keywords not set.
 * Returns 0 or the first negative code of sink->row.
 */
int eg_sshd_emit(const struct eg_sshd *s, const struct eg_acct_sink *sink);

/*
 * The whole job: reads path (normally /etc/ssh/sshd_config) under r,
 * follows its Includes and emits the rows. An absent path gives no rows at
 * all (no server configured). Returns 0, EG_E_NOMEM, or the first negative
 * code of sink->row.
 */
int eg_sshd_load(struct eg_root *r, const char *path,
		 const struct eg_acct_sink *sink);

extern const struct eg_table_def eg_table_sshd_config;

#endif
