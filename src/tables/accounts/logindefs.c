/*
 * logindefs.c: the parser of etc/login.defs and the login_defs table.
 */
#include "logindefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

struct kv {
	char *key;
	char *value;
};

/* Distinct keys of one file, with an open-addressing index (slot = index
 * + 1, 0 empty) so a hostile file of a million lines repeating 4096 keys
 * costs linear time, not a scan per line. */
struct keys {
	struct kv *v;
	size_t n;
	size_t slots[2 * EG_LOGINDEFS_MAX_KEYS];
};

static size_t hash_key(const char *k, size_t kl)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < kl; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h % (2 * EG_LOGINDEFS_MAX_KEYS));
}

/* The slot of key k: holding it, or the empty one where it goes. */
static size_t *find_slot(struct keys *t, const char *k, size_t kl)
{
	size_t i = hash_key(k, kl);
	for (;;) {
		size_t *s = &t->slots[i];
		if (*s == 0)
			return s;
		const char *have = t->v[*s - 1].key;
		if (strlen(have) == kl && memcmp(have, k, kl) == 0)
			return s;
		i = (i + 1) % (2 * EG_LOGINDEFS_MAX_KEYS);
	}
}

int eg_acct_parse_login_defs(const char *buf, size_t len, const char *file,
			     const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	struct keys *t = eg_calloc(1, sizeof(*t));
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	if (t == NULL)
		return EG_E_NOMEM;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	while ((rc = eg_acct_lines_next(&it, &s, &n, &ln)) == 1) {
		size_t ks = eg_acct_skip_ws(s, n, 0);
		size_t end = n;
		while (end > ks && eg_acct_isspace(s[end - 1]))
			end--;
		if (ks >= end || s[ks] == '#')
			continue;
		size_t ke = ks;
		while (ke < end && s[ke] != ' ' && s[ke] != '\t')
			ke++;
		if (ke >= end)
			continue; /* a key alone: getdef ignores it */
		size_t vs = ke;
		while (vs < end && (s[vs] == ' ' || s[vs] == '\t' ||
				    s[vs] == '"'))
			vs++;
		size_t ve = vs;
		while (ve < end && s[ve] != '"')
			ve++;
		char *value = eg_strndup(s + vs, ve - vs);
		if (value == NULL) {
			rc = EG_E_NOMEM;
			break;
		}
		size_t *slot = find_slot(t, s + ks, ke - ks);
		if (*slot != 0) {
			/* getdef overwrites: the last value wins. */
			free(t->v[*slot - 1].value);
			t->v[*slot - 1].value = value;
			continue;
		}
		if (t->n >= EG_LOGINDEFS_MAX_KEYS) {
			free(value);
			eg_acct_warn(sink, file, ln,
				     _("too many distinct keys; the rest are ignored"));
			rc = 0;
			break;
		}
		struct kv *nv = eg_reallocarray(t->v, t->n + 1, sizeof(*nv));
		char *key = eg_strndup(s + ks, ke - ks);
		if (nv == NULL || key == NULL) {
			if (nv != NULL)
				t->v = nv;
			free(key);
			free(value);
			rc = EG_E_NOMEM;
			break;
		}
		t->v = nv;
		t->v[t->n].key = key;
		t->v[t->n].value = value;
		*slot = ++t->n;
	}
	for (size_t i = 0; i < t->n && rc == 0; i++) {
		struct eg_acct_val row[2] = {eg_acct_str(t->v[i].key),
					     eg_acct_str(t->v[i].value)};
		rc = eg_acct_row(sink, row, 2);
	}
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].value);
	}
	free(t->v);
	free(t);
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

static int gen_login_defs(struct eg_tctx *ctx)
{
	struct eg_acct_sink sink;
	struct eg_buf b;
	const char *path = "/etc/login.defs";
	eg_acct_tctx_sink(ctx, &sink);
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	int rc = eg_acct_read(eg_tctx_root(ctx), path, &b, &sink);
	if (rc == 0)
		rc = eg_acct_parse_login_defs(b.data, b.len, path, &sink);
	else
		rc = 0;
	if (rc == EG_E_LIMIT)
		rc = 0;
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	eg_buf_free(&b);
	return rc;
}

static const struct eg_column login_defs_cols[] = {
	{"key", EG_TEXT, 0, "Setting name as written (e.g. PASS_MAX_DAYS)"},
	{"value", EG_TEXT, 0, "Value in effect (the last one when the key repeats), quotes removed"},
};

const struct eg_table_def eg_table_login_defs = {
	"login_defs",
	"Settings of etc/login.defs as shadow-utils reads them, one row per key",
	login_defs_cols, sizeof(login_defs_cols) / sizeof(login_defs_cols[0]),
	gen_login_defs,
};
