/*
 * acct_check.h: helpers of the "accounts" family's unit tests. A recording
 * sink turns rows into text ("a|b|NULL|3" per line, NULL for NULL cells),
 * warnings into "file:line: msg" lines and include calls into
 * "file:line>target kind filter" lines, so a test compares exact text.
 * Also: building a throw-away audit root in a temporary folder.
 */
#ifndef EG_TEST_ACCT_CHECK_H
#define EG_TEST_ACCT_CHECK_H

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tables/accounts/acct_common.h"
#include "util/buf.h"
#include "util/err.h"

struct rec {
	struct eg_buf rows;
	struct eg_buf warns;
	struct eg_buf incs;
	unsigned nrows, nwarns;
	unsigned stop_after; /* row returns EG_E_LIMIT after so many; 0 never */
	struct eg_acct_sink sink;
};

static inline int rec_row(void *arg, const struct eg_acct_val *v, size_t n)
{
	struct rec *r = arg;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			eg_buf_addc(&r->rows, '|');
		if (v[i].kind == EG_ACCT_TEXT)
			eg_buf_add(&r->rows, v[i].s, v[i].n);
		else if (v[i].kind == EG_ACCT_INT)
			eg_buf_addf(&r->rows, "%" PRId64, v[i].i);
		else
			eg_buf_adds(&r->rows, "NULL");
	}
	eg_buf_addc(&r->rows, '\n');
	r->nrows++;
	if (r->stop_after != 0 && r->nrows >= r->stop_after)
		return EG_E_LIMIT;
	return 0;
}

static inline void rec_warn(void *arg, const char *file, unsigned line,
			    const char *msg)
{
	struct rec *r = arg;
	eg_buf_addf(&r->warns, "%s:%u: %s\n", file, line, msg);
	r->nwarns++;
}

static inline int rec_include(void *arg, const char *file, unsigned line,
			      const char *target, int kind,
			      const char *filter)
{
	struct rec *r = arg;
	eg_buf_addf(&r->incs, "%s:%u>%s %d %s\n", file, line, target, kind,
		    filter == NULL ? "NULL" : filter);
	return 0;
}

static inline void rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	eg_buf_init(&r->rows, 1u << 26);
	eg_buf_init(&r->warns, 1u << 26);
	eg_buf_init(&r->incs, 1u << 20);
	r->sink.arg = r;
	r->sink.row = rec_row;
	r->sink.warn = rec_warn;
	r->sink.include = rec_include;
}

static inline void rec_free(struct rec *r)
{
	eg_buf_free(&r->rows);
	eg_buf_free(&r->warns);
	eg_buf_free(&r->incs);
}

/* Compares with a message showing both sides. */
#define expect_text(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_, w_) != 0) { \
			print_error("got:\n%s\nwant:\n%s\n", g_, w_); \
			fail(); \
		} \
	} while (0)

#define expect_has(got, needle) \
	do { \
		const char *g_ = (got), *n_ = (needle); \
		if (strstr(g_, n_) == NULL) { \
			print_error("missing:\n%s\nin:\n%s\n", n_, g_); \
			fail(); \
		} \
	} while (0)

#define expect_lacks(got, needle) \
	do { \
		const char *g_ = (got), *n_ = (needle); \
		if (strstr(g_, n_) != NULL) { \
			print_error("unexpected:\n%s\nin:\n%s\n", n_, g_); \
			fail(); \
		} \
	} while (0)

/* A temporary audit root. */
struct troot {
	char dir[64];
};

static inline void troot_make(struct troot *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/eg-acct-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		abort();
}

/* Creates the folders of rel under the root. */
static inline void troot_mkdirs(struct troot *t, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", t->dir, rel);
	for (char *s = p + strlen(t->dir) + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			abort();
		*s = '/';
	}
}

static inline void troot_file(struct troot *t, const char *rel,
			      const char *text)
{
	char p[512];
	troot_mkdirs(t, rel);
	snprintf(p, sizeof(p), "%s/%s", t->dir, rel);
	FILE *f = fopen(p, "w");
	if (f == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

static inline void troot_link(struct troot *t, const char *rel,
			      const char *target)
{
	char p[512];
	troot_mkdirs(t, rel);
	snprintf(p, sizeof(p), "%s/%s", t->dir, rel);
	if (symlink(target, p) != 0)
		abort();
}

static inline int troot_rm_one(const char *p, const struct stat *st, int fl,
			       struct FTW *ftw)
{
	(void)st;
	(void)fl;
	(void)ftw;
	return remove(p);
}

static inline void troot_remove(struct troot *t)
{
	nftw(t->dir, troot_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
