/*
 * dpkg_status.c: a line-fed parser of var/lib/dpkg/status.
 */
#include "dpkg_status.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "sysio.h"

enum { F_PACKAGE, F_VERSION, F_STATUS, F_ARCH, F_SOURCE, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"Package", "Version", "Status", "Architecture", "Source",
};

struct eg_dpkg_parser {
	eg_dpkg_fn fn;
	void *arg;
	struct eg_buf val[F_COUNT];
	int seen[F_COUNT];
	int in_stanza;     /* a field line has been seen since the last blank */
	size_t start_line; /* of the current stanza */
	size_t bad;
	size_t first_bad;
	int rc;            /* fn's value once it stopped us */
};

int eg_dpkg_parser_new(eg_dpkg_fn fn, void *arg, struct eg_dpkg_parser **out)
{
	struct eg_dpkg_parser *p = eg_calloc(1, sizeof(*p));
	*out = NULL;
	if (p == NULL)
		return EG_E_NOMEM;
	p->fn = fn;
	p->arg = arg;
	for (int i = 0; i < F_COUNT; i++)
		eg_buf_init(&p->val[i], EG_LINE_MAX);
	*out = p;
	return 0;
}

void eg_dpkg_parser_free(struct eg_dpkg_parser *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < F_COUNT; i++)
		eg_buf_free(&p->val[i]);
	free(p);
}

size_t eg_dpkg_parser_bad(const struct eg_dpkg_parser *p)
{
	return p->bad;
}

size_t eg_dpkg_parser_first_bad(const struct eg_dpkg_parser *p)
{
	return p->first_bad;
}

static void mark_bad(struct eg_dpkg_parser *p, size_t lineno)
{
	if (p->bad++ == 0)
		p->first_bad = lineno;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The last whitespace-separated word of s[0..n). */
static void last_word(const char **s, size_t *n)
{
	size_t end = *n;
	while (end > 0 && is_blank((*s)[end - 1]))
		end--;
	size_t start = end;
	while (start > 0 && !is_blank((*s)[start - 1]))
		start--;
	*s += start;
	*n = end - start;
}

/* The first word of s[0..n) ("openssh (1:9.2p1-2)" -> "openssh"). */
static void first_word(const char **s, size_t *n)
{
	size_t i = 0;
	while (i < *n && !is_blank((*s)[i]) && (*s)[i] != '(')
		i++;
	*n = i;
}

static const char *val_or_null(struct eg_dpkg_parser *p, int f)
{
	return p->seen[f] && p->val[f].err == 0 ? eg_buf_str(&p->val[f]) : NULL;
}

/* Hands the finished stanza over and starts a new one. */
static int end_stanza(struct eg_dpkg_parser *p)
{
	int rc = 0;
	if (!p->in_stanza)
		return 0;
	const char *name = val_or_null(p, F_PACKAGE);
	if (name == NULL || name[0] == '\0') {
		mark_bad(p, p->start_line);
	} else {
		struct eg_dpkg_pkg pkg = {
			.name = name,
			.version = val_or_null(p, F_VERSION),
			.status = val_or_null(p, F_STATUS),
			.arch = val_or_null(p, F_ARCH),
			.source = val_or_null(p, F_SOURCE),
			.line = p->start_line,
		};
		if (pkg.source == NULL || pkg.source[0] == '\0')
			pkg.source = name;
		rc = p->fn(p->arg, &pkg);
	}
	for (int i = 0; i < F_COUNT; i++) {
		eg_buf_reset(&p->val[i]);
		p->seen[i] = 0;
	}
	p->in_stanza = 0;
	return rc;
}

int eg_dpkg_parser_line(void *parser, const char *line, size_t len,
			size_t lineno)
{
	struct eg_dpkg_parser *p = parser;
	if (p->rc != 0)
		return p->rc;
	size_t i = 0;
	while (i < len && is_blank(line[i]))
		i++;
	if (i == len) {
		p->rc = end_stanza(p);
		return p->rc;
	}
	if (i > 0) {
		/* A continuation of a multi-line field (Description,
		 * Conffiles...), none of which this table reads. */
		if (!p->in_stanza)
			mark_bad(p, lineno);
		return 0;
	}
	const char *colon = memchr(line, ':', len);
	size_t nlen = colon != NULL ? (size_t)(colon - line) : 0;
	if (colon == NULL || nlen == 0 || line[0] == '#' || line[0] == '-' ||
	    memchr(line, ' ', nlen) != NULL || memchr(line, '\t', nlen) != NULL) {
		mark_bad(p, lineno);
		return 0;
	}
	if (!p->in_stanza) {
		p->in_stanza = 1;
		p->start_line = lineno;
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (strlen(field_names[f]) != nlen ||
		    strncasecmp(line, field_names[f], nlen) != 0)
			continue;
		if (p->seen[f])
			return 0;
		const char *v = colon + 1;
		size_t vn = len - nlen - 1;
		vn = eg_sys_clip(v, vn);
		eg_sys_trim(&v, &vn);
		if (f == F_STATUS)
			last_word(&v, &vn);
		else if (f == F_SOURCE)
			first_word(&v, &vn);
		p->seen[f] = 1;
		eg_buf_add(&p->val[f], v, vn);
		return 0;
	}
	return 0;
}

int eg_dpkg_parser_finish(struct eg_dpkg_parser *p)
{
	if (p->rc != 0)
		return p->rc;
	p->rc = end_stanza(p);
	return p->rc;
}

int eg_dpkg_parse(const char *buf, size_t len, eg_dpkg_fn fn, void *arg,
		  size_t *bad)
{
	struct eg_dpkg_parser *p = NULL;
	int rc = eg_dpkg_parser_new(fn, arg, &p);
	if (rc != 0)
		return rc;
	rc = eg_lines_each(buf, len, eg_dpkg_parser_line, p, NULL);
	if (rc == 0)
		rc = eg_dpkg_parser_finish(p);
	if (bad != NULL)
		*bad = eg_dpkg_parser_bad(p);
	eg_dpkg_parser_free(p);
	return rc;
}
