/*
 * os_release.c: reading the shell-style quoting of os-release, and nothing
 * else of the shell.
 */
#include "os_release.h"

#include <string.h>

#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/limits.h"
#include "sysio.h"

struct state {
	eg_os_release_fn fn;
	void *arg;
	size_t bad;
	size_t first_bad;
	struct eg_buf key;
	struct eg_buf val;
};

static int key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int key_char(char c)
{
	return key_start(c) || (c >= '0' && c <= '9');
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Decodes the shell word at s[0..n) into out. Returns the bytes consumed, or
 * (size_t)-1 when a quote is not closed. Stops at unquoted blank.
 */
static size_t word(const char *s, size_t n, struct eg_buf *out)
{
	size_t i = 0;
	while (i < n && !blank(s[i])) {
		char c = s[i];
		if (c == '\'') {
			const char *q = memchr(s + i + 1, '\'', n - i - 1);
			if (q == NULL)
				return (size_t)-1;
			eg_buf_add(out, s + i + 1, (size_t)(q - s - i - 1));
			i = (size_t)(q - s) + 1;
		} else if (c == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return (size_t)-1;
				if (s[i] == '"') {
					i++;
					break;
				}
				if (s[i] == '\\' && i + 1 < n &&
				    strchr("$`\"\\", s[i + 1]) != NULL) {
					eg_buf_addc(out, s[i + 1]);
					i += 2;
					continue;
				}
				eg_buf_addc(out, s[i]);
				i++;
			}
		} else if (c == '\\') {
			/* Unquoted: the next character stands for itself; a
			 * trailing backslash would continue the line, which
			 * os-release does not allow. */
			if (i + 1 >= n)
				return (size_t)-1;
			eg_buf_addc(out, s[i + 1]);
			i += 2;
		} else {
			eg_buf_addc(out, c);
			i++;
		}
	}
	return i;
}

static void bad_line(struct state *st, size_t lineno)
{
	if (st->bad++ == 0)
		st->first_bad = lineno;
}

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	struct state *st = arg;
	size_t n = eg_sys_clip(line, len);
	size_t i = 0;
	while (i < n && blank(line[i]))
		i++;
	if (i == n || line[i] == '#')
		return 0;
	size_t ks = i;
	if (!key_start(line[i])) {
		bad_line(st, lineno);
		return 0;
	}
	while (i < n && key_char(line[i]))
		i++;
	if (i >= n || line[i] != '=') {
		bad_line(st, lineno);
		return 0;
	}
	eg_buf_reset(&st->key);
	eg_buf_reset(&st->val);
	eg_buf_add(&st->key, line + ks, i - ks);
	i++;
	size_t used = word(line + i, n - i, &st->val);
	if (used == (size_t)-1) {
		bad_line(st, lineno);
		return 0;
	}
	i += used;
	/* After the value only blanks and a comment may follow: anything
	 * else would be a command for a shell. */
	while (i < n && blank(line[i]))
		i++;
	if (i < n && line[i] != '#') {
		bad_line(st, lineno);
		return 0;
	}
	if (st->key.err != 0 || st->val.err != 0)
		return st->val.err == EG_E_NOMEM || st->key.err == EG_E_NOMEM
			       ? EG_E_NOMEM
			       : 0;
	const char *v = eg_buf_str(&st->val);
	return st->fn(st->arg, eg_buf_str(&st->key), v, lineno);
}

int eg_os_release_parse(const char *buf, size_t len, eg_os_release_fn fn,
			void *arg, size_t *bad, size_t *first_bad)
{
	struct state st = {.fn = fn, .arg = arg};
	eg_buf_init(&st.key, EG_LINE_MAX);
	eg_buf_init(&st.val, EG_LINE_MAX);
	struct eg_line_stats ls;
	int rc = eg_lines_each(buf, len, on_line, &st, &ls);
	eg_lines_merge_overlong(&st.bad, &st.first_bad, &ls);
	if (bad != NULL)
		*bad = st.bad;
	if (first_bad != NULL)
		*first_bad = st.first_bad;
	eg_buf_free(&st.key);
	eg_buf_free(&st.val);
	return rc;
}
