/*
 * pam.c: the parser of PAM configuration files, include resolution under
 * the audit root, and the pam table.
 */
#include "pam.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

enum { COL_SERVICE, COL_TYPE, COL_CONTROL, COL_MODULE, COL_ARGS, NCOLS };

/*
 * The next word of s[*i..n) as Linux-PAM's _pam_StrTok and _pam_mkargv
 * split: blank-separated, a word starting with '[' running to the first
 * unescaped ']'. Returns 1 and sets *ws, *we; 0 when none is left.
 */
static int next_word(const char *s, size_t n, size_t *i, size_t *ws,
		     size_t *we)
{
	size_t p = eg_acct_skip_ws(s, n, *i);
	if (p >= n)
		return 0;
	*ws = p;
	if (s[p] == '[') {
		p++;
		while (p < n && s[p] != ']') {
			if (s[p] == '\\' && p + 1 < n)
				p++;
			p++;
		}
		if (p < n)
			p++; /* the ']' */
	}
	while (p < n && !eg_acct_isspace(s[p]))
		p++;
	*we = p;
	*i = p;
	return 1;
}

static const char *const types[] = {"auth", "account", "password",
				    "session"};

int eg_acct_parse_pam(const char *buf, size_t len, const char *file,
		      const char *service, const char *type_filter,
		      const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	struct eg_buf args;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	eg_acct_lines_init(&it, buf, len, file, 1, sink);
	eg_buf_init(&args, EG_LINE_MAX + 1);
	while ((rc = eg_acct_lines_next(&it, &s, &n, &ln)) == 1) {
		const char *hash = memchr(s, '#', n);
		if (hash != NULL)
			n = (size_t)(hash - s);
		size_t i = 0, ts, te;
		if (!next_word(s, n, &i, &ts, &te))
			continue;
		if (te - ts == 8 && memcmp(s + ts, "@include", 8) == 0) {
			size_t ms, me;
			if (!next_word(s, n, &i, &ms, &me)) {
				eg_acct_warn(sink, file, ln,
					     _("@include without a file name; skipped"));
				continue;
			}
			struct eg_acct_val v[NCOLS] = {
				eg_acct_str(service), eg_acct_str("@include"),
				eg_acct_null(), eg_acct_strn(s + ms, me - ms),
				eg_acct_str("")};
			rc = eg_acct_row(sink, v, NCOLS);
			if (rc == 0 && sink != NULL && sink->include != NULL) {
				char *target = eg_strndup(s + ms, me - ms);
				if (target == NULL) {
					rc = EG_E_NOMEM;
					break;
				}
				rc = sink->include(sink->arg, file, ln, target,
						   EG_PAM_INCLUDE_ALL,
						   type_filter);
				free(target);
			}
			if (rc != 0)
				break;
			continue;
		}
		/* The type, its '-' (silent if the module is missing) off. */
		size_t t0 = ts;
		if (s[t0] == '-')
			t0++;
		const char *type = NULL;
		for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++)
			if (eg_acct_ieq(s + t0, te - t0, types[k]))
				type = types[k];
		size_t cs, ce, ms, me;
		if (type == NULL || !next_word(s, n, &i, &cs, &ce) ||
		    !next_word(s, n, &i, &ms, &me)) {
			eg_acct_warn(sink, file, ln,
				     _("not a PAM rule (type control module [arguments]); skipped"));
			continue;
		}
		if (type_filter != NULL && strcmp(type, type_filter) != 0)
			continue;
		eg_buf_reset(&args);
		size_t as, ae;
		while (next_word(s, n, &i, &as, &ae)) {
			if (args.len > 0)
				eg_buf_addc(&args, ' ');
			eg_buf_add(&args, s + as, ae - as);
		}
		if (args.err != 0) {
			rc = EG_E_NOMEM;
			break;
		}
		struct eg_acct_val v[NCOLS] = {
			eg_acct_str(service), eg_acct_str(type),
			eg_acct_strn(s + cs, ce - cs),
			eg_acct_strn(s + ms, me - ms),
			eg_acct_strn(eg_buf_str(&args), args.len)};
		rc = eg_acct_row(sink, v, NCOLS);
		if (rc != 0)
			break;
		int inc = eg_acct_ieq(s + cs, ce - cs, "include") ||
			  eg_acct_ieq(s + cs, ce - cs, "substack");
		if (inc && sink != NULL && sink->include != NULL) {
			char *target = eg_strndup(s + ms, me - ms);
			if (target == NULL) {
				rc = EG_E_NOMEM;
				break;
			}
			rc = sink->include(sink->arg, file, ln, target,
					   EG_PAM_INCLUDE_TYPE, type);
			free(target);
			if (rc != 0)
				break;
		}
	}
	eg_buf_free(&args);
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

struct loader {
	struct eg_root *root;
	const char *dir;
	const char *service;
	const struct eg_acct_sink *out;
	struct eg_acct_sink in;
	struct eg_acct_incstack st;
};

static int loader_row(void *arg, const struct eg_acct_val *v, size_t n)
{
	struct loader *L = arg;
	return eg_acct_row(L->out, v, n);
}

static void loader_warn(void *arg, const char *file, unsigned line,
			const char *msg)
{
	struct loader *L = arg;
	eg_acct_warn(L->out, file, line, msg);
}

static int load_file(struct loader *L, const char *path, const char *from,
		     unsigned line, const char *type_filter)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	int rc = eg_acct_inc_enter(&L->st, L->root, path, from, line, &b,
				   L->out);
	if (rc == 1) {
		rc = eg_acct_parse_pam(b.data, b.len, path, L->service,
				       type_filter, &L->in);
		eg_acct_inc_leave(&L->st);
	}
	eg_buf_free(&b);
	return rc;
}

static int loader_include(void *arg, const char *file, unsigned line,
			  const char *target, int kind, const char *filter)
{
	struct loader *L = arg;
	(void)kind;
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	if (target[0] != '/') {
		eg_buf_adds(&path, L->dir);
		eg_buf_addc(&path, '/');
	}
	eg_buf_adds(&path, target);
	int rc = 0;
	if (path.err != 0)
		eg_acct_warn(L->out, file, line,
			     _("include path too long; not followed"));
	else
		rc = load_file(L, eg_buf_str(&path), file, line, filter);
	eg_buf_free(&path);
	return rc;
}

int eg_acct_pam_load(struct eg_root *r, const char *dir,
		     const struct eg_acct_sink *sink)
{
	char **names = NULL;
	size_t nn = 0;
	int rc = eg_acct_listdir(r, dir, &names, &nn, sink);
	if (rc != 0)
		return rc == EG_E_NOMEM ? rc : 0;
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	for (size_t k = 0; k < nn && rc == 0; k++) {
		if (names[k][0] == '.')
			continue;
		struct loader L;
		memset(&L, 0, sizeof(L));
		L.root = r;
		L.dir = dir;
		L.service = names[k];
		L.out = sink;
		L.in.arg = &L;
		L.in.row = loader_row;
		L.in.warn = loader_warn;
		L.in.include = loader_include;
		eg_buf_reset(&path);
		eg_buf_adds(&path, dir);
		eg_buf_addc(&path, '/');
		eg_buf_adds(&path, names[k]);
		if (path.err != 0)
			continue;
		struct stat st;
		/* Only regular files (through links) are services. */
		if (eg_root_stat(r, eg_buf_str(&path), 0, &st, NULL) == 0 &&
		    !S_ISREG(st.st_mode))
			continue;
		rc = load_file(&L, eg_buf_str(&path), NULL, 0, NULL);
	}
	eg_buf_free(&path);
	eg_acct_strv_free(names, nn);
	return rc;
}

static int gen_pam(struct eg_tctx *ctx)
{
	struct eg_acct_sink sink;
	eg_acct_tctx_sink(ctx, &sink);
	int rc = eg_acct_pam_load(eg_tctx_root(ctx), "/etc/pam.d", &sink);
	if (rc == EG_E_LIMIT)
		rc = 0;
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	return rc;
}

static const struct eg_column pam_cols[] = {
	{"service", EG_TEXT, 0, "Service: the file name in etc/pam.d (included rows carry the including service)"},
	{"type", EG_TEXT, 0, "auth, account, password or session (a leading - dropped), or @include"},
	{"control", EG_TEXT, 0, "Control as written (required, [success=1 default=ignore], include...); NULL for @include"},
	{"module", EG_TEXT, 0, "Module as written (pam_unix.so or a path), or the included file"},
	{"args", EG_TEXT, 0, "Module arguments joined by one space ('' when none)"},
};

const struct eg_table_def eg_table_pam = {
	"pam",
	"PAM stacks of etc/pam.d, one row per rule in order, includes followed and shown under the including service",
	pam_cols, sizeof(pam_cols) / sizeof(pam_cols[0]),
	gen_pam,
};
