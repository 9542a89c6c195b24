/*
 * kmod.c: parsing /proc/modules lines and modprobe.d files.
 */
#include "kmod.h"

#include <string.h>

#include "../../util/err.h"
#include "../../util/limits.h"
#include "../../util/num.h"
#include "sysio.h"

void eg_kmod_init(struct eg_kmod *m)
{
	memset(m, 0, sizeof(*m));
	eg_buf_init(&m->name, EG_LINE_MAX);
	eg_buf_init(&m->used_by, EG_LINE_MAX);
	eg_buf_init(&m->state, EG_LINE_MAX);
}

void eg_kmod_free(struct eg_kmod *m)
{
	eg_buf_free(&m->name);
	eg_buf_free(&m->used_by);
	eg_buf_free(&m->state);
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated word of s[0..n) from *pos. */
static int next_word(const char *s, size_t n, size_t *pos, const char **w,
		     size_t *wl)
{
	size_t i = *pos;
	while (i < n && blank(s[i]))
		i++;
	if (i >= n)
		return 0;
	size_t st = i;
	while (i < n && !blank(s[i]))
		i++;
	*w = s + st;
	*wl = i - st;
	*pos = i;
	return 1;
}

int eg_proc_modules_line(const char *line, size_t len, struct eg_kmod *m)
{
	eg_buf_reset(&m->name);
	eg_buf_reset(&m->used_by);
	eg_buf_reset(&m->state);
	m->size = 0;
	len = eg_sys_clip(line, len);
	const char *w[5];
	size_t wl[5], pos = 0;
	for (int i = 0; i < 5; i++)
		if (!next_word(line, len, &pos, &w[i], &wl[i]))
			return EG_E_PARSE;
	uint64_t refs;
	if (eg_parse_u64n(w[1], wl[1], 10, 0, UINT64_MAX, &m->size) != 0)
		return EG_E_PARSE;
	if (!(wl[2] == 1 && w[2][0] == '-') &&
	    eg_parse_u64n(w[2], wl[2], 10, 0, UINT64_MAX, &refs) != 0)
		return EG_E_PARSE;
	eg_buf_add(&m->name, w[0], wl[0]);
	if (!(wl[3] == 1 && w[3][0] == '-')) {
		size_t ul = wl[3];
		if (ul > 0 && w[3][ul - 1] == ',')
			ul--;
		eg_buf_add(&m->used_by, w[3], ul);
	}
	eg_buf_add(&m->state, w[4], wl[4]);
	if (m->name.err || m->used_by.err || m->state.err)
		return EG_E_PARSE;
	return 0;
}

int eg_modname_norm(const char *s, size_t n, struct eg_buf *out)
{
	for (size_t i = 0; i < n && s[i] != '.'; i++)
		eg_buf_addc(out, s[i] == '-' ? '_' : s[i]);
	return out->err;
}

/* Aliases are patterns: '-' is '_' outside [...] classes (kmod's
 * alias_normalize). */
static int alias_norm(const char *s, size_t n, struct eg_buf *out)
{
	int in_class = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '[')
			in_class = 1;
		else if (c == ']')
			in_class = 0;
		eg_buf_addc(out, c == '-' && !in_class ? '_' : c);
	}
	return out->err;
}

int eg_modprobe_install_disables(const char *args)
{
	size_t pos = 0, wl;
	const char *w;
	if (!next_word(args, strlen(args), &pos, &w, &wl))
		return 0;
	const char *base = w;
	for (size_t i = 0; i < wl; i++)
		if (w[i] == '/')
			base = w + i + 1;
	size_t bl = wl - (size_t)(base - w);
	return (bl == 4 && memcmp(base, "true", 4) == 0) ||
	       (bl == 5 && memcmp(base, "false", 5) == 0);
}

static const char *const directives[] = {
	"alias", "blacklist", "install", "options", "remove", "softdep",
	"weakdep", NULL,
};

struct mp_state {
	eg_modprobe_fn fn;
	void *arg;
	size_t bad;
	size_t first_bad;
	struct eg_buf logical; /* a command joined across '\' lines */
	size_t start;          /* its first line */
	int open;              /* logical holds a command still continued */
	struct eg_buf module;
	struct eg_buf args;
};

static void bad_line(struct mp_state *st, size_t lineno)
{
	if (st->bad++ == 0)
		st->first_bad = lineno;
}

static int command(struct mp_state *st, const char *s, size_t n,
		   size_t lineno)
{
	size_t pos = 0, wl, ml;
	const char *w, *mw;
	if (!next_word(s, n, &pos, &w, &wl) || w[0] == '#')
		return 0;
	const char *dir = NULL;
	for (size_t i = 0; directives[i] != NULL; i++) {
		if (strlen(directives[i]) == wl &&
		    memcmp(directives[i], w, wl) == 0) {
			dir = directives[i];
			break;
		}
	}
	if (dir == NULL || !next_word(s, n, &pos, &mw, &ml)) {
		bad_line(st, lineno);
		return 0;
	}
	eg_buf_reset(&st->module);
	eg_buf_reset(&st->args);
	if (strcmp(dir, "alias") == 0)
		alias_norm(mw, ml, &st->module);
	else
		eg_modname_norm(mw, ml, &st->module);
	int first = 1;
	while (next_word(s, n, &pos, &w, &wl)) {
		if (!first)
			eg_buf_addc(&st->args, ' ');
		eg_buf_add(&st->args, w, wl);
		first = 0;
	}
	if (st->module.err == EG_E_NOMEM || st->args.err == EG_E_NOMEM)
		return EG_E_NOMEM;
	if (st->module.len == 0) {
		bad_line(st, lineno);
		return 0;
	}
	struct eg_modprobe_rule r = {
		.directive = dir,
		.module = eg_buf_str(&st->module),
		.args = eg_buf_str(&st->args),
		.line = lineno,
	};
	return st->fn(st->arg, &r);
}

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	struct mp_state *st = arg;
	len = eg_sys_clip(line, len);
	int cont = len > 0 && line[len - 1] == '\\';
	if (cont)
		len--;
	if (!st->open) {
		eg_buf_reset(&st->logical);
		st->start = lineno;
	}
	if (eg_buf_add(&st->logical, line, len) != 0) {
		/* A command continued past EG_LINE_MAX: drop it whole. */
		if (!cont) {
			bad_line(st, st->start);
			st->open = 0;
			eg_buf_reset(&st->logical);
		} else {
			st->open = 1;
		}
		return 0;
	}
	if (cont) {
		st->open = 1;
		return 0;
	}
	st->open = 0;
	return command(st, st->logical.data, st->logical.len, st->start);
}

int eg_modprobe_parse(const char *buf, size_t len, eg_modprobe_fn fn,
		      void *arg, size_t *bad, size_t *first_bad)
{
	struct mp_state st = {.fn = fn, .arg = arg};
	eg_buf_init(&st.logical, EG_LINE_MAX);
	eg_buf_init(&st.module, EG_LINE_MAX);
	eg_buf_init(&st.args, EG_LINE_MAX);
	struct eg_line_stats ls;
	int rc = eg_lines_each(buf, len, on_line, &st, &ls);
	if (rc == 0 && st.open) {
		if (st.logical.err != 0)
			bad_line(&st, st.start);
		else
			rc = command(&st, st.logical.data, st.logical.len,
				     st.start);
	}
	eg_lines_merge_overlong(&st.bad, &st.first_bad, &ls);
	if (bad != NULL)
		*bad = st.bad;
	if (first_bad != NULL)
		*first_bad = st.first_bad;
	eg_buf_free(&st.logical);
	eg_buf_free(&st.module);
	eg_buf_free(&st.args);
	return rc;
}
