/*
 * r_md.c: a Markdown report to paste into a ticket or post on a pull
 * request (GitHub Flavoured Markdown tables): the run, the overall score
 * and threshold, a table of themes, a table of alarms (severity, check,
 * measures, resource, reason), the remediation once per check, the waived
 * alarms with their waivers, and what could not be checked.
 *
 * Markdown renders HTML and turns punctuation into structure, so every
 * string (check texts included) goes through md(): the inline-significant
 * characters are backslash-escaped, `|` too (a cell boundary in a table),
 * < > & become entities (no HTML reaches the renderer), newlines become
 * <br> (data never starts a line, so it cannot open a heading, list, quote
 * or code block), controls are shown as \xNN, bidi controls as \u{...},
 * invalid UTF-8 as U+FFFD.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/neutral.h"
#include "report_int.h"

/* Every string of the run goes through eg_md_escape (neutral.h). */
static void md(struct eg_buf *out, const char *s)
{
	s = eg_rep_s(s);
	eg_md_escape(out, s, strlen(s));
}

static void measures(struct eg_buf *out, const struct eg_run_check *c)
{
	struct eg_buf m;
	eg_buf_init(&m, out->max);
	eg_rep_measures(&m, c, ", ");
	md(out, eg_buf_str(&m));
	eg_rep_tmp_done(out, &m);
}

static void header(struct eg_buf *out, const struct eg_run *run,
		   const struct eg_report_opts *opts)
{
	eg_buf_addf(out, "# %s\n\n", _("ecguard audit report"));
	eg_buf_addf(out, "| %s | %s | %s | %s | %s | %s |\n", _("Run"),
		    _("Host"), _("Root"), _("Spec"), _("Started"),
		    _("Finished"));
	eg_buf_adds(out, "| --- | --- | --- | --- | --- | --- |\n|");
	const char *v[] = {run->id, run->host, run->root, run->spec,
			   run->started_at, run->finished_at};
	for (size_t i = 0; i < 6; i++) {
		eg_buf_addc(out, ' ');
		md(out, v[i]);
		eg_buf_adds(out, " |");
	}
	eg_buf_adds(out, "\n\n**");
	if (run->score >= 0)
		eg_buf_addf(out, _("Overall score: %d/100"),
			    run->score > 100 ? 100 : run->score);
	else
		eg_buf_adds(out, _("Overall score: not assessed"));
	eg_buf_adds(out, "**  \n");
	size_t failing = eg_report_failing_opts(run, opts);
	eg_buf_addf(out, _("Threshold (--fail-on %s): "),
		    eg_report_threshold_name(opts));
	if (failing > 0)
		eg_buf_addf(out, ngettext("%zu alarm at or above it",
					 "%zu alarms at or above it",
					 failing), failing);
	else
		eg_buf_adds(out, _("no alarm at or above it"));
	eg_buf_adds(out, "\n\n");
}

static void themes(struct eg_buf *out, const struct eg_run *run,
		   const struct eg_catalog *cat)
{
	if (run->nthemes == 0)
		return;
	eg_buf_addf(out, "## %s\n\n", _("Themes"));
	eg_buf_addf(out, "| %s | %s | %s | %s |\n| --- | --- | ---: | --- |\n",
		    _("Theme"), _("Title"), _("Score"), _("Status"));
	for (size_t i = 0; i < run->nthemes; i++) {
		const struct eg_run_theme *t = &run->themes[i];
		eg_buf_adds(out, "| ");
		md(out, t->id);
		eg_buf_adds(out, " | ");
		md(out, eg_rep_theme_title(cat, t->id));
		if (t->score >= 0)
			eg_buf_addf(out, " | %d | ", t->score > 100 ? 100 : t->score);
		else
			eg_buf_adds(out, " | - | ");
		md(out, eg_mstatus_label(t->status));
		eg_buf_adds(out, " |\n");
	}
	eg_buf_addc(out, '\n');
}

/* Remediation once per check, in the order the table shows the checks. */
static int remediations(struct eg_buf *out, const struct eg_run *run,
			const size_t *idx, size_t n)
{
	unsigned char *seen = calloc(run->nchecks ? run->nchecks : 1, 1);
	if (seen == NULL)
		return EG_E_NOMEM;
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		size_t ci = run->results[idx[i]].check;
		const struct eg_run_check *c = &run->checks[ci];
		if (seen[ci] || eg_rep_remediation(c)[0] == '\0')
			continue;
		seen[ci] = 1;
		if (!any)
			eg_buf_addf(out, "### %s\n\n", _("Remediation"));
		any = 1;
		eg_buf_adds(out, "- **");
		md(out, c->id);
		eg_buf_adds(out, "**");
		const char *title = eg_rep_title(c);
		if (title[0] != '\0') {
			eg_buf_adds(out, " (");
			md(out, title);
			eg_buf_addc(out, ')');
		}
		eg_buf_adds(out, ": ");
		md(out, eg_rep_remediation(c));
		eg_buf_addc(out, '\n');
	}
	if (any)
		eg_buf_addc(out, '\n');
	free(seen);
	return 0;
}

static int alarms(struct eg_buf *out, const struct eg_run *run)
{
	size_t *idx, n;
	int rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_ALARM), &idx, &n);
	if (rc != 0)
		return rc;
	eg_buf_addf(out, "## %s (%zu)\n\n", _("Alarms"), n);
	if (n == 0) {
		eg_buf_addf(out, "%s\n\n", _("No alarms."));
		return 0;
	}
	eg_buf_addf(out, "| %s | %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- | --- |\n",
		    _("Severity"), _("Check"), _("Measure IDs"), _("Resource"),
		    _("Reason"));
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_result *r = &run->results[idx[i]];
		const struct eg_run_check *c = &run->checks[r->check];
		eg_buf_adds(out, "| ");
		md(out, eg_severity_label(c->severity));
		eg_buf_adds(out, " | ");
		md(out, c->id);
		eg_buf_adds(out, " | ");
		measures(out, c);
		eg_buf_adds(out, " | ");
		md(out, r->resource);
		eg_buf_adds(out, " | ");
		md(out, r->reason);
		eg_buf_adds(out, " |\n");
	}
	eg_buf_addc(out, '\n');
	rc = remediations(out, run, idx, n);
	free(idx);
	return rc;
}

static int waived(struct eg_buf *out, const struct eg_run *run)
{
	size_t *idx, n;
	int rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_WAIVED), &idx, &n);
	if (rc != 0 || n == 0)
		return rc;
	eg_buf_addf(out, "## %s (%zu)\n\n", _("Waived alarms"), n);
	eg_buf_addf(out, "| %s | %s | %s | %s | %s |\n"
		    "| --- | --- | --- | --- | --- |\n",
		    _("Severity"), _("Check"), _("Resource"), _("Reason"),
		    _("Waiver"));
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_result *r = &run->results[idx[i]];
		const struct eg_run_check *c = &run->checks[r->check];
		eg_buf_adds(out, "| ");
		md(out, eg_severity_label(c->severity));
		eg_buf_adds(out, " | ");
		md(out, c->id);
		eg_buf_adds(out, " | ");
		md(out, r->resource);
		eg_buf_adds(out, " | ");
		md(out, r->reason);
		eg_buf_adds(out, " | ");
		md(out, r->waiver);
		eg_buf_adds(out, " |\n");
	}
	eg_buf_addc(out, '\n');
	free(idx);
	return 0;
}

static int not_checked(struct eg_buf *out, const struct eg_run *run,
		       const struct eg_run_summary *sum)
{
	if (sum->error == 0 && sum->skip == 0)
		return 0;
	eg_buf_addf(out, "## %s\n\n", _("Not checked"));
	eg_buf_addf(out, "%s %zu, %s %zu", eg_status_label(EG_ST_ERROR),
		    sum->error, eg_status_label(EG_ST_SKIP), sum->skip);
	eg_buf_addf(out, " (%s)\n\n", _("a skip is never a pass"));
	eg_buf_addf(out, "| %s | %s | %s | %s |\n| --- | --- | --- | --- |\n",
		    _("Status"), _("Check"), _("Resource"), _("Reason"));
	static const enum eg_status order[] = {EG_ST_ERROR, EG_ST_SKIP};
	for (size_t o = 0; o < 2; o++) {
		size_t *idx, n;
		int rc = eg_rep_sorted(run, EG_REP_BIT(order[o]), &idx, &n);
		if (rc != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			const struct eg_run_result *r = &run->results[idx[i]];
			eg_buf_adds(out, "| ");
			md(out, eg_status_label(r->status));
			eg_buf_adds(out, " | ");
			md(out, run->checks[r->check].id);
			eg_buf_adds(out, " | ");
			md(out, r->resource);
			eg_buf_adds(out, " | ");
			md(out, r->reason);
			eg_buf_adds(out, " |\n");
		}
		free(idx);
	}
	eg_buf_addc(out, '\n');
	return 0;
}

static void totals(struct eg_buf *out, const struct eg_run_summary *sum)
{
	const size_t st[] = {sum->ok, sum->alarm, sum->waived, sum->info,
			     sum->skip, sum->error};
	const enum eg_status sts[] = {EG_ST_OK, EG_ST_ALARM, EG_ST_WAIVED,
				      EG_ST_INFO, EG_ST_SKIP, EG_ST_ERROR};
	eg_buf_adds(out, _("Results:"));
	for (size_t i = 0; i < 6; i++)
		eg_buf_addf(out, "%s %s %zu", i ? "," : "",
			    eg_status_label(sts[i]), st[i]);
	eg_buf_adds(out, "  \n");
	eg_buf_adds(out, _("Measures:"));
	for (int i = 0; i < 5; i++)
		eg_buf_addf(out, "%s %s %zu", i ? "," : "",
			    eg_mstatus_label((enum eg_mstatus)i),
			    sum->measures_by_status[i]);
	eg_buf_addc(out, '\n');
}

static int render(const struct eg_run *run, const struct eg_catalog *cat,
		  const struct eg_report_opts *opts, struct eg_buf *out)
{
	int rc = eg_rep_check_run(run);
	if (rc != 0)
		return rc;
	opts = eg_rep_opts(opts);
	struct eg_run_summary sum;
	eg_run_summarize(run, &sum);
	header(out, run, opts);
	themes(out, run, cat);
	if ((rc = alarms(out, run)) != 0 || (rc = waived(out, run)) != 0 ||
	    (rc = not_checked(out, run, &sum)) != 0)
		return rc;
	totals(out, &sum);
	return out->err;
}

const struct eg_report_format eg_report_md = {
	.name = "md",
	.render = render,
};
