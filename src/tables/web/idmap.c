/*
 * idmap.c: id -> name maps from the audited system's passwd and group
 * (see idmap.h). Entries are sorted by id after each parse, ties in file
 * order, so a lookup finds the first entry of a duplicated id.
 */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"
#include "../accounts/passwd.h"

struct ent {
	uint64_t id;
	size_t seq;  /* file order, to keep the first of duplicates */
	char *name;
};

struct half {
	struct ent *v;
	size_t n, cap;
};

struct eg_idmap {
	struct half users, groups;
};

struct eg_idmap *eg_idmap_new(void)
{
	return eg_calloc(1, sizeof(struct eg_idmap));
}

static void half_free(struct half *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
}

void eg_idmap_free(struct eg_idmap *m)
{
	if (m == NULL)
		return;
	half_free(&m->users);
	half_free(&m->groups);
	free(m);
}

static int half_add(struct half *h, uint64_t id, const char *name, size_t n)
{
	if (h->n >= EG_CONF_MAX_LINES)
		return 0; /* a hostile file: the first million are enough */
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 32;
		struct ent *nv = eg_reallocarray(h->v, nc, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		h->v = nv;
		h->cap = nc;
	}
	char *c = eg_strndup(name, n);
	if (c == NULL)
		return EG_E_NOMEM;
	h->v[h->n].id = id;
	h->v[h->n].seq = h->n;
	h->v[h->n].name = c;
	h->n++;
	return 0;
}

static int cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Row sink of the accounts parsers: column 0 is the name, column 1 the
 * uid (users) or gid (groups); rows without a numeric id are skipped. */
static int add_row(void *arg, const struct eg_acct_val *v, size_t n)
{
	struct half *h = arg;
	if (n < 2 || v[0].kind != EG_ACCT_TEXT || v[0].n == 0 ||
	    v[1].kind != EG_ACCT_INT || v[1].i < 0 || v[1].i > UINT32_MAX ||
	    memchr(v[0].s, '\0', v[0].n) != NULL)
		return 0;
	return half_add(h, (uint64_t)v[1].i, v[0].s, v[0].n);
}

int eg_idmap_parse(struct eg_idmap *m, int group, const char *buf,
		   size_t len)
{
	/* The accounts family's parsers read the files as glibc does; the
	 * map takes their name and id columns, ignoring their warnings
	 * (the users and groups tables report those). */
	struct half *h = group ? &m->groups : &m->users;
	const struct eg_acct_sink sink = {.arg = h, .row = add_row};
	int rc = group ? eg_acct_parse_group(buf, len, "", &sink)
		       : eg_acct_parse_passwd(buf, len, "", &sink);
	if (rc != 0)
		return rc;
	if (h->n > 1)
		qsort(h->v, h->n, sizeof(*h->v), cmp_ent);
	return 0;
}

struct eg_idmap *eg_idmap_load(struct eg_root *r)
{
	struct eg_idmap *m = eg_idmap_new();
	if (m == NULL)
		return NULL;
	static const char *const files[] = {"/etc/passwd", "/etc/group"};
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	for (int g = 0; g < 2; g++) {
		eg_buf_reset(&b);
		if (eg_root_read(r, files[g], EG_HOSTFILE_MAX_BYTES, &b,
				 NULL) != 0)
			continue;
		if (eg_idmap_parse(m, g, b.data ? b.data : "", b.len) != 0) {
			eg_idmap_free(m);
			m = NULL;
			break;
		}
	}
	eg_buf_free(&b);
	return m;
}

static const char *lookup(const struct half *h, uint64_t id)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->n && h->v[lo].id == id ? h->v[lo].name : NULL;
}

const char *eg_idmap_user(const struct eg_idmap *m, uint64_t uid)
{
	return lookup(&m->users, uid);
}

const char *eg_idmap_group(const struct eg_idmap *m, uint64_t gid)
{
	return lookup(&m->groups, gid);
}
