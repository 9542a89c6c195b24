/*
 * sudoers.c: the sudoers parser (user specifications and include
 * directives), include resolution under the audit root, and the sudoers
 * table.
 */
#include "sudoers.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum { COL_FILE, COL_LINE, COL_PRINCIPAL, COL_HOSTS, COL_RUNAS,
       COL_COMMANDS, COL_NOPASSWD, NCOLS };

/* Items of a user or host list, as spans of the line. */
struct span {
	size_t s, e;
};

/*
 * Principals of one user list. A line is bounded (EG_LINE_MAX), so the
 * count is too; the array grows as needed.
 */
struct list {
	struct span *v;
	size_t n;
};

static int list_add(struct list *l, size_t s, size_t e)
{
	struct span *nv = eg_reallocarray(l->v, l->n + 1, sizeof(*nv));
	if (nv == NULL)
		return EG_E_NOMEM;
	nv[l->n].s = s;
	nv[l->n].e = e;
	l->v = nv;
	l->n++;
	return 0;
}

static int is_word_end(const char *s, size_t n, size_t i, int stop_eq)
{
	return i >= n || eg_acct_isspace(s[i]) || s[i] == ',' ||
	       (stop_eq && s[i] == '=');
}

/*
 * A comma-separated list starting at *i (user list: stop_eq 0; host list:
 * stop_eq 1, ends at '='). Returns 0 with *i after the list, 1 when there
 * is no item where one is needed, EG_E_NOMEM.
 */
static int parse_list(const char *s, size_t n, size_t *i, int stop_eq,
		      struct list *out)
{
	size_t p = *i;
	for (;;) {
		p = eg_acct_skip_ws(s, n, p);
		size_t start = p;
		while (!is_word_end(s, n, p, stop_eq)) {
			if (s[p] == '\\' && p + 1 < n)
				p++;
			p++;
		}
		if (p == start)
			return 1;
		if (list_add(out, start, p) != 0)
			return EG_E_NOMEM;
		size_t q = eg_acct_skip_ws(s, n, p);
		if (q < n && s[q] == ',') {
			p = q + 1;
			continue;
		}
		*i = q;
		return 0;
	}
}

static void join_list(struct eg_buf *b, const char *s, const struct list *l)
{
	eg_buf_reset(b);
	for (size_t k = 0; k < l->n; k++) {
		if (k > 0)
			eg_buf_adds(b, ", ");
		eg_buf_add(b, s + l->v[k].s, l->v[k].e - l->v[k].s);
	}
}

static const char *const tags[] = {
	"NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV",
	"LOG_INPUT", "NOLOG_INPUT", "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL",
	"NOMAIL", "FOLLOW", "NOFOLLOW", "INTERCEPT", "NOINTERCEPT",
};
static const char *const options[] = {
	"ROLE", "TYPE", "CWD", "CHROOT", "NOTBEFORE", "NOTAFTER", "TIMEOUT",
	"APPARMOR_PROFILE", "PRIVS", "LIMITPRIVS",
};
static const char *const digests[] = {
	"sha224", "sha256", "sha384", "sha512",
};

static int word_in(const char *s, size_t n, const char *const *set,
		   size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (strlen(set[k]) == n && memcmp(set[k], s, n) == 0)
			return 1;
	return 0;
}

static int is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* One row set being built: commands sharing a runas and a tag. */
struct seg {
	int open;
	int nopasswd;
	int has_runas;
	struct eg_buf runas;
	struct eg_buf cmds;
};

struct spec {
	const char *file;
	unsigned line;
	const char *s;
	const struct list *users;
	struct eg_buf hosts;
	const struct eg_acct_sink *sink;
};

static int flush(struct spec *sp, struct seg *g)
{
	if (!g->open)
		return 0;
	g->open = 0;
	if (g->runas.err != 0 || g->cmds.err != 0 || sp->hosts.err != 0)
		return EG_E_NOMEM;
	for (size_t k = 0; k < sp->users->n; k++) {
		const struct span *u = &sp->users->v[k];
		struct eg_acct_val v[NCOLS];
		v[COL_FILE] = eg_acct_str(sp->file);
		v[COL_LINE] = eg_acct_int(sp->line);
		v[COL_PRINCIPAL] = eg_acct_strn(sp->s + u->s, u->e - u->s);
		v[COL_HOSTS] = eg_acct_str(eg_buf_str(&sp->hosts));
		v[COL_RUNAS] = g->has_runas ? eg_acct_str(eg_buf_str(&g->runas))
					    : eg_acct_null();
		v[COL_COMMANDS] = eg_acct_str(eg_buf_str(&g->cmds));
		v[COL_NOPASSWD] = eg_acct_int(g->nopasswd);
		int rc = eg_acct_row(sp->sink, v, NCOLS);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * A Cmnd_Spec_List from *i: returns 0 with *i at the ':' that starts the
 * next host group or at the end; 1 when malformed; a negative code.
 */
static int parse_cmnds(struct spec *sp, const char *s, size_t n, size_t *i)
{
	struct seg g;
	struct eg_buf runas;
	int nopasswd = 0, has_runas = 0, rc = 0;
	memset(&g, 0, sizeof(g));
	eg_buf_init(&g.runas, EG_LINE_MAX);
	eg_buf_init(&g.cmds, EG_LINE_MAX);
	eg_buf_init(&runas, EG_LINE_MAX);
	size_t p = *i;
	for (;;) {
		p = eg_acct_skip_ws(s, n, p);
		if (p < n && s[p] == '(') {
			const char *close = memchr(s + p, ')', n - p);
			if (close == NULL) {
				rc = 1;
				goto out;
			}
			/* "(ALL : ALL)" is kept as "ALL:ALL". */
			eg_buf_reset(&runas);
			for (size_t k = p + 1; s + k < close; k++)
				if (!eg_acct_isspace(s[k]))
					eg_buf_addc(&runas, s[k]);
			has_runas = 1;
			p = (size_t)(close - s) + 1;
		}
		/* Tags, options and digests before the command. */
		for (;;) {
			p = eg_acct_skip_ws(s, n, p);
			size_t w = p;
			while (w < n && is_name_char(s[w]))
				w++;
			size_t after = eg_acct_skip_ws(s, n, w);
			if (w > p && after < n && s[after] == ':' &&
			    word_in(s + p, w - p, tags, NELEM(tags))) {
				if (w - p == 8 && memcmp(s + p, "NOPASSWD", 8) == 0)
					nopasswd = 1;
				else if (w - p == 6 &&
					 memcmp(s + p, "PASSWD", 6) == 0)
					nopasswd = 0;
				p = after + 1;
				continue;
			}
			if (w > p && w < n && s[w] == '=' &&
			    word_in(s + p, w - p, options, NELEM(options))) {
				p = w + 1;
				if (p < n && s[p] == '"') {
					const char *q = memchr(s + p + 1, '"',
							       n - p - 1);
					p = q == NULL ? n : (size_t)(q - s) + 1;
				}
				while (p < n && !eg_acct_isspace(s[p]))
					p++;
				continue;
			}
			if (w > p && w < n && s[w] == ':' &&
			    word_in(s + p, w - p, digests, NELEM(digests))) {
				p = eg_acct_skip_ws(s, n, w + 1);
				while (p < n && !eg_acct_isspace(s[p]))
					p++;
				continue;
			}
			break;
		}
		/* The command: up to an unescaped ',' or ':'. */
		size_t cs = p, ce;
		while (p < n && s[p] != ',' && s[p] != ':') {
			if (s[p] == '\\' && p + 1 < n)
				p++;
			p++;
		}
		ce = p;
		eg_acct_trim(s, &cs, &ce);
		if (cs == ce) {
			rc = 1;
			goto out;
		}
		int same = g.open && g.nopasswd == nopasswd &&
			   g.has_runas == has_runas &&
			   (!has_runas ||
			    (g.runas.len == runas.len &&
			     memcmp(eg_buf_str(&g.runas), eg_buf_str(&runas),
				    runas.len) == 0));
		if (!same) {
			rc = flush(sp, &g);
			if (rc != 0)
				goto out;
			g.open = 1;
			g.nopasswd = nopasswd;
			g.has_runas = has_runas;
			eg_buf_reset(&g.runas);
			eg_buf_add(&g.runas, eg_buf_str(&runas), runas.len);
			eg_buf_reset(&g.cmds);
		} else {
			eg_buf_adds(&g.cmds, ", ");
		}
		eg_buf_add(&g.cmds, s + cs, ce - cs);
		if (p < n && s[p] == ',') {
			p++;
			continue;
		}
		break;
	}
	rc = flush(sp, &g);
	*i = p;
out:
	eg_buf_free(&g.runas);
	eg_buf_free(&g.cmds);
	eg_buf_free(&runas);
	return rc;
}

/* A user specification: "users hosts = cmnds [: hosts = cmnds]...". */
static int parse_spec(const char *s, size_t n, const char *file,
		      unsigned line, const struct eg_acct_sink *sink)
{
	struct list users = {NULL, 0}, hosts = {NULL, 0};
	struct spec sp;
	memset(&sp, 0, sizeof(sp));
	sp.file = file;
	sp.line = line;
	sp.s = s;
	sp.users = &users;
	sp.sink = sink;
	eg_buf_init(&sp.hosts, EG_LINE_MAX);
	size_t i = 0;
	int rc = parse_list(s, n, &i, 0, &users);
	while (rc == 0) {
		free(hosts.v);
		hosts.v = NULL;
		hosts.n = 0;
		rc = parse_list(s, n, &i, 1, &hosts);
		if (rc != 0)
			break;
		if (i >= n || s[i] != '=') {
			rc = 1;
			break;
		}
		i++;
		join_list(&sp.hosts, s, &hosts);
		rc = parse_cmnds(&sp, s, n, &i);
		if (rc != 0 || i >= n)
			break;
		i++; /* the ':' before the next host group */
	}
	if (rc == 1)
		eg_acct_warn(sink, file, line,
			     _("not a sudoers user specification (users hosts = commands); skipped"));
	free(users.v);
	free(hosts.v);
	eg_buf_free(&sp.hosts);
	return rc == 1 ? 0 : rc;
}

/* Length of s[0..n) once a comment is cut: '#' not escaped and not
 * followed by a digit (a uid) starts one. */
static size_t cut_comment(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '#' && !(i + 1 < n && s[i + 1] >= '0' &&
				     s[i + 1] <= '9'))
			return i;
	}
	return n;
}

/* 1 when s[i..) starts with word followed by a blank (or the end). */
static int starts_word(const char *s, size_t n, size_t i, const char *word)
{
	size_t wl = strlen(word);
	return n - i >= wl && memcmp(s + i, word, wl) == 0 &&
	       (i + wl == n || eg_acct_isspace(s[i + wl]));
}

static const char *const aliases[] = {
	"User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias", "Cmd_Alias",
};

/* An include directive's target, unquoted, into out. 0, or 1 if bad. */
static int include_target(const char *s, size_t n, size_t i,
			  struct eg_buf *out)
{
	size_t st = eg_acct_skip_ws(s, n, i), en = n;
	eg_acct_trim(s, &st, &en);
	if (st == en)
		return 1;
	eg_buf_reset(out);
	if (s[st] == '"') {
		size_t k = st + 1;
		for (; k < en && s[k] != '"'; k++) {
			if (s[k] == '\\' && k + 1 < en)
				k++;
			eg_buf_addc(out, s[k]);
		}
		if (k != en - 1)
			return 1;
	} else {
		for (size_t k = st; k < en; k++) {
			if (eg_acct_isspace(s[k]))
				return 1; /* a space must be quoted */
			if (s[k] == '\\' && k + 1 < en)
				k++;
			eg_buf_addc(out, s[k]);
		}
	}
	return out->len == 0 ? 1 : 0;
}

int eg_acct_parse_sudoers(const char *buf, size_t len, const char *file,
			  const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	struct eg_buf target;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	eg_acct_lines_init(&it, buf, len, file, 1, sink);
	eg_buf_init(&target, EG_PATH_MAX);
	while ((rc = eg_acct_lines_next(&it, &s, &n, &ln)) == 1) {
		size_t i = eg_acct_skip_ws(s, n, 0);
		if (i >= n)
			continue;
		int dir = -1;
		size_t skip = 0;
		if (starts_word(s, n, i, "@includedir") ||
		    starts_word(s, n, i, "#includedir")) {
			dir = 1;
			skip = 11;
		} else if (starts_word(s, n, i, "@include") ||
			   starts_word(s, n, i, "#include")) {
			dir = 0;
			skip = 8;
		}
		if (dir >= 0) {
			if (include_target(s, n, i + skip, &target) != 0 ||
			    target.err != 0) {
				eg_acct_warn(sink, file, ln,
					     _("include directive without a valid path; skipped"));
				continue;
			}
			if (sink != NULL && sink->include != NULL) {
				rc = sink->include(sink->arg, file, ln,
						   eg_buf_str(&target),
						   dir ? EG_SUDOERS_INCLUDEDIR
						       : EG_SUDOERS_INCLUDE,
						   NULL);
				if (rc != 0)
					break;
			}
			continue;
		}
		n = cut_comment(s, n);
		while (n > i && eg_acct_isspace(s[n - 1]))
			n--;
		if (i >= n)
			continue;
		s += i;
		n -= i;
		size_t w = 0;
		while (w < n && is_name_char(s[w]))
			w++;
		if (w >= 8 && memcmp(s, "Defaults", 8) == 0 &&
		    (w == 8 || s[8] == ':' || s[8] == '@' || s[8] == '!' ||
		     s[8] == '>'))
			continue;
		if (word_in(s, w, aliases, NELEM(aliases)) &&
		    (w == n || eg_acct_isspace(s[w])))
			continue;
		rc = parse_spec(s, n, file, ln, sink);
		if (rc != 0)
			break;
	}
	eg_buf_free(&target);
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

struct loader {
	struct eg_root *root;
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
		     unsigned line)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	int rc = eg_acct_inc_enter(&L->st, L->root, path, from, line, &b,
				   L->out);
	if (rc == 1) {
		rc = eg_acct_parse_sudoers(b.data, b.len, path, &L->in);
		eg_acct_inc_leave(&L->st);
	}
	eg_buf_free(&b);
	return rc;
}

/* sudo skips names with a '.' (editor and package manager leftovers such
 * as foo.dpkg-old) and names ending in '~'. */
static int sudo_reads(const char *name)
{
	size_t l = strlen(name);
	return l > 0 && strchr(name, '.') == NULL && name[l - 1] != '~';
}

static int loader_include(void *arg, const char *file, unsigned line,
			  const char *target, int kind, const char *filter)
{
	struct loader *L = arg;
	(void)filter;
	if (strstr(target, "%h") != NULL) {
		eg_acct_warn(L->out, file, line,
			     _("include path with %h (host name) not followed"));
		return 0;
	}
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	if (target[0] != '/') {
		/* Relative to the including file's directory. */
		const char *slash = strrchr(file, '/');
		if (slash != NULL)
			eg_buf_add(&path, file, (size_t)(slash - file) + 1);
		else
			eg_buf_addc(&path, '/');
	}
	eg_buf_adds(&path, target);
	int rc = 0;
	if (path.err != 0) {
		eg_acct_warn(L->out, file, line,
			     _("include path too long; not followed"));
		goto out;
	}
	if (kind == EG_SUDOERS_INCLUDE) {
		rc = load_file(L, eg_buf_str(&path), file, line);
		goto out;
	}
	char **names = NULL;
	size_t nn = 0;
	rc = eg_acct_listdir(L->root, eg_buf_str(&path), &names, &nn, L->out);
	if (rc != 0) {
		rc = rc == EG_E_NOMEM ? rc : 0;
		goto out;
	}
	size_t dl = path.len;
	for (size_t k = 0; k < nn && rc == 0; k++) {
		if (!sudo_reads(names[k]))
			continue;
		eg_buf_truncate(&path, dl);
		if (dl == 0 || path.data[dl - 1] != '/')
			eg_buf_addc(&path, '/');
		eg_buf_adds(&path, names[k]);
		if (path.err != 0)
			break;
		rc = load_file(L, eg_buf_str(&path), file, line);
	}
	eg_acct_strv_free(names, nn);
out:
	eg_buf_free(&path);
	return rc;
}

int eg_acct_sudoers_load(struct eg_root *r, const char *path,
			 const struct eg_acct_sink *sink)
{
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.root = r;
	L.out = sink;
	L.in.arg = &L;
	L.in.row = loader_row;
	L.in.warn = loader_warn;
	L.in.include = loader_include;
	return load_file(&L, path, NULL, 0);
}

static int gen_sudoers(struct eg_tctx *ctx)
{
	struct eg_acct_sink sink;
	eg_acct_tctx_sink(ctx, &sink);
	int rc = eg_acct_sudoers_load(eg_tctx_root(ctx), "/etc/sudoers",
				      &sink);
	if (rc == EG_E_LIMIT)
		rc = 0;
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	return rc;
}

static const struct eg_column sudoers_cols[] = {
	{"file", EG_TEXT, 0, "File holding the rule, inside the audit root"},
	{"line", EG_INT, 0, "Line of the rule (its first line when continued)"},
	{"principal", EG_TEXT, 0, "One entry of the user list as written (alice, %group, #uid, +netgroup, ALL, an alias, !negated)"},
	{"hosts", EG_TEXT, 0, "Host list as written, comma-joined"},
	{"runas", EG_TEXT, 0, "Runas spec users:groups without blanks (ALL:ALL), NULL when none is given (sudo's default, root)"},
	{"commands", EG_TEXT, 0, "Commands sharing this runas and tag, comma-joined, other tags and options dropped"},
	{"nopasswd", EG_INT, 0, "1 when a NOPASSWD: tag applies to these commands, else 0"},
};

const struct eg_table_def eg_table_sudoers = {
	"sudoers",
	"User rules of etc/sudoers and its includes: one row per principal and run of commands with the same runas and NOPASSWD tag; Defaults and aliases not expanded",
	sudoers_cols, NELEM(sudoers_cols),
	gen_sudoers,
};
