/*
 * acct_common.c: line iteration, bounded file reading, globbing and directory
 * listing under the audit root, and the sink that feeds the engine, shared by
 * the parsers of the "accounts" family.
 */
#include "acct_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/neutral.h"

struct eg_acct_val eg_acct_null(void)
{
	struct eg_acct_val v = {EG_ACCT_NULL, NULL, 0, 0};
	return v;
}

struct eg_acct_val eg_acct_str(const char *s)
{
	if (s == NULL)
		return eg_acct_null();
	struct eg_acct_val v = {EG_ACCT_TEXT, s, strlen(s), 0};
	return v;
}

struct eg_acct_val eg_acct_strn(const char *s, size_t n)
{
	struct eg_acct_val v = {EG_ACCT_TEXT, s, n, 0};
	return v;
}

struct eg_acct_val eg_acct_int(int64_t i)
{
	struct eg_acct_val v = {EG_ACCT_INT, NULL, 0, i};
	return v;
}

void eg_acct_warn(const struct eg_acct_sink *sink, const char *file,
		  unsigned line, const char *msg)
{
	if (sink != NULL && sink->warn != NULL)
		sink->warn(sink->arg, file, line, msg);
}

int eg_acct_row(const struct eg_acct_sink *sink, const struct eg_acct_val *v,
		size_t n)
{
	if (sink == NULL || sink->row == NULL)
		return 0;
	return sink->row(sink->arg, v, n);
}

void eg_acct_lines_init(struct eg_acct_lines *it, const char *buf,
			size_t len, const char *file, int continuation,
			const struct eg_acct_sink *sink)
{
	memset(it, 0, sizeof(*it));
	it->buf = buf;
	it->len = buf == NULL ? 0 : len;
	it->file = file;
	it->continuation = continuation;
	it->sink = sink;
	/* A joined line may be a little over EG_LINE_MAX before we notice. */
	eg_buf_init(&it->join, EG_LINE_MAX + 2);
}

void eg_acct_lines_free(struct eg_acct_lines *it)
{
	if (it->join.data != NULL)
		eg_wipe(it->join.data, it->join.cap);
	eg_buf_free(&it->join);
}

/* The next physical line: [start, end) without the newline. 0 at the end. */
static int next_physical(struct eg_acct_lines *it, size_t *start, size_t *end)
{
	if (it->pos >= it->len)
		return 0;
	const char *p = it->buf + it->pos;
	const char *nl = memchr(p, '\n', it->len - it->pos);
	*start = it->pos;
	*end = nl == NULL ? it->len : (size_t)(nl - it->buf);
	it->pos = nl == NULL ? it->len : *end + 1;
	it->lineno++;
	return 1;
}

/* 1 when the line ends in an odd number of backslashes (a continuation). */
static int ends_continued(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

int eg_acct_lines_next(struct eg_acct_lines *it, const char **line,
		       size_t *n, unsigned *lineno)
{
	size_t s, e;
	for (;;) {
		if (it->stopped)
			return 0;
		if (it->lineno >= EG_CONF_MAX_LINES && it->pos < it->len) {
			eg_acct_warn(it->sink, it->file, it->lineno,
				     _("too many lines; the rest of the file is ignored"));
			it->stopped = 1;
			return 0;
		}
		if (!next_physical(it, &s, &e))
			return 0;
		unsigned first = it->lineno;
		const char *text = it->buf + s;
		size_t tlen = e - s;
		int too_long = tlen > EG_LINE_MAX;
		if (it->continuation && too_long && ends_continued(text, tlen)) {
			/* The continued lines belong to the skipped one. */
			int more = 1;
			while (more && next_physical(it, &s, &e))
				more = ends_continued(it->buf + s, e - s);
		} else if (it->continuation && ends_continued(text, tlen)) {
			/* Join physical lines until one does not continue. */
			eg_buf_reset(&it->join);
			eg_buf_add(&it->join, text, tlen - 1);
			eg_buf_addc(&it->join, ' ');
			int more = 1;
			while (more && it->join.err == 0 &&
			       it->lineno < EG_CONF_MAX_LINES &&
			       next_physical(it, &s, &e)) {
				tlen = e - s;
				if (tlen > EG_LINE_MAX) {
					too_long = 1;
					more = ends_continued(it->buf + s,
							      tlen);
					break;
				}
				more = ends_continued(it->buf + s, tlen);
				eg_buf_add(&it->join, it->buf + s,
					   more ? tlen - 1 : tlen);
				if (more)
					eg_buf_addc(&it->join, ' ');
			}
			if (it->join.err == EG_E_NOMEM)
				return EG_E_NOMEM;
			if (it->join.err != 0 || it->join.len > EG_LINE_MAX)
				too_long = 1;
			if (too_long && more) {
				/* Drop the rest of the joined line too. */
				while (more && next_physical(it, &s, &e))
					more = ends_continued(it->buf + s,
							      e - s);
			}
			text = eg_buf_str(&it->join);
			tlen = it->join.len;
		}
		if (too_long) {
			eg_acct_warn(it->sink, it->file, first,
				     _("line too long; skipped"));
			continue;
		}
		if (!eg_utf8_valid(text, tlen)) {
			eg_acct_warn(it->sink, it->file, first,
				     _("line holds a NUL byte or invalid UTF-8; skipped"));
			continue;
		}
		*line = text;
		*n = tlen;
		*lineno = first;
		return 1;
	}
}

int eg_acct_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

size_t eg_acct_skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && eg_acct_isspace(s[i]))
		i++;
	return i;
}

void eg_acct_trim(const char *s, size_t *start, size_t *end)
{
	while (*start < *end && eg_acct_isspace(s[*start]))
		(*start)++;
	while (*end > *start && eg_acct_isspace(s[*end - 1]))
		(*end)--;
}

int eg_acct_ieq(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);
	if (wl != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = word[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

int eg_acct_read(struct eg_root *r, const char *path, struct eg_buf *out,
		 const struct eg_acct_sink *sink)
{
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_root_read(r, path, EG_HOSTFILE_MAX_BYTES, out, &e);
	if (rc == 0 || rc == EG_E_NOTFOUND)
		return rc;
	char msg[EG_ERRMSG_MAX + 64];
	snprintf(msg, sizeof(msg), _("cannot read: %s"), eg_err_msg(&e));
	eg_acct_warn(sink, path, 0, msg);
	return rc;
}

void eg_acct_strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int strv_push(char ***v, size_t *n, char *s)
{
	if (s == NULL)
		return EG_E_NOMEM;
	char **nv = eg_reallocarray(*v, *n + 1, sizeof(**v));
	if (nv == NULL) {
		free(s);
		return EG_E_NOMEM;
	}
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

int eg_acct_listdir(struct eg_root *r, const char *path, char ***names,
		    size_t *nnames, const struct eg_acct_sink *sink)
{
	*names = NULL;
	*nnames = 0;
	struct eg_err e;
	eg_err_clear(&e);
	DIR *d = NULL;
	int rc = eg_root_opendir(r, path, &d, &e);
	if (rc == EG_E_NOTFOUND)
		return 0;
	if (rc != 0) {
		char msg[EG_ERRMSG_MAX + 64];
		snprintf(msg, sizeof(msg), _("cannot list: %s"),
			 eg_err_msg(&e));
		eg_acct_warn(sink, path, 0, msg);
		return rc;
	}
	char **v = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n >= EG_DIR_MAX_ENTRIES) {
			eg_acct_warn(sink, path, 0,
				     _("too many directory entries; the rest are ignored"));
			break;
		}
		rc = strv_push(&v, &n, eg_strdup(de->d_name));
		if (rc != 0)
			goto out;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*nnames = n;
	v = NULL;
	n = 0;
out:
	closedir(d);
	eg_acct_strv_free(v, n);
	return rc;
}

/*
 * The bracket expression at p (p[0] == '['): 1 when c is in it, 0 when not,
 * -1 when it is not closed (then '[' is an ordinary character). *next is set
 * after the closing ']'.
 */
static int class_match(const char *p, unsigned char c, const char **next)
{
	const char *q = p + 1;
	int neg = 0, hit = 0;
	if (*q == '!' || *q == '^') {
		neg = 1;
		q++;
	}
	int first = 1;
	while (*q != '\0' && (*q != ']' || first)) {
		unsigned char lo = (unsigned char)*q;
		if (lo == '\\' && q[1] != '\0')
			lo = (unsigned char)*++q;
		unsigned char hi = lo;
		if (q[1] == '-' && q[2] != '\0' && q[2] != ']') {
			hi = (unsigned char)q[2];
			if (hi == '\\' && q[3] != '\0') {
				hi = (unsigned char)q[3];
				q++;
			}
			q += 2;
		}
		if (c >= lo && c <= hi)
			hit = 1;
		q++;
		first = 0;
	}
	if (*q != ']')
		return -1;
	*next = q + 1;
	return hit != neg;
}

int eg_acct_wildmatch(const char *pattern, const char *name,
		      int leading_period)
{
	const char *p = pattern, *s = name;
	const char *star_p = NULL, *star_s = NULL;
	if (leading_period && name[0] == '.' && pattern[0] != '.')
		return 0;
	while (*s != '\0') {
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return 1;
			star_p = p;
			star_s = s;
			continue;
		}
		if (*p == '?') {
			p++;
			s++;
			continue;
		}
		if (*p == '[') {
			const char *nx = NULL;
			int m = class_match(p, (unsigned char)*s, &nx);
			if (m == 1) {
				p = nx;
				s++;
				continue;
			}
			if (m == -1 && *s == '[') {
				p++;
				s++;
				continue;
			}
		} else if (*p == '\\' && p[1] != '\0') {
			if (p[1] == *s) {
				p += 2;
				s++;
				continue;
			}
		} else if (*p != '\0' && *p == *s) {
			p++;
			s++;
			continue;
		}
		/* Mismatch: let the last star take one more character. A star
		 * never needs to be retried further back, which keeps this
		 * linear per star position. */
		if (star_p == NULL)
			return 0;
		p = star_p;
		s = ++star_s;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

static int has_magic(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	return 0;
}

/* Joins dir and name with one slash. OUT: caller frees; NULL on failure. */
static char *path_join(const char *dir, const char *name, size_t nlen)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	eg_buf_adds(&b, dir);
	if (b.len == 0 || b.data[b.len - 1] != '/')
		eg_buf_addc(&b, '/');
	eg_buf_add(&b, name, nlen);
	if (b.err != 0) {
		eg_buf_free(&b);
		return NULL;
	}
	char *s = eg_buf_steal(&b, NULL);
	eg_buf_free(&b);
	return s;
}

int eg_acct_glob(struct eg_root *r, const char *pattern, char ***paths,
		 size_t *npaths, const char *file, unsigned line,
		 const struct eg_acct_sink *sink)
{
	int rc = 0;
	char **cur = NULL, **next = NULL;
	size_t ncur = 0, nnext = 0;
	char *comp = NULL;
	rc = strv_push(&cur, &ncur, eg_strdup("/"));
	if (rc != 0)
		goto out;
	const char *p = pattern;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		size_t clen = strcspn(p, "/");
		free(comp);
		comp = eg_strndup(p, clen);
		if (comp == NULL) {
			rc = EG_E_NOMEM;
			goto out;
		}
		for (size_t i = 0; i < ncur; i++) {
			if (!has_magic(p, clen)) {
				rc = strv_push(&next, &nnext,
					       path_join(cur[i], p, clen));
				if (rc != 0)
					goto out;
				continue;
			}
			char **names = NULL;
			size_t nn = 0;
			/* Unreadable or absent directories match nothing. */
			if (eg_acct_listdir(r, cur[i], &names, &nn, NULL) != 0)
				continue;
			for (size_t k = 0; k < nn && rc == 0; k++) {
				if (!eg_acct_wildmatch(comp, names[k], 1))
					continue;
				if (nnext >= EG_CONF_MAX_FILES) {
					rc = EG_E_LIMIT;
					break;
				}
				rc = strv_push(&next, &nnext,
					       path_join(cur[i], names[k],
							 strlen(names[k])));
			}
			eg_acct_strv_free(names, nn);
			if (rc != 0)
				goto out;
		}
		eg_acct_strv_free(cur, ncur);
		cur = next;
		ncur = nnext;
		next = NULL;
		nnext = 0;
		if (ncur > EG_CONF_MAX_FILES) {
			rc = EG_E_LIMIT;
			goto out;
		}
		p += clen;
	}
	/* Keep what exists, as glob(3) does, then sort bytewise. */
	for (size_t i = 0; i < ncur; i++) {
		struct stat st;
		if (eg_root_stat(r, cur[i], 0, &st, NULL) != 0) {
			free(cur[i]);
			cur[i] = NULL;
			continue;
		}
		rc = strv_push(&next, &nnext, cur[i]);
		cur[i] = NULL;
		if (rc != 0)
			goto out;
	}
	if (nnext > 0)
		qsort(next, nnext, sizeof(*next), cmp_str);
	for (size_t i = 0; i < nnext; i++) {
		rc = strv_push(paths, npaths, next[i]);
		next[i] = NULL;
		if (rc != 0)
			goto out;
	}
out:
	if (rc == EG_E_LIMIT)
		eg_acct_warn(sink, file, line,
			     _("include pattern matches too many files; ignored"));
	free(comp);
	eg_acct_strv_free(cur, ncur);
	eg_acct_strv_free(next, nnext);
	return rc;
}

int eg_acct_inc_enter(struct eg_acct_incstack *st, struct eg_root *r,
		      const char *path, const char *from, unsigned line,
		      struct eg_buf *out, const struct eg_acct_sink *sink)
{
	const char *where = from != NULL ? from : path;
	if (st->depth > EG_CONF_MAX_INCLUDE_DEPTH - 1) {
		eg_acct_warn(sink, where, line,
			     _("includes nested too deeply; not followed"));
		return 0;
	}
	if (st->files >= EG_CONF_MAX_FILES) {
		eg_acct_warn(sink, where, line,
			     _("too many included files; the rest are ignored"));
		return 0;
	}
	struct stat sb;
	int have = eg_root_stat(r, path, 0, &sb, NULL) == 0;
	for (int i = 0; have && i < st->depth; i++) {
		if (st->dev[i] == sb.st_dev && st->ino[i] == sb.st_ino) {
			eg_acct_warn(sink, where, line,
				     _("include cycle: the file is already being read; skipped"));
			return 0;
		}
	}
	eg_buf_reset(out);
	int rc = eg_acct_read(r, path, out, sink);
	if (rc == EG_E_NOMEM)
		return rc;
	if (rc != 0)
		return 0;
	st->files++;
	st->dev[st->depth] = have ? sb.st_dev : 0;
	st->ino[st->depth] = have ? sb.st_ino : 0;
	st->depth++;
	return 1;
}

void eg_acct_inc_leave(struct eg_acct_incstack *st)
{
	if (st->depth > 0)
		st->depth--;
}

static int tctx_row(void *arg, const struct eg_acct_val *v, size_t n)
{
	struct eg_tctx *ctx = arg;
	eg_row_begin(ctx);
	for (size_t i = 0; i < n; i++) {
		switch (v[i].kind) {
		case EG_ACCT_TEXT:
			eg_row_textn(ctx, i, v[i].s, v[i].n);
			break;
		case EG_ACCT_INT:
			eg_row_int(ctx, i, v[i].i);
			break;
		case EG_ACCT_NULL:
			break;
		}
	}
	return eg_row_end(ctx);
}

static void tctx_warn(void *arg, const char *file, unsigned line,
		      const char *msg)
{
	struct eg_tctx *ctx = arg;
	if (line > 0)
		eg_tctx_warn(ctx, "%.*s:%u: %s", (int)EG_PATH_MAX, file, line,
			     msg);
	else
		eg_tctx_warn(ctx, "%.*s: %s", (int)EG_PATH_MAX, file, msg);
}

void eg_acct_tctx_sink(struct eg_tctx *ctx, struct eg_acct_sink *sink)
{
	memset(sink, 0, sizeof(*sink));
	sink->arg = ctx;
	sink->row = tctx_row;
	sink->warn = tctx_warn;
}
