/*
 * spec_org.c: the organisational side of the spec: spec_owners (T0x.02),
 * spec_policies (T0x.01), spec_partners (T01.04, T05.08, T06.08),
 * spec_cadences (every theme and cadence, resolved), spec_waivers,
 * spec_not_applicable, and spec_completeness (what `spec check` shows).
 * Due dates use eg_today(), so ECGUARD_TODAY fixes "today" in tests.
 */
#include <stdlib.h>
#include <string.h>

#include "../../core/catalog.h"
#include "../../core/spec_status.h"
#include "../../util/duration.h"
#include "../../util/mem.h"
#include "spec_tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct eg_catalog *catalog(struct eg_tctx *ctx)
{
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *c = eg_catalog_builtin(&e);
	if (c == NULL)
		eg_tctx_error(ctx, EG_E_INTERNAL, "%s", eg_err_msg(&e));
	return c;
}

/* spec_owners ---------------------------------------------------------- */

enum { O_THEME, O_NAME, O_ROLE, O_CONTACT, O_DEPUTY, O_FILE, O_LINE };

static const struct eg_column owner_cols[] = {
	{"theme", EG_TEXT, 0, "theme ID (T01-T11)"},
	{"name", EG_TEXT, 0, "owner of the theme"},
	{"role", EG_TEXT, 0, "owner's role"},
	{"contact", EG_TEXT, 0, "how to reach the owner"},
	{"deputy", EG_TEXT, 0, "who stands in for the owner"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int owners_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_owner *o = eg_spec_owners(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, O_THEME, o[i].theme);
		eg_row_text(ctx, O_NAME, o[i].name);
		eg_row_text(ctx, O_ROLE, o[i].role);
		eg_row_text(ctx, O_CONTACT, o[i].contact);
		eg_row_text(ctx, O_DEPUTY, o[i].deputy);
		eg_spect_pos(ctx, O_FILE, O_LINE, &o[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_owners = {
	.name = "spec_owners",
	.description = "Owner (responsible person) of each theme that has one (T0x.02)",
	.columns = owner_cols,
	.ncolumns = COUNT(owner_cols),
	.generate = owners_gen,
};

/* spec_policies -------------------------------------------------------- */

enum { P_THEME, P_DOCUMENT, P_VERSION, P_APPROVER, P_APPROVED,
       P_REVIEW, P_REVIEW_SOURCE, P_NEXT_REVIEW, P_FILE, P_LINE };

static const struct eg_column policy_cols[] = {
	{"theme", EG_TEXT, 0, "theme ID (T01-T11; T09 is the configuration policy)"},
	{"document", EG_TEXT, 0, "path (relative to file) or URL of the policy document"},
	{"version", EG_TEXT, 0, "document version"},
	{"approver", EG_TEXT, 0, "who approved it"},
	{"approved", EG_TEXT, 0, "approval date YYYY-MM-DD"},
	{"review_interval", EG_TEXT, 0, "review interval in effect (the policy's, else the policy_review cadence)"},
	{"review_source", EG_TEXT, 0, "policy, theme, spec, catalogue or builtin: where review_interval comes from"},
	{"next_review", EG_TEXT, 0, "approved + review_interval, NULL when not approved"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int policies_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_policy *p = eg_spec_policies(s, &n);
	for (size_t i = 0; i < n; i++) {
		struct eg_duration du = p[i].review.dur;
		const char *src = "policy";
		if (p[i].review.text == NULL) {
			enum eg_cadence_source cs;
			du = eg_spec_cadence(s, p[i].theme, EG_CAD_POLICY_REVIEW,
					     &cs);
			src = eg_cadence_source_name(cs);
		}
		char iv[16], next[11];
		eg_spect_duration(&du, iv);
		eg_row_begin(ctx);
		eg_row_text(ctx, P_THEME, p[i].theme);
		eg_row_text(ctx, P_DOCUMENT, p[i].document);
		eg_row_text(ctx, P_VERSION, p[i].version);
		eg_row_text(ctx, P_APPROVER, p[i].approver);
		eg_row_text(ctx, P_APPROVED, p[i].approved.text);
		eg_row_text(ctx, P_REVIEW, iv);
		eg_row_text(ctx, P_REVIEW_SOURCE, src);
		if (p[i].approved.text != NULL) {
			eg_date_format(eg_date_add(p[i].approved.days, &du),
				       next);
			eg_row_text(ctx, P_NEXT_REVIEW, next);
		}
		eg_spect_pos(ctx, P_FILE, P_LINE, &p[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_policies = {
	.name = "spec_policies",
	.description = "Policy document of each theme that has one, with its next review date (T0x.01)",
	.columns = policy_cols,
	.ncolumns = COUNT(policy_cols),
	.generate = policies_gen,
};

/* spec_partners -------------------------------------------------------- */

enum { PA_NAME, PA_HANDLES, PA_AGREEMENT, PA_CONTACT, PA_LAST_REVIEW,
       PA_REVIEW, PA_NEXT_REVIEW, PA_FILE, PA_LINE };

static const struct eg_column partner_cols[] = {
	{"name", EG_TEXT, 0, "partner name"},
	{"handles", EG_TEXT, 0, "JSON array of what the partner handles"},
	{"agreement", EG_TEXT, 0, "agreement reference"},
	{"contact", EG_TEXT, 0, "how to reach the partner"},
	{"last_review", EG_TEXT, 0, "date of the last review YYYY-MM-DD"},
	{"review_interval", EG_TEXT, 0, "review interval in effect (the partner's, else the partner_review cadence)"},
	{"next_review", EG_TEXT, 0, "last_review + review_interval, NULL when never reviewed"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int partners_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_partner *p = eg_spec_partners(s, &n);
	for (size_t i = 0; i < n; i++) {
		struct eg_duration du = p[i].review.dur;
		if (p[i].review.text == NULL)
			du = eg_spec_cadence(s, NULL, EG_CAD_PARTNER_REVIEW,
					     NULL);
		char iv[16], next[11];
		eg_spect_duration(&du, iv);
		eg_row_begin(ctx);
		eg_row_text(ctx, PA_NAME, p[i].name);
		eg_spect_strv(ctx, PA_HANDLES, &p[i].handles, 1);
		eg_row_text(ctx, PA_AGREEMENT, p[i].agreement);
		eg_row_text(ctx, PA_CONTACT, p[i].contact);
		eg_row_text(ctx, PA_LAST_REVIEW, p[i].last_review.text);
		eg_row_text(ctx, PA_REVIEW, iv);
		if (p[i].last_review.text != NULL) {
			eg_date_format(eg_date_add(p[i].last_review.days, &du),
				       next);
			eg_row_text(ctx, PA_NEXT_REVIEW, next);
		}
		eg_spect_pos(ctx, PA_FILE, PA_LINE, &p[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_partners = {
	.name = "spec_partners",
	.description = "Outsourcing partners with their last and next review (T01.04, T05.08, T06.08)",
	.columns = partner_cols,
	.ncolumns = COUNT(partner_cols),
	.generate = partners_gen,
};

/* spec_cadences -------------------------------------------------------- */

enum { CA_THEME, CA_CADENCE, CA_KIND, CA_INTERVAL, CA_DAYS, CA_SOURCE };

static const struct eg_column cadence_cols[] = {
	{"theme", EG_TEXT, 0, "theme ID (T01-T11)"},
	{"cadence", EG_TEXT, 0, "policy_review, spec_review, periodic_check, education, audit, drill, partner_review, budget_review, media_review, physical_access_review"},
	{"measure_kind", EG_TEXT, 0, "catalogue measure kind the cadence is the interval of"},
	{"interval", EG_TEXT, 0, "interval in effect (3m, 12m...)"},
	{"days", EG_INT, 0, "interval in days (months 30, years 365)"},
	{"source", EG_TEXT, 0, "theme (spec override), spec (spec default), catalogue or builtin"},
};

static int cadences_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	const struct eg_catalog *cat = s != NULL ? catalog(ctx) : NULL;
	if (s == NULL || cat == NULL)
		return EG_E_INTERNAL;
	for (size_t t = 0; t < eg_catalog_nthemes(cat); t++) {
		const char *theme = eg_catalog_theme(cat, t)->id;
		for (int k = 0; k < EG_CAD_COUNT; k++) {
			enum eg_cadence_source src;
			struct eg_duration du = eg_spec_cadence(
				s, theme, (enum eg_cadence)k, &src);
			char iv[16];
			eg_spect_duration(&du, iv);
			eg_row_begin(ctx);
			eg_row_text(ctx, CA_THEME, theme);
			eg_row_text(ctx, CA_CADENCE,
				    eg_cadence_name((enum eg_cadence)k));
			eg_row_text(ctx, CA_KIND,
				    eg_cadence_measure_kind((enum eg_cadence)k));
			eg_row_text(ctx, CA_INTERVAL, iv);
			eg_row_int(ctx, CA_DAYS, eg_duration_days(&du));
			eg_row_text(ctx, CA_SOURCE, eg_cadence_source_name(src));
			int rc = eg_row_end(ctx);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

const struct eg_table_def eg_table_spec_cadences = {
	.name = "spec_cadences",
	.description = "Every theme x cadence with the interval in effect and where it comes from",
	.columns = cadence_cols,
	.ncolumns = COUNT(cadence_cols),
	.generate = cadences_gen,
};

/* spec_waivers --------------------------------------------------------- */

enum { W_CHECK, W_MEASURE, W_RESOURCE, W_JUSTIFICATION, W_APPROVER,
       W_APPROVED, W_EXPIRES, W_ACTIVE, W_FILE, W_LINE };

static const struct eg_column waiver_cols[] = {
	{"check_id", EG_TEXT, 0, "check waived (NULL when a measure is)"},
	{"measure", EG_TEXT, 0, "measure waived (NULL when a check is)"},
	{"resource", EG_TEXT, 0, "resource waived, NULL for every resource"},
	{"justification", EG_TEXT, 0, "why the exception is accepted"},
	{"approver", EG_TEXT, 0, "who accepted it"},
	{"approved", EG_TEXT, 0, "approval date YYYY-MM-DD"},
	{"expires", EG_TEXT, 0, "expiry date YYYY-MM-DD (the waiver holds through that day)"},
	{"active", EG_INT, 0, "1 from approved through expires, today (ECGUARD_TODAY in tests); 0 otherwise"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int waivers_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	int32_t today = eg_today();
	size_t n;
	const struct eg_spec_waiver *w = eg_spec_waivers(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, W_CHECK, w[i].check);
		eg_row_text(ctx, W_MEASURE, w[i].measure);
		eg_row_text(ctx, W_RESOURCE, w[i].resource);
		eg_row_text(ctx, W_JUSTIFICATION, w[i].justification);
		eg_row_text(ctx, W_APPROVER, w[i].approver);
		eg_row_text(ctx, W_APPROVED, w[i].approved.text);
		eg_row_text(ctx, W_EXPIRES, w[i].expires.text);
		eg_row_int(ctx, W_ACTIVE, today >= w[i].approved.days &&
						  today <= w[i].expires.days);
		eg_spect_pos(ctx, W_FILE, W_LINE, &w[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_waivers = {
	.name = "spec_waivers",
	.description = "Accepted exceptions to a check or a measure, with expiry and whether active today",
	.columns = waiver_cols,
	.ncolumns = COUNT(waiver_cols),
	.generate = waivers_gen,
};

/* spec_not_applicable -------------------------------------------------- */

enum { N_MEASURE, N_REASON, N_APPROVER, N_FILE, N_LINE };

static const struct eg_column na_cols[] = {
	{"measure", EG_TEXT, 0, "measure ID declared not applicable"},
	{"reason", EG_TEXT, 0, "why it does not apply"},
	{"approver", EG_TEXT, 0, "who decided, NULL when not stated"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int na_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_not_applicable *a = eg_spec_not_applicable(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, N_MEASURE, a[i].measure);
		eg_row_text(ctx, N_REASON, a[i].reason);
		eg_row_text(ctx, N_APPROVER, a[i].approver);
		eg_spect_pos(ctx, N_FILE, N_LINE, &a[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_not_applicable = {
	.name = "spec_not_applicable",
	.description = "Measures the site declares not applicable, with the reason",
	.columns = na_cols,
	.ncolumns = COUNT(na_cols),
	.generate = na_gen,
};

/* spec_completeness ---------------------------------------------------- */

enum { K_MEASURE, K_THEME, K_KIND, K_SUBJECT, K_STATUS, K_REASON };

static const struct eg_column completeness_cols[] = {
	{"measure", EG_TEXT, 0, "measure ID (policy, responsibility and specification measures)"},
	{"theme", EG_TEXT, 0, "theme ID"},
	{"kind", EG_TEXT, 0, "catalogue kind of the measure"},
	{"subject", EG_TEXT, 0, "what the spec says about it: policy, owner, flows, servers, services..."},
	{"status", EG_TEXT, 0, "specified, partial, missing or not_applicable (docs/spec.md)"},
	{"reason", EG_TEXT, 0, "what is lacking ('' when specified), in the user's language"},
};

static int completeness_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	const struct eg_catalog *cat = s != NULL ? catalog(ctx) : NULL;
	if (s == NULL || cat == NULL)
		return EG_E_INTERNAL;
	struct eg_spec_status *st = NULL;
	size_t n;
	if (eg_spec_assess(s, cat, &st, &n) != 0)
		return eg_tctx_error(ctx, EG_E_NOMEM, "%s",
				     eg_strerror(EG_E_NOMEM));
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct eg_measure *m = st[i].measure;
		eg_row_begin(ctx);
		eg_row_text(ctx, K_MEASURE, m->id);
		eg_row_text(ctx, K_THEME,
			    eg_catalog_theme(cat, (size_t)m->theme)->id);
		eg_row_text(ctx, K_KIND, m->kind);
		eg_row_text(ctx, K_SUBJECT, st[i].subject);
		eg_row_text(ctx, K_STATUS, eg_spec_state_name(st[i].state));
		eg_row_text(ctx, K_REASON, st[i].reason);
		rc = eg_row_end(ctx);
	}
	free(st);
	return rc;
}

const struct eg_table_def eg_table_spec_completeness = {
	.name = "spec_completeness",
	.description = "How completely the spec answers each policy, responsibility and specification measure (as spec check)",
	.columns = completeness_cols,
	.ncolumns = COUNT(completeness_cols),
	.generate = completeness_gen,
};
