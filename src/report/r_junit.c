/*
 * r_junit.c: JUnit XML, for CI systems that show test results (GitLab,
 * Jenkins, GitHub actions that read JUnit). One <testsuite> per theme
 * ("T02 <title>"), one <testcase> per result of a check mapped to that theme
 * (classname = check id, name = resource; a check mapped to two themes
 * appears in both). An alarm is a <failure type="SEVERITY">, an error an
 * <error>, a skip a <skipped>; a waived alarm is a <skipped> whose message
 * starts with "waived" and names the waiver, so it is visible but does not
 * fail the build. ok and info pass (info keeps its reason in <system-out>).
 *
 * XML 1.0 cannot carry most C0 controls even as character references, so
 * they (and invalid UTF-8, U+FFFE/U+FFFF, C1 controls) become U+FFFD; the
 * five markup characters are escaped, and in attributes newlines and tabs
 * are written as references so parsers do not normalise them away.
 */
#include <stdint.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/neutral.h"
#include "report_int.h"

#define REPLACEMENT "\xEF\xBF\xBD"

static void xml(struct eg_buf *out, const char *s, int attr)
{
	s = eg_rep_s(s);
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		switch (cp) {
		case '&': eg_buf_adds(out, "&amp;"); break;
		case '<': eg_buf_adds(out, "&lt;"); break;
		case '>': eg_buf_adds(out, "&gt;"); break;
		case '"': eg_buf_adds(out, "&quot;"); break;
		case '\'': eg_buf_adds(out, "&apos;"); break;
		case '\n': eg_buf_adds(out, attr ? "&#10;" : "\n"); break;
		case '\t': eg_buf_adds(out, attr ? "&#9;" : "\t"); break;
		case '\r': eg_buf_adds(out, "&#13;"); break;
		default:
			if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
			    cp == 0xFFFE || cp == 0xFFFF)
				eg_buf_adds(out, REPLACEMENT);
			else
				eg_buf_add(out, p + i, l);
		}
		i += l;
	}
}

static void attr(struct eg_buf *out, const char *name, const char *value)
{
	eg_buf_addf(out, " %s=\"", name);
	xml(out, value, 1);
	eg_buf_addc(out, '"');
}

struct counts {
	size_t tests, failures, errors, skipped;
};

static void count(struct counts *c, enum eg_status st)
{
	c->tests++;
	if (st == EG_ST_ALARM)
		c->failures++;
	else if (st == EG_ST_ERROR)
		c->errors++;
	else if (st == EG_ST_SKIP || st == EG_ST_WAIVED)
		c->skipped++;
}

static void count_attrs(struct eg_buf *out, const struct counts *c)
{
	eg_buf_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
		    c->tests, c->failures, c->errors, c->skipped);
}

/* The body of a failure or error: what a CI page shows expanded. */
static void details(struct eg_buf *out, const struct eg_run_check *c,
		    const struct eg_run_result *r)
{
	struct eg_buf m;
	eg_buf_init(&m, out->max);
	eg_rep_measures(&m, c, ", ");
	const char *title = eg_rep_title(c);
	if (title[0] != '\0') {
		xml(out, title, 0);
		eg_buf_addc(out, '\n');
	}
	eg_buf_adds(out, _("Measures:"));
	eg_buf_addc(out, ' ');
	xml(out, eg_buf_str(&m), 0);
	eg_buf_addc(out, '\n');
	eg_buf_adds(out, _("Reason:"));
	eg_buf_addc(out, ' ');
	xml(out, r->reason, 0);
	const char *rem = eg_rep_remediation(c);
	if (r->status == EG_ST_ALARM && rem[0] != '\0') {
		eg_buf_addc(out, '\n');
		eg_buf_adds(out, _("Remediation:"));
		eg_buf_addc(out, ' ');
		xml(out, rem, 0);
	}
	eg_rep_tmp_done(out, &m);
}

static void testcase(struct eg_buf *out, const struct eg_run_check *c,
		     const struct eg_run_result *r)
{
	eg_buf_adds(out, "    <testcase");
	attr(out, "classname", c->id);
	const char *name = eg_rep_s(r->resource);
	attr(out, "name", name[0] != '\0' ? name : eg_rep_s(c->id));
	switch (r->status) {
	case EG_ST_ALARM:
		eg_buf_adds(out, ">\n      <failure");
		attr(out, "message", r->reason);
		attr(out, "type", eg_severity_name(c->severity));
		eg_buf_addc(out, '>');
		details(out, c, r);
		eg_buf_adds(out, "</failure>\n    </testcase>\n");
		break;
	case EG_ST_ERROR:
		eg_buf_adds(out, ">\n      <error");
		attr(out, "message", r->reason);
		attr(out, "type", "error");
		eg_buf_addc(out, '>');
		details(out, c, r);
		eg_buf_adds(out, "</error>\n    </testcase>\n");
		break;
	case EG_ST_SKIP:
		eg_buf_adds(out, ">\n      <skipped");
		attr(out, "message", r->reason);
		eg_buf_adds(out, "/>\n    </testcase>\n");
		break;
	case EG_ST_WAIVED: {
		struct eg_buf m;
		eg_buf_init(&m, out->max);
		eg_buf_addf(&m, "%s (%s): %s", eg_status_label(EG_ST_WAIVED),
			    eg_rep_s(r->waiver), eg_rep_s(r->reason));
		eg_buf_adds(out, ">\n      <skipped");
		attr(out, "message", eg_buf_str(&m));
		eg_buf_adds(out, "/>\n    </testcase>\n");
		eg_rep_tmp_done(out, &m);
		break;
	}
	case EG_ST_INFO:
		eg_buf_adds(out, ">\n      <system-out>");
		xml(out, r->reason, 0);
		eg_buf_adds(out, "</system-out>\n    </testcase>\n");
		break;
	default:
		eg_buf_adds(out, "/>\n");
	}
}

static int render(const struct eg_run *run, const struct eg_catalog *cat,
		  const struct eg_report_opts *opts, struct eg_buf *out)
{
	(void)opts;
	int rc = eg_rep_check_run(run);
	if (rc != 0)
		return rc;
	struct counts total = {0};
	for (size_t t = 0; t < run->nthemes; t++)
		for (size_t i = 0; i < run->nresults; i++)
			if (eg_rep_check_in_theme(
				    &run->checks[run->results[i].check],
				    run->themes[t].id))
				count(&total, run->results[i].status);
	eg_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	eg_buf_adds(out, "<testsuites");
	attr(out, "name", "ecguard audit");
	count_attrs(out, &total);
	eg_buf_adds(out, ">\n");
	for (size_t t = 0; t < run->nthemes; t++) {
		const struct eg_run_theme *th = &run->themes[t];
		struct counts c = {0};
		for (size_t i = 0; i < run->nresults; i++)
			if (eg_rep_check_in_theme(
				    &run->checks[run->results[i].check], th->id))
				count(&c, run->results[i].status);
		struct eg_buf name;
		eg_buf_init(&name, out->max);
		eg_buf_adds(&name, th->id);
		const char *title = eg_rep_theme_title(cat, th->id);
		if (title[0] != '\0') {
			eg_buf_addc(&name, ' ');
			eg_buf_adds(&name, title);
		}
		eg_buf_adds(out, "  <testsuite");
		attr(out, "name", eg_buf_str(&name));
		eg_rep_tmp_done(out, &name);
		count_attrs(out, &c);
		if (run->host != NULL)
			attr(out, "hostname", run->host);
		eg_buf_adds(out, ">\n    <properties>\n");
		eg_buf_adds(out, "      <property name=\"score\"");
		if (th->score >= 0)
			eg_buf_addf(out, " value=\"%d\"/>\n",
				    th->score > 100 ? 100 : th->score);
		else
			eg_buf_adds(out, " value=\"\"/>\n");
		eg_buf_addf(out, "      <property name=\"status\" value=\"%s\"/>\n",
			    eg_mstatus_name(th->status));
		eg_buf_adds(out, "    </properties>\n");
		for (size_t i = 0; i < run->nresults; i++) {
			const struct eg_run_result *r = &run->results[i];
			const struct eg_run_check *ck = &run->checks[r->check];
			if (eg_rep_check_in_theme(ck, th->id))
				testcase(out, ck, r);
		}
		eg_buf_adds(out, "  </testsuite>\n");
	}
	eg_buf_adds(out, "</testsuites>\n");
	return out->err;
}

const struct eg_report_format eg_report_junit = {
	.name = "junit",
	.render = render,
};
