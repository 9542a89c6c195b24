/*
 * cmd_catalog.c: `ecguard catalog` shows the guideline: the themes with their
 * measure counts, one theme's measures, one measure in full, the relation
 * matrix between themes, or all of it as JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/catalog.h"
#include "../report/table.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "cli.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard catalog [THEME | MEASURE] [--matrix] [--format text|json]\n"
			 "\n"
			 "Shows the guideline catalogue: its 11 themes and 100 measures.\n"
			 "\n"
			 "  (no argument)   the themes with their measure counts\n"
			 "  T02             one theme and its measures\n"
			 "  T02.05          one measure in full\n"
			 "  --matrix        the relations between themes (table 1-1)\n"
			 "  --format FMT    text (default) or json\n"
			 "  -h, --help      this help\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

static const char *layer_label(const char *layer)
{
	if (strcmp(layer, "governance") == 0)
		return _("governance");
	if (strcmp(layer, "threat") == 0)
		return _("threat");
	return _("foundation");
}

/* Translated label of a measure kind (the kind itself stays a code). */
static const char *kind_label(const char *kind)
{
	static const char *const labels[][2] = {
		{"policy", N_("policy")},
		{"responsibility", N_("responsibility")},
		{"specification", N_("specification")},
		{"construction", N_("construction")},
		{"information", N_("information")},
		{"inspection", N_("inspection")},
		{"monitoring", N_("monitoring")},
		{"prevention", N_("prevention")},
		{"preparedness", N_("preparedness")},
		{"operation", N_("operation")},
		{"media", N_("media")},
		{"outsourcing", N_("outsourcing")},
		{"education", N_("education")},
		{"periodic-check", N_("periodic check")},
		{"staff", N_("staff")},
		{"external-cooperation", N_("external cooperation")},
		{"budget", N_("budget")},
		{"audit", N_("audit")},
		{"config-policy", N_("configuration policy")},
		{"security-tools", N_("security tools")},
		{"server-requirements", N_("server requirements")},
		{"app-security", N_("application security")},
		{"software-protection", N_("software protection")},
		{"manuals", N_("manuals")},
		{"daily-operation", N_("daily operation")},
		{"physical-access", N_("physical access")},
		{"unit-preparedness", N_("unit preparedness")},
		{"response-plan", N_("response plan")},
		{"drill", N_("drill")},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(kind, labels[i][0]) == 0)
			return _(labels[i][1]);
	return kind;
}

static const char *theme_title(const struct eg_theme *t)
{
	return eg_pick(t->title_ja, t->title_en);
}

static int text_themes(const struct eg_catalog *c, struct eg_buf *out)
{
	eg_buf_addf(out, _("Guideline catalogue: %zu themes, %zu measures\n\n"),
		    eg_catalog_nthemes(c), eg_catalog_nmeasures(c));
	struct eg_table *t = eg_table_new(5);
	if (t == NULL)
		return EG_E_NOMEM;
	eg_table_cell(t, _("ID"));
	eg_table_cell(t, _("Section"));
	eg_table_cell(t, _("Layer"));
	eg_table_cell(t, _("Measures"));
	eg_table_cell(t, _("Title"));
	for (size_t i = 0; i < eg_catalog_nthemes(c); i++) {
		const struct eg_theme *th = eg_catalog_theme(c, i);
		char n[16];
		snprintf(n, sizeof(n), "%zu", th->nmeasures);
		eg_table_cell(t, th->id);
		eg_table_cell(t, th->section);
		eg_table_cell(t, layer_label(th->layer));
		eg_table_cell(t, n);
		eg_table_cell(t, theme_title(th));
	}
	int rc = eg_table_render(t, 1, out);
	eg_table_free(t);
	return rc;
}

static int text_theme(const struct eg_theme *th, struct eg_buf *out)
{
	eg_buf_addf(out, "%s  %s  %s\n", th->id, th->section, th->title_ja);
	eg_buf_addf(out, "%*s  %s (%s)\n\n", (int)strlen(th->id), "",
		    th->title_en, layer_label(th->layer));
	struct eg_table *t = eg_table_new(4);
	if (t == NULL)
		return EG_E_NOMEM;
	eg_table_cell(t, _("ID"));
	eg_table_cell(t, _("Section"));
	eg_table_cell(t, _("Kind"));
	eg_table_cell(t, _("Title"));
	for (size_t i = 0; i < th->nmeasures; i++) {
		const struct eg_measure *m = &th->measures[i];
		eg_table_cell(t, m->id);
		eg_table_cell(t, m->section);
		eg_table_cell(t, kind_label(m->kind));
		eg_table_cell(t, eg_pick(m->title_ja, m->title_en));
	}
	int rc = eg_table_render(t, 1, out);
	eg_table_free(t);
	return rc;
}

static void text_measure(const struct eg_catalog *c,
			 const struct eg_measure *m, struct eg_buf *out)
{
	const struct eg_theme *th = eg_catalog_theme(c, (size_t)m->theme);
	eg_buf_addf(out, "%s  %s\n", m->id, m->section);
	eg_buf_addf(out, "  %-14s %s %s\n", _("Theme:"), th->id,
		    theme_title(th));
	eg_buf_addf(out, "  %-14s %s\n", _("Kind:"), kind_label(m->kind));
	eg_buf_addf(out, "  %-14s %s\n", _("Title (ja):"), m->title_ja);
	eg_buf_addf(out, "  %-14s %s\n", _("Title (en):"), m->title_en);
	if (m->cadence != NULL)
		eg_buf_addf(out, "  %-14s %s\n", _("Cadence:"), m->cadence);
	eg_buf_addf(out, "\n  %s\n", eg_pick(m->description_ja, m->description_en));
	if (m->note != NULL)
		eg_buf_addf(out, "\n  %s %s\n", _("Note:"), m->note);
	int first = 1;
	for (size_t i = 0; i < eg_catalog_nrelations(c); i++) {
		const struct eg_relation *r = eg_catalog_relation(c, i);
		for (size_t k = 0; k < r->nvia; k++) {
			if (r->via[k] != m)
				continue;
			const struct eg_theme *to =
				eg_catalog_theme(c, (size_t)r->to);
			eg_buf_addf(out, "%s%s %s", first ? "\n  " : ", ",
				    first ? _("Relates to:") : "", to->id);
			first = 0;
		}
	}
	if (!first)
		eg_buf_addc(out, '\n');
}

static void text_matrix(const struct eg_catalog *c, struct eg_buf *out)
{
	size_t n = eg_catalog_nthemes(c);
	eg_buf_adds(out, _("Relations between themes (row theme relates to column theme)\n\n"));
	eg_buf_adds(out, "     ");
	for (size_t j = 0; j < n; j++)
		eg_buf_addf(out, " %s", eg_catalog_theme(c, j)->id);
	eg_buf_addc(out, '\n');
	for (size_t i = 0; i < n; i++) {
		eg_buf_addf(out, "%s  ", eg_catalog_theme(c, i)->id);
		for (size_t j = 0; j < n; j++) {
			int rel = 0;
			for (size_t k = 0; k < eg_catalog_nrelations(c); k++) {
				const struct eg_relation *r =
					eg_catalog_relation(c, k);
				if (r->from == (int)i && r->to == (int)j)
					rel = 1;
			}
			eg_buf_adds(out, i == j ? "   -" : (rel ? "   x" : "   ."));
		}
		eg_buf_addc(out, '\n');
	}
	eg_buf_addc(out, '\n');
	for (size_t k = 0; k < eg_catalog_nrelations(c); k++) {
		const struct eg_relation *r = eg_catalog_relation(c, k);
		eg_buf_addf(out, "%s -> %s  %s ", eg_catalog_theme(c, (size_t)r->from)->id,
			    eg_catalog_theme(c, (size_t)r->to)->id, _("via"));
		for (size_t v = 0; v < r->nvia; v++)
			eg_buf_addf(out, "%s%s", v ? ", " : "", r->via[v]->id);
		eg_buf_addc(out, '\n');
	}
}

static void json_measure(struct eg_json *j, const struct eg_measure *m)
{
	eg_json_obj_begin(j);
	eg_json_kstr(j, "id", m->id);
	eg_json_kstr(j, "section", m->section);
	eg_json_kstr(j, "title_ja", m->title_ja);
	eg_json_kstr(j, "title_en", m->title_en);
	eg_json_kstr(j, "kind", m->kind);
	eg_json_kstr(j, "description_ja", m->description_ja);
	eg_json_kstr(j, "description_en", m->description_en);
	if (m->cadence != NULL)
		eg_json_kstr(j, "cadence", m->cadence);
	if (m->note != NULL)
		eg_json_kstr(j, "note", m->note);
	eg_json_obj_end(j);
}

/* The whole catalogue, or the part one theme or measure selects. */
static void json_catalog(const struct eg_catalog *c, const struct eg_theme *only_t,
			 const struct eg_measure *only_m, struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_key(&j, "themes");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < eg_catalog_nthemes(c); i++) {
		const struct eg_theme *th = eg_catalog_theme(c, i);
		if (only_t != NULL && th != only_t)
			continue;
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "id", th->id);
		eg_json_kstr(&j, "section", th->section);
		eg_json_kstr(&j, "title_ja", th->title_ja);
		eg_json_kstr(&j, "title_en", th->title_en);
		eg_json_kstr(&j, "layer", th->layer);
		eg_json_key(&j, "measures");
		eg_json_arr_begin(&j);
		for (size_t k = 0; k < th->nmeasures; k++)
			if (only_m == NULL || &th->measures[k] == only_m)
				json_measure(&j, &th->measures[k]);
		eg_json_arr_end(&j);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_key(&j, "relations");
	eg_json_arr_begin(&j);
	for (size_t k = 0; k < eg_catalog_nrelations(c); k++) {
		const struct eg_relation *r = eg_catalog_relation(c, k);
		int keep = only_t == NULL || r->from == (int)(only_t - eg_catalog_theme(c, 0)) ||
			   r->to == (int)(only_t - eg_catalog_theme(c, 0));
		if (only_m != NULL) {
			keep = 0;
			for (size_t v = 0; v < r->nvia; v++)
				if (r->via[v] == only_m)
					keep = 1;
		}
		if (!keep)
			continue;
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "from", eg_catalog_theme(c, (size_t)r->from)->id);
		eg_json_kstr(&j, "to", eg_catalog_theme(c, (size_t)r->to)->id);
		eg_json_key(&j, "via");
		eg_json_arr_begin(&j);
		for (size_t v = 0; v < r->nvia; v++)
			eg_json_str(&j, r->via[v]->id);
		eg_json_arr_end(&j);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"matrix", no_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, matrix = 0, c;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:m", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = eg_cli_format("catalog", optarg, formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'm':
			matrix = 1;
			break;
		case 'h':
			help(&out);
			c = eg_cli_emit("catalog", &out, NULL);
			eg_buf_free(&out);
			return c;
		default:
			return eg_cli_usage("catalog", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return eg_cli_usage("catalog", "%s",
				    _("give at most one theme or measure ID"));
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL)
		return eg_cli_fail("catalog", EG_EXIT_INTERNAL, "%s",
				   eg_err_msg(&e));
	const struct eg_theme *th = NULL;
	const struct eg_measure *m = NULL;
	if (optind < argc) {
		const char *id = argv[optind];
		th = eg_catalog_find_theme(cat, id);
		if (th == NULL) {
			m = eg_catalog_find_measure(cat, id);
			if (m == NULL)
				return eg_cli_usage(
					"catalog",
					_("no theme or measure \"%.*s\"; IDs look like T02 or T02.05 (T01-T11)"),
					EG_QUOTE_MAX, id);
		}
		if (matrix)
			return eg_cli_usage("catalog", "%s",
					    _("--matrix shows every theme; give no ID with it"));
	}
	int rc = 0;
	if (fmt == 1) {
		json_catalog(cat, th, m, &out);
	} else if (matrix) {
		text_matrix(cat, &out);
	} else if (m != NULL) {
		text_measure(cat, m, &out);
	} else if (th != NULL) {
		rc = text_theme(th, &out);
	} else {
		rc = text_themes(cat, &out);
	}
	if (rc != 0 && out.err == 0)
		out.err = rc;
	rc = eg_cli_emit("catalog", &out, NULL);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_catalog = {
	.name = "catalog",
	.summary = N_("show the guideline's themes and measures"),
	.run = run,
};
