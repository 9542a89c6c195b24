/*
 * cmd_soa.c: `ecguard soa`, the Statement of Applicability for people who
 * are not engineers: every measure of the guideline, whether it applies
 * (with the reason when not), its owner, how it is met (what the spec
 * declares, the checks and the records that evidence it), its current
 * status and its next due date, in Japanese or English (--lang). The
 * statement is core/soa.c's plain data; this file only renders it as
 * Markdown, a self-contained HTML page, CSV or JSON (docs/soa.md).
 *
 * Every string that comes from the spec, the store or the catalogue is
 * neutralised for where it goes: eg_md_escape, eg_html_escape (element
 * text and quoted attributes only), eg_csv_field (a cell starting with
 * = + - @ cannot become a formula) and the JSON writer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/checks.h"
#include "../core/soa.h"
#include "../core/spec.h"
#include "../core/store.h"
#include "../util/diag.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "cli.h"
#include "store_arg.h"

/* Records shown per measure in md, html and csv (newest first); json
 * lists all of them. A page for people, not an export of the store. */
#define RECORDS_SHOWN 5

enum { F_MD, F_HTML, F_CSV, F_JSON };
static const char *const formats[] = {"md", "html", "csv", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard soa [--store FILE] [--spec FILE] [--format md|html|csv|json]\n"
			 "                   [--out FILE] [--lang ja|en]\n"
			 "\n"
			 "Writes the Statement of Applicability: every measure of the guideline,\n"
			 "whether it applies (the spec's not_applicable entries, with their reason),\n"
			 "its owner (the spec's owner of the theme), how it is met (what the spec\n"
			 "declares, the checks mapped to it, the records that evidence it), its\n"
			 "current status (the latest stored audit run; not assessed without one)\n"
			 "and its next due date (as `ecguard status` computes it).\n"
			 "\n"
			 "  --store FILE   the store (default as for `ecguard records`); a missing\n"
			 "                 store means no records and no run yet\n"
			 "  --spec FILE    the site specification (default: the embedded default)\n"
			 "  --format FMT   md (default), html, csv or json\n"
			 "  --out FILE     write to FILE instead of standard output\n"
			 "  --lang ja|en   the language of titles and labels\n"
			 "  -h, --help     this help\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  the statement was written\n"
			 "  2  usage or input error (a spec error names file:line:column)\n"
			 "  3  internal error\n"));
}

/* ---- texts shared by the formats ---------------------------------------- */

static const char *due_label(enum eg_due_state st)
{
	switch (st) {
	case EG_DUE_OVERDUE: return _("overdue");
	case EG_DUE_NEVER: return _("never done");
	case EG_DUE_SOON: return _("due soon");
	default: return _("on schedule");
	}
}

static const char *title(const struct eg_measure *m)
{
	return eg_pick(m->title_ja, m->title_en);
}

static void applies_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->na == NULL) {
		eg_buf_adds(b, _("yes"));
		return;
	}
	eg_buf_adds(b, _("no"));
	eg_buf_addf(b, ": %s", m->na->reason);
	if (m->na->approver != NULL)
		eg_buf_addf(b, _(" (approved by %s)"), m->na->approver);
}

static void owner_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	const struct eg_spec_owner *o = m->owner;
	if (o == NULL) {
		eg_buf_adds(b, _("no owner named"));
		return;
	}
	eg_buf_adds(b, o->name != NULL ? o->name : "?");
	if (o->role != NULL)
		eg_buf_addf(b, " (%s)", o->role);
	if (o->contact != NULL)
		eg_buf_addf(b, ", %s", o->contact);
	if (o->deputy != NULL)
		eg_buf_addf(b, _("; deputy %s"), o->deputy);
}

static void join_items(const struct eg_soa_measure *m, struct eg_buf *b)
{
	for (size_t i = 0; i < m->nitems; i++)
		eg_buf_addf(b, "%s%s", i ? ", " : "", m->items[i]);
}

/* What the spec says: its state and reason for the measures the
 * specification answers, then the elements that address it. Empty when
 * the spec says nothing about the measure. */
static void spec_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->has_spec) {
		eg_buf_adds(b, eg_spec_state_label(m->spec_state));
		if (m->spec_reason != NULL && m->spec_reason[0] != '\0')
			eg_buf_addf(b, " (%s)", m->spec_reason);
		if (m->nitems > 0)
			eg_buf_adds(b, ": ");
	}
	join_items(m, b);
}

static void checks_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	for (size_t i = 0; i < m->nchecks; i++)
		eg_buf_addf(b, "%s%s", i ? ", " : "", m->checks[i]);
}

static void record_text(const struct eg_soa_record *r, struct eg_buf *b)
{
	eg_buf_addf(b, "%s %s", r->date, r->kind);
	if (r->by != NULL)
		eg_buf_addf(b, _(", by %s"), r->by);
	if (r->summary != NULL)
		eg_buf_addf(b, ": %s", r->summary);
	if (r->nevidence > 0) {
		eg_buf_adds(b, " [");
		eg_buf_addf(b, ngettext("%zu evidence file", "%zu evidence files",
					r->nevidence), r->nevidence);
		eg_buf_adds(b, "]");
	}
}

/* The records, newest first, at most RECORDS_SHOWN, one a line. */
static void records_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	size_t shown = m->nrecords < RECORDS_SHOWN ? m->nrecords : RECORDS_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		if (i > 0)
			eg_buf_addc(b, '\n');
		record_text(&m->records[i], b);
	}
	if (m->nrecords > shown) {
		eg_buf_addc(b, '\n');
		eg_buf_addf(b, _("and %zu older"), m->nrecords - shown);
	}
}

static void due_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->ndue == 0) {
		eg_buf_adds(b, "-");
		return;
	}
	if (m->next_due != EG_NO_DATE) {
		char d[11];
		eg_date_format(m->next_due, d);
		eg_buf_addf(b, "%s (%s)", d, due_label(m->due_state));
	} else {
		eg_buf_adds(b, due_label(m->due_state));
	}
}

/* "How it is met" for md and html: labelled lines, each present only when
 * it has something to say. */
static void met_text(const struct eg_soa_measure *m, struct eg_buf *b)
{
	size_t start = b->len;
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	spec_text(m, &t);
	if (t.len > 0)
		eg_buf_addf(b, "%s %s", _("Spec:"), eg_buf_str(&t));
	eg_buf_reset(&t);
	checks_text(m, &t);
	if (t.len > 0)
		eg_buf_addf(b, "%s%s %s", b->len > start ? "\n" : "",
			    _("Checks:"), eg_buf_str(&t));
	eg_buf_reset(&t);
	records_text(m, &t);
	eg_buf_addf(b, "%s%s %s", b->len > start ? "\n" : "", _("Records:"),
		    t.len > 0 ? eg_buf_str(&t) : _("none"));
	if (t.err != 0 && b->err == 0)
		b->err = t.err;
	eg_buf_free(&t);
}

struct counts {
	size_t applies, na;
	size_t status[5];
};

static void count(const struct eg_soa *soa, struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < eg_soa_nmeasures(soa); i++) {
		const struct eg_soa_measure *m = eg_soa_measure(soa, i);
		if (m->na != NULL)
			c->na++;
		else
			c->applies++;
		if ((unsigned)m->status < 5)
			c->status[m->status]++;
	}
}

struct ctx {
	const struct eg_catalog *cat;
	const struct eg_spec *spec;
	const char *spec_name;
	const struct eg_soa *soa;
	char today[11];
};

static const char *site_name(const struct ctx *x)
{
	const struct eg_spec_site *s = eg_spec_site(x->spec);
	return s != NULL && s->name != NULL ? s->name : "";
}

/* "RUN (started STARTED)" or the no-run sentence. */
static void run_text(const struct ctx *x, struct eg_buf *b)
{
	if (eg_soa_run_id(x->soa) == NULL) {
		eg_buf_adds(b, _("no audit run stored: every status is not assessed"));
		return;
	}
	eg_buf_addf(b, _("%s (started %s)"), eg_soa_run_id(x->soa),
		    eg_soa_run_started(x->soa) != NULL ? eg_soa_run_started(x->soa) : "?");
}

static void summary_text(const struct ctx *x, struct eg_buf *b)
{
	struct counts c;
	count(x->soa, &c);
	eg_buf_addf(b, _("%zu measures: %zu apply, %zu not applicable."),
		    eg_soa_nmeasures(x->soa), c.applies, c.na);
	/* The separators are words of the language too (、 and 。 in
	 * Japanese). */
	eg_buf_adds(b, _(" Status: "));
	for (int k = 0; k < 5; k++)
		eg_buf_addf(b, "%s%s %zu", k > 0 ? _(", ") : "",
			    eg_mstatus_label((enum eg_mstatus)k), c.status[k]);
	eg_buf_adds(b, _("."));
}

/* ---- Markdown ------------------------------------------------------------ */

static void md(struct eg_buf *out, const char *s)
{
	eg_md_escape(out, s, strlen(s));
}

/* Builds a text with fn and appends it escaped. */
static void md_with(struct eg_buf *out, const struct eg_soa_measure *m,
		    void (*fn)(const struct eg_soa_measure *, struct eg_buf *))
{
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	fn(m, &t);
	md(out, eg_buf_str(&t));
	if (t.err != 0 && out->err == 0)
		out->err = t.err;
	eg_buf_free(&t);
}

static void md_meta(struct eg_buf *out, const char *label, const char *value)
{
	eg_buf_adds(out, "- **");
	md(out, label);
	eg_buf_adds(out, "** ");
	md(out, value);
	eg_buf_addc(out, '\n');
}

static void emit_md(const struct ctx *x, struct eg_buf *out)
{
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	eg_buf_adds(out, "# ");
	md(out, _("Statement of Applicability"));
	if (site_name(x)[0] != '\0') {
		eg_buf_adds(out, ": ");
		md(out, site_name(x));
	}
	eg_buf_adds(out, "\n\n");
	md_meta(out, _("Spec:"), x->spec_name);
	md_meta(out, _("Date:"), x->today);
	run_text(x, &t);
	md_meta(out, _("Audit run:"), eg_buf_str(&t));
	eg_buf_reset(&t);
	summary_text(x, &t);
	eg_buf_addc(out, '\n');
	md(out, eg_buf_str(&t));
	eg_buf_addc(out, '\n');
	const char *theme = "";
	for (size_t i = 0; i < eg_soa_nmeasures(x->soa); i++) {
		const struct eg_soa_measure *m = eg_soa_measure(x->soa, i);
		if (strncmp(m->measure->id, theme, 3) != 0) {
			const struct eg_theme *th = eg_catalog_theme(x->cat,
							     (size_t)m->measure->theme);
			theme = th->id;
			eg_buf_adds(out, "\n## ");
			md(out, th->id);
			eg_buf_addc(out, ' ');
			md(out, eg_pick(th->title_ja, th->title_en));
			eg_buf_adds(out, "\n\n**");
			md(out, _("Owner:"));
			eg_buf_adds(out, "** ");
			md_with(out, m, owner_text);
			eg_buf_adds(out, "\n\n|");
			const char *heads[] = {_("ID"), _("Measure"), _("Applies"),
					       _("How it is met"), _("Status"),
					       _("Next due")};
			for (size_t h = 0; h < 6; h++) {
				eg_buf_addc(out, ' ');
				md(out, heads[h]);
				eg_buf_adds(out, " |");
			}
			eg_buf_adds(out, "\n|---|---|---|---|---|---|\n");
		}
		eg_buf_adds(out, "| ");
		md(out, m->measure->id);
		eg_buf_adds(out, " | ");
		md(out, title(m->measure));
		eg_buf_adds(out, " | ");
		md_with(out, m, applies_text);
		eg_buf_adds(out, " | ");
		md_with(out, m, met_text);
		eg_buf_adds(out, " | ");
		md(out, eg_mstatus_label(m->status));
		eg_buf_adds(out, " | ");
		md_with(out, m, due_text);
		eg_buf_adds(out, " |\n");
	}
	if (t.err != 0 && out->err == 0)
		out->err = t.err;
	eg_buf_free(&t);
}

/* ---- HTML ---------------------------------------------------------------- */

/* The audit report's look (src/report/r_html.c), trimmed to what the
 * statement uses, and a print layout: one theme per page, no page break
 * inside a row. */
static const char css[] =
	":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg2:#f6f8fa}"
	"*{box-sizing:border-box}"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",\"Hiragino Sans\","
	"\"Noto Sans CJK JP\",\"Yu Gothic\",sans-serif;color:var(--fg);"
	"margin:0 auto;max-width:1200px;padding:1.5rem;line-height:1.5}"
	"h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;"
	"margin:0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;"
	"overflow-wrap:anywhere}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0}"
	"th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}th{background:var(--bg2)}"
	"td.id{white-space:nowrap}td.met{white-space:pre-line}"
	".st{display:inline-block;font-weight:600;font-size:.85em;"
	"padding:0 .45em;border-radius:.3em;white-space:nowrap}"
	".st-met{background:#dafbe1;color:#116329}"
	".st-partial{background:#fff8c5;color:#7d4e00}"
	".st-not_met{background:#ffebe9;color:#a40e26}"
	".st-not_assessed{background:#eaeef2;color:#424a53}"
	".st-not_applicable{background:#ddf4ff;color:#0550ae}"
	".due-overdue,.due-never{color:#a40e26;font-weight:600}"
	".due-due_soon{color:#7d4e00}.na{color:var(--muted)}"
	".muted{color:var(--muted)}"
	"footer{margin-top:2rem;color:var(--muted);font-size:.85rem}"
	"@media print{body{max-width:none;padding:0}section.theme{break-before:page}"
	"tr{break-inside:avoid}}";

static void h(struct eg_buf *out, const char *s)
{
	eg_html_escape(out, s, strlen(s));
}

static void h_with(struct eg_buf *out, const struct eg_soa_measure *m,
		   void (*fn)(const struct eg_soa_measure *, struct eg_buf *))
{
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	fn(m, &t);
	h(out, eg_buf_str(&t));
	if (t.err != 0 && out->err == 0)
		out->err = t.err;
	eg_buf_free(&t);
}

static void emit_html(const struct ctx *x, struct eg_buf *out)
{
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	eg_buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n",
		    eg_lang_code());
	eg_buf_adds(out, "<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\""
		    "default-src 'none'; style-src 'unsafe-inline'\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	h(out, _("Statement of Applicability"));
	if (site_name(x)[0] != '\0') {
		eg_buf_adds(out, ": ");
		h(out, site_name(x));
	}
	eg_buf_adds(out, "</title>\n<style>");
	eg_buf_adds(out, css);
	eg_buf_adds(out, "</style>\n</head>\n<body>\n<header>\n<h1>");
	h(out, _("Statement of Applicability"));
	if (site_name(x)[0] != '\0') {
		eg_buf_adds(out, ": ");
		h(out, site_name(x));
	}
	eg_buf_adds(out, "</h1>\n<dl class=\"meta\">\n<dt>");
	h(out, _("Spec:"));
	eg_buf_adds(out, "</dt><dd>");
	h(out, x->spec_name);
	eg_buf_adds(out, "</dd>\n<dt>");
	h(out, _("Date:"));
	eg_buf_adds(out, "</dt><dd>");
	h(out, x->today);
	eg_buf_adds(out, "</dd>\n<dt>");
	h(out, _("Audit run:"));
	eg_buf_adds(out, "</dt><dd>");
	run_text(x, &t);
	h(out, eg_buf_str(&t));
	eg_buf_reset(&t);
	eg_buf_adds(out, "</dd>\n</dl>\n<p>");
	summary_text(x, &t);
	h(out, eg_buf_str(&t));
	eg_buf_reset(&t);
	eg_buf_adds(out, "</p>\n</header>\n");
	const char *theme = "";
	for (size_t i = 0; i < eg_soa_nmeasures(x->soa); i++) {
		const struct eg_soa_measure *m = eg_soa_measure(x->soa, i);
		if (strncmp(m->measure->id, theme, 3) != 0) {
			const struct eg_theme *th = eg_catalog_theme(x->cat,
							     (size_t)m->measure->theme);
			if (theme[0] != '\0')
				eg_buf_adds(out, "</table>\n</section>\n");
			theme = th->id;
			eg_buf_adds(out, "<section class=\"theme\" id=\"");
			h(out, th->id);
			eg_buf_adds(out, "\">\n<h2>");
			h(out, th->id);
			eg_buf_addc(out, ' ');
			h(out, eg_pick(th->title_ja, th->title_en));
			eg_buf_adds(out, "</h2>\n<p><strong>");
			h(out, _("Owner:"));
			eg_buf_adds(out, "</strong> ");
			h_with(out, m, owner_text);
			eg_buf_adds(out, "</p>\n<table>\n<tr>");
			const char *heads[] = {_("ID"), _("Measure"), _("Applies"),
					       _("How it is met"), _("Status"),
					       _("Next due")};
			for (size_t k = 0; k < 6; k++) {
				eg_buf_adds(out, "<th>");
				h(out, heads[k]);
				eg_buf_adds(out, "</th>");
			}
			eg_buf_adds(out, "</tr>\n");
		}
		eg_buf_addf(out, "<tr id=\"m-%s\"><td class=\"id\">", m->measure->id);
		h(out, m->measure->id);
		eg_buf_adds(out, "</td><td>");
		h(out, title(m->measure));
		eg_buf_addf(out, "</td><td%s>", m->na != NULL ? " class=\"na\"" : "");
		h_with(out, m, applies_text);
		eg_buf_adds(out, "</td><td class=\"met\">");
		h_with(out, m, met_text);
		eg_buf_addf(out, "</td><td><span class=\"st st-%s\">",
			    eg_mstatus_name(m->status));
		h(out, eg_mstatus_label(m->status));
		eg_buf_adds(out, "</span></td><td");
		if (m->ndue > 0)
			eg_buf_addf(out, " class=\"due-%s\"",
				    eg_due_state_name(m->due_state));
		eg_buf_addc(out, '>');
		h_with(out, m, due_text);
		eg_buf_adds(out, "</td></tr>\n");
	}
	if (theme[0] != '\0')
		eg_buf_adds(out, "</table>\n</section>\n");
	eg_buf_adds(out, "<footer>ecguard</footer>\n</body>\n</html>\n");
	if (t.err != 0 && out->err == 0)
		out->err = t.err;
	eg_buf_free(&t);
}

/* ---- CSV ----------------------------------------------------------------- */

static void csv(struct eg_buf *out, const char *s, int last)
{
	eg_csv_field(out, s, strlen(s));
	eg_buf_adds(out, last ? "\r\n" : ",");
}

static void csv_with(struct eg_buf *out, const struct eg_soa_measure *m,
		     void (*fn)(const struct eg_soa_measure *, struct eg_buf *))
{
	struct eg_buf t;
	eg_buf_init(&t, EG_BUF_DEFAULT_MAX);
	fn(m, &t);
	csv(out, eg_buf_str(&t), 0);
	if (t.err != 0 && out->err == 0)
		out->err = t.err;
	eg_buf_free(&t);
}

static void na_reason(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->na != NULL)
		eg_buf_adds(b, m->na->reason);
}

static void owner_name(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->owner != NULL && m->owner->name != NULL)
		eg_buf_adds(b, m->owner->name);
}

static void owner_contact(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->owner != NULL && m->owner->contact != NULL)
		eg_buf_adds(b, m->owner->contact);
}

/* The records joined with "; " (all of them: a cell, not a page). */
static void records_csv(const struct eg_soa_measure *m, struct eg_buf *b)
{
	for (size_t i = 0; i < m->nrecords; i++) {
		if (i > 0)
			eg_buf_adds(b, "; ");
		record_text(&m->records[i], b);
	}
}

static void next_due_csv(const struct eg_soa_measure *m, struct eg_buf *b)
{
	if (m->ndue > 0 && m->next_due != EG_NO_DATE) {
		char d[11];
		eg_date_format(m->next_due, d);
		eg_buf_adds(b, d);
	}
}

/* One row per measure. The header and the codes (applies, spec_state,
 * status, due_state) are English identifiers for programs; titles and
 * the texts people wrote are in the language chosen. */
static void emit_csv(const struct ctx *x, struct eg_buf *out)
{
	static const char *const head[] = {
		"theme", "measure", "title", "kind", "applies",
		"not_applicable_reason", "owner", "owner_contact", "spec_state",
		"spec_items", "checks", "records", "status", "run", "next_due",
		"due_state", NULL};
	for (size_t i = 0; head[i] != NULL; i++)
		csv(out, head[i], head[i + 1] == NULL);
	const char *run = eg_soa_run_id(x->soa) != NULL ? eg_soa_run_id(x->soa) : "";
	for (size_t i = 0; i < eg_soa_nmeasures(x->soa); i++) {
		const struct eg_soa_measure *m = eg_soa_measure(x->soa, i);
		const struct eg_theme *th = eg_catalog_theme(x->cat,
						     (size_t)m->measure->theme);
		csv(out, th->id, 0);
		csv(out, m->measure->id, 0);
		csv(out, title(m->measure), 0);
		csv(out, m->measure->kind, 0);
		csv(out, m->na != NULL ? "no" : "yes", 0);
		csv_with(out, m, na_reason);
		csv_with(out, m, owner_name);
		csv_with(out, m, owner_contact);
		csv(out, m->has_spec ? eg_spec_state_name(m->spec_state) : "", 0);
		csv_with(out, m, join_items);
		csv_with(out, m, checks_text);
		csv_with(out, m, records_csv);
		csv(out, eg_mstatus_name(m->status), 0);
		csv(out, run, 0);
		csv_with(out, m, next_due_csv);
		csv(out, m->ndue > 0 ? eg_due_state_name(m->due_state) : "", 1);
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_owner(struct eg_json *j, const struct eg_spec_owner *o)
{
	if (o == NULL) {
		eg_json_null(j);
		return;
	}
	eg_json_obj_begin(j);
	eg_json_kstr(j, "name", o->name);
	eg_json_kstr(j, "role", o->role);
	eg_json_kstr(j, "contact", o->contact);
	eg_json_kstr(j, "deputy", o->deputy);
	eg_json_obj_end(j);
}

static void json_measure(struct eg_json *j, const struct eg_soa_measure *m)
{
	char d[11];
	eg_json_obj_begin(j);
	eg_json_kstr(j, "id", m->measure->id);
	eg_json_kstr(j, "title_ja", m->measure->title_ja);
	eg_json_kstr(j, "title_en", m->measure->title_en);
	eg_json_kstr(j, "title", title(m->measure));
	eg_json_kstr(j, "kind", m->measure->kind);
	eg_json_kbool(j, "applies", m->na == NULL);
	eg_json_key(j, "not_applicable");
	if (m->na == NULL) {
		eg_json_null(j);
	} else {
		eg_json_obj_begin(j);
		eg_json_kstr(j, "reason", m->na->reason);
		eg_json_kstr(j, "approver", m->na->approver);
		eg_json_kstr(j, "file", m->na->pos.file);
		eg_json_kint(j, "line", m->na->pos.line);
		eg_json_obj_end(j);
	}
	eg_json_key(j, "owner");
	json_owner(j, m->owner);
	eg_json_key(j, "spec");
	eg_json_obj_begin(j);
	eg_json_kstr(j, "state", m->has_spec ? eg_spec_state_name(m->spec_state) : NULL);
	eg_json_kstr(j, "reason", m->has_spec && m->spec_reason[0] != '\0'
				       ? m->spec_reason : NULL);
	eg_json_key(j, "items");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < m->nitems; i++)
		eg_json_str(j, m->items[i]);
	eg_json_arr_end(j);
	eg_json_obj_end(j);
	eg_json_key(j, "checks");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < m->nchecks; i++)
		eg_json_str(j, m->checks[i]);
	eg_json_arr_end(j);
	eg_json_key(j, "records");
	eg_json_arr_begin(j);
	for (size_t i = 0; i < m->nrecords; i++) {
		const struct eg_soa_record *r = &m->records[i];
		eg_json_obj_begin(j);
		eg_json_kint(j, "id", r->id);
		eg_json_kstr(j, "kind", r->kind);
		eg_json_kstr(j, "date", r->date);
		eg_json_kstr(j, "by", r->by);
		eg_json_kstr(j, "summary", r->summary);
		eg_json_kint(j, "evidence", (int64_t)r->nevidence);
		eg_json_obj_end(j);
	}
	eg_json_arr_end(j);
	eg_json_kstr(j, "status", eg_mstatus_name(m->status));
	eg_json_kstr(j, "status_note", m->note);
	eg_json_key(j, "due");
	if (m->ndue == 0) {
		eg_json_null(j);
	} else {
		eg_json_obj_begin(j);
		eg_date_format(m->next_due, d);
		eg_json_kstr(j, "next_due", m->next_due != EG_NO_DATE ? d : NULL);
		eg_json_kstr(j, "state", eg_due_state_name(m->due_state));
		eg_json_kint(j, "obligations", (int64_t)m->ndue);
		eg_json_obj_end(j);
	}
	eg_json_obj_end(j);
}

static void emit_json(const struct ctx *x, struct eg_buf *out)
{
	struct eg_json j;
	struct counts c;
	count(x->soa, &c);
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "schema", "ecguard.soa/1");
	eg_json_kstr(&j, "site", site_name(x)[0] != '\0' ? site_name(x) : NULL);
	eg_json_kstr(&j, "spec", x->spec_name);
	eg_json_kstr(&j, "date", x->today);
	eg_json_kstr(&j, "lang", eg_lang_code());
	eg_json_key(&j, "run");
	if (eg_soa_run_id(x->soa) == NULL) {
		eg_json_null(&j);
	} else {
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "id", eg_soa_run_id(x->soa));
		eg_json_kstr(&j, "started_at", eg_soa_run_started(x->soa));
		eg_json_obj_end(&j);
	}
	eg_json_key(&j, "summary");
	eg_json_obj_begin(&j);
	eg_json_kint(&j, "measures", (int64_t)eg_soa_nmeasures(x->soa));
	eg_json_kint(&j, "applicable", (int64_t)c.applies);
	eg_json_kint(&j, "not_applicable", (int64_t)c.na);
	eg_json_key(&j, "status");
	eg_json_obj_begin(&j);
	for (int k = 0; k < 5; k++)
		eg_json_kint(&j, eg_mstatus_name((enum eg_mstatus)k),
			     (int64_t)c.status[k]);
	eg_json_obj_end(&j);
	eg_json_obj_end(&j);
	eg_json_key(&j, "themes");
	eg_json_arr_begin(&j);
	const char *theme = "";
	for (size_t i = 0; i < eg_soa_nmeasures(x->soa); i++) {
		const struct eg_soa_measure *m = eg_soa_measure(x->soa, i);
		if (strncmp(m->measure->id, theme, 3) != 0) {
			const struct eg_theme *th = eg_catalog_theme(x->cat,
							     (size_t)m->measure->theme);
			if (theme[0] != '\0') {
				eg_json_arr_end(&j);
				eg_json_obj_end(&j);
			}
			theme = th->id;
			eg_json_obj_begin(&j);
			eg_json_kstr(&j, "id", th->id);
			eg_json_kstr(&j, "title_ja", th->title_ja);
			eg_json_kstr(&j, "title_en", th->title_en);
			eg_json_kstr(&j, "title", eg_pick(th->title_ja, th->title_en));
			eg_json_key(&j, "owner");
			json_owner(&j, m->owner);
			eg_json_key(&j, "measures");
			eg_json_arr_begin(&j);
		}
		json_measure(&j, m);
	}
	if (theme[0] != '\0') {
		eg_json_arr_end(&j);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

/* ---- the command --------------------------------------------------------- */

static void print_diags(struct eg_diags *d)
{
	struct eg_buf msg;
	eg_buf_init(&msg, EG_BUF_DEFAULT_MAX);
	eg_diags_sort(d);
	eg_diags_format(d, &msg);
	fputs(eg_buf_str(&msg), stderr);
	eg_buf_free(&msg);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"store", required_argument, NULL, 's'},
		{"spec", required_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *store_path = NULL, *spec_path = NULL, *out_path = NULL;
	int fmt = F_MD, c, rc;
	struct eg_buf out;
	struct eg_err e;
	struct eg_diags d;
	struct eg_spec *spec_owned = NULL;
	struct eg_checks *cs = NULL;
	struct eg_store *s = NULL;
	struct eg_soa *soa = NULL;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_err_clear(&e);
	eg_diags_init(&d);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hs:f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 's': store_path = optarg; break;
		case 'p': spec_path = optarg; break;
		case 'o': out_path = optarg; break;
		case 'f':
			fmt = eg_cli_format("soa", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("soa", &out, NULL);
			goto out;
		default:
			rc = eg_cli_usage("soa", _("unknown option %s"),
					  argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = eg_cli_usage("soa", _("unexpected argument \"%.*s\""),
				  EG_QUOTE_MAX, argv[optind]);
		goto out;
	}
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL) {
		rc = eg_cli_fail("soa", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
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
	} else if ((spec = eg_spec_builtin(&e)) == NULL) {
		rc = eg_cli_fail("soa", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	if ((cs = eg_checks_new()) == NULL) {
		rc = eg_cli_fail("soa", EG_EXIT_INTERNAL, "%s", _("out of memory"));
		goto out;
	}
	if (eg_checks_add_builtin(cs, cat, &d) != 0) {
		print_diags(&d);
		rc = EG_EXIT_INTERNAL;
		goto out;
	}
	/* As for `status`: a store not created yet is "nothing recorded and
	 * no run", not an error. */
	if ((rc = eg_store_arg_open_present("soa", store_path, &s)) !=
	    EG_EXIT_OK)
		goto out;
	int32_t today = eg_today();
	struct eg_duration soon = {30, 'd'};   /* status's default --within */
	if (eg_soa_build(cat, spec, cs, s, today, eg_date_add(today, &soon),
			 &soa, &e) != 0) {
		rc = eg_cli_fail("soa", eg_store_arg_exit(e.code), "%s",
				 eg_err_msg(&e));
		goto out;
	}
	struct ctx x;
	x.cat = cat;
	x.spec = spec;
	x.spec_name = spec_path != NULL ? spec_path : _("(embedded default)");
	x.soa = soa;
	eg_date_format(today, x.today);
	switch (fmt) {
	case F_HTML: emit_html(&x, &out); break;
	case F_CSV: emit_csv(&x, &out); break;
	case F_JSON: emit_json(&x, &out); break;
	default: emit_md(&x, &out); break;
	}
	rc = eg_cli_emit("soa", &out, out_path);
out:
	eg_soa_free(soa);
	eg_store_close(s);
	eg_checks_free(cs);
	eg_spec_free(spec_owned);
	eg_diags_free(&d);
	eg_buf_free(&out);
	return rc;
}

const struct eg_cmd eg_cmd_soa = {
	.name = "soa",
	.summary = N_("write the Statement of Applicability of every measure"),
	.run = run,
};
