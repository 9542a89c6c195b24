/*
 * cmd_report.c: `ecguard report [RUN]` re-renders a stored run in any
 * format, in the user's language, from the snapshot the store keeps (the
 * checks' texts as they were when the run was made). The HTML page also
 * shows what was due and the records behind each organisational measure as
 * the store stood when the run ended (report_org.h), for the spec the run
 * names (or --spec).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/catalog.h"
#include "../core/spec.h"
#include "../core/store.h"
#include "../report/report.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/diag.h"
#include "../util/duration.h"
#include "cli.h"
#include "report_org.h"
#include "store_arg.h"

#define TREND_RUNS 30

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard report [RUN] [--store FILE] [--format FMT] [--out FILE]\n"
			 "                      [--spec FILE]\n"
			 "\n"
			 "Renders a stored audit run again: RUN is a run id, a unique prefix of\n"
			 "one, 'latest' (the default) or 'previous'.\n"
			 "\n"
			 "  --store FILE    the store (default: as for ecguard audit)\n"
			 "  --format FMT    text (default), json, sarif, junit, md or html\n"
			 "  --out FILE      write to FILE instead of standard output\n"
			 "  --spec FILE     html: the spec for what was due (default: the spec\n"
			 "                  file the run names, when it is still there)\n"
			 "  -h, --help      this help\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

/*
 * The organisational context of a stored run, as the store stood when it
 * ended: the run's date is "today", and only records entered by its end
 * count. The spec: --spec, else the file the run names when it is still a
 * regular file, else the embedded default (runs made without --spec). A
 * named spec that no longer loads is not fatal - the page is still the
 * run's - so it is reported and the section left out (d stays empty).
 * Returns 0, -1 after printing a usage error (--spec that does not load),
 * or 1 on exhaustion.
 */
static int org_context(struct eg_store *store, const struct eg_catalog *cat,
		       const struct eg_run *run, const char *spec_path,
		       struct eg_spec **owned, struct eg_report_org_data *d)
{
	struct eg_diags dg;
	struct eg_err e;
	const struct eg_spec *spec = NULL;
	int32_t day;
	char date[11];
	int rc = 0;
	struct stat st;
	eg_diags_init(&dg);
	eg_err_clear(&e);
	snprintf(date, sizeof(date), "%s", run->started_at != NULL ? run->started_at : "");
	if (eg_date_parse(date, &day) != 0)
		goto out;              /* a run without a date: no section */
	const char *path = spec_path;
	if (path == NULL && run->spec != NULL && stat(run->spec, &st) == 0 &&
	    S_ISREG(st.st_mode))
		path = run->spec;
	if (path != NULL) {
		if (eg_spec_load_file(path, owned, &dg) != 0) {
			struct eg_buf msg;
			eg_buf_init(&msg, EG_BUF_DEFAULT_MAX);
			eg_diags_sort(&dg);
			eg_diags_format(&dg, &msg);
			fputs(eg_buf_str(&msg), stderr);
			eg_buf_free(&msg);
			if (spec_path != NULL) {
				rc = -1;
				goto out;
			}
			eg_cli_fail("report", 0, "%s", _("the spec the run names no longer loads: what was due is left out (give --spec FILE)"));
			goto out;
		}
		spec = *owned;
	} else if ((spec = eg_spec_builtin(&e)) == NULL) {
		goto out;
	}
	if (eg_report_org_load(store, spec, cat, day, run->id, d, &e) != 0) {
		rc = e.code == EG_E_NOMEM ? 1 : 0;
		if (rc == 0)
			eg_cli_fail("report", 0, "%s", eg_err_msg(&e));
		eg_report_org_free(d);
	}
out:
	eg_diags_free(&dg);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 'S'},
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"spec", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL, *out_path = NULL, *format = "text";
	const char *spec_path = NULL;
	int c, rc;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 'p': spec_path = optarg; break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("report", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("report", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return eg_cli_usage("report", "%s", _("give at most one run"));
	const char *ref = optind < argc ? argv[optind] : NULL;
	const struct eg_report_format *fmt = eg_report_find(format);
	if (fmt == NULL) {
		eg_cli_format("report", format, eg_report_names);
		return EG_EXIT_USAGE;
	}
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL)
		return eg_cli_fail("report", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
	struct eg_store *store = NULL;
	rc = eg_store_arg_open("report", store_path, &store);
	if (rc != EG_EXIT_OK)
		return rc;
	struct eg_run *result = NULL;
	struct eg_store_trend_point *trend = NULL;
	size_t ntrend = 0;
	struct eg_spec *spec_owned = NULL;
	struct eg_report_org_data org;
	memset(&org, 0, sizeof(org));
	if (eg_store_load_run(store, ref, &result, &e) != 0) {
		rc = eg_cli_fail("report", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	/* The trend up to (not including) this run. */
	double scores[TREND_RUNS];
	const char *labels[TREND_RUNS];
	size_t nt = 0;
	struct eg_err te;
	eg_err_clear(&te);
	if (eg_store_trend(store, 0, &trend, &ntrend, &te) == 0) {
		size_t end = 0;
		while (end < ntrend && strcmp(trend[end].id, result->id) != 0)
			end++;
		size_t start = end > TREND_RUNS - 1 ? end - (TREND_RUNS - 1) : 0;
		for (size_t i = start; i < end; i++) {
			scores[nt] = trend[i].score;
			labels[nt++] = trend[i].started_at;
		}
	}
	struct eg_report_opts ro;
	memset(&ro, 0, sizeof(ro));
	ro.color = out_path == NULL && eg_cli_color();
	ro.fail_on = EG_SEV_HIGH;
	ro.trend = nt ? scores : NULL;
	ro.trend_labels = nt ? labels : NULL;
	ro.ntrend = nt;
	if (strcmp(fmt->name, "html") == 0) {
		int orc = org_context(store, cat, result, spec_path, &spec_owned,
				      &org);
		if (orc < 0) {
			rc = EG_EXIT_USAGE;
			goto out;
		}
		if (orc > 0) {
			rc = eg_cli_fail("report", EG_EXIT_INTERNAL, "%s",
					 _("out of memory"));
			goto out;
		}
		if (org.org.today != NULL)
			ro.org = &org.org;
	}
	if (fmt->render(result, cat, &ro, &out) != 0 && out.err == 0)
		out.err = EG_E_INTERNAL;
	rc = eg_cli_emit("report", &out, out_path);
out:
	eg_report_org_free(&org);
	eg_spec_free(spec_owned);
	eg_store_trend_free(trend, ntrend);
	eg_run_free(result);
	eg_store_close(store);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_report = {
	.name = "report",
	.summary = N_("render a stored audit run again"),
	.run = run,
};
