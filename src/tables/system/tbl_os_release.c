/*
 * tbl_os_release.c: the os_release table: one row from etc/os-release, or
 * usr/lib/os-release when etc has none (os-release(5)); no row when neither
 * exists. The file is only parsed (os_release.h), never sourced.
 */
#include <stdlib.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "os_release.h"
#include "system_tables.h"

enum { C_ID, C_VERSION_ID, C_PRETTY_NAME, C_CODENAME, C_ID_LIKE, C_COUNT };

static const struct eg_column columns[] = {
	{"id", EG_TEXT, 0, "distribution id (debian, ubuntu...)"},
	{"version_id", EG_TEXT, 0, "version (12); NULL on rolling releases"},
	{"pretty_name", EG_TEXT, 0, "name for people (Debian GNU/Linux 12 (bookworm))"},
	{"version_codename", EG_TEXT, 0, "release code name (bookworm)"},
	{"id_like", EG_TEXT, 0, "ids of related distributions, space-separated"},
};

/* The keys of the file, in column order. */
static const char *const keys[C_COUNT] = {
	"ID", "VERSION_ID", "PRETTY_NAME", "VERSION_CODENAME", "ID_LIKE",
};

/* An os-release file is a few hundred bytes; a big one is not one. */
#define OS_RELEASE_MAX (64u * 1024u)

struct vals {
	char *v[C_COUNT];
	int nomem;
};

static int on_kv(void *arg, const char *key, const char *value, size_t line)
{
	(void)line;
	struct vals *vs = arg;
	for (int i = 0; i < C_COUNT; i++) {
		if (strcmp(key, keys[i]) != 0)
			continue;
		char *dup = eg_strdup(value);
		if (dup == NULL) {
			vs->nomem = 1;
			return EG_E_NOMEM;
		}
		free(vs->v[i]); /* a later assignment wins, as in a shell */
		vs->v[i] = dup;
	}
	return 0;
}

static int generate(struct eg_tctx *ctx)
{
	static const char *const paths[] = {"/etc/os-release",
					    "/usr/lib/os-release"};
	struct vals vs = {0};
	struct eg_buf b;
	eg_buf_init(&b, OS_RELEASE_MAX);
	int rc = 0;
	for (size_t p = 0; p < 2; p++) {
		struct eg_err e;
		eg_err_clear(&e);
		eg_buf_reset(&b);
		int r = eg_root_read(eg_tctx_root(ctx), paths[p],
				     OS_RELEASE_MAX, &b, &e);
		if (r == EG_E_NOTFOUND)
			continue;
		if (r != 0) {
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
			continue;
		}
		size_t bad = 0, first = 0;
		eg_os_release_parse(b.data != NULL ? b.data : "", b.len,
				    on_kv, &vs, &bad, &first);
		if (vs.nomem) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
					   eg_strerror(EG_E_NOMEM));
			goto out;
		}
		eg_sys_warn_lines(ctx, paths[p], bad, first, NULL);
		eg_row_begin(ctx);
		for (int i = 0; i < C_COUNT; i++)
			eg_row_text(ctx, (size_t)i, vs.v[i]);
		eg_row_end(ctx);
		break;
	}
out:
	for (int i = 0; i < C_COUNT; i++)
		free(vs.v[i]);
	eg_buf_free(&b);
	return rc;
}

const struct eg_table_def eg_table_os_release = {
	.name = "os_release",
	.description = "Operating system identification (etc/os-release or "
		       "usr/lib/os-release)",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
