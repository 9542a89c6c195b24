/*
 * mounts_parse.c: one line of /proc/self/mounts, escapes decoded.
 */
#include "mounts_parse.h"

#include <string.h>

#include "../../util/err.h"
#include "../../util/limits.h"
#include "sysio.h"

void eg_mount_init(struct eg_mount *m)
{
	eg_buf_init(&m->device, EG_LINE_MAX);
	eg_buf_init(&m->mountpoint, EG_LINE_MAX);
	eg_buf_init(&m->fstype, EG_LINE_MAX);
	eg_buf_init(&m->options, EG_LINE_MAX);
}

void eg_mount_free(struct eg_mount *m)
{
	eg_buf_free(&m->device);
	eg_buf_free(&m->mountpoint);
	eg_buf_free(&m->fstype);
	eg_buf_free(&m->options);
}

static int octal(char c)
{
	return c >= '0' && c <= '7';
}

static void decode(const char *s, size_t n, struct eg_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && n - i > 3 && octal(s[i + 1]) &&
		    octal(s[i + 2]) && octal(s[i + 3])) {
			unsigned v = (unsigned)(s[i + 1] - '0') * 64u +
				     (unsigned)(s[i + 2] - '0') * 8u +
				     (unsigned)(s[i + 3] - '0');
			if (v != 0 && v <= 0xFF) {
				eg_buf_addc(out, (char)v);
				i += 3;
				continue;
			}
		}
		eg_buf_addc(out, s[i]);
	}
}

int eg_mounts_line(const char *line, size_t len, struct eg_mount *m)
{
	struct eg_buf *f[4] = {&m->device, &m->mountpoint, &m->fstype,
			       &m->options};
	for (int k = 0; k < 4; k++)
		eg_buf_reset(f[k]);
	len = eg_sys_clip(line, len);
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			return EG_E_PARSE;
		size_t st = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		decode(line + st, i - st, f[k]);
		if (f[k]->err != 0)
			return EG_E_PARSE;
	}
	return 0;
}
