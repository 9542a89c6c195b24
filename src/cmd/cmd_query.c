/*
 * cmd_query.c: `ecguard query SQL` runs SQL over the probe tables of an audit
 * root (--root, default "/") and prints the rows: an aligned table for the
 * terminal, a JSON array of objects keyed by column name, or RFC 4180 CSV.
 * Every value is neutralised for where it goes (table.h, json.h, neutral.h):
 * the facts come from the audited host.
 *
 * Nothing is printed until the whole query has run, so a failing statement
 * never leaves half a document on stdout. Several statements may be given;
 * each that returns columns adds its rows (a table or a CSV header each, one
 * JSON array for all).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/engine.h"
#include "../core/spec.h"
#include "../report/table.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "cli.h"
#include "spec_arg.h"

enum { FMT_TABLE, FMT_JSON, FMT_CSV };
static const char *const formats[] = {"table", "json", "csv", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard query [--root DIR] [--spec FILE] [--format table|json|csv]\n"
			 "                     [--warnings] SQL\n"
			 "\n"
			 "Runs SQL (SQLite dialect) over the host facts of an audit root and prints\n"
			 "the rows. 'ecguard tables' lists the tables and their columns. SQL \"-\"\n"
			 "reads the query from standard input.\n"
			 "\n"
			 "  --root DIR      read facts under DIR instead of / (a fixture tree, a\n"
			 "                  mounted image, a container's filesystem)\n"
			 "  --spec FILE     the site specification the spec_* tables show (default:\n"
			 "                  the embedded single-server default)\n"
			 "  --format FMT    table (default), json (an array of objects) or csv\n"
			 "  --warnings      show each source that could not be read or parsed\n"
			 "                  (otherwise only their count is shown)\n"
			 "  -h, --help      this help\n"
			 "\n"
			 "SQL functions: x REGEXP 'pcre', mode_octal(mode), cidr_match(addr, cidr),\n"
			 "deb_version_cmp(a, b).\n"
			 "\n"
			 "Example:\n"
			 "  ecguard query \"SELECT name, shell FROM users WHERE uid = 0\"\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

struct output {
	int fmt;
	struct eg_buf *out;
	struct eg_json json;
	struct eg_table *table;
	size_t nsets;
	int err;
};

static void set_err(struct output *o, int rc)
{
	if (rc != 0 && o->err == 0)
		o->err = rc;
}

static void table_flush(struct output *o)
{
	if (o->table == NULL)
		return;
	if (o->nsets > 1)
		eg_buf_addc(o->out, '\n');
	set_err(o, eg_table_render(o->table, 1, o->out));
	eg_table_free(o->table);
	o->table = NULL;
}

/* A statement that returns columns starts a result set. */
static void set_begin(struct output *o, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	o->nsets++;
	switch (o->fmt) {
	case FMT_TABLE:
		table_flush(o);
		o->table = eg_table_new((size_t)n);
		if (o->table == NULL) {
			set_err(o, EG_E_NOMEM);
			return;
		}
		for (int i = 0; i < n; i++)
			set_err(o, eg_table_cell(o->table,
						 sqlite3_column_name(st, i)));
		break;
	case FMT_CSV:
		for (int i = 0; i < n; i++) {
			const char *name = sqlite3_column_name(st, i);
			if (i > 0)
				eg_buf_addc(o->out, ',');
			eg_csv_field(o->out, name, name != NULL ? strlen(name) : 0);
		}
		eg_buf_adds(o->out, "\r\n");
		break;
	default:
		break;
	}
}

static void row(struct output *o, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	if (o->fmt == FMT_JSON)
		eg_json_obj_begin(&o->json);
	for (int i = 0; i < n; i++) {
		int type = sqlite3_column_type(st, i);
		const char *s = NULL;
		size_t len = 0;
		if (type != SQLITE_NULL) {
			s = type == SQLITE_BLOB ?
				    (const char *)sqlite3_column_blob(st, i) :
				    (const char *)sqlite3_column_text(st, i);
			len = (size_t)sqlite3_column_bytes(st, i);
			if (s == NULL)
				s = "";
		}
		switch (o->fmt) {
		case FMT_TABLE:
			set_err(o, eg_table_celln(o->table, s, len));
			break;
		case FMT_CSV:
			if (i > 0)
				eg_buf_addc(o->out, ',');
			if (s != NULL)
				eg_csv_field(o->out, s, len);
			break;
		default: {
			const char *name = sqlite3_column_name(st, i);
			eg_json_key(&o->json, name != NULL ? name : "");
			if (type == SQLITE_NULL)
				eg_json_null(&o->json);
			else if (type == SQLITE_INTEGER)
				eg_json_int(&o->json, sqlite3_column_int64(st, i));
			else if (type == SQLITE_FLOAT)
				eg_json_double(&o->json,
					       sqlite3_column_double(st, i));
			else
				eg_json_strn(&o->json, s, len);
			break;
		}
		}
	}
	if (o->fmt == FMT_JSON)
		eg_json_obj_end(&o->json);
	else if (o->fmt == FMT_CSV)
		eg_buf_adds(o->out, "\r\n");
}

/* Reads the query from standard input, bounded like any SQL text. */
static int read_stdin(struct eg_buf *b)
{
	char chunk[8192];
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return EG_E_IO;
		if (n == 0)
			break;
		if (eg_buf_add(b, chunk, (size_t)n) != 0)
			return b->err;
	}
	return 0;
}

static void show_warnings(const struct eg_engine *eng, int all)
{
	size_t n = eg_engine_nwarnings(eng);
	if (n == 0)
		return;
	if (!all) {
		eg_cli_fail("query", 0,
			    ngettext("%zu warning while gathering facts (a source could not be read or parsed); show it with --warnings",
				     "%zu warnings while gathering facts (sources could not be read or parsed); show them with --warnings",
				     n),
			    n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		eg_cli_fail("query", 0, _("warning: %s"),
			    eg_engine_warning(eng, i));
}

/* Runs sql into o. Returns an exit code; on failure the message is out. */
static int run_sql(struct eg_engine *eng, const char *sql, struct output *o)
{
	struct eg_err e;
	eg_err_clear(&e);
	const char *next = sql;
	int rc = 0;
	while (rc == 0 && next != NULL && *next != '\0') {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		rc = eg_engine_prepare(eng, next, &st, &tail, &e);
		if (rc != 0)
			break;
		next = tail;
		if (st == NULL)
			continue;
		if (sqlite3_column_count(st) > 0)
			set_begin(o, st);
		while ((rc = eg_engine_step(eng, st, &e)) == 1)
			row(o, st);
		sqlite3_finalize(st);
	}
	if (rc < 0)
		return eg_cli_fail("query", rc == EG_E_NOMEM ? EG_EXIT_INTERNAL : EG_EXIT_USAGE,
				   _("SQL error: %s; check the query ('ecguard tables' lists the tables and their columns)"),
				   eg_err_msg(&e));
	return EG_EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"spec", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"warnings", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = FMT_TABLE, warnings = 0, c, rc;
	const char *rootdir = "/", *spec_path = NULL;
	struct eg_spec *spec = NULL;
	struct eg_buf out, sqlbuf;
	struct eg_root *root = NULL;
	struct eg_engine *eng = NULL;
	struct output o;
	struct eg_err e;
	memset(&o, 0, sizeof(o));
	eg_err_clear(&e);
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&sqlbuf, EG_SQL_MAX_STATEMENT);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hr:s:f:w", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rootdir = optarg;
			break;
		case 's':
			spec_path = optarg;
			break;
		case 'f':
			fmt = eg_cli_format("query", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 'w':
			warnings = 1;
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("query", &out, NULL);
			goto out;
		default:
			if (optopt == 'r' || optopt == 's' || optopt == 'f')
				rc = eg_cli_usage("query", _("%s needs a value"),
						  argv[optind - 1]);
			else
				rc = eg_cli_usage("query", _("unknown option %s"),
						  argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = eg_cli_usage("query", "%s",
				  argc - optind == 0 ?
					  _("give the SQL to run, e.g. \"SELECT * FROM users\"") :
					  _("give the SQL as one argument (quote it)"));
		goto out;
	}
	const char *sql = argv[optind];
	if (strcmp(sql, "-") == 0) {
		if (read_stdin(&sqlbuf) != 0) {
			rc = eg_cli_fail("query", EG_EXIT_USAGE,
					 _("cannot read the SQL from standard input (at most %d bytes)"),
					 EG_SQL_MAX_STATEMENT);
			goto out;
		}
		sql = eg_buf_str(&sqlbuf);
	}
	if (eg_root_open(rootdir, &root, &e) != 0) {
		rc = eg_cli_fail("query", EG_EXIT_USAGE,
				 _("%s; give an existing directory with --root"),
				 eg_err_msg(&e));
		goto out;
	}
	if (eg_engine_new(root, &eng, &e) != 0) {
		rc = eg_cli_fail("query", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if (spec_path != NULL) {
		/* The spec_* tables read it; an invalid spec is an input
		 * error reported like `spec check` does. */
		if ((rc = eg_spec_arg_load("query", spec_path, &spec)) !=
		    EG_EXIT_OK)
			goto out;
		if (eg_engine_set_userdata(eng, "spec", spec) != 0) {
			rc = eg_cli_fail("query", EG_EXIT_INTERNAL, "%s",
					 eg_strerror(EG_E_NOMEM));
			goto out;
		}
	}
	o.fmt = fmt;
	o.out = &out;
	if (fmt == FMT_JSON) {
		eg_json_init(&o.json, &out, 1);
		eg_json_arr_begin(&o.json);
	}
	rc = run_sql(eng, sql, &o);
	show_warnings(eng, warnings);
	if (rc != EG_EXIT_OK)
		goto out;
	if (fmt == FMT_TABLE)
		table_flush(&o);
	else if (fmt == FMT_JSON) {
		eg_json_arr_end(&o.json);
		eg_json_finish(&o.json);
	}
	if (o.err != 0 && out.err == 0)
		out.err = o.err;
	rc = eg_cli_emit("query", &out, NULL);
out:
	eg_table_free(o.table);
	eg_engine_free(eng);
	eg_spec_free(spec);
	eg_root_free(root);
	eg_buf_free(&sqlbuf);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_query = {
	.name = "query",
	.summary = N_("run SQL over the host facts (probe tables)"),
	.run = run,
};
