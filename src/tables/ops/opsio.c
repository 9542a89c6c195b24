/*
 * opsio.c: bounded reading of configuration files under the audit root for
 * the "ops" tables (see opsio.h).
 */
#include "opsio.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/mem.h"

void eg_ops_lines_init(struct eg_ops_lines *it, const char *buf, size_t len,
		       const char *file, struct eg_orows *warn)
{
	it->buf = buf;
	it->len = buf == NULL ? 0 : len;
	it->pos = 0;
	it->lineno = 0;
	it->file = file;
	it->warn = warn;
}

int eg_ops_lines_next(struct eg_ops_lines *it, const char **line, size_t *n)
{
	while (it->pos < it->len) {
		if (it->lineno >= EG_CONF_MAX_LINES) {
			if (it->warn != NULL)
				eg_orows_warn(it->warn,
					      _("%s: more than %u lines; the "
						"rest is ignored"),
					      it->file, EG_CONF_MAX_LINES);
			it->pos = it->len;
			return 0;
		}
		const char *s = it->buf + it->pos;
		size_t rest = it->len - it->pos;
		const char *nl = memchr(s, '\n', rest);
		size_t l = nl != NULL ? (size_t)(nl - s) : rest;
		it->pos += l + (nl != NULL ? 1 : 0);
		it->lineno++;
		if (l > 0 && s[l - 1] == '\r')
			l--;
		if (l > EG_LINE_MAX) {
			if (it->warn != NULL)
				eg_orows_warn(it->warn,
					      _("%s:%zu: line longer than %u "
						"bytes skipped"),
					      it->file, it->lineno, EG_LINE_MAX);
			continue;
		}
		if (memchr(s, '\0', l) != NULL) {
			if (it->warn != NULL)
				eg_orows_warn(it->warn,
					      _("%s:%zu: line holding a NUL "
						"byte skipped"),
					      it->file, it->lineno);
			continue;
		}
		*line = s;
		*n = l;
		return 1;
	}
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

void eg_ops_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t l = *n;
	while (l > 0 && is_blank(p[0])) {
		p++;
		l--;
	}
	while (l > 0 && is_blank(p[l - 1]))
		l--;
	*s = p;
	*n = l;
}

int eg_ops_word(const char **p, const char *end, const char **w, size_t *wn)
{
	const char *s = *p;
	while (s < end && is_blank(*s))
		s++;
	if (s >= end) {
		*p = s;
		return 0;
	}
	const char *b = s;
	while (s < end && !is_blank(*s))
		s++;
	*w = b;
	*wn = (size_t)(s - b);
	*p = s;
	return 1;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int eg_ops_eq(const char *s, size_t n, const char *lit, int icase)
{
	size_t l = strlen(lit);
	if (l != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char a = icase ? lower(s[i]) : s[i];
		char b = icase ? lower(lit[i]) : lit[i];
		if (a != b)
			return 0;
	}
	return 1;
}

void eg_ops_names_free(struct eg_ops_names *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int names_add(struct eg_ops_names *l, char *s, size_t *cap)
{
	if (s == NULL)
		return EG_E_NOMEM;
	if (l->n == *cap) {
		size_t ncap = *cap == 0 ? 16 : *cap * 2;
		char **nv = eg_reallocarray(l->v, ncap, sizeof(*nv));
		if (nv == NULL) {
			free(s);
			return EG_E_NOMEM;
		}
		l->v = nv;
		*cap = ncap;
	}
	l->v[l->n++] = s;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int eg_ops_listdir(struct eg_root *root, const char *dir, eg_ops_name_fn keep,
		   struct eg_ops_names *out, struct eg_orows *warn)
{
	out->v = NULL;
	out->n = 0;
	size_t cap = 0;
	struct eg_err e;
	eg_err_clear(&e);
	DIR *d = NULL;
	int rc = eg_root_opendir(root, dir, &d, &e);
	if (rc == EG_E_NOTFOUND)
		return 0;
	if (rc != 0) {
		if (warn != NULL)
			eg_orows_warn(warn, _("%s: cannot list: %s"), dir,
				      eg_err_msg(&e));
		return 0;
	}
	size_t seen = 0;
	struct dirent *de;
	rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (++seen > EG_DIR_MAX_ENTRIES) {
			if (warn != NULL)
				eg_orows_warn(warn,
					      _("%s: more than %u entries; "
						"the rest is ignored"),
					      dir, EG_DIR_MAX_ENTRIES);
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (keep != NULL && !keep(de->d_name))
			continue;
		rc = names_add(out, eg_strdup(de->d_name), &cap);
		if (rc != 0)
			break;
	}
	closedir(d);
	if (rc != 0) {
		eg_ops_names_free(out);
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

int eg_ops_join(struct eg_buf *out, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	eg_buf_add(out, dir, dl);
	if (dl == 0 || dir[dl - 1] != '/')
		eg_buf_addc(out, '/');
	while (name[0] == '/')
		name++;
	eg_buf_adds(out, name);
	return out->err;
}

int eg_ops_glob(struct eg_root *root, const char *pattern,
		const char *base_dir, struct eg_ops_names *out,
		struct eg_orows *warn)
{
	out->v = NULL;
	out->n = 0;
	size_t cap = 0;
	int rc = 0;
	struct eg_buf full, dirb;
	struct eg_ops_names ents = {NULL, 0};
	eg_buf_init(&full, EG_PATH_MAX);
	eg_buf_init(&dirb, EG_PATH_MAX);
	if (pattern[0] == '/' || base_dir == NULL)
		eg_buf_adds(&full, pattern);
	else
		eg_ops_join(&full, base_dir, pattern);
	if (full.err != 0) {
		if (warn != NULL)
			eg_orows_warn(warn, _("%.120s: path too long"),
				      pattern);
		goto out;
	}
	const char *p = eg_buf_str(&full);
	const char *slash = strrchr(p, '/');
	const char *last = slash != NULL ? slash + 1 : p;
	eg_buf_add(&dirb, p, (size_t)(last - p));
	if (dirb.len == 0)
		eg_buf_addc(&dirb, '/');
	if (strpbrk(eg_buf_str(&dirb), "*?[") != NULL) {
		if (warn != NULL)
			eg_orows_warn(warn,
				      _("%.120s: wildcards are only followed "
					"in the last component of a path"),
				      p);
		rc = EG_E_UNSUPPORTED;
		goto out;
	}
	if (strpbrk(last, "*?[") == NULL) {
		rc = names_add(out, eg_strdup(p), &cap);
		goto out;
	}
	rc = eg_ops_listdir(root, eg_buf_str(&dirb), NULL, &ents, warn);
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < ents.n; i++) {
		if (fnmatch(last, ents.v[i], FNM_PERIOD) != 0)
			continue;
		if (out->n >= EG_GLOB_MAX_MATCHES) {
			if (warn != NULL)
				eg_orows_warn(warn,
					      _("%.120s: more than %u matches; "
						"the rest is ignored"),
					      p, EG_GLOB_MAX_MATCHES);
			break;
		}
		struct eg_buf one;
		eg_buf_init(&one, EG_PATH_MAX);
		eg_ops_join(&one, eg_buf_str(&dirb), ents.v[i]);
		if (one.err != 0) {
			eg_buf_free(&one);
			continue;
		}
		rc = names_add(out, eg_buf_steal(&one, NULL), &cap);
		if (rc != 0)
			goto out;
	}
out:
	if (rc == EG_E_NOMEM)
		eg_ops_names_free(out);
	eg_ops_names_free(&ents);
	eg_buf_free(&full);
	eg_buf_free(&dirb);
	return rc;
}

int eg_ops_read(struct eg_root *root, const char *path, struct eg_buf *out,
		struct eg_orows *warn)
{
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_root_read(root, path, EG_HOSTFILE_MAX_BYTES, out, &e);
	if (rc != 0 && rc != EG_E_NOTFOUND && warn != NULL)
		eg_orows_warn(warn, _("%s: cannot read (%s); check that it is "
				      "a readable regular file"),
			      path, eg_err_msg(&e));
	return rc;
}

int eg_ops_exists(struct eg_root *root, const char *path)
{
	struct stat st;
	return eg_root_stat(root, path, 0, &st, NULL) == 0;
}

int eg_ops_lexists(struct eg_root *root, const char *path)
{
	struct stat st;
	return eg_root_stat(root, path, 1, &st, NULL) == 0;
}

void eg_ops_src_init(struct eg_ops_src *s, struct eg_root *root,
		     struct eg_orows *warn)
{
	memset(s, 0, sizeof(*s));
	s->root = root;
	s->warn = warn;
}

int eg_ops_src_enter(struct eg_ops_src *s, const char *path, int missing_ok,
		     struct eg_buf *content)
{
	eg_buf_reset(content);
	if (s->depth > EG_CONF_MAX_INCLUDE_DEPTH) {
		eg_orows_warn(s->warn, _("%s: includes nested more than %d "
					 "deep; not read"),
			      path, EG_CONF_MAX_INCLUDE_DEPTH);
		return EG_E_LIMIT;
	}
	if (s->nfiles >= EG_CONF_MAX_FILES) {
		eg_orows_warn(s->warn, _("%s: more than %u files included; "
					 "not read"),
			      path, EG_CONF_MAX_FILES);
		return EG_E_LIMIT;
	}
	struct eg_err e;
	eg_err_clear(&e);
	struct stat st;
	int rc = eg_root_stat(s->root, path, 0, &st, &e);
	if (rc == EG_E_NOTFOUND) {
		if (!missing_ok)
			eg_orows_warn(s->warn, _("%s: included file not "
						 "found"), path);
		return rc;
	}
	if (rc != 0) {
		eg_orows_warn(s->warn, _("%s: cannot read (%s); check that it "
					 "is a readable regular file"),
			      path, eg_err_msg(&e));
		return rc;
	}
	for (size_t i = 0; i < s->depth; i++) {
		if (s->dev[i] == st.st_dev && s->ino[i] == st.st_ino) {
			eg_orows_warn(s->warn, _("%s: include cycle (the file "
						 "is already being read); "
						 "not read again"),
				      path);
			return EG_E_LIMIT;
		}
	}
	rc = eg_ops_read(s->root, path, content, s->warn);
	if (rc == EG_E_NOTFOUND && !missing_ok)
		eg_orows_warn(s->warn, _("%s: included file not found"), path);
	if (rc != 0)
		return rc;
	s->dev[s->depth] = st.st_dev;
	s->ino[s->depth] = st.st_ino;
	s->depth++;
	s->nfiles++;
	return 0;
}

void eg_ops_src_leave(struct eg_ops_src *s)
{
	if (s->depth > 0)
		s->depth--;
}
