/*
 * systemd_units.c: unit files and whether they are enabled, from the files
 * alone (see systemd_units.h). The folders are listed once, every entry
 * sorted by (name, precedence) so the winning file of each name is found
 * in O(n log n) even on a hostile tree; the *.wants links are gathered once
 * into a sorted list of (unit, wanted by) pairs.
 */
#include "systemd_units.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "opsio.h"

/* The unit-file parser ---------------------------------------------------- */


static void unit_line(const char *s, size_t n, const char *file,
		      size_t lineno, struct eg_buf *section,
		      struct eg_orows *rows)
{
	eg_ops_trim(&s, &n);
	if (n == 0 || s[0] == '#' || s[0] == ';')
		return;
	if (s[0] == '[') {
		if (n < 3 || s[n - 1] != ']') {
			eg_orows_warn(rows, _("%s:%zu: invalid section header; "
					      "line skipped"),
				      file, lineno);
			return;
		}
		eg_buf_reset(section);
		eg_buf_add(section, s + 1, n - 2);
		return;
	}
	const char *eq = memchr(s, '=', n);
	if (eq == NULL || eq == s) {
		eg_orows_warn(rows, _("%s:%zu: neither a [Section] nor a "
				      "Key=Value line; skipped"),
			      file, lineno);
		return;
	}
	if (section->len == 0) {
		eg_orows_warn(rows, _("%s:%zu: assignment outside of any "
				      "[Section]; skipped"),
			      file, lineno);
		return;
	}
	const char *k = s, *v = eq + 1;
	size_t kn = (size_t)(eq - s), vn = n - kn - 1;
	eg_ops_trim(&k, &kn);
	eg_ops_trim(&v, &vn);
	eg_orows_begin(rows);
	eg_orows_textn(rows, EG_UNIT_SECTION, section->data, section->len);
	eg_orows_textn(rows, EG_UNIT_KEY, k, kn);
	eg_orows_textn(rows, EG_UNIT_VALUE, v, vn);
	eg_orows_int(rows, EG_UNIT_LINE, (int64_t)lineno);
	eg_orows_end(rows);
}

int eg_unit_parse(const char *buf, size_t len, const char *file,
		  struct eg_orows *rows)
{
	struct eg_ops_lines it;
	struct eg_buf section, cont;
	eg_buf_init(&section, EG_LINE_MAX);
	eg_buf_init(&cont, EG_LINE_MAX);
	size_t cont_line = 0;
	int in_cont = 0, cont_bad = 0;
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n)) {
		const char *t = s;
		size_t tn = n;
		eg_ops_trim(&t, &tn);
		if (in_cont && tn > 0 && (t[0] == '#' || t[0] == ';'))
			continue; /* a comment inside a continued line */
		if (!in_cont) {
			eg_buf_reset(&cont);
			cont_line = it.lineno;
			cont_bad = 0;
		}
		int more = tn > 0 && t[tn - 1] == '\\';
		if (more) {
			eg_buf_add(&cont, s, (size_t)(t + tn - 1 - s));
			eg_buf_addc(&cont, ' ');
		} else {
			eg_buf_add(&cont, s, n);
		}
		if (cont.err != 0 && !cont_bad) {
			eg_orows_warn(rows, _("%s:%zu: continued line longer "
					      "than %u bytes; skipped"),
				      file, cont_line, EG_LINE_MAX);
			cont_bad = 1;
		}
		in_cont = more;
		if (more)
			continue;
		if (!cont_bad)
			unit_line(cont.data, cont.len, file, cont_line,
				  &section, rows);
	}
	if (in_cont && !cont_bad && eg_orows_err(rows) == 0)
		unit_line(cont.data, cont.len, file, cont_line, &section, rows);
	eg_buf_free(&section);
	eg_buf_free(&cont);
	return eg_orows_err(rows);
}

/* The table --------------------------------------------------------------- */

static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
};

static const char *const unit_types[] = {
	".service", ".socket", ".target",    ".timer", ".path",
	".mount",   ".automount", ".swap",   ".slice", ".scope",
	".device",
};

/* A unit name as systemd accepts it: [A-Za-z0-9:_.\@-], at most 255 bytes,
 * one known type suffix, a non-empty prefix, at most one '@'. */
static int unit_name(const char *name)
{
	size_t n = strlen(name), at = 0;
	if (n == 0 || n > 255)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '@')
			at++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == ':' || c == '_' ||
			   c == '.' || c == '\\' || c == '-'))
			return 0;
	}
	if (at > 1 || name[0] == '@')
		return 0;
	for (size_t i = 0; i < sizeof(unit_types) / sizeof(unit_types[0]);
	     i++) {
		size_t l = strlen(unit_types[i]);
		if (n > l && strcmp(name + n - l, unit_types[i]) == 0)
			return 1;
	}
	return 0;
}

/* "foo@bar.service" -> "foo@.service" in out; other names as they are. */
static int template_of(const char *name, struct eg_buf *out)
{
	eg_buf_reset(out);
	const char *at = strchr(name, '@');
	const char *dot = strrchr(name, '.');
	if (at == NULL || dot == NULL || dot < at)
		return eg_buf_adds(out, name);
	eg_buf_add(out, name, (size_t)(at - name) + 1);
	return eg_buf_adds(out, dot);
}

struct ent {
	char *name;
	char *path;
	size_t prec;
};

struct pair {
	char *unit;
	char *by;
};

struct units {
	struct ent *e;
	size_t n, cap;
	struct pair *p;
	size_t np, capp;
	struct eg_ops_names aliased; /* targets of etc alias links */
};

static int cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->prec < y->prec ? -1 : x->prec > y->prec;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	return c != 0 ? c : strcmp(x->by, y->by);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap == 0 ? 64 : *cap * 2;
	void *nv = eg_reallocarray(*v, ncap, size);
	if (nv == NULL)
		return EG_E_NOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

static void units_free(struct units *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->e[i].name);
		free(u->e[i].path);
	}
	free(u->e);
	for (size_t i = 0; i < u->np; i++) {
		free(u->p[i].unit);
		free(u->p[i].by);
	}
	free(u->p);
	eg_ops_names_free(&u->aliased);
}

static int gather_units(struct eg_root *root, struct units *u,
			struct eg_orows *rows)
{
	for (size_t d = 0; d < sizeof(unit_dirs) / sizeof(unit_dirs[0]); d++) {
		struct eg_ops_names names = {NULL, 0};
		int rc = eg_ops_listdir(root, unit_dirs[d], unit_name, &names,
					rows);
		if (rc != 0)
			return rc;
		for (size_t i = 0; i < names.n; i++) {
			struct eg_buf path;
			eg_buf_init(&path, EG_PATH_MAX);
			eg_ops_join(&path, unit_dirs[d], names.v[i]);
			if (path.err != 0 ||
			    grow((void **)&u->e, &u->cap, u->n,
				 sizeof(*u->e)) != 0) {
				eg_buf_free(&path);
				eg_ops_names_free(&names);
				return EG_E_NOMEM;
			}
			u->e[u->n].name = names.v[i];
			u->e[u->n].path = eg_buf_steal(&path, NULL);
			u->e[u->n].prec = d;
			names.v[i] = NULL;
			if (u->e[u->n].path == NULL) {
				free(u->e[u->n].name);
				eg_ops_names_free(&names);
				return EG_E_NOMEM;
			}
			u->n++;
		}
		eg_ops_names_free(&names);
	}
	if (u->n > 1)
		qsort(u->e, u->n, sizeof(*u->e), cmp_ent);
	return 0;
}

static int wants_dir(const char *name)
{
	size_t n = strlen(name);
	return (n > 6 && strcmp(name + n - 6, ".wants") == 0) ||
	       (n > 9 && strcmp(name + n - 9, ".requires") == 0);
}

static int gather_wants(struct eg_root *root, struct units *u,
			struct eg_orows *rows)
{
	const char *etc = unit_dirs[0];
	struct eg_ops_names dirs = {NULL, 0};
	struct eg_buf path, tmpl;
	eg_buf_init(&path, EG_PATH_MAX);
	eg_buf_init(&tmpl, EG_PATH_MAX);
	int rc = eg_ops_listdir(root, etc, wants_dir, &dirs, rows);
	for (size_t d = 0; rc == 0 && d < dirs.n; d++) {
		eg_buf_reset(&path);
		if (eg_ops_join(&path, etc, dirs.v[d]) != 0)
			continue;
		struct eg_ops_names ents = {NULL, 0};
		rc = eg_ops_listdir(root, eg_buf_str(&path), unit_name, &ents,
				    rows);
		/* "multi-user.target.wants" -> "multi-user.target" */
		char *by = dirs.v[d];
		*strrchr(by, '.') = '\0';
		for (size_t i = 0; rc == 0 && i < ents.n; i++) {
			if (template_of(ents.v[i], &tmpl) != 0)
				continue;
			rc = grow((void **)&u->p, &u->capp, u->np,
				  sizeof(*u->p));
			if (rc != 0)
				break;
			struct pair *p = &u->p[u->np];
			p->unit = eg_buf_steal(&tmpl, NULL);
			p->by = eg_strdup(by);
			if (p->unit == NULL || p->by == NULL) {
				free(p->unit);
				free(p->by);
				rc = EG_E_NOMEM;
				break;
			}
			u->np++;
		}
		eg_ops_names_free(&ents);
	}
	eg_ops_names_free(&dirs);
	eg_buf_free(&path);
	eg_buf_free(&tmpl);
	if (rc == 0 && u->np > 1)
		qsort(u->p, u->np, sizeof(*u->p), cmp_pair);
	return rc;
}

/* Appends the sorted, distinct wanted-by units of name, comma-joined. */
static void wanted_by(const struct units *u, const char *name,
		      struct eg_buf *out)
{
	eg_buf_reset(out);
	struct pair key = {(char *)name, (char *)""};
	/* lower bound of name */
	size_t lo = 0, hi = u->np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_pair(&u->p[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *last = NULL;
	for (size_t i = lo; i < u->np && strcmp(u->p[i].unit, name) == 0;
	     i++) {
		if (last != NULL && strcmp(last, u->p[i].by) == 0)
			continue;
		if (out->len > 0)
			eg_buf_addc(out, ',');
		eg_buf_adds(out, u->p[i].by);
		last = u->p[i].by;
	}
}

static int is_aliased(const struct units *u, const char *name)
{
	return u->aliased.n > 0 &&
	       bsearch(&name, u->aliased.v, u->aliased.n, sizeof(char *),
		       cmp_str) != NULL;
}

/* What [Install] says: 0 no rules (static), 1 rules, 2 only Also=. */
static int install_rules(struct eg_root *root, const char *path,
			 struct eg_orows *warn, struct eg_buf *content)
{
	eg_buf_reset(content);
	if (eg_ops_read(root, path, content, warn) != 0)
		return -1;
	struct eg_orows *kv = eg_orows_new(EG_UNIT_NCOLS);
	if (kv == NULL)
		return -1;
	eg_unit_parse(content->data, content->len, path, kv);
	for (size_t i = 0; i < eg_orows_nwarnings(kv); i++)
		if (eg_orows_warning(kv, i) != NULL)
			eg_orows_warn(warn, "%s", eg_orows_warning(kv, i));
	int rules = 0, also = 0;
	for (size_t i = 0; i < eg_orows_count(kv); i++) {
		const char *sec = NULL, *key = NULL, *val = NULL;
		int64_t v;
		eg_orows_cell(kv, i, EG_UNIT_SECTION, &sec, &v);
		eg_orows_cell(kv, i, EG_UNIT_KEY, &key, &v);
		eg_orows_cell(kv, i, EG_UNIT_VALUE, &val, &v);
		if (sec == NULL || strcmp(sec, "Install") != 0 || key == NULL ||
		    val == NULL || val[0] == '\0')
			continue;
		if (strcmp(key, "WantedBy") == 0 ||
		    strcmp(key, "RequiredBy") == 0 ||
		    strcmp(key, "UpheldBy") == 0 || strcmp(key, "Alias") == 0)
			rules = 1;
		else if (strcmp(key, "Also") == 0)
			also = 1;
	}
	eg_orows_free(kv);
	return rules ? 1 : also ? 2 : 0;
}

/* Where the services' cgroups are: 0 none (not live), 1 cgroup v2 (or the
 * unified hierarchy of hybrid mode: cgroup.events), 2 v1's systemd
 * hierarchy (cgroup.procs). */
static int cgroup_mode(struct eg_root *root, const char **base)
{
	static const struct {
		const char *dir;
		int mode;
	} where[] = {
		{"/sys/fs/cgroup/system.slice", 1},
		{"/sys/fs/cgroup/unified/system.slice", 1},
		{"/sys/fs/cgroup/systemd/system.slice", 2},
	};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		struct stat st;
		if (eg_root_stat(root, where[i].dir, 0, &st, NULL) == 0 &&
		    S_ISDIR(st.st_mode)) {
			*base = where[i].dir;
			return where[i].mode;
		}
	}
	return 0;
}

static const char *service_state(struct eg_root *root, int mode,
				 const char *base, const char *name,
				 struct eg_buf *tmp)
{
	size_t n = strlen(name);
	if (mode == 0 || n < 9 || strcmp(name + n - 8, ".service") != 0 ||
	    name[n - 9] == '@')
		return NULL;
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	eg_ops_join(&path, base, name);
	eg_buf_adds(&path, mode == 1 ? "/cgroup.events" : "/cgroup.procs");
	eg_buf_reset(tmp);
	int running = 0;
	if (path.err == 0 &&
	    eg_root_read(root, eg_buf_str(&path), EG_LINE_MAX, tmp, NULL) ==
		    0) {
		if (mode == 1) {
			const char *s = eg_buf_str(tmp);
			const char *p = strstr(s, "populated 1");
			running = p != NULL && (p == s || p[-1] == '\n');
		} else {
			running = tmp->len > 0;
		}
	}
	eg_buf_free(&path);
	return running ? "running" : "not-running";
}

static int su_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct units u;
	memset(&u, 0, sizeof(u));
	struct eg_buf link, content, wb, tmp;
	eg_buf_init(&link, EG_PATH_MAX);
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	eg_buf_init(&wb, EG_HOSTFILE_MAX_BYTES);
	eg_buf_init(&tmp, EG_LINE_MAX);
	struct eg_orows *rows = eg_orows_new(EG_SU_NCOLS);
	int rc = rows == NULL ? EG_E_NOMEM : 0;
	if (rc == 0)
		rc = gather_units(root, &u, rows);
	if (rc == 0)
		rc = gather_wants(root, &u, rows);
	if (rc != 0) {
		rc = eg_tctx_error(ctx, rc, _("out of memory"));
		goto out;
	}
	/* The winning entry of each name, and what it links to. */
	char **alias_of = eg_calloc(u.n + 1, sizeof(*alias_of));
	signed char *kind = eg_calloc(u.n + 1, 1); /* 0 file 1 masked -1 skip */
	if (alias_of == NULL || kind == NULL) {
		free(alias_of);
		free(kind);
		rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
		goto out;
	}
	size_t capa = 0;
	for (size_t i = 0; i < u.n; i++) {
		if (i > 0 && strcmp(u.e[i].name, u.e[i - 1].name) == 0) {
			kind[i] = -1; /* hidden by a folder of precedence */
			continue;
		}
		struct stat st;
		if (eg_root_stat(root, u.e[i].path, 1, &st, NULL) != 0) {
			kind[i] = -1;
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			eg_buf_reset(&link);
			if (eg_root_readlink(root, u.e[i].path, &link, NULL) !=
			    0) {
				kind[i] = -1;
				continue;
			}
			const char *t = eg_buf_str(&link);
			if (strcmp(t, "/dev/null") == 0) {
				kind[i] = 1;
				continue;
			}
			const char *b = strrchr(t, '/');
			b = b != NULL ? b + 1 : t;
			if (strcmp(b, u.e[i].name) != 0 && unit_name(b)) {
				alias_of[i] = eg_strdup(b);
				if (u.e[i].prec == 0 && alias_of[i] != NULL) {
					char *c = eg_strdup(b);
					if (c != NULL &&
					    grow((void **)&u.aliased.v, &capa,
						 u.aliased.n, sizeof(char *)) ==
						    0)
						u.aliased.v[u.aliased.n++] = c;
					else
						free(c);
				}
			}
		}
		if (eg_root_stat(root, u.e[i].path, 0, &st, NULL) != 0 ||
		    !S_ISREG(st.st_mode)) {
			eg_orows_warn(rows, _("%s: not a readable unit file "
					      "(dangling link?); skipped"),
				      u.e[i].path);
			kind[i] = -1;
		}
	}
	if (u.aliased.n > 1)
		qsort(u.aliased.v, u.aliased.n, sizeof(char *), cmp_str);
	const char *cg_base = NULL;
	int mode = cgroup_mode(root, &cg_base);
	for (size_t i = 0; i < u.n && eg_orows_err(rows) == 0; i++) {
		if (kind[i] < 0)
			continue;
		const char *name = u.e[i].name;
		const char *enabled;
		wanted_by(&u, name, &wb);
		if (kind[i] == 1) {
			enabled = "masked";
		} else if (alias_of[i] != NULL) {
			enabled = "alias";
		} else if (wb.len > 0 || is_aliased(&u, name)) {
			enabled = "enabled";
		} else {
			int r = install_rules(root, u.e[i].path, rows,
					      &content);
			enabled = r < 0    ? NULL
				  : r == 1 ? "disabled"
				  : r == 2 ? "indirect"
					   : "static";
		}
		eg_orows_begin(rows);
		eg_orows_text(rows, EG_SU_NAME, name);
		eg_orows_text(rows, EG_SU_PATH, u.e[i].path);
		eg_orows_text(rows, EG_SU_ENABLED, enabled);
		eg_orows_text(rows, EG_SU_STATE,
			      service_state(root, mode, cg_base,
					    alias_of[i] != NULL ? alias_of[i]
								: name,
					    &tmp));
		eg_orows_text(rows, EG_SU_WANTED_BY, eg_buf_str(&wb));
		eg_orows_end(rows);
	}
	for (size_t i = 0; i < u.n; i++)
		free(alias_of[i]);
	free(alias_of);
	free(kind);
	rc = eg_orows_emit(rows, ctx);
	if (rc == EG_E_LIMIT)
		rc = 0;
out:
	units_free(&u);
	eg_buf_free(&link);
	eg_buf_free(&content);
	eg_buf_free(&wb);
	eg_buf_free(&tmp);
	eg_orows_free(rows);
	return rc;
}

static const struct eg_column su_columns[] = {
	{"name", EG_TEXT, 0, "unit name, e.g. ssh.service or getty@.service"},
	{"path", EG_TEXT, 0,
	 "the unit file that wins (etc > run > usr/lib > lib)"},
	{"enabled", EG_TEXT, 0,
	 "enabled, disabled, static, indirect, masked or alias, as "
	 "systemctl is-enabled says, from the files"},
	{"state", EG_TEXT, 0,
	 "services of a live root: running (its cgroup has processes) or "
	 "not-running; NULL when unknown"},
	{"wanted_by", EG_TEXT, 0,
	 "units whose etc/systemd/system .wants/.requires folders link to "
	 "it, comma-joined ('' when none)"},
};

const struct eg_table_def eg_table_systemd_units = {
	.name = "systemd_units",
	.description = "systemd unit files under the audit root, whether "
		       "they are enabled (from the wants links), and whether a "
		       "service runs (from its cgroup, on a live root only)",
	.columns = su_columns,
	.ncolumns = sizeof(su_columns) / sizeof(su_columns[0]),
	.generate = su_generate,
};
