/*
 * spec_status.c: the completeness rule of each specification measure.
 *
 * A measure is "specified" when every element it is about carries the
 * requirements the guideline asks to be decided, "partial" when elements
 * exist but some lack them (the reason names which, first few by name),
 * "missing" when nothing is declared. docs/spec.md states each rule; keep
 * the two in step.
 */
#include "spec_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/mem.h"

/* How many names a reason lists before "and N more". */
#define NAMES_SHOWN 3

const char *eg_spec_state_name(enum eg_spec_state st)
{
	switch (st) {
	case EG_SPEC_SPECIFIED: return "specified";
	case EG_SPEC_PARTIAL: return "partial";
	case EG_SPEC_NOT_APPLICABLE: return "not_applicable";
	default: return "missing";
	}
}

const char *eg_spec_state_label(enum eg_spec_state st)
{
	switch (st) {
	case EG_SPEC_SPECIFIED: return _("specified");
	case EG_SPEC_PARTIAL: return _("partly specified");
	case EG_SPEC_NOT_APPLICABLE: return _("not applicable");
	default: return _("not specified");
	}
}

int eg_spec_measure_in_scope(const struct eg_measure *m)
{
	return strcmp(m->kind, "policy") == 0 ||
	       strcmp(m->kind, "config-policy") == 0 ||
	       strcmp(m->kind, "responsibility") == 0 ||
	       strcmp(m->kind, "specification") == 0;
}

/* Collects the names of the elements that lack something, for a reason
 * such as "2 of 3 servers lack monitoring: web1, db1". */
struct lacking {
	size_t total, bad;
	struct eg_buf names;
};

static void lack_init(struct lacking *l)
{
	l->total = l->bad = 0;
	eg_buf_init(&l->names, EG_ERRMSG_MAX / 2);
}

static void lack_see(struct lacking *l, const char *name, int ok)
{
	l->total++;
	if (ok)
		return;
	if (l->bad < NAMES_SHOWN) {
		if (l->bad > 0)
			eg_buf_adds(&l->names, ", ");
		eg_buf_addf(&l->names, "%.*s", 40, name != NULL ? name : "?");
	}
	l->bad++;
}

static void reason(struct eg_spec_status *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reason(struct eg_spec_status *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->reason, sizeof(st->reason), fmt, ap);
	va_end(ap);
}

/* Sets st from l: missing when nothing, partial with the reason what. */
static void lack_done(struct lacking *l, struct eg_spec_status *st,
		      const char *none, const char *what)
{
	if (l->total == 0) {
		st->state = EG_SPEC_MISSING;
		reason(st, "%s", none);
	} else if (l->bad == 0) {
		st->state = EG_SPEC_SPECIFIED;
	} else {
		st->state = EG_SPEC_PARTIAL;
		if (l->bad > NAMES_SHOWN)
			reason(st, _("%zu of %zu %s: %s and %zu more"), l->bad,
			       l->total, what, eg_buf_str(&l->names),
			       l->bad - NAMES_SHOWN);
		else
			reason(st, _("%zu of %zu %s: %s"), l->bad, l->total,
			       what, eg_buf_str(&l->names));
	}
	eg_buf_free(&l->names);
}

/* Appends "a, b" style lists of the missing keys of one element. */
static void need(char *out, size_t len, int have, const char *key)
{
	if (have)
		return;
	size_t used = strlen(out);
	snprintf(out + used, len - used, "%s%s", used ? ", " : "", key);
}

static void assess_policy(const struct eg_spec *s, const char *theme,
			  struct eg_spec_status *st)
{
	const struct eg_spec_policy *p = eg_spec_find_policy(s, theme);
	st->subject = "policy";
	if (p == NULL) {
		st->state = EG_SPEC_MISSING;
		reason(st, _("no policy declared under policies: %s"), theme);
		return;
	}
	char miss[128] = "";
	need(miss, sizeof(miss), p->version != NULL, "version");
	need(miss, sizeof(miss), p->approver != NULL, "approver");
	need(miss, sizeof(miss), p->approved.text != NULL, "approved");
	if (miss[0] == '\0') {
		st->state = EG_SPEC_SPECIFIED;
	} else {
		st->state = EG_SPEC_PARTIAL;
		reason(st, _("the policy of %s lacks %s"), theme, miss);
	}
}

static void assess_owner(const struct eg_spec *s, const char *theme,
			 struct eg_spec_status *st)
{
	const struct eg_spec_owner *o = eg_spec_find_owner(s, theme);
	st->subject = "owner";
	if (o == NULL) {
		st->state = EG_SPEC_MISSING;
		reason(st, _("no owner declared under owners: %s"), theme);
		return;
	}
	char miss[128] = "";
	need(miss, sizeof(miss), o->contact != NULL, "contact");
	need(miss, sizeof(miss), o->deputy != NULL, "deputy");
	if (miss[0] == '\0') {
		st->state = EG_SPEC_SPECIFIED;
	} else {
		st->state = EG_SPEC_PARTIAL;
		reason(st, _("the owner of %s lacks %s"), theme, miss);
	}
}

static void assess_flows(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_flow *f = eg_spec_flows(s, &n);
	struct lacking l;
	st->subject = "flows";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		char name[160];
		snprintf(name, sizeof(name), "%s->%s %s", f[i].from, f[i].to,
			 f[i].service);
		lack_see(&l, name, f[i].purpose != NULL &&
					   f[i].logged != EG_SPEC_UNSET);
	}
	lack_done(&l, st, _("no flows declared under flows:"),
		  _("flows lack purpose or logged"));
}

static void assess_servers(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	struct lacking l;
	st->subject = "servers";
	lack_init(&l);
	for (size_t i = 0; i < n; i++)
		lack_see(&l, sv[i].name,
			 sv[i].access.stated && sv[i].monitoring.stated);
	lack_done(&l, st, _("no servers declared under servers:"),
		  _("servers lack access or monitoring"));
}

static void assess_services(const struct eg_spec *s,
			    struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	struct lacking l;
	st->subject = "services";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < sv[i].nservices; j++) {
			char name[160];
			snprintf(name, sizeof(name), "%s/%s", sv[i].name,
				 sv[i].services[j].name);
			lack_see(&l, name, sv[i].services[j].log != NULL);
		}
	}
	lack_done(&l, st, _("no services declared on any server"),
		  _("services lack log"));
}

static void assess_server_services(const struct eg_spec *s,
				   struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	struct lacking l;
	st->subject = "server_services";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		int ok = sv[i].services_stated;
		for (size_t j = 0; ok && j < sv[i].nservices; j++)
			if (sv[i].services[j].process == NULL)
				ok = 0;
		lack_see(&l, sv[i].name, ok);
	}
	lack_done(&l, st, _("no servers declared under servers:"),
		  _("servers lack a services list or a process for each service"));
}

static void assess_vuln(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	struct lacking l;
	st->subject = "vulnerability";
	lack_init(&l);
	for (size_t i = 0; i < n; i++)
		lack_see(&l, sv[i].name,
			 sv[i].vulnerability.patch_within.text != NULL);
	lack_done(&l, st, _("no servers declared under servers:"),
		  _("servers lack vulnerability.patch_within"));
}

static void assess_secrets(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_secret *x = eg_spec_secrets(s, &n);
	struct lacking l;
	st->subject = "secrets";
	lack_init(&l);
	for (size_t i = 0; i < n; i++)
		lack_see(&l, x[i].name,
			 x[i].location != NULL && x[i].owner != NULL &&
				 x[i].readers.n > 0 &&
				 x[i].rotation.text != NULL);
	lack_done(&l, st, _("no security-management items declared under secrets:"),
		  _("items lack location, owner, readers or rotation"));
}

static void assess_user_data(const struct eg_spec *s,
			     struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_user_data *x = eg_spec_user_data(s, &n);
	struct lacking l;
	st->subject = "user_data";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		/* Data that may not be stored needs nothing more: where it
		 * would live and how it is kept do not arise. */
		int ok = !x[i].store_allowed ||
			 (x[i].location != NULL &&
			  x[i].encrypted != EG_SPEC_UNSET &&
			  x[i].retention.text != NULL);
		lack_see(&l, x[i].name, ok);
	}
	lack_done(&l, st, _("no user-data items declared under user_data:"),
		  _("items lack location, encryption_at_rest or retention"));
}

static void assess_comms(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_comm *c = eg_spec_communications(s, &n);
	struct lacking l;
	st->subject = "communications";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		char name[160];
		if (c[i].name != NULL)
			snprintf(name, sizeof(name), "%s", c[i].name);
		else
			snprintf(name, sizeof(name), "%s->%s", c[i].from,
				 c[i].to);
		lack_see(&l, name,
			 c[i].min_tls != NULL &&
				 c[i].mutual_auth != EG_SPEC_UNSET &&
				 c[i].non_repudiation != NULL);
	}
	lack_done(&l, st, _("no communications declared under communications:"),
		  _("communications lack min_tls, mutual_auth or non_repudiation"));
}

static int has_factor(const struct eg_spec_auth_scene *a, const char *f)
{
	for (size_t i = 0; i < a->factors.n; i++)
		if (strcmp(a->factors.v[i], f) == 0)
			return 1;
	return 0;
}

static void assess_auth(const struct eg_spec *s, struct eg_spec_status *st)
{
	size_t n;
	const struct eg_spec_auth_scene *a = eg_spec_auth_scenes(s, &n);
	struct lacking l;
	st->subject = "authentication";
	lack_init(&l);
	for (size_t i = 0; i < n; i++) {
		int ok = a[i].factors.n > 0 && a[i].allowed_from.n > 0;
		if (has_factor(&a[i], "password"))
			ok = ok && a[i].lockout_threshold != EG_SPEC_UNSET &&
			     a[i].password.min_length != EG_SPEC_UNSET;
		lack_see(&l, a[i].name, ok);
	}
	lack_done(&l, st, _("no authentication scenes declared under authentication:"),
		  _("scenes lack factors, allowed_from, or (with passwords) lockout_threshold and password.min_length"));
}

static const struct {
	const char *id;
	void (*fn)(const struct eg_spec *, struct eg_spec_status *);
} spec_rules[] = {
	{"T02.03", assess_flows},
	{"T02.04", assess_servers},
	{"T02.05", assess_services},
	{"T02.06", assess_server_services},
	{"T03.04", assess_vuln},
	{"T05.03", assess_secrets},
	{"T06.03", assess_user_data},
	{"T07.03", assess_comms},
	{"T08.03", assess_auth},
};

static void assess_one(const struct eg_spec *s, const struct eg_theme *t,
		       const struct eg_measure *m, struct eg_spec_status *st)
{
	st->measure = m;
	st->reason[0] = '\0';
	st->state = EG_SPEC_MISSING;
	if (strcmp(m->kind, "responsibility") == 0)
		st->subject = "owner";
	else if (strcmp(m->kind, "specification") != 0)
		st->subject = "policy";
	else
		st->subject = "specification";
	const struct eg_spec_not_applicable *na =
		eg_spec_find_not_applicable(s, m->id);
	if (na != NULL) {
		st->state = EG_SPEC_NOT_APPLICABLE;
		reason(st, "%s", na->reason);
		return;
	}
	if (eg_spec_is_builtin(s)) {
		reason(st, "%s",
		       _("no site spec given: the embedded default is an assumption, not a specification; write one with 'ecguard spec init'"));
		return;
	}
	if (strcmp(m->kind, "responsibility") == 0) {
		assess_owner(s, t->id, st);
		return;
	}
	if (strcmp(m->kind, "specification") != 0) {
		assess_policy(s, t->id, st);
		return;
	}
	for (size_t i = 0; i < sizeof(spec_rules) / sizeof(spec_rules[0]); i++) {
		if (strcmp(spec_rules[i].id, m->id) == 0) {
			spec_rules[i].fn(s, st);
			return;
		}
	}
	reason(st, "%s", _("ecguard has no rule for this measure"));
}

int eg_spec_assess(const struct eg_spec *s, const struct eg_catalog *cat,
		   struct eg_spec_status **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t count = 0;
	for (size_t i = 0; i < eg_catalog_nthemes(cat); i++) {
		const struct eg_theme *t = eg_catalog_theme(cat, i);
		for (size_t k = 0; k < t->nmeasures; k++)
			count += eg_spec_measure_in_scope(&t->measures[k]);
	}
	struct eg_spec_status *v = eg_calloc(count ? count : 1, sizeof(*v));
	if (v == NULL)
		return EG_E_NOMEM;
	size_t j = 0;
	for (size_t i = 0; i < eg_catalog_nthemes(cat); i++) {
		const struct eg_theme *t = eg_catalog_theme(cat, i);
		for (size_t k = 0; k < t->nmeasures; k++)
			if (eg_spec_measure_in_scope(&t->measures[k]))
				assess_one(s, t, &t->measures[k], &v[j++]);
	}
	*out = v;
	*n = count;
	return 0;
}
