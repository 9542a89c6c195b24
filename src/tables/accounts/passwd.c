/*
 * passwd.c: parsers of etc/passwd, etc/group and etc/shadow, and the users,
 * groups and shadow tables.
 */
#include "passwd.h"

#include <stdint.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"

struct span {
	const char *s;
	size_t n;
};

/* Splits s[0..n) at sep into at most max fields; returns the real count. */
static size_t split(const char *s, size_t n, char sep, struct span *f,
		    size_t max)
{
	size_t count = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != sep)
			continue;
		if (count < max) {
			f[count].s = s + start;
			f[count].n = i - start;
		}
		count++;
		start = i + 1;
	}
	for (size_t k = count; k < max; k++) {
		f[k].s = "";
		f[k].n = 0;
	}
	return count;
}

/*
 * The next entry line of an account database: leading blanks skipped, empty
 * and comment lines passed over (as glibc's files service does).
 * Returns as eg_acct_lines_next.
 */
static int next_entry(struct eg_acct_lines *it, const char **s, size_t *n,
		      unsigned *lineno)
{
	int rc;
	while ((rc = eg_acct_lines_next(it, s, n, lineno)) == 1) {
		size_t i = eg_acct_skip_ws(*s, *n, 0);
		*s += i;
		*n -= i;
		if (*n > 0 && (*s)[0] != '#')
			return 1;
	}
	return rc;
}

/* A uid or gid: 0 and *out set, or -1 when f is not one. */
static int parse_id(struct span f, int64_t *out)
{
	uint64_t v;
	if (eg_parse_u64n(f.s, f.n, 10, 0, UINT32_MAX, &v) != 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* NIS compat entries ("+", "+name", "-@netgroup") may leave ids empty. */
static int is_compat(struct span name)
{
	return name.n > 0 && (name.s[0] == '+' || name.s[0] == '-');
}

/* An id cell: the number, NULL for an empty id of a compat entry, or -1. */
static int id_cell(struct span name, struct span f, struct eg_acct_val *v)
{
	int64_t id;
	if (f.n == 0 && is_compat(name)) {
		*v = eg_acct_null();
		return 0;
	}
	if (parse_id(f, &id) != 0)
		return -1;
	*v = eg_acct_int(id);
	return 0;
}

int eg_acct_parse_passwd(const char *buf, size_t len, const char *file,
			 const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	while ((rc = next_entry(&it, &s, &n, &ln)) == 1) {
		struct span f[7];
		size_t count = split(s, n, ':', f, 7);
		if (count < 4 || f[0].n == 0) {
			eg_acct_warn(sink, file, ln,
				     _("not a passwd entry (name:password:uid:gid:gecos:home:shell); skipped"));
			continue;
		}
		struct eg_acct_val v[EG_USERS_NCOLS];
		if (id_cell(f[0], f[2], &v[EG_USERS_UID]) != 0 ||
		    id_cell(f[0], f[3], &v[EG_USERS_GID]) != 0) {
			eg_acct_warn(sink, file, ln,
				     _("uid or gid is not a number from 0 to 4294967295; entry skipped"));
			continue;
		}
		if (count < 7)
			eg_acct_warn(sink, file, ln,
				     _("passwd entry with fewer than 7 fields; the missing ones are empty"));
		else if (count > 7)
			eg_acct_warn(sink, file, ln,
				     _("passwd entry with more than 7 fields; the extra ones are ignored"));
		v[EG_USERS_NAME] = eg_acct_strn(f[0].s, f[0].n);
		v[EG_USERS_GECOS] = eg_acct_strn(f[4].s, f[4].n);
		v[EG_USERS_HOME] = eg_acct_strn(f[5].s, f[5].n);
		v[EG_USERS_SHELL] = eg_acct_strn(f[6].s, f[6].n);
		rc = eg_acct_row(sink, v, EG_USERS_NCOLS);
		if (rc != 0)
			break;
	}
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

int eg_acct_parse_group(const char *buf, size_t len, const char *file,
			const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	while ((rc = next_entry(&it, &s, &n, &ln)) == 1) {
		struct span f[4];
		size_t count = split(s, n, ':', f, 4);
		if (count < 3 || f[0].n == 0) {
			eg_acct_warn(sink, file, ln,
				     _("not a group entry (name:password:gid:members); skipped"));
			continue;
		}
		struct eg_acct_val v[EG_GROUPS_NCOLS];
		if (id_cell(f[0], f[2], &v[1]) != 0) {
			eg_acct_warn(sink, file, ln,
				     _("gid is not a number from 0 to 4294967295; entry skipped"));
			continue;
		}
		if (count > 4)
			eg_acct_warn(sink, file, ln,
				     _("group entry with more than 4 fields; the extra ones are ignored"));
		v[0] = eg_acct_strn(f[0].s, f[0].n);
		v[2] = eg_acct_strn(f[3].s, f[3].n);
		rc = eg_acct_row(sink, v, EG_GROUPS_NCOLS);
		if (rc != 0)
			break;
	}
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

static int prefixed(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && memcmp(s, p, pl) == 0;
}

static int is_des_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '/';
}

const char *eg_acct_password_status(const char *pw, size_t n)
{
	if (n == 0)
		return "empty";
	if (pw[0] == '!' || pw[0] == '*')
		return "locked";
	return "hashed";
}

const char *eg_acct_hash_algorithm(const char *pw, size_t n)
{
	while (n > 0 && pw[0] == '!') {
		pw++;
		n--;
	}
	if (prefixed(pw, n, "$y$"))
		return "yescrypt";
	if (prefixed(pw, n, "$6$"))
		return "sha512";
	if (prefixed(pw, n, "$5$"))
		return "sha256";
	if (prefixed(pw, n, "$1$"))
		return "md5";
	if (prefixed(pw, n, "$2a$") || prefixed(pw, n, "$2b$") ||
	    prefixed(pw, n, "$2y$"))
		return "bcrypt";
	if (n == 13) {
		for (size_t i = 0; i < n; i++)
			if (!is_des_char(pw[i]))
				return NULL;
		return "des";
	}
	return NULL;
}

/* A day count of shadow: NULL when empty; -1 when not a number. */
static int day_cell(struct span f, int present, struct eg_acct_val *v)
{
	uint64_t d;
	if (!present || f.n == 0) {
		*v = eg_acct_null();
		return 0;
	}
	/* Day counts fit a C long on every platform shadow runs on. */
	if (eg_parse_u64n(f.s, f.n, 10, 0, INT32_MAX, &d) != 0) {
		*v = eg_acct_null();
		return -1;
	}
	*v = eg_acct_int((int64_t)d);
	return 0;
}

int eg_acct_parse_shadow(const char *buf, size_t len, const char *file,
			 const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	while ((rc = next_entry(&it, &s, &n, &ln)) == 1) {
		struct span f[9];
		size_t count = split(s, n, ':', f, 9);
		if (count < 2 || f[0].n == 0) {
			eg_acct_warn(sink, file, ln,
				     _("not a shadow entry (name:password:...); skipped"));
			continue;
		}
		/* glibc accepts the old two-field form; anything else short
		 * or long is suspicious but still an account. */
		if (count != 2 && count != 9)
			eg_acct_warn(sink, file, ln,
				     _("shadow entry without 9 fields; missing ones are NULL, extra ones ignored"));
		struct eg_acct_val v[EG_SHADOW_NCOLS];
		v[0] = eg_acct_strn(f[0].s, f[0].n);
		v[1] = eg_acct_str(eg_acct_password_status(f[1].s, f[1].n));
		v[2] = eg_acct_str(eg_acct_hash_algorithm(f[1].s, f[1].n));
		int bad = 0;
		/* Fields 2..7 are day counts; field 8 is a reserved flag. */
		for (size_t k = 2; k < 8; k++)
			if (day_cell(f[k], k < count, &v[k + 1]) != 0)
				bad = 1;
		if (bad)
			eg_acct_warn(sink, file, ln,
				     _("shadow day field is not a number; shown as NULL"));
		rc = eg_acct_row(sink, v, EG_SHADOW_NCOLS);
		if (rc != 0)
			break;
	}
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

typedef int (*parse_fn)(const char *, size_t, const char *,
			const struct eg_acct_sink *);

/* Reads path and feeds it to parse; secret files are wiped after use. */
static int generate_from(struct eg_tctx *ctx, const char *path, parse_fn parse,
			 int secret)
{
	struct eg_acct_sink sink;
	struct eg_buf b;
	eg_acct_tctx_sink(ctx, &sink);
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	int rc = eg_acct_read(eg_tctx_root(ctx), path, &b, &sink);
	if (rc == 0)
		rc = parse(b.data, b.len, path, &sink);
	else
		rc = 0; /* absent or unreadable: no rows, warned */
	if (rc == EG_E_LIMIT)
		rc = 0; /* the table is full: the engine said so */
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	if (secret && b.data != NULL)
		eg_wipe(b.data, b.cap);
	eg_buf_free(&b);
	return rc;
}

static int gen_users(struct eg_tctx *ctx)
{
	return generate_from(ctx, "/etc/passwd", eg_acct_parse_passwd, 0);
}

static int gen_groups(struct eg_tctx *ctx)
{
	return generate_from(ctx, "/etc/group", eg_acct_parse_group, 0);
}

static int gen_shadow(struct eg_tctx *ctx)
{
	return generate_from(ctx, "/etc/shadow", eg_acct_parse_shadow, 1);
}

static const struct eg_column users_cols[] = {
	{"name", EG_TEXT, 0, "Login name"},
	{"uid", EG_INT, 0, "User ID (NULL for an NIS compat entry without one)"},
	{"gid", EG_INT, 0, "Primary group ID"},
	{"gecos", EG_TEXT, 0, "GECOS field (full name, contact)"},
	{"home", EG_TEXT, 0, "Home directory"},
	{"shell", EG_TEXT, 0, "Login shell ('' means /bin/sh)"},
};

const struct eg_table_def eg_table_users = {
	"users",
	"Accounts of etc/passwd, one row per entry in file order",
	users_cols, sizeof(users_cols) / sizeof(users_cols[0]),
	gen_users,
};

static const struct eg_column groups_cols[] = {
	{"name", EG_TEXT, 0, "Group name"},
	{"gid", EG_INT, 0, "Group ID"},
	{"members", EG_TEXT, 0, "Supplementary members, comma-joined as in the file ('' when none)"},
};

const struct eg_table_def eg_table_groups = {
	"groups",
	"Groups of etc/group, one row per entry in file order",
	groups_cols, sizeof(groups_cols) / sizeof(groups_cols[0]),
	gen_groups,
};

static const struct eg_column shadow_cols[] = {
	{"name", EG_TEXT, 0, "Login name"},
	{"password_status", EG_TEXT, 0, "empty, locked (starts with ! or *) or hashed"},
	{"hash_algorithm", EG_TEXT, 0, "yescrypt, sha512, sha256, md5, bcrypt, des, or NULL when none or unknown (of the hash behind a ! lock too)"},
	{"last_change", EG_INT, 0, "Day of the last password change (days since 1970-01-01; 0 forces a change)"},
	{"min_days", EG_INT, 0, "Minimum days between password changes"},
	{"max_days", EG_INT, 0, "Maximum days a password is valid"},
	{"warn_days", EG_INT, 0, "Days of warning before a password expires"},
	{"inactive_days", EG_INT, 0, "Days after expiry until the account is disabled"},
	{"expire", EG_INT, 0, "Day the account expires (days since 1970-01-01)"},
};

const struct eg_table_def eg_table_shadow = {
	"shadow",
	"Password state of the accounts of etc/shadow (never the hashes); day fields NULL when empty",
	shadow_cols, sizeof(shadow_cols) / sizeof(shadow_cols[0]),
	gen_shadow,
};
