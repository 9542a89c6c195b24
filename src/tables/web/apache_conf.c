/*
 * apache_conf.c: the httpd configuration reader (see apache_conf.h).
 */
#include "apache_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "webutil.h"

struct ap {
	const struct eg_wconf_parse *p;
	struct eg_err *e;
	struct eg_buf ctx;
	size_t depth;
	struct {
		size_t ctxlen;
		unsigned line;
		char *name;
	} stack[EG_WEBCONF_MAX_DEPTH];
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
	       c == '\n';
}

static int fail(struct ap *a, int code, unsigned line, unsigned col,
		const char *what)
{
	return eg_err_set(a->e, code, "%s:%u:%u: %s", a->p->file, line, col,
			  what);
}

/*
 * ap_getword_conf: the next word of *s (a quoted string unquoted) appended
 * to the list; *s moves past it and the blanks after it.
 */
static int getword(const char **s, const char *end, struct eg_strv *out)
{
	const char *p = *s;
	while (p < end && is_space(*p))
		p++;
	struct eg_buf w;
	eg_buf_init(&w, EG_LINE_MAX);
	char quote = 0;
	const char *stop;
	if (p < end && (*p == '"' || *p == '\'')) {
		quote = *p++;
		stop = p;
		while (stop < end && *stop != quote) {
			if (*stop == '\\' && stop + 1 < end &&
			    (stop[1] == quote || stop[1] == '\\'))
				stop += 2;
			else
				stop++;
		}
	} else {
		stop = p;
		while (stop < end && !is_space(*stop))
			stop++;
	}
	for (const char *q = p; q < stop; q++) {
		if (*q == '\\' && q + 1 < stop &&
		    (q[1] == '\\' || (quote && q[1] == quote)))
			q++;
		eg_buf_addc(&w, *q);
	}
	p = stop;
	if (quote && p < end)
		p++; /* the closing quote; httpd accepts a missing one */
	while (p < end && is_space(*p))
		p++;
	*s = p;
	int rc = w.err;
	if (rc == 0)
		rc = eg_strv_addn(out, w.data ? w.data : "", w.len);
	eg_buf_free(&w);
	return rc;
}

/* All the words of s[0..end) into out. */
static int getwords(struct ap *a, const char *s, const char *end,
		    struct eg_strv *out, unsigned line)
{
	while (s < end) {
		if (out->n > EG_WEBCONF_MAX_ARGS) {
			char what[96];
			snprintf(what, sizeof(what), _("more than %u arguments"),
				 (unsigned)EG_WEBCONF_MAX_ARGS);
			return fail(a, EG_E_LIMIT, line, 1, what);
		}
		int rc = getword(&s, end, out);
		if (rc != 0)
			return eg_err_set(a->e, rc, "out of memory");
	}
	return 0;
}

static int emit(struct ap *a, unsigned line, const char *name, size_t argc,
		char *const *argv)
{
	int rc = eg_wconf_add(a->p->conf, a->p->file, line,
			      eg_buf_str(&a->ctx), name, argc,
			      (const char *const *)argv);
	if (rc == EG_E_LIMIT)
		return fail(a, rc, line, 1, _("too many directives"));
	if (rc != 0)
		return eg_err_set(a->e, rc, "out of memory");
	return 0;
}

/* One logical line, trimmed, non-empty and not a comment. */
static int do_line(struct ap *a, const char *s, size_t len, unsigned line,
		   unsigned col)
{
	const char *end = s + len;
	struct eg_strv w = {0};
	int rc = 0;
	if (len >= 2 && s[0] == '<' && s[1] == '/') {
		const char *gt = memchr(s, '>', len);
		if (gt == NULL || gt + 1 != end) {
			rc = fail(a, EG_E_PARSE, line, col,
				  _("section end without its closing '>'"));
			goto out;
		}
		const char *name = s + 2;
		size_t nlen = (size_t)(gt - name);
		if (a->depth == 0 ||
		    strlen(a->stack[a->depth - 1].name) != nlen ||
		    strncasecmp(a->stack[a->depth - 1].name, name, nlen) != 0) {
			char what[EG_QUOTE_MAX + 64];
			snprintf(what, sizeof(what),
				 _("</%.*s> without a matching <%.*s> section"),
				 (int)(nlen > 60 ? 60 : nlen), name,
				 (int)(nlen > 60 ? 60 : nlen), name);
			rc = fail(a, EG_E_PARSE, line, col, what);
			goto out;
		}
		a->depth--;
		free(a->stack[a->depth].name);
		eg_buf_truncate(&a->ctx, a->stack[a->depth].ctxlen);
		goto out;
	}
	if (s[0] == '<') {
		/* "<Name args>": the name runs to a blank or the '>'. */
		const char *q = s + 1;
		while (q < end && !is_space(*q) && *q != '>')
			q++;
		if (q == s + 1 || end[-1] != '>') {
			rc = fail(a, EG_E_PARSE, line, col,
				  _("section start without its closing '>'"));
			goto out;
		}
		if ((rc = eg_strv_addn(&w, s + 1, (size_t)(q - s - 1))) != 0) {
			rc = eg_err_set(a->e, rc, "out of memory");
			goto out;
		}
		if ((rc = getwords(a, q, end - 1, &w, line)) != 0)
			goto out;
		if ((rc = emit(a, line, w.v[0], w.n - 1, w.v + 1)) != 0)
			goto out;
		if (a->depth >= EG_WEBCONF_MAX_DEPTH) {
			char what[96];
			snprintf(what, sizeof(what),
				 _("sections nested deeper than %d"),
				 EG_WEBCONF_MAX_DEPTH);
			rc = fail(a, EG_E_LIMIT, line, col, what);
			goto out;
		}
		char *nm = eg_strdup(w.v[0]);
		if (nm == NULL) {
			rc = eg_err_set(a->e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		a->stack[a->depth].name = nm;
		a->stack[a->depth].line = line;
		a->stack[a->depth].ctxlen = a->ctx.len;
		a->depth++;
		if (a->ctx.len > 0)
			eg_buf_addc(&a->ctx, '>');
		for (size_t i = 0; i < w.n; i++) {
			if (i > 0)
				eg_buf_addc(&a->ctx, ' ');
			eg_buf_adds(&a->ctx, w.v[i]);
		}
		if (a->ctx.err != 0)
			rc = fail(a, EG_E_LIMIT, line, col,
				  _("section context too long"));
		goto out;
	}
	if ((rc = getwords(a, s, end, &w, line)) != 0)
		goto out;
	if ((rc = emit(a, line, w.v[0], w.n - 1, w.v + 1)) != 0)
		goto out;
	int inc = strcasecmp(w.v[0], "Include") == 0;
	int opt = strcasecmp(w.v[0], "IncludeOptional") == 0;
	if ((inc || opt) && w.n == 2 && a->p->include.fn != NULL)
		rc = a->p->include.fn(a->p->include.ud, a->p->file, line,
				      w.v[1], eg_buf_str(&a->ctx), opt,
				      a->p->depth);
out:
	eg_strv_free(&w);
	return rc;
}

int eg_apache_parse(const struct eg_wconf_parse *p, const char *buf,
		    size_t len, struct eg_err *e)
{
	struct ap a;
	memset(&a, 0, sizeof(a));
	a.p = p;
	a.e = e;
	eg_buf_init(&a.ctx, EG_LINE_MAX);
	struct eg_buf lb;
	eg_buf_init(&lb, EG_LINE_MAX);
	int rc = 0;
	if (p->context != NULL)
		eg_buf_adds(&a.ctx, p->context);
	size_t pos = 0;
	unsigned line = 1;
	while (pos < len) {
		unsigned start_line = line;
		eg_buf_reset(&lb);
		/* Gather one logical line. */
		for (;;) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - buf) : len;
			size_t n = end - pos;
			if (memchr(buf + pos, '\0', n) != NULL) {
				rc = fail(&a, EG_E_PARSE, line, 1,
					  _("NUL byte in a text file"));
				goto out;
			}
			if (n > 0 && buf[pos + n - 1] == '\r')
				n--;
			int cont = n > 0 && buf[pos + n - 1] == '\\' &&
				   !(n > 1 && buf[pos + n - 2] == '\\');
			eg_buf_add(&lb, buf + pos, cont ? n - 1 : n);
			if (lb.err != 0) {
				char what[96];
				snprintf(what, sizeof(what),
					 _("line longer than %u bytes"),
					 (unsigned)EG_LINE_MAX);
				rc = fail(&a, EG_E_LIMIT, start_line, 1, what);
				goto out;
			}
			pos = nl ? end + 1 : len;
			line++;
			if (!cont || pos >= len)
				break;
		}
		const char *s = eg_buf_str(&lb);
		size_t n = lb.len;
		size_t lead = 0;
		while (lead < n && is_space(s[lead]))
			lead++;
		while (n > lead && is_space(s[n - 1]))
			n--;
		if (n == lead || s[lead] == '#')
			continue;
		rc = do_line(&a, s + lead, n - lead, start_line,
			     (unsigned)lead + 1);
		if (rc != 0)
			goto out;
	}
	if (a.depth > 0) {
		char what[EG_QUOTE_MAX + 64];
		snprintf(what, sizeof(what), _("<%.60s> section not closed"),
			 a.stack[a.depth - 1].name);
		rc = fail(&a, EG_E_PARSE, a.stack[a.depth - 1].line, 1, what);
	}
out:
	for (size_t i = 0; i < a.depth; i++)
		free(a.stack[i].name);
	eg_buf_free(&lb);
	eg_buf_free(&a.ctx);
	return rc;
}
