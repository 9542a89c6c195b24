/*
 * cmd_diff.c: `ecguard diff` compares two stored runs: the alarms that are
 * new, fixed, still open, waived, or no longer verified (src/core/rundiff.h
 * has the rules), and exits 1 when a new alarm reaches --fail-on, so a cron
 * job can alert on regressions.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/rundiff.h"
#include "../core/store.h"
#include "../report/table.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "cli.h"
#include "store_arg.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard diff [--store FILE] [--format text|json] [--fail-on SEVERITY]\n"
			 "                    [RUN_A] [RUN_B]\n"
			 "\n"
			 "Compares two stored runs, RUN_A (the older) with RUN_B (the newer), and\n"
			 "lists the alarms that are new, fixed, still open, waived, or no longer\n"
			 "verified. Alarms are matched on check and resource. With no run given,\n"
			 "the last two runs; with one, that run and the latest. A run is named by\n"
			 "its id, a unique start of its id, \"latest\" or \"previous\".\n"
			 "\n"
			 "An alarm of RUN_A counts as fixed only when RUN_B looked and did not\n"
			 "find it; when RUN_B could not look (the check was skipped, failed or not\n"
			 "run) it is listed as not verified. A waived alarm is not open; it is\n"
			 "listed apart. An alarm whose waiver expired comes back as new.\n"
			 "\n"
			 "  --store FILE        the store (default as for `ecguard history`)\n"
			 "  --format FMT        text (default) or json\n"
			 "  --fail-on SEVERITY  exit 1 when a new alarm has this severity or a\n"
			 "                      higher one: critical, high (default), medium,\n"
			 "                      low, info\n"
			 "  -h, --help          this help\n"
			 "\n"
			 "For a cron job that alerts on regressions after each audit:\n"
			 "  ecguard audit >/dev/null; ecguard diff || alert\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  no new alarm at or above --fail-on\n"
			 "  1  a new alarm at or above --fail-on\n"
			 "  2  usage or input error (no store, unknown run, fewer than two runs)\n"
			 "  3  internal error\n"));
}

/* The measures of a check as "T02.05,T08.01". */
static void measures_text(const struct eg_run_check *c, struct eg_buf *b)
{
	eg_buf_reset(b);
	for (size_t i = 0; i < c->nmeasures; i++) {
		if (i > 0)
			eg_buf_addc(b, ',');
		eg_buf_adds(b, c->measures[i]);
	}
}

/* What the newer run says about an alarm it could not verify. */
static const char *unverified_now(const struct eg_run *b,
				  const struct eg_diff_item *it)
{
	if (it->now != NULL)
		return eg_status_label(it->now->status);
	for (size_t i = 0; i < b->nchecks; i++)
		if (strcmp(b->checks[i].id, it->check->id) == 0)
			return _("not reported");
	return _("check not run");
}

static int text_section(const char *title, enum eg_diff_kind k,
			const struct eg_run_diff *d, const struct eg_run *b,
			struct eg_buf *out)
{
	eg_buf_addf(out, "%s: %zu\n", title, d->n[k]);
	if (d->n[k] == 0) {
		eg_buf_addc(out, '\n');
		return 0;
	}
	int now = k == EG_DIFF_UNVERIFIED;
	struct eg_table *t = eg_table_new(now ? 6 : 5);
	struct eg_buf m;
	eg_buf_init(&m, EG_ERRMSG_MAX * 4);
	if (t == NULL)
		return EG_E_NOMEM;
	eg_table_cell(t, _("Severity"));
	eg_table_cell(t, _("Check"));
	eg_table_cell(t, _("Measure IDs"));
	eg_table_cell(t, _("Resource"));
	if (now)
		eg_table_cell(t, _("Now"));
	eg_table_cell(t, _("Reason"));
	for (size_t i = 0; i < d->n[k]; i++) {
		const struct eg_diff_item *it = &d->items[k][i];
		measures_text(it->check, &m);
		eg_table_cell(t, eg_severity_label(it->check->severity));
		eg_table_cell(t, it->check->id);
		eg_table_cell(t, eg_buf_str(&m));
		eg_table_cell(t, it->result->resource);
		if (now)
			eg_table_cell(t, unverified_now(b, it));
		eg_table_cell(t, it->result->reason);
	}
	int rc = eg_table_render(t, 1, out);
	eg_buf_addc(out, '\n');
	eg_table_free(t);
	eg_buf_free(&m);
	return rc;
}

/* "RUN (started STARTED, host HOST)", neutralised. */
static void run_label(const struct eg_run *r, struct eg_buf *out)
{
	struct eg_buf x;
	eg_buf_init(&x, EG_ERRMSG_MAX * 4);
	eg_term_escape(&x, r->id, strlen(r->id));
	eg_buf_adds(&x, " (");
	eg_term_escape(&x, r->started_at, strlen(r->started_at));
	if (r->host != NULL) {
		eg_buf_adds(&x, ", ");
		eg_term_escape(&x, r->host, strlen(r->host));
	}
	eg_buf_addc(&x, ')');
	eg_buf_adds(out, eg_buf_str(&x));
	eg_buf_free(&x);
}

static int text_diff(const struct eg_run *a, const struct eg_run *b,
		     const struct eg_run_diff *d, struct eg_buf *out)
{
	eg_buf_adds(out, _("From: "));
	run_label(a, out);
	eg_buf_adds(out, _("\nTo:   "));
	run_label(b, out);
	eg_buf_adds(out, "\n\n");
	int rc = text_section(_("New alarms"), EG_DIFF_NEW, d, b, out);
	if (rc == 0)
		rc = text_section(_("Fixed"), EG_DIFF_FIXED, d, b, out);
	if (rc == 0)
		rc = text_section(_("Still open"), EG_DIFF_OPEN, d, b, out);
	if (rc == 0)
		rc = text_section(_("Waived"), EG_DIFF_WAIVED, d, b, out);
	if (rc == 0)
		rc = text_section(_("Not verified in the newer run"),
				  EG_DIFF_UNVERIFIED, d, b, out);
	eg_buf_addf(out,
		    _("%zu new, %zu fixed, %zu still open, %zu waived, %zu not verified\n"),
		    d->n[EG_DIFF_NEW], d->n[EG_DIFF_FIXED], d->n[EG_DIFF_OPEN],
		    d->n[EG_DIFF_WAIVED], d->n[EG_DIFF_UNVERIFIED]);
	return rc;
}

static void json_diff(const struct eg_run *a, const struct eg_run *b,
		      const struct eg_run_diff *d, struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "from", a->id);
	eg_json_kstr(&j, "to", b->id);
	for (int k = 0; k < EG_DIFF_NKINDS; k++) {
		eg_json_key(&j, eg_diff_kind_name((enum eg_diff_kind)k));
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < d->n[k]; i++) {
			const struct eg_diff_item *it = &d->items[k][i];
			eg_json_obj_begin(&j);
			eg_json_kstr(&j, "check", it->check->id);
			eg_json_kstr(&j, "severity",
				     eg_severity_name(it->check->severity));
			eg_json_key(&j, "measures");
			eg_json_arr_begin(&j);
			for (size_t m = 0; m < it->check->nmeasures; m++)
				eg_json_str(&j, it->check->measures[m]);
			eg_json_arr_end(&j);
			eg_json_kstr(&j, "resource", it->result->resource);
			eg_json_kstr(&j, "reason", it->result->reason);
			if (k == EG_DIFF_WAIVED)
				eg_json_kstr(&j, "waiver", it->result->waiver);
			if (k == EG_DIFF_UNVERIFIED) {
				/* What B said instead: skip, error, or
				 * nothing (null). */
				eg_json_kstr(&j, "now_status",
					     it->now != NULL
						     ? eg_status_name(it->now->status)
						     : NULL);
				eg_json_kstr(&j, "now_reason",
					     it->now != NULL ? it->now->reason
							     : NULL);
			}
			eg_json_obj_end(&j);
		}
		eg_json_arr_end(&j);
	}
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL;
	enum eg_severity fail_on = EG_SEV_HIGH;
	int fmt = 0, c, rc;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:f:F:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			store_path = optarg;
			break;
		case 'f':
			fmt = eg_cli_format("diff", optarg, formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'F':
			if (eg_severity_parse(optarg, &fail_on) != 0)
				return eg_cli_usage("diff",
						    _("unknown severity \"%.*s\" for --fail-on; choose one of: critical, high, medium, low, info"),
						    EG_QUOTE_MAX, optarg);
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("diff", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("diff", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (argc - optind > 2)
		return eg_cli_usage("diff", "%s", _("give at most two runs"));
	const char *ref_a = argc - optind >= 1 ? argv[optind] : "previous";
	const char *ref_b = argc - optind >= 2 ? argv[optind + 1] : "latest";
	struct eg_store *s = NULL;
	struct eg_run *a = NULL, *b = NULL;
	struct eg_run_diff d;
	struct eg_err e;
	memset(&d, 0, sizeof(d));
	eg_err_clear(&e);
	if ((rc = eg_store_arg_open("diff", store_path, &s)) != EG_EXIT_OK)
		goto out;
	if (eg_store_load_run(s, ref_a, &a, &e) != 0 ||
	    eg_store_load_run(s, ref_b, &b, &e) != 0) {
		if (argc == optind && e.code == EG_E_NOTFOUND)
			rc = eg_cli_fail("diff", EG_EXIT_USAGE,
					 _("%s; diff compares two runs"),
					 eg_err_msg(&e));
		else
			rc = eg_cli_fail("diff", eg_store_arg_exit(e.code),
					 "%s", eg_err_msg(&e));
		goto out;
	}
	if (strcmp(a->id, b->id) == 0) {
		rc = eg_cli_usage("diff", _("both runs are %s; give two different runs"),
				  a->id);
		goto out;
	}
	if (eg_run_diff(a, b, &d) != 0) {
		rc = eg_cli_fail("diff", EG_EXIT_INTERNAL, "%s", _("out of memory"));
		goto out;
	}
	if (fmt == 1) {
		json_diff(a, b, &d, &out);
	} else {
		int trc = text_diff(a, b, &d, &out);
		if (trc != 0 && out.err == 0)
			out.err = trc;
	}
	rc = eg_cli_emit("diff", &out, NULL);
	for (size_t i = 0; rc == EG_EXIT_OK && i < d.n[EG_DIFF_NEW]; i++)
		if (d.items[EG_DIFF_NEW][i].check->severity >= fail_on)
			rc = EG_EXIT_FINDINGS;
out:
	eg_run_diff_free(&d);
	eg_run_free(a);
	eg_run_free(b);
	eg_store_close(s);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_diff = {
	.name = "diff",
	.summary = N_("compare two stored runs: new, fixed and still-open alarms"),
	.run = run,
};
