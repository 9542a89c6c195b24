/*
 * time_sync.c: chrony, systemd-timesyncd and ntpd configuration (see
 * time_sync.h). chrony's own include rules are followed with the include
 * bookkeeping of opsio.h, so a cycle or a deep nest ends with a warning.
 */
#include "time_sync.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "opsio.h"
#include "systemd_units.h"

static void add_row(struct eg_orows *rows, const char *service,
		    const char *setting, size_t settingn, const char *value,
		    size_t valuen, const char *file)
{
	eg_orows_begin(rows);
	eg_orows_text(rows, EG_TS_SERVICE, service);
	eg_orows_textn(rows, EG_TS_SETTING, setting, settingn);
	eg_orows_textn(rows, EG_TS_VALUE, value, valuen);
	eg_orows_text(rows, EG_TS_FILE, file);
	eg_orows_end(rows);
}

/* "directive args..." lines: the directive lowercased, the arguments with
 * their blanks collapsed to one space. */
static int directive_parse(const char *buf, size_t len, const char *file,
			   const char *service, const char *comments,
			   struct eg_orows *rows)
{
	struct eg_ops_lines it;
	struct eg_buf key, val;
	eg_buf_init(&key, EG_LINE_MAX);
	eg_buf_init(&val, EG_LINE_MAX);
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (n == 0 || strchr(comments, s[0]) != NULL)
			continue;
		const char *p = s, *end = s + n, *w;
		size_t wn;
		eg_ops_word(&p, end, &w, &wn);
		eg_buf_reset(&key);
		for (size_t i = 0; i < wn; i++)
			eg_buf_addc(&key, w[i] >= 'A' && w[i] <= 'Z'
						  ? (char)(w[i] - 'A' + 'a')
						  : w[i]);
		eg_buf_reset(&val);
		while (eg_ops_word(&p, end, &w, &wn)) {
			if (val.len > 0)
				eg_buf_addc(&val, ' ');
			eg_buf_add(&val, w, wn);
		}
		add_row(rows, service, key.data, key.len, eg_buf_str(&val),
			val.len, file);
	}
	eg_buf_free(&key);
	eg_buf_free(&val);
	return eg_orows_err(rows);
}

int eg_chrony_parse(const char *buf, size_t len, const char *file,
		    struct eg_orows *rows)
{
	return directive_parse(buf, len, file, "chrony", "#!;%", rows);
}

int eg_ntp_parse(const char *buf, size_t len, const char *file,
		 struct eg_orows *rows)
{
	return directive_parse(buf, len, file, "ntpd", "#", rows);
}

/* chrony ------------------------------------------------------------------ */

static void chrony_file(struct eg_ops_src *src, const char *path,
			int missing_ok, struct eg_orows *rows);

/* The files with suffix in the folders named by value (a confdir or
 * sourcedir line): merged in name order, the first folder winning a name,
 * as chronyd does. */
static void chrony_dirs(struct eg_ops_src *src, const char *value,
			const char *suffix, struct eg_orows *rows)
{
	struct eg_ops_names all = {NULL, 0};
	size_t cap = 0;
	const char *p = value, *end = value + strlen(value), *w;
	size_t wn;
	struct eg_buf dir, path;
	eg_buf_init(&dir, EG_PATH_MAX);
	eg_buf_init(&path, EG_PATH_MAX);
	size_t sl = strlen(suffix);
	/* Pairs "name\0path" so one sort orders by name, then by folder
	 * order (kept by a stable merge below). */
	size_t ndirs = 0;
	while (eg_ops_word(&p, end, &w, &wn) && ndirs++ < 10) {
		eg_buf_reset(&dir);
		eg_buf_add(&dir, w, wn);
		struct eg_ops_names names = {NULL, 0};
		if (dir.err != 0 ||
		    eg_ops_listdir(src->root, eg_buf_str(&dir), NULL, &names,
				   rows) != 0)
			continue;
		for (size_t i = 0; i < names.n; i++) {
			size_t l = strlen(names.v[i]);
			if (l <= sl || strcmp(names.v[i] + l - sl, suffix) != 0)
				continue;
			int seen = 0;
			for (size_t k = 0; k < all.n && !seen; k++)
				seen = strcmp(all.v[k], names.v[i]) == 0;
			if (seen || all.n >= EG_CONF_MAX_FILES)
				continue;
			eg_buf_reset(&path);
			eg_buf_adds(&path, names.v[i]);
			eg_buf_addc(&path, '\0');
			eg_ops_join(&path, eg_buf_str(&dir), names.v[i]);
			if (path.err != 0)
				continue;
			if (all.n == cap) {
				size_t nc = cap == 0 ? 16 : cap * 2;
				char **nv = eg_reallocarray(all.v, nc,
							    sizeof(*nv));
				if (nv == NULL)
					break;
				all.v = nv;
				cap = nc;
			}
			char *pair = eg_buf_steal(&path, NULL);
			if (pair != NULL)
				all.v[all.n++] = pair;
		}
		eg_ops_names_free(&names);
	}
	/* Sort by name (the part before the NUL). */
	for (size_t i = 1; i < all.n; i++) {
		char *x = all.v[i];
		size_t j = i;
		while (j > 0 && strcmp(all.v[j - 1], x) > 0) {
			all.v[j] = all.v[j - 1];
			j--;
		}
		all.v[j] = x;
	}
	for (size_t i = 0; i < all.n; i++)
		chrony_file(src, all.v[i] + strlen(all.v[i]) + 1, 0, rows);
	eg_ops_names_free(&all);
	eg_buf_free(&dir);
	eg_buf_free(&path);
}

static void chrony_file(struct eg_ops_src *src, const char *path,
			int missing_ok, struct eg_orows *rows)
{
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	if (eg_ops_src_enter(src, path, missing_ok, &content) != 0) {
		eg_buf_free(&content);
		return;
	}
	size_t first = eg_orows_count(rows);
	eg_chrony_parse(content.data, content.len, path, rows);
	eg_buf_free(&content);
	size_t last = eg_orows_count(rows);
	for (size_t i = first; i < last && eg_orows_err(rows) == 0; i++) {
		const char *set = NULL, *val = NULL;
		int64_t v;
		eg_orows_cell(rows, i, EG_TS_SETTING, &set, &v);
		eg_orows_cell(rows, i, EG_TS_VALUE, &val, &v);
		if (set == NULL || val == NULL)
			continue;
		/* Copies: rows may move while the includes add to them. */
		char *value = eg_strdup(val);
		if (value == NULL)
			break;
		if (strcmp(set, "include") == 0) {
			struct eg_ops_names files = {NULL, 0};
			if (eg_ops_glob(src->root, value, "/", &files, rows) ==
			    0)
				for (size_t k = 0; k < files.n; k++)
					chrony_file(src, files.v[k], 0, rows);
			eg_ops_names_free(&files);
		} else if (strcmp(set, "confdir") == 0) {
			chrony_dirs(src, value, ".conf", rows);
		} else if (strcmp(set, "sourcedir") == 0) {
			chrony_dirs(src, value, ".sources", rows);
		}
		free(value);
	}
	eg_ops_src_leave(src);
}

/* systemd-timesyncd ------------------------------------------------------- */

static void timesyncd_file(struct eg_root *root, const char *path,
			   struct eg_orows *rows, struct eg_buf *content)
{
	eg_buf_reset(content);
	if (eg_ops_read(root, path, content, rows) != 0)
		return;
	struct eg_orows *kv = eg_orows_new(EG_UNIT_NCOLS);
	if (kv == NULL)
		return;
	eg_unit_parse(content->data, content->len, path, kv);
	for (size_t i = 0; eg_orows_warning(kv, i) != NULL; i++)
		eg_orows_warn(rows, "%s", eg_orows_warning(kv, i));
	for (size_t i = 0; i < eg_orows_count(kv); i++) {
		const char *sec = NULL, *key = NULL, *val = NULL;
		int64_t v;
		eg_orows_cell(kv, i, EG_UNIT_SECTION, &sec, &v);
		eg_orows_cell(kv, i, EG_UNIT_KEY, &key, &v);
		eg_orows_cell(kv, i, EG_UNIT_VALUE, &val, &v);
		if (sec == NULL || strcmp(sec, "Time") != 0 || key == NULL ||
		    val == NULL)
			continue;
		add_row(rows, "systemd-timesyncd", key, strlen(key), val,
			strlen(val), path);
	}
	eg_orows_free(kv);
}

static int conf_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

/* The drop-in name of folder dir, unless a link to /dev/null masks it. */
static void timesyncd_dropin(struct eg_root *root, const char *dir,
			     const char *name, struct eg_orows *rows,
			     struct eg_buf *content)
{
	struct eg_buf path, link;
	eg_buf_init(&path, EG_PATH_MAX);
	eg_buf_init(&link, EG_PATH_MAX);
	eg_ops_join(&path, dir, name);
	const char *p = eg_buf_str(&path);
	int masked = eg_root_readlink(root, p, &link, NULL) == 0 &&
		     strcmp(eg_buf_str(&link), "/dev/null") == 0;
	if (path.err == 0 && !masked)
		timesyncd_file(root, p, rows, content);
	eg_buf_free(&path);
	eg_buf_free(&link);
}

static void timesyncd(struct eg_root *root, struct eg_orows *rows,
		      struct eg_buf *content)
{
	if (eg_ops_lexists(root, "/etc/systemd/timesyncd.conf"))
		timesyncd_file(root, "/etc/systemd/timesyncd.conf", rows,
			       content);
	else
		timesyncd_file(root, "/usr/lib/systemd/timesyncd.conf", rows,
			       content);
	static const char *const dirs[] = {
		"/etc/systemd/timesyncd.conf.d",
		"/run/systemd/timesyncd.conf.d",
		"/usr/local/lib/systemd/timesyncd.conf.d",
		"/usr/lib/systemd/timesyncd.conf.d",
	};
	/* Every (name, folder) pair, then by name with the first folder
	 * winning; a link to /dev/null masks the name. */
	struct eg_ops_names lists[4];
	memset(lists, 0, sizeof(lists));
	for (size_t d = 0; d < 4; d++)
		eg_ops_listdir(root, dirs[d], conf_name, &lists[d], rows);
	size_t pos[4] = {0, 0, 0, 0};
	for (;;) {
		const char *next = NULL;
		for (size_t d = 0; d < 4; d++) {
			if (pos[d] >= lists[d].n)
				continue;
			const char *nm = lists[d].v[pos[d]];
			if (next == NULL || strcmp(nm, next) < 0)
				next = nm;
		}
		if (next == NULL)
			break;
		int done = 0;
		for (size_t d = 0; d < 4; d++) {
			if (pos[d] >= lists[d].n ||
			    strcmp(lists[d].v[pos[d]], next) != 0)
				continue;
			if (!done) {
				done = 1;
				timesyncd_dropin(root, dirs[d], next, rows,
						 content);
			}
			pos[d]++;
		}
	}
	for (size_t d = 0; d < 4; d++)
		eg_ops_names_free(&lists[d]);
}

/* Installed services ------------------------------------------------------ */

static void installed(struct eg_root *root, const char *service,
		      const char *const *evidence, struct eg_orows *rows)
{
	for (size_t i = 0; evidence[i] != NULL; i++) {
		if (!eg_ops_exists(root, evidence[i]))
			continue;
		add_row(rows, service, "installed", 9, "yes", 3, evidence[i]);
		return;
	}
}

static int ts_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_TS_NCOLS);
	if (rows == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);

	static const char *const chrony_ev[] = {
		"/usr/sbin/chronyd", "/etc/systemd/system/chrony.service",
		"/usr/lib/systemd/system/chrony.service",
		"/lib/systemd/system/chrony.service",
		"/usr/lib/systemd/system/chronyd.service", NULL};
	static const char *const timesyncd_ev[] = {
		"/usr/lib/systemd/systemd-timesyncd",
		"/lib/systemd/systemd-timesyncd",
		"/usr/lib/systemd/system/systemd-timesyncd.service",
		"/lib/systemd/system/systemd-timesyncd.service", NULL};
	static const char *const ntpd_ev[] = {
		"/usr/sbin/ntpd", "/usr/lib/systemd/system/ntpsec.service",
		"/lib/systemd/system/ntpsec.service",
		"/usr/lib/systemd/system/ntp.service",
		"/lib/systemd/system/ntp.service",
		"/usr/lib/systemd/system/ntpd.service", NULL};
	installed(root, "chrony", chrony_ev, rows);
	installed(root, "systemd-timesyncd", timesyncd_ev, rows);
	installed(root, "ntpd", ntpd_ev, rows);

	struct eg_ops_src src;
	eg_ops_src_init(&src, root, rows);
	if (eg_ops_lexists(root, "/etc/chrony/chrony.conf"))
		chrony_file(&src, "/etc/chrony/chrony.conf", 1, rows);
	else
		chrony_file(&src, "/etc/chrony.conf", 1, rows);

	timesyncd(root, rows, &content);

	static const char *const ntp_files[] = {"/etc/ntp.conf",
						"/etc/ntpsec/ntp.conf"};
	for (size_t i = 0; i < 2; i++) {
		eg_buf_reset(&content);
		if (eg_ops_read(root, ntp_files[i], &content, rows) == 0)
			eg_ntp_parse(content.data, content.len, ntp_files[i],
				     rows);
	}
	int rc = eg_orows_emit(rows, ctx);
	eg_buf_free(&content);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static const struct eg_column ts_columns[] = {
	{"service", EG_TEXT, 0, "chrony, systemd-timesyncd or ntpd"},
	{"setting", EG_TEXT, 0,
	 "directive (server, pool, makestep...) or key (NTP, FallbackNTP); "
	 "'installed' for the row saying the service is installed"},
	{"value", EG_TEXT, 0, "its arguments, blanks collapsed ('yes' for "
			      "installed)"},
	{"file", EG_TEXT, 0,
	 "the file it comes from (for installed: the daemon or unit found)"},
};

const struct eg_table_def eg_table_time_sync = {
	.name = "time_sync",
	.description = "time synchronisation: chrony, systemd-timesyncd and "
		       "ntpd settings, and which of them is installed",
	.columns = ts_columns,
	.ncolumns = sizeof(ts_columns) / sizeof(ts_columns[0]),
	.generate = ts_generate,
};
