/*
 * docroot.c: the shared walk of the web roots and the docroot_files table
 * (see docroot.h).
 *
 * Below a root, directories are opened relative to their parent's
 * descriptor with one component and O_NOFOLLOW, so the walk cannot leave
 * the directory it is in, whatever the tree does meanwhile; one descriptor
 * is held per level (at most EG_WALK_MAX_DEPTH).
 */
#include "docroot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "web_tables.h"

struct eg_docroot_walk {
	struct eg_strv roots; /* the roots walked; entries point here */
	struct eg_docroot_entry *v;
	size_t n, cap;
};

struct wk {
	struct eg_docroot_walk *w;
	const struct eg_strv *all; /* every root, to skip nested ones */
	const char *root;
	void (*warn)(void *ud, const char *msg);
	void *ud;
	int nomem;
	int capped;
	int deep_warned;
};

static void wwarn(struct wk *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void wwarn(struct wk *k, const char *fmt, ...)
{
	if (k->warn == NULL)
		return;
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	k->warn(k->ud, msg);
}

void eg_docroot_walk_free(struct eg_docroot_walk *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++)
		free((char *)w->v[i].path);
	free(w->v);
	eg_strv_free(&w->roots);
	free(w);
}

size_t eg_docroot_count(const struct eg_docroot_walk *w)
{
	return w->n;
}

const struct eg_docroot_entry *eg_docroot_get(const struct eg_docroot_walk *w,
					      size_t i)
{
	return &w->v[i];
}

/* Records one entry; returns 0, or -1 once the walk must stop. */
static int record(struct wk *k, const char *path, const struct stat *st)
{
	struct eg_docroot_walk *w = k->w;
	if (w->n >= EG_DOCROOT_MAX_FILES) {
		if (!k->capped)
			wwarn(k, _("more than %u files under the web roots; "
				   "the rest are not listed"),
			      (unsigned)EG_DOCROOT_MAX_FILES);
		k->capped = 1;
		return -1;
	}
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 256;
		struct eg_docroot_entry *nv =
			eg_reallocarray(w->v, nc, sizeof(*nv));
		if (nv == NULL) {
			k->nomem = 1;
			return -1;
		}
		w->v = nv;
		w->cap = nc;
	}
	char *p = eg_strdup(path);
	if (p == NULL) {
		k->nomem = 1;
		return -1;
	}
	struct eg_docroot_entry *en = &w->v[w->n++];
	en->docroot = k->root;
	en->path = p;
	en->mode = st->st_mode;
	en->uid = st->st_uid;
	en->gid = st->st_gid;
	en->size = (int64_t)st->st_size;
	en->mtime = (int64_t)st->st_mtim.tv_sec;
	return 0;
}

static int nested_root(const struct wk *k, const char *path)
{
	return strcmp(path, k->root) != 0 && eg_strv_has(k->all, path);
}

/* Walks the directory open at dfd (taken over) whose path is in path. */
static int walk_dir(struct wk *k, int dfd, struct eg_buf *path,
		    unsigned depth)
{
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		wwarn(k, _("cannot read directory %s"), eg_buf_str(path));
		return 0;
	}
	struct eg_strv names = {0};
	struct dirent *de;
	size_t base = path->len;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (names.n >= EG_DIR_MAX_ENTRIES) {
			wwarn(k, _("%s: more than %u entries; the rest are "
				   "not listed"), eg_buf_str(path),
			      (unsigned)EG_DIR_MAX_ENTRIES);
			break;
		}
		if (eg_strv_add(&names, de->d_name) != 0) {
			k->nomem = 1;
			rc = -1;
			goto out;
		}
	}
	eg_strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		struct stat st;
		if (fstatat(dirfd(d), names.v[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue; /* gone meanwhile */
		eg_buf_truncate(path, base);
		if (base + 1 + strlen(names.v[i]) >= EG_PATH_MAX) {
			wwarn(k, _("%s: a name in it makes a path longer than "
				   "%u bytes; not listed"), eg_buf_str(path),
			      (unsigned)EG_PATH_MAX);
			continue;
		}
		if (base != 1)
			eg_buf_addc(path, '/');
		eg_buf_adds(path, names.v[i]);
		if (record(k, eg_buf_str(path), &st) != 0) {
			rc = -1;
			goto out;
		}
		if (!S_ISDIR(st.st_mode) || nested_root(k, eg_buf_str(path)))
			continue;
		if (depth + 1 > EG_WALK_MAX_DEPTH) {
			if (!k->deep_warned)
				wwarn(k, _("%s: deeper than %d levels; not "
					   "descended"), eg_buf_str(path),
				      EG_WALK_MAX_DEPTH);
			k->deep_warned = 1;
			continue;
		}
		int cfd = openat(dirfd(d), names.v[i],
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC | O_NONBLOCK);
		if (cfd < 0) {
			wwarn(k, _("cannot open directory %s: %s"),
			      eg_buf_str(path), strerror(errno));
			continue;
		}
		if (walk_dir(k, cfd, path, depth + 1) != 0) {
			rc = -1;
			goto out;
		}
	}
out:
	eg_buf_truncate(path, base);
	eg_strv_free(&names);
	closedir(d);
	return rc;
}

struct eg_docroot_walk *eg_docroot_walk(struct eg_root *r,
					const struct eg_strv *roots,
					void (*warn)(void *ud, const char *msg),
					void *ud)
{
	struct eg_docroot_walk *w = eg_calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	for (size_t i = 0; i < roots->n; i++) {
		if (eg_strv_add(&w->roots, roots->v[i]) != 0) {
			eg_docroot_walk_free(w);
			return NULL;
		}
	}
	struct wk k;
	memset(&k, 0, sizeof(k));
	k.w = w;
	k.all = &w->roots;
	k.warn = warn;
	k.ud = ud;
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	for (size_t i = 0; i < w->roots.n && !k.capped && !k.nomem; i++) {
		k.root = w->roots.v[i];
		struct eg_err e;
		eg_err_clear(&e);
		int fd = eg_root_openat(r, k.root, O_RDONLY | O_DIRECTORY |
					O_NONBLOCK, &e);
		if (fd == EG_E_NOTFOUND)
			continue;
		if (fd < 0) {
			wwarn(&k, _("cannot read web root %s"), eg_err_msg(&e));
			continue;
		}
		eg_buf_reset(&path);
		eg_buf_adds(&path, k.root);
		walk_dir(&k, fd, &path, 0);
	}
	eg_buf_free(&path);
	if (k.nomem) {
		eg_docroot_walk_free(w);
		return NULL;
	}
	return w;
}

/* ---- the docroot_files table ------------------------------------ */

enum { D_DOCROOT, D_PATH, D_TYPE, D_MODE, D_SIZE, D_MTIME };

static const struct eg_column docroot_cols[] = {
	{"docroot", EG_TEXT, 0, "the web root (nginx root, apache "
				"DocumentRoot, or /var/www)"},
	{"path", EG_TEXT, 0, "path of the entry in the audited system"},
	{"type", EG_TEXT, 0, "file, directory, symlink, fifo, socket, block "
			     "or character (links are not followed)"},
	{"mode", EG_TEXT, 0, "permission bits, four octal digits"},
	{"size", EG_INT, 0, "size in bytes"},
	{"mtime", EG_INT, 0, "modification time, seconds since the epoch"},
};

static void warn_to_ctx(void *ud, const char *msg)
{
	eg_tctx_warn(ud, "%s", msg);
}

static void *make_walk(struct eg_tctx *ctx)
{
	struct eg_strv roots = {0};
	struct eg_docroot_walk *w = NULL;
	if (eg_web_conf_paths(ctx, "root", EG_NGINX_HTML_PREFIX,
			      "DocumentRoot", &roots) != 0)
		goto out;
	struct stat st;
	if (!eg_strv_has(&roots, "/var/www") &&
	    eg_root_stat(eg_tctx_root(ctx), "/var/www", 0, &st, NULL) == 0 &&
	    S_ISDIR(st.st_mode) && eg_strv_add(&roots, "/var/www") != 0)
		goto out;
	eg_strv_sort(&roots);
	w = eg_docroot_walk(eg_tctx_root(ctx), &roots, warn_to_ctx, ctx);
out:
	eg_strv_free(&roots);
	return w;
}

static void free_walk(void *p)
{
	eg_docroot_walk_free(p);
}

static int docroot_generate(struct eg_tctx *ctx)
{
	const struct eg_docroot_walk *w =
		eg_tctx_shared(ctx, "docroot_walk", make_walk, free_walk);
	if (w == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, "out of memory");
	for (size_t i = 0; i < w->n; i++) {
		const struct eg_docroot_entry *en = &w->v[i];
		char mode[8];
		eg_mode_text(en->mode, mode);
		eg_row_begin(ctx);
		eg_row_text(ctx, D_DOCROOT, en->docroot);
		eg_row_text(ctx, D_PATH, en->path);
		eg_row_text(ctx, D_TYPE, eg_file_type(en->mode));
		eg_row_text(ctx, D_MODE, mode);
		eg_row_int(ctx, D_SIZE, en->size);
		eg_row_int(ctx, D_MTIME, en->mtime);
		if (eg_row_end(ctx) != 0)
			break;
	}
	return 0;
}

const struct eg_table_def eg_table_docroot_files = {
	"docroot_files",
	"every entry under the web roots that nginx and apache serve (and "
	"/var/www), links not followed",
	docroot_cols,
	sizeof(docroot_cols) / sizeof(docroot_cols[0]),
	docroot_generate,
};
