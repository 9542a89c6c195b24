/*
 * yaml.c: libyaml event stream -> bounded node tree.
 */
#include "yaml.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "err.h"
#include "i18n.h"
#include "limits.h"
#include "mem.h"
#include "neutral.h"
#include "num.h"

struct anchor {
	char *name;
	struct eg_ynode *node;
	int complete;
};

struct eg_ydoc {
	char *file;
	struct eg_ynode *root;
	struct eg_ynode **nodes; /* every node, for freeing */
	size_t nnodes, capnodes;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t expanded;         /* nodes counted with aliases expanded */
};

/* A container being built. */
struct frame {
	struct eg_ynode *node;
	size_t cap;
	struct anchor *anchor; /* to mark complete when the node ends */
};

static void node_free(struct eg_ynode *n)
{
	if (n == NULL)
		return;
	free((char *)n->str);
	free(n->items);
	free(n);
}

void eg_ydoc_free(struct eg_ydoc *doc)
{
	if (doc == NULL)
		return;
	for (size_t i = 0; i < doc->nnodes; i++)
		node_free(doc->nodes[i]);
	free(doc->nodes);
	for (size_t i = 0; i < doc->nanchors; i++)
		free(doc->anchors[i].name);
	free(doc->anchors);
	free(doc->file);
	free(doc);
}

const struct eg_ynode *eg_ydoc_root(const struct eg_ydoc *doc)
{
	return doc != NULL ? doc->root : NULL;
}

const char *eg_ydoc_file(const struct eg_ydoc *doc)
{
	return doc->file;
}

static struct eg_ynode *node_new(struct eg_ydoc *doc, enum eg_ytype t,
				 const yaml_mark_t *m)
{
	if (doc->nnodes == doc->capnodes) {
		size_t nc = doc->capnodes ? doc->capnodes * 2 : 64;
		void *p = eg_reallocarray(doc->nodes, nc, sizeof(*doc->nodes));
		if (p == NULL)
			return NULL;
		doc->nodes = p;
		doc->capnodes = nc;
	}
	struct eg_ynode *n = eg_calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->type = t;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	n->weight = 1;
	doc->nodes[doc->nnodes++] = n;
	return n;
}

/* Appends child to the container of frame f. Maps alternate key, value. */
static int container_add(struct frame *f, size_t *slots,
			 struct eg_ynode *child)
{
	struct eg_ynode *p = f->node;
	if (*slots == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 8;
		void *np = eg_reallocarray(p->items, nc, sizeof(*p->items));
		if (np == NULL)
			return EG_E_NOMEM;
		p->items = np;
		f->cap = nc;
	}
	p->items[(*slots)++] = child;
	if (p->type == EG_Y_SEQ)
		p->n = *slots;
	else
		p->n = *slots / 2;
	p->weight += child->weight;
	return 0;
}

static struct anchor *anchor_find(struct eg_ydoc *doc, const char *name)
{
	/* Later anchors with the same name override earlier ones. */
	for (size_t i = doc->nanchors; i > 0; i--)
		if (strcmp(doc->anchors[i - 1].name, name) == 0)
			return &doc->anchors[i - 1];
	return NULL;
}

static struct anchor *anchor_add(struct eg_ydoc *doc, const char *name,
				 struct eg_ynode *node)
{
	if (doc->nanchors == doc->capanchors) {
		size_t nc = doc->capanchors ? doc->capanchors * 2 : 16;
		void *p = eg_reallocarray(doc->anchors, nc,
					  sizeof(*doc->anchors));
		if (p == NULL)
			return NULL;
		doc->anchors = p;
		doc->capanchors = nc;
	}
	struct anchor *a = &doc->anchors[doc->nanchors];
	a->name = eg_strdup(name);
	if (a->name == NULL)
		return NULL;
	a->node = node;
	a->complete = 0;
	doc->nanchors++;
	return a;
}

static int key_cmp(const void *a, const void *b)
{
	const struct eg_ynode *x = *(const struct eg_ynode *const *)a;
	const struct eg_ynode *y = *(const struct eg_ynode *const *)b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->str, y->str, x->len);
	if (c != 0)
		return c;
	/* Equal keys: order by position so the first is reported first. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : (x->col > y->col ? 1 : 0);
}

/* Reports duplicate scalar keys of a finished map: n log n. */
static int check_duplicates(struct eg_ydoc *doc, const struct eg_ynode *map,
			    struct eg_diags *d)
{
	size_t k = 0;
	if (map->n < 2)
		return 0;
	const struct eg_ynode **keys = eg_calloc(map->n, sizeof(*keys));
	if (keys == NULL)
		return EG_E_NOMEM;
	for (size_t i = 0; i < map->n; i++)
		if (map->items[2 * i]->type == EG_Y_SCALAR)
			keys[k++] = map->items[2 * i];
	qsort(keys, k, sizeof(*keys), key_cmp);
	for (size_t i = 1; i < k; i++) {
		if (keys[i]->len == keys[i - 1]->len &&
		    memcmp(keys[i]->str, keys[i - 1]->str, keys[i]->len) == 0) {
			const struct eg_ynode *first = keys[i - 1];
			while (i < k && keys[i]->len == first->len &&
			       memcmp(keys[i]->str, first->str, first->len) == 0) {
				eg_diag_add(d, doc->file, keys[i]->line,
					    keys[i]->col,
					    _("duplicate key \"%.*s\" (first at line %u, column %u); remove one of them"),
					    (int)(first->len > EG_QUOTE_MAX ? EG_QUOTE_MAX : first->len),
					    first->str, first->line, first->col);
				i++;
			}
		}
	}
	free(keys);
	return 0;
}

static void pos_of_offset(const char *data, size_t off, unsigned *line,
			  unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Rejects NUL bytes and invalid UTF-8 before libyaml sees the data, so the
 * message can say exactly where. */
static int check_encoding(const char *file, const char *data, size_t len,
			  struct eg_diags *d)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, len - i, &cp);
		if (l == 0 || cp == 0) {
			unsigned line, col;
			pos_of_offset(data, i, &line, &col);
			return eg_diag_add(d, file, line, col,
					   cp == 0 && l == 1
						   ? _("NUL byte in the file; save it as UTF-8 text")
						   : _("invalid UTF-8; save the file as UTF-8"));
		}
		i += l;
	}
	return 0;
}

int eg_yaml_parse(const char *file, const char *data, size_t len,
		  struct eg_ydoc **out, struct eg_diags *d)
{
	*out = NULL;
	if (len > EG_YAML_MAX_BYTES) {
		eg_diag_add(d, file, 0, 0,
			    _("file is larger than %u bytes; split it with include:"),
			    (unsigned)EG_YAML_MAX_BYTES);
		return EG_E_LIMIT;
	}
	if (check_encoding(file, data, len, d) != 0)
		return EG_E_PARSE;

	int rc = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	int have_event = 0;
	struct frame stack[EG_YAML_MAX_DEPTH + 1];
	size_t slots[EG_YAML_MAX_DEPTH + 1];
	size_t depth = 0;
	int docs = 0;

	struct eg_ydoc *doc = eg_calloc(1, sizeof(*doc));
	if (doc == NULL || (doc->file = eg_strdup(file)) == NULL) {
		free(doc);
		return EG_E_NOMEM;
	}
	if (!yaml_parser_initialize(&parser)) {
		eg_ydoc_free(doc);
		return EG_E_NOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			const char *problem = parser.problem ? parser.problem
							     : "syntax error";
			unsigned line = (unsigned)parser.problem_mark.line + 1;
			unsigned col = (unsigned)parser.problem_mark.column + 1;
			if (parser.context != NULL)
				eg_diag_add(d, file, line, col,
					    _("YAML syntax: %s %s"),
					    parser.context, problem);
			else
				eg_diag_add(d, file, line, col,
					    _("YAML syntax: %s"), problem);
			rc = EG_E_PARSE;
			goto out;
		}
		have_event = 1;
		struct eg_ynode *node = NULL;
		const char *anchor = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			goto done;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				eg_diag_add(d, file,
					    (unsigned)ev.start_mark.line + 1,
					    (unsigned)ev.start_mark.column + 1,
					    _("more than one YAML document; keep one document per file"));
				rc = EG_E_PARSE;
				goto out;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.length > EG_YAML_MAX_SCALAR) {
				eg_diag_add(d, file,
					    (unsigned)ev.start_mark.line + 1,
					    (unsigned)ev.start_mark.column + 1,
					    _("value longer than %u bytes"),
					    (unsigned)EG_YAML_MAX_SCALAR);
				rc = EG_E_LIMIT;
				goto out;
			}
			node = node_new(doc, EG_Y_SCALAR, &ev.start_mark);
			if (node == NULL)
				goto nomem;
			node->str = eg_strndup((const char *)ev.data.scalar.value,
					       ev.data.scalar.length);
			if (node->str == NULL)
				goto nomem;
			node->len = ev.data.scalar.length;
			node->plain = ev.data.scalar.style ==
					      YAML_PLAIN_SCALAR_STYLE &&
				      ev.data.scalar.tag == NULL;
			anchor = (const char *)ev.data.scalar.anchor;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= EG_YAML_MAX_DEPTH) {
				eg_diag_add(d, file,
					    (unsigned)ev.start_mark.line + 1,
					    (unsigned)ev.start_mark.column + 1,
					    _("nesting deeper than %d levels"),
					    EG_YAML_MAX_DEPTH);
				rc = EG_E_LIMIT;
				goto out;
			}
			node = node_new(doc,
					ev.type == YAML_SEQUENCE_START_EVENT
						? EG_Y_SEQ
						: EG_Y_MAP,
					&ev.start_mark);
			if (node == NULL)
				goto nomem;
			anchor = (const char *)(ev.type == YAML_SEQUENCE_START_EVENT
							? ev.data.sequence_start.anchor
							: ev.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct frame *f = &stack[depth];
			if (depth == 0)
				break;
			if (f->anchor != NULL)
				f->anchor->complete = 1;
			if (f->node->type == EG_Y_MAP &&
			    check_duplicates(doc, f->node, d) != 0)
				goto nomem;
			struct eg_ynode *done_node = f->node;
			depth--;
			if (depth == 0) {
				doc->root = done_node;
			} else {
				int r = container_add(&stack[depth],
						      &slots[depth], done_node);
				if (r != 0)
					goto nomem;
			}
			break;
		}
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			struct anchor *a = anchor_find(doc, name);
			unsigned line = (unsigned)ev.start_mark.line + 1;
			unsigned col = (unsigned)ev.start_mark.column + 1;
			if (a == NULL) {
				eg_diag_add(d, file, line, col,
					    _("unknown alias *%.*s"),
					    EG_QUOTE_MAX, name);
				rc = EG_E_PARSE;
				goto out;
			}
			if (!a->complete) {
				eg_diag_add(d, file, line, col,
					    _("alias *%.*s refers to a node that contains it"),
					    EG_QUOTE_MAX, name);
				rc = EG_E_PARSE;
				goto out;
			}
			doc->expanded += a->node->weight;
			if (doc->expanded > EG_YAML_MAX_NODES) {
				eg_diag_add(d, file, line, col,
					    _("aliases expand to more than %u nodes"),
					    (unsigned)EG_YAML_MAX_NODES);
				rc = EG_E_LIMIT;
				goto out;
			}
			if (depth == 0) {
				doc->root = a->node;
			} else if (container_add(&stack[depth], &slots[depth],
						 a->node) != 0) {
				goto nomem;
			}
			break;
		}
		default:
			break;
		}
		if (node != NULL) {
			doc->expanded++;
			if (doc->expanded > EG_YAML_MAX_NODES) {
				eg_diag_add(d, file, node->line, node->col,
					    _("more than %u nodes"),
					    (unsigned)EG_YAML_MAX_NODES);
				rc = EG_E_LIMIT;
				goto out;
			}
			struct anchor *a = NULL;
			if (anchor != NULL) {
				a = anchor_add(doc, anchor, node);
				if (a == NULL)
					goto nomem;
			}
			if (node->type == EG_Y_SCALAR) {
				if (a != NULL)
					a->complete = 1;
				if (depth == 0)
					doc->root = node;
				else if (container_add(&stack[depth],
						       &slots[depth], node) != 0)
					goto nomem;
			} else {
				depth++;
				stack[depth].node = node;
				stack[depth].cap = 0;
				stack[depth].anchor = a;
				slots[depth] = 0;
			}
		}
		yaml_event_delete(&ev);
		have_event = 0;
	}
nomem:
	rc = EG_E_NOMEM;
	eg_diag_add(d, file, 0, 0, "%s", _("out of memory"));
	goto out;
done:
	*out = doc;
	doc = NULL;
out:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	eg_ydoc_free(doc);
	return rc;
}

const struct eg_ynode *eg_ymap_get(const struct eg_ynode *map, const char *key)
{
	if (map == NULL || map->type != EG_Y_MAP)
		return NULL;
	size_t klen = strlen(key);
	for (size_t i = 0; i < map->n; i++) {
		const struct eg_ynode *k = map->items[2 * i];
		if (k->type == EG_Y_SCALAR && k->len == klen &&
		    memcmp(k->str, key, klen) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

int eg_ynode_is_null(const struct eg_ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->type != EG_Y_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	       strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	       strcmp(n->str, "NULL") == 0;
}

const char *eg_ynode_kind(const struct eg_ynode *n)
{
	if (n == NULL || eg_ynode_is_null(n))
		return _("nothing");
	switch (n->type) {
	case EG_Y_MAP:
		return _("a mapping");
	case EG_Y_SEQ:
		return _("a list");
	default:
		return _("a value");
	}
}

size_t eg_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		size_t best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

const char *eg_did_you_mean(const char *word, const char *const *candidates)
{
	size_t wl = strlen(word);
	size_t cap = wl <= 3 ? 1 : (wl <= 6 ? 2 : 3);
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (size_t i = 0; candidates[i] != NULL; i++) {
		size_t dist = eg_edit_distance(word, candidates[i], cap);
		if (dist < bestd) {
			bestd = dist;
			best = candidates[i];
		}
	}
	return best;
}

static int in_list(const char *s, size_t len, const char *const *list)
{
	for (size_t i = 0; list != NULL && list[i] != NULL; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

int eg_ymap_check_keys(const struct eg_ydoc *doc, const struct eg_ynode *map,
		       const char *const *allowed, const char *const *required,
		       struct eg_diags *d)
{
	int rc = 0;
	if (map == NULL || map->type != EG_Y_MAP)
		return 0;
	for (size_t i = 0; i < map->n; i++) {
		const struct eg_ynode *k = map->items[2 * i];
		if (k->type != EG_Y_SCALAR) {
			rc = eg_diag_add(d, doc->file, k->line, k->col,
					 "%s", _("a key must be plain text"));
			continue;
		}
		if (in_list(k->str, k->len, allowed))
			continue;
		struct eg_buf q;
		eg_buf_init(&q, EG_QUOTE_MAX * 8);
		eg_term_escape(&q, k->str, k->len < EG_QUOTE_MAX ? k->len : EG_QUOTE_MAX);
		const char *sug = eg_did_you_mean(eg_buf_str(&q), allowed);
		if (sug != NULL)
			rc = eg_diag_add(d, doc->file, k->line, k->col,
					 _("unknown key \"%s\"; did you mean \"%s\"?"),
					 eg_buf_str(&q), sug);
		else
			rc = eg_diag_add(d, doc->file, k->line, k->col,
					 _("unknown key \"%s\"; remove it or check the documentation for this section"),
					 eg_buf_str(&q));
		eg_buf_free(&q);
	}
	for (size_t i = 0; required != NULL && required[i] != NULL; i++) {
		const struct eg_ynode *v = eg_ymap_get(map, required[i]);
		if (v == NULL)
			rc = eg_diag_add(d, doc->file, map->line, map->col,
					 _("missing required key \"%s\""),
					 required[i]);
	}
	return rc;
}

static int type_error(const struct eg_ydoc *doc, const struct eg_ynode *n,
		      const char *key, const char *expected,
		      struct eg_diags *d)
{
	return eg_diag_add(d, doc->file, n->line, n->col,
			   _("\"%s\" must be %s, not %s"), key, expected,
			   eg_ynode_kind(n));
}

static int missing(const struct eg_ydoc *doc, const struct eg_ynode *map,
		   const char *key, struct eg_diags *d)
{
	return eg_diag_add(d, doc->file, map->line, map->col,
			   _("missing required key \"%s\""), key);
}

int eg_yget_str(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const char **out,
		struct eg_diags *d)
{
	const struct eg_ynode *v = eg_ymap_get(map, key);
	if (v == NULL)
		return required ? missing(doc, map, key, d) : 0;
	if (v->type != EG_Y_SCALAR || eg_ynode_is_null(v))
		return type_error(doc, v, key, _("text"), d);
	*out = v->str;
	return 0;
}

int eg_yget_int(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, int64_t min, int64_t max,
		int64_t *out, struct eg_diags *d)
{
	const struct eg_ynode *v = eg_ymap_get(map, key);
	if (v == NULL)
		return required ? missing(doc, map, key, d) : 0;
	int64_t x;
	if (v->type != EG_Y_SCALAR || eg_ynode_is_null(v))
		return type_error(doc, v, key, _("a whole number"), d);
	int r = eg_parse_i64n(v->str, v->len, min, max, &x);
	if (r == EG_E_RANGE)
		return eg_diag_add(d, doc->file, v->line, v->col,
				   _("\"%s\" must be between %lld and %lld"),
				   key, (long long)min, (long long)max);
	if (r != 0)
		return type_error(doc, v, key, _("a whole number"), d);
	*out = x;
	return 0;
}

int eg_yget_bool(const struct eg_ydoc *doc, const struct eg_ynode *map,
		 const char *key, int required, int *out, struct eg_diags *d)
{
	const struct eg_ynode *v = eg_ymap_get(map, key);
	if (v == NULL)
		return required ? missing(doc, map, key, d) : 0;
	if (v->type == EG_Y_SCALAR && v->plain) {
		if (strcmp(v->str, "true") == 0 || strcmp(v->str, "True") == 0 ||
		    strcmp(v->str, "TRUE") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(v->str, "false") == 0 ||
		    strcmp(v->str, "False") == 0 ||
		    strcmp(v->str, "FALSE") == 0) {
			*out = 0;
			return 0;
		}
	}
	return eg_diag_add(d, doc->file, v->line, v->col,
			   _("\"%s\" must be true or false"), key);
}

int eg_yget_map(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const struct eg_ynode **out,
		struct eg_diags *d)
{
	const struct eg_ynode *v = eg_ymap_get(map, key);
	if (v == NULL)
		return required ? missing(doc, map, key, d) : 0;
	if (v->type != EG_Y_MAP)
		return type_error(doc, v, key, _("a mapping"), d);
	*out = v;
	return 0;
}

int eg_yget_seq(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const struct eg_ynode **out,
		struct eg_diags *d)
{
	const struct eg_ynode *v = eg_ymap_get(map, key);
	if (v == NULL)
		return required ? missing(doc, map, key, d) : 0;
	if (v->type != EG_Y_SEQ)
		return type_error(doc, v, key, _("a list"), d);
	*out = v;
	return 0;
}

int eg_yscalar_str(const struct eg_ydoc *doc, const struct eg_ynode *n,
		   const char *what, const char **out, struct eg_diags *d)
{
	if (n->type != EG_Y_SCALAR || eg_ynode_is_null(n))
		return eg_diag_add(d, doc->file, n->line, n->col,
				   _("%s must be text, not %s"), what,
				   eg_ynode_kind(n));
	*out = n->str;
	return 0;
}
