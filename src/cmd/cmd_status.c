/*
 * cmd_status.c: `ecguard status`: every organisational obligation of the
 * site with its interval, when it was last done, when it is next due and its
 * state (core/due.c), overdue ones first; exit 1 when anything is overdue
 * or was never done, so a cron job or a systemd timer can alert on it. The
 * audit's attestation checks alarm on exactly those (docs/status.md, "One
 * rule for status and the audit"). docs/status.md describes the rules.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/due.h"
#include "../core/spec.h"
#include "../core/store.h"
#include "../report/table.h"
#include "../util/diag.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "cli.h"
#include "store_arg.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard status [--store FILE] [--spec FILE] [--format text|json]\n"
			 "         [--within 30d]\n"
			 "\n"
			 "Lists every organisational obligation of the site: policy reviews, education,\n"
			 "audits, drills and periodic checks per theme, budget, media and physical-access\n"
			 "reviews, partner reviews, key and certificate rotation, waiver and evidence\n"
			 "expiries. For each: its interval (from the spec, else the catalogue), when it\n"
			 "was last done (records, the spec's dates, stored audit runs), when it is next\n"
			 "due, and its state:\n"
			 "  overdue    the due date is before today\n"
			 "  due_soon   due from today through today + --within (due today is due_soon)\n"
			 "  ok         due later than that\n"
			 "  never      never done, so no due date: as late as overdue; record it\n"
			 "\n"
			 "  --store FILE   the store (default as for `ecguard records`); a missing\n"
			 "                 store means no records yet\n"
			 "  --spec FILE    the site specification (default: the embedded default)\n"
			 "  --within DUR   the due_soon horizon (default 30d; 2w, 1m...)\n"
			 "  --format FMT   text (default) or json\n"
			 "  -h, --help     this help\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  nothing is overdue or never done\n"
			 "  1  something is overdue or was never done\n"
			 "  2  usage or input error\n"
			 "  3  internal error\n"));
}

static int rank(enum eg_due_state st)
{
	switch (st) {
	case EG_DUE_OVERDUE: return 0;
	case EG_DUE_NEVER: return 1;
	case EG_DUE_SOON: return 2;
	default: return 3;
	}
}

struct item {
	const struct eg_obligation *o;
	size_t pos;
};

/* Overdue first, then never, due soon, ok; by due date; else as listed. */
static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int ra = rank(a->o->state), rb = rank(b->o->state);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->o->due != b->o->due)
		return a->o->due < b->o->due ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void date_or(int32_t d, char out[11], const char *none)
{
	if (d == EG_NO_DATE)
		snprintf(out, 11, "%s", none);
	else
		eg_date_format(d, out);
}

static void emit_text(const struct item *v, size_t n, const char *today,
		      const size_t count[4], struct eg_buf *out)
{
	struct eg_table *t = eg_table_new(7);
	if (t == NULL) {
		out->err = EG_E_NOMEM;
		return;
	}
	eg_table_cell(t, _("State"));
	eg_table_cell(t, _("Obligation"));
	eg_table_cell(t, _("Theme"));
	eg_table_cell(t, _("Every"));
	eg_table_cell(t, _("Last done"));
	eg_table_cell(t, _("Next due"));
	eg_table_cell(t, _("Subject"));
	for (size_t i = 0; i < n; i++) {
		const struct eg_obligation *o = v[i].o;
		char last[11], due[11];
		date_or(o->last, last, "-");
		date_or(o->due, due, "-");
		eg_table_cell(t, eg_due_state_name(o->state));
		eg_table_cell(t, o->what);
		eg_table_cell(t, o->theme[0] ? o->theme : "-");
		eg_table_cell(t, o->interval != NULL ? o->interval : "-");
		eg_table_cell(t, last);
		eg_table_cell(t, due);
		eg_table_cell(t, o->subject);
	}
	if (n > 0 && eg_table_render(t, 1, out) != 0 && out->err == 0)
		out->err = EG_E_NOMEM;
	eg_table_free(t);
	eg_buf_addf(out, _("Today %s: %zu overdue, %zu never done, %zu due soon, %zu ok.\n"),
		    today, count[EG_DUE_OVERDUE], count[EG_DUE_NEVER],
		    count[EG_DUE_SOON], count[EG_DUE_OK]);
}

static void emit_json(const struct item *v, size_t n, const char *today,
		      const char *within, const char *horizon,
		      const size_t count[4], struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "today", today);
	eg_json_kstr(&j, "within", within);
	eg_json_kstr(&j, "horizon", horizon);
	eg_json_key(&j, "counts");
	eg_json_obj_begin(&j);
	for (int k = EG_DUE_OK; k <= EG_DUE_NEVER; k++)
		eg_json_kint(&j, eg_due_state_name((enum eg_due_state)k),
			     (int64_t)count[k]);
	eg_json_obj_end(&j);
	eg_json_key(&j, "obligations");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const struct eg_obligation *o = v[i].o;
		char last[11], due[11];
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "obligation", o->what);
		eg_json_kstr(&j, "theme", o->theme[0] ? o->theme : NULL);
		eg_json_kstr(&j, "subject", o->subject);
		eg_json_kstr(&j, "interval", o->interval);
		eg_json_kstr(&j, "source", o->source);
		eg_date_format(o->last, last);
		eg_json_kstr(&j, "last_done", o->last != EG_NO_DATE ? last : NULL);
		eg_date_format(o->due, due);
		eg_json_kstr(&j, "next_due", o->due != EG_NO_DATE ? due : NULL);
		eg_json_kstr(&j, "state", eg_due_state_name(o->state));
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"spec", required_argument, NULL, 'p'},
		{"within", required_argument, NULL, 'w'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL, *spec_path = NULL, *within = "30d";
	struct eg_duration wdur = {30, 'd'};
	int fmt = 0, c, rc;
	struct eg_buf out;
	struct eg_err e;
	struct eg_diags d;
	struct eg_spec *spec_owned = NULL;
	struct eg_store *s = NULL;
	struct eg_obligation *ob = NULL;
	struct item *items = NULL;
	size_t n = 0;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_err_clear(&e);
	eg_diags_init(&d);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:f:", opts, NULL)) != -1) {
		switch (c) {
		case 's': store_path = optarg; break;
		case 'p': spec_path = optarg; break;
		case 'w':
			if (eg_duration_parse(optarg, &wdur) != 0) {
				rc = eg_cli_usage("status",
						  _("--within wants an interval such as 30d, 2w or 1m, not \"%.*s\""),
						  EG_QUOTE_MAX, optarg);
				goto out;
			}
			within = optarg;
			break;
		case 'f':
			fmt = eg_cli_format("status", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("status", &out, NULL);
			goto out;
		default:
			rc = eg_cli_usage("status", _("unknown option %s"),
					  argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = eg_cli_usage("status", _("unexpected argument \"%.*s\""),
				  EG_QUOTE_MAX, argv[optind]);
		goto out;
	}
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	const struct eg_spec *spec;
	if (cat == NULL) {
		rc = eg_cli_fail("status", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if (spec_path != NULL) {
		if (eg_spec_load_file(spec_path, &spec_owned, &d) != 0) {
			struct eg_buf msg;
			eg_buf_init(&msg, EG_BUF_DEFAULT_MAX);
			eg_diags_sort(&d);
			eg_diags_format(&d, &msg);
			fputs(eg_buf_str(&msg), stderr);
			eg_buf_free(&msg);
			rc = EG_EXIT_USAGE;
			goto out;
		}
		spec = spec_owned;
	} else if ((spec = eg_spec_builtin(&e)) == NULL) {
		rc = eg_cli_fail("status", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	/* A store not created yet is "no records", not an error: a fresh
	 * install's status lists everything as never done. */
	if ((rc = eg_store_arg_open_present("status", store_path, &s)) !=
	    EG_EXIT_OK)
		goto out;
	int32_t today = eg_today();
	int32_t horizon = eg_date_add(today, &wdur);
	if (eg_due_compute(s, spec, cat, today, horizon, &ob, &n, &e) != 0) {
		rc = eg_cli_fail("status", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	items = calloc(n ? n : 1, sizeof(*items));
	if (items == NULL) {
		rc = eg_cli_fail("status", EG_EXIT_INTERNAL, "out of memory");
		goto out;
	}
	size_t count[4] = {0, 0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		items[i].o = &ob[i];
		items[i].pos = i;
		count[ob[i].state]++;
	}
	qsort(items, n, sizeof(*items), cmp_item);
	char ts[11], hs[11];
	eg_date_format(today, ts);
	eg_date_format(horizon, hs);
	if (fmt == 1)
		emit_json(items, n, ts, within, hs, count, &out);
	else
		emit_text(items, n, ts, count, &out);
	rc = eg_cli_emit("status", &out, NULL);
	/* Never done is as late as overdue: every obligation listed has a
	 * cadence or an expiry the site must keep, and the audit alarms on
	 * it too, so a fresh site's timer alerts until the first records. */
	if (rc == EG_EXIT_OK &&
	    count[EG_DUE_OVERDUE] + count[EG_DUE_NEVER] > 0)
		rc = EG_EXIT_FINDINGS;
out:
	free(items);
	eg_obligations_free(ob, n);
	eg_store_close(s);
	eg_spec_free(spec_owned);
	eg_diags_free(&d);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_status = {
	.name = "status",
	.summary = N_("show what organisational obligations are due or overdue"),
	.run = run,
};
