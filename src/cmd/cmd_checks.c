/*
 * cmd_checks.c: `ecguard checks` lists the checks (shipped packs and a
 * site's own --checks folder) with the measures they give evidence for, and
 * which measures no check reaches yet.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/checks.h"
#include "../report/table.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "cli.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard checks [--checks DIR] [--format text|json]\n"
			 "\n"
			 "Lists every check: its id, severity, kind, the measures it gives\n"
			 "evidence for, and its title; then how many measures the checks reach.\n"
			 "\n"
			 "  --checks DIR    also load the site's own check packs (*.yaml) from DIR\n"
			 "  --format FMT    text (default) or json\n"
			 "  -h, --help      this help\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

static void measures_joined(const struct eg_check *c, struct eg_buf *out)
{
	for (size_t i = 0; i < c->nmeasures; i++)
		eg_buf_addf(out, "%s%s", i ? "," : "", c->measures[i]);
}

static int render_text(const struct eg_catalog *cat,
		       const struct eg_checks *cs, struct eg_buf *out)
{
	struct eg_table *t = eg_table_new(5);
	if (t == NULL)
		return EG_E_NOMEM;
	eg_table_cell(t, _("ID"));
	eg_table_cell(t, _("Severity"));
	eg_table_cell(t, _("Kind"));
	eg_table_cell(t, _("Measures"));
	eg_table_cell(t, _("Title"));
	for (size_t i = 0; i < eg_checks_count(cs); i++) {
		const struct eg_check *c = eg_checks_get(cs, i);
		struct eg_buf m;
		eg_buf_init(&m, 4096);
		measures_joined(c, &m);
		eg_table_cell(t, c->id);
		eg_table_cell(t, eg_severity_label(c->severity));
		eg_table_cell(t, c->kind == EG_KIND_ATTESTATION ? _("attestation")
								 : _("technical"));
		eg_table_cell(t, eg_buf_str(&m));
		eg_table_cell(t, eg_pick(c->title_ja, c->title_en));
		eg_buf_free(&m);
	}
	int rc = eg_table_render(t, 1, out);
	eg_table_free(t);
	size_t reached = 0;
	struct eg_buf missing;
	eg_buf_init(&missing, 4096);
	for (size_t ti = 0; ti < eg_catalog_nthemes(cat); ti++) {
		const struct eg_theme *th = eg_catalog_theme(cat, ti);
		for (size_t mi = 0; mi < th->nmeasures; mi++) {
			int hit = 0;
			for (size_t i = 0; i < eg_checks_count(cs) && !hit; i++)
				hit = eg_check_maps(eg_checks_get(cs, i),
						    th->measures[mi].id);
			if (hit)
				reached++;
			else
				eg_buf_addf(&missing, " %s", th->measures[mi].id);
		}
	}
	eg_buf_addf(out, _("\n%zu checks; they reach %zu of %zu measures.\n"),
		    eg_checks_count(cs), reached, eg_catalog_nmeasures(cat));
	if (missing.len > 0)
		eg_buf_addf(out, _("Measures no check reaches:%s\n"),
			    eg_buf_str(&missing));
	eg_buf_free(&missing);
	return rc;
}

static void render_json(const struct eg_checks *cs, struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < eg_checks_count(cs); i++) {
		const struct eg_check *c = eg_checks_get(cs, i);
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "id", c->id);
		eg_json_key(&j, "measures");
		eg_json_arr_begin(&j);
		for (size_t k = 0; k < c->nmeasures; k++)
			eg_json_str(&j, c->measures[k]);
		eg_json_arr_end(&j);
		eg_json_kstr(&j, "severity", eg_severity_name(c->severity));
		eg_json_kstr(&j, "kind", eg_check_kind_name(c->kind));
		eg_json_kstr(&j, "title_ja", c->title_ja);
		eg_json_kstr(&j, "title_en", c->title_en);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"checks", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc;
	const char *dir = NULL;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:c:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = eg_cli_format("checks", optarg, formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'c':
			dir = optarg;
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("checks", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("checks", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return eg_cli_usage("checks", _("unexpected argument %s"),
				    argv[optind]);
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL)
		return eg_cli_fail("checks", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
	struct eg_checks *cs = eg_checks_new();
	struct eg_diags d;
	eg_diags_init(&d);
	if (cs == NULL)
		return eg_cli_fail("checks", EG_EXIT_INTERNAL, "%s", _("out of memory"));
	rc = EG_EXIT_OK;
	if (eg_checks_add_builtin(cs, cat, &d) != 0) {
		rc = EG_EXIT_INTERNAL;
	} else if (dir != NULL && eg_checks_add_dir(cs, cat, dir, &d) != 0) {
		rc = EG_EXIT_USAGE;
	}
	if (rc != EG_EXIT_OK) {
		struct eg_buf msg;
		eg_buf_init(&msg, EG_BUF_DEFAULT_MAX);
		eg_diags_sort(&d);
		eg_diags_format(&d, &msg);
		fputs(eg_buf_str(&msg), stderr);
		eg_buf_free(&msg);
		goto out;
	}
	if (fmt == 1)
		render_json(cs, &out);
	else if (render_text(cat, cs, &out) != 0 && out.err == 0)
		out.err = EG_E_NOMEM;
	rc = eg_cli_emit("checks", &out, NULL);
out:
	eg_diags_free(&d);
	eg_checks_free(cs);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_checks = {
	.name = "checks",
	.summary = N_("list the checks and the measures they cover"),
	.run = run,
};
