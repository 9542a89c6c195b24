/*
 * r_html.c: one self-contained HTML page for people: the run, the overall
 * score, an SVG radar chart of the theme scores, a bar per theme, the
 * alarms with their remediation, waived alarms, what could not be checked,
 * the table of every measure with its status, and the trend of the overall
 * score over the stored runs. Given the organisational context of the run
 * (report.h, struct eg_report_org), also what is due and overdue and, under
 * each organisational measure, the records behind it.
 *
 * Self-contained and inert: no network fetch of any kind (inline CSS and
 * inline SVG only, no fonts, images or scripts), and a Content-Security-
 * Policy of default-src 'none' so that even an injection could load or run
 * nothing. Every string of the run and of the checks is escaped with
 * eg_html_escape and only ever placed in element text or in a quoted
 * attribute value; class names and numbers come from ecguard's own tables.
 * Status is shown as text and colour, never colour alone.
 *
 * Numbers in SVG are written with eg_rep_dec1, not printf("%f"), which
 * would follow the user's LC_NUMERIC and write "1,5" in some locales.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/due.h"
#include "../core/records.h"
#include "../util/duration.h"
#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/neutral.h"
#include "report_int.h"

#define RADAR_C 220.0      /* centre of the radar (viewBox 440 x 440) */
#define RADAR_R 150.0      /* radius of 100 */
#define TREND_W 640.0
#define TREND_H 220.0
#define TREND_L 44.0       /* plot area inside the trend's viewBox */
#define TREND_R 24.0
#define TREND_T 16.0
#define TREND_B 40.0

static const char css[] =
	":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg2:#f6f8fa}"
	"*{box-sizing:border-box}"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",\"Hiragino Sans\","
	"\"Noto Sans CJK JP\",\"Yu Gothic\",sans-serif;color:var(--fg);"
	"margin:0 auto;max-width:1120px;padding:1.5rem;line-height:1.5}"
	"h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}"
	"h3{font-size:1rem;margin:0 0 .4rem}"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;"
	"margin:0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;"
	"overflow-wrap:anywhere}"
	".score{font-size:1.1rem}.score .big{font-size:2.6rem;font-weight:700}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0}"
	"th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}th{background:var(--bg2)}"
	"td.num,td.id,th.id{text-align:right;white-space:nowrap}td.id,th.id{text-align:left}"
	"tr.theme-row th{background:#eef1f4}"
	".charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}"
	".charts svg.radar{flex:0 0 auto;width:400px;max-width:100%;height:auto}"
	".charts table{flex:1 1 420px;width:auto}"
	"svg text{font-size:12px;fill:var(--fg)}"
	".grid{fill:none;stroke:var(--line)}.axis{stroke:var(--line)}"
	"polygon.score{fill:rgba(9,105,218,.18);stroke:#0969da;stroke-width:2}"
	"circle.pt{fill:#0969da}text.na{fill:#8c959f;font-style:italic}"
	".bar-bg{fill:#eaeef2}"
	".fill-met{fill:#1a7f37}.fill-partial{fill:#bf8700}"
	".fill-not_met{fill:#cf222e}.fill-not_assessed{fill:#8c959f}"
	".fill-not_applicable{fill:#0969da}"
	".st,.sev{display:inline-block;font-weight:600;font-size:.85em;"
	"padding:0 .45em;border-radius:.3em;white-space:nowrap}"
	".st-met{background:#dafbe1;color:#116329}"
	".st-partial{background:#fff8c5;color:#7d4e00}"
	".st-not_met{background:#ffebe9;color:#a40e26}"
	".st-not_assessed{background:#eaeef2;color:#424a53}"
	".st-not_applicable{background:#ddf4ff;color:#0550ae}"
	".sev-critical{background:#82071e;color:#fff}"
	".sev-high{background:#ffebe9;color:#a40e26}"
	".sev-medium{background:#fff8c5;color:#7d4e00}"
	".sev-low{background:#ddf4ff;color:#0550ae}"
	".sev-info{background:#eaeef2;color:#424a53}"
	".rs-ok{color:#116329}.rs-alarm{color:#a40e26}.rs-error{color:#a40e26}"
	".rs-skip{color:#7d4e00}.rs-waived{color:#424a53}.rs-info{color:#424a53}"
	"article.alarm{border:1px solid var(--line);border-left:6px solid #cf222e;"
	"border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}"
	"article.alarm.sev-b-critical{border-left-color:#82071e}"
	"article.alarm.sev-b-medium{border-left-color:#bf8700}"
	"article.alarm.sev-b-low{border-left-color:#0969da}"
	"article.alarm.sev-b-info,article.alarm.waived{border-left-color:#8c959f}"
	".rem{white-space:pre-line;background:var(--bg2);padding:.5rem .7rem;"
	"border-radius:4px;margin:.4rem 0 0}"
	"code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"font-size:.9em;overflow-wrap:anywhere}"
	".muted{color:var(--muted)}"
	"svg.trend{width:100%;max-width:640px;height:auto}"
	"polyline.trend{fill:none;stroke:#0969da;stroke-width:2}"
	".due-overdue,.due-never{color:#a40e26;font-weight:600}"
	".due-due_soon{color:#7d4e00}"
	"tr.records td{border-top:none;font-size:.9em}"
	"tr.records ul{margin:.2rem 0;padding-left:1.2rem}"
	"footer{margin-top:2rem;color:var(--muted);font-size:.85rem}"
	"@media print{body{max-width:none}article.alarm{break-inside:avoid}}";

static void h(struct eg_buf *out, const char *s)
{
	s = eg_rep_s(s);
	eg_html_escape(out, s, strlen(s));
}

static void st_badge(struct eg_buf *out, enum eg_mstatus s)
{
	eg_buf_addf(out, "<span class=\"st st-%s\">", eg_mstatus_name(s));
	h(out, eg_mstatus_label(s));
	eg_buf_adds(out, "</span>");
}

static void sev_badge(struct eg_buf *out, enum eg_severity s)
{
	eg_buf_addf(out, "<span class=\"sev sev-%s\">", eg_severity_name(s));
	h(out, eg_severity_label(s));
	eg_buf_adds(out, "</span>");
}

static void pt(struct eg_buf *out, double x, double y)
{
	eg_rep_dec1(out, x);
	eg_buf_addc(out, ',');
	eg_rep_dec1(out, y);
}

static void head(struct eg_buf *out, const struct eg_run *run)
{
	eg_buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n",
		    eg_lang_code());
	eg_buf_adds(out, "<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\""
		    "default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	h(out, _("ecguard audit report"));
	if (run->host != NULL) {
		eg_buf_adds(out, ": ");
		h(out, run->host);
	}
	eg_buf_adds(out, "</title>\n<style>");
	eg_buf_adds(out, css);
	eg_buf_adds(out, "</style>\n</head>\n<body>\n");
}

static void meta(struct eg_buf *out, const struct eg_run *run,
		 const struct eg_report_opts *opts)
{
	const char *labels[] = {_("Run"), _("Host"), _("Root"), _("Spec"),
				_("Started"), _("Finished"), _("Version")};
	const char *values[] = {run->id, run->host, run->root, run->spec,
				run->started_at, run->finished_at,
				run->version};
	eg_buf_adds(out, "<header>\n<h1>");
	h(out, _("ecguard audit report"));
	eg_buf_adds(out, "</h1>\n<dl class=\"meta\">\n");
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (values[i] == NULL)
			continue;
		eg_buf_adds(out, "<dt>");
		h(out, labels[i]);
		eg_buf_adds(out, "</dt><dd>");
		h(out, values[i]);
		eg_buf_adds(out, "</dd>\n");
	}
	eg_buf_adds(out, "</dl>\n</header>\n<section id=\"summary\">\n<h2>");
	h(out, _("Summary"));
	eg_buf_adds(out, "</h2>\n<p class=\"score\">");
	if (run->score >= 0) {
		h(out, _("Overall score"));
		eg_buf_addf(out, " <span class=\"big\">%d</span>/100",
			    run->score > 100 ? 100 : run->score);
	} else {
		h(out, _("Overall score: not assessed"));
	}
	eg_buf_adds(out, "</p>\n<p>");
	size_t failing = eg_report_failing_opts(run, opts);
	struct eg_buf t;
	eg_buf_init(&t, out->max);
	eg_buf_addf(&t, _("Threshold (--fail-on %s): "),
		    eg_report_threshold_name(opts));
	if (failing > 0)
		eg_buf_addf(&t, ngettext("%zu alarm at or above it",
					 "%zu alarms at or above it",
					 failing), failing);
	else
		eg_buf_adds(&t, _("no alarm at or above it"));
	h(out, eg_buf_str(&t));
	eg_rep_tmp_done(out, &t);
	eg_buf_adds(out, "</p>\n");
}

static void counts(struct eg_buf *out, const struct eg_run_summary *sum)
{
	const size_t st[] = {sum->ok, sum->alarm, sum->waived, sum->info,
			     sum->skip, sum->error};
	const enum eg_status sts[] = {EG_ST_OK, EG_ST_ALARM, EG_ST_WAIVED,
				      EG_ST_INFO, EG_ST_SKIP, EG_ST_ERROR};
	eg_buf_adds(out, "<table class=\"counts\">\n<tr>");
	for (size_t i = 0; i < 6; i++) {
		eg_buf_addf(out, "<th class=\"rs-%s\">", eg_status_name(sts[i]));
		h(out, eg_status_label(sts[i]));
		eg_buf_adds(out, "</th>");
	}
	eg_buf_adds(out, "</tr>\n<tr>");
	for (size_t i = 0; i < 6; i++)
		eg_buf_addf(out, "<td class=\"num\">%zu</td>", st[i]);
	eg_buf_adds(out, "</tr>\n</table>\n<table class=\"counts\">\n<tr>");
	for (int i = 0; i < 5; i++) {
		eg_buf_adds(out, "<th>");
		st_badge(out, (enum eg_mstatus)i);
		eg_buf_adds(out, "</th>");
	}
	eg_buf_adds(out, "</tr>\n<tr>");
	for (int i = 0; i < 5; i++)
		eg_buf_addf(out, "<td class=\"num\">%zu</td>",
			    sum->measures_by_status[i]);
	eg_buf_adds(out, "</tr>\n</table>\n</section>\n");
}

static void radar(struct eg_buf *out, const struct eg_run *run,
		  const struct eg_catalog *cat)
{
	size_t n = run->nthemes;
	const double pi = 3.14159265358979323846;
	eg_buf_adds(out, "<svg class=\"radar\" xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 440 440\" role=\"img\" aria-label=\"");
	h(out, _("Theme scores"));
	eg_buf_adds(out, "\">\n<title>");
	h(out, _("Theme scores"));
	eg_buf_adds(out, "</title>\n");
	for (int lv = 1; lv <= 4; lv++) {
		eg_buf_adds(out, "<polygon class=\"grid\" points=\"");
		for (size_t i = 0; i < n; i++) {
			double a = -pi / 2 + 2 * pi * (double)i / (double)n;
			double r = RADAR_R * lv / 4.0;
			if (i > 0)
				eg_buf_addc(out, ' ');
			pt(out, RADAR_C + r * cos(a), RADAR_C + r * sin(a));
		}
		eg_buf_adds(out, "\"/>\n");
	}
	for (size_t i = 0; i < n; i++) {
		double a = -pi / 2 + 2 * pi * (double)i / (double)n;
		eg_buf_adds(out, "<line class=\"axis\" x1=\"220.0\" y1=\"220.0\" x2=\"");
		eg_rep_dec1(out, RADAR_C + RADAR_R * cos(a));
		eg_buf_adds(out, "\" y2=\"");
		eg_rep_dec1(out, RADAR_C + RADAR_R * sin(a));
		eg_buf_adds(out, "\"/>\n");
	}
	/* The score shape joins the assessed themes only: a theme nothing
	 * assessed is not a score of 0, and drawing it at the centre would
	 * say it was (its label is greyed instead). */
	eg_buf_adds(out, "<polygon class=\"score\" points=\"");
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		double a = -pi / 2 + 2 * pi * (double)i / (double)n;
		int s = run->themes[i].score;
		if (s < 0)
			continue;
		double r = RADAR_R * (s > 100 ? 100 : s) / 100.0;
		if (!first)
			eg_buf_addc(out, ' ');
		first = 0;
		pt(out, RADAR_C + r * cos(a), RADAR_C + r * sin(a));
	}
	eg_buf_adds(out, "\"/>\n");
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_theme *t = &run->themes[i];
		double a = -pi / 2 + 2 * pi * (double)i / (double)n;
		int s = t->score < 0 ? 0 : (t->score > 100 ? 100 : t->score);
		double r = RADAR_R * s / 100.0;
		double c = cos(a);
		const char *anchor = c > 0.3 ? "start" : (c < -0.3 ? "end" : "middle");
		/* The tooltip: "T02 title: 80 (status)". */
		struct eg_buf tip;
		eg_buf_init(&tip, out->max);
		eg_buf_adds(&tip, t->id);
		const char *title = eg_rep_theme_title(cat, t->id);
		if (title[0] != '\0') {
			eg_buf_addc(&tip, ' ');
			eg_buf_adds(&tip, title);
		}
		if (t->score >= 0)
			eg_buf_addf(&tip, ": %d (%s)", s, eg_mstatus_label(t->status));
		else
			eg_buf_addf(&tip, ": %s", eg_mstatus_label(t->status));
		eg_buf_addf(out, "<g><title>");
		h(out, eg_buf_str(&tip));
		eg_buf_adds(out, "</title>");
		if (t->score >= 0) {
			eg_buf_adds(out, "<circle class=\"pt\" r=\"3.5\" cx=\"");
			eg_rep_dec1(out, RADAR_C + r * cos(a));
			eg_buf_adds(out, "\" cy=\"");
			eg_rep_dec1(out, RADAR_C + r * sin(a));
			eg_buf_adds(out, "\"/>");
		}
		eg_buf_addf(out, "<text%s text-anchor=\"%s\" dy=\"0.35em\" x=\"",
			    t->score < 0 ? " class=\"na\"" : "", anchor);
		eg_rep_dec1(out, RADAR_C + (RADAR_R + 18) * c);
		eg_buf_adds(out, "\" y=\"");
		eg_rep_dec1(out, RADAR_C + (RADAR_R + 18) * sin(a));
		eg_buf_adds(out, "\">");
		h(out, t->id);
		eg_buf_adds(out, "</text></g>\n");
		eg_rep_tmp_done(out, &tip);
	}
	eg_buf_adds(out, "</svg>\n");
}

static void themes(struct eg_buf *out, const struct eg_run *run,
		   const struct eg_catalog *cat)
{
	if (run->nthemes == 0)
		return;
	eg_buf_adds(out, "<section id=\"themes\">\n<h2>");
	h(out, _("Themes"));
	eg_buf_adds(out, "</h2>\n<div class=\"charts\">\n");
	if (run->nthemes >= 3)
		radar(out, run, cat);
	eg_buf_adds(out, "<table class=\"themes\">\n<tr><th class=\"id\">");
	h(out, _("Theme"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Title"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Score"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Status"));
	eg_buf_adds(out, "</th></tr>\n");
	for (size_t i = 0; i < run->nthemes; i++) {
		const struct eg_run_theme *t = &run->themes[i];
		int s = t->score > 100 ? 100 : t->score;
		eg_buf_adds(out, "<tr><td class=\"id\">");
		h(out, t->id);
		eg_buf_adds(out, "</td><td>");
		h(out, eg_rep_theme_title(cat, t->id));
		eg_buf_adds(out, "</td><td class=\"num\">");
		if (s >= 0)
			eg_buf_addf(out, "%d ", s);
		else
			eg_buf_adds(out, "- ");
		eg_buf_addf(out, "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" "
			    "width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" "
			    "aria-hidden=\"true\"><rect class=\"bar-bg\" width=\"100\" "
			    "height=\"10\"/><rect class=\"fill-%s\" width=\"%d\" "
			    "height=\"10\"/></svg></td><td>",
			    eg_mstatus_name(t->status), s < 0 ? 0 : s);
		st_badge(out, t->status);
		eg_buf_adds(out, "</td></tr>\n");
	}
	eg_buf_adds(out, "</table>\n</div>\n</section>\n");
}

static void res_table_head(struct eg_buf *out, int waiver)
{
	eg_buf_adds(out, "<table class=\"res\">\n<tr><th>");
	h(out, _("Resource"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Reason"));
	if (waiver) {
		eg_buf_adds(out, "</th><th>");
		h(out, _("Waiver"));
	}
	eg_buf_adds(out, "</th></tr>\n");
}

/* One <article> per check with its resources; the sorted order keeps the
 * results of one check together. */
static int findings(struct eg_buf *out, const struct eg_run *run,
		    enum eg_status st)
{
	size_t *idx, n;
	int rc = eg_rep_sorted(run, EG_REP_BIT(st), &idx, &n);
	if (rc != 0)
		return rc;
	int waived = st == EG_ST_WAIVED;
	if (waived && n == 0)
		return 0;
	eg_buf_addf(out, "<section id=\"%s\">\n<h2>", waived ? "waived" : "alarms");
	h(out, waived ? _("Waived alarms") : _("Alarms"));
	eg_buf_addf(out, " (%zu)</h2>\n", n);
	if (n == 0) {
		eg_buf_adds(out, "<p>");
		h(out, _("No alarms."));
		eg_buf_adds(out, "</p>\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct eg_run_result *r = &run->results[idx[i]];
		const struct eg_run_check *c = &run->checks[r->check];
		int first = i == 0 || run->results[idx[i - 1]].check != r->check;
		int last = i + 1 == n || run->results[idx[i + 1]].check != r->check;
		if (first) {
			eg_buf_addf(out, "<article class=\"alarm sev-b-%s%s\">\n<h3>",
				    eg_severity_name(c->severity),
				    waived ? " waived" : "");
			sev_badge(out, c->severity);
			eg_buf_adds(out, " <code>");
			h(out, c->id);
			eg_buf_adds(out, "</code> ");
			h(out, eg_rep_title(c));
			eg_buf_adds(out, "</h3>\n<p class=\"muted\">");
			h(out, _("Measures:"));
			eg_buf_addc(out, ' ');
			struct eg_buf m;
			eg_buf_init(&m, out->max);
			eg_rep_measures(&m, c, ", ");
			h(out, eg_buf_str(&m));
			eg_rep_tmp_done(out, &m);
			eg_buf_adds(out, "</p>\n");
			res_table_head(out, waived);
		}
		eg_buf_adds(out, "<tr><td><code>");
		h(out, r->resource);
		eg_buf_adds(out, "</code></td><td>");
		h(out, r->reason);
		if (waived) {
			eg_buf_adds(out, "</td><td>");
			h(out, r->waiver);
		}
		eg_buf_adds(out, "</td></tr>\n");
		if (last) {
			eg_buf_adds(out, "</table>\n");
			const char *rem = eg_rep_remediation(c);
			if (!waived && rem[0] != '\0') {
				eg_buf_adds(out, "<p><strong>");
				h(out, _("Remediation"));
				eg_buf_adds(out, "</strong></p>\n<div class=\"rem\">");
				h(out, rem);
				eg_buf_adds(out, "</div>\n");
			}
			eg_buf_adds(out, "</article>\n");
		}
	}
	eg_buf_adds(out, "</section>\n");
	free(idx);
	return 0;
}

static int not_checked(struct eg_buf *out, const struct eg_run *run,
		       const struct eg_run_summary *sum)
{
	eg_buf_adds(out, "<section id=\"not-checked\">\n<h2>");
	h(out, _("Not checked"));
	eg_buf_adds(out, "</h2>\n<p>");
	struct eg_buf t;
	eg_buf_init(&t, out->max);
	eg_buf_adds(&t, _("Not checked:"));
	eg_buf_addf(&t, " %s %zu, %s %zu", eg_status_label(EG_ST_ERROR),
		    sum->error, eg_status_label(EG_ST_SKIP), sum->skip);
	eg_buf_addf(&t, " (%s)", _("a skip is never a pass"));
	h(out, eg_buf_str(&t));
	eg_rep_tmp_done(out, &t);
	eg_buf_adds(out, "</p>\n");
	if (sum->error + sum->skip > 0) {
		eg_buf_addf(out, "<details%s><summary>", sum->error + sum->skip <= 50 ? " open" : "");
		h(out, _("Results that could not be checked"));
		eg_buf_adds(out, "</summary>\n<table>\n<tr><th>");
		h(out, _("Status"));
		eg_buf_adds(out, "</th><th>");
		h(out, _("Check"));
		eg_buf_adds(out, "</th><th>");
		h(out, _("Resource"));
		eg_buf_adds(out, "</th><th>");
		h(out, _("Reason"));
		eg_buf_adds(out, "</th></tr>\n");
		static const enum eg_status order[] = {EG_ST_ERROR, EG_ST_SKIP};
		for (size_t o = 0; o < 2; o++) {
			size_t *idx, n;
			int rc = eg_rep_sorted(run, EG_REP_BIT(order[o]), &idx, &n);
			if (rc != 0)
				return rc;
			for (size_t i = 0; i < n; i++) {
				const struct eg_run_result *r = &run->results[idx[i]];
				eg_buf_addf(out, "<tr><td class=\"rs-%s\">",
					    eg_status_name(r->status));
				h(out, eg_status_label(r->status));
				eg_buf_adds(out, "</td><td><code>");
				h(out, run->checks[r->check].id);
				eg_buf_adds(out, "</code></td><td><code>");
				h(out, r->resource);
				eg_buf_adds(out, "</code></td><td>");
				h(out, r->reason);
				eg_buf_adds(out, "</td></tr>\n");
			}
			free(idx);
		}
		eg_buf_adds(out, "</table>\n</details>\n");
	}
	eg_buf_adds(out, "</section>\n");
	return 0;
}

static void measure_counts(struct eg_buf *out, const struct eg_run_measure *m)
{
	const size_t v[] = {m->ok, m->alarm, m->waived, m->info, m->skip,
			    m->error};
	const enum eg_status sts[] = {EG_ST_OK, EG_ST_ALARM, EG_ST_WAIVED,
				      EG_ST_INFO, EG_ST_SKIP, EG_ST_ERROR};
	int first = 1;
	for (size_t i = 0; i < 6; i++) {
		if (v[i] == 0)
			continue;
		eg_buf_addf(out, "%s<span class=\"rs-%s\">%zu ", first ? "" : " · ",
			    eg_status_name(sts[i]), v[i]);
		h(out, eg_status_label(sts[i]));
		eg_buf_adds(out, "</span>");
		first = 0;
	}
}

/* 1 when an attestation check of the run is mapped to measure id: an
 * organisational measure, evidenced by records. */
static int organisational(const struct eg_run *run, const char *id)
{
	for (size_t i = 0; i < run->nchecks; i++)
		if (run->checks[i].kind == EG_KIND_ATTESTATION &&
		    eg_rep_check_maps(&run->checks[i], id))
			return 1;
	return 0;
}

static int names_measure(const struct eg_record_info *r, const char *id)
{
	for (size_t i = 0; i < r->nmeasures; i++)
		if (strcmp(r->measures[i], id) == 0)
			return 1;
	return 0;
}

/* The records behind one organisational measure, newest first: kind,
 * date, by, summary and the number of evidence files. */
static void measure_records(struct eg_buf *out, const struct eg_report_org *org,
			    const char *id)
{
	size_t n = 0;
	eg_buf_adds(out, "<tr class=\"records\"><td></td><td colspan=\"4\"><strong>");
	h(out, _("Records:"));
	eg_buf_adds(out, "</strong>");
	/* Newest first: by date, then by id, without sorting the caller's
	 * array: pick the next newest each time (a measure has few). */
	const struct eg_record_info *prev = NULL;
	for (;;) {
		const struct eg_record_info *best = NULL;
		for (size_t i = 0; i < org->nrecords; i++) {
			const struct eg_record_info *r = org->records[i];
			if (!names_measure(r, id) || r->date == NULL)
				continue;
			int c = prev == NULL ? -1 : strcmp(r->date, prev->date);
			if (prev != NULL && (c > 0 || (c == 0 && r->id >= prev->id)))
				continue;
			if (best == NULL) {
				best = r;
				continue;
			}
			int b = strcmp(r->date, best->date);
			if (b > 0 || (b == 0 && r->id > best->id))
				best = r;
		}
		if (best == NULL)
			break;
		if (n++ == 0)
			eg_buf_adds(out, "<ul>\n");
		eg_buf_adds(out, "<li>");
		h(out, best->date);
		eg_buf_addc(out, ' ');
		h(out, best->kind);
		struct eg_buf t;
		eg_buf_init(&t, out->max);
		if (best->by != NULL)
			eg_buf_addf(&t, _(", by %s"), best->by);
		if (best->summary != NULL)
			eg_buf_addf(&t, ": %s", best->summary);
		if (best->nevidence > 0) {
			eg_buf_adds(&t, " [");
			eg_buf_addf(&t, ngettext("%zu evidence file",
						 "%zu evidence files",
						 best->nevidence),
				    best->nevidence);
			eg_buf_adds(&t, "]");
		}
		h(out, eg_buf_str(&t));
		eg_rep_tmp_done(out, &t);
		eg_buf_adds(out, "</li>\n");
		prev = best;
	}
	if (n > 0) {
		eg_buf_adds(out, "</ul>");
	} else {
		eg_buf_addc(out, ' ');
		h(out, _("none"));
	}
	eg_buf_adds(out, "</td></tr>\n");
}

static void measures(struct eg_buf *out, const struct eg_run *run,
		     const struct eg_catalog *cat,
		     const struct eg_report_org *org)
{
	if (run->nmeasures == 0)
		return;
	eg_buf_adds(out, "<section id=\"measures\">\n<h2>");
	h(out, _("Measure status"));
	eg_buf_addf(out, " (%zu)</h2>\n<table>\n<tr><th class=\"id\">ID</th><th>",
		    run->nmeasures);
	h(out, _("Measure"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Status"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Results"));
	eg_buf_adds(out, "</th><th>");
	h(out, _("Note"));
	eg_buf_adds(out, "</th></tr>\n");
	char theme[4] = "";
	for (size_t i = 0; i < run->nmeasures; i++) {
		const struct eg_run_measure *m = &run->measures[i];
		/* A heading row when the theme (the ID's first 3 bytes) changes. */
		if (strncmp(m->id, theme, 3) != 0) {
			memcpy(theme, m->id, 3);
			theme[3] = '\0';
			eg_buf_adds(out, "<tr class=\"theme-row\"><th colspan=\"5\">");
			h(out, theme);
			const char *tt = eg_rep_theme_title(cat, theme);
			if (tt[0] != '\0') {
				eg_buf_addc(out, ' ');
				h(out, tt);
			}
			eg_buf_adds(out, "</th></tr>\n");
		}
		eg_buf_adds(out, "<tr><td class=\"id\">");
		h(out, m->id);
		eg_buf_adds(out, "</td><td>");
		h(out, eg_rep_measure_title(cat, m->id));
		eg_buf_adds(out, "</td><td>");
		st_badge(out, m->status);
		eg_buf_adds(out, "</td><td>");
		measure_counts(out, m);
		eg_buf_adds(out, "</td><td>");
		h(out, m->note);
		eg_buf_adds(out, "</td></tr>\n");
		if (org != NULL && organisational(run, m->id))
			measure_records(out, org, m->id);
	}
	eg_buf_adds(out, "</table>\n</section>\n");
}

static int due_rank(enum eg_due_state st)
{
	switch (st) {
	case EG_DUE_OVERDUE: return 0;
	case EG_DUE_NEVER: return 1;
	case EG_DUE_SOON: return 2;
	default: return 3;
	}
}

static int cmp_due(const void *pa, const void *pb)
{
	const struct eg_obligation *a = *(const struct eg_obligation *const *)pa;
	const struct eg_obligation *b = *(const struct eg_obligation *const *)pb;
	int ra = due_rank(a->state), rb = due_rank(b->state);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void date_cell(struct eg_buf *out, int32_t d)
{
	char s[11];
	eg_buf_adds(out, "<td class=\"id\">");
	if (d == EG_NO_DATE) {
		eg_buf_adds(out, "-");
	} else {
		eg_date_format(d, s);
		h(out, s);
	}
	eg_buf_adds(out, "</td>");
}

/* What is overdue, never done or due soon as of org->today, latest first
 * (the order of `ecguard status`). */
static int due(struct eg_buf *out, const struct eg_report_org *org)
{
	const struct eg_obligation **v = calloc(org->nobligations + 1,
						sizeof(*v));
	size_t n = 0, count[4] = {0, 0, 0, 0};
	if (v == NULL)
		return EG_E_NOMEM;
	for (size_t i = 0; i < org->nobligations; i++) {
		const struct eg_obligation *o = &org->obligations[i];
		if ((unsigned)o->state < 4)
			count[o->state]++;
		if (o->state != EG_DUE_OK)
			v[n++] = o;
	}
	qsort(v, n, sizeof(*v), cmp_due);
	eg_buf_adds(out, "<section id=\"due\">\n<h2>");
	h(out, _("Due and overdue"));
	eg_buf_adds(out, "</h2>\n<p>");
	struct eg_buf t;
	eg_buf_init(&t, out->max);
	eg_buf_addf(&t, _("As of %s: %zu overdue, %zu never done, %zu due soon."),
		    eg_rep_s(org->today), count[EG_DUE_OVERDUE],
		    count[EG_DUE_NEVER], count[EG_DUE_SOON]);
	h(out, eg_buf_str(&t));
	eg_rep_tmp_done(out, &t);
	eg_buf_adds(out, "</p>\n");
	if (n > 0) {
		const char *heads[] = {_("State"), _("Obligation"), _("Theme"),
				       _("Every"), _("Last done"), _("Next due"),
				       _("Subject")};
		eg_buf_adds(out, "<table class=\"due\">\n<tr>");
		for (size_t k = 0; k < 7; k++) {
			eg_buf_adds(out, "<th>");
			h(out, heads[k]);
			eg_buf_adds(out, "</th>");
		}
		eg_buf_adds(out, "</tr>\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct eg_obligation *o = v[i];
		eg_buf_addf(out, "<tr><td class=\"due-%s\">",
			    eg_due_state_name(o->state));
		h(out, eg_due_state_name(o->state));
		eg_buf_adds(out, "</td><td>");
		h(out, o->what);
		eg_buf_adds(out, "</td><td class=\"id\">");
		h(out, o->theme[0] != '\0' ? o->theme : "-");
		eg_buf_adds(out, "</td><td>");
		h(out, o->interval != NULL ? o->interval : "-");
		eg_buf_adds(out, "</td>");
		date_cell(out, o->last);
		date_cell(out, o->due);
		if (o->subject != NULL) {
			eg_buf_adds(out, "<td><code>");
			h(out, o->subject);
			eg_buf_adds(out, "</code></td></tr>\n");
		} else {
			eg_buf_adds(out, "<td>-</td></tr>\n");
		}
	}
	if (n > 0)
		eg_buf_adds(out, "</table>\n");
	eg_buf_adds(out, "</section>\n");
	free(v);
	return 0;
}

struct tpoint {
	double score;
	const char *label;
};

static int trend(struct eg_buf *out, const struct eg_run *run,
		 const struct eg_report_opts *opts)
{
	size_t cap = (opts->trend != NULL ? opts->ntrend : 0) + 1;
	struct tpoint *p = calloc(cap, sizeof(*p));
	if (p == NULL)
		return EG_E_NOMEM;
	size_t n = 0;
	for (size_t i = 0; opts->trend != NULL && i < opts->ntrend; i++) {
		double v = opts->trend[i];
		if (!isfinite(v) || v < 0 || v > 100)
			continue;
		p[n].score = v;
		p[n].label = opts->trend_labels != NULL ? opts->trend_labels[i] : NULL;
		n++;
	}
	if (run->score >= 0) {
		p[n].score = run->score > 100 ? 100 : run->score;
		p[n].label = run->started_at;
		n++;
	}
	eg_buf_adds(out, "<section id=\"trend\">\n<h2>");
	h(out, _("Trend of the overall score"));
	eg_buf_adds(out, "</h2>\n");
	if (n < 2) {
		eg_buf_adds(out, "<p class=\"muted\">");
		h(out, _("The trend needs at least two runs with a score."));
		eg_buf_adds(out, "</p>\n</section>\n");
		free(p);
		return 0;
	}
	double pw = TREND_W - TREND_L - TREND_R, ph = TREND_H - TREND_T - TREND_B;
	eg_buf_adds(out, "<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"");
	h(out, _("Trend of the overall score"));
	eg_buf_adds(out, "\">\n");
	for (int g = 0; g <= 100; g += 50) {
		double y = TREND_T + ph * (100 - g) / 100.0;
		eg_buf_adds(out, "<line class=\"axis\" x1=\"44.0\" x2=\"616.0\" y1=\"");
		eg_rep_dec1(out, y);
		eg_buf_adds(out, "\" y2=\"");
		eg_rep_dec1(out, y);
		eg_buf_addf(out, "\"/><text text-anchor=\"end\" dy=\"0.35em\" x=\"38.0\" y=\"");
		eg_rep_dec1(out, y);
		eg_buf_addf(out, "\">%d</text>\n", g);
	}
	eg_buf_adds(out, "<polyline class=\"trend\" points=\"");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			eg_buf_addc(out, ' ');
		pt(out, TREND_L + pw * (double)i / (double)(n - 1),
		   TREND_T + ph * (100 - p[i].score) / 100.0);
	}
	eg_buf_adds(out, "\"/>\n");
	for (size_t i = 0; i < n; i++) {
		eg_buf_adds(out, "<g><title>");
		if (p[i].label != NULL) {
			h(out, p[i].label);
			eg_buf_adds(out, ": ");
		}
		eg_rep_dec1(out, p[i].score);
		eg_buf_adds(out, "</title><circle class=\"pt\" r=\"3.5\" cx=\"");
		eg_rep_dec1(out, TREND_L + pw * (double)i / (double)(n - 1));
		eg_buf_adds(out, "\" cy=\"");
		eg_rep_dec1(out, TREND_T + ph * (100 - p[i].score) / 100.0);
		eg_buf_adds(out, "\"/></g>\n");
	}
	/* Dates of the first and the last run under the axis. */
	const char *first = p[0].label, *last = p[n - 1].label;
	if (first != NULL) {
		eg_buf_adds(out, "<text text-anchor=\"start\" x=\"44.0\" y=\"204.0\">");
		h(out, first);
		eg_buf_adds(out, "</text>\n");
	}
	if (last != NULL) {
		eg_buf_adds(out, "<text text-anchor=\"end\" x=\"616.0\" y=\"204.0\">");
		h(out, last);
		eg_buf_adds(out, "</text>\n");
	}
	eg_buf_adds(out, "</svg>\n</section>\n");
	free(p);
	return 0;
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
	head(out, run);
	meta(out, run, opts);
	counts(out, &sum);
	themes(out, run, cat);
	if ((rc = findings(out, run, EG_ST_ALARM)) != 0 ||
	    (rc = findings(out, run, EG_ST_WAIVED)) != 0 ||
	    (rc = not_checked(out, run, &sum)) != 0)
		return rc;
	if (opts->org != NULL && (rc = due(out, opts->org)) != 0)
		return rc;
	measures(out, run, cat, opts->org);
	if ((rc = trend(out, run, opts)) != 0)
		return rc;
	eg_buf_adds(out, "<footer>ecguard");
	if (run->version != NULL) {
		eg_buf_addc(out, ' ');
		h(out, run->version);
	}
	eg_buf_adds(out, "</footer>\n</body>\n</html>\n");
	return out->err;
}

const struct eg_report_format eg_report_html = {
	.name = "html",
	.render = render,
};
