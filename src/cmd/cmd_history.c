/*
 * cmd_history.c: `ecguard history` lists the stored runs, newest first, with
 * their score and open alarms by severity, as an aligned table or JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/store.h"
#include "../report/table.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "../util/num.h"
#include "cli.h"
#include "store_arg.h"

#define DEFAULT_LIMIT 20

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard history [--store FILE] [--limit N] [--format text|json]\n"
			 "\n"
			 "Lists the audit runs kept in the store, newest first: when each started,\n"
			 "the host, the overall score (0-100, \"-\" when nothing was assessed) and\n"
			 "the open alarms by severity (waived alarms are counted apart).\n"
			 "\n"
			 "  --store FILE   the store (default /var/lib/ecguard/ecguard.db as root,\n"
			 "                 else $XDG_DATA_HOME/ecguard/ecguard.db or\n"
			 "                 ~/.local/share/ecguard/ecguard.db)\n"
			 "  --limit N      show at most N runs (default 20; 0 shows all)\n"
			 "  --format FMT   text (default) or json\n"
			 "  -h, --help     this help\n"
			 "\n"
			 "A missing store is an input error (exit 2): `ecguard audit` creates it.\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

static void count_cell(struct eg_table *t, size_t n)
{
	char s[32];
	snprintf(s, sizeof(s), "%zu", n);
	eg_table_cell(t, s);
}

static int text_history(const char *path, const struct eg_store_run_info *v,
			size_t n, struct eg_buf *out)
{
	if (n == 0) {
		struct eg_buf p;
		eg_buf_init(&p, EG_PATH_MAX * 4);
		eg_term_escape(&p, path, strlen(path));
		eg_buf_addf(out, _("No runs stored yet in %s; `ecguard audit` stores one.\n"),
			    eg_buf_str(&p));
		eg_buf_free(&p);
		return 0;
	}
	struct eg_table *t = eg_table_new(10);
	if (t == NULL)
		return EG_E_NOMEM;
	eg_table_cell(t, _("Run"));
	eg_table_cell(t, _("Started"));
	eg_table_cell(t, _("Host"));
	eg_table_cell(t, _("Score"));
	eg_table_cell(t, _("Critical"));
	eg_table_cell(t, _("High"));
	eg_table_cell(t, _("Medium"));
	eg_table_cell(t, _("Low"));
	eg_table_cell(t, _("Info"));
	eg_table_cell(t, _("Waived"));
	for (size_t i = 0; i < n; i++) {
		char score[16] = "-";
		if (v[i].score >= 0)
			snprintf(score, sizeof(score), "%d", v[i].score);
		eg_table_cell(t, v[i].id);
		eg_table_cell(t, v[i].started_at);
		eg_table_cell(t, v[i].host);
		eg_table_cell(t, score);
		for (int s = EG_SEV_CRITICAL; s >= EG_SEV_INFO; s--)
			count_cell(t, v[i].alarms[s]);
		count_cell(t, v[i].waived);
	}
	int rc = eg_table_render(t, 1, out);
	eg_table_free(t);
	return rc;
}

static void json_history(const struct eg_store_run_info *v, size_t n,
			 struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "id", v[i].id);
		eg_json_kstr(&j, "started_at", v[i].started_at);
		eg_json_kstr(&j, "finished_at", v[i].finished_at);
		eg_json_kstr(&j, "host", v[i].host);
		eg_json_key(&j, "score");
		if (v[i].score >= 0)
			eg_json_int(&j, v[i].score);
		else
			eg_json_null(&j);
		eg_json_key(&j, "alarms");
		eg_json_obj_begin(&j);
		for (int s = EG_SEV_CRITICAL; s >= EG_SEV_INFO; s--)
			eg_json_kint(&j, eg_severity_name((enum eg_severity)s),
				     (int64_t)v[i].alarms[s]);
		eg_json_obj_end(&j);
		eg_json_kint(&j, "waived", (int64_t)v[i].waived);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"limit", required_argument, NULL, 'n'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL;
	uint64_t limit = DEFAULT_LIMIT;
	int fmt = 0, c, rc;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:n:f:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			store_path = optarg;
			break;
		case 'n':
			if (eg_parse_u64(optarg, 0, EG_STORE_LIST_MAX, &limit) != 0)
				return eg_cli_usage("history",
						    _("--limit wants a number from 0 to %u, not \"%.*s\""),
						    EG_STORE_LIST_MAX, EG_QUOTE_MAX,
						    optarg);
			break;
		case 'f':
			fmt = eg_cli_format("history", optarg, formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("history", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("history", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return eg_cli_usage("history", _("unexpected argument \"%.*s\""),
				    EG_QUOTE_MAX, argv[optind]);
	struct eg_store *s = NULL;
	struct eg_store_run_info *v = NULL;
	size_t n = 0;
	struct eg_err e;
	eg_err_clear(&e);
	if ((rc = eg_store_arg_open("history", store_path, &s)) != EG_EXIT_OK)
		goto out;
	if (eg_store_list_runs(s, (size_t)limit, &v, &n, &e) != 0) {
		rc = eg_cli_fail("history", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	if (fmt == 1) {
		json_history(v, n, &out);
	} else {
		int trc = text_history(eg_store_path(s), v, n, &out);
		if (trc != 0 && out.err == 0)
			out.err = trc;
	}
	rc = eg_cli_emit("history", &out, NULL);
out:
	eg_store_run_infos_free(v, n);
	eg_store_close(s);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_history = {
	.name = "history",
	.summary = N_("list the stored audit runs with their scores"),
	.run = run,
};
