/*
 * cmd_record.c: the records of organisational measures: `ecguard record`
 * adds one (with its evidence files hashed), `ecguard records` lists them as
 * a table, JSON or CSV, and `ecguard evidence verify` re-hashes every
 * evidence file and exits 1 when one changed or went missing. The rules
 * (default measures, append-only corrections) live in core/records.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/records.h"
#include "../core/store.h"
#include "../report/table.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "../util/num.h"
#include "cli.h"
#include "store_arg.h"

static const char *const list_formats[] = {"text", "json", "csv", NULL};
static const char *const verify_formats[] = {"text", "json", NULL};

static void store_help(struct eg_buf *b)
{
	eg_buf_adds(b, _("  --store FILE   the store (default /var/lib/ecguard/ecguard.db as root,\n"
			 "                 else $XDG_DATA_HOME/ecguard/ecguard.db or\n"
			 "                 ~/.local/share/ecguard/ecguard.db)\n"));
}

static void record_help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard record KIND [--store FILE] [--date YYYY-MM-DD]\n"
			 "         [--theme T02,T05] [--measure ID]... [--by NAME] [--summary TEXT]\n"
			 "         [--scope TEXT] [--evidence FILE]... [--evidence-expires YYYY-MM-DD]\n"
			 "         [--supersedes ID]\n"
			 "\n"
			 "Adds a record of an organisational measure to the store (created when\n"
			 "missing). KIND is one of: education, audit, drill, review, periodic-check,\n"
			 "partner-review, budget, incident, media-disposal, physical-access-review,\n"
			 "other.\n"
			 "\n"
			 "  --date D            the day it happened (default today; not in the future)\n"
			 "  --theme LIST        the themes it covers: the record evidences each theme's\n"
			 "                      measures of the kind (education -> education measures,\n"
			 "                      review -> policy, partner-review -> outsourcing,\n"
			 "                      media-disposal -> media, physical-access-review ->\n"
			 "                      physical-access, others by their own name)\n"
			 "  --measure ID        a measure it evidences (repeatable; T02.10)\n"
			 "  --by NAME           who did it\n"
			 "  --summary TEXT      what was done\n"
			 "  --scope TEXT        attendees or scope; for partner-review the partner's\n"
			 "                      name, for a key or certificate rotation the secret's\n"
			 "                      name (`ecguard status` matches them)\n"
			 "  --evidence FILE     a document proving it, hashed with SHA-256 (repeatable)\n"
			 "  --evidence-expires D  the evidence is valid through day D\n"
			 "  --supersedes ID     this record corrects record ID (records are never\n"
			 "                      changed or deleted; the newest of a chain counts)\n"
			 "  -h, --help          this help\n"
			 "\n"
			 "Without --theme and --measure, a kind whose measures sit in one theme only\n"
			 "(audit, drill, budget) evidences those; incident and other evidence only\n"
			 "what --measure names.\n"
			 "\n"));
	store_help(b);
	eg_buf_adds(b, "\n");
	eg_cli_help_exit_codes(b);
}

/* Checks a free-text option: bounded, valid UTF-8. */
static int text_arg(const char *cmd, const char *opt, const char *v)
{
	size_t n = strnlen(v, EG_RECORD_TEXT_MAX + 1);
	if (n > EG_RECORD_TEXT_MAX)
		return eg_cli_usage(cmd, _("%s is longer than %u bytes"), opt,
				    EG_RECORD_TEXT_MAX);
	if (!eg_utf8_valid(v, n))
		return eg_cli_usage(cmd, _("%s is not valid UTF-8"), opt);
	return 0;
}

static int date_arg(const char *cmd, const char *opt, const char *v,
		    int32_t *out)
{
	if (eg_date_parse(v, out) != 0)
		return eg_cli_usage(cmd, _("%s wants a date YYYY-MM-DD, not \"%.*s\""),
				    opt, EG_QUOTE_MAX, v);
	return 0;
}

struct record_args {
	const char *themes[EG_RECORD_MAX_ARGS];
	char theme_buf[EG_RECORD_MAX_ARGS][8];
	size_t nthemes;
	const char *ids[EG_RECORD_MAX_ARGS];
	size_t nids;
	const char *evidence[EG_RECORD_MAX_EVIDENCE];
	size_t nevidence;
};

/* Splits "T02,T05" into a->themes. */
static int theme_list(struct record_args *a, const char *v)
{
	const char *p = v;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (a->nthemes == EG_RECORD_MAX_ARGS)
			return eg_cli_usage("record", _("more than %u themes"),
					    EG_RECORD_MAX_ARGS);
		if (len == 0 || len >= sizeof(a->theme_buf[0]))
			return eg_cli_usage("record",
					    _("--theme wants theme IDs separated by commas (T02,T05), not \"%.*s\""),
					    EG_QUOTE_MAX, v);
		memcpy(a->theme_buf[a->nthemes], p, len);
		a->theme_buf[a->nthemes][len] = '\0';
		a->themes[a->nthemes] = a->theme_buf[a->nthemes];
		a->nthemes++;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

/* Opens the store for writing: created when missing (0600), the default
 * path's folders too. */
static int open_for_write(const char *cmd, const char *path,
			  struct eg_store **out)
{
	char def[EG_PATH_MAX];
	int flags = EG_STORE_CREATE;
	struct eg_err e;
	eg_err_clear(&e);
	*out = NULL;
	if (path == NULL) {
		if (eg_store_default_path(def, sizeof(def)) != 0)
			return eg_cli_fail(cmd, EG_EXIT_USAGE, "%s",
					   _("no default store path (no home folder known); give --store FILE"));
		path = def;
		flags |= EG_STORE_MKDIRS;
	}
	int rc = eg_store_open(path, flags, out, &e);
	if (rc != 0)
		return eg_cli_fail(cmd, eg_store_arg_exit(rc), "%s",
				   eg_err_msg(&e));
	return EG_EXIT_OK;
}

static int run_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"date", required_argument, NULL, 'd'},
		{"theme", required_argument, NULL, 't'},
		{"measure", required_argument, NULL, 'm'},
		{"by", required_argument, NULL, 'b'},
		{"summary", required_argument, NULL, 'S'},
		{"scope", required_argument, NULL, 'c'},
		{"evidence", required_argument, NULL, 'e'},
		{"evidence-expires", required_argument, NULL, 'x'},
		{"supersedes", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct record_args a;
	struct eg_record_new r;
	const char *store_path = NULL;
	const struct eg_measure **ms = NULL;
	size_t nms = 0;
	struct eg_store *s = NULL;
	struct eg_buf out;
	struct eg_err e;
	int c, rc;
	uint64_t sup = 0;
	int32_t today = eg_today();
	memset(&a, 0, sizeof(a));
	memset(&r, 0, sizeof(r));
	r.date = today;
	r.evidence_expires = EG_NO_DATE;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_err_clear(&e);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:", opts, NULL)) != -1) {
		switch (c) {
		case 's': store_path = optarg; break;
		case 'd':
			if (date_arg("record", "--date", optarg, &r.date))
				return EG_EXIT_USAGE;
			break;
		case 'x':
			if (date_arg("record", "--evidence-expires", optarg,
				     &r.evidence_expires))
				return EG_EXIT_USAGE;
			break;
		case 't':
			if (theme_list(&a, optarg))
				return EG_EXIT_USAGE;
			break;
		case 'm':
			if (a.nids == EG_RECORD_MAX_ARGS)
				return eg_cli_usage("record", _("more than %u measures"),
						    EG_RECORD_MAX_ARGS);
			a.ids[a.nids++] = optarg;
			break;
		case 'e':
			if (a.nevidence == EG_RECORD_MAX_EVIDENCE)
				return eg_cli_usage("record", _("more than %u evidence files"),
						    EG_RECORD_MAX_EVIDENCE);
			a.evidence[a.nevidence++] = optarg;
			break;
		case 'b':
			if (text_arg("record", "--by", optarg))
				return EG_EXIT_USAGE;
			r.by = optarg;
			break;
		case 'S':
			if (text_arg("record", "--summary", optarg))
				return EG_EXIT_USAGE;
			r.summary = optarg;
			break;
		case 'c':
			if (text_arg("record", "--scope", optarg))
				return EG_EXIT_USAGE;
			r.scope = optarg;
			break;
		case 'p':
			if (eg_parse_u64(optarg, 1, INT64_MAX, &sup) != 0)
				return eg_cli_usage("record",
						    _("--supersedes wants a record id (a number), not \"%.*s\""),
						    EG_QUOTE_MAX, optarg);
			break;
		case 'h':
			record_help(&out);
			rc = eg_cli_emit("record", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("record", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return eg_cli_usage("record", "%s", _("say what kind of record (education, audit, drill, ...)"));
	if (optind + 1 < argc)
		return eg_cli_usage("record", _("unexpected argument \"%.*s\""),
				    EG_QUOTE_MAX, argv[optind + 1]);
	r.kind = argv[optind];
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL)
		return eg_cli_fail("record", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
	if (eg_record_resolve_measures(cat, r.kind, a.themes, a.nthemes, a.ids,
				       a.nids, &ms, &nms, &e) != 0) {
		rc = e.code == EG_E_NOMEM ? eg_cli_fail("record", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e))
					  : eg_cli_usage("record", "%s", eg_err_msg(&e));
		goto out;
	}
	r.measures = ms;
	r.nmeasures = nms;
	r.evidence = a.evidence;
	r.nevidence = a.nevidence;
	r.supersedes = (int64_t)sup;
	if ((rc = open_for_write("record", store_path, &s)) != EG_EXIT_OK)
		goto out;
	int64_t id;
	if (eg_record_add(s, &r, today, &id, &e) != 0) {
		rc = eg_cli_fail("record", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	char date[11];
	eg_date_format(r.date, date);
	eg_buf_addf(&out, _("Record %lld added: %s on %s"), (long long)id,
		    r.kind, date);
	for (size_t i = 0; i < nms; i++)
		eg_buf_addf(&out, "%s%s", i == 0 ? _(", evidencing ") : ", ",
			    ms[i]->id);
	if (a.nevidence > 0)
		eg_buf_addf(&out, _(", %zu evidence file(s) hashed"), a.nevidence);
	if (sup != 0)
		eg_buf_addf(&out, _(", superseding record %llu"),
			    (unsigned long long)sup);
	eg_buf_adds(&out, ".\n");
	rc = eg_cli_emit("record", &out, NULL);
out:
	free(ms);
	eg_store_close(s);
	eg_buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------------------- */

static void records_help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard records [--store FILE] [--kind KIND] [--measure ID]\n"
			 "         [--format text|json|csv]\n"
			 "\n"
			 "Lists the records of organisational measures, oldest first, with the\n"
			 "measures each evidences and its evidence files. A record superseded by a\n"
			 "correction is listed with the id of the record that replaced it.\n"
			 "\n"
			 "  --kind KIND     only records of this kind\n"
			 "  --measure ID    only records evidencing this measure\n"
			 "  --format FMT    text (default), json or csv\n"
			 "  -h, --help      this help\n"));
	store_help(b);
	eg_buf_adds(b, "\n");
	eg_cli_help_exit_codes(b);
}

static void join_measures(const struct eg_record_info *r, struct eg_buf *b)
{
	for (size_t j = 0; j < r->nmeasures; j++) {
		if (j > 0)
			eg_buf_addc(b, ' ');
		eg_buf_adds(b, r->measures[j]);
	}
}

static int records_text(const struct eg_record_info *v, size_t n,
			struct eg_buf *out)
{
	if (n == 0) {
		eg_buf_adds(out, _("No records.\n"));
		return 0;
	}
	struct eg_table *t = eg_table_new(8);
	struct eg_buf m;
	if (t == NULL)
		return EG_E_NOMEM;
	eg_buf_init(&m, EG_BUF_DEFAULT_MAX);
	eg_table_cell(t, _("ID"));
	eg_table_cell(t, _("Date"));
	eg_table_cell(t, _("Kind"));
	eg_table_cell(t, _("Measures"));
	eg_table_cell(t, _("By"));
	eg_table_cell(t, _("Evidence"));
	eg_table_cell(t, _("Note"));
	eg_table_cell(t, _("Summary"));
	for (size_t i = 0; i < n; i++) {
		char id[24], ev[24];
		snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
		snprintf(ev, sizeof(ev), "%zu", v[i].nevidence);
		eg_buf_reset(&m);
		join_measures(&v[i], &m);
		eg_table_cell(t, id);
		eg_table_cell(t, v[i].date);
		eg_table_cell(t, v[i].kind);
		eg_table_cell(t, eg_buf_str(&m));
		eg_table_cell(t, v[i].by);
		eg_table_cell(t, ev);
		eg_buf_reset(&m);
		if (v[i].superseded_by != 0)
			eg_buf_addf(&m, _("superseded by %lld"),
				    (long long)v[i].superseded_by);
		else if (v[i].supersedes != 0)
			eg_buf_addf(&m, _("corrects %lld"),
				    (long long)v[i].supersedes);
		eg_table_cell(t, eg_buf_str(&m));
		eg_table_cell(t, v[i].summary);
	}
	int rc = eg_table_render(t, 1, out);
	eg_table_free(t);
	eg_buf_free(&m);
	return rc;
}

static void json_id(struct eg_json *j, const char *key, int64_t v)
{
	eg_json_key(j, key);
	if (v != 0)
		eg_json_int(j, v);
	else
		eg_json_null(j);
}

static void records_json(const struct eg_record_info *v, size_t n,
			 struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		eg_json_obj_begin(&j);
		eg_json_kint(&j, "id", v[i].id);
		eg_json_kstr(&j, "kind", v[i].kind);
		eg_json_kstr(&j, "date", v[i].date);
		eg_json_key(&j, "measures");
		eg_json_arr_begin(&j);
		for (size_t k = 0; k < v[i].nmeasures; k++)
			eg_json_str(&j, v[i].measures[k]);
		eg_json_arr_end(&j);
		eg_json_kstr(&j, "by", v[i].by);
		eg_json_kstr(&j, "summary", v[i].summary);
		eg_json_kstr(&j, "scope", v[i].scope);
		eg_json_kstr(&j, "created_at", v[i].created_at);
		eg_json_kstr(&j, "run_id", v[i].run_id);
		json_id(&j, "supersedes", v[i].supersedes);
		json_id(&j, "superseded_by", v[i].superseded_by);
		eg_json_kbool(&j, "effective", v[i].superseded_by == 0);
		eg_json_key(&j, "evidence");
		eg_json_arr_begin(&j);
		for (size_t k = 0; k < v[i].nevidence; k++) {
			const struct eg_evidence_info *ev = &v[i].evidence[k];
			eg_json_obj_begin(&j);
			eg_json_kint(&j, "id", ev->id);
			eg_json_kstr(&j, "path", ev->path);
			eg_json_kint(&j, "size", ev->size);
			eg_json_kstr(&j, "sha256", ev->sha256);
			eg_json_kstr(&j, "expires", ev->expires);
			eg_json_obj_end(&j);
		}
		eg_json_arr_end(&j);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_finish(&j);
}

static void csv_str(struct eg_buf *out, const char *s, int last)
{
	if (s != NULL)
		eg_csv_field(out, s, strlen(s));
	eg_buf_adds(out, last ? "\r\n" : ",");
}

static void csv_num(struct eg_buf *out, int64_t v, int last)
{
	if (v != 0)
		eg_buf_addf(out, "%lld", (long long)v);
	eg_buf_adds(out, last ? "\r\n" : ",");
}

static void records_csv(const struct eg_record_info *v, size_t n,
			struct eg_buf *out)
{
	struct eg_buf m;
	eg_buf_init(&m, EG_BUF_DEFAULT_MAX);
	eg_buf_adds(out, "id,date,kind,measures,by,summary,scope,supersedes,"
		    "superseded_by,evidence,created_at\r\n");
	for (size_t i = 0; i < n; i++) {
		eg_buf_reset(&m);
		join_measures(&v[i], &m);
		csv_num(out, v[i].id, 0);
		csv_str(out, v[i].date, 0);
		csv_str(out, v[i].kind, 0);
		csv_str(out, eg_buf_str(&m), 0);
		csv_str(out, v[i].by, 0);
		csv_str(out, v[i].summary, 0);
		csv_str(out, v[i].scope, 0);
		csv_num(out, v[i].supersedes, 0);
		csv_num(out, v[i].superseded_by, 0);
		eg_buf_addf(out, "%zu,", v[i].nevidence);
		csv_str(out, v[i].created_at, 1);
	}
	eg_buf_free(&m);
}

static int kind_known(const char *k)
{
	for (size_t i = 0; eg_record_kinds[i] != NULL; i++)
		if (strcmp(k, eg_record_kinds[i]) == 0)
			return 1;
	return 0;
}

static int run_records(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"kind", required_argument, NULL, 'k'},
		{"measure", required_argument, NULL, 'm'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL, *kind = NULL, *measure = NULL;
	int fmt = 0, c, rc;
	struct eg_buf out;
	struct eg_err e;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_err_clear(&e);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:f:", opts, NULL)) != -1) {
		switch (c) {
		case 's': store_path = optarg; break;
		case 'k':
			if (!kind_known(optarg))
				return eg_cli_usage("records", _("unknown record kind \"%.*s\""),
						    EG_QUOTE_MAX, optarg);
			kind = optarg;
			break;
		case 'm': {
			const struct eg_catalog *cat = eg_catalog_builtin(&e);
			if (cat == NULL)
				return eg_cli_fail("records", EG_EXIT_INTERNAL, "%s",
						   eg_err_msg(&e));
			if (eg_catalog_find_measure(cat, optarg) == NULL)
				return eg_cli_usage("records",
						    _("unknown measure \"%.*s\" (see `ecguard catalog`)"),
						    EG_QUOTE_MAX, optarg);
			measure = optarg;
			break;
		}
		case 'f':
			fmt = eg_cli_format("records", optarg, list_formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'h':
			records_help(&out);
			rc = eg_cli_emit("records", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("records", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return eg_cli_usage("records", _("unexpected argument \"%.*s\""),
				    EG_QUOTE_MAX, argv[optind]);
	struct eg_store *s = NULL;
	struct eg_record_info *v = NULL;
	size_t n = 0;
	if ((rc = eg_store_arg_open("records", store_path, &s)) != EG_EXIT_OK)
		goto out;
	if (eg_records_list(s, kind, measure, &v, &n, &e) != 0) {
		rc = eg_cli_fail("records", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	if (fmt == 1) {
		records_json(v, n, &out);
	} else if (fmt == 2) {
		records_csv(v, n, &out);
	} else {
		int trc = records_text(v, n, &out);
		if (trc != 0 && out.err == 0)
			out.err = trc;
	}
	rc = eg_cli_emit("records", &out, NULL);
out:
	eg_record_infos_free(v, n);
	eg_store_close(s);
	eg_buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------------------- */

static void evidence_help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard evidence verify [--store FILE] [--format text|json]\n"
			 "\n"
			 "Re-hashes every evidence file of the store (SHA-256) and reports each as\n"
			 "ok, changed (another size or hash), missing or unreadable.\n"
			 "\n"
			 "  --format FMT    text (default) or json\n"
			 "  -h, --help      this help\n"));
	store_help(b);
	eg_buf_adds(b, _("\n"
			 "Exit codes:\n"
			 "  0  every evidence file is as recorded\n"
			 "  1  a file changed, is missing or cannot be read\n"
			 "  2  usage or input error (no store)\n"
			 "  3  internal error\n"));
}

static int run_evidence(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL;
	int fmt = 0, c, rc;
	struct eg_buf out;
	struct eg_err e;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_err_clear(&e);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:f:", opts, NULL)) != -1) {
		switch (c) {
		case 's': store_path = optarg; break;
		case 'f':
			fmt = eg_cli_format("evidence", optarg, verify_formats);
			if (fmt < 0)
				return EG_EXIT_USAGE;
			break;
		case 'h':
			evidence_help(&out);
			rc = eg_cli_emit("evidence", &out, NULL);
			eg_buf_free(&out);
			return rc;
		default:
			return eg_cli_usage("evidence", _("unknown option %s"),
					    argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "verify") != 0)
		return eg_cli_usage("evidence", "%s",
				    _("the only action is `ecguard evidence verify`"));
	if (optind + 1 < argc)
		return eg_cli_usage("evidence", _("unexpected argument \"%.*s\""),
				    EG_QUOTE_MAX, argv[optind + 1]);
	struct eg_store *s = NULL;
	struct eg_evidence_check *v = NULL;
	size_t n = 0, bad = 0, count[4] = {0, 0, 0, 0};
	if ((rc = eg_store_arg_open("evidence", store_path, &s)) != EG_EXIT_OK)
		goto out;
	if (eg_evidence_verify(s, &v, &n, &e) != 0) {
		rc = eg_cli_fail("evidence", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		count[v[i].state]++;
		bad += v[i].state != EG_EV_OK;
	}
	if (fmt == 1) {
		struct eg_json j;
		eg_json_init(&j, &out, 1);
		eg_json_obj_begin(&j);
		eg_json_key(&j, "evidence");
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < n; i++) {
			eg_json_obj_begin(&j);
			eg_json_kint(&j, "id", v[i].ev.id);
			eg_json_kint(&j, "record", v[i].ev.record_id);
			eg_json_kstr(&j, "path", v[i].ev.path);
			eg_json_kstr(&j, "state", eg_evidence_state_name(v[i].state));
			eg_json_kint(&j, "size", v[i].ev.size);
			eg_json_kstr(&j, "sha256", v[i].ev.sha256);
			eg_json_key(&j, "size_now");
			if (v[i].size_now >= 0)
				eg_json_int(&j, v[i].size_now);
			else
				eg_json_null(&j);
			eg_json_kstr(&j, "sha256_now", v[i].sha256_now[0] ? v[i].sha256_now : NULL);
			eg_json_kstr(&j, "reason", v[i].why);
			eg_json_obj_end(&j);
		}
		eg_json_arr_end(&j);
		eg_json_key(&j, "counts");
		eg_json_obj_begin(&j);
		for (int k = EG_EV_OK; k <= EG_EV_UNREADABLE; k++)
			eg_json_kint(&j, eg_evidence_state_name((enum eg_evidence_state)k),
				     (int64_t)count[k]);
		eg_json_obj_end(&j);
		eg_json_obj_end(&j);
		eg_json_finish(&j);
	} else {
		struct eg_table *t = eg_table_new(4);
		if (t == NULL) {
			rc = eg_cli_fail("evidence", EG_EXIT_INTERNAL, "out of memory");
			goto out;
		}
		eg_table_cell(t, _("State"));
		eg_table_cell(t, _("Record"));
		eg_table_cell(t, _("Evidence"));
		eg_table_cell(t, _("Path"));
		for (size_t i = 0; i < n; i++) {
			char rid[24], eid[24];
			snprintf(rid, sizeof(rid), "%lld", (long long)v[i].ev.record_id);
			snprintf(eid, sizeof(eid), "%lld", (long long)v[i].ev.id);
			eg_table_cell(t, eg_evidence_state_name(v[i].state));
			eg_table_cell(t, rid);
			eg_table_cell(t, eid);
			eg_table_cell(t, v[i].ev.path);
		}
		if (n > 0 && eg_table_render(t, 1, &out) != 0 && out.err == 0)
			out.err = EG_E_NOMEM;
		eg_table_free(t);
		eg_buf_addf(&out, _("%zu evidence files: %zu ok, %zu changed, %zu missing, %zu unreadable.\n"),
			    n, count[EG_EV_OK], count[EG_EV_CHANGED],
			    count[EG_EV_MISSING], count[EG_EV_UNREADABLE]);
	}
	rc = eg_cli_emit("evidence", &out, NULL);
	if (rc == EG_EXIT_OK && bad > 0)
		rc = EG_EXIT_FINDINGS;
out:
	eg_evidence_checks_free(v, n);
	eg_store_close(s);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_record = {
	.name = "record",
	.summary = N_("add a record of an organisational measure, with evidence"),
	.run = run_record,
};

const struct eg_cmd eg_cmd_records = {
	.name = "records",
	.summary = N_("list the records of organisational measures"),
	.run = run_records,
};

const struct eg_cmd eg_cmd_evidence = {
	.name = "evidence",
	.summary = N_("verify the evidence files of the records (SHA-256)"),
	.run = run_evidence,
};
