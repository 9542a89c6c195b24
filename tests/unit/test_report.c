/*
 * Unit tests: the report formats of an audit run. A small fixed run renders
 * to exact bytes in json, md and junit (what scripts and CI parse); a hostile
 * run (HTML, ANSI escapes, newlines, quotes, pipes, "]]>", invalid UTF-8 in
 * every string) renders in every format with nothing live left: no raw ESC,
 * no markup, no forged lines; SARIF carries what GitHub code scanning needs;
 * the HTML page is inert and self-contained with an 11-axis radar; labels
 * follow the language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/run.h"
#include "report/report.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/limits.h"

static const struct eg_catalog *cat(void)
{
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *c = eg_catalog_builtin(&e);
	if (c == NULL)
		fail_msg("%s", eg_err_msg(&e));
	return c;
}

static void add_check(struct eg_run *run, const char *id, const char *m1,
		      const char *m2, enum eg_severity sev,
		      enum eg_check_kind kind, const char *title,
		      const char *rem)
{
	char *ms[2] = {(char *)m1, (char *)m2};
	struct eg_run_check c = {
		.id = (char *)id,
		.measures = ms,
		.nmeasures = m2 != NULL ? 2 : 1,
		.severity = sev,
		.kind = kind,
		.title_en = (char *)title,
		.title_ja = (char *)"ja:title",
		.rationale_en = (char *)"Why it matters.",
		.remediation_en = (char *)rem,
		.remediation_ja = (char *)"ja:remediation",
	};
	assert_int_equal(eg_run_add_check(run, &c, NULL), 0);
}

static void add_measure(struct eg_run *run, const char *id,
			enum eg_mstatus st, const char *note, size_t ok,
			size_t alarm, size_t skip, size_t waived)
{
	struct eg_run_measure m = {.status = st, .note = (char *)note,
				   .ok = ok, .alarm = alarm, .skip = skip,
				   .waived = waived};
	snprintf(m.id, sizeof(m.id), "%s", id);
	assert_int_equal(eg_run_add_measure(run, &m), 0);
}

static void add_theme(struct eg_run *run, const char *id, int score,
		      enum eg_mstatus st)
{
	struct eg_run_theme t = {.score = score, .status = st};
	snprintf(t.id, sizeof(t.id), "%s", id);
	assert_int_equal(eg_run_add_theme(run, &t), 0);
}

static void set_header(struct eg_run *run, const char *host,
		       const char *root, const char *spec)
{
	assert_int_equal(eg_run_set(&run->id, "20261126T095600Z-1a2b"), 0);
	assert_int_equal(eg_run_set(&run->started_at, "2026-11-26T09:56:00Z"), 0);
	assert_int_equal(eg_run_set(&run->finished_at, "2026-11-26T09:56:01Z"), 0);
	assert_int_equal(eg_run_set(&run->host, host), 0);
	assert_int_equal(eg_run_set(&run->root, root), 0);
	assert_int_equal(eg_run_set(&run->spec, spec), 0);
	assert_int_equal(eg_run_set(&run->version, "0.1.0"), 0);
}

/* Two checks, four results (alarm, ok, waived, skip), three measures, two
 * themes. */
static struct eg_run *small_run(void)
{
	struct eg_run *run = eg_run_new();
	assert_non_null(run);
	set_header(run, "web1", "/", "(embedded default)");
	add_check(run, "ssh.root_login", "T02.07", "T08.05", EG_SEV_HIGH,
		  EG_KIND_TECHNICAL, "Root may log in over SSH",
		  "Set PermitRootLogin no.");
	add_check(run, "policy.reviewed", "T01.01", NULL, EG_SEV_MEDIUM,
		  EG_KIND_ATTESTATION, "Policy reviewed", "Review the policy.");
	assert_int_equal(eg_run_add_result(run, 0, "/etc/ssh/sshd_config:32",
					   EG_ST_ALARM, "PermitRootLogin yes",
					   NULL), 0);
	assert_int_equal(eg_run_add_result(run, 1, "policy", EG_ST_OK,
					   "reviewed 2026-01-10", NULL), 0);
	assert_int_equal(eg_run_add_result(run, 0, "/etc/ssh/sshd_config.d/x.conf",
					   EG_ST_WAIVED, "PermitRootLogin yes",
					   "ops, until 2027-01-01: migration"), 0);
	assert_int_equal(eg_run_add_result(run, 1, "education", EG_ST_SKIP,
					   "no records", NULL), 0);
	add_measure(run, "T01.01", EG_MS_MET, NULL, 1, 0, 1, 0);
	add_measure(run, "T02.07", EG_MS_NOT_MET, NULL, 0, 1, 0, 1);
	add_measure(run, "T08.05", EG_MS_NOT_APPLICABLE, "no SSH on this host",
		    0, 0, 0, 0);
	add_theme(run, "T01", 100, EG_MS_MET);
	add_theme(run, "T02", 0, EG_MS_NOT_MET);
	run->score = 50;
	return run;
}

#define EVIL "<script>alert(1)</script> \x1b[31mred\x1b[0m \"q\" 'a' | x ]]> \xff\xfe line1\nline2"

/* Every theme and measure of the catalogue, checks of every severity, results
 * of every status, and the hostile string in every field that comes from a
 * host, a spec or a check pack. */
static struct eg_run *hostile_run(void)
{
	const struct eg_catalog *c = cat();
	struct eg_run *run = eg_run_new();
	assert_non_null(run);
	set_header(run, "host" EVIL, "/srv/root" EVIL, "site" EVIL ".yaml");
	static const enum eg_severity sev[] = {EG_SEV_INFO, EG_SEV_LOW,
		EG_SEV_MEDIUM, EG_SEV_HIGH, EG_SEV_CRITICAL};
	char id[64];
	for (int i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "evil.check%d", i);
		add_check(run, id, "T02.07", i == 4 ? "T05.03" : NULL, sev[i],
			  EG_KIND_TECHNICAL, "title " EVIL, "fix " EVIL);
	}
	static const enum eg_status st[] = {EG_ST_OK, EG_ST_ALARM, EG_ST_INFO,
		EG_ST_SKIP, EG_ST_ERROR, EG_ST_WAIVED};
	for (size_t k = 0; k < 5; k++)
		for (size_t s = 0; s < 6; s++)
			assert_int_equal(eg_run_add_result(run, k, "/etc/" EVIL ":7",
							   st[s], "reason " EVIL,
							   st[s] == EG_ST_WAIVED ?
							   "waiver " EVIL : NULL), 0);
	assert_int_equal(eg_run_add_result(run, 4, "user " EVIL, EG_ST_ALARM,
					   "uid 0 " EVIL, NULL), 0);
	for (size_t t = 0; t < eg_catalog_nthemes(c); t++) {
		const struct eg_theme *th = eg_catalog_theme(c, t);
		for (size_t m = 0; m < th->nmeasures; m++)
			add_measure(run, th->measures[m].id,
				    (enum eg_mstatus)(m % 5),
				    m % 5 == EG_MS_NOT_APPLICABLE ? "note " EVIL : NULL,
				    1, 1, 1, 0);
		add_theme(run, th->id, (int)(t * 10), (enum eg_mstatus)(t % 5));
	}
	run->score = 61;
	return run;
}

static char *render(const char *fmt, const struct eg_run *run,
		    const struct eg_report_opts *opts)
{
	const struct eg_report_format *f = eg_report_find(fmt);
	assert_non_null(f);
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	assert_int_equal(f->render(run, cat(), opts, &b), 0);
	size_t len;
	char *s = eg_buf_steal(&b, &len);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* No byte below 0x20 but newline (and tab when allowed), no DEL. */
static void assert_no_controls(const char *s, int tab_ok)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && !(tab_ok && *p == '\t')) ||
		    *p == 0x7F)
			fail_msg("control byte 0x%02X at offset %zu", *p,
				 (size_t)(p - (const unsigned char *)s));
}

static void test_table(void **state)
{
	(void)state;
	size_t n = 0;
	for (; eg_report_formats[n] != NULL; n++) {
		assert_non_null(eg_report_names[n]);
		assert_string_equal(eg_report_formats[n]->name, eg_report_names[n]);
		assert_ptr_equal(eg_report_find(eg_report_names[n]),
				 eg_report_formats[n]);
	}
	assert_int_equal(n, 6);
	assert_null(eg_report_names[n]);
	assert_string_equal(eg_report_names[0], "text");
	assert_null(eg_report_find("xml"));
	assert_null(eg_report_find(NULL));
}

static void test_failing(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	/* The waived high alarm never counts; the high one does. */
	assert_int_equal(eg_report_failing(run, EG_SEV_CRITICAL), 0);
	assert_int_equal(eg_report_failing(run, EG_SEV_HIGH), 1);
	assert_int_equal(eg_report_failing(run, EG_SEV_INFO), 1);
	eg_run_free(run);
}

static const char small_json[] =
	"{\n"
	"  \"schema\": \"ecguard.audit/1\",\n"
	"  \"run\": {\n"
	"    \"id\": \"20261126T095600Z-1a2b\",\n"
	"    \"started_at\": \"2026-11-26T09:56:00Z\",\n"
	"    \"finished_at\": \"2026-11-26T09:56:01Z\",\n"
	"    \"host\": \"web1\",\n"
	"    \"root\": \"/\",\n"
	"    \"spec\": \"(embedded default)\",\n"
	"    \"version\": \"0.1.0\"\n"
	"  },\n"
	"  \"summary\": {\n"
	"    \"score\": 50,\n"
	"    \"fail_on\": \"high\",\n"
	"    \"fail_on_alarms\": 1,\n"
	"    \"checks\": 2,\n"
	"    \"results\": 4,\n"
	"    \"status\": {\n"
	"      \"ok\": 1,\n"
	"      \"alarm\": 1,\n"
	"      \"waived\": 1,\n"
	"      \"info\": 0,\n"
	"      \"skip\": 1,\n"
	"      \"error\": 0\n"
	"    },\n"
	"    \"alarms\": {\n"
	"      \"critical\": 0,\n"
	"      \"high\": 1,\n"
	"      \"medium\": 0,\n"
	"      \"low\": 0,\n"
	"      \"info\": 0\n"
	"    },\n"
	"    \"measures\": {\n"
	"      \"met\": 1,\n"
	"      \"partial\": 0,\n"
	"      \"not_met\": 1,\n"
	"      \"not_assessed\": 0,\n"
	"      \"not_applicable\": 1\n"
	"    }\n"
	"  },\n"
	"  \"themes\": [\n"
	"    {\n"
	"      \"id\": \"T01\",\n"
	"      \"score\": 100,\n"
	"      \"status\": \"met\"\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"T02\",\n"
	"      \"score\": 0,\n"
	"      \"status\": \"not_met\"\n"
	"    }\n"
	"  ],\n"
	"  \"measures\": [\n"
	"    {\n"
	"      \"id\": \"T01.01\",\n"
	"      \"status\": \"met\",\n"
	"      \"checks\": [\n"
	"        \"policy.reviewed\"\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"T02.07\",\n"
	"      \"status\": \"not_met\",\n"
	"      \"checks\": [\n"
	"        \"ssh.root_login\"\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"T08.05\",\n"
	"      \"status\": \"not_applicable\",\n"
	"      \"checks\": [\n"
	"        \"ssh.root_login\"\n"
	"      ],\n"
	"      \"note\": \"no SSH on this host\"\n"
	"    }\n"
	"  ],\n"
	"  \"results\": [\n"
	"    {\n"
	"      \"check\": \"ssh.root_login\",\n"
	"      \"measures\": [\n"
	"        \"T02.07\",\n"
	"        \"T08.05\"\n"
	"      ],\n"
	"      \"severity\": \"high\",\n"
	"      \"kind\": \"technical\",\n"
	"      \"resource\": \"/etc/ssh/sshd_config:32\",\n"
	"      \"status\": \"alarm\",\n"
	"      \"reason\": \"PermitRootLogin yes\"\n"
	"    },\n"
	"    {\n"
	"      \"check\": \"policy.reviewed\",\n"
	"      \"measures\": [\n"
	"        \"T01.01\"\n"
	"      ],\n"
	"      \"severity\": \"medium\",\n"
	"      \"kind\": \"attestation\",\n"
	"      \"resource\": \"policy\",\n"
	"      \"status\": \"ok\",\n"
	"      \"reason\": \"reviewed 2026-01-10\"\n"
	"    },\n"
	"    {\n"
	"      \"check\": \"ssh.root_login\",\n"
	"      \"measures\": [\n"
	"        \"T02.07\",\n"
	"        \"T08.05\"\n"
	"      ],\n"
	"      \"severity\": \"high\",\n"
	"      \"kind\": \"technical\",\n"
	"      \"resource\": \"/etc/ssh/sshd_config.d/x.conf\",\n"
	"      \"status\": \"waived\",\n"
	"      \"reason\": \"PermitRootLogin yes\",\n"
	"      \"waiver\": \"ops, until 2027-01-01: migration\"\n"
	"    },\n"
	"    {\n"
	"      \"check\": \"policy.reviewed\",\n"
	"      \"measures\": [\n"
	"        \"T01.01\"\n"
	"      ],\n"
	"      \"severity\": \"medium\",\n"
	"      \"kind\": \"attestation\",\n"
	"      \"resource\": \"education\",\n"
	"      \"status\": \"skip\",\n"
	"      \"reason\": \"no records\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static void test_json_exact(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	char *s = render("json", run, NULL);
	assert_string_equal(s, small_json);
	free(s);
	eg_run_free(run);
}

static const char small_md[] =
	"# ecguard audit report\n"
	"\n"
	"| Run | Host | Root | Spec | Started | Finished |\n"
	"| --- | --- | --- | --- | --- | --- |\n"
	"| 20261126T095600Z-1a2b | web1 | / | \\(embedded default\\) | 2026-11-26T09:56:00Z | 2026-11-26T09:56:01Z |\n"
	"\n"
	"**Overall score: 50/100**  \n"
	"Threshold (--fail-on high): 1 alarm at or above it\n"
	"\n"
	"## Themes\n"
	"\n"
	"| Theme | Title | Score | Status |\n"
	"| --- | --- | ---: | --- |\n"
	"| T01 | Security management of site operation | 100 | met |\n"
	"| T02 | Unauthorized-access countermeasures | 0 | not met |\n"
	"\n"
	"## Alarms (1)\n"
	"\n"
	"| Severity | Check | Measure IDs | Resource | Reason |\n"
	"| --- | --- | --- | --- | --- |\n"
	"| high | ssh.root\\_login | T02.07, T08.05 | /etc/ssh/sshd\\_config:32 | PermitRootLogin yes |\n"
	"\n"
	"### Remediation\n"
	"\n"
	"- **ssh.root\\_login** (Root may log in over SSH): Set PermitRootLogin no.\n"
	"\n"
	"## Waived alarms (1)\n"
	"\n"
	"| Severity | Check | Resource | Reason | Waiver |\n"
	"| --- | --- | --- | --- | --- |\n"
	"| high | ssh.root\\_login | /etc/ssh/sshd\\_config.d/x.conf | PermitRootLogin yes | ops, until 2027-01-01: migration |\n"
	"\n"
	"## Not checked\n"
	"\n"
	"error 0, skipped 1 (a skip is never a pass)\n"
	"\n"
	"| Status | Check | Resource | Reason |\n"
	"| --- | --- | --- | --- |\n"
	"| skipped | policy.reviewed | education | no records |\n"
	"\n"
	"Results: ok 1, alarm 1, waived 1, info 0, skipped 1, error 0  \n"
	"Measures: met 1, partially met 0, not met 1, not assessed 0, not applicable 1\n";

static void test_md_exact(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	char *s = render("md", run, NULL);
	assert_string_equal(s, small_md);
	free(s);
	eg_run_free(run);
}

static const char small_junit[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<testsuites name=\"ecguard audit\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"2\">\n"
	"  <testsuite name=\"T01 Security management of site operation\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\" hostname=\"web1\">\n"
	"    <properties>\n"
	"      <property name=\"score\" value=\"100\"/>\n"
	"      <property name=\"status\" value=\"met\"/>\n"
	"    </properties>\n"
	"    <testcase classname=\"policy.reviewed\" name=\"policy\"/>\n"
	"    <testcase classname=\"policy.reviewed\" name=\"education\">\n"
	"      <skipped message=\"no records\"/>\n"
	"    </testcase>\n"
	"  </testsuite>\n"
	"  <testsuite name=\"T02 Unauthorized-access countermeasures\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\" hostname=\"web1\">\n"
	"    <properties>\n"
	"      <property name=\"score\" value=\"0\"/>\n"
	"      <property name=\"status\" value=\"not_met\"/>\n"
	"    </properties>\n"
	"    <testcase classname=\"ssh.root_login\" name=\"/etc/ssh/sshd_config:32\">\n"
	"      <failure message=\"PermitRootLogin yes\" type=\"high\">Root may log in over SSH\n"
	"Measures: T02.07, T08.05\n"
	"Reason: PermitRootLogin yes\n"
	"Remediation: Set PermitRootLogin no.</failure>\n"
	"    </testcase>\n"
	"    <testcase classname=\"ssh.root_login\" name=\"/etc/ssh/sshd_config.d/x.conf\">\n"
	"      <skipped message=\"waived (ops, until 2027-01-01: migration): PermitRootLogin yes\"/>\n"
	"    </testcase>\n"
	"  </testsuite>\n"
	"</testsuites>\n";

static void test_junit_exact(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	char *s = render("junit", run, NULL);
	assert_string_equal(s, small_junit);
	free(s);
	eg_run_free(run);
}

static const char small_text[] =
	"ecguard audit report\n"
	"  Run:       20261126T095600Z-1a2b\n"
	"  Host:      web1\n"
	"  Root:      /\n"
	"  Spec:      (embedded default)\n"
	"  Started:   2026-11-26T09:56:00Z\n"
	"  Finished:  2026-11-26T09:56:01Z\n"
	"  Version:   0.1.0\n"
	"\n"
	"Overall score: 50/100\n"
	"\n"
	"Themes\n"
	"  T01  100  ####################  met             Security management of site operation\n"
	"  T02    0  ....................  not met         Unauthorized-access countermeasures\n"
	"\n"
	"Alarms: 1 (critical 0, high 1, medium 0, low 0, info 0)\n"
	"\n"
	"high (1)\n"
	"  ssh.root_login  [T02.07, T08.05]  Root may log in over SSH\n"
	"    - /etc/ssh/sshd_config:32: PermitRootLogin yes\n"
	"    Remediation: Set PermitRootLogin no.\n"
	"\n"
	"Waived alarms: 1\n"
	"  [high] ssh.root_login  [T02.07, T08.05]  Root may log in over SSH\n"
	"    - /etc/ssh/sshd_config.d/x.conf: PermitRootLogin yes\n"
	"      Waiver: ops, until 2027-01-01: migration\n"
	"\n"
	"Not checked: error 0, skipped 1 (a skip is never a pass)\n"
	"  skipped  policy.reviewed  education  no records\n"
	"\n"
	"Results: ok 1, alarm 1, waived 1, info 0, skipped 1, error 0\n"
	"Measures: met 1, partially met 0, not met 1, not assessed 0, not applicable 1\n"
	"Threshold (--fail-on high): 1 alarm at or above it\n";

static void test_text_exact(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	char *s = render("text", run, NULL);
	assert_string_equal(s, small_text);
	free(s);
	eg_run_free(run);
}

static void test_text_hostile(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	char *s = render("text", run, NULL);
	assert_null(strchr(s, 0x1b));
	assert_no_controls(s, 0);
	/* The escape, the newline and the invalid bytes are shown, not acted on. */
	assert_non_null(strstr(s, "\\e[31mred\\e[0m"));
	assert_non_null(strstr(s, "line1\\nline2"));
	assert_non_null(strstr(s, "\\xFF\\xFE"));
	/* Critical first, info last; skipped and errors counted apart. */
	char *crit = strstr(s, "critical (2)");
	char *high = strstr(s, "high (1)");
	char *info = strstr(s, "\ninfo (1)");
	assert_non_null(crit);
	assert_non_null(high);
	assert_non_null(info);
	assert_true(crit < high && high < info);
	assert_non_null(strstr(s, "Not checked: error 5, skipped 5 (a skip is never a pass)"));
	assert_non_null(strstr(s, "Waived alarms: 5"));
	assert_non_null(strstr(s, "Waiver: waiver <script>"));
	assert_non_null(strstr(s, "Overall score: 61/100"));
	assert_non_null(strstr(s, "Threshold (--fail-on high): 3 alarms at or above it"));
	free(s);

	/* With colour: ANSI sequences are ours only; the host's stays escaped. */
	struct eg_report_opts o = {.color = 1, .fail_on = EG_SEV_CRITICAL};
	s = render("text", run, &o);
	assert_non_null(strchr(s, 0x1b));
	assert_null(strstr(s, "\x1b[31mred"));
	assert_non_null(strstr(s, "\\e[31mred"));
	assert_non_null(strstr(s, "Threshold (--fail-on critical): "));
	free(s);
	eg_run_free(run);
}

static void test_json_hostile(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	char *s = render("json", run, NULL);
	assert_no_controls(s, 0);
	assert_non_null(strstr(s, "\\u001b[31mred"));
	assert_non_null(strstr(s, "line1\\nline2"));
	assert_non_null(strstr(s, "\\ufffd\\ufffd"));
	assert_non_null(strstr(s, "\\\"q\\\""));
	assert_int_equal(count(s, "\"check\": "), 31);
	assert_int_equal(count(s, "\"waiver\": "), 5);
	assert_int_equal(count(s, "\"note\": "), 16);
	free(s);
	eg_run_free(run);
}

static void test_sarif(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	char *s = render("sarif", run, NULL);
	assert_no_controls(s, 0);
	assert_non_null(strstr(s, "\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""));
	assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
	assert_int_equal(count(s, "\"driver\": {"), 1);
	assert_non_null(strstr(s, "\"name\": \"ecguard\""));
	assert_null(strstr(s, "informationUri"));
	/* Rules: one per check, with severity and tags. */
	assert_int_equal(count(s, "\"security-severity\": "), 5);
	assert_non_null(strstr(s, "\"security-severity\": \"9.5\""));
	assert_non_null(strstr(s, "\"security-severity\": \"0.0\""));
	assert_int_equal(count(s, "\"tags\": [\n                  \"security\""), 5);
	assert_non_null(strstr(s, "\"T05.03\""));
	/* Results: the 6 alarms then the 5 waived ones; only those. */
	assert_int_equal(count(s, "\"ruleId\": "), 11);
	assert_int_equal(count(s, "\"suppressions\": "), 5);
	assert_int_equal(count(s, "\"kind\": \"external\""), 5);
	assert_int_equal(count(s, "\"ecguardResource/v1\": "), 11);
	assert_int_equal(count(s, "\"primaryLocationLineHash\": "), 11);
	/* The most severe first: the critical rule is index 4. */
	char *first = strstr(s, "\"ruleId\": ");
	assert_non_null(first);
	assert_int_equal(strncmp(first, "\"ruleId\": \"evil.check4\"", 23), 0);
	/* A path resource: relative to ROOT, percent-encoded, with its line. */
	assert_non_null(strstr(s, "\"uriBaseId\": \"ROOT\""));
	assert_non_null(strstr(s, "\"uri\": \"etc/%3Cscript%3Ealert%281%29%3C/script%3E%20%1B%5B31mred"));
	assert_non_null(strstr(s, "\"startLine\": 7"));
	assert_non_null(strstr(s, "\"originalUriBaseIds\""));
	assert_non_null(strstr(s, "\"uri\": \"file:///srv/root%3Cscript"));
	/* Not a path: a logical location, anchored to the (relative) spec. */
	assert_int_equal(count(s, "\"logicalLocations\": "), 1);
	assert_non_null(strstr(s, "\"uri\": \"site%3Cscript"));
	/* Message text: controls visible, brackets escaped. */
	assert_non_null(strstr(s, "\"text\": \"uid 0 <script>alert(1)</script> \\\\e\\\\[31mred"));
	/* help.markdown carries no HTML. */
	char *md = strstr(s, "\"markdown\": ");
	assert_non_null(md);
	assert_int_equal(strncmp(md, "\"markdown\": \"fix &lt;script&gt;", 31), 0);
	/* Times are valid date-times, the run has a language. */
	assert_non_null(strstr(s, "\"startTimeUtc\": \"2026-11-26T09:56:00Z\""));
	assert_non_null(strstr(s, "\"language\": \"en\""));
	free(s);
	eg_run_free(run);
}

static void test_sarif_locations(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	char *s = render("sarif", run, NULL);
	assert_non_null(strstr(s, "\"uri\": \"etc/ssh/sshd_config\""));
	assert_non_null(strstr(s, "\"uri\": \"etc/ssh/sshd_config.d/x.conf\""));
	assert_non_null(strstr(s, "\"startLine\": 32"));
	assert_null(strstr(s, "startColumn"));
	assert_non_null(strstr(s, "\"uri\": \"file:///\""));
	assert_non_null(strstr(s, "\"justification\": \"ops, until 2027-01-01: migration\""));
	/* The same check and resource always give the same fingerprint. */
	assert_non_null(strstr(s, "\"ecguardResource/v1\": \"a079c59beea4beb36445d1e70d2f5e53ad0f8934adc0ce3806a161f021f165cb\""));
	free(s);
	eg_run_free(run);
}

static void test_junit_hostile(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	char *s = render("junit", run, NULL);
	assert_no_controls(s, 0);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "]]>"));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_non_null(strstr(s, "]]&gt;"));
	assert_non_null(strstr(s, "&quot;q&quot; &apos;a&apos;"));
	/* Invalid UTF-8 and ESC replaced; a newline in an attribute kept as a
	 * reference, in text as itself. */
	assert_non_null(strstr(s, "\xEF\xBF\xBD[31mred"));
	assert_non_null(strstr(s, "line1&#10;line2"));
	assert_non_null(strstr(s, "line1\nline2"));
	/* 11 suites; T02 holds every result (all checks map to T02.07). */
	assert_int_equal(count(s, "<testsuite "), 11);
	assert_non_null(strstr(s, "tests=\"31\" failures=\"6\" errors=\"5\" skipped=\"10\""));
	free(s);
	eg_run_free(run);
}

static void test_md_hostile(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	char *s = render("md", run, NULL);
	assert_no_controls(s, 0);
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"));
	assert_non_null(strstr(s, "\\x1B\\[31mred"));
	assert_non_null(strstr(s, "line1<br>line2"));
	assert_non_null(strstr(s, " \\| x \\]\\]&gt; "));
	/* Every table row has exactly its columns: no pipe from data splits a
	 * cell. The alarms table has 5 columns, so 6 unescaped pipes a row. */
	char *tab = strstr(s, "| critical |");
	assert_non_null(tab);
	char *eol = strchr(tab, '\n');
	size_t pipes = 0;
	for (char *p = tab; p < eol; p++)
		if (*p == '|' && (p == tab || p[-1] != '\\'))
			pipes++;
	assert_int_equal(pipes, 6);
	free(s);
	eg_run_free(run);
}

static void test_html(void **state)
{
	(void)state;
	struct eg_run *run = hostile_run();
	static const double trend[] = {40.0, 55.5};
	static const char *const labels[] = {"2026-10-01" EVIL, "2026-11-01"};
	struct eg_report_opts o = {.fail_on = EG_SEV_HIGH, .trend = trend,
				   .trend_labels = labels, .ntrend = 2};
	char *s = render("html", run, &o);
	assert_no_controls(s, 0);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<SCRIPT"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(s, "&quot;q&quot; &#39;a&#39;"));
	assert_non_null(strstr(s, "<html lang=\"en\">"));
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"));
	/* Nothing to fetch: no src/href attributes, no url(), no @import;
	 * the only URL is the SVG namespace name. */
	assert_null(strstr(s, "src="));
	assert_null(strstr(s, "href"));
	assert_null(strstr(s, "url("));
	assert_null(strstr(s, "@import"));
	assert_int_equal(count(s, "://"), count(s, "xmlns=\"http://www.w3.org/2000/svg\""));
	/* The radar: one score polygon with 11 points. */
	char *poly = strstr(s, "<polygon class=\"score\" points=\"");
	assert_non_null(poly);
	poly += strlen("<polygon class=\"score\" points=\"");
	size_t pts = 1;
	for (char *p = poly; *p != '"'; p++) {
		assert_true((*p >= '0' && *p <= '9') || *p == '.' || *p == ',' ||
			    *p == ' ' || *p == '-');
		pts += *p == ' ';
	}
	assert_int_equal(pts, 11);
	assert_int_equal(count(s, "<polygon class=\"grid\""), 4);
	/* T01 scores 0: its point sits on the centre. T02 (10) is above it. */
	assert_int_equal(strncmp(poly, "220.0,220.0 ", 12), 0);
	/* A bar per theme, 100 measure rows with status as text. */
	assert_int_equal(count(s, "<svg class=\"bar\""), 11);
	assert_int_equal(count(s, "<tr><td class=\"id\">T"), 100 + 11);
	assert_non_null(strstr(s, "<span class=\"st st-not_met\">not met</span>"));
	/* Trend: two stored runs and this one. */
	char *line = strstr(s, "<polyline class=\"trend\" points=\"");
	assert_non_null(line);
	assert_non_null(strstr(s, "<title>2026-10-01&lt;script&gt;"));
	assert_null(strstr(s, "The trend needs at least two runs"));
	free(s);

	/* A theme nothing assessed is no score of 0: the shape joins the
	 * other ten and its label is greyed. */
	run->themes[3].score = -1;
	run->themes[3].status = EG_MS_NOT_ASSESSED;
	s = render("html", run, NULL);
	poly = strstr(s, "<polygon class=\"score\" points=\"");
	assert_non_null(poly);
	pts = 1;
	for (char *p = poly + strlen("<polygon class=\"score\" points=\"");
	     *p != '"'; p++)
		pts += *p == ' ';
	assert_int_equal(pts, 10);
	assert_int_equal(count(s, "<text class=\"na\""), 1);
	assert_int_equal(count(s, "<circle class=\"pt\""), 10);
	free(s);
	run->themes[3].score = 30;

	/* No history: the trend is a note. */
	s = render("html", run, NULL);
	assert_null(strstr(s, "<polyline"));
	assert_non_null(strstr(s, "The trend needs at least two runs with a score."));
	free(s);
	eg_run_free(run);
}

static void test_japanese(void **state)
{
	(void)state;
	assert_int_equal(eg_i18n_init("ja"), 0);
	struct eg_run *run = small_run();
	char *s = render("text", run, NULL);
	assert_non_null(strstr(s, "不正アクセス対策"));
	assert_non_null(strstr(s, "ja:remediation"));
	assert_non_null(strstr(s, "ja:title"));
	assert_non_null(strstr(s, "しきい値 (--fail-on high): 該当する警告 1 件"));
	free(s);
	s = render("html", run, NULL);
	assert_non_null(strstr(s, "<html lang=\"ja\">"));
	assert_non_null(strstr(s, "サイト運営上のセキュリティポリシーの確立"));
	free(s);
	/* Codes in JSON never change with the language. */
	s = render("json", run, NULL);
	assert_non_null(strstr(s, "\"status\": \"not_met\""));
	assert_non_null(strstr(s, "\"severity\": \"high\""));
	free(s);
	eg_run_free(run);
	assert_int_equal(eg_i18n_init("en"), 0);
}

static void test_errors(void **state)
{
	(void)state;
	struct eg_run *run = small_run();
	/* An inconsistent run (a stored run gone bad): refused, nothing written. */
	run->results[1].check = 7;
	for (size_t i = 0; eg_report_formats[i] != NULL; i++) {
		struct eg_buf b;
		eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
		assert_int_equal(eg_report_formats[i]->render(run, cat(), NULL, &b),
				 EG_E_INVAL);
		assert_int_equal(b.len, 0);
		eg_buf_free(&b);
	}
	run->results[1].check = 1;
	/* A buffer too small: the sticky limit error comes back. */
	for (size_t i = 0; eg_report_formats[i] != NULL; i++) {
		struct eg_buf b;
		eg_buf_init(&b, 64);
		assert_int_equal(eg_report_formats[i]->render(run, cat(), NULL, &b),
				 EG_E_LIMIT);
		eg_buf_free(&b);
	}
	/* No catalogue: titles are left out, rendering still works. */
	for (size_t i = 0; eg_report_formats[i] != NULL; i++) {
		struct eg_buf b;
		eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
		assert_int_equal(eg_report_formats[i]->render(run, NULL, NULL, &b), 0);
		assert_null(strstr(eg_buf_str(&b), "不正アクセス"));
		eg_buf_free(&b);
	}
	eg_run_free(run);
}

int main(void)
{
	eg_i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_failing),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_md_exact),
		cmocka_unit_test(test_junit_exact),
		cmocka_unit_test(test_text_exact),
		cmocka_unit_test(test_text_hostile),
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_locations),
		cmocka_unit_test(test_junit_hostile),
		cmocka_unit_test(test_md_hostile),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
