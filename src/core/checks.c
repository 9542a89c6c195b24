/*
 * checks.c: loading and validating check packs.
 */
#include "checks.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/embedded.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/rootfs.h"
#include "../util/yaml.h"

/* Generated at build time from the checks folder. */
extern const struct eg_embedded eg_check_packs[];

struct eg_checks {
	struct eg_ydoc **docs;     /* own every string of every check */
	size_t ndocs;
	struct eg_check *checks;
	size_t n, cap;
};

struct eg_checks *eg_checks_new(void)
{
	return eg_calloc(1, sizeof(struct eg_checks));
}

void eg_checks_free(struct eg_checks *cs)
{
	if (cs == NULL)
		return;
	for (size_t i = 0; i < cs->n; i++)
		free(cs->checks[i].measures);
	free(cs->checks);
	for (size_t i = 0; i < cs->ndocs; i++)
		eg_ydoc_free(cs->docs[i]);
	free(cs->docs);
	free(cs);
}

size_t eg_checks_count(const struct eg_checks *cs)
{
	return cs->n;
}

const struct eg_check *eg_checks_get(const struct eg_checks *cs, size_t i)
{
	return i < cs->n ? &cs->checks[i] : NULL;
}

const struct eg_check *eg_checks_find(const struct eg_checks *cs,
				      const char *id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->checks[i].id, id) == 0)
			return &cs->checks[i];
	return NULL;
}

int eg_check_maps(const struct eg_check *c, const char *measure_id)
{
	for (size_t i = 0; i < c->nmeasures; i++)
		if (strcmp(c->measures[i], measure_id) == 0)
			return 1;
	return 0;
}

/* Check IDs: lowercase dotted words, e.g. ssh.permit_root_login. */
static int valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > EG_CHECK_ID_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

static int load_check(struct eg_checks *cs, const struct eg_catalog *cat,
		      const struct eg_ydoc *doc, const struct eg_ynode *n,
		      struct eg_check *c, size_t first_new, struct eg_diags *d)
{
	static const char *const keys[] = {
		"id", "measures", "severity", "kind", "title_ja", "title_en",
		"rationale_ja", "rationale_en", "remediation_ja",
		"remediation_en", "query", NULL};
	const char *file = eg_ydoc_file(doc);
	int rc = 0;
	memset(c, 0, sizeof(*c));
	if (n->type != EG_Y_MAP)
		return eg_diag_add(d, file, n->line, n->col, "%s",
				   _("a check must be a mapping"));
	/* Missing keys are reported by the getters, each once; every getter
	 * runs so one pass shows every problem. */
	if (eg_ymap_check_keys(doc, n, keys, NULL, d) != 0)
		rc = EG_E_PARSE;
	const char *sev = NULL, *kind = NULL;
	const struct eg_ynode *ms = NULL;
	int bad = 0;
	bad |= eg_yget_str(doc, n, "id", 1, &c->id, d);
	bad |= eg_yget_seq(doc, n, "measures", 1, &ms, d);
	bad |= eg_yget_str(doc, n, "severity", 1, &sev, d);
	bad |= eg_yget_str(doc, n, "kind", 1, &kind, d);
	bad |= eg_yget_str(doc, n, "title_ja", 1, &c->title_ja, d);
	bad |= eg_yget_str(doc, n, "title_en", 1, &c->title_en, d);
	bad |= eg_yget_str(doc, n, "rationale_ja", 1, &c->rationale_ja, d);
	bad |= eg_yget_str(doc, n, "rationale_en", 1, &c->rationale_en, d);
	bad |= eg_yget_str(doc, n, "remediation_ja", 1, &c->remediation_ja, d);
	bad |= eg_yget_str(doc, n, "remediation_en", 1, &c->remediation_en, d);
	bad |= eg_yget_str(doc, n, "query", 1, &c->query, d);
	if (bad)
		rc = EG_E_PARSE;
	c->file = file;
	c->line = n->line;
	if (c->id != NULL) {
		const struct eg_ynode *v = eg_ymap_get(n, "id");
		if (!valid_id(c->id))
			rc = eg_diag_add(d, file, v->line, v->col,
					 _("check id \"%.*s\" must be lowercase letters, digits, '_', '-' and '.' (at most %u)"),
					 EG_QUOTE_MAX, c->id, EG_CHECK_ID_MAX);
		for (size_t i = 0; i < cs->n; i++) {
			if (cs->checks[i].id != NULL &&
			    strcmp(cs->checks[i].id, c->id) == 0) {
				rc = eg_diag_add(d, file, v->line, v->col,
						 _("check id \"%s\" is already defined at %s:%u; give each check its own id"),
						 c->id, cs->checks[i].file,
						 cs->checks[i].line);
				break;
			}
		}
		(void)first_new;
	}
	if (sev != NULL && eg_severity_parse(sev, &c->severity) != 0) {
		const struct eg_ynode *v = eg_ymap_get(n, "severity");
		rc = eg_diag_add(d, file, v->line, v->col, "%s",
				 _("severity must be critical, high, medium, low or info"));
	}
	if (kind != NULL && eg_check_kind_parse(kind, &c->kind) != 0) {
		const struct eg_ynode *v = eg_ymap_get(n, "kind");
		rc = eg_diag_add(d, file, v->line, v->col, "%s",
				 _("kind must be technical or attestation"));
	}
	if (ms != NULL) {
		if (ms->n == 0 || ms->n > 100) {
			rc = eg_diag_add(d, file, ms->line, ms->col, "%s",
					 _("a check needs 1 to 100 measures"));
		} else {
			c->measures = eg_calloc(ms->n, sizeof(*c->measures));
			if (c->measures == NULL)
				return EG_E_NOMEM;
			for (size_t i = 0; i < ms->n; i++) {
				const struct eg_ynode *m = ms->items[i];
				const char *mid = NULL;
				if (eg_yscalar_str(doc, m, _("a measure ID"), &mid, d) != 0) {
					rc = EG_E_PARSE;
					continue;
				}
				if (eg_catalog_find_measure(cat, mid) == NULL) {
					rc = eg_diag_add(d, file, m->line, m->col,
							 _("unknown measure \"%.*s\"; see 'ecguard catalog' for IDs like T02.05"),
							 EG_QUOTE_MAX, mid);
					continue;
				}
				c->measures[c->nmeasures++] = mid;
			}
		}
	}
	if (c->query != NULL && c->query[0] == '\0') {
		const struct eg_ynode *v = eg_ymap_get(n, "query");
		rc = eg_diag_add(d, file, v->line, v->col, "%s",
				 _("query is empty"));
	}
	return rc;
}

int eg_checks_add_pack(struct eg_checks *cs, const struct eg_catalog *cat,
		       const char *file, const char *data, size_t len,
		       struct eg_diags *d)
{
	static const char *const keys[] = {"schema", "checks", NULL};
	struct eg_ydoc *doc = NULL;
	size_t before = eg_diags_total(d);
	int rc = eg_yaml_parse(file, data, len, &doc, d);
	if (rc != 0)
		return rc;
	const struct eg_ynode *root = eg_ydoc_root(doc);
	const struct eg_ynode *list = NULL;
	const char *schema = NULL;
	size_t first_new = cs->n;
	if (root == NULL || root->type != EG_Y_MAP) {
		rc = eg_diag_add(d, file, root ? root->line : 1, root ? root->col : 1,
				 "%s", _("a check pack must be a mapping with schema: and checks:"));
		goto out;
	}
	if (eg_ymap_check_keys(doc, root, keys, keys, d) != 0 ||
	    eg_yget_str(doc, root, "schema", 1, &schema, d) != 0 ||
	    eg_yget_seq(doc, root, "checks", 1, &list, d) != 0)
		rc = EG_E_PARSE;
	if (schema != NULL && strcmp(schema, "ecguard.checks/1") != 0) {
		const struct eg_ynode *v = eg_ymap_get(root, "schema");
		rc = eg_diag_add(d, file, v->line, v->col, "%s",
				 _("unsupported schema; expected ecguard.checks/1"));
	}
	if (list == NULL)
		goto out;
	if (cs->n + list->n > EG_CHECKS_MAX) {
		rc = eg_diag_add(d, file, list->line, list->col,
				 _("more than %u checks"), EG_CHECKS_MAX);
		goto out;
	}
	if (cs->n + list->n > cs->cap) {
		size_t ncap = cs->n + list->n + 64;
		void *p = eg_reallocarray(cs->checks, ncap, sizeof(*cs->checks));
		if (p == NULL) {
			rc = EG_E_NOMEM;
			goto out;
		}
		cs->checks = p;
		cs->cap = ncap;
	}
	for (size_t i = 0; i < list->n; i++) {
		struct eg_check *c = &cs->checks[cs->n];
		if (load_check(cs, cat, doc, list->items[i], c, first_new, d) != 0)
			rc = EG_E_PARSE;
		cs->n++; /* kept so later duplicates within the pack are found */
	}
	if (rc == 0 && eg_diags_total(d) > before)
		rc = EG_E_PARSE;
out:
	if (rc != 0) {
		for (size_t i = first_new; i < cs->n; i++)
			free(cs->checks[i].measures);
		cs->n = first_new;
		eg_ydoc_free(doc);
		return rc;
	}
	void *p = eg_reallocarray(cs->docs, cs->ndocs + 1, sizeof(*cs->docs));
	if (p == NULL) {
		for (size_t i = first_new; i < cs->n; i++)
			free(cs->checks[i].measures);
		cs->n = first_new;
		eg_ydoc_free(doc);
		return EG_E_NOMEM;
	}
	cs->docs = p;
	cs->docs[cs->ndocs++] = doc;
	return 0;
}

int eg_checks_add_builtin(struct eg_checks *cs, const struct eg_catalog *cat,
			  struct eg_diags *d)
{
	int rc = 0;
	for (size_t i = 0; eg_check_packs[i].name != NULL; i++) {
		char name[256];
		snprintf(name, sizeof(name), "checks/%s", eg_check_packs[i].name);
		if (eg_checks_add_pack(cs, cat, name, eg_check_packs[i].data,
				       eg_check_packs[i].len, d) != 0)
			rc = EG_E_PARSE;
	}
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int eg_checks_add_dir(struct eg_checks *cs, const struct eg_catalog *cat,
		      const char *dir, struct eg_diags *d)
{
	struct eg_root *r = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_root_open(dir, &r, &e) != 0)
		return eg_diag_add(d, dir, 0, 0,
				   _("cannot open the checks folder: %s"),
				   eg_err_msg(&e));
	DIR *dh = NULL;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;
	if (eg_root_opendir(r, "/", &dh, &e) != 0) {
		rc = eg_diag_add(d, dir, 0, 0, _("cannot read the checks folder: %s"),
				 eg_err_msg(&e));
		goto out;
	}
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 6 ||
		    strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		if (n >= EG_CHECK_PACKS_MAX) {
			rc = eg_diag_add(d, dir, 0, 0,
					 _("more than %u check packs in the folder"),
					 EG_CHECK_PACKS_MAX);
			goto out;
		}
		void *p = eg_reallocarray(names, n + 1, sizeof(*names));
		if (p == NULL || (((char **)p)[n] = eg_strdup(de->d_name)) == NULL) {
			if (p != NULL)
				names = p;
			rc = EG_E_NOMEM;
			goto out;
		}
		names = p;
		n++;
	}
	qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct eg_buf b, path;
		eg_buf_init(&b, EG_YAML_MAX_BYTES);
		eg_buf_init(&path, EG_PATH_MAX);
		eg_buf_addf(&path, "%s/%s", dir, names[i]);
		eg_err_clear(&e);
		if (eg_root_read(r, names[i], EG_YAML_MAX_BYTES, &b, &e) != 0)
			rc = eg_diag_add(d, eg_buf_str(&path), 0, 0, "%s",
					 eg_err_msg(&e));
		else if (eg_checks_add_pack(cs, cat, eg_buf_str(&path), b.data ? b.data : "",
					    b.len, d) != 0)
			rc = EG_E_PARSE;
		eg_buf_free(&b);
		eg_buf_free(&path);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (dh != NULL)
		closedir(dh);
	eg_root_free(r);
	return rc;
}
