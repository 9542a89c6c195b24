/*
 * cmd_audit.c: `ecguard audit`, the main job: verify this host (or an audit
 * root) against the guideline and the site's specification, store the run,
 * report it, and exit 1 when an alarm reaches the failure threshold.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/audit.h"
#include "../core/catalog.h"
#include "../core/checks.h"
#include "../core/spec.h"
#include "../core/store.h"
#include "../report/report.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/rootfs.h"
#include "cli.h"
#include "report_org.h"

#define MAX_ONLY 128
#define TREND_RUNS 30

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard audit [--root DIR] [--spec FILE] [--checks DIR]\n"
			 "                     [--store FILE | --no-store] [--format FMT] [--out FILE]\n"
			 "                     [--fail-on SEVERITY] [--only T02,T05.03] [--offline]\n"
			 "\n"
			 "Verifies this host against the guideline and the site's security\n"
			 "specification, stores the run and reports it per measure and theme.\n"
			 "\n"
			 "  --root DIR         audit the filesystem tree at DIR (default /)\n"
			 "  --spec FILE        the site specification (default: the embedded one\n"
			 "                     for a single-server shop)\n"
			 "  --checks DIR       also run the site's own check packs in DIR\n"
			 "  --store FILE       where runs are kept (default /var/lib/ecguard/ecguard.db\n"
			 "                     as root, else under XDG_DATA_HOME); created 0600\n"
			 "  --no-store         do not store this run\n"
			 "  --format FMT       text (default), json, sarif, junit, md or html\n"
			 "  --out FILE         write the report to FILE instead of standard output\n"
			 "  --fail-on SEV      exit 1 when an alarm of this severity or higher exists:\n"
			 "                     critical, high (default), medium, low, info or none\n"
			 "  --only LIST        only these themes and measures, e.g. T02,T05.03\n"
			 "  --offline          do not contact the spec's endpoints: the TLS, web and\n"
			 "                     payment-page checks skip\n"
			 "  -h, --help         this help\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

static void print_diags(struct eg_diags *d)
{
	struct eg_buf msg;
	eg_buf_init(&msg, EG_BUF_DEFAULT_MAX);
	eg_diags_sort(d);
	eg_diags_format(d, &msg);
	fputs(eg_buf_str(&msg), stderr);
	eg_buf_free(&msg);
}

/* Splits "T02,T05.03" into only[]; every part must be a theme or measure. */
static int parse_only(const struct eg_catalog *cat, char *arg,
		      const char **only, size_t *n)
{
	char *save = NULL;
	*n = 0;
	for (char *p = strtok_r(arg, ",", &save); p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		if (eg_catalog_find_theme(cat, p) == NULL &&
		    eg_catalog_find_measure(cat, p) == NULL)
			return eg_cli_usage("audit",
					    _("--only: no theme or measure \"%.*s\"; IDs look like T02 or T02.05"),
					    EG_QUOTE_MAX, p);
		if (*n >= MAX_ONLY)
			return eg_cli_usage("audit", _("--only: more than %d IDs"),
					    MAX_ONLY);
		only[(*n)++] = p;
	}
	if (*n == 0)
		return eg_cli_usage("audit", "%s", _("--only needs IDs like T02,T05.03"));
	return 0;
}

/* 1 when an alarm (not waived) at or above the threshold exists. */
static int fails(const struct eg_run *run, int threshold)
{
	if (threshold < 0)
		return 0;
	for (size_t i = 0; i < run->nresults; i++) {
		const struct eg_run_result *r = &run->results[i];
		if (r->status == EG_ST_ALARM &&
		    (int)run->checks[r->check].severity >= threshold)
			return 1;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"spec", required_argument, NULL, 's'},
		{"checks", required_argument, NULL, 'c'},
		{"store", required_argument, NULL, 'S'},
		{"no-store", no_argument, NULL, 'N'},
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, 'F'},
		{"only", required_argument, NULL, 'O'},
		{"offline", no_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root_path = "/", *spec_path = NULL, *checks_dir = NULL;
	const char *store_path = NULL, *out_path = NULL, *format = "text";
	char *only_arg = NULL;
	int no_store = 0, offline = 0, threshold = EG_SEV_HIGH, c, rc = EG_EXIT_OK;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': root_path = optarg; break;
		case 's': spec_path = optarg; break;
		case 'c': checks_dir = optarg; break;
		case 'S': store_path = optarg; break;
		case 'N': no_store = 1; break;
		case 'L': offline = 1; break;
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 'O': only_arg = optarg; break;
		case 'F': {
			enum eg_severity sev;
			if (strcmp(optarg, "none") == 0)
				threshold = -1;
			else if (eg_severity_parse(optarg, &sev) == 0)
				threshold = (int)sev;
			else
				return eg_cli_usage("audit",
						    _("--fail-on must be critical, high, medium, low, info or none, not \"%.*s\""),
						    EG_QUOTE_MAX, optarg);
			break;
		}
		case 'h':
			help(&out);
			rc = eg_cli_emit("audit", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("audit", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return eg_cli_usage("audit", _("unexpected argument %s"), argv[optind]);
	if (no_store && store_path != NULL)
		return eg_cli_usage("audit", "%s", _("give --store or --no-store, not both"));
	const struct eg_report_format *fmt = eg_report_find(format);
	if (fmt == NULL) {
		static const char *const names[] = {"text", "json", "sarif",
						    "junit", "md", "html", NULL};
		eg_cli_format("audit", format, names);
		return EG_EXIT_USAGE;
	}

	struct eg_err e;
	struct eg_diags d;
	struct eg_checks *cs = NULL;
	struct eg_spec *spec_owned = NULL;
	struct eg_root *root = NULL;
	struct eg_store *store = NULL;
	struct eg_run *result = NULL;
	struct eg_store_trend_point *trend = NULL;
	size_t ntrend = 0;
	struct eg_report_org_data org;
	const char *only[MAX_ONLY];
	size_t nonly = 0;
	eg_err_clear(&e);
	eg_diags_init(&d);
	memset(&org, 0, sizeof(org));

	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL) {
		rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if (only_arg != NULL && (rc = parse_only(cat, only_arg, only, &nonly)) != 0)
		goto out;
	cs = eg_checks_new();
	if (cs == NULL) {
		rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s", _("out of memory"));
		goto out;
	}
	if (eg_checks_add_builtin(cs, cat, &d) != 0) {
		print_diags(&d);
		rc = EG_EXIT_INTERNAL;
		goto out;
	}
	if (checks_dir != NULL && eg_checks_add_dir(cs, cat, checks_dir, &d) != 0) {
		print_diags(&d);
		rc = EG_EXIT_USAGE;
		goto out;
	}
	const struct eg_spec *spec;
	if (spec_path != NULL) {
		if (eg_spec_load_file(spec_path, &spec_owned, &d) != 0) {
			print_diags(&d);
			rc = EG_EXIT_USAGE;
			goto out;
		}
		spec = spec_owned;
	} else {
		spec = eg_spec_builtin(&e);
		if (spec == NULL) {
			rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
			goto out;
		}
	}
	if (eg_root_open(root_path, &root, &e) != 0) {
		rc = eg_cli_fail("audit", EG_EXIT_USAGE, "--root: %s", eg_err_msg(&e));
		goto out;
	}
	if (!no_store) {
		char def[4096];
		int flags = EG_STORE_CREATE;
		if (store_path == NULL) {
			if (eg_store_default_path(def, sizeof(def)) != 0) {
				rc = eg_cli_fail("audit", EG_EXIT_USAGE, "%s",
						 _("no default store path (no home folder); give --store FILE or --no-store"));
				goto out;
			}
			store_path = def;
			flags |= EG_STORE_MKDIRS;
		}
		if (eg_store_open(store_path, flags, &store, &e) != 0) {
			rc = eg_cli_fail("audit", EG_EXIT_USAGE, "%s", eg_err_msg(&e));
			goto out;
		}
	}

	struct eg_audit_opts ao;
	memset(&ao, 0, sizeof(ao));
	ao.cat = cat;
	ao.checks = cs;
	ao.spec = spec;
	ao.spec_name = spec_path != NULL ? spec_path : _("(embedded default)");
	ao.root = root;
	ao.only = nonly ? only : NULL;
	ao.nonly = nonly;
	ao.userdata_store = store;
	ao.offline = offline;
	if (eg_audit_run(&ao, &result, &e) != 0) {
		rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if (store != NULL) {
		/* The earlier runs, for the trend; the renderer adds this one. */
		struct eg_err te;
		eg_err_clear(&te);
		if (eg_store_trend(store, TREND_RUNS - 1, &trend, &ntrend, &te) != 0)
			ntrend = 0;
		/* The run is itself the periodic check of every theme it
		 * assessed: stored as a periodic-check record too. */
		const char *periodic[64];
		size_t nperiodic = 0;
		const char *pk = eg_cadence_measure_kind(EG_CAD_PERIODIC_CHECK);
		for (size_t t = 0; t < eg_catalog_nthemes(cat); t++) {
			const struct eg_theme *th = eg_catalog_theme(cat, t);
			for (size_t m = 0; m < th->nmeasures && nperiodic < 64; m++)
				if (th->measures[m].kind != NULL &&
				    strcmp(th->measures[m].kind, pk) == 0)
					periodic[nperiodic++] = th->measures[m].id;
		}
		if (eg_store_save_audit(store, result, periodic, nperiodic,
					&e) != 0) {
			rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
			goto out;
		}
	}

	struct eg_report_opts ro;
	memset(&ro, 0, sizeof(ro));
	ro.color = out_path == NULL && eg_cli_color();
	ro.fail_on = threshold < 0 ? EG_SEV_CRITICAL : (enum eg_severity)threshold;
	ro.fail_none = threshold < 0;
	double scores[TREND_RUNS];
	const char *labels[TREND_RUNS];
	for (size_t i = 0; i < ntrend && i < TREND_RUNS; i++) {
		scores[i] = trend[i].score;
		labels[i] = trend[i].started_at;
	}
	ro.trend = ntrend ? scores : NULL;
	ro.trend_labels = ntrend ? labels : NULL;
	ro.ntrend = ntrend < TREND_RUNS ? ntrend : TREND_RUNS;
	/* The HTML page also shows what is due and the records behind each
	 * organisational measure, from the store just after this run was
	 * saved (so it counts as the periodic check it is), for the day the
	 * checks used. */
	if (store != NULL && strcmp(fmt->name, "html") == 0) {
		if (eg_report_org_load(store, spec, cat, eg_today(), NULL, &org,
				       &e) != 0) {
			rc = eg_cli_fail("audit", EG_EXIT_INTERNAL, "%s",
					 eg_err_msg(&e));
			goto out;
		}
		ro.org = &org.org;
	}
	if (fmt->render(result, cat, &ro, &out) != 0 && out.err == 0)
		out.err = EG_E_INTERNAL;
	rc = eg_cli_emit("audit", &out, out_path);
	if (rc == EG_EXIT_OK && fails(result, threshold))
		rc = EG_EXIT_FINDINGS;
out:
	eg_report_org_free(&org);
	eg_store_trend_free(trend, ntrend);
	eg_run_free(result);
	eg_store_close(store);
	eg_root_free(root);
	eg_spec_free(spec_owned);
	eg_checks_free(cs);
	eg_diags_free(&d);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_audit = {
	.name = "audit",
	.summary = N_("verify this host against the guideline and the site's spec"),
	.run = run,
};
