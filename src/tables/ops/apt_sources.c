/*
 * apt_sources.c: the repositories apt is configured to use (see
 * apt_sources.h), parsed as apt's sourcelist.cc parses them: the one-line
 * style of sources.list(5) and the deb822 style of *.sources files.
 */
#include "apt_sources.h"

#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "opsio.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void add_row(struct eg_orows *rows, const char *file, size_t line,
		    const char *uri, size_t urin, const char *suite,
		    size_t suiten, const char *comps, const char *opts)
{
	eg_orows_begin(rows);
	eg_orows_text(rows, EG_APT_FILE, file);
	eg_orows_int(rows, EG_APT_LINE, (int64_t)line);
	eg_orows_textn(rows, EG_APT_URI, uri, urin);
	eg_orows_textn(rows, EG_APT_SUITE, suite, suiten);
	eg_orows_text(rows, EG_APT_COMPONENTS, comps);
	eg_orows_text(rows, EG_APT_OPTIONS, opts);
	eg_orows_end(rows);
}

/*
 * One word as apt's ParseQuoteWord reads it: blanks end it, except inside
 * "..." or [...] (a cdrom: URI holds spaces in brackets); the double quotes
 * are then dropped. Returns 1 with the word in out, 0 when only blanks
 * remain, -1 for an unterminated quote or bracket.
 */
static int quote_word(const char **p, const char *end, struct eg_buf *out)
{
	const char *s = *p;
	eg_buf_reset(out);
	while (s < end && is_blank(*s))
		s++;
	if (s >= end) {
		*p = s;
		return 0;
	}
	const char *b = s;
	while (s < end && !is_blank(*s)) {
		if (*s == '"' || *s == '[') {
			char close = *s == '"' ? '"' : ']';
			const char *c = memchr(s + 1, close,
					       (size_t)(end - s - 1));
			if (c == NULL)
				return -1;
			s = c;
		}
		s++;
	}
	for (const char *q = b; q < s; q++)
		if (*q != '"')
			eg_buf_addc(out, *q);
	*p = s;
	return 1;
}

static void parse_list_line(const char *s, size_t n, const char *file,
			    size_t lineno, struct eg_orows *rows,
			    struct eg_buf *opts, struct eg_buf *uri,
			    struct eg_buf *suite, struct eg_buf *comps)
{
	/* A '#' at the start of the line or after a blank starts a comment
	 * (a '#' inside a URI does not). */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '#' && (i == 0 || is_blank(s[i - 1]))) {
			n = i;
			break;
		}
	}
	eg_ops_trim(&s, &n);
	if (n == 0)
		return;
	const char *p = s, *end = s + n;
	const char *w;
	size_t wn;
	eg_ops_word(&p, end, &w, &wn);
	int src;
	if (eg_ops_eq(w, wn, "deb", 0)) {
		src = 0;
	} else if (eg_ops_eq(w, wn, "deb-src", 0)) {
		src = 1;
	} else {
		eg_orows_warn(rows, _("%s:%zu: unknown source type \"%.*s\" "
				      "(deb or deb-src expected); line "
				      "skipped"),
			      file, lineno, (int)(wn > EG_QUOTE_MAX ?
						  EG_QUOTE_MAX : wn), w);
		return;
	}
	eg_buf_reset(opts);
	if (src)
		eg_buf_adds(opts, "type=deb-src");
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (close == NULL) {
			eg_orows_warn(rows, _("%s:%zu: option list \"[\" "
					      "without \"]\"; line skipped"),
				      file, lineno);
			return;
		}
		const char *q = p + 1;
		while (eg_ops_word(&q, close, &w, &wn)) {
			if (memchr(w, '=', wn) == NULL) {
				eg_orows_warn(rows, _("%s:%zu: option \"%.*s\" "
						      "without \"=\"; line "
						      "skipped"),
					      file, lineno,
					      (int)(wn > EG_QUOTE_MAX ?
						    EG_QUOTE_MAX : wn), w);
				return;
			}
			if (opts->len > 0)
				eg_buf_addc(opts, ' ');
			eg_buf_add(opts, w, wn);
		}
		p = close + 1;
	}
	int r1 = quote_word(&p, end, uri);
	int r2 = r1 == 1 ? quote_word(&p, end, suite) : r1;
	if (r1 != 1 || r2 != 1) {
		eg_orows_warn(rows, _("%s:%zu: %s; line skipped"), file, lineno,
			      r1 < 0 || r2 < 0 ? _("unterminated quote or "
						   "bracket")
					       : _("URI and suite expected"));
		return;
	}
	eg_buf_reset(comps);
	struct eg_buf word;
	eg_buf_init(&word, EG_LINE_MAX);
	int r, bad = 0;
	while ((r = quote_word(&p, end, &word)) != 0) {
		if (r < 0) {
			bad = 1;
			break;
		}
		if (comps->len > 0)
			eg_buf_addc(comps, ' ');
		eg_buf_add(comps, word.data, word.len);
	}
	eg_buf_free(&word);
	if (bad) {
		eg_orows_warn(rows, _("%s:%zu: unterminated quote or bracket; "
				      "line skipped"),
			      file, lineno);
		return;
	}
	int flat = suite->len > 0 && suite->data[suite->len - 1] == '/';
	if (!flat && comps->len == 0) {
		eg_orows_warn(rows, _("%s:%zu: no component after suite "
				      "\"%.120s\" (only a suite ending in "
				      "\"/\" may have none); line skipped"),
			      file, lineno, eg_buf_str(suite));
		return;
	}
	if (flat && comps->len > 0) {
		eg_orows_warn(rows, _("%s:%zu: components after the exact "
				      "path \"%.120s\"; line skipped"),
			      file, lineno, eg_buf_str(suite));
		return;
	}
	add_row(rows, file, lineno, uri->data, uri->len, suite->data,
		suite->len, eg_buf_str(comps), eg_buf_str(opts));
}

int eg_apt_parse_list(const char *buf, size_t len, const char *file,
		      struct eg_orows *rows)
{
	struct eg_ops_lines it;
	struct eg_buf opts, uri, suite, comps;
	eg_buf_init(&opts, EG_LINE_MAX * 2);
	eg_buf_init(&uri, EG_LINE_MAX);
	eg_buf_init(&suite, EG_LINE_MAX);
	eg_buf_init(&comps, EG_LINE_MAX);
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n))
		parse_list_line(s, n, file, it.lineno, rows, &opts, &uri,
				&suite, &comps);
	eg_buf_free(&opts);
	eg_buf_free(&uri);
	eg_buf_free(&suite);
	eg_buf_free(&comps);
	return eg_orows_err(rows);
}

/* deb822 ------------------------------------------------------------------ */

struct field {
	const char *name; /* in the parsed buffer */
	size_t namelen;
	size_t off;       /* value in the stanza's value buffer */
	size_t len;
	size_t line;
};

struct stanza {
	struct field *f;
	size_t n, cap;
	struct eg_buf vals;
	size_t line; /* first line */
};

/* The one-line option each deb822 option field becomes. */
static const struct {
	const char *field;
	const char *opt;
} optmap[] = {
	{"Architectures", "arch"},
	{"Architectures-Add", "arch+"},
	{"Architectures-Remove", "arch-"},
	{"Languages", "lang"},
	{"Languages-Add", "lang+"},
	{"Languages-Remove", "lang-"},
	{"Targets", "target"},
	{"Targets-Add", "target+"},
	{"Targets-Remove", "target-"},
	{"PDiffs", "pdiffs"},
	{"By-Hash", "by-hash"},
	{"Allow-Insecure", "allow-insecure"},
	{"Allow-Weak", "allow-weak"},
	{"Allow-Downgrade-To-Insecure", "allow-downgrade-to-insecure"},
	{"Trusted", "trusted"},
	{"Signed-By", "signed-by"},
	{"Check-Valid-Until", "check-valid-until"},
	{"Valid-Until-Min", "valid-until-min"},
	{"Valid-Until-Max", "valid-until-max"},
	{"Check-Date", "check-date"},
	{"Date-Max-Future", "date-max-future"},
	{"InRelease-Path", "inrelease-path"},
	{"Snapshot", "snapshot"},
};

static const struct field *find_field(const struct stanza *st,
				      const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (eg_ops_eq(st->f[i].name, st->f[i].namelen, name, 1))
			return &st->f[i];
	return NULL;
}

static const char *fval(const struct stanza *st, const struct field *f)
{
	return st->vals.data + f->off;
}

static int is_false(const char *s, size_t n)
{
	static const char *const no[] = {"no", "false", "0", "off",
					 "disable", "without"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (eg_ops_eq(s, n, no[i], 1))
			return 1;
	return 0;
}

/* Appends the words of f's value joined by sep (commas also split when
 * commas is set). */
static void join_words(struct eg_buf *out, const struct stanza *st,
		       const struct field *f, char sep, int commas)
{
	const char *p = fval(st, f), *end = p + f->len;
	int first = 1;
	while (p < end) {
		while (p < end && (is_blank(*p) || *p == '\n' ||
				   (commas && *p == ',')))
			p++;
		const char *b = p;
		while (p < end && !is_blank(*p) && *p != '\n' &&
		       !(commas && *p == ','))
			p++;
		if (p == b)
			continue;
		if (!first)
			eg_buf_addc(out, sep);
		eg_buf_add(out, b, (size_t)(p - b));
		first = 0;
	}
}

static void stanza_options(const struct stanza *st, struct eg_buf *out)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct field *f = &st->f[i];
		const char *opt = NULL;
		for (size_t k = 0; k < sizeof(optmap) / sizeof(optmap[0]); k++)
			if (eg_ops_eq(f->name, f->namelen, optmap[k].field, 1))
				opt = optmap[k].opt;
		if (opt == NULL)
			continue; /* Types, URIs... or a field apt ignores */
		if (out->len > 0)
			eg_buf_addc(out, ' ');
		eg_buf_adds(out, opt);
		eg_buf_addc(out, '=');
		if (strcmp(opt, "signed-by") == 0 &&
		    strstr(fval(st, f), "BEGIN PGP") != NULL)
			eg_buf_adds(out, "embedded");
		else
			join_words(out, st, f, ',',
				   strcmp(opt, "signed-by") == 0);
	}
}

/* Calls back for each blank-separated word of f's value. */
struct words {
	const char *p, *end;
};

static void words_init(struct words *w, const struct stanza *st,
		       const struct field *f)
{
	w->p = fval(st, f);
	w->end = w->p + f->len;
}

static int words_next(struct words *w, const char **s, size_t *n)
{
	while (w->p < w->end && (is_blank(*w->p) || *w->p == '\n'))
		w->p++;
	if (w->p >= w->end)
		return 0;
	*s = w->p;
	while (w->p < w->end && !is_blank(*w->p) && *w->p != '\n')
		w->p++;
	*n = (size_t)(w->p - *s);
	return 1;
}

static void stanza_rows(const struct stanza *st, const char *file,
			struct eg_orows *rows)
{
	if (st->n == 0)
		return;
	const struct field *en = find_field(st, "Enabled");
	if (en != NULL && is_false(fval(st, en), en->len))
		return;
	const struct field *types = find_field(st, "Types");
	const struct field *uris = find_field(st, "URIs");
	const struct field *suites = find_field(st, "Suites");
	const struct field *comps = find_field(st, "Components");
	const char *missing = types == NULL    ? "Types"
			      : uris == NULL   ? "URIs"
			      : suites == NULL ? "Suites"
					       : NULL;
	if (missing != NULL) {
		eg_orows_warn(rows, _("%s:%zu: stanza without a %s field; "
				      "skipped"),
			      file, st->line, missing);
		return;
	}
	struct eg_buf opts, base, comp;
	eg_buf_init(&base, EG_LINE_MAX * 4);
	eg_buf_init(&opts, EG_LINE_MAX * 4);
	eg_buf_init(&comp, EG_LINE_MAX * 4);
	stanza_options(st, &base);
	if (comps != NULL)
		join_words(&comp, st, comps, ' ', 0);
	struct words tw, uw, sw;
	const char *t, *u, *s;
	size_t tn, un, sn;
	size_t nt = 0, nu = 0, ns = 0;
	for (words_init(&tw, st, types); words_next(&tw, &t, &tn);)
		nt++;
	for (words_init(&uw, st, uris); words_next(&uw, &u, &un);)
		nu++;
	for (words_init(&sw, st, suites); words_next(&sw, &s, &sn);)
		ns++;
	if (nu > 0 && ns > 0 &&
	    (nt > EG_APT_MAX_STANZA_ROWS / nu / ns ||
	     nt * nu * ns > EG_APT_MAX_STANZA_ROWS)) {
		eg_orows_warn(rows, _("%s:%zu: stanza gives more than %u "
				      "entries (types x URIs x suites); "
				      "skipped"),
			      file, st->line, EG_APT_MAX_STANZA_ROWS);
		goto out;
	}
	words_init(&tw, st, types);
	while (words_next(&tw, &t, &tn)) {
		int src = eg_ops_eq(t, tn, "deb-src", 0);
		if (!src && !eg_ops_eq(t, tn, "deb", 0)) {
			eg_orows_warn(rows, _("%s:%zu: unknown source type "
					      "\"%.*s\" (deb or deb-src "
					      "expected); skipped"),
				      file, types->line,
				      (int)(tn > EG_QUOTE_MAX ? EG_QUOTE_MAX
							     : tn), t);
			continue;
		}
		eg_buf_reset(&opts);
		if (src)
			eg_buf_adds(&opts, "type=deb-src");
		if (src && base.len > 0)
			eg_buf_addc(&opts, ' ');
		eg_buf_add(&opts, base.data, base.len);
		words_init(&uw, st, uris);
		while (words_next(&uw, &u, &un)) {
			words_init(&sw, st, suites);
			while (words_next(&sw, &s, &sn)) {
				int flat = s[sn - 1] == '/';
				if (!flat && comp.len == 0) {
					eg_orows_warn(rows,
						      _("%s:%zu: no Components "
							"for suite \"%.*s\" "
							"(only a suite ending in "
							"\"/\" may have none); "
							"skipped"),
						      file, st->line,
						      (int)(sn > EG_QUOTE_MAX ?
							    EG_QUOTE_MAX : sn),
						      s);
					continue;
				}
				if (flat && comp.len > 0) {
					eg_orows_warn(rows,
						      _("%s:%zu: Components "
							"with the exact path "
							"\"%.*s\"; skipped"),
						      file, st->line,
						      (int)(sn > EG_QUOTE_MAX ?
							    EG_QUOTE_MAX : sn),
						      s);
					continue;
				}
				add_row(rows, file, st->line, u, un, s, sn,
					eg_buf_str(&comp), eg_buf_str(&opts));
			}
		}
	}
out:
	eg_buf_free(&base);
	eg_buf_free(&opts);
	eg_buf_free(&comp);
}

static void stanza_reset(struct stanza *st)
{
	st->n = 0;
	st->line = 0;
	eg_buf_reset(&st->vals);
}

static int stanza_add(struct stanza *st, const char *name, size_t namelen,
		      size_t line)
{
	if (st->n == st->cap) {
		size_t ncap = st->cap == 0 ? 16 : st->cap * 2;
		struct field *nf = eg_reallocarray(st->f, ncap, sizeof(*nf));
		if (nf == NULL)
			return EG_E_NOMEM;
		st->f = nf;
		st->cap = ncap;
	}
	struct field *f = &st->f[st->n++];
	f->name = name;
	f->namelen = namelen;
	f->off = st->vals.len;
	f->len = 0;
	f->line = line;
	if (st->line == 0)
		st->line = line;
	return 0;
}

int eg_apt_parse_deb822(const char *buf, size_t len, const char *file,
			struct eg_orows *rows)
{
	struct stanza st;
	memset(&st, 0, sizeof(st));
	eg_buf_init(&st.vals, EG_HOSTFILE_MAX_BYTES);
	struct eg_ops_lines it;
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	int skip_cont = 0; /* continuation of a field that was refused */
	while (eg_orows_err(rows) == 0) {
		int more = eg_ops_lines_next(&it, &s, &n);
		const char *t = s;
		size_t tn = more ? n : 0;
		if (more)
			eg_ops_trim(&t, &tn);
		if (!more || tn == 0) {
			stanza_rows(&st, file, rows);
			stanza_reset(&st);
			skip_cont = 0;
			if (!more)
				break;
			continue;
		}
		if (s[0] == '#')
			continue;
		if (is_blank(s[0])) {
			if (st.n == 0 || skip_cont) {
				if (!skip_cont)
					eg_orows_warn(rows,
						      _("%s:%zu: continuation "
							"line outside a field; "
							"skipped"),
						      file, it.lineno);
				continue;
			}
			/* The field is the last one added, so its value
			 * ends the buffer: drop its NUL, append the line. */
			struct field *f = &st.f[st.n - 1];
			eg_buf_truncate(&st.vals, f->off + f->len);
			eg_buf_addc(&st.vals, '\n');
			if (!(tn == 1 && t[0] == '.'))
				eg_buf_add(&st.vals, t, tn);
			eg_buf_addc(&st.vals, '\0');
			if (st.vals.err != 0)
				break;
			f->len = st.vals.len - 1 - f->off;
			continue;
		}
		const char *colon = memchr(s, ':', n);
		const char *nm = s;
		size_t nmn = colon == NULL ? 0 : (size_t)(colon - s);
		int ok = colon != NULL && nmn > 0;
		for (size_t i = 0; ok && i < nmn; i++)
			if (is_blank(nm[i]))
				ok = 0;
		if (!ok) {
			eg_orows_warn(rows, _("%s:%zu: \"Field: value\" "
					      "expected; line skipped"),
				      file, it.lineno);
			skip_cont = 1;
			continue;
		}
		if (st.n >= EG_DEB822_MAX_FIELDS) {
			eg_orows_warn(rows, _("%s:%zu: more than %u fields in "
					      "one stanza; line skipped"),
				      file, it.lineno, EG_DEB822_MAX_FIELDS);
			skip_cont = 1;
			continue;
		}
		int dup = 0;
		for (size_t i = 0; i < st.n; i++)
			if (st.f[i].namelen == nmn &&
			    strncasecmp(st.f[i].name, nm, nmn) == 0)
				dup = 1;
		if (dup) {
			eg_orows_warn(rows, _("%s:%zu: field \"%.*s\" repeated "
					      "in one stanza; the first one "
					      "counts"),
				      file, it.lineno,
				      (int)(nmn > EG_QUOTE_MAX ? EG_QUOTE_MAX
							      : nmn), nm);
			skip_cont = 1;
			continue;
		}
		skip_cont = 0;
		if (stanza_add(&st, nm, nmn, it.lineno) != 0)
			break;
		const char *v = colon + 1;
		size_t vn = n - nmn - 1;
		eg_ops_trim(&v, &vn);
		eg_buf_add(&st.vals, v, vn);
		eg_buf_addc(&st.vals, '\0');
		if (st.vals.err != 0)
			break;
		st.f[st.n - 1].len = vn;
	}
	int rc = eg_orows_err(rows);
	if (rc == 0 && st.vals.err != 0) {
		eg_orows_warn(rows, _("%s: stanza too large; the rest of the "
				      "file is ignored"), file);
	}
	free(st.f);
	eg_buf_free(&st.vals);
	return rc;
}

/* The table --------------------------------------------------------------- */

/* apt reads only names made of [A-Za-z0-9_.-] with its suffixes (and says
 * so for the others); we skip the same ones, silently. */
static int apt_name(const char *name)
{
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return 0;
	}
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".list") == 0) ||
	       (n > 8 && strcmp(name + n - 8, ".sources") == 0);
}

static int apt_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_APT_NCOLS);
	struct eg_ops_names names = {NULL, 0};
	struct eg_buf content, path;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	eg_buf_init(&path, EG_PATH_MAX);
	int rc = 0;
	if (rows == NULL) {
		rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
		goto out;
	}
	const char *main_list = "/etc/apt/sources.list";
	if (eg_ops_read(root, main_list, &content, rows) == 0)
		eg_apt_parse_list(content.data, content.len, main_list, rows);
	const char *dir = "/etc/apt/sources.list.d";
	rc = eg_ops_listdir(root, dir, apt_name, &names, rows);
	if (rc != 0) {
		rc = eg_tctx_error(ctx, rc, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < names.n && eg_orows_err(rows) == 0; i++) {
		eg_buf_reset(&path);
		eg_buf_reset(&content);
		if (eg_ops_join(&path, dir, names.v[i]) != 0)
			continue;
		const char *p = eg_buf_str(&path);
		if (eg_ops_read(root, p, &content, rows) != 0)
			continue;
		size_t l = strlen(names.v[i]);
		if (l > 8 && strcmp(names.v[i] + l - 8, ".sources") == 0)
			eg_apt_parse_deb822(content.data, content.len, p,
					    rows);
		else
			eg_apt_parse_list(content.data, content.len, p, rows);
	}
	rc = eg_orows_emit(rows, ctx);
out:
	eg_ops_names_free(&names);
	eg_buf_free(&content);
	eg_buf_free(&path);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static const struct eg_column apt_columns[] = {
	{"file", EG_TEXT, 0, "the sources file, under the audit root"},
	{"line", EG_INT, 0,
	 "line of the entry (of the first field of a deb822 stanza)"},
	{"uri", EG_TEXT, 0,
	 "repository URI, e.g. http://deb.debian.org/debian"},
	{"suite", EG_TEXT, 0,
	 "suite (distribution), e.g. bookworm; an exact path ends in /"},
	{"components", EG_TEXT, 0,
	 "components, space-separated ('' for an exact path)"},
	{"options", EG_TEXT, 0,
	 "options as key=value, space-separated, '' when none: trusted=yes, "
	 "signed-by=..., arch=...; type=deb-src first for source entries"},
};

const struct eg_table_def eg_table_apt_sources = {
	.name = "apt_sources",
	.description = "apt repositories from etc/apt/sources.list and "
		       "sources.list.d (*.list one-line and *.sources deb822 "
		       "files); one row per type, URI and suite",
	.columns = apt_columns,
	.ncolumns = sizeof(apt_columns) / sizeof(apt_columns[0]),
	.generate = apt_generate,
};
