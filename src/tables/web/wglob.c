/*
 * wglob.c: path patterns expanded inside the audit root (see wglob.h).
 *
 * The expansion is a recursion over the pattern's components. Directories
 * are opened through the root one at a time and closed before descending,
 * so the number of open descriptors stays flat whatever the depth.
 */
#include "wglob.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

struct gctx {
	struct eg_root *r;
	unsigned flags;
	size_t max;
	struct eg_strv *out;
	struct eg_err *e;
	int rc;            /* first problem; expansion goes on after EG_E_IO */
	int stop;          /* set on EG_E_LIMIT / EG_E_NOMEM */
	struct eg_strv comps;
};

struct entry {
	char *name;
	int is_dir; /* a real directory (lstat), never a link to one */
};

int eg_wglob_has_magic(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void problem(struct gctx *g, int code, const char *path)
{
	if (g->rc == 0) {
		if (code == EG_E_LIMIT)
			eg_err_set(g->e, code, _("%s: pattern expansion stopped "
						 "at a limit (%zu matches or "
						 "depth %d)"),
				   path, g->max, EG_WALK_MAX_DEPTH);
		else if (code == EG_E_NOMEM)
			eg_err_set(g->e, code, "out of memory");
		g->rc = code;
	}
	if (code == EG_E_LIMIT || code == EG_E_NOMEM)
		g->stop = 1;
}

static void add_match(struct gctx *g, const char *path)
{
	if (g->stop)
		return;
	if (g->out->n >= g->max) {
		problem(g, EG_E_LIMIT, path);
		return;
	}
	if (eg_strv_add(g->out, path) != 0)
		problem(g, EG_E_NOMEM, path);
}

/* path + "/" + name into b (reset first); "" stands for the root. */
static int join(struct eg_buf *b, const char *path, const char *name)
{
	eg_buf_reset(b);
	eg_buf_adds(b, path);
	if (path[0] != '\0' && path[strlen(path) - 1] != '/')
		eg_buf_addc(b, '/');
	eg_buf_adds(b, name);
	return b->err;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void free_entries(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * Lists the directory at path (sorted, without "." and ".."). A directory
 * that does not exist or is not one gives no entries silently; one that
 * cannot be read is a problem recorded in g.
 */
static int list_dir(struct gctx *g, const char *path, struct entry **out,
		    size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct eg_err e;
	eg_err_clear(&e);
	DIR *d = NULL;
	int rc = eg_root_opendir(g->r, path[0] == '\0' ? "/" : path, &d, &e);
	if (rc != 0) {
		if (rc != EG_E_NOTFOUND && g->rc == 0) {
			eg_err_set(g->e, EG_E_IO, "%s", eg_err_msg(&e));
			g->rc = EG_E_IO;
		}
		return 0;
	}
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n >= EG_DIR_MAX_ENTRIES) {
			problem(g, EG_E_LIMIT, path);
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct entry *nv = eg_reallocarray(v, nc, sizeof(*nv));
			if (nv == NULL) {
				problem(g, EG_E_NOMEM, path);
				break;
			}
			v = nv;
			cap = nc;
		}
		struct stat st;
		int is_dir = fstatat(fd, de->d_name, &st,
				     AT_SYMLINK_NOFOLLOW) == 0 &&
			     S_ISDIR(st.st_mode);
		v[n].name = eg_strdup(de->d_name);
		if (v[n].name == NULL) {
			problem(g, EG_E_NOMEM, path);
			break;
		}
		v[n].is_dir = is_dir;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_entry);
	*out = v;
	*nout = n;
	return 0;
}

static int name_ok(const struct gctx *g, const char *name)
{
	return !((g->flags & EG_WGLOB_PERIOD) && name[0] == '.');
}

static void expand(struct gctx *g, const char *path, size_t ci,
		   unsigned depth);

/* Everything below path, depth first, for a trailing "**". */
static void walk_all(struct gctx *g, const char *path, unsigned depth)
{
	if (depth > EG_WALK_MAX_DEPTH) {
		problem(g, EG_E_LIMIT, path);
		return;
	}
	struct entry *v;
	size_t n;
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	list_dir(g, path, &v, &n);
	for (size_t i = 0; i < n && !g->stop; i++) {
		if (!name_ok(g, v[i].name))
			continue;
		if (join(&b, path, v[i].name) != 0) {
			problem(g, EG_E_LIMIT, path);
			break;
		}
		add_match(g, eg_buf_str(&b));
		if (v[i].is_dir)
			walk_all(g, eg_buf_str(&b), depth + 1);
	}
	free_entries(v, n);
	eg_buf_free(&b);
}

static void expand(struct gctx *g, const char *path, size_t ci,
		   unsigned depth)
{
	if (g->stop)
		return;
	if (depth > EG_WALK_MAX_DEPTH) {
		problem(g, EG_E_LIMIT, path);
		return;
	}
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	struct entry *v = NULL;
	size_t n = 0;
	if (ci == g->comps.n) {
		/* Reached through literal components only: check it. */
		struct stat st;
		if (eg_root_stat(g->r, path[0] == '\0' ? "/" : path, 1, &st,
				 NULL) == 0)
			add_match(g, path[0] == '\0' ? "/" : path);
		goto out;
	}
	const char *comp = g->comps.v[ci];
	int last = ci + 1 == g->comps.n;
	if (strcmp(comp, "**") == 0) {
		if (last) {
			walk_all(g, path, depth);
			goto out;
		}
		expand(g, path, ci + 1, depth); /* zero directories */
		list_dir(g, path, &v, &n);
		for (size_t i = 0; i < n && !g->stop; i++) {
			if (!v[i].is_dir || !name_ok(g, v[i].name))
				continue;
			if (join(&b, path, v[i].name) != 0) {
				problem(g, EG_E_LIMIT, path);
				break;
			}
			expand(g, eg_buf_str(&b), ci, depth + 1);
		}
		goto out;
	}
	if (!eg_wglob_has_magic(comp)) {
		if (join(&b, path, comp) != 0) {
			problem(g, EG_E_LIMIT, path);
			goto out;
		}
		expand(g, eg_buf_str(&b), ci + 1, depth);
		goto out;
	}
	int fl = 0;
	if (g->flags & EG_WGLOB_PERIOD)
		fl |= FNM_PERIOD;
	if (g->flags & EG_WGLOB_NOESCAPE)
		fl |= FNM_NOESCAPE;
	list_dir(g, path, &v, &n);
	for (size_t i = 0; i < n && !g->stop; i++) {
		if (fnmatch(comp, v[i].name, fl) != 0)
			continue;
		if (join(&b, path, v[i].name) != 0) {
			problem(g, EG_E_LIMIT, path);
			break;
		}
		if (last)
			add_match(g, eg_buf_str(&b));
		else if (v[i].is_dir)
			expand(g, eg_buf_str(&b), ci + 1, depth + 1);
	}
out:
	free_entries(v, n);
	eg_buf_free(&b);
}

int eg_wglob(struct eg_root *r, const char *pattern, unsigned flags,
	     size_t max, struct eg_strv *out, struct eg_err *e)
{
	struct gctx g;
	memset(&g, 0, sizeof(g));
	g.r = r;
	g.flags = flags;
	g.max = max;
	g.out = out;
	g.e = e;
	if (strlen(pattern) >= EG_PATH_MAX)
		return eg_err_set(e, EG_E_LIMIT, _("pattern longer than %u bytes"),
				  EG_PATH_MAX);
	/* Split at '/', dropping empty components and collapsing "**" runs
	 * (they match the same paths, only more often). */
	const char *p = pattern;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p != '\0' && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		if (n == 0)
			continue;
		if (n == 2 && s[0] == '*' && s[1] == '*' && g.comps.n > 0 &&
		    strcmp(g.comps.v[g.comps.n - 1], "**") == 0)
			continue;
		if (eg_strv_addn(&g.comps, s, n) != 0) {
			eg_strv_free(&g.comps);
			return eg_err_set(e, EG_E_NOMEM, "out of memory");
		}
	}
	expand(&g, pattern[0] == '/' ? "/" : "", 0, 0);
	eg_strv_free(&g.comps);
	return g.rc;
}
