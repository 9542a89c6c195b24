/*
 * r_sarif.c: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 * One run; the rules are the checks of the run (id, title, rationale,
 * remediation as help, the measure IDs as tags next to "security", and
 * GitHub's "security-severity" so alerts sort as critical/high/medium/low);
 * the results are the alarms, and the waived alarms with an external
 * suppression carrying the waiver.
 *
 * Locations. GitHub discards a result that has no physicalLocation, so every
 * result has one. A resource that is a path ("/etc/ssh/sshd_config:32") is
 * an artifact relative to the audit root (uriBaseId "ROOT", the leading '/'
 * stripped, a ":line[:column]" suffix turned into a region); any other
 * resource ("user root", "tcp/0.0.0.0:22") is a logical location, and its
 * physical location is the site specification when that is a relative path
 * (the file a site keeps in its repository), else the repository root ".".
 * partialFingerprints hash check id + resource, so an alert keeps its
 * identity across runs even when a line number moves: "ecguardResource/v1"
 * is ours, and the same hash is given as "primaryLocationLineHash" because
 * that is the key GitHub matches on, and the upload action would otherwise
 * try to compute it from files that exist only on the audited host.
 *
 * Text. message.text is the reason, made visible for controls
 * (eg_term_escape) and with [ ] escaped, since SARIF viewers turn
 * "[text](target)" in plain-text messages into links. help.markdown has
 * < > & as entities, so the remediation cannot carry HTML into the page.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "report_int.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* GitHub's security-severity scores (CVSS-like bands: >= 9.0 critical,
 * 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low). */
static const char *security_severity(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL: return "9.5";
	case EG_SEV_HIGH: return "7.5";
	case EG_SEV_MEDIUM: return "5.0";
	case EG_SEV_LOW: return "3.0";
	default: return "0.0";
	}
}

static const char *level(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL:
	case EG_SEV_HIGH: return "error";
	case EG_SEV_MEDIUM: return "warning";
	default: return "note";
	}
}

/* Appends s with controls made visible (eg_term_escape), keeping line
 * breaks when lines is set. */
static void visible(struct eg_buf *out, const char *s, int lines)
{
	s = eg_rep_s(s);
	size_t n = strlen(s);
	if (!lines) {
		eg_term_escape(out, s, n);
		return;
	}
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		if (start > 0)
			eg_buf_addc(out, '\n');
		eg_term_escape(out, s + start, i - start);
		start = i + 1;
	}
}

/* Writes a plain-text message string: controls visible, [ ] escaped so a
 * viewer does not make links of them. */
static void json_text(struct eg_json *j, const char *s, int lines)
{
	struct eg_buf a, b;
	eg_buf_init(&a, j->out->max);
	eg_buf_init(&b, j->out->max);
	visible(&a, s, lines);
	for (size_t i = 0; i < a.len; i++) {
		if (a.data[i] == '[' || a.data[i] == ']')
			eg_buf_addc(&b, '\\');
		eg_buf_addc(&b, a.data[i]);
	}
	if (a.err != 0 || b.err != 0)
		j->out->err = a.err != 0 ? a.err : b.err;
	eg_json_strn(j, eg_buf_str(&b), b.len);
	eg_buf_free(&a);
	eg_buf_free(&b);
}

/* Writes a string that is data, not a message: controls visible. */
static void json_data(struct eg_json *j, const char *s)
{
	struct eg_buf a;
	eg_buf_init(&a, j->out->max);
	visible(&a, s, 0);
	if (a.err != 0)
		j->out->err = a.err;
	eg_json_strn(j, eg_buf_str(&a), a.len);
	eg_buf_free(&a);
}

/* Writes a Markdown string: controls visible, < > & as entities. */
static void json_markdown(struct eg_json *j, const char *s)
{
	struct eg_buf a, b;
	eg_buf_init(&a, j->out->max);
	eg_buf_init(&b, j->out->max);
	visible(&a, s, 1);
	for (size_t i = 0; i < a.len; i++) {
		switch (a.data[i]) {
		case '<': eg_buf_adds(&b, "&lt;"); break;
		case '>': eg_buf_adds(&b, "&gt;"); break;
		case '&': eg_buf_adds(&b, "&amp;"); break;
		default: eg_buf_addc(&b, a.data[i]);
		}
	}
	if (a.err != 0 || b.err != 0)
		j->out->err = a.err != 0 ? a.err : b.err;
	eg_json_strn(j, eg_buf_str(&b), b.len);
	eg_buf_free(&a);
	eg_buf_free(&b);
}

/* Percent-encodes a path for a URI reference: unreserved characters and '/'
 * stay, every other byte becomes %XX (so ':' '?' '#' '%' spaces, controls
 * and non-ASCII all survive as data). */
static void uri_path(struct eg_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			eg_buf_addc(out, (char)c);
		} else {
			eg_buf_addc(out, '%');
			eg_buf_addc(out, hex[c >> 4]);
			eg_buf_addc(out, hex[c & 15]);
		}
	}
}

/* Parses ":digits" ending at s[end); returns the start of the ':' or end
 * when there is none. 1-9 digits, value >= 1. */
static size_t num_suffix(const char *s, size_t end, long *v)
{
	size_t i = end;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (i == end || end - i > 9 || i == 0 || s[i - 1] != ':')
		return end;
	long n = 0;
	for (size_t k = i; k < end; k++)
		n = n * 10 + (s[k] - '0');
	if (n < 1)
		return end;
	*v = n;
	return i - 1;
}

struct fileloc {
	const char *path;     /* after the leading slashes */
	size_t len;
	long line, col;       /* 0 when absent */
};

/* 1 when the resource is a path under the root, with its line/column. */
static int parse_fileloc(const char *res, struct fileloc *fl)
{
	memset(fl, 0, sizeof(*fl));
	if (res == NULL || res[0] != '/')
		return 0;
	size_t end = strlen(res);
	long a = 0, b = 0;
	size_t e1 = num_suffix(res, end, &a);
	if (e1 != end) {
		size_t e2 = num_suffix(res, e1, &b);
		if (e2 != e1) {
			fl->line = b;
			fl->col = a;
			end = e2;
		} else {
			fl->line = a;
			end = e1;
		}
	}
	size_t start = 0;
	while (start < end && res[start] == '/')
		start++;
	if (start == end)
		return 0;
	fl->path = res + start;
	fl->len = end - start;
	return 1;
}

static void artifact(struct eg_json *j, const char *uri, size_t n,
		     const char *base)
{
	struct eg_buf u;
	eg_buf_init(&u, j->out->max);
	uri_path(&u, uri, n);
	if (u.err != 0)
		j->out->err = u.err;
	eg_json_key(j, "artifactLocation");
	eg_json_obj_begin(j);
	eg_json_key(j, "uri");
	eg_json_strn(j, eg_buf_str(&u), u.len);
	if (base != NULL)
		eg_json_kstr(j, "uriBaseId", base);
	eg_json_obj_end(j);
	eg_buf_free(&u);
}

/* The anchor of a result that is not a file: the spec when it is a
 * relative path, else the repository root. */
static void spec_anchor(struct eg_json *j, const struct eg_run *run)
{
	const char *spec = run->spec;
	if (spec != NULL && spec[0] != '\0' && spec[0] != '/' &&
	    spec[0] != '(')
		artifact(j, spec, strlen(spec), NULL);
	else
		artifact(j, ".", 1, NULL);
}

static void location(struct eg_json *j, const struct eg_run *run,
		     const struct eg_run_result *r)
{
	struct fileloc fl;
	eg_json_key(j, "locations");
	eg_json_arr_begin(j);
	eg_json_obj_begin(j);
	eg_json_key(j, "physicalLocation");
	eg_json_obj_begin(j);
	if (parse_fileloc(r->resource, &fl)) {
		artifact(j, fl.path, fl.len, "ROOT");
		if (fl.line > 0) {
			eg_json_key(j, "region");
			eg_json_obj_begin(j);
			eg_json_kint(j, "startLine", fl.line);
			if (fl.col > 0)
				eg_json_kint(j, "startColumn", fl.col);
			eg_json_obj_end(j);
		}
		eg_json_obj_end(j);
	} else {
		spec_anchor(j, run);
		eg_json_obj_end(j);
		eg_json_key(j, "logicalLocations");
		eg_json_arr_begin(j);
		eg_json_obj_begin(j);
		eg_json_key(j, "name");
		json_data(j, r->resource);
		eg_json_kstr(j, "kind", "resource");
		eg_json_obj_end(j);
		eg_json_arr_end(j);
	}
	eg_json_obj_end(j);
	eg_json_arr_end(j);
}

/* SHA-256 of check id, NUL, resource, in hex. Returns 0 or EG_E_INTERNAL. */
static int fingerprint(const char *check, const char *res, char hex[65])
{
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	eg_buf_adds(&b, eg_rep_s(check));
	eg_buf_addc(&b, '\0');
	eg_buf_adds(&b, eg_rep_s(res));
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int rc = b.err;
	if (rc == 0 && (EVP_Digest(b.data, b.len, md, &mdlen, EVP_sha256(),
				   NULL) != 1 || mdlen != 32))
		rc = EG_E_INTERNAL;
	eg_buf_free(&b);
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

static int result(struct eg_json *j, const struct eg_run *run, size_t ri)
{
	const struct eg_run_result *r = &run->results[ri];
	const struct eg_run_check *c = &run->checks[r->check];
	char hex[65];
	int rc = fingerprint(c->id, r->resource, hex);
	if (rc != 0)
		return rc;
	eg_json_obj_begin(j);
	eg_json_kstr(j, "ruleId", eg_rep_s(c->id));
	eg_json_kint(j, "ruleIndex", (int64_t)r->check);
	eg_json_kstr(j, "level", level(c->severity));
	eg_json_key(j, "message");
	eg_json_obj_begin(j);
	eg_json_key(j, "text");
	/* An empty message is useless in a viewer: fall back to the title. */
	const char *msg = eg_rep_s(r->reason);
	if (msg[0] == '\0')
		msg = eg_rep_title(c)[0] != '\0' ? eg_rep_title(c) : eg_rep_s(c->id);
	json_text(j, msg, 0);
	eg_json_obj_end(j);
	location(j, run, r);
	eg_json_key(j, "partialFingerprints");
	eg_json_obj_begin(j);
	eg_json_kstr(j, "ecguardResource/v1", hex);
	char line_hash[24];
	snprintf(line_hash, sizeof(line_hash), "%.16s:1", hex);
	eg_json_kstr(j, "primaryLocationLineHash", line_hash);
	eg_json_obj_end(j);
	if (r->status == EG_ST_WAIVED) {
		eg_json_key(j, "suppressions");
		eg_json_arr_begin(j);
		eg_json_obj_begin(j);
		eg_json_kstr(j, "kind", "external");
		eg_json_kstr(j, "status", "accepted");
		eg_json_key(j, "justification");
		json_data(j, r->waiver);
		eg_json_obj_end(j);
		eg_json_arr_end(j);
	}
	eg_json_key(j, "properties");
	eg_json_obj_begin(j);
	eg_json_key(j, "resource");
	json_data(j, r->resource);
	eg_json_kstr(j, "severity", eg_severity_name(c->severity));
	eg_json_obj_end(j);
	eg_json_obj_end(j);
	return 0;
}

/* {"text": ...} with at most max_cps code points of s (0: no limit). */
static void text_obj(struct eg_json *j, const char *key, const char *s,
		     size_t max_cps)
{
	struct eg_buf t;
	eg_buf_init(&t, j->out->max);
	s = eg_rep_s(s);
	size_t n = strlen(s);
	eg_buf_add(&t, s, max_cps > 0 ? eg_rep_utf8_prefix(s, n, max_cps) : n);
	eg_json_key(j, key);
	eg_json_obj_begin(j);
	eg_json_key(j, "text");
	json_text(j, eg_buf_str(&t), 1);
	eg_json_obj_end(j);
	if (t.err != 0)
		j->out->err = t.err;
	eg_buf_free(&t);
}

static void rule(struct eg_json *j, const struct eg_run_check *c)
{
	const char *title = eg_rep_title(c);
	const char *rationale = eg_rep_rationale(c);
	const char *rem = eg_rep_remediation(c);
	eg_json_obj_begin(j);
	eg_json_kstr(j, "id", eg_rep_s(c->id));
	eg_json_kstr(j, "name", eg_rep_s(c->id));
	text_obj(j, "shortDescription", title[0] ? title : eg_rep_s(c->id), 0);
	text_obj(j, "fullDescription", rationale[0] ? rationale :
		 (title[0] ? title : eg_rep_s(c->id)), EG_SARIF_MAX_DESCRIPTION);
	if (rem[0] != '\0') {
		eg_json_key(j, "help");
		eg_json_obj_begin(j);
		eg_json_key(j, "text");
		json_text(j, rem, 1);
		eg_json_key(j, "markdown");
		json_markdown(j, rem);
		eg_json_obj_end(j);
	}
	eg_json_key(j, "defaultConfiguration");
	eg_json_obj_begin(j);
	eg_json_kstr(j, "level", level(c->severity));
	eg_json_obj_end(j);
	eg_json_key(j, "properties");
	eg_json_obj_begin(j);
	eg_json_key(j, "tags");
	eg_json_arr_begin(j);
	/* "security" first: GitHub shows the first 10 tags only and needs it
	 * to treat security-severity; tags must be unique. */
	eg_json_str(j, "security");
	eg_json_str(j, eg_check_kind_name(c->kind));
	size_t ntags = 2;
	for (size_t i = 0; i < c->nmeasures && ntags < EG_SARIF_MAX_TAGS; i++) {
		int dup = strcmp(c->measures[i], "security") == 0 ||
			  strcmp(c->measures[i], eg_check_kind_name(c->kind)) == 0;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(c->measures[k], c->measures[i]) == 0;
		if (dup)
			continue;
		eg_json_str(j, c->measures[i]);
		ntags++;
	}
	eg_json_arr_end(j);
	eg_json_kstr(j, "security-severity", security_severity(c->severity));
	eg_json_kstr(j, "severity", eg_severity_name(c->severity));
	eg_json_obj_end(j);
	eg_json_obj_end(j);
}

static void root_base(struct eg_json *j, const struct eg_run *run)
{
	const char *root = run->root;
	if (root == NULL || root[0] != '/')
		return;
	struct eg_buf u;
	eg_buf_init(&u, j->out->max);
	eg_buf_adds(&u, "file://");
	uri_path(&u, root, strlen(root));
	if (u.len == 0 || u.data[u.len - 1] != '/')
		eg_buf_addc(&u, '/');
	if (u.err != 0)
		j->out->err = u.err;
	eg_json_key(j, "originalUriBaseIds");
	eg_json_obj_begin(j);
	eg_json_key(j, "ROOT");
	eg_json_obj_begin(j);
	eg_json_key(j, "uri");
	eg_json_strn(j, eg_buf_str(&u), u.len);
	eg_json_obj_end(j);
	eg_json_obj_end(j);
	eg_buf_free(&u);
}

static void invocation(struct eg_json *j, const struct eg_run *run)
{
	eg_json_key(j, "invocations");
	eg_json_arr_begin(j);
	eg_json_obj_begin(j);
	eg_json_kbool(j, "executionSuccessful", 1);
	if (eg_rep_is_utc_time(run->started_at))
		eg_json_kstr(j, "startTimeUtc", run->started_at);
	if (eg_rep_is_utc_time(run->finished_at))
		eg_json_kstr(j, "endTimeUtc", run->finished_at);
	eg_json_obj_end(j);
	eg_json_arr_end(j);
}

static int render(const struct eg_run *run, const struct eg_catalog *cat,
		  const struct eg_report_opts *opts, struct eg_buf *out)
{
	(void)cat;
	(void)opts;
	int rc = eg_rep_check_run(run);
	if (rc != 0)
		return rc;
	size_t *al = NULL, *wv = NULL, nal = 0, nwv = 0;
	if ((rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_ALARM), &al, &nal)) != 0 ||
	    (rc = eg_rep_sorted(run, EG_REP_BIT(EG_ST_WAIVED), &wv, &nwv)) != 0)
		goto out;
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "$schema", SARIF_SCHEMA);
	eg_json_kstr(&j, "version", "2.1.0");
	eg_json_key(&j, "runs");
	eg_json_arr_begin(&j);
	eg_json_obj_begin(&j);
	eg_json_key(&j, "tool");
	eg_json_obj_begin(&j);
	eg_json_key(&j, "driver");
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "name", "ecguard");
	if (run->version != NULL)
		eg_json_kstr(&j, "version", run->version);
	eg_json_key(&j, "rules");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < run->nchecks; i++)
		rule(&j, &run->checks[i]);
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	eg_json_obj_end(&j);
	invocation(&j, run);
	eg_json_kstr(&j, "language", eg_lang_code());
	root_base(&j, run);
	/* Alarms first, then waived ones, each by severity; past GitHub's
	 * limit the least severe are left out (and counted below). */
	size_t kept = 0;
	eg_json_key(&j, "results");
	eg_json_arr_begin(&j);
	for (size_t i = 0; rc == 0 && i < nal && kept < EG_SARIF_MAX_RESULTS; i++, kept++)
		rc = result(&j, run, al[i]);
	for (size_t i = 0; rc == 0 && i < nwv && kept < EG_SARIF_MAX_RESULTS; i++, kept++)
		rc = result(&j, run, wv[i]);
	if (rc != 0)
		goto out;
	eg_json_arr_end(&j);
	eg_json_key(&j, "properties");
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "runId", run->id);
	eg_json_kstr(&j, "host", run->host);
	eg_json_kstr(&j, "root", run->root);
	eg_json_kstr(&j, "spec", run->spec);
	eg_json_key(&j, "score");
	if (run->score >= 0)
		eg_json_int(&j, run->score > 100 ? 100 : run->score);
	else
		eg_json_null(&j);
	if (nal + nwv > kept)
		eg_json_kint(&j, "resultsLeftOut", (int64_t)(nal + nwv - kept));
	eg_json_obj_end(&j);
	eg_json_obj_end(&j);
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	rc = eg_json_finish(&j);
out:
	free(al);
	free(wv);
	return rc;
}

const struct eg_report_format eg_report_sarif = {
	.name = "sarif",
	.render = render,
};
