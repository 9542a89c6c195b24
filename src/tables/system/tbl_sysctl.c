/*
 * tbl_sysctl.c: the sysctl table: kernel parameters from proc/sys, with the
 * value the configuration files set for each.
 *
 * Configured values follow systemd-sysctl (sysctl.d(5)), which applies them
 * at boot on Debian: the *.conf files of etc/sysctl.d, run/sysctl.d,
 * usr/local/lib/sysctl.d, usr/lib/sysctl.d and lib/sysctl.d, one per file
 * name (etc first), all read in file-name order, a later assignment of a
 * name replacing an earlier one. etc/sysctl.conf is read where Debian's
 * procps links it in, as etc/sysctl.d/99-sysctl.conf; when no file of that
 * name exists, etc/sysctl.conf takes that place itself (so a host that lost
 * the link still shows what its sysctl.conf says). Glob assignments apply to
 * the existing keys they match that no plain assignment names (the last
 * matching glob wins); "-name" alone takes a key out of the globs.
 *
 * The walk of proc/sys (a few thousand files) opens each folder and file
 * relative to its parent's descriptor with O_NOFOLLOW, so no path is
 * resolved twice and nothing can lead out of the tree; the rare symbolic
 * link (only in a fixture or an image) is read through the confined
 * resolver instead. `name = 'x'` reads one file, `name GLOB 'net.ipv4.*'`
 * walks only proc/sys/net/ipv4.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "sysctl_conf.h"
#include "sysio.h"
#include "system_tables.h"

enum { C_NAME, C_VALUE, C_CONFIGURED };

static const struct eg_column columns[] = {
	{"name", EG_TEXT, EG_COL_GLOB,
	 "parameter name, dotted (net.ipv4.ip_forward; a '.' inside one "
	 "component, as in an interface name, is written '/')"},
	{"value", EG_TEXT, 0,
	 "current value from proc/sys, trimmed, integer vectors joined by "
	 "tabs; NULL when the key is absent or unreadable"},
	{"configured_value", EG_TEXT, 0,
	 "value the sysctl.d files and sysctl.conf set at boot, written the "
	 "same way; NULL when none does"},
};

static const char *const conf_dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d", "/lib/sysctl.d", NULL,
};

/* ---- configuration ---- */

struct cfg {
	char *name;
	char *value; /* NULL: only excluded from the globs */
	int glob;
	size_t seq;  /* order of the assignment */
	int seen;    /* a row was emitted for it */
};

struct conf {
	struct cfg *v;
	size_t n, cap;
	size_t nexact;  /* v[0..nexact): plain names, sorted, unique */
	struct cfg **globs;
	size_t nglobs;  /* in the order they were assigned */
	int nomem;
};

static int on_entry(void *arg, const struct eg_sysctl_entry *e)
{
	struct conf *c = arg;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		struct cfg *nv = eg_reallocarray(c->v, nc, sizeof(*nv));
		if (nv == NULL)
			goto nomem;
		c->v = nv;
		c->cap = nc;
	}
	struct cfg *x = &c->v[c->n];
	memset(x, 0, sizeof(*x));
	x->name = eg_strdup(e->name);
	x->value = e->value != NULL ? eg_strdup(e->value) : NULL;
	if (x->name == NULL || (e->value != NULL && x->value == NULL)) {
		free(x->name);
		free(x->value);
		goto nomem;
	}
	x->glob = e->is_glob;
	x->seq = c->n;
	c->n++;
	return 0;
nomem:
	c->nomem = 1;
	return EG_E_NOMEM;
}

static int cfg_cmp(const void *a, const void *b)
{
	const struct cfg *x = a, *y = b;
	if (x->glob != y->glob)
		return x->glob - y->glob; /* plain names first */
	int r = strcmp(x->name, y->name);
	if (r != 0)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int glob_seq_cmp(const void *a, const void *b)
{
	const struct cfg *x = *(struct cfg *const *)a;
	const struct cfg *y = *(struct cfg *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void conf_free(struct conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->globs);
	memset(c, 0, sizeof(*c));
}

/* Keeps the last assignment of each name; sorts plain names for lookup. */
static int conf_finish(struct conf *c)
{
	if (c->n == 0)
		return 0;
	qsort(c->v, c->n, sizeof(*c->v), cfg_cmp);
	size_t out = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (out > 0 && c->v[out - 1].glob == c->v[i].glob &&
		    strcmp(c->v[out - 1].name, c->v[i].name) == 0) {
			/* A later assignment of the same name replaces the
			 * earlier one and takes its place in the order. */
			free(c->v[out - 1].name);
			free(c->v[out - 1].value);
			c->v[out - 1] = c->v[i];
			continue;
		}
		c->v[out++] = c->v[i];
	}
	c->n = out;
	c->nexact = 0;
	while (c->nexact < c->n && !c->v[c->nexact].glob)
		c->nexact++;
	c->nglobs = c->n - c->nexact;
	if (c->nglobs > 0) {
		c->globs = eg_calloc(c->nglobs, sizeof(*c->globs));
		if (c->globs == NULL)
			return EG_E_NOMEM;
		for (size_t i = 0; i < c->nglobs; i++)
			c->globs[i] = &c->v[c->nexact + i];
		qsort(c->globs, c->nglobs, sizeof(*c->globs), glob_seq_cmp);
	}
	return 0;
}

static struct cfg *conf_exact(struct conf *c, const char *name)
{
	size_t lo = 0, hi = c->nexact;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, c->v[mid].name);
		if (r == 0)
			return &c->v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The configured value of an existing key, or NULL. */
static const char *conf_value(struct conf *c, const char *name)
{
	struct cfg *x = conf_exact(c, name);
	if (x != NULL)
		return x->value;
	for (size_t i = c->nglobs; i-- > 0;)
		if (eg_sysctl_glob_match(c->globs[i]->name, name))
			return c->globs[i]->value;
	return NULL;
}

static void read_conf_file(struct eg_tctx *ctx, struct conf *c,
			   const char *path)
{
	struct eg_buf b;
	struct eg_err e;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	eg_err_clear(&e);
	int rc = eg_root_read(eg_tctx_root(ctx), path, EG_HOSTFILE_MAX_BYTES,
			      &b, &e);
	if (rc != 0) {
		if (rc != EG_E_NOTFOUND)
			eg_tctx_warn(ctx, _("%s; its settings are ignored"),
				     eg_err_msg(&e));
		goto out;
	}
	size_t bad = 0, first = 0;
	eg_sysctl_conf_parse(b.data != NULL ? b.data : "", b.len, on_entry, c,
			     &bad, &first);
	eg_sys_warn_lines(ctx, path, bad, first, NULL);
out:
	eg_buf_free(&b);
}

static int load_conf(struct eg_tctx *ctx, struct conf *c)
{
	struct eg_conflist l = {0};
	int rc = eg_conf_list(eg_tctx_root(ctx), conf_dirs, ".conf", &l,
			      eg_sys_warn_ctx, ctx);
	if (rc != 0)
		return rc;
	int have99 = 0;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, "99-sysctl.conf") == 0)
			have99 = 1;
	int done99 = have99;
	for (size_t i = 0; i < l.n && !c->nomem; i++) {
		if (!done99 && strcmp(l.v[i].name, "99-sysctl.conf") > 0) {
			read_conf_file(ctx, c, "/etc/sysctl.conf");
			done99 = 1;
		}
		read_conf_file(ctx, c, l.v[i].path);
	}
	if (!done99 && !c->nomem)
		read_conf_file(ctx, c, "/etc/sysctl.conf");
	eg_conflist_free(&l);
	if (c->nomem)
		return EG_E_NOMEM;
	return conf_finish(c);
}

/* ---- rows ---- */

/*
 * Keys whose reading does work in the kernel rather than report a setting:
 * reading vm.stat_refresh flushes every CPU's counters. sysctl(8) skips it
 * too; an audit must not have side effects.
 */
static int side_effect_key(const char *name)
{
	return strcmp(name, "vm.stat_refresh") == 0;
}

struct walk {
	struct eg_tctx *ctx;
	struct conf *conf;
	const char *pattern; /* a GLOB the names must match, or NULL */
	struct eg_buf name;  /* dotted name being built */
	struct eg_buf raw, val, path;
	size_t keys;
	int warned_depth;
	int stop;
	int rc;
};

static int wanted(const struct walk *w, const char *name)
{
	return w->pattern == NULL ||
	       fnmatch(w->pattern, name, FNM_NOESCAPE) == 0;
}

static void emit(struct walk *w, const char *name, const char *value,
		 size_t vlen, const char *configured)
{
	struct eg_tctx *ctx = w->ctx;
	eg_row_begin(ctx);
	eg_row_text(ctx, C_NAME, name);
	if (value != NULL)
		eg_row_textn(ctx, C_VALUE, value, vlen);
	eg_row_text(ctx, C_CONFIGURED, configured);
	if (eg_row_end(ctx) != 0)
		w->stop = 1;
}

/* A value read into w->raw: normalised and emitted for w->name. */
static void emit_read(struct walk *w)
{
	const char *name = eg_buf_str(&w->name);
	eg_buf_reset(&w->val);
	eg_sysctl_value(eg_buf_str(&w->raw), w->raw.len, &w->val);
	struct cfg *x = conf_exact(w->conf, name);
	if (x != NULL)
		x->seen = 1;
	emit(w, name, eg_buf_str(&w->val), w->val.len,
	     conf_value(w->conf, name));
}

/* Reads the key w->name through the confined resolver (a symbolic link in
 * the tree). Returns 1 when read. */
static int read_confined(struct walk *w)
{
	eg_buf_reset(&w->path);
	eg_buf_reset(&w->raw);
	eg_buf_adds(&w->path, "/proc/sys/");
	if (eg_sysctl_path(eg_buf_str(&w->name), &w->path) != 0)
		return 0;
	int trunc = 0;
	if (eg_sys_read_prefix(eg_tctx_root(w->ctx), eg_buf_str(&w->path),
			       EG_SYSCTL_VALUE_MAX, &w->raw, &trunc, NULL) != 0)
		return 0;
	if (trunc) {
		eg_tctx_warn(w->ctx, _("%s: value longer than %u bytes; left out"),
			     eg_buf_str(&w->path), EG_SYSCTL_VALUE_MAX);
		return 0;
	}
	return 1;
}

/* The type of entry nm of dfd, without following a link. */
static unsigned char entry_type(int dfd, const char *nm, unsigned char type)
{
	struct stat st;
	if (type != DT_UNKNOWN)
		return type;
	if (fstatat(dfd, nm, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return DT_UNKNOWN;
	return S_ISDIR(st.st_mode)   ? DT_DIR
	       : S_ISREG(st.st_mode) ? DT_REG
	       : S_ISLNK(st.st_mode) ? DT_LNK
				     : DT_UNKNOWN;
}

/*
 * The key w->name, entry nm of dfd: a regular file is read relative to dfd
 * without following anything; a link (only in a fixture or an image) is
 * read through the confined resolver. Emits its row; returns 1 when it did.
 */
static int read_leaf(struct walk *w, int dfd, const char *nm,
		     unsigned char type)
{
	if (side_effect_key(eg_buf_str(&w->name)))
		return 0;
	if (type == DT_LNK) {
		if (!read_confined(w))
			return 0;
		emit_read(w);
		return 1;
	}
	if (type != DT_REG)
		return 0;
	/* Write-only keys (vm.compact_memory) fail here, unreadable ones
	 * (stable_secret) at read: neither has a value to show. */
	int fd = openat(dfd, nm,
			O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int trunc = 0;
	eg_buf_reset(&w->raw);
	int rrc = eg_sys_read_fd(fd, EG_SYSCTL_VALUE_MAX, &w->raw, &trunc, NULL);
	close(fd);
	if (rrc != 0)
		return 0;
	if (trunc) {
		eg_tctx_warn(w->ctx, _("/proc/sys: value of %s longer than %u bytes; left out"),
			     eg_buf_str(&w->name), EG_SYSCTL_VALUE_MAX);
		return 0;
	}
	emit_read(w);
	return 1;
}

static void walk_dir(struct walk *w, DIR *d, int depth)
{
	struct dirent *de;
	int dfd = dirfd(d);
	size_t base = w->name.len;
	while (!w->stop && (de = readdir(d)) != NULL) {
		const char *nm = de->d_name;
		if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
			continue;
		if (++w->keys > EG_SYSCTL_MAX_KEYS) {
			eg_tctx_warn(w->ctx, _("/proc/sys: more than %u entries; the rest is ignored"),
				     EG_SYSCTL_MAX_KEYS);
			w->stop = 1;
			break;
		}
		eg_buf_truncate(&w->name, base);
		if (base > 0)
			eg_buf_addc(&w->name, '.');
		for (const char *p = nm; *p; p++)
			eg_buf_addc(&w->name, *p == '.' ? '/' : *p);
		if (w->name.err != 0)
			continue;
		unsigned char type = entry_type(dfd, nm, de->d_type);
		if (type == DT_DIR) {
			if (depth + 1 > EG_SYSCTL_MAX_DEPTH) {
				if (!w->warned_depth)
					eg_tctx_warn(w->ctx, _("/proc/sys: folders nested deeper than %d levels are ignored"),
						     EG_SYSCTL_MAX_DEPTH);
				w->warned_depth = 1;
				continue;
			}
			int fd = openat(dfd, nm,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						O_CLOEXEC);
			if (fd < 0)
				continue;
			DIR *sub = fdopendir(fd);
			if (sub == NULL) {
				close(fd);
				continue;
			}
			walk_dir(w, sub, depth + 1);
			closedir(sub);
			continue;
		}
		if (wanted(w, eg_buf_str(&w->name)))
			read_leaf(w, dfd, nm, type);
	}
	eg_buf_truncate(&w->name, base);
}

/*
 * A descriptor of the folder /proc/sys/REL (REL a path from eg_sysctl_path,
 * "" for /proc/sys itself), reached one component at a time without
 * following links, as the full walk would reach it: a link to a folder is
 * never entered, whichever way a key is asked for. Returns the descriptor
 * or -1 (absent, not a folder, or a link); e gets why when /proc/sys itself
 * could not be opened.
 */
static int open_sysdir(struct walk *w, const char *rel, struct eg_err *e)
{
	int fd = eg_root_openat(eg_tctx_root(w->ctx), "/proc/sys",
				O_RDONLY | O_DIRECTORY, e);
	if (fd < 0)
		return -1;
	const char *p = rel;
	while (*p != '\0') {
		size_t n = strcspn(p, "/");
		char comp[256];
		if (n == 0 || n >= sizeof(comp)) {
			close(fd);
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		int next = openat(fd, comp,
				  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
		p += n;
		if (*p == '/')
			p++;
	}
	return fd;
}

/*
 * The folder to start a GLOB walk from: the components of pattern before
 * its first glob character, when they make a valid name ("net.ipv4.*" ->
 * "net.ipv4"). Appends to out (empty: the whole tree).
 */
static void glob_prefix(const char *pattern, struct eg_buf *out)
{
	size_t lit = strcspn(pattern, "*?[");
	size_t cut = 0;
	for (size_t i = 0; i < lit; i++)
		if (pattern[i] == '.')
			cut = i;
	if (cut == 0)
		return;
	struct eg_buf probe;
	eg_buf_init(&probe, EG_PATH_MAX);
	eg_buf_add(out, pattern, cut);
	if (eg_sysctl_path(eg_buf_str(out), &probe) != 0)
		eg_buf_reset(out);
	eg_buf_free(&probe);
}

static void walk_tree(struct walk *w)
{
	struct eg_buf rel;
	struct eg_err e;
	eg_buf_init(&rel, EG_PATH_MAX);
	eg_err_clear(&e);
	if (w->pattern != NULL) {
		glob_prefix(w->pattern, &w->name);
		if (w->name.len > 0)
			eg_sysctl_path(eg_buf_str(&w->name), &rel);
	}
	int fd = rel.err != 0 ? -1 : open_sysdir(w, eg_buf_str(&rel), &e);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d != NULL) {
		walk_dir(w, d, 0);
		closedir(d);
	} else {
		if (fd >= 0)
			close(fd);
		if (e.code != 0 && e.code != EG_E_NOTFOUND)
			eg_tctx_warn(w->ctx, "%s", eg_err_msg(&e));
	}
	eg_buf_free(&rel);
}

/* One key asked by name: the same rules as the walk, one entry only.
 * Returns 1 when a row was emitted. */
static int read_one(struct walk *w)
{
	eg_buf_reset(&w->path);
	if (eg_sysctl_path(eg_buf_str(&w->name), &w->path) != 0)
		return 0;
	char *rel = eg_strdup(eg_buf_str(&w->path));
	if (rel == NULL)
		return 0;
	char *slash = strrchr(rel, '/');
	const char *leaf = rel;
	const char *dir = "";
	if (slash != NULL) {
		*slash = '\0';
		dir = rel;
		leaf = slash + 1;
	}
	int done = 0;
	int fd = open_sysdir(w, dir, NULL);
	if (fd >= 0) {
		done = read_leaf(w, fd, leaf, entry_type(fd, leaf, DT_UNKNOWN));
		close(fd);
	}
	free(rel);
	return done;
}

/* Rows for configured names that the walk did not meet. */
static void emit_configured_only(struct walk *w)
{
	for (size_t i = 0; i < w->conf->nexact && !w->stop; i++) {
		struct cfg *x = &w->conf->v[i];
		if (x->seen || x->value == NULL || !wanted(w, x->name))
			continue;
		emit(w, x->name, NULL, 0, x->value);
	}
}

static int generate(struct eg_tctx *ctx)
{
	struct conf conf = {0};
	struct walk w = {.ctx = ctx, .conf = &conf};
	eg_buf_init(&w.name, EG_PATH_MAX);
	eg_buf_init(&w.raw, EG_SYSCTL_VALUE_MAX + 1);
	eg_buf_init(&w.val, EG_SYSCTL_VALUE_MAX + 1);
	eg_buf_init(&w.path, EG_PATH_MAX);
	int rc = load_conf(ctx, &conf);
	if (rc != 0) {
		rc = eg_tctx_error(ctx, rc, "%s", eg_strerror(rc));
		goto out;
	}
	int is_glob = 0;
	const char *arg = eg_tctx_arg(ctx, "name", &is_glob);
	if (arg != NULL && !is_glob) {
		/* One key: only a normalised name can equal a row's name. */
		struct eg_buf norm;
		eg_buf_init(&norm, EG_PATH_MAX);
		int ok = eg_sysctl_name(arg, strlen(arg), &norm) == 0 &&
			 strcmp(eg_buf_str(&norm), arg) == 0 &&
			 !eg_sysctl_is_glob(arg);
		eg_buf_free(&norm);
		if (!ok)
			goto out;
		eg_buf_adds(&w.name, arg);
		if (!read_one(&w)) {
			struct cfg *x = conf_exact(&conf, arg);
			if (x != NULL && x->value != NULL)
				emit(&w, arg, NULL, 0, x->value);
		}
		goto out;
	}
	/* A pattern with a bracket class is left to SQLite, whose classes
	 * differ a little from fnmatch's; the walk then reads everything. */
	if (arg != NULL && strchr(arg, '[') == NULL)
		w.pattern = arg;
	walk_tree(&w);
	emit_configured_only(&w);
out:
	conf_free(&conf);
	eg_buf_free(&w.name);
	eg_buf_free(&w.raw);
	eg_buf_free(&w.val);
	eg_buf_free(&w.path);
	return rc;
}

const struct eg_table_def eg_table_sysctl = {
	.name = "sysctl",
	.description = "Kernel parameters (proc/sys) with the values the "
		       "sysctl.d files and sysctl.conf configure",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
