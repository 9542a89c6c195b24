/*
 * nft.c: the nftables language as firewall_rules reads it (see nft.h).
 *
 * A small lexer (words, quoted strings kept whole, braces, ';', newlines,
 * '#' comments, backslash-newline) feeds a statement reader that collects
 * one statement's words, counting braces, so a rule spread over lines
 * inside `{ 22, 80 }` stays one rule. Blocks are read by parse_body at
 * three levels (top, table, chain); nesting deeper than that is never
 * recursion: sets and other objects are kept inside one statement by brace
 * counting and dropped. Chains are found by a fixed-size hash of
 * (table, name), so `add rule` lines cost O(1) each whatever the ruleset.
 */
#include "nft.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "firewall_rules.h"

#define HCAP (2u * EG_FW_MAX_CHAINS) /* a power of two, twice the cap */

struct strv {
	char **v;
	size_t n, cap;
};

struct chain {
	char *table; /* "inet filter" */
	char *name;
	char *policy; /* as set, or NULL */
	int base;     /* has a hook */
	int dead;     /* deleted */
	struct strv front; /* insert rule: newest last */
	struct strv back;  /* add rule */
};

struct define {
	char *name;
	char *value;
};

struct eg_nft {
	struct chain *c;
	size_t n, cap;
	uint32_t slot[HCAP]; /* chain index + 1; 0: empty */
	struct define *d;
	size_t nd, capd, dbytes;
	size_t nrules, rbytes;
	int warned_chains, warned_rules, warned_defs;
};

static int strv_add(struct strv *s, char *str)
{
	if (s->n == s->cap) {
		size_t nc = s->cap == 0 ? 8 : s->cap * 2;
		char **nv = eg_reallocarray(s->v, nc, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		s->v = nv;
		s->cap = nc;
	}
	s->v[s->n++] = str;
	return 0;
}

static void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void chain_clear(struct eg_nft *m, struct chain *c)
{
	m->nrules -= c->front.n + c->back.n;
	strv_free(&c->front);
	strv_free(&c->back);
}

static void chains_free(struct eg_nft *m)
{
	for (size_t i = 0; i < m->n; i++) {
		chain_clear(m, &m->c[i]);
		free(m->c[i].table);
		free(m->c[i].name);
		free(m->c[i].policy);
	}
	free(m->c);
	m->c = NULL;
	m->n = m->cap = 0;
	m->nrules = m->rbytes = 0;
	memset(m->slot, 0, sizeof(m->slot));
}

struct eg_nft *eg_nft_new(void)
{
	return eg_calloc(1, sizeof(struct eg_nft));
}

void eg_nft_free(struct eg_nft *m)
{
	if (m == NULL)
		return;
	chains_free(m);
	for (size_t i = 0; i < m->nd; i++) {
		free(m->d[i].name);
		free(m->d[i].value);
	}
	free(m->d);
	free(m);
}

static uint32_t hash2(const char *a, const char *b)
{
	uint32_t h = 2166136261u;
	for (const char *p = a; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (const char *p = b; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

/* The live chain (table, name), or NULL. */
static struct chain *chain_find(struct eg_nft *m, const char *table,
				const char *name)
{
	uint32_t i = hash2(table, name) & (HCAP - 1);
	while (m->slot[i] != 0) {
		struct chain *c = &m->c[m->slot[i] - 1];
		if (!c->dead && strcmp(c->table, table) == 0 &&
		    strcmp(c->name, name) == 0)
			return c;
		i = (i + 1) & (HCAP - 1);
	}
	return NULL;
}

/* Finds or creates the chain; NULL (warned) past EG_FW_MAX_CHAINS or on
 * exhaustion (*nomem set). */
static struct chain *chain_get(struct eg_nft *m, const char *table,
			       const char *name, struct eg_orows *warn,
			       const char *file, size_t line, int *nomem)
{
	struct chain *c = chain_find(m, table, name);
	if (c != NULL)
		return c;
	if (m->n >= EG_FW_MAX_CHAINS) {
		if (!m->warned_chains++)
			eg_orows_warn(warn, _("%s:%zu: more than %u chains; "
					      "the others are ignored"),
				      file, line, EG_FW_MAX_CHAINS);
		return NULL;
	}
	if (m->n == m->cap) {
		size_t nc = m->cap == 0 ? 16 : m->cap * 2;
		struct chain *nv = eg_reallocarray(m->c, nc, sizeof(*nv));
		if (nv == NULL) {
			*nomem = 1;
			return NULL;
		}
		m->c = nv;
		m->cap = nc;
	}
	c = &m->c[m->n];
	memset(c, 0, sizeof(*c));
	c->table = eg_strdup(table);
	c->name = eg_strdup(name);
	if (c->table == NULL || c->name == NULL) {
		free(c->table);
		free(c->name);
		*nomem = 1;
		return NULL;
	}
	m->n++;
	uint32_t i = hash2(table, name) & (HCAP - 1);
	while (m->slot[i] != 0)
		i = (i + 1) & (HCAP - 1);
	m->slot[i] = (uint32_t)m->n;
	return c;
}

/* The lexer --------------------------------------------------------------- */

enum tok { T_EOF, T_NL, T_SEMI, T_OPEN, T_CLOSE, T_WORD };

struct token {
	enum tok t;
	const char *s;
	size_t n;
	size_t line;
};

struct lexer {
	const char *b;
	size_t len, pos, line;
	const char *file;
	struct eg_orows *warn;
	int has_peek;
	struct token peek;
};

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void lex_next(struct lexer *lx, struct token *t)
{
	if (lx->has_peek) {
		*t = lx->peek;
		lx->has_peek = 0;
		return;
	}
	for (;;) {
		if (lx->line > EG_CONF_MAX_LINES) {
			eg_orows_warn(lx->warn, _("%s: more than %u lines; the "
						  "rest is ignored"),
				      lx->file, EG_CONF_MAX_LINES);
			lx->pos = lx->len;
			lx->line = 0;
		}
		while (lx->pos < lx->len && blank(lx->b[lx->pos]))
			lx->pos++;
		t->line = lx->line;
		if (lx->pos >= lx->len) {
			t->t = T_EOF;
			return;
		}
		char c = lx->b[lx->pos];
		if (c == '\\' && lx->pos + 1 < lx->len &&
		    (lx->b[lx->pos + 1] == '\n' ||
		     (lx->b[lx->pos + 1] == '\r' && lx->pos + 2 < lx->len &&
		      lx->b[lx->pos + 2] == '\n'))) {
			/* A continued line: the newline is a blank. */
			lx->pos += lx->b[lx->pos + 1] == '\n' ? 2 : 3;
			lx->line++;
			continue;
		}
		if (c == '#') {
			const char *nl = memchr(lx->b + lx->pos, '\n',
						lx->len - lx->pos);
			lx->pos = nl == NULL ? lx->len
					     : (size_t)(nl - lx->b);
			continue;
		}
		t->s = lx->b + lx->pos;
		t->n = 1;
		if (c == '\n') {
			lx->pos++;
			lx->line++;
			t->t = T_NL;
			return;
		}
		if (c == ';' || c == '{' || c == '}') {
			lx->pos++;
			t->t = c == ';' ? T_SEMI : c == '{' ? T_OPEN : T_CLOSE;
			return;
		}
		size_t start = lx->pos;
		while (lx->pos < lx->len) {
			c = lx->b[lx->pos];
			if (blank(c) || c == '\n' || c == ';' || c == '{' ||
			    c == '}' || c == '#')
				break;
			if (c == '"') {
				/* A string runs to its closing quote on the
				 * same line (or to the line's end). */
				size_t q = lx->pos + 1;
				while (q < lx->len && lx->b[q] != '"' &&
				       lx->b[q] != '\n' && lx->b[q] != '\r')
					q++;
				lx->pos = q < lx->len && lx->b[q] == '"' ? q + 1
									 : q;
				continue;
			}
			lx->pos++;
		}
		t->t = T_WORD;
		t->n = lx->pos - start;
		return;
	}
}

static void lex_unget(struct lexer *lx, const struct token *t)
{
	lx->peek = *t;
	lx->has_peek = 1;
}

/* Statements -------------------------------------------------------------- */

/* The words of one statement, pointing into the lexer's buffer. */
struct words {
	struct token *v;
	size_t n, cap, bytes;
	int overflow; /* too long or too deep: to be refused */
	size_t line;
};

struct parser {
	struct eg_nft *m;
	struct eg_ops_src *src;
	struct eg_orows *warn;
	int nomem;
};

static void words_add(struct parser *p, struct words *w, const struct token *t)
{
	if (w->overflow)
		return;
	w->bytes += t->n + 1;
	if (w->bytes > EG_NFT_MAX_RULE) {
		w->overflow = 1;
		return;
	}
	if (w->n == w->cap) {
		size_t nc = w->cap == 0 ? 32 : w->cap * 2;
		struct token *nv = eg_reallocarray(w->v, nc, sizeof(*nv));
		if (nv == NULL) {
			p->nomem = 1;
			w->overflow = 1;
			return;
		}
		w->v = nv;
		w->cap = nc;
	}
	w->v[w->n++] = *t;
}

/*
 * Collects the rest of a statement into w (after the words already there):
 * up to a newline or ';' outside braces, or (heads) a '{' outside braces,
 * or a '}' outside braces (left for the block reader), or the end. Returns
 * the token that ended it.
 */
static enum tok collect(struct parser *p, struct lexer *lx, struct words *w,
			int head)
{
	size_t depth = 0;
	struct token t;
	for (;;) {
		lex_next(lx, &t);
		switch (t.t) {
		case T_EOF:
			return T_EOF;
		case T_NL:
			if (depth == 0)
				return T_NL;
			break;
		case T_SEMI:
			if (depth == 0)
				return T_SEMI;
			words_add(p, w, &t);
			break;
		case T_OPEN:
			if (depth == 0 && head)
				return T_OPEN;
			if (++depth > EG_NFT_MAX_DEPTH)
				w->overflow = 1;
			words_add(p, w, &t);
			break;
		case T_CLOSE:
			if (depth == 0) {
				lex_unget(lx, &t);
				return T_CLOSE;
			}
			depth--;
			words_add(p, w, &t);
			break;
		case T_WORD:
			words_add(p, w, &t);
			break;
		}
	}
}

/* Skips a block whose '{' was read: to its '}' or the end. */
static void skip_block(struct lexer *lx)
{
	size_t depth = 1;
	struct token t;
	while (depth > 0) {
		lex_next(lx, &t);
		if (t.t == T_EOF)
			return;
		if (t.t == T_OPEN)
			depth++;
		else if (t.t == T_CLOSE)
			depth--;
	}
}

static int wis(const struct token *t, const char *lit)
{
	return t->t == T_WORD && eg_ops_eq(t->s, t->n, lit, 0);
}

/* A name as written, without its quotes. */
static char *unquote(const struct token *t)
{
	const char *s = t->s;
	size_t n = t->n;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	return eg_strndup(s, n);
}

static const struct define *define_find(const struct eg_nft *m,
					const char *s, size_t n)
{
	for (size_t i = 0; i < m->nd; i++)
		if (eg_ops_eq(s, n, m->d[i].name, 0))
			return &m->d[i];
	return NULL;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Appends words [from, to) of w joined by one space, $variables expanded.
 * Returns 0, or 1 when a variable was undefined (kept as written). */
static int expand(const struct eg_nft *m, const struct words *w, size_t from,
		  size_t to, struct eg_buf *out)
{
	int undefined = 0;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			eg_buf_addc(out, ' ');
		const char *s = w->v[i].s;
		size_t n = w->v[i].n;
		int quoted = 0;
		for (size_t k = 0; k < n; k++) {
			if (s[k] == '"')
				quoted = !quoted;
			if (s[k] != '$' || quoted) {
				eg_buf_addc(out, s[k]);
				continue;
			}
			size_t e = k + 1;
			while (e < n && ident_char(s[e]))
				e++;
			const struct define *d =
				define_find(m, s + k + 1, e - k - 1);
			if (d == NULL || e == k + 1) {
				undefined = 1;
				eg_buf_add(out, s + k, e - k);
			} else {
				eg_buf_adds(out, d->value);
			}
			k = e - 1;
		}
	}
	return undefined;
}

#define QN(n) ((int)((n) > EG_QUOTE_MAX ? EG_QUOTE_MAX : (n)))

/* Stores (replacing) the variable name = value. Takes value. */
static void define_set(struct parser *p, const char *name, char *value,
		       const char *file, size_t line)
{
	struct eg_nft *m = p->m;
	struct define *d = NULL;
	for (size_t i = 0; i < m->nd; i++)
		if (strcmp(m->d[i].name, name) == 0)
			d = &m->d[i];
	size_t old = d != NULL ? strlen(d->value) : 0;
	size_t len = strlen(value);
	if ((d == NULL && m->nd >= EG_NFT_MAX_DEFINES) ||
	    m->dbytes - old + len > EG_NFT_MAX_DEFINE_BYTES) {
		if (!m->warned_defs++)
			eg_orows_warn(p->warn, _("%s:%zu: more than %u "
						 "variables or %u bytes of "
						 "them; the others are "
						 "ignored"),
				      file, line, EG_NFT_MAX_DEFINES,
				      EG_NFT_MAX_DEFINE_BYTES);
		free(value);
		return;
	}
	if (d == NULL) {
		if (m->nd == m->capd) {
			size_t nc = m->capd == 0 ? 16 : m->capd * 2;
			struct define *nd =
				eg_reallocarray(m->d, nc, sizeof(*nd));
			if (nd == NULL) {
				free(value);
				p->nomem = 1;
				return;
			}
			m->d = nd;
			m->capd = nc;
		}
		char *nm = eg_strdup(name);
		if (nm == NULL) {
			free(value);
			p->nomem = 1;
			return;
		}
		d = &m->d[m->nd++];
		d->name = nm;
		d->value = NULL;
	}
	free(d->value);
	d->value = value;
	m->dbytes = m->dbytes - old + len;
}

/* define NAME = VALUE, redefine (the same here), undefine NAME. The value
 * is expanded now, so a use never recurses. */
static void define_stmt(struct parser *p, const struct words *w, int undef,
			const char *file)
{
	struct eg_nft *m = p->m;
	if (w->n < 2 || w->overflow) {
		eg_orows_warn(p->warn, _("%s:%zu: \"define NAME = value\" "
					 "expected (or value too long)"),
			      file, w->line);
		return;
	}
	const struct token *t = &w->v[1];
	if (undef) {
		for (size_t i = 0; i < m->nd; i++) {
			if (!eg_ops_eq(t->s, t->n, m->d[i].name, 0))
				continue;
			m->dbytes -= strlen(m->d[i].value);
			free(m->d[i].name);
			free(m->d[i].value);
			m->d[i] = m->d[--m->nd];
			break;
		}
		return;
	}
	/* NAME = v..., NAME =v..., NAME=v... */
	struct token head = {T_WORD, NULL, 0, t->line};
	size_t namelen, vfrom;
	const char *eq = memchr(t->s, '=', t->n);
	if (eq != NULL) {
		namelen = (size_t)(eq - t->s);
		head.s = eq + 1;
		head.n = t->n - namelen - 1;
		vfrom = 2;
	} else if (w->n >= 3 && w->v[2].t == T_WORD && w->v[2].s[0] == '=') {
		namelen = t->n;
		head.s = w->v[2].s + 1;
		head.n = w->v[2].n - 1;
		vfrom = 3;
	} else {
		namelen = 0;
		vfrom = 0;
	}
	if (namelen == 0) {
		eg_orows_warn(p->warn, _("%s:%zu: \"define NAME = value\" "
					 "expected"),
			      file, w->line);
		return;
	}
	char *name = eg_strndup(t->s, namelen);
	struct eg_buf val;
	eg_buf_init(&val, EG_NFT_MAX_RULE);
	int undefined = 0;
	if (head.n > 0) {
		struct words one = {&head, 1, 1, head.n, 0, w->line};
		undefined |= expand(m, &one, 0, 1, &val);
		if (vfrom < w->n)
			eg_buf_addc(&val, ' ');
	}
	undefined |= expand(m, w, vfrom, w->n, &val);
	if (name == NULL) {
		p->nomem = 1;
	} else if (val.err != 0) {
		eg_orows_warn(p->warn, _("%s:%zu: value of %.120s longer than "
					 "%u bytes; ignored"),
			      file, w->line, name, EG_NFT_MAX_RULE);
	} else {
		if (undefined)
			eg_orows_warn(p->warn, _("%s:%zu: undefined variable "
						 "in the value of %.120s"),
				      file, w->line, name);
		char *v = eg_buf_steal(&val, NULL);
		if (v == NULL)
			p->nomem = 1;
		else
			define_set(p, name, v, file, w->line);
	}
	free(name);
	eg_buf_free(&val);
}

static int family(const struct token *t)
{
	static const char *const fams[] = {"ip",     "ip6",   "inet",
					   "arp",    "bridge", "netdev"};
	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		if (wis(t, fams[i]))
			return 1;
	return 0;
}

/*
 * "[family] name" at w->v[at...]: the table's "family name" in out (family
 * ip when absent). Returns the index after it, or 0 when missing.
 */
static size_t table_spec(const struct words *w, size_t at, struct eg_buf *out)
{
	eg_buf_reset(out);
	if (at < w->n && family(&w->v[at]) && at + 1 < w->n &&
	    w->v[at + 1].t == T_WORD) {
		eg_buf_add(out, w->v[at].s, w->v[at].n);
		at++;
	} else {
		eg_buf_adds(out, "ip");
	}
	if (at >= w->n || w->v[at].t != T_WORD)
		return 0;
	char *name = unquote(&w->v[at]);
	eg_buf_addc(out, ' ');
	eg_buf_adds(out, name != NULL ? name : "");
	free(name);
	return at + 1;
}

static void add_rule(struct parser *p, struct chain *c, const struct words *w,
		     size_t from, int front, const char *file)
{
	struct eg_nft *m = p->m;
	if (w->overflow) {
		eg_orows_warn(p->warn, _("%s:%zu: rule longer than %u bytes "
					 "or nested deeper than %d; skipped"),
			      file, w->line, EG_NFT_MAX_RULE, EG_NFT_MAX_DEPTH);
		return;
	}
	if (from >= w->n)
		return;
	struct eg_buf text;
	eg_buf_init(&text, EG_NFT_MAX_RULE);
	if (expand(m, w, from, w->n, &text) != 0)
		eg_orows_warn(p->warn, _("%s:%zu: undefined variable kept as "
					 "written"),
			      file, w->line);
	if (text.err != 0) {
		eg_orows_warn(p->warn, _("%s:%zu: rule longer than %u bytes "
					 "once expanded; skipped"),
			      file, w->line, EG_NFT_MAX_RULE);
		eg_buf_free(&text);
		return;
	}
	if (m->nrules >= EG_TABLE_MAX_ROWS ||
	    m->rbytes + text.len > EG_TABLE_MAX_TEXT_BYTES) {
		if (!m->warned_rules++)
			eg_orows_warn(p->warn, _("%s:%zu: too many rules; the "
						 "others are ignored"),
				      file, w->line);
		eg_buf_free(&text);
		return;
	}
	size_t len = text.len;
	char *r = eg_buf_steal(&text, NULL);
	if (r == NULL || strv_add(front ? &c->front : &c->back, r) != 0) {
		free(r);
		p->nomem = 1;
		return;
	}
	m->nrules++;
	m->rbytes += len;
}

static void parse_body(struct parser *p, struct lexer *lx, int level,
		       const char *table, struct chain *chain, int in_block);

static void include_stmt(struct parser *p, const struct words *w, int level,
			 const char *table, struct chain *chain,
			 const char *file)
{
	if (w->n != 2 || w->v[1].t != T_WORD) {
		eg_orows_warn(p->warn, _("%s:%zu: include \"file\" expected"),
			      file, w->line);
		return;
	}
	if (p->src == NULL) {
		eg_orows_warn(p->warn, _("%s:%zu: include not followed"), file,
			      w->line);
		return;
	}
	char *pattern = unquote(&w->v[1]);
	if (pattern == NULL) {
		p->nomem = 1;
		return;
	}
	struct eg_ops_names files = {NULL, 0};
	if (eg_ops_glob(p->src->root, pattern, "/etc", &files, p->warn) == 0) {
		for (size_t i = 0; i < files.n && !p->nomem; i++) {
			struct eg_buf content;
			eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
			if (eg_ops_src_enter(p->src, files.v[i], 0, &content) ==
			    0) {
				if (memchr(content.data, '\0', content.len) !=
				    NULL) {
					eg_orows_warn(p->warn,
						      _("%s: holds a NUL byte; "
							"not read"),
						      files.v[i]);
				} else {
					struct lexer sub;
					memset(&sub, 0, sizeof(sub));
					sub.b = content.data;
					sub.len = content.len;
					sub.line = 1;
					sub.file = files.v[i];
					sub.warn = p->warn;
					parse_body(p, &sub, level, table, chain,
						   0);
				}
				eg_ops_src_leave(p->src);
			}
			eg_buf_free(&content);
		}
	}
	eg_ops_names_free(&files);
	free(pattern);
}

static int common_stmt(struct parser *p, const struct words *w, int level,
		       const char *table, struct chain *chain,
		       const char *file)
{
	const struct token *k = &w->v[0];
	if (wis(k, "include"))
		include_stmt(p, w, level, table, chain, file);
	else if (wis(k, "define") || wis(k, "redefine"))
		define_stmt(p, w, 0, file);
	else if (wis(k, "undefine"))
		define_stmt(p, w, 1, file);
	else
		return 0;
	return 1;
}

/* Reads one statement whose first word is t and acts on it. */
static void statement(struct parser *p, struct lexer *lx, int level,
		      const char *table, struct chain *chain,
		      const struct token *first)
{
	struct eg_nft *m = p->m;
	const char *file = lx->file;
	struct words w;
	memset(&w, 0, sizeof(w));
	w.line = first->line;
	words_add(p, &w, first);
	struct eg_buf tbl;
	eg_buf_init(&tbl, EG_NFT_MAX_RULE);
	enum tok end;

	/* Top level: an optional verb, then what it acts on. */
	size_t k = 0;
	int verb_insert = 0;
	if (level == 0 && (wis(first, "add") || wis(first, "create") ||
			   wis(first, "insert"))) {
		struct token t;
		lex_next(lx, &t);
		if (t.t != T_WORD) {
			lex_unget(lx, &t);
			eg_orows_warn(p->warn, _("%s:%zu: incomplete command"),
				      file, w.line);
			goto out;
		}
		verb_insert = wis(first, "insert");
		words_add(p, &w, &t);
		k = 1;
	}
	const struct token *cmd = &w.v[k];
	int head = (level == 0 && (wis(cmd, "table") || wis(cmd, "chain"))) ||
		   (level == 1 && wis(cmd, "chain"));
	end = collect(p, lx, &w, head);
	cmd = &w.v[k]; /* w.v may have moved */

	if (level == 0 && !verb_insert && wis(cmd, "table")) {
		if (table_spec(&w, k + 1, &tbl) == 0) {
			eg_orows_warn(p->warn, _("%s:%zu: table name "
						 "expected"),
				      file, w.line);
			if (end == T_OPEN)
				skip_block(lx);
			goto out;
		}
		if (end == T_OPEN)
			parse_body(p, lx, 1, eg_buf_str(&tbl), NULL, 1);
		goto out;
	}
	if ((level == 0 && !verb_insert && wis(cmd, "chain")) ||
	    (level == 1 && wis(cmd, "chain"))) {
		size_t at = k + 1;
		if (level == 0) {
			at = table_spec(&w, at, &tbl);
		} else {
			eg_buf_reset(&tbl);
			eg_buf_adds(&tbl, table);
		}
		if (at == 0 || at >= w.n || w.v[at].t != T_WORD) {
			eg_orows_warn(p->warn, _("%s:%zu: chain name "
						 "expected"),
				      file, w.line);
			if (end == T_OPEN)
				skip_block(lx);
			goto out;
		}
		char *cn = unquote(&w.v[at]);
		struct chain *c = cn == NULL
					  ? NULL
					  : chain_get(m, eg_buf_str(&tbl), cn,
						      p->warn, file, w.line,
						      &p->nomem);
		free(cn);
		if (end == T_OPEN) {
			if (c != NULL)
				parse_body(p, lx, 2, eg_buf_str(&tbl), c, 1);
			else
				skip_block(lx);
		}
		goto out;
	}
	if (common_stmt(p, &w, level, table, chain, file))
		goto out;

	if (level == 0) {
		if (wis(cmd, "rule")) {
			size_t at = table_spec(&w, k + 1, &tbl);
			if (at == 0 || at >= w.n || w.v[at].t != T_WORD) {
				eg_orows_warn(p->warn, _("%s:%zu: rule needs "
							 "a table and a "
							 "chain"),
					      file, w.line);
				goto out;
			}
			char *cn = unquote(&w.v[at]);
			struct chain *c =
				cn == NULL ? NULL
					   : chain_find(m, eg_buf_str(&tbl), cn);
			free(cn);
			if (c == NULL) {
				eg_orows_warn(p->warn, _("%s:%zu: rule for a "
							 "chain not created "
							 "before; skipped "
							 "(nft would refuse "
							 "the file)"),
					      file, w.line);
				goto out;
			}
			at++;
			/* "position N" / "index N" / "handle N" pick a
			 * place we cannot know: the rule is appended. */
			if (at + 1 < w.n && (wis(&w.v[at], "position") ||
					     wis(&w.v[at], "index") ||
					     wis(&w.v[at], "handle")))
				at += 2;
			add_rule(p, c, &w, at, verb_insert, file);
			goto out;
		}
		if (wis(cmd, "flush") || wis(cmd, "delete") ||
		    wis(cmd, "destroy")) {
			int del = !wis(cmd, "flush");
			if (w.n >= 2 && !del && wis(&w.v[1], "ruleset")) {
				chains_free(m);
				goto out;
			}
			if (w.n >= 2 && wis(&w.v[1], "table")) {
				if (table_spec(&w, 2, &tbl) == 0)
					goto out;
				for (size_t i = 0; i < m->n; i++) {
					struct chain *c = &m->c[i];
					if (c->dead || strcmp(c->table,
							      eg_buf_str(&tbl)))
						continue;
					chain_clear(m, c);
					c->dead = del;
				}
				goto out;
			}
			if (w.n >= 2 && wis(&w.v[1], "chain")) {
				size_t at = table_spec(&w, 2, &tbl);
				if (at == 0 || at >= w.n)
					goto out;
				char *cn = unquote(&w.v[at]);
				struct chain *c =
					cn == NULL ? NULL
						   : chain_find(m,
								eg_buf_str(&tbl),
								cn);
				free(cn);
				if (c != NULL) {
					chain_clear(m, c);
					c->dead = del;
				}
				goto out;
			}
			if (w.n >= 2 && wis(&w.v[1], "rule"))
				eg_orows_warn(p->warn, _("%s:%zu: delete rule "
							 "by handle not "
							 "applied"),
					      file, w.line);
			goto out; /* sets, maps, elements: not ours */
		}
		static const char *const ignored[] = {
			"set",	   "map",     "element", "flowtable",
			"counter", "quota",   "limit",	 "ct",
			"secmark", "synproxy", "list",	 "reset",
			"monitor", "describe", "export", "import",
			"rename",  "get",     "replace", "tunnel",
		};
		for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]);
		     i++)
			if (wis(cmd, ignored[i]))
				goto out;
		eg_orows_warn(p->warn, _("%s:%zu: unknown command \"%.*s\"; "
					 "skipped"),
			      file, w.line, QN(cmd->n), cmd->s);
		goto out;
	}
	if (level == 1) {
		static const char *const objects[] = {
			"set",	   "map",     "flowtable", "counter",
			"quota",   "limit",   "ct",	   "secmark",
			"synproxy", "tunnel", "flags",	   "comment",
		};
		for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]);
		     i++)
			if (wis(cmd, objects[i]))
				goto out;
		eg_orows_warn(p->warn, _("%s:%zu: \"%.*s\" is not allowed in a "
					 "table; skipped"),
			      file, w.line, QN(cmd->n), cmd->s);
		goto out;
	}
	/* level 2: chain properties, or a rule */
	if (wis(cmd, "type")) {
		for (size_t i = 1; i < w.n; i++)
			if (wis(&w.v[i], "hook"))
				chain->base = 1;
		goto out;
	}
	if (wis(cmd, "policy")) {
		if (w.n < 2) {
			eg_orows_warn(p->warn, _("%s:%zu: policy needs a "
						 "verdict"),
				      file, w.line);
			goto out;
		}
		struct eg_buf pol;
		eg_buf_init(&pol, EG_NFT_MAX_RULE);
		expand(m, &w, 1, w.n, &pol);
		char *v = eg_buf_steal(&pol, NULL);
		if (v == NULL) {
			p->nomem = 1;
			goto out;
		}
		for (char *c = v; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		free(chain->policy);
		chain->policy = v;
		goto out;
	}
	if (wis(cmd, "comment") || wis(cmd, "devices") || wis(cmd, "device") ||
	    wis(cmd, "flags"))
		goto out;
	add_rule(p, chain, &w, 0, 0, file);
out:
	free(w.v);
	eg_buf_free(&tbl);
}

static void parse_body(struct parser *p, struct lexer *lx, int level,
		       const char *table, struct chain *chain, int in_block)
{
	struct token t;
	size_t open_line = lx->line;
	while (!p->nomem) {
		lex_next(lx, &t);
		switch (t.t) {
		case T_EOF:
			if (in_block)
				eg_orows_warn(p->warn, _("%s:%zu: \"{\" not "
							 "closed"),
					      lx->file, open_line);
			return;
		case T_NL:
		case T_SEMI:
			break;
		case T_CLOSE:
			if (in_block)
				return;
			eg_orows_warn(p->warn, _("%s:%zu: \"}\" without "
						 "\"{\"; skipped"),
				      lx->file, t.line);
			break;
		case T_OPEN:
			eg_orows_warn(p->warn, _("%s:%zu: unexpected \"{\"; "
						 "block skipped"),
				      lx->file, t.line);
			skip_block(lx);
			break;
		case T_WORD:
			statement(p, lx, level, table, chain, &t);
			break;
		}
	}
}

int eg_nft_parse(struct eg_nft *m, const char *buf, size_t len,
		 const char *file, struct eg_ops_src *src,
		 struct eg_orows *warn)
{
	if (buf == NULL)
		len = 0;
	if (len > 0 && memchr(buf, '\0', len) != NULL) {
		eg_orows_warn(warn, _("%s: holds a NUL byte; not read"), file);
		return 0;
	}
	struct parser p = {m, src, warn, 0};
	struct lexer lx;
	memset(&lx, 0, sizeof(lx));
	lx.b = buf;
	lx.len = len;
	lx.line = 1;
	lx.file = file;
	lx.warn = warn;
	parse_body(&p, &lx, 0, NULL, NULL, 0);
	return p.nomem ? EG_E_NOMEM : 0;
}

static void row(struct eg_orows *rows, const struct chain *c, const char *r)
{
	eg_orows_begin(rows);
	eg_orows_text(rows, EG_FW_SOURCE, "nftables");
	eg_orows_text(rows, EG_FW_TABLE, c->table);
	eg_orows_text(rows, EG_FW_CHAIN, c->name);
	eg_orows_text(rows, EG_FW_RULE, r);
	eg_orows_text(rows, EG_FW_POLICY,
		      c->policy != NULL ? c->policy
		      : c->base		? "accept"
					: NULL);
	eg_orows_end(rows);
}

int eg_nft_rows(const struct eg_nft *m, struct eg_orows *rows)
{
	for (size_t i = 0; i < m->n && eg_orows_err(rows) == 0; i++) {
		const struct chain *c = &m->c[i];
		if (c->dead)
			continue;
		if (c->front.n + c->back.n == 0)
			row(rows, c, NULL);
		for (size_t k = c->front.n; k > 0; k--)
			row(rows, c, c->front.v[k - 1]);
		for (size_t k = 0; k < c->back.n; k++)
			row(rows, c, c->back.v[k]);
	}
	return eg_orows_err(rows);
}
