/*
 * web_check.h: helpers shared by the web-family unit tests: rendering a
 * parsed configuration as text, and building throwaway audit roots.
 */
#ifndef EG_TEST_WEB_CHECK_H
#define EG_TEST_WEB_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tables/web/webconf.h"
#include "util/buf.h"

/* "line|context|name|args\n" for every directive. OUT: caller frees. */
static inline char *web_render(const struct eg_wconf *c, int with_file)
{
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (size_t i = 0; i < eg_wconf_count(c); i++) {
		const struct eg_wdir *d = eg_wconf_get(c, i);
		if (with_file)
			eg_buf_addf(&b, "%s:", d->file);
		eg_buf_addf(&b, "%u|%s|%s|%s\n", d->line, d->context, d->name,
			    d->args);
	}
	size_t n;
	char *s = eg_buf_steal(&b, &n);
	return s != NULL ? s : strdup("");
}

/* A temporary directory to build a root in; removed by web_tree_rm. */
static inline void web_tree_new(char *dir, size_t n, const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, n, "%s/eg-%s-XXXXXX", tmp ? tmp : "/tmp", tag);
	assert_non_null(mkdtemp(dir));
}

/* mkdir -p base/rel. */
static inline void web_mkdirs(const char *base, const char *rel)
{
	struct eg_buf b;
	eg_buf_init(&b, 1u << 16);
	eg_buf_addf(&b, "%s/%s", base, rel);
	assert_int_equal(b.err, 0);
	for (char *s = b.data + 1; *s != '\0'; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(b.data, 0755);
			*s = '/';
		}
	}
	mkdir(b.data, 0755);
	eg_buf_free(&b);
}

/* Writes base/rel (creating its folders). */
static inline void web_write(const char *base, const char *rel,
			     const char *content)
{
	const char *slash = strrchr(rel, '/');
	if (slash != NULL) {
		char *d = strndup(rel, (size_t)(slash - rel));
		assert_non_null(d);
		web_mkdirs(base, d);
		free(d);
	}
	struct eg_buf p;
	eg_buf_init(&p, 1u << 16);
	eg_buf_addf(&p, "%s/%s", base, rel);
	FILE *f = fopen(eg_buf_str(&p), "w");
	if (f == NULL)
		fail_msg("cannot write %s", eg_buf_str(&p));
	fputs(content, f);
	fclose(f);
	eg_buf_free(&p);
}

static inline void web_link(const char *base, const char *rel,
			    const char *target)
{
	struct eg_buf p;
	eg_buf_init(&p, 1u << 16);
	eg_buf_addf(&p, "%s/%s", base, rel);
	unlink(eg_buf_str(&p));
	assert_int_equal(symlink(target, eg_buf_str(&p)), 0);
	eg_buf_free(&p);
}

static inline int web_rm_one(const char *p, const struct stat *st, int flag,
			     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* rm -rf of a test tree (only ever a mkdtemp folder of ours): links are
 * removed, never followed. */
static inline void web_tree_rm(const char *dir)
{
	assert_int_equal(nftw(dir, web_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

#endif
