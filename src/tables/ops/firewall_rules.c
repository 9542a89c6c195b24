/*
 * firewall_rules.c: the persisted firewall rulesets (see firewall_rules.h):
 * nftables through nft.c, iptables-save files (iptables-persistent, Red
 * Hat's sysconfig, ufw's user rules) parsed here as iptables-restore reads
 * them: a table's rows are kept only once its COMMIT is read, because
 * iptables-restore applies nothing of a table it could not commit.
 */
#include "firewall_rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "nft.h"
#include "opsio.h"

#define QN(n) ((int)((n) > EG_QUOTE_MAX ? EG_QUOTE_MAX : (n)))
#define HCAP (2u * EG_FW_MAX_CHAINS)

struct ichain {
	char *name;
	char *policy; /* lowercased, NULL for "-" */
	char **front;  /* -I, newest last */
	size_t nfront, capfront;
	char **back;   /* -A */
	size_t nback, capback;
};

/* One table of an iptables-save file, until its COMMIT. */
struct itable {
	char *name;
	size_t line;
	struct ichain *c;
	size_t n, cap;
	uint32_t slot[HCAP];
	size_t nrules;
	int warned;
};

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void itable_free(struct itable *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct ichain *c = &t->c[i];
		for (size_t k = 0; k < c->nfront; k++)
			free(c->front[k]);
		for (size_t k = 0; k < c->nback; k++)
			free(c->back[k]);
		free(c->front);
		free(c->back);
		free(c->name);
		free(c->policy);
	}
	free(t->c);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

static struct ichain *ichain_find(struct itable *t, const char *s, size_t n)
{
	uint32_t i = hash(s, n) & (HCAP - 1);
	while (t->slot[i] != 0) {
		struct ichain *c = &t->c[t->slot[i] - 1];
		if (eg_ops_eq(s, n, c->name, 0))
			return c;
		i = (i + 1) & (HCAP - 1);
	}
	return NULL;
}

/* Declares (or re-declares: the policy changes) a chain. NULL when over
 * EG_FW_MAX_CHAINS or out of memory (*nomem). */
static struct ichain *ichain_get(struct itable *t, const char *s, size_t n,
				 int *nomem)
{
	struct ichain *c = ichain_find(t, s, n);
	if (c != NULL || t->n >= EG_FW_MAX_CHAINS)
		return c;
	if (t->n == t->cap) {
		size_t nc = t->cap == 0 ? 8 : t->cap * 2;
		struct ichain *nv = eg_reallocarray(t->c, nc, sizeof(*nv));
		if (nv == NULL) {
			*nomem = 1;
			return NULL;
		}
		t->c = nv;
		t->cap = nc;
	}
	c = &t->c[t->n];
	memset(c, 0, sizeof(*c));
	c->name = eg_strndup(s, n);
	if (c->name == NULL) {
		*nomem = 1;
		return NULL;
	}
	t->n++;
	uint32_t i = hash(s, n) & (HCAP - 1);
	while (t->slot[i] != 0)
		i = (i + 1) & (HCAP - 1);
	t->slot[i] = (uint32_t)t->n;
	return c;
}

static int push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		size_t nc = *cap == 0 ? 8 : *cap * 2;
		char **nv = eg_reallocarray(*v, nc, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = s;
	return 0;
}

static char *lower_dup(const char *s, size_t n)
{
	char *c = eg_strndup(s, n);
	for (char *p = c; p != NULL && *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return c;
}

static void commit(struct itable *t, const char *source, const char *prefix,
		   struct eg_orows *rows)
{
	struct eg_buf name;
	eg_buf_init(&name, EG_LINE_MAX);
	eg_buf_adds(&name, prefix);
	eg_buf_adds(&name, t->name);
	for (size_t i = 0; i < t->n && eg_orows_err(rows) == 0; i++) {
		struct ichain *c = &t->c[i];
		size_t total = c->nfront + c->nback;
		for (size_t k = 0; k < total || (k == 0 && total == 0); k++) {
			const char *r = NULL;
			if (k < c->nfront)
				r = c->front[c->nfront - 1 - k];
			else if (k - c->nfront < c->nback)
				r = c->back[k - c->nfront];
			eg_orows_begin(rows);
			eg_orows_text(rows, EG_FW_SOURCE, source);
			eg_orows_text(rows, EG_FW_TABLE, eg_buf_str(&name));
			eg_orows_text(rows, EG_FW_CHAIN, c->name);
			eg_orows_text(rows, EG_FW_RULE, r);
			eg_orows_text(rows, EG_FW_POLICY, c->policy);
			eg_orows_end(rows);
		}
	}
	eg_buf_free(&name);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

int eg_iptables_save_parse(const char *buf, size_t len, const char *file,
			   const char *source, const char *table_prefix,
			   struct eg_orows *rows)
{
	struct itable *t = eg_calloc(1, sizeof(*t));
	if (t == NULL)
		return EG_E_NOMEM;
	int open = 0, nomem = 0;
	struct eg_ops_lines it;
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (!nomem && eg_orows_err(rows) == 0 &&
	       eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		const char *p = s, *end = s + n, *w;
		size_t wn;
		if (s[0] == '*') {
			if (open)
				eg_orows_warn(rows, _("%s:%zu: table %s without "
						      "COMMIT; iptables-restore "
						      "would refuse it, so it "
						      "is left out"),
					      file, t->line, t->name);
			itable_free(t);
			t->name = eg_strndup(s + 1, n - 1);
			t->line = it.lineno;
			if (t->name == NULL)
				nomem = 1;
			open = n > 1;
			if (n == 1)
				eg_orows_warn(rows, _("%s:%zu: table name "
						      "expected after \"*\""),
					      file, it.lineno);
			continue;
		}
		if (eg_ops_eq(s, n, "COMMIT", 0)) {
			if (open)
				commit(t, source, table_prefix, rows);
			else
				eg_orows_warn(rows, _("%s:%zu: COMMIT outside a "
						      "table"),
					      file, it.lineno);
			itable_free(t);
			open = 0;
			continue;
		}
		if (!open) {
			eg_orows_warn(rows, _("%s:%zu: line outside a "
					      "\"*table\"; skipped"),
				      file, it.lineno);
			continue;
		}
		if (s[0] == ':') {
			p = s + 1;
			const char *cn, *pol;
			size_t cnn, poln;
			if (!eg_ops_word(&p, end, &cn, &cnn) ||
			    !eg_ops_word(&p, end, &pol, &poln)) {
				eg_orows_warn(rows, _("%s:%zu: \":CHAIN POLICY\" "
						      "expected; skipped"),
					      file, it.lineno);
				continue;
			}
			struct ichain *c = ichain_get(t, cn, cnn, &nomem);
			if (c == NULL) {
				if (!nomem && !t->warned++)
					eg_orows_warn(rows, _("%s:%zu: more than "
							      "%u chains; the "
							      "others are "
							      "ignored"),
						      file, it.lineno,
						      EG_FW_MAX_CHAINS);
				continue;
			}
			free(c->policy);
			c->policy = eg_ops_eq(pol, poln, "-", 0)
					    ? NULL
					    : lower_dup(pol, poln);
			continue;
		}
		eg_ops_word(&p, end, &w, &wn);
		int front = eg_ops_eq(w, wn, "-I", 0) ||
			    eg_ops_eq(w, wn, "--insert", 0);
		int back = eg_ops_eq(w, wn, "-A", 0) ||
			   eg_ops_eq(w, wn, "--append", 0);
		int newc = eg_ops_eq(w, wn, "-N", 0) ||
			   eg_ops_eq(w, wn, "--new-chain", 0);
		int pol = eg_ops_eq(w, wn, "-P", 0) ||
			  eg_ops_eq(w, wn, "--policy", 0);
		if (!front && !back && !newc && !pol) {
			eg_orows_warn(rows, _("%s:%zu: \"%.*s\" not understood "
					      "(-A, -I, -N, -P or :CHAIN "
					      "expected); skipped"),
				      file, it.lineno, QN(wn), w);
			continue;
		}
		const char *cn;
		size_t cnn;
		if (!eg_ops_word(&p, end, &cn, &cnn)) {
			eg_orows_warn(rows, _("%s:%zu: chain name expected; "
					      "skipped"),
				      file, it.lineno);
			continue;
		}
		struct ichain *c = ichain_find(t, cn, cnn);
		if (c == NULL && (front || back))
			eg_orows_warn(rows, _("%s:%zu: chain %.*s not declared "
					      "before its rules"),
				      file, it.lineno, QN(cnn), cn);
		if (c == NULL)
			c = ichain_get(t, cn, cnn, &nomem);
		if (c == NULL)
			continue;
		if (pol) {
			const char *pv;
			size_t pvn;
			if (eg_ops_word(&p, end, &pv, &pvn)) {
				free(c->policy);
				c->policy = lower_dup(pv, pvn);
			}
			continue;
		}
		if (newc)
			continue;
		if (front) {
			/* -I CHAIN [rulenum] */
			const char *q = p;
			if (eg_ops_word(&q, end, &w, &wn) && all_digits(w, wn))
				p = q;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end) {
			eg_orows_warn(rows, _("%s:%zu: rule without a match or "
					      "target; skipped"),
				      file, it.lineno);
			continue;
		}
		if (t->nrules >= EG_TABLE_MAX_ROWS) {
			if (!t->warned++)
				eg_orows_warn(rows, _("%s:%zu: too many rules; "
						      "the others are ignored"),
					      file, it.lineno);
			continue;
		}
		char *r = eg_strndup(p, (size_t)(end - p));
		if (r == NULL ||
		    (front ? push(&c->front, &c->nfront, &c->capfront, r)
			   : push(&c->back, &c->nback, &c->capback, r)) != 0) {
			free(r);
			nomem = 1;
			continue;
		}
		t->nrules++;
	}
	if (open && !nomem)
		eg_orows_warn(rows, _("%s:%zu: table %s without COMMIT; "
				      "iptables-restore would refuse it, so it "
				      "is left out"),
			      file, t->line, t->name);
	itable_free(t);
	free(t);
	return nomem ? EG_E_NOMEM : eg_orows_err(rows);
}

/* The table --------------------------------------------------------------- */

/*
 * The value of KEY in a shell-style KEY=value file (ufw.conf,
 * etc/default/ufw), quotes dropped, appended to out; the last assignment
 * wins. Returns 1 when found.
 */
static int shell_var(const char *buf, size_t len, const char *key,
		     struct eg_buf *out)
{
	int found = 0;
	struct eg_ops_lines it;
	eg_ops_lines_init(&it, buf, len, "", NULL);
	const char *s;
	size_t n, kl = strlen(key);
	while (eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (n <= kl || strncmp(s, key, kl) != 0 || s[kl] != '=')
			continue;
		const char *v = s + kl + 1;
		size_t vn = n - kl - 1;
		const char *hash_pos = memchr(v, '#', vn);
		if (hash_pos != NULL && (hash_pos == v || hash_pos[-1] == ' '))
			vn = (size_t)(hash_pos - v);
		eg_ops_trim(&v, &vn);
		if (vn >= 2 && (v[0] == '"' || v[0] == '\'') &&
		    v[vn - 1] == v[0]) {
			v++;
			vn -= 2;
		}
		eg_buf_reset(out);
		eg_buf_add(out, v, vn);
		found = 1;
	}
	return found;
}

static void ufw(struct eg_root *root, struct eg_orows *rows,
		struct eg_buf *content)
{
	struct eg_buf val;
	eg_buf_init(&val, EG_LINE_MAX);
	eg_buf_reset(content);
	if (eg_ops_read(root, "/etc/ufw/ufw.conf", content, rows) != 0 ||
	    !shell_var(content->data, content->len, "ENABLED", &val) ||
	    !eg_ops_eq(val.data, val.len, "yes", 1))
		goto out;
	eg_buf_reset(content);
	int ipv6 = 1;
	if (eg_ops_read(root, "/etc/default/ufw", content, rows) == 0) {
		if (shell_var(content->data, content->len, "IPV6", &val))
			ipv6 = eg_ops_eq(val.data, val.len, "yes", 1);
		static const char *const chains[][2] = {
			{"INPUT", "DEFAULT_INPUT_POLICY"},
			{"OUTPUT", "DEFAULT_OUTPUT_POLICY"},
			{"FORWARD", "DEFAULT_FORWARD_POLICY"},
		};
		for (int fam = 0; fam < 1 + ipv6; fam++) {
			for (size_t i = 0; i < 3; i++) {
				if (!shell_var(content->data, content->len,
					       chains[i][1], &val))
					continue;
				char *pol = lower_dup(val.data, val.len);
				eg_orows_begin(rows);
				eg_orows_text(rows, EG_FW_SOURCE, "ufw");
				eg_orows_text(rows, EG_FW_TABLE,
					      fam == 0 ? "ip filter"
						       : "ip6 filter");
				eg_orows_text(rows, EG_FW_CHAIN, chains[i][0]);
				eg_orows_text(rows, EG_FW_POLICY, pol);
				eg_orows_end(rows);
				free(pol);
			}
		}
	}
	static const char *const files[][2] = {
		{"/etc/ufw/user.rules", "ip "},
		{"/etc/ufw/user6.rules", "ip6 "},
	};
	for (int fam = 0; fam < 1 + ipv6; fam++) {
		eg_buf_reset(content);
		if (eg_ops_read(root, files[fam][0], content, rows) == 0)
			eg_iptables_save_parse(content->data, content->len,
					       files[fam][0], "ufw",
					       files[fam][1], rows);
	}
out:
	eg_buf_free(&val);
}

static int fw_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_FW_NCOLS);
	struct eg_nft *nft = eg_nft_new();
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	int rc = 0;
	if (rows == NULL || nft == NULL) {
		rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
		goto out;
	}
	struct eg_ops_src src;
	eg_ops_src_init(&src, root, rows);
	const char *conf = "/etc/nftables.conf";
	if (eg_ops_src_enter(&src, conf, 1, &content) == 0) {
		rc = eg_nft_parse(nft, content.data, content.len, conf, &src,
				  rows);
		eg_ops_src_leave(&src);
		if (rc != 0) {
			rc = eg_tctx_error(ctx, rc, _("out of memory"));
			goto out;
		}
		eg_nft_rows(nft, rows);
	}
	static const char *const ipt[][3] = {
		{"/etc/iptables/rules.v4", "/etc/sysconfig/iptables",
		 "iptables"},
		{"/etc/iptables/rules.v6", "/etc/sysconfig/ip6tables",
		 "ip6tables"},
	};
	for (size_t i = 0; i < 2; i++) {
		const char *f = eg_ops_lexists(root, ipt[i][0]) ? ipt[i][0]
							      : ipt[i][1];
		eg_buf_reset(&content);
		if (eg_ops_read(root, f, &content, rows) == 0 &&
		    eg_iptables_save_parse(content.data, content.len, f,
					   ipt[i][2], "", rows) == EG_E_NOMEM) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
			goto out;
		}
	}
	ufw(root, rows, &content);
	rc = eg_orows_emit(rows, ctx);
	if (rc == EG_E_LIMIT)
		rc = 0;
out:
	eg_buf_free(&content);
	eg_nft_free(nft);
	eg_orows_free(rows);
	return rc;
}

static const struct eg_column fw_columns[] = {
	{"source", EG_TEXT, 0, "nftables, iptables, ip6tables or ufw"},
	{"table", EG_TEXT, 0,
	 "nft \"family name\" (inet filter); iptables table (filter, nat); "
	 "ufw ip filter or ip6 filter"},
	{"chain", EG_TEXT, 0, "chain name (input, INPUT, ufw-user-input...)"},
	{"rule", EG_TEXT, 0,
	 "the rule as text; NULL for a chain without rules"},
	{"policy", EG_TEXT, 0,
	 "the chain's policy, lowercased (accept, drop); accept for a base "
	 "chain that sets none (alone, with rule NULL: no filtering); NULL "
	 "for a chain reached only by jumps"},
};

const struct eg_table_def eg_table_firewall_rules = {
	.name = "firewall_rules",
	.description = "persisted firewall rules (etc/nftables.conf and its "
		       "includes, iptables-save files, ufw when enabled), the "
		       "rules of a chain in the order they apply (rowid); the "
		       "live kernel ruleset (libnftables) is not read",
	.columns = fw_columns,
	.ncolumns = sizeof(fw_columns) / sizeof(fw_columns[0]),
	.generate = fw_generate,
};
