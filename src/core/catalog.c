/*
 * catalog.c: loading and validating the guideline catalogue; deriving the
 * theme relations of table 1-1 from the measures.
 */
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/mem.h"
#include "../util/yaml.h"

/* Generated at build time from catalog/guideline.yaml. */
extern const unsigned char eg_catalog_yaml[];
extern const size_t eg_catalog_yaml_len;

const char *const eg_measure_kinds[] = {
	"policy", "responsibility", "specification", "construction",
	"information", "inspection", "monitoring", "prevention",
	"preparedness", "operation", "media", "outsourcing", "education",
	"periodic-check", "staff", "external-cooperation", "budget", "audit",
	"config-policy", "security-tools", "server-requirements",
	"app-security", "software-protection", "manuals", "daily-operation",
	"physical-access", "unit-preparedness", "response-plan", "drill",
	NULL,
};

static const char *const layers[] = {"governance", "threat", "foundation",
				     NULL};

struct eg_catalog {
	struct eg_ydoc *doc;       /* owns every string */
	struct eg_theme *themes;
	size_t nthemes;
	size_t nmeasures;
	struct eg_relation *relations;
	size_t nrelations;
};

#define MAX_THEMES 99
#define MAX_MEASURES 99

void eg_catalog_free(struct eg_catalog *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nthemes; i++)
		free(c->themes[i].measures);
	free(c->themes);
	for (size_t i = 0; i < c->nrelations; i++)
		free(c->relations[i].via);
	free(c->relations);
	eg_ydoc_free(c->doc);
	free(c);
}

static int in_set(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i] != NULL; i++)
		if (strcmp(s, set[i]) == 0)
			return 1;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int load_measure(struct eg_catalog *c, const struct eg_ynode *n,
			struct eg_theme *t, size_t ti, size_t mi,
			struct eg_diags *d)
{
	static const char *const keys[] = {
		"id", "section", "kind", "title_ja", "title_en",
		"description_ja", "description_en", "note", "cadence", NULL};
	const char *file = eg_ydoc_file(c->doc);
	struct eg_measure *m = &t->measures[mi];
	int rc = 0;
	if (n->type != EG_Y_MAP)
		return eg_diag_add(d, file, n->line, n->col, "%s",
				   _("a measure must be a mapping"));
	if (eg_ymap_check_keys(c->doc, n, keys, NULL, d) != 0)
		rc = EG_E_PARSE;
	const char *id = NULL;
	int bad = 0;
	bad |= eg_yget_str(c->doc, n, "id", 1, &id, d);
	bad |= eg_yget_str(c->doc, n, "section", 1, &m->section, d);
	bad |= eg_yget_str(c->doc, n, "kind", 1, &m->kind, d);
	bad |= eg_yget_str(c->doc, n, "title_ja", 1, &m->title_ja, d);
	bad |= eg_yget_str(c->doc, n, "title_en", 1, &m->title_en, d);
	bad |= eg_yget_str(c->doc, n, "description_ja", 1, &m->description_ja, d);
	bad |= eg_yget_str(c->doc, n, "description_en", 1, &m->description_en, d);
	bad |= eg_yget_str(c->doc, n, "note", 0, &m->note, d);
	bad |= eg_yget_str(c->doc, n, "cadence", 0, &m->cadence, d);
	if (bad)
		rc = EG_E_PARSE;
	m->theme = (int)ti;
	m->number = (int)mi + 1;
	if (id != NULL) {
		char want[32];
		snprintf(want, sizeof(want), "%s.%02u", t->id,
			 (unsigned)(mi + 1) % 100u);
		if (strcmp(id, want) != 0) {
			const struct eg_ynode *v = eg_ymap_get(n, "id");
			rc = eg_diag_add(d, file, v->line, v->col,
					 _("measure id \"%.*s\" out of order; expected %s"),
					 EG_QUOTE_MAX, id, want);
		} else {
			memcpy(m->id, want, strlen(want) + 1);
		}
	}
	if (m->kind != NULL && !in_set(m->kind, eg_measure_kinds)) {
		const struct eg_ynode *v = eg_ymap_get(n, "kind");
		const char *sug = eg_did_you_mean(m->kind, eg_measure_kinds);
		if (sug != NULL)
			rc = eg_diag_add(d, file, v->line, v->col,
					 _("unknown measure kind \"%.*s\"; did you mean \"%s\"?"),
					 EG_QUOTE_MAX, m->kind, sug);
		else
			rc = eg_diag_add(d, file, v->line, v->col,
					 _("unknown measure kind \"%.*s\""),
					 EG_QUOTE_MAX, m->kind);
	}
	if (m->cadence != NULL) {
		struct eg_duration du;
		if (eg_duration_parse(m->cadence, &du) != 0) {
			const struct eg_ynode *v = eg_ymap_get(n, "cadence");
			rc = eg_diag_add(d, file, v->line, v->col,
					 _("invalid cadence \"%.*s\"; write a number and d, w, m or y, e.g. 12m"),
					 EG_QUOTE_MAX, m->cadence);
		}
	}
	return rc;
}

static int load_theme(struct eg_catalog *c, const struct eg_ynode *n,
		      size_t ti, struct eg_diags *d)
{
	static const char *const keys[] = {"id", "section", "layer",
					   "title_ja", "title_en",
					   "measures", NULL};
	const char *file = eg_ydoc_file(c->doc);
	struct eg_theme *t = &c->themes[ti];
	int rc = 0;
	if (n->type != EG_Y_MAP)
		return eg_diag_add(d, file, n->line, n->col, "%s",
				   _("a theme must be a mapping"));
	if (eg_ymap_check_keys(c->doc, n, keys, NULL, d) != 0)
		rc = EG_E_PARSE;
	const char *id = NULL;
	const struct eg_ynode *ms = NULL;
	int bad = 0;
	bad |= eg_yget_str(c->doc, n, "id", 1, &id, d);
	bad |= eg_yget_str(c->doc, n, "section", 1, &t->section, d);
	bad |= eg_yget_str(c->doc, n, "layer", 1, &t->layer, d);
	bad |= eg_yget_str(c->doc, n, "title_ja", 1, &t->title_ja, d);
	bad |= eg_yget_str(c->doc, n, "title_en", 1, &t->title_en, d);
	bad |= eg_yget_seq(c->doc, n, "measures", 1, &ms, d);
	if (bad)
		rc = EG_E_PARSE;
	char want[32];
	snprintf(want, sizeof(want), "T%02u", (unsigned)(ti + 1) % 100u);
	memcpy(t->id, want, sizeof(t->id));
	if (id != NULL && strcmp(id, want) != 0) {
		const struct eg_ynode *v = eg_ymap_get(n, "id");
		rc = eg_diag_add(d, file, v->line, v->col,
				 _("theme id \"%.*s\" out of order; expected %s"),
				 EG_QUOTE_MAX, id, want);
	}
	if (t->layer != NULL && !in_set(t->layer, layers)) {
		const struct eg_ynode *v = eg_ymap_get(n, "layer");
		rc = eg_diag_add(d, file, v->line, v->col,
				 _("layer must be governance, threat or foundation"));
	}
	if (ms == NULL)
		return rc;
	if (ms->n == 0 || ms->n > MAX_MEASURES)
		return eg_diag_add(d, file, ms->line, ms->col,
				   _("a theme needs 1 to %d measures"),
				   MAX_MEASURES);
	t->measures = eg_calloc(ms->n, sizeof(*t->measures));
	if (t->measures == NULL)
		return EG_E_NOMEM;
	t->nmeasures = ms->n;
	for (size_t i = 0; i < ms->n; i++)
		if (load_measure(c, ms->items[i], t, ti, i, d) != 0)
			rc = EG_E_PARSE;
	c->nmeasures += ms->n;
	return rc;
}

static int add_relation(struct eg_catalog *c, int from, int to,
			const struct eg_measure *m)
{
	struct eg_relation *r = NULL;
	for (size_t i = 0; i < c->nrelations; i++)
		if (c->relations[i].from == from && c->relations[i].to == to)
			r = &c->relations[i];
	if (r == NULL) {
		void *p = eg_reallocarray(c->relations, c->nrelations + 1,
					  sizeof(*c->relations));
		if (p == NULL)
			return EG_E_NOMEM;
		c->relations = p;
		r = &c->relations[c->nrelations++];
		memset(r, 0, sizeof(*r));
		r->from = from;
		r->to = to;
	}
	void *p = eg_reallocarray(r->via, r->nvia + 1, sizeof(*r->via));
	if (p == NULL)
		return EG_E_NOMEM;
	r->via = p;
	r->via[r->nvia++] = m;
	return 0;
}

static int theme_index(const struct eg_catalog *c, const char *id)
{
	for (size_t i = 0; i < c->nthemes; i++)
		if (strcmp(c->themes[i].id, id) == 0)
			return (int)i;
	return -1;
}

/*
 * Table 1-1 of the guideline is garbled in the seed; the relations follow
 * from the measures themselves: a theme's policy and responsibility measures
 * tie it to security management (T01), its construction measure to building
 * a secure system (T09), its operation measure to secure operation (T10) and
 * its preparedness measure to incident preparedness (T11).
 */
static int rel_cmp(const void *a, const void *b)
{
	const struct eg_relation *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : (x->to > y->to ? 1 : 0);
}

static int derive_relations(struct eg_catalog *c)
{
	static const struct {
		const char *kind;
		const char *to;
	} rules[] = {
		{"policy", "T01"},       {"responsibility", "T01"},
		{"construction", "T09"}, {"operation", "T10"},
		{"preparedness", "T11"},
	};
	for (size_t ti = 0; ti < c->nthemes; ti++) {
		const struct eg_theme *t = &c->themes[ti];
		for (size_t mi = 0; mi < t->nmeasures; mi++) {
			const struct eg_measure *m = &t->measures[mi];
			for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]);
			     r++) {
				if (m->kind == NULL ||
				    strcmp(m->kind, rules[r].kind) != 0)
					continue;
				int to = theme_index(c, rules[r].to);
				if (to < 0 || to == (int)ti)
					continue;
				if (add_relation(c, (int)ti, to, m) != 0)
					return EG_E_NOMEM;
			}
		}
	}
	if (c->nrelations > 1)
		qsort(c->relations, c->nrelations, sizeof(*c->relations),
		      rel_cmp);
	return 0;
}

int eg_catalog_load(const char *file, const char *data, size_t len,
		    struct eg_catalog **out, struct eg_diags *d)
{
	static const char *const keys[] = {"schema", "source_ja", "themes",
					   NULL};
	static const char *const req[] = {"schema", "themes", NULL};
	*out = NULL;
	struct eg_catalog *c = eg_calloc(1, sizeof(*c));
	if (c == NULL)
		return EG_E_NOMEM;
	int rc = eg_yaml_parse(file, data, len, &c->doc, d);
	if (rc != 0)
		goto out;
	const struct eg_ynode *root = eg_ydoc_root(c->doc);
	if (root == NULL || root->type != EG_Y_MAP) {
		rc = eg_diag_add(d, file, root ? root->line : 1,
				 root ? root->col : 1, "%s",
				 _("the catalogue must be a mapping with schema: and themes:"));
		goto out;
	}
	if (eg_ymap_check_keys(c->doc, root, keys, req, d) != 0)
		rc = EG_E_PARSE;
	const char *schema = NULL;
	const struct eg_ynode *themes = NULL;
	if (eg_yget_str(c->doc, root, "schema", 1, &schema, d) != 0 ||
	    eg_yget_seq(c->doc, root, "themes", 1, &themes, d) != 0)
		rc = EG_E_PARSE;
	if (schema != NULL && strcmp(schema, "ecguard.catalog/1") != 0) {
		const struct eg_ynode *v = eg_ymap_get(root, "schema");
		rc = eg_diag_add(d, file, v->line, v->col, "%s",
				 _("unsupported schema; expected ecguard.catalog/1"));
	}
	if (themes == NULL)
		goto out;
	if (themes->n == 0 || themes->n > MAX_THEMES) {
		rc = eg_diag_add(d, file, themes->line, themes->col,
				 _("the catalogue needs 1 to %d themes"),
				 MAX_THEMES);
		goto out;
	}
	c->themes = eg_calloc(themes->n, sizeof(*c->themes));
	if (c->themes == NULL) {
		rc = EG_E_NOMEM;
		goto out;
	}
	c->nthemes = themes->n;
	for (size_t i = 0; i < themes->n; i++)
		if (load_theme(c, themes->items[i], i, d) != 0)
			rc = EG_E_PARSE;
	if (rc == 0 && eg_diags_total(d) > 0)
		rc = EG_E_PARSE; /* e.g. duplicate keys */
	if (rc == 0)
		rc = derive_relations(c);
out:
	if (rc == 0) {
		*out = c;
		c = NULL;
	}
	eg_catalog_free(c);
	return rc;
}

const struct eg_catalog *eg_catalog_builtin(struct eg_err *e)
{
	static struct eg_catalog *builtin;
	if (builtin != NULL)
		return builtin;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_catalog_load("catalog/guideline.yaml", (const char *)eg_catalog_yaml,
				 eg_catalog_yaml_len, &builtin, &d);
	if (rc != 0) {
		if (d.count > 0)
			eg_err_set(e, EG_E_INTERNAL,
				   "built-in catalogue is broken: %s:%u:%u: %s",
				   d.items[0].file, d.items[0].line,
				   d.items[0].col, d.items[0].msg);
		else
			eg_err_set(e, EG_E_INTERNAL,
				   "built-in catalogue is broken: %s",
				   eg_strerror(rc));
	}
	eg_diags_free(&d);
	return builtin;
}

size_t eg_catalog_nthemes(const struct eg_catalog *c)
{
	return c->nthemes;
}

const struct eg_theme *eg_catalog_theme(const struct eg_catalog *c, size_t i)
{
	return i < c->nthemes ? &c->themes[i] : NULL;
}

size_t eg_catalog_nmeasures(const struct eg_catalog *c)
{
	return c->nmeasures;
}

const struct eg_theme *eg_catalog_find_theme(const struct eg_catalog *c,
					     const char *id)
{
	int i = theme_index(c, id);
	return i < 0 ? NULL : &c->themes[i];
}

const struct eg_measure *eg_catalog_find_measure(const struct eg_catalog *c,
						 const char *id)
{
	if (strlen(id) != 6 || id[3] != '.' || !is_digit(id[4]) ||
	    !is_digit(id[5]))
		return NULL;
	char tid[4];
	memcpy(tid, id, 3);
	tid[3] = '\0';
	const struct eg_theme *t = eg_catalog_find_theme(c, tid);
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < t->nmeasures; i++)
		if (strcmp(t->measures[i].id, id) == 0)
			return &t->measures[i];
	return NULL;
}

size_t eg_catalog_nrelations(const struct eg_catalog *c)
{
	return c->nrelations;
}

const struct eg_relation *eg_catalog_relation(const struct eg_catalog *c,
					      size_t i)
{
	return i < c->nrelations ? &c->relations[i] : NULL;
}
