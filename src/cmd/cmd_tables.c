/*
 * cmd_tables.c: `ecguard tables` lists every probe table with its
 * description and columns, in name order: text for reading, JSON for tools
 * (an array of {"name","description","columns":[{"name","type",
 * "description","hidden","required","glob"}]}).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/table.h"
#include "../tables/registry.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "cli.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard tables [TABLE] [--format text|json]\n"
			 "\n"
			 "Lists the tables 'ecguard query' and the checks can read, with their\n"
			 "columns. A required column must be constrained in the query (=, IN, or\n"
			 "GLOB where marked); a hidden column is an argument: not in SELECT *, but\n"
			 "usable in WHERE.\n"
			 "\n"
			 "  TABLE           show only this table\n"
			 "  --format FMT    text (default) or json\n"
			 "  -h, --help      this help\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

static int by_name(const void *a, const void *b)
{
	const struct eg_table_def *x = *(const struct eg_table_def *const *)a;
	const struct eg_table_def *y = *(const struct eg_table_def *const *)b;
	return strcmp(x->name, y->name);
}

/* Every table of every family, sorted. OUT: caller frees the array. */
static int collect(const struct eg_table_def ***out, size_t *n)
{
	size_t count = 0;
	for (size_t f = 0; eg_table_families[f] != NULL; f++)
		for (size_t t = 0; eg_table_families[f][t] != NULL; t++)
			count++;
	*n = count;
	*out = eg_calloc(count ? count : 1, sizeof(**out));
	if (*out == NULL)
		return EG_E_NOMEM;
	size_t i = 0;
	for (size_t f = 0; eg_table_families[f] != NULL; f++)
		for (size_t t = 0; eg_table_families[f][t] != NULL; t++)
			(*out)[i++] = eg_table_families[f][t];
	qsort(*out, count, sizeof(**out), by_name);
	return 0;
}

static const char *type_name(const struct eg_column *c)
{
	return c->type == EG_INT ? "INTEGER" : "TEXT";
}

static void text_table(const struct eg_table_def *def, struct eg_buf *out)
{
	eg_buf_addf(out, "%s: %s\n", def->name, def->description);
	struct eg_table *t = eg_table_new(4);
	if (t == NULL) {
		out->err = EG_E_NOMEM;
		return;
	}
	eg_table_cell(t, _("Column"));
	eg_table_cell(t, _("Type"));
	eg_table_cell(t, _("Use"));
	eg_table_cell(t, _("Description"));
	for (size_t i = 0; i < def->ncolumns; i++) {
		const struct eg_column *c = &def->columns[i];
		char use[128] = "";
		if (c->flags & EG_COL_REQUIRED)
			snprintf(use, sizeof(use), "%s",
				 (c->flags & EG_COL_GLOB) ?
					 _("required (=, IN, GLOB)") :
					 _("required (=, IN)"));
		else if (c->flags & EG_COL_GLOB)
			snprintf(use, sizeof(use), "%s", _("argument (=, IN, GLOB)"));
		else if (c->flags & EG_COL_HIDDEN)
			snprintf(use, sizeof(use), "%s", _("argument (=, IN)"));
		if ((c->flags & EG_COL_HIDDEN) && (c->flags & EG_COL_REQUIRED)) {
			size_t l = strlen(use);
			snprintf(use + l, sizeof(use) - l, ", %s", _("hidden"));
		}
		eg_table_cell(t, c->name);
		eg_table_cell(t, type_name(c));
		eg_table_cell(t, use);
		eg_table_cell(t, c->description);
	}
	struct eg_buf tmp;
	eg_buf_init(&tmp, EG_BUF_DEFAULT_MAX);
	int rc = eg_table_render(t, 1, &tmp);
	eg_table_free(t);
	if (rc != 0 && out->err == 0)
		out->err = rc;
	/* Indent the column table under the table's name. */
	const char *s = eg_buf_str(&tmp);
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t len = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);
		eg_buf_adds(out, "  ");
		eg_buf_add(out, s, len);
		s += len;
	}
	eg_buf_free(&tmp);
}

static void json_table(struct eg_json *j, const struct eg_table_def *def)
{
	eg_json_obj_begin(j);
	eg_json_kstr(j, "name", def->name);
	eg_json_kstr(j, "description", def->description);
	eg_json_key(j, "columns");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < def->ncolumns; i++) {
		const struct eg_column *c = &def->columns[i];
		eg_json_obj_begin(j);
		eg_json_kstr(j, "name", c->name);
		eg_json_kstr(j, "type", type_name(c));
		eg_json_kstr(j, "description", c->description);
		eg_json_kbool(j, "hidden", (c->flags & EG_COL_HIDDEN) != 0);
		eg_json_kbool(j, "required", (c->flags & EG_COL_REQUIRED) != 0);
		eg_json_kbool(j, "glob", (c->flags & EG_COL_GLOB) != 0);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_obj_end(j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc;
	const struct eg_table_def **defs = NULL;
	size_t n = 0;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hf:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = eg_cli_format("tables", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("tables", &out, NULL);
			goto out;
		default:
			rc = eg_cli_usage("tables", _("unknown option %s"),
					  argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = eg_cli_usage("tables", "%s", _("give at most one table name"));
		goto out;
	}
	if (collect(&defs, &n) != 0) {
		rc = eg_cli_fail("tables", EG_EXIT_INTERNAL, "%s",
				 eg_strerror(EG_E_NOMEM));
		goto out;
	}
	const char *only = optind < argc ? argv[optind] : NULL;
	int found = 0;
	for (size_t i = 0; only != NULL && i < n; i++)
		if (strcmp(defs[i]->name, only) == 0)
			found = 1;
	if (only != NULL && !found) {
		rc = eg_cli_usage("tables",
				  _("no table \"%.*s\"; 'ecguard tables' lists them"),
				  EG_QUOTE_MAX, only);
		goto out;
	}
	if (fmt == 1) {
		struct eg_json j;
		eg_json_init(&j, &out, 1);
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < n; i++)
			if (only == NULL || strcmp(defs[i]->name, only) == 0)
				json_table(&j, defs[i]);
		eg_json_arr_end(&j);
		eg_json_finish(&j);
	} else {
		if (only == NULL)
			eg_buf_addf(&out, ngettext("%zu table\n", "%zu tables\n", n),
				    n);
		for (size_t i = 0; i < n; i++) {
			if (only != NULL && strcmp(defs[i]->name, only) != 0)
				continue;
			if (only == NULL)
				eg_buf_addc(&out, '\n');
			text_table(defs[i], &out);
		}
	}
	rc = eg_cli_emit("tables", &out, NULL);
out:
	free(defs);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_tables = {
	.name = "tables",
	.summary = N_("list the probe tables and their columns"),
	.run = run,
};
