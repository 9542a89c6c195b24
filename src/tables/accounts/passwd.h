/*
 * passwd.h: the account databases etc/passwd, etc/group and etc/shadow, and
 * the tables users, groups and shadow built from them.
 *
 * The parsers read the files as glibc's "files" service does: leading blanks
 * skipped, empty and '#' lines ignored, a line with fewer fields than usual
 * still an entry (glibc accepts "evil:x:0:0" as a uid-0 account with an empty
 * shell), extra fields ignored. Such lines are reported as warnings but kept,
 * so a malformed line cannot hide an account from the audit; a line whose
 * uid or gid is not a number is skipped with a warning, as glibc skips it.
 *
 * Password hashes never leave the shadow parser: a row says only whether the
 * password is empty, locked or hashed, and with which algorithm.
 */
#ifndef EG_ACCT_PASSWD_H
#define EG_ACCT_PASSWD_H

#include <stddef.h>

#include "../vtab.h"
#include "acct_common.h"

/* Column counts and indexes of the rows the parsers emit. */
enum { EG_USERS_NAME, EG_USERS_UID, EG_USERS_GID, EG_USERS_GECOS,
       EG_USERS_HOME, EG_USERS_SHELL, EG_USERS_NCOLS };
enum { EG_GROUPS_NCOLS = 3 };
enum { EG_SHADOW_NCOLS = 9 };

/*
 * Parse buf[0..len) (the contents of file, used in warnings) and emit one
 * row per entry to sink: users(name, uid, gid, gecos, home, shell),
 * groups(name, gid, members) and shadow(name, password_status,
 * hash_algorithm, last_change, min_days, max_days, warn_days, inactive_days,
 * expire). Return 0, or the first negative code sink->row returned, or
 * EG_E_NOMEM. Never fail on malformed input: bad lines become warnings.
 */
int eg_acct_parse_passwd(const char *buf, size_t len, const char *file,
			 const struct eg_acct_sink *sink);
int eg_acct_parse_group(const char *buf, size_t len, const char *file,
			const struct eg_acct_sink *sink);
int eg_acct_parse_shadow(const char *buf, size_t len, const char *file,
			 const struct eg_acct_sink *sink);

/*
 * Classify a password field pw[0..n): "empty", "locked" (starts with ! or *)
 * or "hashed"; and its algorithm: "yescrypt", "sha512", "sha256", "md5",
 * "bcrypt", "des" or NULL (unknown or none). A locked field's algorithm is
 * the one of the hash after the leading '!'s ("!$6$..." is sha512).
 */
const char *eg_acct_password_status(const char *pw, size_t n);
const char *eg_acct_hash_algorithm(const char *pw, size_t n);

extern const struct eg_table_def eg_table_users;
extern const struct eg_table_def eg_table_groups;
extern const struct eg_table_def eg_table_shadow;

#endif
