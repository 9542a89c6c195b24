/*
 * sysctl_conf.c: sysctl names, values and the sysctl.d syntax.
 */
#include "sysctl_conf.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "sysio.h"

static char swap_sep(char c)
{
	return c == '.' ? '/' : c == '/' ? '.' : c;
}

int eg_sysctl_name(const char *key, size_t n, struct eg_buf *out)
{
	n = eg_sys_clip(key, n);
	/* Which form: the first separator tells (sysctl.d(5)). */
	int path_form = 0;
	for (size_t i = 0; i < n; i++) {
		if (key[i] == '.' || key[i] == '/') {
			path_form = key[i] == '/';
			break;
		}
	}
	size_t start_len = out->len;
	int ncomp = 0;
	size_t i = 0;
	while (i < n) {
		/* One component of the dotted form: up to the next '.' of the
		 * dotted form, i.e. '/' when the key is in path form. */
		char sep = path_form ? '/' : '.';
		size_t s = i;
		while (i < n && key[i] != sep)
			i++;
		size_t clen = i - s;
		if (i < n)
			i++;
		if (clen == 0)
			continue;
		/* In path terms the component is key[s..s+clen) (path form)
		 * or its swap (dotted form); "." and ".." are the path's. */
		char lit = path_form ? '.' : '/';
		if (clen == 1 && key[s] == lit)
			continue;
		if (clen == 2 && key[s] == lit && key[s + 1] == lit) {
			eg_buf_truncate(out, start_len);
			return EG_E_PARSE;
		}
		if (ncomp++ > 0)
			eg_buf_addc(out, '.');
		for (size_t k = s; k < s + clen; k++)
			eg_buf_addc(out, path_form ? swap_sep(key[k]) : key[k]);
	}
	if (out->err != 0)
		return out->err;
	if (ncomp == 0) {
		eg_buf_truncate(out, start_len);
		return EG_E_PARSE;
	}
	return 0;
}

int eg_sysctl_path(const char *name, struct eg_buf *out)
{
	size_t start_len = out->len;
	const char *p = name;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t clen = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (clen == 0 || (clen == 1 && p[0] == '/') ||
		    (clen == 2 && p[0] == '/' && p[1] == '/')) {
			eg_buf_truncate(out, start_len);
			return EG_E_PARSE;
		}
		if (p != name)
			eg_buf_addc(out, '/');
		for (size_t k = 0; k < clen; k++)
			eg_buf_addc(out, swap_sep(p[k]));
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	return out->err;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_int_token(const char *s, size_t n)
{
	size_t i = 0;
	if (n > 0 && s[0] == '-')
		i = 1;
	if (i == n)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int eg_sysctl_value(const char *s, size_t n, struct eg_buf *out)
{
	n = eg_sys_clip(s, n);
	eg_sys_trim(&s, &n);
	size_t tokens = 0;
	int all_int = 1;
	for (size_t i = 0; i < n;) {
		while (i < n && is_ws(s[i]))
			i++;
		size_t st = i;
		while (i < n && !is_ws(s[i]))
			i++;
		if (i > st) {
			tokens++;
			all_int &= is_int_token(s + st, i - st);
		}
	}
	if (tokens < 2 || !all_int)
		return eg_buf_add(out, s, n);
	int first = 1;
	for (size_t i = 0; i < n;) {
		while (i < n && is_ws(s[i]))
			i++;
		size_t st = i;
		while (i < n && !is_ws(s[i]))
			i++;
		if (i > st) {
			if (!first)
				eg_buf_addc(out, '\t');
			eg_buf_add(out, s + st, i - st);
			first = 0;
		}
	}
	return out->err;
}

int eg_sysctl_is_glob(const char *name)
{
	return strpbrk(name, "*?[") != NULL;
}

int eg_sysctl_glob_match(const char *pattern, const char *name)
{
	char *p = eg_strdup(pattern), *n = eg_strdup(name);
	int m = 0;
	if (p != NULL && n != NULL) {
		for (char *c = p; *c; c++)
			*c = swap_sep(*c);
		for (char *c = n; *c; c++)
			*c = swap_sep(*c);
		m = fnmatch(p, n, FNM_PATHNAME) == 0;
	}
	free(p);
	free(n);
	return m;
}

struct parse_state {
	eg_sysctl_conf_fn fn;
	void *arg;
	size_t bad;
	size_t first_bad;
	struct eg_buf name;
	struct eg_buf value;
};

static void bad_line(struct parse_state *ps, size_t lineno)
{
	if (ps->bad++ == 0)
		ps->first_bad = lineno;
}

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	struct parse_state *ps = arg;
	const char *p = line;
	size_t n = eg_sys_clip(line, len);
	eg_sys_trim(&p, &n);
	if (n == 0 || p[0] == '#' || p[0] == ';')
		return 0;
	struct eg_sysctl_entry e = {.line = lineno};
	if (p[0] == '-') {
		e.ignore_errors = 1;
		p++;
		n--;
	}
	const char *eq = memchr(p, '=', n);
	const char *k = p;
	size_t kn = eq != NULL ? (size_t)(eq - p) : n;
	eg_sys_trim(&k, &kn);
	eg_buf_reset(&ps->name);
	eg_buf_reset(&ps->value);
	if (eg_sysctl_name(k, kn, &ps->name) != 0) {
		if (ps->name.err == EG_E_NOMEM)
			return EG_E_NOMEM;
		bad_line(ps, lineno);
		return 0;
	}
	e.name = eg_buf_str(&ps->name);
	e.is_glob = eg_sysctl_is_glob(e.name);
	if (eq == NULL) {
		/* "-key" alone excludes a key from the globs; a bare key or a
		 * bare pattern is not an assignment (systemd ignores both). */
		if (!e.ignore_errors || e.is_glob) {
			bad_line(ps, lineno);
			return 0;
		}
	} else {
		const char *v = eq + 1;
		size_t vn = n - (size_t)(v - p);
		if (eg_sysctl_value(v, vn, &ps->value) != 0)
			return ps->value.err == EG_E_NOMEM ? EG_E_NOMEM : 0;
		e.value = eg_buf_str(&ps->value);
	}
	return ps->fn(ps->arg, &e);
}

int eg_sysctl_conf_parse(const char *buf, size_t len, eg_sysctl_conf_fn fn,
			 void *arg, size_t *bad, size_t *first_bad)
{
	struct parse_state ps = {.fn = fn, .arg = arg};
	eg_buf_init(&ps.name, EG_LINE_MAX);
	eg_buf_init(&ps.value, EG_LINE_MAX);
	struct eg_line_stats st;
	int rc = eg_lines_each(buf, len, on_line, &ps, &st);
	eg_lines_merge_overlong(&ps.bad, &ps.first_bad, &st);
	if (bad != NULL)
		*bad = ps.bad;
	if (first_bad != NULL)
		*first_bad = ps.first_bad;
	eg_buf_free(&ps.name);
	eg_buf_free(&ps.value);
	return rc;
}
