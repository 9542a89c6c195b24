/*
 * webconf.c: the directive list and the loaders that read a web server's
 * main configuration file and follow its includes inside the audit root
 * (see webconf.h).
 */
#include "webconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "apache_conf.h"
#include "nginx_conf.h"
#include "webutil.h"
#include "wglob.h"

struct item {
	struct eg_wdir d;
	void *mem; /* argv and every string of d, one allocation */
};

struct eg_wconf {
	struct item *v;
	size_t n, cap;
};

struct eg_wconf *eg_wconf_new(void)
{
	return eg_calloc(1, sizeof(struct eg_wconf));
}

void eg_wconf_free(struct eg_wconf *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].mem);
	free(c->v);
	free(c);
}

size_t eg_wconf_count(const struct eg_wconf *c)
{
	return c->n;
}

const struct eg_wdir *eg_wconf_get(const struct eg_wconf *c, size_t i)
{
	return &c->v[i].d;
}

/* Copies s (with its NUL) at *at and advances it; returns the copy. */
static const char *put(char **at, const char *s)
{
	size_t n = strlen(s) + 1;
	char *dst = *at;
	memcpy(dst, s, n);
	*at += n;
	return dst;
}

int eg_wconf_add(struct eg_wconf *c, const char *file, unsigned line,
		 const char *context, const char *name, size_t argc,
		 const char *const *argv)
{
	if (c->n >= EG_CONF_MAX_LINES)
		return EG_E_LIMIT;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		struct item *nv = eg_reallocarray(c->v, nc, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		c->v = nv;
		c->cap = nc;
	}
	/* Sizes are bounded by the parsers (EG_LINE_MAX per word,
	 * EG_WEBCONF_MAX_ARGS words), so these sums cannot overflow. */
	size_t strs = strlen(file) + strlen(context) + strlen(name) + 3;
	size_t joined = 1;
	for (size_t i = 0; i < argc; i++) {
		strs += strlen(argv[i]) + 1;
		joined += strlen(argv[i]) + 1;
	}
	size_t ptrs = (argc + 1) * sizeof(char *);
	char *mem = malloc(ptrs + strs + joined);
	if (mem == NULL)
		return EG_E_NOMEM;
	const char **av = (const char **)(void *)mem;
	char *at = mem + ptrs;
	struct item *it = &c->v[c->n];
	it->mem = mem;
	it->d.file = put(&at, file);
	it->d.line = line;
	it->d.context = put(&at, context);
	it->d.name = put(&at, name);
	for (size_t i = 0; i < argc; i++)
		av[i] = put(&at, argv[i]);
	av[argc] = NULL;
	char *j = at;
	for (size_t i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (i > 0)
			*at++ = ' ';
		memcpy(at, argv[i], n);
		at += n;
	}
	*at = '\0';
	it->d.args = j;
	it->d.argc = argc;
	it->d.argv = av;
	c->n++;
	return 0;
}

/* ---- loading with includes ---------------------------------------- */

typedef int (*parse_fn)(const struct eg_wconf_parse *p, const char *buf,
			size_t len, struct eg_err *e);

struct loader {
	struct eg_root *r;
	struct eg_wconf *conf;
	eg_warn_fn warn;
	void *ud;
	parse_fn parse;
	int apache;
	const char *base;      /* relative includes start here */
	size_t files;          /* files read so far */
	int files_warned;
	struct {
		dev_t dev;
		ino_t ino;
	} open[EG_CONF_MAX_INCLUDE_DEPTH + 2]; /* files being read */
	size_t nopen;
};

static void lwarn(struct loader *L, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void lwarn(struct loader *L, const char *fmt, ...)
{
	if (L->warn == NULL)
		return;
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	L->warn(L->ud, msg);
}

static int on_include(void *ud, const char *file, unsigned line,
		      const char *pattern, const char *context, int optional,
		      unsigned depth);

static int load_file(struct loader *L, const char *path, const char *context,
		     unsigned depth, const char *from, unsigned from_line);

/* httpd includes a directory as every file below it, in order. */
static int load_dir(struct loader *L, const char *path, const char *context,
		    unsigned depth, const char *from, unsigned from_line)
{
	struct eg_strv m = {0};
	struct eg_err e;
	eg_err_clear(&e);
	struct eg_buf pat;
	eg_buf_init(&pat, EG_PATH_MAX);
	eg_buf_adds(&pat, path);
	eg_buf_adds(&pat, "/*");
	int rc = 0;
	if (pat.err == 0 &&
	    eg_wglob(L->r, eg_buf_str(&pat), EG_WGLOB_PERIOD,
		     EG_CONF_MAX_FILES, &m, &e) != 0)
		lwarn(L, "%s:%u: %s", from, from_line, eg_err_msg(&e));
	for (size_t i = 0; i < m.n && rc == 0; i++)
		rc = load_file(L, m.v[i], context, depth, from, from_line);
	eg_strv_free(&m);
	eg_buf_free(&pat);
	return rc;
}

/*
 * Reads and parses one file at include depth `depth`. Problems are warned
 * about and skipped; only EG_E_NOMEM is returned.
 */
static int load_file(struct loader *L, const char *path, const char *context,
		     unsigned depth, const char *from, unsigned from_line)
{
	struct eg_err e;
	eg_err_clear(&e);
	struct stat st;
	int rc = eg_root_stat(L->r, path, 0, &st, &e);
	if (rc != 0) {
		if (from != NULL)
			lwarn(L, _("%s:%u: cannot read included file: %s"),
			      from, from_line, eg_err_msg(&e));
		else if (rc != EG_E_NOTFOUND)
			lwarn(L, _("cannot read %s"), eg_err_msg(&e));
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (L->apache) {
			if (depth > EG_CONF_MAX_INCLUDE_DEPTH) {
				lwarn(L, _("%s:%u: includes nested deeper "
					   "than %d: %s not read"), from,
				      from_line, EG_CONF_MAX_INCLUDE_DEPTH, path);
				return 0;
			}
			return load_dir(L, path, context, depth + 1, from,
					from_line);
		}
		/* nginx skips directories its include globs match. */
		return 0;
	}
	for (size_t i = 0; i < L->nopen; i++) {
		if (L->open[i].dev == st.st_dev && L->open[i].ino == st.st_ino) {
			lwarn(L, _("%s:%u: include cycle: %s is already being "
				   "read; not read again"),
			      from ? from : path, from_line, path);
			return 0;
		}
	}
	if (L->files >= EG_CONF_MAX_FILES) {
		if (!L->files_warned)
			lwarn(L, _("%s:%u: more than %u configuration files; "
				   "the rest are not read"),
			      from ? from : path, from_line,
			      (unsigned)EG_CONF_MAX_FILES);
		L->files_warned = 1;
		return 0;
	}
	L->files++;
	struct eg_buf b;
	eg_buf_init(&b, EG_WEBCONF_FILE_MAX);
	rc = eg_root_read(L->r, path, EG_WEBCONF_FILE_MAX, &b, &e);
	if (rc != 0) {
		lwarn(L, _("cannot read %s; its directives are missing"),
		      eg_err_msg(&e));
		rc = 0;
		goto out;
	}
	if (L->nopen >= sizeof(L->open) / sizeof(L->open[0])) {
		/* Unreachable while depth is checked; kept as a guard. */
		lwarn(L, _("%s:%u: includes nested too deep: %s not read"),
		      from ? from : path, from_line, path);
		goto out;
	}
	L->open[L->nopen].dev = st.st_dev;
	L->open[L->nopen].ino = st.st_ino;
	L->nopen++;
	struct eg_wconf_parse p = {
		.conf = L->conf,
		.file = path,
		.context = context,
		.depth = depth,
		.include = {on_include, L},
	};
	rc = L->parse(&p, b.data ? b.data : "", b.len, &e);
	L->nopen--;
	if (rc == EG_E_NOMEM)
		goto out;
	if (rc != 0)
		lwarn(L, _("%s (the rest of this file is not read)"),
		      eg_err_msg(&e));
	rc = 0;
out:
	eg_buf_free(&b);
	return rc;
}

static int on_include(void *ud, const char *file, unsigned line,
		      const char *pattern, const char *context, int optional,
		      unsigned depth)
{
	struct loader *L = ud;
	if (depth + 1 > EG_CONF_MAX_INCLUDE_DEPTH) {
		lwarn(L, _("%s:%u: includes nested deeper than %d: %s not read"),
		      file, line, EG_CONF_MAX_INCLUDE_DEPTH, pattern);
		return 0;
	}
	struct eg_buf abs;
	eg_buf_init(&abs, EG_PATH_MAX);
	struct eg_strv m = {0};
	int rc = 0;
	if (pattern[0] == '\0' || eg_path_norm(&abs, L->base, pattern) != 0) {
		lwarn(L, _("%s:%u: unusable include path"), file, line);
		goto out;
	}
	const char *path = eg_buf_str(&abs);
	if (!eg_wglob_has_magic(path)) {
		struct stat st;
		if (eg_root_stat(L->r, path, 0, &st, NULL) != 0) {
			if (!optional)
				lwarn(L, _("%s:%u: included file %s not found"),
				      file, line, path);
			goto out;
		}
		rc = load_file(L, path, context, depth + 1, file, line);
		goto out;
	}
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_wglob(L->r, path, EG_WGLOB_PERIOD, EG_CONF_MAX_FILES, &m,
		     &e) != 0)
		lwarn(L, "%s:%u: %s", file, line, eg_err_msg(&e));
	if (m.n == 0 && L->apache && !optional)
		lwarn(L, _("%s:%u: no files match the include pattern %s"),
		      file, line, path);
	for (size_t i = 0; i < m.n && rc == 0; i++)
		rc = load_file(L, m.v[i], context, depth + 1, file, line);
out:
	eg_strv_free(&m);
	eg_buf_free(&abs);
	return rc;
}

static int load(struct eg_root *r, eg_warn_fn warn, void *ud, int apache,
		struct eg_wconf **out)
{
	*out = NULL;
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.r = r;
	L.warn = warn;
	L.ud = ud;
	L.apache = apache;
	L.parse = apache ? eg_apache_parse : eg_nginx_parse;
	L.base = apache ? EG_APACHE_ROOT : EG_NGINX_PREFIX;
	L.conf = eg_wconf_new();
	if (L.conf == NULL)
		return EG_E_NOMEM;
	int rc = load_file(&L, apache ? EG_APACHE_MAIN : EG_NGINX_MAIN, "", 0,
			   NULL, 0);
	if (rc != 0) {
		eg_wconf_free(L.conf);
		return rc;
	}
	*out = L.conf;
	return 0;
}

int eg_wconf_load_nginx(struct eg_root *r, eg_warn_fn warn, void *ud,
			struct eg_wconf **out)
{
	return load(r, warn, ud, 0, out);
}

int eg_wconf_load_apache(struct eg_root *r, eg_warn_fn warn, void *ud,
			 struct eg_wconf **out)
{
	return load(r, warn, ud, 1, out);
}
