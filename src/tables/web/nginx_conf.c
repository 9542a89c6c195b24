/*
 * nginx_conf.c: the nginx configuration tokeniser and block structure
 * (see nginx_conf.h). It follows ngx_conf_read_token closely, so that what
 * the table shows is what nginx would read, including its quirks ("a}" is a
 * word, '#' inside a word is not a comment, a quoted word must be followed
 * by a blank, ';', '{' or ')').
 */
#include "nginx_conf.h"

#include <stdio.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "webutil.h"

enum tok { T_EOF, T_WORD, T_SEMI, T_LBRACE, T_RBRACE };

struct np {
	const struct eg_wconf_parse *p;
	const char *buf;
	size_t len;
	size_t pos;
	unsigned line, col;   /* of buf[pos] */
	unsigned wline, wcol; /* where the last token started */
	struct eg_err *e;
	struct eg_buf word;
	struct eg_strv args;
	struct eg_buf ctx;
	size_t ctxlen[EG_WEBCONF_MAX_DEPTH + 1];
	size_t depth;
};

static int at_eof(const struct np *n)
{
	return n->pos >= n->len;
}

static void adv(struct np *n)
{
	if (n->buf[n->pos] == '\n') {
		n->line++;
		n->col = 1;
	} else {
		n->col++;
	}
	n->pos++;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int fail_at(struct np *n, int code, unsigned line, unsigned col,
		   const char *what)
{
	return eg_err_set(n->e, code, "%s:%u:%u: %s", n->p->file, line, col,
			  what);
}

static int unexpected(struct np *n, char c)
{
	char what[64];
	snprintf(what, sizeof(what), _("unexpected \"%c\""), c);
	return fail_at(n, EG_E_PARSE, n->line, n->col, what);
}

/* Copies raw[0..len) into n->word with nginx's escape translation. */
static int unescape(struct np *n, const char *raw, size_t len)
{
	eg_buf_reset(&n->word);
	for (size_t i = 0; i < len; i++) {
		if (raw[i] == '\\' && i + 1 < len) {
			char c = raw[i + 1];
			switch (c) {
			case '"':
			case '\'':
			case '\\':
				eg_buf_addc(&n->word, c);
				i++;
				continue;
			case 't':
				eg_buf_addc(&n->word, '\t');
				i++;
				continue;
			case 'r':
				eg_buf_addc(&n->word, '\r');
				i++;
				continue;
			case 'n':
				eg_buf_addc(&n->word, '\n');
				i++;
				continue;
			default:
				break;
			}
		}
		eg_buf_addc(&n->word, raw[i]);
	}
	return n->word.err;
}

static int word_limit(struct np *n, size_t len)
{
	if (len <= EG_LINE_MAX)
		return 0;
	char what[96];
	snprintf(what, sizeof(what), _("word longer than %u bytes"),
		 (unsigned)EG_LINE_MAX);
	return fail_at(n, EG_E_LIMIT, n->wline, n->wcol, what);
}

/* Reads one token; returns an enum tok, or a negative eg code. */
static int read_token(struct np *n)
{
	for (;;) {
		while (!at_eof(n) && is_blank(n->buf[n->pos]))
			adv(n);
		if (at_eof(n))
			return T_EOF;
		char c = n->buf[n->pos];
		n->wline = n->line;
		n->wcol = n->col;
		if (c == '#') {
			while (!at_eof(n) && n->buf[n->pos] != '\n')
				adv(n);
			continue;
		}
		if (c == ';' || c == '{' || c == '}') {
			adv(n);
			return c == ';' ? T_SEMI : c == '{' ? T_LBRACE : T_RBRACE;
		}
		if (c == '"' || c == '\'') {
			adv(n);
			size_t start = n->pos;
			for (;;) {
				if (at_eof(n))
					return fail_at(n, EG_E_PARSE, n->wline,
						       n->wcol,
						       _("unexpected end of file "
							 "in a quoted string"));
				char ch = n->buf[n->pos];
				if (ch == '\\') {
					adv(n);
					if (at_eof(n))
						continue;
				} else if (ch == c) {
					break;
				}
				adv(n);
			}
			size_t end = n->pos;
			adv(n); /* the closing quote */
			int rc = word_limit(n, end - start);
			if (rc != 0)
				return rc;
			if (!at_eof(n)) {
				char nx = n->buf[n->pos];
				if (!is_blank(nx) && nx != ';' && nx != '{' &&
				    nx != ')')
					return unexpected(n, nx);
			}
			rc = unescape(n, n->buf + start, end - start);
			return rc != 0 ? rc : T_WORD;
		}
		size_t start = n->pos;
		int variable = 0, escaped = 0;
		while (!at_eof(n)) {
			char ch = n->buf[n->pos];
			if (escaped) {
				escaped = 0;
				adv(n);
				continue;
			}
			if (ch == '{' && variable) {
				adv(n);
				continue;
			}
			variable = 0;
			if (ch == '\\') {
				escaped = 1;
			} else if (ch == '$') {
				variable = 1;
			} else if (is_blank(ch) || ch == ';' || ch == '{') {
				break;
			}
			adv(n);
		}
		int rc = word_limit(n, n->pos - start);
		if (rc != 0)
			return rc;
		rc = unescape(n, n->buf + start, n->pos - start);
		return rc != 0 ? rc : T_WORD;
	}
}

/* Skips a Lua long bracket "[==[ ... ]==]" starting at '[' (already
 * checked to be one); returns 0 or EG_E_PARSE at end of file. */
static int skip_long_bracket(struct np *n, size_t level)
{
	for (size_t i = 0; i < level + 2; i++)
		adv(n);
	while (!at_eof(n)) {
		if (n->buf[n->pos] == ']') {
			size_t k = n->pos + 1, eq = 0;
			while (k < n->len && n->buf[k] == '=') {
				k++;
				eq++;
			}
			if (eq == level && k < n->len && n->buf[k] == ']') {
				while (n->pos <= k)
					adv(n);
				return 0;
			}
		}
		adv(n);
	}
	return EG_E_PARSE;
}

/* The level of a long bracket at pos ("[[" is 0, "[=[" 1), or -1. */
static long long_bracket_level(const struct np *n)
{
	size_t k = n->pos;
	if (k >= n->len || n->buf[k] != '[')
		return -1;
	k++;
	size_t eq = 0;
	while (k < n->len && n->buf[k] == '=') {
		k++;
		eq++;
	}
	if (k < n->len && n->buf[k] == '[')
		return (long)eq;
	return -1;
}

/* Skips the Lua body of a *_by_lua_block up to and with its closing
 * brace; the opening brace has been read. */
static int skip_lua(struct np *n)
{
	unsigned sl = n->wline, sc = n->wcol;
	size_t depth = 1;
	while (!at_eof(n)) {
		char c = n->buf[n->pos];
		long lvl;
		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (--depth == 0) {
				adv(n);
				return 0;
			}
		} else if (c == '"' || c == '\'') {
			adv(n);
			while (!at_eof(n) && n->buf[n->pos] != c) {
				if (n->buf[n->pos] == '\\') {
					adv(n);
					if (at_eof(n))
						break;
				}
				adv(n);
			}
			if (at_eof(n))
				break;
		} else if ((lvl = long_bracket_level(n)) >= 0) {
			if (skip_long_bracket(n, (size_t)lvl) != 0)
				break;
			continue;
		} else if (c == '-' && n->pos + 1 < n->len &&
			   n->buf[n->pos + 1] == '-') {
			adv(n);
			adv(n);
			if ((lvl = long_bracket_level(n)) >= 0) {
				if (skip_long_bracket(n, (size_t)lvl) != 0)
					break;
				continue;
			}
			while (!at_eof(n) && n->buf[n->pos] != '\n')
				adv(n);
			continue;
		}
		adv(n);
	}
	return fail_at(n, EG_E_PARSE, sl, sc,
		       _("unexpected end of file in a Lua block"));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Adds the directive in n->args (at least one word) to the list. */
static int emit(struct np *n, unsigned line)
{
	int rc = eg_wconf_add(n->p->conf, n->p->file, line,
			      eg_buf_str(&n->ctx), n->args.v[0], n->args.n - 1,
			      (const char *const *)n->args.v + 1);
	if (rc == EG_E_LIMIT)
		return fail_at(n, rc, line, 1, _("too many directives"));
	return rc;
}

static int push_context(struct np *n)
{
	if (n->depth >= EG_WEBCONF_MAX_DEPTH) {
		char what[96];
		snprintf(what, sizeof(what),
			 _("blocks nested deeper than %d"),
			 EG_WEBCONF_MAX_DEPTH);
		return fail_at(n, EG_E_LIMIT, n->wline, n->wcol, what);
	}
	n->ctxlen[n->depth++] = n->ctx.len;
	if (n->ctx.len > 0)
		eg_buf_addc(&n->ctx, '>');
	for (size_t i = 0; i < n->args.n; i++) {
		if (i > 0)
			eg_buf_addc(&n->ctx, ' ');
		eg_buf_adds(&n->ctx, n->args.v[i]);
	}
	if (n->ctx.err != 0)
		return fail_at(n, EG_E_LIMIT, n->wline, n->wcol,
			       _("block context too long"));
	return 0;
}

static void clear_args(struct np *n)
{
	eg_strv_free(&n->args);
}

/* Position of the first NUL byte as line:col, for the error message. */
static int nul_error(struct np *n, const char *nul)
{
	while (n->buf + n->pos < nul)
		adv(n);
	return fail_at(n, EG_E_PARSE, n->line, n->col,
		       _("NUL byte in a text file"));
}

int eg_nginx_parse(const struct eg_wconf_parse *p, const char *buf,
		   size_t len, struct eg_err *e)
{
	struct np n;
	memset(&n, 0, sizeof(n));
	n.p = p;
	n.buf = buf;
	n.len = len;
	n.line = 1;
	n.col = 1;
	n.e = e;
	eg_buf_init(&n.word, EG_LINE_MAX + 1);
	eg_buf_init(&n.ctx, EG_LINE_MAX);
	int rc = 0;
	unsigned dline = 0, dcol = 0;
	const char *nul = len > 0 ? memchr(buf, '\0', len) : NULL;
	if (nul != NULL) {
		rc = nul_error(&n, nul);
		goto out;
	}
	if (p->context != NULL)
		eg_buf_adds(&n.ctx, p->context);
	for (;;) {
		int t = read_token(&n);
		if (t < 0) {
			rc = t;
			goto out;
		}
		switch (t) {
		case T_WORD:
			if (n.args.n == 0) {
				dline = n.wline;
				dcol = n.wcol;
			}
			if (n.args.n >= EG_WEBCONF_MAX_ARGS + 1) {
				char what[96];
				snprintf(what, sizeof(what),
					 _("more than %u arguments"),
					 (unsigned)EG_WEBCONF_MAX_ARGS);
				rc = fail_at(&n, EG_E_LIMIT, dline, dcol, what);
				goto out;
			}
			if (eg_strv_addn(&n.args, n.word.data ? n.word.data : "",
					 n.word.len) != 0) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
			break;
		case T_SEMI:
		case T_LBRACE:
			if (n.args.n == 0) {
				/* The token is behind us: report its place. */
				char what[64];
				snprintf(what, sizeof(what),
					 _("unexpected \"%c\""),
					 t == T_SEMI ? ';' : '{');
				rc = fail_at(&n, EG_E_PARSE, n.wline, n.wcol,
					     what);
				goto out;
			}
			if ((rc = emit(&n, dline)) != 0)
				goto out;
			if (t == T_SEMI) {
				if (strcmp(n.args.v[0], "include") == 0 &&
				    n.args.n == 2 && p->include.fn != NULL) {
					rc = p->include.fn(p->include.ud,
							   p->file, dline,
							   n.args.v[1],
							   eg_buf_str(&n.ctx),
							   0, p->depth);
					if (rc != 0)
						goto out;
				}
			} else if (ends_with(n.args.v[0], "_by_lua_block")) {
				if ((rc = skip_lua(&n)) != 0)
					goto out;
			} else if ((rc = push_context(&n)) != 0) {
				goto out;
			}
			clear_args(&n);
			break;
		case T_RBRACE:
			if (n.args.n != 0 || n.depth == 0) {
				rc = fail_at(&n, EG_E_PARSE, n.wline, n.wcol,
					     _("unexpected \"}\""));
				goto out;
			}
			eg_buf_truncate(&n.ctx, n.ctxlen[--n.depth]);
			break;
		default: /* T_EOF */
			if (n.args.n != 0) {
				rc = fail_at(&n, EG_E_PARSE, n.line, n.col,
					     _("unexpected end of file, "
					       "expecting \";\" or \"}\""));
			} else if (n.depth != 0) {
				rc = fail_at(&n, EG_E_PARSE, n.line, n.col,
					     _("unexpected end of file, "
					       "expecting \"}\""));
			}
			goto out;
		}
	}
out:
	eg_strv_free(&n.args);
	eg_buf_free(&n.word);
	eg_buf_free(&n.ctx);
	return rc;
}
