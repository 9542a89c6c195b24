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

int eg_idmap_parse(struct eg_idmap *m, int group, const char *buf,
		   size_t len)
{
	struct half *h = group ? &m->groups : &m->users;
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		const char *s = buf + pos;
		size_t n = end - pos;
		pos = nl ? end + 1 : len;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#')
			continue;
		/* name:passwd:id: */
		const char *c1 = memchr(s, ':', n);
		if (c1 == NULL || c1 == s)
			continue;
		const char *rest = c1 + 1;
		size_t rn = n - (size_t)(rest - s);
		const char *c2 = memchr(rest, ':', rn);
		if (c2 == NULL)
			continue;
		const char *idp = c2 + 1;
		size_t in = n - (size_t)(idp - s);
		const char *c3 = memchr(idp, ':', in);
		size_t idlen = c3 ? (size_t)(c3 - idp) : in;
		uint64_t id;
		if (eg_parse_u64n(idp, idlen, 10, 0, UINT32_MAX, &id) != 0)
			continue;
		size_t nlen = (size_t)(c1 - s);
		if (memchr(s, '\0', nlen) != NULL)
			continue;
		int rc = half_add(h, id, s, nlen);
		if (rc != 0)
			return rc;
	}
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
