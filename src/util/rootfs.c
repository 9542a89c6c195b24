/*
 * rootfs.c: confined path resolution under an audit root.
 */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "limits.h"
#include "mem.h"

struct eg_root {
	int fd;          /* O_PATH descriptor of the root directory */
	char *path;      /* as given */
	int use_openat2; /* 1 while the kernel accepts openat2 */
	int is_host;
};

int eg_root_open(const char *dir, struct eg_root **out, struct eg_err *e)
{
	*out = NULL;
	if (dir == NULL || dir[0] == '\0')
		return eg_err_set(e, EG_E_INVAL, "empty audit root");
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return eg_err_errno(e, errno == ENOENT ? EG_E_NOTFOUND : EG_E_IO,
				    errno, "cannot open audit root %s", dir);
	struct eg_root *r = eg_calloc(1, sizeof(*r));
	if (r == NULL || (r->path = eg_strdup(dir)) == NULL) {
		free(r);
		close(fd);
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	}
	r->fd = fd;
	r->use_openat2 = 1;
	struct stat a, b;
	r->is_host = fstat(fd, &a) == 0 && stat("/", &b) == 0 &&
		     a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	*out = r;
	return 0;
}

void eg_root_free(struct eg_root *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->path);
	free(r);
}

const char *eg_root_path(const struct eg_root *r)
{
	return r->path;
}

int eg_root_is_host(const struct eg_root *r)
{
	return r->is_host;
}

void eg_root_force_fallback(struct eg_root *r, int on)
{
	r->use_openat2 = on ? 0 : 1;
}

int eg_root_uses_openat2(const struct eg_root *r)
{
	return r->use_openat2;
}

static int map_errno(struct eg_err *e, int err, const char *path)
{
	int code = EG_E_IO;
	if (err == ENOENT || err == ENOTDIR)
		code = EG_E_NOTFOUND;
	else if (err == ELOOP || err == ENAMETOOLONG)
		code = EG_E_LIMIT;
	return eg_err_errno(e, code, err, "%s", path);
}

/* openat2 with RESOLVE_IN_ROOT; -errno on failure. */
static int open_openat2(struct eg_root *r, const char *path, int flags)
{
	struct open_how how;
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	long fd = syscall(SYS_openat2, r->fd, path, &how, sizeof(how));
	if (fd < 0)
		return -errno;
	return (int)fd;
}

/*
 * The portable resolver: one component at a time, O_NOFOLLOW, a stack of held
 * directory descriptors so ".." never asks the kernel. Returns fd or -errno.
 */
static int open_fallback(struct eg_root *r, const char *path, int flags)
{
	int stack[EG_PATH_MAX_COMPONENTS];
	size_t depth = 0;
	stack[0] = -1;
	unsigned links = 0;
	int result = -EINVAL;
	/* work holds the path still to resolve; it grows on symlinks. */
	struct eg_buf work, next;
	eg_buf_init(&work, EG_PATH_MAX * 2);
	eg_buf_init(&next, EG_PATH_MAX * 2);
	if (eg_buf_adds(&work, path) != 0) {
		result = -ENAMETOOLONG;
		goto out;
	}
	stack[0] = dup(r->fd);
	if (stack[0] < 0) {
		result = -errno;
		goto out;
	}
	size_t pos = 0;
	for (;;) {
		const char *w = eg_buf_str(&work);
		while (w[pos] == '/')
			pos++;
		if (w[pos] == '\0') {
			/* The path named a directory (or was "/"): open it. */
			int fd = openat(stack[depth], ".", flags | O_CLOEXEC);
			result = fd < 0 ? -errno : fd;
			goto out;
		}
		size_t start = pos;
		while (w[pos] != '\0' && w[pos] != '/')
			pos++;
		size_t clen = pos - start;
		if (clen > 255) {
			result = -ENAMETOOLONG;
			goto out;
		}
		char comp[256];
		memcpy(comp, w + start, clen);
		comp[clen] = '\0';
		size_t rest = pos;
		while (w[rest] == '/')
			rest++;
		int last = w[rest] == '\0';
		int trailing_slash = last && rest != pos;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		int pfd = openat(stack[depth], comp,
				 O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (pfd < 0) {
			result = -errno;
			goto out;
		}
		struct stat st;
		if (fstat(pfd, &st) != 0) {
			result = -errno;
			close(pfd);
			goto out;
		}
		int follow = !last || trailing_slash || !(flags & O_NOFOLLOW);
		if (S_ISLNK(st.st_mode) && follow) {
			char target[EG_PATH_MAX + 1];
			ssize_t n = readlinkat(pfd, "", target, EG_PATH_MAX);
			close(pfd);
			if (n < 0) {
				result = -errno;
				goto out;
			}
			if (n == 0 || (size_t)n >= EG_PATH_MAX) {
				result = n == 0 ? -ENOENT : -ENAMETOOLONG;
				goto out;
			}
			if (++links > EG_SYMLINK_MAX) {
				result = -ELOOP;
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/') {
				while (depth > 0)
					close(stack[depth--]);
			}
			eg_buf_reset(&next);
			eg_buf_add(&next, target, (size_t)n);
			eg_buf_addc(&next, '/');
			eg_buf_adds(&next, w + rest);
			if (next.err != 0) {
				result = -ENAMETOOLONG;
				goto out;
			}
			eg_buf_reset(&work);
			eg_buf_add(&work, next.data, next.len);
			pos = 0;
			continue;
		}
		if (last) {
			close(pfd);
			/* O_NOFOLLOW: if the entry became a link meanwhile,
			 * this fails instead of following it. */
			int fd = openat(stack[depth], comp,
					flags | O_NOFOLLOW | O_CLOEXEC);
			result = fd < 0 ? -errno : fd;
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(pfd);
			result = -ENOTDIR;
			goto out;
		}
		if (depth + 1 >= EG_PATH_MAX_COMPONENTS) {
			close(pfd);
			result = -ENAMETOOLONG;
			goto out;
		}
		stack[++depth] = pfd;
	}
out:
	for (size_t i = 0; i <= depth; i++)
		if (stack[i] >= 0)
			close(stack[i]);
	eg_buf_free(&work);
	eg_buf_free(&next);
	return result;
}

static int root_open_raw(struct eg_root *r, const char *path, int flags)
{
	if (strlen(path) >= EG_PATH_MAX)
		return -ENAMETOOLONG;
	if (r->use_openat2) {
		int fd = open_openat2(r, path, flags);
		if (fd != -ENOSYS && fd != -EPERM && fd != -E2BIG)
			return fd;
		r->use_openat2 = 0;
	}
	return open_fallback(r, path, flags);
}

int eg_root_openat(struct eg_root *r, const char *path, int flags,
		   struct eg_err *e)
{
	if (path == NULL || path[0] == '\0')
		return eg_err_set(e, EG_E_INVAL, "empty path");
	int fd = root_open_raw(r, path, flags);
	if (fd < 0)
		return map_errno(e, -fd, path);
	return fd;
}

int eg_root_read(struct eg_root *r, const char *path, size_t max,
		 struct eg_buf *out, struct eg_err *e)
{
	int fd = eg_root_openat(r, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, e);
	if (fd < 0)
		return fd;
	int rc = 0;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		rc = map_errno(e, errno, path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = eg_err_set(e, EG_E_INVAL, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > max) {
		rc = eg_err_set(e, EG_E_LIMIT, "%s: larger than %zu bytes",
				path, max);
		goto out;
	}
	size_t got = 0;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = map_errno(e, errno, path);
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max) {
			rc = eg_err_set(e, EG_E_LIMIT, "%s: larger than %zu bytes",
					path, max);
			goto out;
		}
		if (eg_buf_add(out, chunk, (size_t)n) != 0) {
			rc = eg_err_set(e, out->err, "%s: %s", path,
					eg_strerror(out->err));
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

/* Splits path into a parent to resolve and a final name; "." or ".." finals
 * are resolved whole instead (name left empty). */
static int split_parent(const char *path, struct eg_buf *parent,
			const char **name)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t i = n;
	while (i > 0 && path[i - 1] != '/')
		i--;
	const char *nm = path + i;
	size_t nlen = n - i;
	if (nlen == 0 || (nlen == 1 && nm[0] == '.') ||
	    (nlen == 2 && nm[0] == '.' && nm[1] == '.')) {
		eg_buf_adds(parent, path);
		*name = "";
		return parent->err;
	}
	eg_buf_add(parent, path, i);
	if (i == 0)
		eg_buf_addc(parent, '/');
	*name = nm;
	return parent->err;
}

int eg_root_stat(struct eg_root *r, const char *path, int nofollow,
		 struct stat *st, struct eg_err *e)
{
	int fd = eg_root_openat(r, path, O_PATH | (nofollow ? O_NOFOLLOW : 0),
				e);
	if (fd < 0)
		return fd;
	int rc = 0;
	if (fstat(fd, st) != 0)
		rc = map_errno(e, errno, path);
	close(fd);
	return rc;
}

int eg_root_readlink(struct eg_root *r, const char *path, struct eg_buf *out,
		     struct eg_err *e)
{
	struct eg_buf parent;
	const char *name;
	eg_buf_init(&parent, EG_PATH_MAX);
	int rc = split_parent(path, &parent, &name);
	if (rc != 0) {
		rc = eg_err_set(e, EG_E_LIMIT, "%s: path too long", path);
		goto out;
	}
	if (name[0] == '\0') {
		rc = eg_err_set(e, EG_E_INVAL, "%s: not a symbolic link", path);
		goto out;
	}
	int dfd = eg_root_openat(r, eg_buf_str(&parent),
				 O_PATH | O_DIRECTORY, e);
	if (dfd < 0) {
		rc = dfd;
		goto out;
	}
	char target[EG_PATH_MAX + 1];
	ssize_t n = readlinkat(dfd, name, target, EG_PATH_MAX);
	int err = errno;
	close(dfd);
	if (n < 0) {
		rc = err == EINVAL ? eg_err_set(e, EG_E_INVAL,
						"%s: not a symbolic link", path)
				   : map_errno(e, err, path);
		goto out;
	}
	if (eg_buf_add(out, target, (size_t)n) != 0)
		rc = eg_err_set(e, out->err, "%s: link target too long", path);
out:
	eg_buf_free(&parent);
	return rc;
}

int eg_root_opendir(struct eg_root *r, const char *path, DIR **out,
		    struct eg_err *e)
{
	*out = NULL;
	int fd = eg_root_openat(r, path, O_RDONLY | O_DIRECTORY, e);
	if (fd < 0)
		return fd;
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		int err = errno;
		close(fd);
		return map_errno(e, err, path);
	}
	*out = d;
	return 0;
}
