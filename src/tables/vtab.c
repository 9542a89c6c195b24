/*
 * vtab.c: the generic SQLite virtual-table glue behind every probe table
 * (vtab.h), written once, after osquery's pattern.
 *
 * Each table is an eponymous-only virtual table: one sqlite3_module is shared
 * by all of them, the module's client data names the table definition. The
 * planner (xBestIndex) hands the generator the constraints it can use:
 * `col = v`, `col IN (...)` (all values at once, through sqlite3_vtab_in) and
 * `col GLOB 'pat'` on EG_COL_GLOB columns, but only on the table's argument
 * columns (those with any flag: hidden, required or glob). Constraints on
 * other columns are left to SQLite, so a generator runs once without
 * arguments and SQLite filters its rows. A plan that leaves an EG_COL_REQUIRED
 * column unconstrained is refused (SQLITE_CONSTRAINT) and its explanation is
 * kept for the engine to show, because SQLite itself only says "no query
 * solution".
 *
 * xFilter expands the values into distinct argument sets and calls the
 * generator once per set that the run has not seen yet: rows are cached per
 * (table, argument values) in the host until eg_vtab_clear, so an IN list, a
 * join that re-filters with the same value and a later query all reuse them.
 * Row sets are reference counted, so clearing the cache while a statement is
 * reading does not pull rows from under it.
 *
 * Constraints are never marked "omit" (SQLite re-checks every row), except a
 * GLOB on a hidden column, whose value in a row is the pattern itself. Hidden
 * argument columns the generator leaves NULL read as the argument value, so
 * SQLite's re-check of `col = v` holds. A generator must emit, in a visible
 * argument column, the value that matches the constraint (file emits the path
 * it was asked for).
 */
#include "vtab_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"

/* ---- row sets ---------------------------------------------------------- */

enum { CELL_NULL = 0, CELL_INT = 1, CELL_TEXT = 2 };

struct cell {
	union {
		int64_t i;
		const char *s;
	} v;
	uint32_t len; /* text bytes (EG_SQL_MAX_LENGTH fits) */
	uint8_t type;
};

/* Text of a row set lives in chunks, freed together. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

#define CHUNK_SIZE (64u * 1024u)

/* The rows of one generator call, shared by the cache and open cursors. */
struct rowset {
	size_t refs;
	uint64_t serial; /* unique in the host: the high half of rowids */
	size_t ncols, nrows, cap_rows;
	struct cell *cells; /* nrows * ncols */
	struct chunk *chunks;
	/* cache entry */
	char *key;
	size_t keylen;
	uint64_t hash;
	struct rowset *next;
};

static struct rowset *rowset_new(size_t ncols)
{
	struct rowset *rs = eg_calloc(1, sizeof(*rs));
	if (rs == NULL)
		return NULL;
	rs->refs = 1;
	rs->ncols = ncols;
	return rs;
}

static void rowset_unref(struct rowset *rs)
{
	if (rs == NULL || --rs->refs > 0)
		return;
	struct chunk *c = rs->chunks;
	while (c != NULL) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
	free(rs->cells);
	free(rs->key);
	free(rs);
}

/* A NUL-terminated copy of s[0..n) owned by rs; NULL on exhaustion. */
static char *rowset_copy(struct rowset *rs, const char *s, size_t n)
{
	struct chunk *c = rs->chunks;
	if (c == NULL || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > CHUNK_SIZE / 4 ? n + 1 : CHUNK_SIZE;
		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		if (cap != CHUNK_SIZE && rs->chunks != NULL) {
			/* A big string gets a chunk of its own, kept behind
			 * the current one so small strings still fill it. */
			c->next = rs->chunks->next;
			rs->chunks->next = c;
		} else {
			c->next = rs->chunks;
			rs->chunks = c;
		}
	}
	char *p = c->data + c->used;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* ---- host -------------------------------------------------------------- */

struct named {
	struct named *next;
	char *name;
	void *ptr;
	void (*free_fn)(void *);
};

struct vt_table {
	struct vt_table *next;
	struct eg_vtab_host *host;
	const struct eg_table_def *def;
	uint64_t argmask;   /* columns the generator takes as arguments */
	size_t rows_total;  /* rows cached for this table in this run */
	struct rowset **buckets;
	size_t nbuckets, nentries;
};

struct eg_vtab_host {
	struct eg_root *root;
	struct vt_table *tables;
	struct named *userdata;
	struct named *shared; /* newest first: freed newest first */
	uint64_t next_serial;
	char **warnings;
	size_t nwarnings, cap_warnings, dropped;
	char more[128];
	char plan_err[EG_ERRMSG_MAX];
	uint64_t gen_ms;      /* time spent in generators, all told */
};

int eg_vtab_host_new(struct eg_root *root, struct eg_vtab_host **out)
{
	*out = eg_calloc(1, sizeof(**out));
	if (*out == NULL)
		return EG_E_NOMEM;
	(*out)->root = root;
	return 0;
}

static void table_clear(struct vt_table *t)
{
	for (size_t i = 0; i < t->nbuckets; i++) {
		struct rowset *rs = t->buckets[i];
		while (rs != NULL) {
			struct rowset *n = rs->next;
			rs->next = NULL;
			rowset_unref(rs);
			rs = n;
		}
		t->buckets[i] = NULL;
	}
	t->nentries = 0;
	t->rows_total = 0;
}

static void named_free(struct named *n, int call_free)
{
	while (n != NULL) {
		struct named *next = n->next;
		if (call_free && n->free_fn != NULL)
			n->free_fn(n->ptr);
		free(n->name);
		free(n);
		n = next;
	}
}

void eg_vtab_clear(struct eg_vtab_host *h)
{
	if (h == NULL)
		return;
	for (struct vt_table *t = h->tables; t != NULL; t = t->next)
		table_clear(t);
	named_free(h->shared, 1);
	h->shared = NULL;
	for (size_t i = 0; i < h->nwarnings; i++)
		free(h->warnings[i]);
	h->nwarnings = 0;
	h->dropped = 0;
}

void eg_vtab_host_free(struct eg_vtab_host *h)
{
	if (h == NULL)
		return;
	eg_vtab_clear(h);
	struct vt_table *t = h->tables;
	while (t != NULL) {
		struct vt_table *n = t->next;
		free(t->buckets);
		free(t);
		t = n;
	}
	named_free(h->userdata, 0);
	free(h->warnings);
	free(h);
}

uint64_t eg_vtab_gen_ms(const struct eg_vtab_host *h)
{
	return h->gen_ms;
}

int eg_vtab_set_userdata(struct eg_vtab_host *h, const char *name, void *ptr)
{
	struct named **pp = &h->userdata;
	for (; *pp != NULL; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) != 0)
			continue;
		if (ptr != NULL) {
			(*pp)->ptr = ptr;
		} else {
			struct named *dead = *pp;
			*pp = dead->next;
			dead->next = NULL;
			named_free(dead, 0);
		}
		return 0;
	}
	if (ptr == NULL)
		return 0;
	struct named *n = eg_calloc(1, sizeof(*n));
	if (n == NULL || (n->name = eg_strdup(name)) == NULL) {
		free(n);
		return EG_E_NOMEM;
	}
	n->ptr = ptr;
	n->next = h->userdata;
	h->userdata = n;
	return 0;
}

static void host_warn(struct eg_vtab_host *h, const char *msg)
{
	if (h->nwarnings >= EG_TABLE_MAX_WARNINGS) {
		h->dropped++;
		return;
	}
	if (h->nwarnings == h->cap_warnings) {
		size_t nc = h->cap_warnings ? h->cap_warnings * 2 : 16;
		char **p = eg_reallocarray(h->warnings, nc, sizeof(*p));
		if (p == NULL) {
			h->dropped++;
			return;
		}
		h->warnings = p;
		h->cap_warnings = nc;
	}
	char *s = eg_strdup(msg);
	if (s == NULL) {
		h->dropped++;
		return;
	}
	h->warnings[h->nwarnings++] = s;
}

size_t eg_vtab_nwarnings(const struct eg_vtab_host *h)
{
	return h->nwarnings + (h->dropped > 0);
}

const char *eg_vtab_warning(const struct eg_vtab_host *h, size_t i)
{
	if (i < h->nwarnings)
		return h->warnings[i];
	if (i == h->nwarnings && h->dropped > 0) {
		struct eg_vtab_host *mh = (struct eg_vtab_host *)h;
		snprintf(mh->more, sizeof(mh->more),
			 _("%zu more warnings were not kept"), h->dropped);
		return mh->more;
	}
	return NULL;
}

const char *eg_vtab_plan_error(const struct eg_vtab_host *h)
{
	return h->plan_err[0] != '\0' ? h->plan_err : NULL;
}

void eg_vtab_plan_reset(struct eg_vtab_host *h)
{
	h->plan_err[0] = '\0';
}

/* ---- the generation context (vtab.h) ------------------------------------ */

struct targ {
	const char *val; /* NULL: the column is not constrained */
	int is_glob;
};

struct eg_tctx {
	struct vt_table *tab;
	const struct targ *args; /* one per column */
	struct rowset *rs;
	int in_row;
	int limit_hit;
	int nomem;
	int failed;
	char err[EG_ERRMSG_MAX];
};

struct eg_root *eg_tctx_root(struct eg_tctx *ctx)
{
	return ctx->tab->host->root;
}

static int column_index(const struct eg_table_def *def, const char *name)
{
	for (size_t i = 0; i < def->ncolumns; i++)
		if (strcmp(def->columns[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *eg_tctx_arg(struct eg_tctx *ctx, const char *column, int *is_glob)
{
	if (is_glob != NULL)
		*is_glob = 0;
	int i = column_index(ctx->tab->def, column);
	if (i < 0 || ctx->args[i].val == NULL)
		return NULL;
	if (is_glob != NULL)
		*is_glob = ctx->args[i].is_glob;
	return ctx->args[i].val;
}

void eg_tctx_warn(struct eg_tctx *ctx, const char *fmt, ...)
{
	char line[EG_ERRMSG_MAX];
	int n = snprintf(line, sizeof(line), "%s: ", ctx->tab->def->name);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	host_warn(ctx->tab->host, line);
}

int eg_tctx_error(struct eg_tctx *ctx, int code, const char *fmt, ...)
{
	if (!ctx->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
		va_end(ap);
		ctx->failed = 1;
	}
	return code;
}

/* A generator that misuses the row API has a bug: fail its query loudly. */
static void misuse(struct eg_tctx *ctx, const char *what, size_t col)
{
	eg_tctx_error(ctx, EG_E_INTERNAL,
		      "internal error: table %s: %s (column %zu)",
		      ctx->tab->def->name, what, col);
}

void eg_row_begin(struct eg_tctx *ctx)
{
	struct rowset *rs = ctx->rs;
	ctx->in_row = 0;
	if (ctx->nomem)
		return;
	if (rs->nrows == rs->cap_rows) {
		size_t nc = rs->cap_rows ? rs->cap_rows * 2 : 16;
		void *p = eg_reallocarray(rs->cells, nc * rs->ncols,
					  sizeof(*rs->cells));
		if (p == NULL) {
			ctx->nomem = 1;
			return;
		}
		rs->cells = p;
		rs->cap_rows = nc;
	}
	memset(&rs->cells[rs->nrows * rs->ncols], 0,
	       rs->ncols * sizeof(*rs->cells));
	ctx->in_row = 1;
}

static struct cell *row_cell(struct eg_tctx *ctx, size_t col)
{
	if (!ctx->in_row) {
		if (!ctx->nomem)
			misuse(ctx, "cell set outside eg_row_begin/eg_row_end",
			       col);
		return NULL;
	}
	if (col >= ctx->rs->ncols) {
		misuse(ctx, "column index out of range", col);
		return NULL;
	}
	return &ctx->rs->cells[ctx->rs->nrows * ctx->rs->ncols + col];
}

void eg_row_textn(struct eg_tctx *ctx, size_t col, const char *s, size_t n)
{
	struct cell *c = row_cell(ctx, col);
	if (c == NULL || s == NULL)
		return;
	if (n > (size_t)EG_SQL_MAX_LENGTH) {
		/* A cut value would be a wrong fact: leave it NULL, say so. */
		eg_tctx_warn(ctx, "value of column %s is %zu bytes, over the limit of %d; left NULL",
			     ctx->tab->def->columns[col].name, n,
			     EG_SQL_MAX_LENGTH);
		c->type = CELL_NULL;
		return;
	}
	char *p = rowset_copy(ctx->rs, s, n);
	if (p == NULL) {
		ctx->nomem = 1;
		ctx->in_row = 0;
		return;
	}
	c->type = CELL_TEXT;
	c->v.s = p;
	c->len = (uint32_t)n;
}

void eg_row_text(struct eg_tctx *ctx, size_t col, const char *s)
{
	eg_row_textn(ctx, col, s, s != NULL ? strlen(s) : 0);
}

void eg_row_int(struct eg_tctx *ctx, size_t col, int64_t v)
{
	struct cell *c = row_cell(ctx, col);
	if (c == NULL)
		return;
	c->type = CELL_INT;
	c->v.i = v;
}

int eg_row_end(struct eg_tctx *ctx)
{
	if (ctx->nomem)
		return EG_E_NOMEM;
	if (!ctx->in_row) {
		misuse(ctx, "eg_row_end without eg_row_begin", 0);
		return EG_E_INTERNAL;
	}
	ctx->in_row = 0;
	struct vt_table *t = ctx->tab;
	if (t->rows_total >= EG_TABLE_MAX_ROWS) {
		if (!ctx->limit_hit)
			eg_tctx_warn(ctx, "more than %u rows; the rest are left out",
				     EG_TABLE_MAX_ROWS);
		ctx->limit_hit = 1;
		return EG_E_LIMIT;
	}
	ctx->rs->nrows++;
	t->rows_total++;
	return 0;
}

void *eg_tctx_userdata(struct eg_tctx *ctx, const char *name)
{
	for (struct named *n = ctx->tab->host->userdata; n != NULL; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n->ptr;
	return NULL;
}

void *eg_tctx_shared(struct eg_tctx *ctx, const char *key,
		     void *(*make)(struct eg_tctx *ctx), void (*free_fn)(void *))
{
	struct eg_vtab_host *h = ctx->tab->host;
	for (struct named *n = h->shared; n != NULL; n = n->next)
		if (strcmp(n->name, key) == 0)
			return n->ptr;
	void *p = make(ctx);
	if (p == NULL)
		return NULL;
	struct named *n = eg_calloc(1, sizeof(*n));
	if (n == NULL || (n->name = eg_strdup(key)) == NULL) {
		free(n);
		if (free_fn != NULL)
			free_fn(p);
		ctx->nomem = 1;
		return NULL;
	}
	n->ptr = p;
	n->free_fn = free_fn;
	n->next = h->shared;
	h->shared = n;
	return p;
}

/* ---- the row cache ------------------------------------------------------ */

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static struct rowset *cache_find(struct vt_table *t, const char *key,
				 size_t keylen, uint64_t hash)
{
	if (t->nbuckets == 0)
		return NULL;
	for (struct rowset *rs = t->buckets[hash % t->nbuckets]; rs != NULL;
	     rs = rs->next)
		if (rs->hash == hash && rs->keylen == keylen &&
		    memcmp(rs->key, key, keylen) == 0)
			return rs;
	return NULL;
}

/* Adds rs (its key set) to the cache, which takes one reference. */
static int cache_add(struct vt_table *t, struct rowset *rs)
{
	if (t->nentries >= t->nbuckets * 2) {
		size_t nb = t->nbuckets ? t->nbuckets * 4 : 64;
		struct rowset **b = eg_calloc(nb, sizeof(*b));
		if (b == NULL)
			return EG_E_NOMEM;
		for (size_t i = 0; i < t->nbuckets; i++) {
			struct rowset *r = t->buckets[i];
			while (r != NULL) {
				struct rowset *n = r->next;
				r->next = b[r->hash % nb];
				b[r->hash % nb] = r;
				r = n;
			}
		}
		free(t->buckets);
		t->buckets = b;
		t->nbuckets = nb;
	}
	rs->refs++;
	rs->next = t->buckets[rs->hash % t->nbuckets];
	t->buckets[rs->hash % t->nbuckets] = rs;
	t->nentries++;
	return 0;
}

/* ---- the module --------------------------------------------------------- */

struct vt_vtab {
	sqlite3_vtab base;
	struct vt_table *tab;
};

/* One argument value of a scan: a copy of the SQL value (to fill hidden
 * columns with) and its text (what the generator sees). */
struct argval {
	sqlite3_value *val;
	char *text;
	size_t len;
};

/* One constrained argument column of a scan, in argv order. */
struct slot {
	int col;
	char kind; /* '=' value, 'I' IN list, 'G' GLOB pattern */
	struct argval *vals;
	size_t nvals;
};

struct vt_cursor {
	sqlite3_vtab_cursor base;
	struct vt_table *tab;
	struct slot *slots;
	size_t nslots;
	int slot_of[EG_TABLE_MAX_COLUMNS]; /* column -> slot, or -1 */
	struct rowset **parts;             /* one per argument set */
	size_t *part_ix;                   /* nparts * nslots value indexes */
	size_t nparts, cap_parts;
	size_t part, row;
};

static int is_ident(const char *s)
{
	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	size_t i = 0;
	for (; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return i <= 64;
}

static int vt_connect(sqlite3 *db, void *aux, int argc,
		      const char *const *argv, sqlite3_vtab **out, char **pzErr)
{
	(void)argc;
	(void)argv;
	struct vt_table *t = aux;
	const struct eg_table_def *def = t->def;
	struct eg_buf b;
	eg_buf_init(&b, 1024u * 1024u);
	eg_buf_adds(&b, "CREATE TABLE x(");
	for (size_t i = 0; i < def->ncolumns; i++) {
		const struct eg_column *c = &def->columns[i];
		eg_buf_addf(&b, "%s\"%s\" %s%s", i ? ", " : "", c->name,
			    c->type == EG_INT ? "INTEGER" : "TEXT",
			    (c->flags & EG_COL_HIDDEN) ? " HIDDEN" : "");
	}
	eg_buf_addc(&b, ')');
	int rc = SQLITE_NOMEM;
	struct vt_vtab *v = NULL;
	if (b.err != 0)
		goto out;
	rc = sqlite3_declare_vtab(db, eg_buf_str(&b));
	if (rc != SQLITE_OK) {
		*pzErr = sqlite3_mprintf("table %s: %s", def->name,
					 sqlite3_errmsg(db));
		goto out;
	}
	v = eg_calloc(1, sizeof(*v));
	if (v == NULL) {
		rc = SQLITE_NOMEM;
		goto out;
	}
	v->tab = t;
	*out = &v->base;
	rc = SQLITE_OK;
out:
	eg_buf_free(&b);
	return rc;
}

static int vt_disconnect(sqlite3_vtab *vtab)
{
	free(vtab);
	return SQLITE_OK;
}

/* Lower is better when one column has several usable constraints. */
static int kind_rank(char k)
{
	return k == '=' ? 0 : k == 'I' ? 1 : 2;
}

static int vt_best_index(sqlite3_vtab *vtab, sqlite3_index_info *ii)
{
	struct vt_table *t = ((struct vt_vtab *)vtab)->tab;
	const struct eg_table_def *def = t->def;
	int pick[EG_TABLE_MAX_COLUMNS];
	char kind[EG_TABLE_MAX_COLUMNS];
	for (size_t c = 0; c < def->ncolumns; c++)
		pick[c] = -1;
	for (int i = 0; i < ii->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &ii->aConstraint[i];
		if (!c->usable || c->iColumn < 0 ||
		    (size_t)c->iColumn >= def->ncolumns)
			continue;
		int col = c->iColumn;
		unsigned flags = def->columns[col].flags;
		if (flags == 0)
			continue;
		char k;
		if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			/* The generator matches bytes: `= x COLLATE NOCASE`
			 * would miss rows, so only BINARY equality is used. */
			const char *coll = sqlite3_vtab_collation(ii, i);
			if (coll != NULL && sqlite3_stricmp(coll, "BINARY") != 0)
				continue;
			k = sqlite3_vtab_in(ii, i, -1) ? 'I' : '=';
		} else if (c->op == SQLITE_INDEX_CONSTRAINT_GLOB &&
			   (flags & EG_COL_GLOB)) {
			k = 'G';
		} else {
			continue;
		}
		if (pick[col] < 0 || kind_rank(k) < kind_rank(kind[col])) {
			pick[col] = i;
			kind[col] = k;
		}
	}
	for (size_t c = 0; c < def->ncolumns; c++) {
		const struct eg_column *col = &def->columns[c];
		if (!(col->flags & EG_COL_REQUIRED) || pick[c] >= 0)
			continue;
		/* SQLite drops this message and, when no plan is left, says
		 * "no query solution": the host keeps it for the engine. */
		struct eg_vtab_host *h = t->host;
		char msg[EG_ERRMSG_MAX];
		if (col->flags & EG_COL_GLOB)
			snprintf(msg, sizeof(msg),
				 _("%s needs %s = or %s GLOB: add e.g. WHERE %s = '...' to the query (IN (...), GLOB '...' and joins on %s work too)"),
				 def->name, col->name, col->name, col->name,
				 col->name);
		else
			snprintf(msg, sizeof(msg),
				 _("%s needs %s =: add e.g. WHERE %s = '...' to the query (IN (...) and joins on %s work too)"),
				 def->name, col->name, col->name, col->name);
		if (h->plan_err[0] == '\0')
			snprintf(h->plan_err, sizeof(h->plan_err), "%s", msg);
		sqlite3_free(vtab->zErrMsg);
		vtab->zErrMsg = sqlite3_mprintf("%s", msg);
		return SQLITE_CONSTRAINT;
	}
	struct eg_buf plan;
	eg_buf_init(&plan, 4u * EG_TABLE_MAX_COLUMNS + 1u);
	int argv = 0;
	double factor = 1.0;
	for (size_t c = 0; c < def->ncolumns; c++) {
		if (pick[c] < 0)
			continue;
		struct sqlite3_index_constraint_usage *u =
			&ii->aConstraintUsage[pick[c]];
		u->argvIndex = ++argv;
		if (kind[c] == 'I')
			sqlite3_vtab_in(ii, pick[c], 1);
		u->omit = kind[c] == 'G' &&
			  (def->columns[c].flags & EG_COL_HIDDEN) != 0;
		eg_buf_addf(&plan, "%02x%c", (unsigned)c, kind[c]);
		factor *= kind[c] == '=' ? 1e-4 : kind[c] == 'I' ? 1e-3 : 1e-2;
	}
	if (plan.err != 0) {
		eg_buf_free(&plan);
		return SQLITE_NOMEM;
	}
	ii->idxNum = argv;
	if (argv > 0) {
		ii->idxStr = sqlite3_mprintf("%s", eg_buf_str(&plan));
		if (ii->idxStr == NULL) {
			eg_buf_free(&plan);
			return SQLITE_NOMEM;
		}
		ii->needToFreeIdxStr = 1;
	}
	eg_buf_free(&plan);
	/* A plan that hands the generator its arguments is far cheaper than a
	 * full scan, so joins feed argument columns from the other side. */
	ii->estimatedCost = 1e6 * factor > 1.0 ? 1e6 * factor : 1.0;
	ii->estimatedRows = (sqlite3_int64)(1e4 * factor) + 1;
	return SQLITE_OK;
}

static void cursor_reset(struct vt_cursor *c)
{
	for (size_t i = 0; i < c->nparts; i++)
		rowset_unref(c->parts[i]);
	c->nparts = 0;
	for (size_t s = 0; s < c->nslots; s++) {
		for (size_t k = 0; k < c->slots[s].nvals; k++) {
			sqlite3_value_free(c->slots[s].vals[k].val);
			free(c->slots[s].vals[k].text);
		}
		free(c->slots[s].vals);
	}
	free(c->slots);
	c->slots = NULL;
	c->nslots = 0;
	for (size_t i = 0; i < EG_TABLE_MAX_COLUMNS; i++)
		c->slot_of[i] = -1;
	c->part = c->row = 0;
}

static int vt_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	struct vt_cursor *c = eg_calloc(1, sizeof(*c));
	if (c == NULL)
		return SQLITE_NOMEM;
	c->tab = ((struct vt_vtab *)vtab)->tab;
	cursor_reset(c);
	*out = &c->base;
	return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *cur)
{
	struct vt_cursor *c = (struct vt_cursor *)cur;
	cursor_reset(c);
	free(c->parts);
	free(c->part_ix);
	free(c);
	return SQLITE_OK;
}

static int set_error(sqlite3_vtab_cursor *cur, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int set_error(sqlite3_vtab_cursor *cur, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_free(cur->pVtab->zErrMsg);
	cur->pVtab->zErrMsg = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	return SQLITE_ERROR;
}

/* The text the generator sees for v, without converting v in place. */
static int argval_set(struct argval *a, sqlite3_value *v)
{
	char num[64];
	const char *s;
	size_t n;
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		snprintf(num, sizeof(num), "%lld",
			 (long long)sqlite3_value_int64(v));
		s = num;
		n = strlen(num);
		break;
	case SQLITE_FLOAT:
		sqlite3_snprintf((int)sizeof(num), num, "%!.15g",
				 sqlite3_value_double(v));
		s = num;
		n = strlen(num);
		break;
	default: /* TEXT or BLOB: the bytes as they are */
		s = sqlite3_value_type(v) == SQLITE_BLOB ?
			    (const char *)sqlite3_value_blob(v) :
			    (const char *)sqlite3_value_text(v);
		n = (size_t)sqlite3_value_bytes(v);
		if (s == NULL)
			s = "";
		break;
	}
	a->val = sqlite3_value_dup(v);
	a->text = eg_strndup(s, n);
	a->len = n;
	if (a->val == NULL || a->text == NULL) {
		sqlite3_value_free(a->val);
		free(a->text);
		a->val = NULL;
		a->text = NULL;
		return EG_E_NOMEM;
	}
	return 0;
}

static int slot_add(struct slot *s, sqlite3_value *v, size_t *cap)
{
	if (sqlite3_value_type(v) == SQLITE_NULL)
		return 0; /* col = NULL matches nothing */
	if (s->nvals >= EG_TABLE_MAX_ARGSETS)
		return EG_E_LIMIT;
	if (s->nvals == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		void *p = eg_reallocarray(s->vals, nc, sizeof(*s->vals));
		if (p == NULL)
			return EG_E_NOMEM;
		s->vals = p;
		*cap = nc;
	}
	if (argval_set(&s->vals[s->nvals], v) != 0)
		return EG_E_NOMEM;
	s->nvals++;
	return 0;
}

static int argval_cmp(const void *a, const void *b)
{
	const struct argval *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Values that read the same to the generator are one argument set. */
static void slot_dedup(struct slot *s)
{
	if (s->nvals < 2)
		return;
	qsort(s->vals, s->nvals, sizeof(*s->vals), argval_cmp);
	size_t out = 1;
	for (size_t i = 1; i < s->nvals; i++) {
		if (argval_cmp(&s->vals[i], &s->vals[out - 1]) == 0) {
			sqlite3_value_free(s->vals[i].val);
			free(s->vals[i].text);
			continue;
		}
		s->vals[out++] = s->vals[i];
	}
	s->nvals = out;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Reads the plan written by vt_best_index into c->slots. */
static int parse_plan(struct vt_cursor *c, const char *plan, int argc)
{
	size_t n = plan != NULL ? strlen(plan) : 0;
	if (n != (size_t)argc * 3)
		return EG_E_INTERNAL;
	if (argc == 0)
		return 0;
	c->slots = eg_calloc((size_t)argc, sizeof(*c->slots));
	if (c->slots == NULL)
		return EG_E_NOMEM;
	c->nslots = (size_t)argc;
	for (size_t s = 0; s < c->nslots; s++) {
		int hi = hexval(plan[3 * s]), lo = hexval(plan[3 * s + 1]);
		char k = plan[3 * s + 2];
		if (hi < 0 || lo < 0 || (k != '=' && k != 'I' && k != 'G'))
			return EG_E_INTERNAL;
		int col = hi * 16 + lo;
		if ((size_t)col >= c->tab->def->ncolumns)
			return EG_E_INTERNAL;
		c->slots[s].col = col;
		c->slots[s].kind = k;
		c->slot_of[col] = (int)s;
	}
	return 0;
}

static int push_part(struct vt_cursor *c, struct rowset *rs, const size_t *ix)
{
	if (c->nparts == c->cap_parts) {
		size_t nc = c->cap_parts ? c->cap_parts * 2 : 4;
		void *p = eg_reallocarray(c->parts, nc, sizeof(*c->parts));
		if (p == NULL)
			return EG_E_NOMEM;
		c->parts = p;
		size_t per = c->nslots ? c->nslots : 1;
		p = eg_reallocarray(c->part_ix, nc, per * sizeof(*c->part_ix));
		if (p == NULL)
			return EG_E_NOMEM;
		c->part_ix = p;
		c->cap_parts = nc;
	}
	rs->refs++;
	c->parts[c->nparts] = rs;
	for (size_t s = 0; s < c->nslots; s++)
		c->part_ix[c->nparts * c->nslots + s] = ix[s];
	c->nparts++;
	return 0;
}

/*
 * The rows for one argument set: from the cache, or from one generator call
 * that is then cached. On success *out holds a reference the caller drops.
 */
static int rows_for(struct vt_cursor *c, const size_t *ix,
		    struct rowset **out)
{
	struct vt_table *t = c->tab;
	const struct eg_table_def *def = t->def;
	struct targ args[EG_TABLE_MAX_COLUMNS];
	memset(args, 0, sizeof(args));
	struct eg_buf key;
	eg_buf_init(&key, EG_BUF_DEFAULT_MAX);
	for (size_t col = 0; col < def->ncolumns; col++) {
		if (!(t->argmask & (1ull << col)))
			continue;
		int s = c->slot_of[col];
		if (s < 0) {
			eg_buf_addc(&key, '-');
			continue;
		}
		const struct argval *a = &c->slots[s].vals[ix[s]];
		int glob = c->slots[s].kind == 'G';
		args[col].val = a->text;
		args[col].is_glob = glob;
		eg_buf_addf(&key, "%c%zu:", glob ? 'G' : '=', a->len);
		eg_buf_add(&key, a->text, a->len);
	}
	if (key.err != 0) {
		eg_buf_free(&key);
		return set_error(&c->base, "out of memory");
	}
	uint64_t hash = fnv1a(key.data != NULL ? key.data : "", key.len);
	struct rowset *rs = cache_find(t, eg_buf_str(&key), key.len, hash);
	if (rs != NULL) {
		eg_buf_free(&key);
		rs->refs++;
		*out = rs;
		return SQLITE_OK;
	}
	struct eg_tctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.tab = t;
	ctx.args = args;
	ctx.rs = rowset_new(def->ncolumns);
	if (ctx.rs == NULL) {
		eg_buf_free(&key);
		return set_error(&c->base, "out of memory");
	}
	ctx.rs->serial = ++t->host->next_serial & 0x7FFFFFFFu;
	struct timespec g0, g1;
	clock_gettime(CLOCK_MONOTONIC, &g0);
	int grc = def->generate(&ctx);
	clock_gettime(CLOCK_MONOTONIC, &g1);
	int64_t gms = ((int64_t)g1.tv_sec - (int64_t)g0.tv_sec) * 1000 +
		      ((int64_t)g1.tv_nsec - (int64_t)g0.tv_nsec) / 1000000;
	if (gms > 0)
		t->host->gen_ms += (uint64_t)gms;
	ctx.in_row = 0; /* a row begun and never ended is dropped */
	if (grc < 0 || ctx.failed || ctx.nomem) {
		t->rows_total -= ctx.rs->nrows;
		rowset_unref(ctx.rs);
		eg_buf_free(&key);
		if (ctx.failed)
			return set_error(&c->base, "%s: %s", def->name, ctx.err);
		return set_error(&c->base, "%s: %s", def->name,
				 eg_strerror(ctx.nomem ? EG_E_NOMEM : grc));
	}
	rs = ctx.rs;
	rs->hash = hash;
	rs->key = eg_buf_steal(&key, &rs->keylen);
	if (rs->key == NULL || cache_add(t, rs) != 0) {
		/* Not cached: still good for this scan. */
		free(rs->key);
		rs->key = NULL;
	}
	eg_buf_free(&key);
	*out = rs;
	return SQLITE_OK;
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
		     int argc, sqlite3_value **argv)
{
	(void)idxNum;
	struct vt_cursor *c = (struct vt_cursor *)cur;
	const char *name = c->tab->def->name;
	cursor_reset(c);
	if (parse_plan(c, idxStr, argc) != 0)
		return set_error(cur, "%s: internal error: bad plan", name);
	size_t combos = 1;
	for (size_t s = 0; s < c->nslots; s++) {
		struct slot *sl = &c->slots[s];
		size_t cap = 0;
		int rc = 0;
		if (sl->kind == 'I') {
			sqlite3_value *v;
			int src;
			for (src = sqlite3_vtab_in_first(argv[s], &v);
			     src == SQLITE_OK && v != NULL && rc == 0;
			     src = sqlite3_vtab_in_next(argv[s], &v))
				rc = slot_add(sl, v, &cap);
			if (rc == 0 && src != SQLITE_OK && src != SQLITE_DONE)
				return set_error(cur, "%s: reading an IN list: %s",
						 name, sqlite3_errstr(src));
		} else {
			rc = slot_add(sl, argv[s], &cap);
		}
		if (rc == EG_E_NOMEM)
			return set_error(cur, "%s: out of memory", name);
		slot_dedup(sl);
		if (sl->nvals == 0)
			return SQLITE_OK; /* no value can match: no rows */
		if (rc == EG_E_LIMIT || sl->nvals > EG_TABLE_MAX_ARGSETS / combos)
			return set_error(cur,
					 _("%s: more than %u argument values in one query; split the IN lists"),
					 name, EG_TABLE_MAX_ARGSETS);
		combos *= sl->nvals;
	}
	/* Every combination of one value per slot, as an odometer. */
	size_t ix[EG_TABLE_MAX_COLUMNS];
	memset(ix, 0, sizeof(ix));
	for (;;) {
		struct rowset *rs = NULL;
		int rc = rows_for(c, ix, &rs);
		if (rc != SQLITE_OK)
			return rc;
		rc = push_part(c, rs, ix);
		rowset_unref(rs);
		if (rc != 0)
			return set_error(cur, "%s: out of memory", name);
		size_t s = 0;
		for (; s < c->nslots; s++) {
			if (++ix[s] < c->slots[s].nvals)
				break;
			ix[s] = 0;
		}
		if (s == c->nslots)
			break;
	}
	/* Skip empty row sets up front so xEof is simple. */
	while (c->part < c->nparts && c->parts[c->part]->nrows == 0)
		c->part++;
	return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
	struct vt_cursor *c = (struct vt_cursor *)cur;
	c->row++;
	while (c->part < c->nparts && c->row >= c->parts[c->part]->nrows) {
		c->part++;
		c->row = 0;
	}
	return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
	struct vt_cursor *c = (struct vt_cursor *)cur;
	return c->part >= c->nparts;
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
	struct vt_cursor *c = (struct vt_cursor *)cur;
	if (c->part >= c->nparts || i < 0 ||
	    (size_t)i >= c->tab->def->ncolumns)
		return SQLITE_OK; /* NULL */
	const struct rowset *rs = c->parts[c->part];
	const struct cell *ce = &rs->cells[c->row * rs->ncols + (size_t)i];
	switch (ce->type) {
	case CELL_INT:
		sqlite3_result_int64(ctx, ce->v.i);
		return SQLITE_OK;
	case CELL_TEXT:
		/* Copied: the value may outlive this cursor's rows (an
		 * aggregate keeps it after the scan ends). */
		sqlite3_result_text(ctx, ce->v.s, (int)ce->len, SQLITE_TRANSIENT);
		return SQLITE_OK;
	default:
		break;
	}
	int s = c->slot_of[i];
	if (s >= 0 && (c->tab->def->columns[i].flags & EG_COL_HIDDEN)) {
		const struct argval *a =
			&c->slots[s].vals[c->part_ix[c->part * c->nslots + (size_t)s]];
		if (c->slots[s].kind == 'G')
			sqlite3_result_text(ctx, a->text, (int)a->len,
					    SQLITE_TRANSIENT);
		else
			sqlite3_result_value(ctx, a->val);
	}
	return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	/* Unique and stable per cached row: SQLite's OR optimisation scans
	 * once per OR term and merges the results by rowid. */
	struct vt_cursor *c = (struct vt_cursor *)cur;
	uint64_t serial = c->part < c->nparts ? c->parts[c->part]->serial : 0;
	*rowid = (sqlite3_int64)((serial << 32) | (uint64_t)c->row);
	return SQLITE_OK;
}

/* Eponymous-only (no xCreate) and read-only (no xUpdate). */
static const sqlite3_module vt_module = {
	.iVersion = 0,
	.xCreate = NULL,
	.xConnect = vt_connect,
	.xBestIndex = vt_best_index,
	.xDisconnect = vt_disconnect,
	.xDestroy = vt_disconnect,
	.xOpen = vt_open,
	.xClose = vt_close,
	.xFilter = vt_filter,
	.xNext = vt_next,
	.xEof = vt_eof,
	.xColumn = vt_column,
	.xRowid = vt_rowid,
};

int eg_vtab_register(struct eg_vtab_host *h, sqlite3 *db,
		     const struct eg_table_def *def, struct eg_err *e)
{
	if (def == NULL || !is_ident(def->name) || def->generate == NULL ||
	    def->columns == NULL || def->ncolumns == 0 ||
	    def->ncolumns > EG_TABLE_MAX_COLUMNS)
		return eg_err_set(e, EG_E_INVAL,
				  "internal error: table definition %s is invalid (lowercase name, 1-%u columns, a generator)",
				  def != NULL && def->name != NULL ? def->name : "(null)",
				  EG_TABLE_MAX_COLUMNS);
	uint64_t argmask = 0;
	for (size_t i = 0; i < def->ncolumns; i++) {
		const struct eg_column *c = &def->columns[i];
		if (!is_ident(c->name) ||
		    (c->type != EG_TEXT && c->type != EG_INT))
			return eg_err_set(e, EG_E_INVAL,
					  "internal error: table %s: column %zu is invalid (lowercase name, EG_TEXT or EG_INT)",
					  def->name, i);
		for (size_t k = 0; k < i; k++)
			if (strcmp(def->columns[k].name, c->name) == 0)
				return eg_err_set(e, EG_E_INVAL,
						  "internal error: table %s: column %s appears twice",
						  def->name, c->name);
		if (c->flags != 0)
			argmask |= 1ull << i;
	}
	for (struct vt_table *t = h->tables; t != NULL; t = t->next)
		if (strcmp(t->def->name, def->name) == 0)
			return eg_err_set(e, EG_E_INVAL,
					  "internal error: table %s is registered twice",
					  def->name);
	struct vt_table *t = eg_calloc(1, sizeof(*t));
	if (t == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	t->host = h;
	t->def = def;
	t->argmask = argmask;
	int rc = sqlite3_create_module_v2(db, def->name, &vt_module, t, NULL);
	if (rc != SQLITE_OK) {
		free(t);
		return eg_err_set(e, EG_E_SQL, "registering table %s: %s",
				  def->name, sqlite3_errstr(rc));
	}
	t->next = h->tables;
	h->tables = t;
	return 0;
}
