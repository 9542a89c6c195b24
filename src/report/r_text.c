/*
 * r_text.c: the terminal report, the default of `ecguard audit` on a TTY.
 * A header naming the run, one line per theme with its score as a bar and
 * its status, then the alarms grouped by severity (critical first) and by
 * check, with the measures, each resource and reason, and the remediation
 * once per check; then waived alarms with their waiver, then what could not
 * be checked (errors and skips, counted apart: a skip is never a pass), and
 * the totals with the --fail-on threshold.
 *
 * Every string of the run goes through eg_term_escape (or eg_table, which
 * does it), so a hostile resource cannot move the cursor, recolour the
 * terminal or forge lines: a newline in a reason shows as \n. Remediation
 * texts, written by check authors, keep their line breaks, each line escaped
 * on its own and indented. Colour only when opts->color.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/neutral.h"
#include "report_int.h"
#include "table.h"

#define BAR_WIDTH 20

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"

struct tx {
	struct eg_buf *out;
	int color;
};

static const char *sev_sgr(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL: return "\033[1;31m";
	case EG_SEV_HIGH: return "\033[31m";
	case EG_SEV_MEDIUM: return "\033[33m";
	case EG_SEV_LOW: return "\033[36m";
	default: return "\033[2m";
	}
}

static const char *ms_sgr(enum eg_mstatus s)
{
	switch (s) {
	case EG_MS_MET: return "\033[32m";
	case EG_MS_PARTIAL: return "\033[33m";
	case EG_MS_NOT_MET: return "\033[31m";
	case EG_MS_NOT_APPLICABLE: return "\033[34m";
	default: return "\033[2m";
	}
}

static void on(struct tx *t, const char *sgr)
{
	if (t->color)
		eg_buf_adds(t->out, sgr);
}

static void off(struct tx *t)
{
	if (t->color)
		eg_buf_adds(t->out, SGR_RESET);
}

static void esc(struct eg_buf *out, const char *s)
{
	s = eg_rep_s(s);
	eg_term_escape(out, s, strlen(s));
}

/* A label padded with spaces to width display columns (labels may be
 * Japanese, two columns a character). */
static void label(struct eg_buf *out, const char *l, size_t width)
{
	size_t w = eg_display_width(l, strlen(l));
	eg_buf_adds(out, l);
	for (; w < width; w++)
		eg_buf_addc(out, ' ');
}

static size_t max_width(const char *const *labels, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = eg_display_width(labels[i], strlen(labels[i]));
		if (w > m)
			m = w;
	}
	return m;
}

/* Multi-line text: each line escaped; lines after the first start with
 * indent spaces. A trailing newline is dropped. */
static void esc_lines(struct eg_buf *out, const char *s, size_t indent)
{
	s = eg_rep_s(s);
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		size_t end = i;
		if (end > start && s[end - 1] == '\r')
			end--;
		if (start > 0) {
			eg_buf_addc(out, '\n');
			for (size_t k = 0; k < indent; k++)
				eg_buf_addc(out, ' ');
		}
		eg_term_escape(out, s + start, end - start);
		start = i + 1;
	}
}

static void header(struct tx *t, const struct eg_run *run)
{
	const char *labels[] = {_("Run:"), _("Host:"), _("Root:"), _("Spec:"),
				_("Started:"), _("Finished:"), _("Version:")};
	const char *values[] = {run->id, run->host, run->root, run->spec,
				run->started_at, run->finished_at,
				run->version};
	size_t n = sizeof(labels) / sizeof(labels[0]);
	size_t w = max_width(labels, n) + 2;
	on(t, SGR_BOLD);
	eg_buf_adds(t->out, _("ecguard audit report"));
	off(t);
	eg_buf_addc(t->out, '\n');
	for (size_t i = 0; i < n; i++) {
		if (values[i] == NULL)
			continue;
		eg_buf_adds(t->out, "  ");
		label(t->out, labels[i], w);
		esc(t->out, values[i]);
		eg_buf_addc(t->out, '\n');
	}
	eg_buf_addc(t->out, '\n');
	on(t, SGR_BOLD);
	if (run->score >= 0)
		eg_buf_addf(t->out, _("Overall score: %d/100"), run->score);
	else
		eg_buf_adds(t->out, _("Overall score: not assessed"));
	off(t);
	eg_buf_adds(t->out, "\n\n");
}

static void themes(struct tx *t, const struct eg_run *run,
		   const struct eg_catalog *cat)
{
	if (run->nthemes == 0)
		return;
	const char *st[5];
	for (int i = 0; i < 5; i++)
		st[i] = eg_mstatus_label((enum eg_mstatus)i);
	size_t sw = max_width(st, 5) + 2;
	on(t, SGR_BOLD);
	eg_buf_adds(t->out, _("Themes"));
	off(t);
	eg_buf_addc(t->out, '\n');
	for (size_t i = 0; i < run->nthemes; i++) {
		const struct eg_run_theme *th = &run->themes[i];
		int score = th->score;
		if (score > 100)
			score = 100;
		eg_buf_adds(t->out, "  ");
		esc(t->out, th->id);
		if (score >= 0)
			eg_buf_addf(t->out, "  %3d  ", score);
		else
			eg_buf_adds(t->out, "    -  ");
		int fill = score >= 0 ? (score * BAR_WIDTH + 50) / 100 : 0;
		on(t, ms_sgr(th->status));
		for (int k = 0; k < BAR_WIDTH; k++)
			eg_buf_addc(t->out, k < fill ? '#' : '.');
		off(t);
		eg_buf_adds(t->out, "  ");
		on(t, ms_sgr(th->status));
		label(t->out, eg_mstatus_label(th->status), 0);
		off(t);
		size_t lw = strlen(eg_mstatus_label(th->status));
		lw = eg_display_width(eg_mstatus_label(th->status), lw);
		for (; lw < sw; lw++)
			eg_buf_addc(t->out, ' ');
		esc(t->out, eg_rep_theme_title(cat, th->id));
		/* No trailing spaces when there is no title. */
		while (t->out->len > 0 && t->out->data[t->out->len - 1] == ' ')
			eg_buf_truncate(t->out, t->out->len - 1);
		eg_buf_addc(t->out, '\n');
	}
	eg_buf_addc(t->out, '\n');
}

/* "  ssh.root_login  [T02.07, T08.05]  Title", after prefix when set. */
static void check_line(struct tx *t, const struct eg_run_check *c,
		       const char *prefix)
{
	eg_buf_adds(t->out, "  ");
	if (prefix != NULL) {
		eg_buf_adds(t->out, prefix);
		eg_buf_addc(t->out, ' ');
	}
	on(t, SGR_BOLD);
	esc(t->out, c->id);
	off(t);
	struct eg_buf m;
	eg_buf_init(&m, t->out->max);
	eg_rep_measures(&m, c, ", ");
	eg_buf_adds(t->out, "  [");
	eg_term_escape(t->out, eg_buf_str(&m), m.len);
	eg_buf_addc(t->out, ']');
	eg_rep_tmp_done(t->out, &m);
	const char *title = eg_rep_title(c);
	if (title[0] != '\0') {
		eg_buf_adds(t->out, "  ");
		esc(t->out, title);
	}
	eg_buf_addc(t->out, '\n');
}

static void resource_line(struct tx *t, const struct eg_run_result *r)
{
	eg_buf_adds(t->out, "    - ");
	if (r->resource != NULL && r->resource[0] != '\0') {
		esc(t->out, r->resource);
		if (r->reason != NULL && r->reason[0] != '\0')
			eg_buf_adds(t->out, ": ");
	}
	esc(t->out, r->reason);
	eg_buf_addc(t->out, '\n');
}

static void remediation(struct tx *t, const struct eg_run_check *c)
{
	const char *rem = eg_rep_remediation(c);
	if (rem[0] == '\0')
		return;
	const char *l = _("Remediation:");
	size_t w = eg_display_width(l, strlen(l)) + 1;
	eg_buf_adds(t->out, "    ");
	eg_buf_adds(t->out, l);
	eg_buf_addc(t->out, ' ');
	esc_lines(t->out, rem, 4 + w);
	eg_buf_addc(t->out, '\n');
}

static int alarms(struct tx *t, const struct eg_run *run,
		  const struct eg_run_summary *sum)
{
	size_t *idx, n;
	int rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_ALARM), &idx, &n);
	if (rc != 0)
		return rc;
	on(t, SGR_BOLD);
	eg_buf_addf(t->out, _("Alarms: %zu"), n);
	off(t);
	if (n == 0) {
		eg_buf_adds(t->out, "\n\n");
		return 0;
	}
	eg_buf_adds(t->out, " (");
	for (int s = EG_SEV_CRITICAL; s >= EG_SEV_INFO; s--)
		eg_buf_addf(t->out, "%s%s %zu", s == EG_SEV_CRITICAL ? "" : ", ",
			    eg_severity_label((enum eg_severity)s),
			    sum->alarm_by_severity[s]);
	eg_buf_adds(t->out, ")\n");
	int cur_sev = -1;
	size_t cur_check = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_result *r = &run->results[idx[i]];
		const struct eg_run_check *c = &run->checks[r->check];
		if ((int)c->severity != cur_sev) {
			if (cur_check != (size_t)-1)
				remediation(t, &run->checks[cur_check]);
			cur_sev = (int)c->severity;
			cur_check = (size_t)-1;
			eg_buf_addc(t->out, '\n');
			on(t, sev_sgr(c->severity));
			eg_buf_addf(t->out, "%s (%zu)",
				    eg_severity_label(c->severity),
				    sum->alarm_by_severity[c->severity]);
			off(t);
			eg_buf_addc(t->out, '\n');
		}
		if (r->check != cur_check) {
			if (cur_check != (size_t)-1)
				remediation(t, &run->checks[cur_check]);
			cur_check = r->check;
			check_line(t, c, NULL);
		}
		resource_line(t, r);
	}
	if (cur_check != (size_t)-1)
		remediation(t, &run->checks[cur_check]);
	eg_buf_addc(t->out, '\n');
	free(idx);
	return 0;
}

static int waived(struct tx *t, const struct eg_run *run)
{
	size_t *idx, n;
	int rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_WAIVED), &idx, &n);
	if (rc != 0 || n == 0)
		return rc;
	on(t, SGR_BOLD);
	eg_buf_addf(t->out, _("Waived alarms: %zu"), n);
	off(t);
	eg_buf_addc(t->out, '\n');
	const char *wl = _("Waiver:");
	size_t cur_check = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_result *r = &run->results[idx[i]];
		const struct eg_run_check *c = &run->checks[r->check];
		if (r->check != cur_check) {
			cur_check = r->check;
			char sev[64];
			snprintf(sev, sizeof(sev), "[%s]",
				 eg_severity_label(c->severity));
			check_line(t, c, sev);
		}
		resource_line(t, r);
		eg_buf_adds(t->out, "      ");
		eg_buf_adds(t->out, wl);
		eg_buf_addc(t->out, ' ');
		esc(t->out, r->waiver);
		eg_buf_addc(t->out, '\n');
	}
	eg_buf_addc(t->out, '\n');
	free(idx);
	return 0;
}

/* Errors, then skips, in one table: what the audit could not verify. */
static int not_checked(struct tx *t, const struct eg_run *run,
		       const struct eg_run_summary *sum)
{
	if (sum->error == 0 && sum->skip == 0)
		return 0;
	on(t, SGR_BOLD);
	eg_buf_adds(t->out, _("Not checked:"));
	eg_buf_addf(t->out, " %s %zu, %s %zu", eg_status_label(EG_ST_ERROR),
		    sum->error, eg_status_label(EG_ST_SKIP), sum->skip);
	off(t);
	eg_buf_addf(t->out, " (%s)\n", _("a skip is never a pass"));
	struct eg_table *tab = eg_table_new(4);
	if (tab == NULL)
		return EG_E_NOMEM;
	int rc = 0;
	static const enum eg_status order[] = {EG_ST_ERROR, EG_ST_SKIP};
	for (size_t o = 0; rc == 0 && o < 2; o++) {
		size_t *idx, n;
		rc = eg_rep_sorted(run, EG_REP_BIT(order[o]), &idx, &n);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			const struct eg_run_result *r = &run->results[idx[i]];
			eg_table_cell(tab, eg_status_label(r->status));
			eg_table_cell(tab, run->checks[r->check].id);
			eg_table_cell(tab, r->resource);
			rc = eg_table_cell(tab, r->reason);
		}
		free(idx);
	}
	if (rc == 0) {
		struct eg_buf b;
		eg_buf_init(&b, t->out->max);
		rc = eg_table_render(tab, 0, &b);
		/* Indent the table by two spaces. */
		const char *s = eg_buf_str(&b);
		while (rc == 0 && *s != '\0') {
			const char *nl = strchr(s, '\n');
			size_t len = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);
			eg_buf_adds(t->out, "  ");
			eg_buf_add(t->out, s, len);
			s += len;
		}
		eg_buf_free(&b);
	}
	eg_table_free(tab);
	eg_buf_addc(t->out, '\n');
	return rc;
}

static void totals(struct tx *t, const struct eg_run *run,
		   const struct eg_run_summary *sum,
		   const struct eg_report_opts *opts)
{
	const size_t st[] = {sum->ok, sum->alarm, sum->waived, sum->info,
			     sum->skip, sum->error};
	const enum eg_status sts[] = {EG_ST_OK, EG_ST_ALARM, EG_ST_WAIVED,
				      EG_ST_INFO, EG_ST_SKIP, EG_ST_ERROR};
	eg_buf_adds(t->out, _("Results:"));
	for (size_t i = 0; i < 6; i++)
		eg_buf_addf(t->out, "%s %s %zu", i ? "," : "",
			    eg_status_label(sts[i]), st[i]);
	eg_buf_addc(t->out, '\n');
	eg_buf_adds(t->out, _("Measures:"));
	for (int i = 0; i < 5; i++)
		eg_buf_addf(t->out, "%s %s %zu", i ? "," : "",
			    eg_mstatus_label((enum eg_mstatus)i),
			    sum->measures_by_status[i]);
	eg_buf_addc(t->out, '\n');
	size_t failing = eg_report_failing_opts(run, opts);
	eg_buf_addf(t->out, _("Threshold (--fail-on %s): "),
		    eg_report_threshold_name(opts));
	if (failing > 0) {
		on(t, sev_sgr(EG_SEV_CRITICAL));
		eg_buf_addf(t->out, ngettext("%zu alarm at or above it",
					      "%zu alarms at or above it",
					      failing), failing);
		off(t);
	} else {
		eg_buf_adds(t->out, _("no alarm at or above it"));
	}
	eg_buf_addc(t->out, '\n');
}

static int render(const struct eg_run *run, const struct eg_catalog *cat,
		  const struct eg_report_opts *opts, struct eg_buf *out)
{
	int rc = eg_rep_check_run(run);
	if (rc != 0)
		return rc;
	opts = eg_rep_opts(opts);
	struct tx t = {.out = out, .color = opts->color};
	struct eg_run_summary sum;
	eg_run_summarize(run, &sum);
	header(&t, run);
	themes(&t, run, cat);
	if ((rc = alarms(&t, run, &sum)) != 0 ||
	    (rc = waived(&t, run)) != 0 ||
	    (rc = not_checked(&t, run, &sum)) != 0)
		return rc;
	totals(&t, run, &sum, opts);
	return out->err;
}

const struct eg_report_format eg_report_text = {
	.name = "text",
	.render = render,
};
