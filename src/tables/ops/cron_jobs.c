/*
 * cron_jobs.c: the jobs cron runs (see cron_jobs.h), parsed as Debian's
 * cron (Vixie cron) reads crontabs: an environment line is `NAME = value`
 * (the name may be quoted), a job is five time fields or an @special, then
 * the user (system crontabs only), then the command up to the end of line.
 */
#include "cron_jobs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "opsio.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* cron's load_env: a name (quoted, or up to a blank or '='), optional
 * blanks, then '='. */
static int is_env(const char *s, size_t n)
{
	size_t i = 0;
	if (s[0] == '"' || s[0] == '\'') {
		const char *q = memchr(s + 1, s[0], n - 1);
		if (q == NULL)
			return 0;
		i = (size_t)(q - s) + 1;
	} else {
		while (i < n && !is_blank(s[i]) && s[i] != '=')
			i++;
		if (i == 0)
			return 0;
	}
	while (i < n && is_blank(s[i]))
		i++;
	return i < n && s[i] == '=';
}

static const char *const specials[] = {
	"@reboot", "@yearly", "@annually", "@monthly", "@weekly",
	"@daily",  "@midnight", "@hourly",
};

/* A time field: numbers, names (jan, mon), * , - / only. */
static int time_field(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '*' || c == ',' ||
		      c == '-' || c == '/'))
			return 0;
	}
	return n > 0;
}

#define QN(n) ((int)((n) > EG_QUOTE_MAX ? EG_QUOTE_MAX : (n)))

static void parse_line(const char *s, size_t n, const char *file,
		       size_t lineno, const char *user, struct eg_orows *rows,
		       struct eg_buf *sched)
{
	eg_ops_trim(&s, &n);
	if (n == 0 || s[0] == '#')
		return;
	if (is_env(s, n))
		return;
	const char *p = s, *end = s + n;
	const char *w;
	size_t wn;
	eg_buf_reset(sched);
	eg_ops_word(&p, end, &w, &wn);
	if (w[0] == '@') {
		int known = 0;
		for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]);
		     i++)
			if (eg_ops_eq(w, wn, specials[i], 0))
				known = 1;
		if (!known) {
			eg_orows_warn(rows, _("%s:%zu: unknown schedule "
					      "\"%.*s\"; line skipped"),
				      file, lineno, QN(wn), w);
			return;
		}
		eg_buf_add(sched, w, wn);
	} else {
		for (int f = 0; f < 5; f++) {
			if (f > 0 && !eg_ops_word(&p, end, &w, &wn))
				wn = 0;
			if (!time_field(w, wn) ||
			    (f == 0 && !(w[0] == '*' ||
					 (w[0] >= '0' && w[0] <= '9')))) {
				eg_orows_warn(rows, _("%s:%zu: neither a job "
						      "(five time fields or "
						      "@special) nor a "
						      "NAME=value line; line "
						      "skipped"),
					      file, lineno);
				return;
			}
			if (f > 0)
				eg_buf_addc(sched, ' ');
			eg_buf_add(sched, w, wn);
		}
	}
	const char *u = user;
	size_t un = user != NULL ? strlen(user) : 0;
	if (user == NULL && !eg_ops_word(&p, end, &u, &un)) {
		eg_orows_warn(rows, _("%s:%zu: no user after the schedule; "
				      "line skipped"),
			      file, lineno);
		return;
	}
	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		eg_orows_warn(rows, _("%s:%zu: no command after the %s; line "
				      "skipped"),
			      file, lineno, user == NULL ? _("user")
							 : _("schedule"));
		return;
	}
	eg_orows_begin(rows);
	eg_orows_text(rows, EG_CRON_FILE, file);
	eg_orows_int(rows, EG_CRON_LINE, (int64_t)lineno);
	eg_orows_textn(rows, EG_CRON_USER, u, un);
	eg_orows_textn(rows, EG_CRON_SCHEDULE, sched->data, sched->len);
	eg_orows_textn(rows, EG_CRON_COMMAND, p, (size_t)(end - p));
	eg_orows_end(rows);
}

int eg_crontab_parse(const char *buf, size_t len, const char *file,
		     const char *user, struct eg_orows *rows)
{
	struct eg_ops_lines it;
	struct eg_buf sched;
	eg_buf_init(&sched, EG_LINE_MAX);
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n))
		parse_line(s, n, file, it.lineno, user, rows, &sched);
	eg_buf_free(&sched);
	return eg_orows_err(rows);
}

/* The table --------------------------------------------------------------- */

/* run-parts' default naming rule (Debian cron applies it to cron.d too). */
static int runparts_name(const char *name)
{
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return name[0] != '\0';
}

static int spool_name(const char *name)
{
	return name[0] != '.' && strncmp(name, "tmp.", 4) != 0;
}

/* Reads and parses every accepted regular file of dir; user_is_name: the
 * file's name is the user (spool). */
static void crontab_dir(struct eg_root *root, const char *dir,
			eg_ops_name_fn keep, int user_is_name,
			struct eg_orows *rows, struct eg_buf *content)
{
	struct eg_ops_names names = {NULL, 0};
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	if (eg_ops_listdir(root, dir, keep, &names, rows) != 0)
		goto out;
	for (size_t i = 0; i < names.n && eg_orows_err(rows) == 0; i++) {
		eg_buf_reset(&path);
		if (eg_ops_join(&path, dir, names.v[i]) != 0)
			continue;
		struct stat st;
		if (eg_root_stat(root, eg_buf_str(&path), 0, &st, NULL) != 0 ||
		    !S_ISREG(st.st_mode))
			continue; /* the crontabs folder in var/spool/cron */
		eg_buf_reset(content);
		if (eg_ops_read(root, eg_buf_str(&path), content, rows) != 0)
			continue;
		eg_crontab_parse(content->data, content->len,
				 eg_buf_str(&path),
				 user_is_name ? names.v[i] : NULL, rows);
	}
out:
	eg_ops_names_free(&names);
	eg_buf_free(&path);
}

static void periodic_dir(struct eg_root *root, const char *dir,
			 const char *sched, struct eg_orows *rows)
{
	struct eg_ops_names names = {NULL, 0};
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	if (eg_ops_listdir(root, dir, runparts_name, &names, rows) != 0)
		goto out;
	for (size_t i = 0; i < names.n && eg_orows_err(rows) == 0; i++) {
		eg_buf_reset(&path);
		if (eg_ops_join(&path, dir, names.v[i]) != 0)
			continue;
		struct stat st;
		/* run-parts runs executable regular files only. */
		if (eg_root_stat(root, eg_buf_str(&path), 0, &st, NULL) != 0 ||
		    !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
			continue;
		eg_orows_begin(rows);
		eg_orows_text(rows, EG_CRON_FILE, eg_buf_str(&path));
		eg_orows_text(rows, EG_CRON_USER, "root");
		eg_orows_text(rows, EG_CRON_SCHEDULE, sched);
		eg_orows_text(rows, EG_CRON_COMMAND, eg_buf_str(&path));
		eg_orows_end(rows);
	}
out:
	eg_ops_names_free(&names);
	eg_buf_free(&path);
}

static int cron_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_CRON_NCOLS);
	if (rows == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	if (eg_ops_read(root, "/etc/crontab", &content, rows) == 0)
		eg_crontab_parse(content.data, content.len, "/etc/crontab",
				 NULL, rows);
	crontab_dir(root, "/etc/cron.d", runparts_name, 0, rows, &content);
	crontab_dir(root, "/var/spool/cron/crontabs", spool_name, 1, rows,
		    &content);
	crontab_dir(root, "/var/spool/cron", spool_name, 1, rows, &content);
	static const char *const periods[][2] = {
		{"/etc/cron.hourly", "@hourly"},
		{"/etc/cron.daily", "@daily"},
		{"/etc/cron.weekly", "@weekly"},
		{"/etc/cron.monthly", "@monthly"},
	};
	for (size_t i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		periodic_dir(root, periods[i][0], periods[i][1], rows);
	int rc = eg_orows_emit(rows, ctx);
	eg_buf_free(&content);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static const struct eg_column cron_columns[] = {
	{"file", EG_TEXT, 0, "crontab file (or the periodic script itself)"},
	{"line", EG_INT, 0, "line of the job; NULL for a periodic script"},
	{"user", EG_TEXT, 0, "user the job runs as"},
	{"schedule", EG_TEXT, 0,
	 "the five time fields joined by one space, or @reboot, @daily..."},
	{"command", EG_TEXT, 0,
	 "the command as written (a script's path for cron.daily...)"},
};

const struct eg_table_def eg_table_cron_jobs = {
	.name = "cron_jobs",
	.description = "cron jobs from etc/crontab, etc/cron.d, the user "
		       "crontabs in var/spool/cron and the scripts of "
		       "etc/cron.hourly/daily/weekly/monthly (never run)",
	.columns = cron_columns,
	.ncolumns = sizeof(cron_columns) / sizeof(cron_columns[0]),
	.generate = cron_generate,
};
