/*
 * webutil.c: shared helpers of the web-family tables (see webutil.h).
 */
#include "webutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../util/mem.h"

int eg_strv_addn(struct eg_strv *sv, const char *s, size_t n)
{
	if (sv->n == sv->cap) {
		size_t ncap = sv->cap < 8 ? 8 : sv->cap * 2;
		char **nv = eg_reallocarray(sv->v, ncap, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		sv->v = nv;
		sv->cap = ncap;
	}
	char *c = eg_strndup(s, n);
	if (c == NULL)
		return EG_E_NOMEM;
	sv->v[sv->n++] = c;
	return 0;
}

int eg_strv_add(struct eg_strv *sv, const char *s)
{
	return eg_strv_addn(sv, s, strlen(s));
}

int eg_strv_has(const struct eg_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void eg_strv_sort(struct eg_strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), cmp_str);
}

void eg_strv_free(struct eg_strv *sv)
{
	if (sv == NULL)
		return;
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
	sv->cap = 0;
}

/* Appends the components of p to out, resolving "." and ".." lexically. */
static void norm_append(struct eg_buf *out, const char *p)
{
	while (*p != '\0') {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p != '\0' && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			size_t l = out->len;
			while (l > 1 && out->data[l - 1] != '/')
				l--;
			/* l now points past the previous '/'; drop it too
			 * unless it is the root's. */
			eg_buf_truncate(out, l > 1 ? l - 1 : 1);
			continue;
		}
		if (out->len > 1)
			eg_buf_addc(out, '/');
		eg_buf_add(out, s, n);
	}
}

int eg_path_norm(struct eg_buf *out, const char *base, const char *path)
{
	/* Normalise into a scratch buffer so ".." cannot eat into what the
	 * caller had already appended to out. */
	struct eg_buf t;
	eg_buf_init(&t, out->max);
	eg_buf_addc(&t, '/');
	if (path[0] != '/' && base != NULL)
		norm_append(&t, base);
	norm_append(&t, path);
	int rc = t.err;
	if (rc == 0)
		rc = eg_buf_add(out, t.data, t.len);
	eg_buf_free(&t);
	return rc;
}

int eg_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

const char *eg_file_type(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symlink";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFBLK:
		return "block";
	case S_IFCHR:
		return "character";
	default:
		return "unknown";
	}
}

void eg_mode_text(mode_t m, char out[8])
{
	unsigned v = (unsigned)(m & 07777);
	out[0] = (char)('0' + ((v >> 9) & 7));
	out[1] = (char)('0' + ((v >> 6) & 7));
	out[2] = (char)('0' + ((v >> 3) & 7));
	out[3] = (char)('0' + (v & 7));
	out[4] = '\0';
}

int eg_root_read_prefix(struct eg_root *r, const char *path, char *dst,
			size_t max, size_t *got, struct stat *st,
			struct eg_err *e)
{
	*got = 0;
	/* O_NONBLOCK: a FIFO planted where a key is expected must not block
	 * the open; it is then refused as not a regular file. */
	int fd = eg_root_openat(r, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, e);
	if (fd < 0)
		return fd;
	int rc = 0;
	if (fstat(fd, st) != 0) {
		rc = eg_err_errno(e, EG_E_IO, errno, "%s", path);
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		rc = eg_err_set(e, EG_E_INVAL, "%s: not a regular file", path);
		goto out;
	}
	while (*got < max) {
		ssize_t n = read(fd, dst + *got, max - *got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = eg_err_errno(e, EG_E_IO, errno, "%s", path);
			goto out;
		}
		if (n == 0)
			break;
		*got += (size_t)n;
	}
out:
	close(fd);
	return rc;
}
