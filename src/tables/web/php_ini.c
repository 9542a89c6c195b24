/*
 * php_ini.c: the php.ini reader and the php_ini table (see php_ini.h).
 */
#include "php_ini.h"

#include <string.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../vtab.h"
#include "webutil.h"
#include "wglob.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Characters PHP's scanner does not accept in a key ('[' and ']' are fine
 * past the first character: "extension[] = x" is an array entry). */
static int bad_key_char(char c)
{
	return strchr("=;&|^$~(){}!\"", c) != NULL;
}

/*
 * A quoted value starting at buf[*pos] (the quote). On success the value is
 * in v, *pos is past the closing quote and *line counts the newlines
 * crossed. Returns 0, 1 when the quote is not closed, or EG_E_LIMIT.
 */
static int quoted(const char *buf, size_t len, size_t *pos, unsigned *line,
		  struct eg_buf *v)
{
	char q = buf[*pos];
	size_t i = *pos + 1;
	unsigned nl = 0;
	eg_buf_reset(v);
	while (i < len && buf[i] != q) {
		char c = buf[i];
		if (q == '"' && c == '\\' && i + 1 < len &&
		    (buf[i + 1] == '"' || buf[i + 1] == '\\')) {
			c = buf[i + 1];
			i++;
		} else if (c == '\n') {
			nl++;
		}
		if (eg_buf_addc(v, c) != 0)
			return EG_E_LIMIT;
		i++;
	}
	if (i >= len)
		return 1;
	*pos = i + 1;
	*line += nl;
	return 0;
}

int eg_php_ini_parse(const char *buf, size_t len,
		     const struct eg_php_ini_cb *cb, struct eg_err *e)
{
	struct eg_buf key, val;
	eg_buf_init(&key, EG_LINE_MAX);
	eg_buf_init(&val, EG_LINE_MAX);
	int rc = 0;
	size_t pos = 0;
	unsigned line = 1, lines = 0;
	const char *nul = len > 0 ? memchr(buf, '\0', len) : NULL;
	if (nul != NULL) {
		for (const char *c = buf; c < nul; c++)
			line += *c == '\n';
		rc = eg_err_set(e, EG_E_PARSE, _("line %u: NUL byte in a text "
						 "file"), line);
		goto out;
	}
	while (pos < len) {
		if (++lines > EG_CONF_MAX_LINES) {
			rc = eg_err_set(e, EG_E_LIMIT, _("more than %u lines"),
					(unsigned)EG_CONF_MAX_LINES);
			goto out;
		}
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t next = nl ? end + 1 : len;
		unsigned this_line = line;
		if (end - pos > EG_LINE_MAX) {
			rc = eg_err_set(e, EG_E_LIMIT,
					_("line %u: longer than %u bytes"),
					line, (unsigned)EG_LINE_MAX);
			goto out;
		}
		size_t s = pos;
		while (s < end && is_blank(buf[s]))
			s++;
		if (s == end || buf[s] == ';' || buf[s] == '#' ||
		    buf[s] == '[') {
			pos = next;
			line++;
			continue;
		}
		const char *eq = memchr(buf + s, '=', end - s);
		size_t kend = eq ? (size_t)(eq - buf) : end;
		if (eq == NULL) {
			/* A bare key, perhaps followed by a comment. */
			const char *sc = memchr(buf + s, ';', end - s);
			if (sc != NULL)
				kend = (size_t)(sc - buf);
		}
		while (kend > s && is_blank(buf[kend - 1]))
			kend--;
		int bad = kend == s;
		for (size_t i = s; i < kend && !bad; i++)
			bad = bad_key_char(buf[i]);
		if (bad) {
			if (cb->bad_line != NULL)
				cb->bad_line(cb->ud, line);
			pos = next;
			line++;
			continue;
		}
		eg_buf_reset(&key);
		eg_buf_add(&key, buf + s, kend - s);
		const char *value = NULL;
		if (eq != NULL) {
			size_t v = (size_t)(eq - buf) + 1;
			while (v < end && is_blank(buf[v]))
				v++;
			if (v < end && (buf[v] == '"' || buf[v] == '\'')) {
				size_t qp = v;
				int q = quoted(buf, len, &qp, &line, &val);
				if (q == EG_E_LIMIT) {
					rc = eg_err_set(e, EG_E_LIMIT,
							_("line %u: quoted value "
							  "longer than %u bytes"),
							this_line,
							(unsigned)EG_LINE_MAX);
					goto out;
				}
				if (q == 1) {
					if (cb->bad_line != NULL)
						cb->bad_line(cb->ud, this_line);
					pos = next;
					line++;
					continue;
				}
				/* The rest of the closing line is ignored. */
				nl = memchr(buf + qp, '\n', len - qp);
				next = nl ? (size_t)(nl - buf) + 1 : len;
			} else {
				size_t ve = v;
				while (ve < end && buf[ve] != ';')
					ve++;
				while (ve > v && is_blank(buf[ve - 1]))
					ve--;
				eg_buf_reset(&val);
				eg_buf_add(&val, buf + v, ve - v);
			}
			value = eg_buf_str(&val);
		}
		rc = cb->entry(cb->ud, this_line, eg_buf_str(&key), value);
		if (rc != 0)
			goto out;
		pos = next;
		line++;
	}
out:
	eg_buf_free(&key);
	eg_buf_free(&val);
	return rc;
}

/* ---- the php_ini table ------------------------------------------- */

static const struct eg_column php_cols[] = {
	{"file", EG_TEXT, 0, "the ini file, e.g. /etc/php/8.2/fpm/php.ini "
			     "(the SAPI is in the path)"},
	{"key", EG_TEXT, 0, "setting name as written"},
	{"value", EG_TEXT, 0, "value as written, quotes removed (NULL for a "
			      "bare key)"},
};

struct php_gen {
	struct eg_tctx *ctx;
	const char *file;
	unsigned bad;
	unsigned first_bad;
	int limit;
};

static int php_entry(void *ud, unsigned line, const char *key,
		     const char *value)
{
	struct php_gen *g = ud;
	(void)line;
	eg_row_begin(g->ctx);
	eg_row_text(g->ctx, 0, g->file);
	eg_row_text(g->ctx, 1, key);
	if (value != NULL)
		eg_row_text(g->ctx, 2, value);
	int rc = eg_row_end(g->ctx);
	if (rc != 0)
		g->limit = 1;
	return rc;
}

static void php_bad(void *ud, unsigned line)
{
	struct php_gen *g = ud;
	if (g->bad++ == 0)
		g->first_bad = line;
}

static int php_generate(struct eg_tctx *ctx)
{
	static const char *const patterns[] = {
		"/etc/php/*/*/php.ini",
		"/etc/php/*/*/conf.d/*.ini",
	};
	struct eg_root *r = eg_tctx_root(ctx);
	struct eg_strv files = {0};
	struct eg_buf b;
	eg_buf_init(&b, EG_WEBCONF_FILE_MAX);
	int rc = 0;
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		struct eg_err e;
		eg_err_clear(&e);
		if (eg_wglob(eg_tctx_root(ctx), patterns[i], EG_WGLOB_PERIOD,
			     EG_CONF_MAX_FILES, &files, &e) != 0)
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
	}
	/* Byte order of the full paths (per SAPI, conf.d before php.ini):
	 * the table is a set, the order only has to be stable. */
	eg_strv_sort(&files);
	for (size_t i = 0; i < files.n; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		eg_buf_reset(&b);
		int r2 = eg_root_read(r, files.v[i], EG_WEBCONF_FILE_MAX, &b,
				      &e);
		if (r2 != 0) {
			if (r2 != EG_E_NOTFOUND)
				eg_tctx_warn(ctx, _("cannot read %s"),
					     eg_err_msg(&e));
			continue;
		}
		struct php_gen g = {ctx, files.v[i], 0, 0, 0};
		struct eg_php_ini_cb cb = {php_entry, php_bad, &g};
		r2 = eg_php_ini_parse(b.data ? b.data : "", b.len, &cb, &e);
		if (g.limit) {
			rc = 0; /* the engine reports the row cap */
			goto out;
		}
		if (r2 == EG_E_NOMEM) {
			rc = eg_tctx_error(ctx, r2, "out of memory");
			goto out;
		}
		if (r2 != 0)
			eg_tctx_warn(ctx, _("%s: %s (the rest of this file is "
					    "not read)"), files.v[i],
				     eg_err_msg(&e));
		if (g.bad > 0)
			eg_tctx_warn(ctx, _("%s:%u: not a \"key = value\" "
					    "line, ignored (%u such lines in "
					    "this file)"),
				     files.v[i], g.first_bad, g.bad);
	}
out:
	eg_strv_free(&files);
	eg_buf_free(&b);
	return rc;
}

const struct eg_table_def eg_table_php_ini = {
	"php_ini",
	"PHP settings from every SAPI's php.ini and conf.d/*.ini under "
	"/etc/php",
	php_cols,
	sizeof(php_cols) / sizeof(php_cols[0]),
	php_generate,
};
