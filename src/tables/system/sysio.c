/*
 * sysio.c: line iteration, bounded /proc reads and drop-in folder listing
 * for the "system" probe tables.
 */
#include "sysio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

/*
 * The line splitter behind eg_lines_each and eg_lines_file, fed in pieces so
 * both cut lines the same way: a line over EG_LINE_MAX is skipped whole
 * (counted, its number used) rather than cut, so its tail never poses as a
 * line of its own.
 */
struct feeder {
	eg_line_fn fn;
	void *arg;
	struct eg_line_stats *st;
	struct eg_buf carry; /* the start of a line whose end is still to come */
	int skipping;        /* the current line is already too long */
	int done;            /* fn stopped us, or the line cap was reached */
	int rc;
};

static void feeder_init(struct feeder *f, eg_line_fn fn, void *arg,
			struct eg_line_stats *st)
{
	memset(f, 0, sizeof(*f));
	f->fn = fn;
	f->arg = arg;
	f->st = st;
	memset(st, 0, sizeof(*st));
	eg_buf_init(&f->carry, EG_LINE_MAX);
}

/* Counts one line; returns 0 when the cap stops the iteration. */
static int count_line(struct feeder *f)
{
	if (f->st->lines >= EG_CONF_MAX_LINES) {
		f->st->capped = 1;
		f->done = 1;
		return 0;
	}
	f->st->lines++;
	return 1;
}

static void emit(struct feeder *f, const char *s, size_t n)
{
	if (!count_line(f))
		return;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	int rc = f->fn(f->arg, s, n, f->st->lines);
	if (rc != 0) {
		f->rc = rc;
		f->done = 1;
	}
}

static void overlong(struct feeder *f)
{
	if (count_line(f) && f->st->overlong++ == 0)
		f->st->first_overlong = f->st->lines;
}

static void feed(struct feeder *f, const char *data, size_t n)
{
	const char *p = data, *end = data + n;
	while (p < end && !f->done) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			size_t rest = (size_t)(end - p);
			if (f->skipping)
				return;
			if (f->carry.len + rest > EG_LINE_MAX) {
				f->skipping = 1;
				eg_buf_reset(&f->carry);
				return;
			}
			eg_buf_add(&f->carry, p, rest);
			return;
		}
		size_t seg = (size_t)(nl - p);
		if (f->skipping) {
			f->skipping = 0;
			overlong(f);
		} else if (f->carry.len > 0) {
			if (f->carry.len + seg > EG_LINE_MAX) {
				overlong(f);
			} else {
				eg_buf_add(&f->carry, p, seg);
				emit(f, f->carry.data, f->carry.len);
			}
			eg_buf_reset(&f->carry);
		} else if (seg > EG_LINE_MAX) {
			overlong(f);
		} else {
			emit(f, p, seg);
		}
		p = nl + 1;
	}
}

static int finish(struct feeder *f)
{
	if (!f->done) {
		if (f->skipping)
			overlong(f);
		else if (f->carry.len > 0)
			emit(f, f->carry.data, f->carry.len);
	}
	eg_buf_free(&f->carry);
	return f->rc;
}

int eg_lines_each(const char *buf, size_t len, eg_line_fn fn, void *arg,
		  struct eg_line_stats *st)
{
	struct eg_line_stats local;
	struct feeder f;
	feeder_init(&f, fn, arg, st != NULL ? st : &local);
	feed(&f, buf, len);
	return finish(&f);
}

void eg_lines_merge_overlong(size_t *bad, size_t *first,
			     const struct eg_line_stats *ls)
{
	if (ls->overlong == 0)
		return;
	if (*bad == 0 || ls->first_overlong < *first)
		*first = ls->first_overlong;
	*bad += ls->overlong;
}

/* Opens path for reading and checks it is a regular file. */
static int open_regular(struct eg_root *r, const char *path, struct eg_err *e)
{
	int fd = eg_root_openat(r, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, e);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return eg_err_errno(e, EG_E_IO, err, "%s", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return eg_err_set(e, EG_E_INVAL, "%s: not a regular file", path);
	}
	return fd;
}

int eg_lines_file(struct eg_root *r, const char *path, size_t max_bytes,
		  eg_line_fn fn, void *arg, struct eg_line_stats *st,
		  struct eg_err *e)
{
	struct eg_line_stats local;
	struct feeder f;
	feeder_init(&f, fn, arg, st != NULL ? st : &local);
	char chunk[32768];
	size_t total = 0;
	int rc = 0;
	int fd = open_regular(r, path, e);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	while (!f.done) {
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = eg_err_errno(e, EG_E_IO, errno, "%s", path);
			goto out;
		}
		if (got == 0)
			break;
		if ((size_t)got > max_bytes - total) {
			/* Pass on the lines that fit, then stop: they are real
			 * facts even if the file is too big. The line cut by
			 * the limit is not one. */
			feed(&f, chunk, max_bytes - total);
			f.done = 1;
			rc = eg_err_set(e, EG_E_LIMIT, "%s: larger than %zu bytes",
					path, max_bytes);
			goto out;
		}
		total += (size_t)got;
		feed(&f, chunk, (size_t)got);
	}
out:
	if (fd >= 0)
		close(fd);
	{
		int frc = finish(&f);
		if (rc == 0)
			rc = frc;
	}
	return rc;
}

int eg_sys_read_fd(int fd, size_t max, struct eg_buf *out, int *truncated,
		   int *err_no)
{
	if (truncated != NULL)
		*truncated = 0;
	if (err_no != NULL)
		*err_no = 0;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		if (err_no != NULL)
			*err_no = errno;
		return EG_E_IO;
	}
	if (!S_ISREG(st.st_mode))
		return EG_E_INVAL;
	char chunk[8192];
	size_t total = 0;
	for (;;) {
		/* One byte past max tells a file of exactly max bytes from a
		 * longer one. */
		size_t want = max - total + 1;
		if (want > sizeof(chunk))
			want = sizeof(chunk);
		ssize_t got = read(fd, chunk, want);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (err_no != NULL)
				*err_no = errno;
			return EG_E_IO;
		}
		if (got == 0)
			break;
		size_t n = (size_t)got;
		if (n > max - total) {
			n = max - total;
			if (truncated != NULL)
				*truncated = 1;
			if (eg_buf_add(out, chunk, n) != 0)
				return out->err;
			break;
		}
		if (eg_buf_add(out, chunk, n) != 0)
			return out->err;
		total += n;
	}
	return 0;
}

int eg_sys_read_prefix(struct eg_root *r, const char *path, size_t max,
		       struct eg_buf *out, int *truncated, struct eg_err *e)
{
	int fd = open_regular(r, path, e);
	if (fd < 0)
		return fd;
	int err_no = 0;
	int rc = eg_sys_read_fd(fd, max, out, truncated, &err_no);
	close(fd);
	if (rc == EG_E_IO)
		return eg_err_errno(e, rc, err_no, "%s", path);
	if (rc != 0)
		return eg_err_set(e, rc, "%s: %s", path, eg_strerror(rc));
	return 0;
}

size_t eg_sys_clip(const char *s, size_t n)
{
	const char *z = memchr(s, '\0', n);
	return z != NULL ? (size_t)(z - s) : n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void eg_sys_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;
	while (len > 0 && is_space(p[0])) {
		p++;
		len--;
	}
	while (len > 0 && is_space(p[len - 1]))
		len--;
	*s = p;
	*n = len;
}

/* ---- drop-in folders ---- */

struct cand {
	char *name;
	size_t dir; /* index in dirs: lower is more important */
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

static void warnf(eg_warn_fn warn, void *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warnf(eg_warn_fn warn, void *arg, const char *fmt, ...)
{
	if (warn == NULL)
		return;
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(arg, msg);
}

static int has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n > s && memcmp(name + n - s, suffix, s) == 0;
}

/* 1 when path is a mask: a link to /dev/null, or a character device. */
static int masked(struct eg_root *r, const char *path)
{
	struct stat st;
	if (eg_root_stat(r, path, 1, &st, NULL) != 0)
		return 0;
	if (S_ISLNK(st.st_mode)) {
		struct eg_buf t;
		eg_buf_init(&t, EG_PATH_MAX);
		int is_null = eg_root_readlink(r, path, &t, NULL) == 0 &&
			      strcmp(eg_buf_str(&t), "/dev/null") == 0;
		eg_buf_free(&t);
		if (is_null)
			return 1;
		if (eg_root_stat(r, path, 0, &st, NULL) != 0)
			return 0;
	}
	return S_ISCHR(st.st_mode);
}

static char *join_path(const char *dir, const char *name)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	if (dir[0] != '/')
		eg_buf_addc(&b, '/');
	eg_buf_adds(&b, dir);
	eg_buf_addc(&b, '/');
	eg_buf_adds(&b, name);
	if (b.err != 0) {
		eg_buf_free(&b);
		return NULL;
	}
	return eg_buf_steal(&b, NULL);
}

int eg_conf_list(struct eg_root *r, const char *const *dirs,
		 const char *suffix, struct eg_conflist *out, eg_warn_fn warn,
		 void *arg)
{
	out->v = NULL;
	out->n = 0;
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	int rc = 0;
	for (size_t d = 0; dirs[d] != NULL; d++) {
		DIR *dir = NULL;
		struct eg_err e;
		eg_err_clear(&e);
		int orc = eg_root_opendir(r, dirs[d], &dir, &e);
		if (orc == EG_E_NOTFOUND)
			continue;
		if (orc != 0) {
			warnf(warn, arg, "%s", eg_err_msg(&e));
			continue;
		}
		struct dirent *de;
		size_t seen = 0;
		while ((de = readdir(dir)) != NULL) {
			if (++seen > EG_DIR_MAX_ENTRIES) {
				warnf(warn, arg,
				      _("%s: more than %u entries; the rest is ignored"),
				      dirs[d], EG_DIR_MAX_ENTRIES);
				break;
			}
			if (de->d_name[0] == '.' || de->d_type == DT_DIR ||
			    !has_suffix(de->d_name, suffix))
				continue;
			if (nc >= EG_CONF_MAX_FILES) {
				warnf(warn, arg,
				      _("%s: more than %u configuration files; the rest is ignored"),
				      dirs[d], EG_CONF_MAX_FILES);
				break;
			}
			if (nc == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct cand *nv =
					eg_reallocarray(c, ncap, sizeof(*c));
				if (nv == NULL) {
					closedir(dir);
					rc = EG_E_NOMEM;
					goto out;
				}
				c = nv;
				cap = ncap;
			}
			c[nc].name = eg_strdup(de->d_name);
			if (c[nc].name == NULL) {
				closedir(dir);
				rc = EG_E_NOMEM;
				goto out;
			}
			c[nc].dir = d;
			nc++;
		}
		closedir(dir);
	}
	if (nc == 0)
		goto out;
	qsort(c, nc, sizeof(*c), cand_cmp);
	out->v = eg_calloc(nc, sizeof(*out->v));
	if (out->v == NULL) {
		rc = EG_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nc; i++) {
		if (i > 0 && strcmp(c[i].name, c[i - 1].name) == 0)
			continue; /* a less important namesake */
		char *path = join_path(dirs[c[i].dir], c[i].name);
		if (path == NULL) {
			rc = EG_E_NOMEM;
			goto out;
		}
		if (masked(r, path)) {
			free(path);
			continue;
		}
		char *name = eg_strdup(c[i].name);
		if (name == NULL) {
			free(path);
			rc = EG_E_NOMEM;
			goto out;
		}
		out->v[out->n].path = path;
		out->v[out->n].name = name;
		out->n++;
	}
out:
	for (size_t i = 0; i < nc; i++)
		free(c[i].name);
	free(c);
	if (rc != 0)
		eg_conflist_free(out);
	return rc;
}

void eg_conflist_free(struct eg_conflist *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
