/*
 * Unit tests: the site specification loader. Valid specs load with the
 * right values (the shipped examples, includes, cadence resolution, the
 * embedded default); every error class gives its exact message at its exact
 * position; all errors of a file come in one run, sorted, capped; includes
 * refuse cycles, repeats and escapes; hostile input is refused cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/spec.h"
#include "core/spec_status.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/limits.h"
#include "util/valid.h"

#define HEAD "schema: ecguard.spec/1\nsite:\n  name: Shop\n"

static struct eg_spec *load_ok(const char *yaml)
{
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_spec_load_buffer("t.yaml", yaml, strlen(yaml), &s, &d);
	if (rc != 0 || d.count != 0)
		fail_msg("load failed (%d): %s:%u:%u: %s", rc,
			 d.count ? d.items[0].file : "",
			 d.count ? d.items[0].line : 0,
			 d.count ? d.items[0].col : 0,
			 d.count ? d.items[0].msg : "");
	eg_diags_free(&d);
	return s;
}

static struct eg_spec *load_file_ok(const char *path)
{
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_spec_load_file(path, &s, &d);
	if (rc != 0 || d.count != 0)
		fail_msg("load %s failed (%d): %s:%u:%u: %s", path, rc,
			 d.count ? d.items[0].file : "",
			 d.count ? d.items[0].line : 0,
			 d.count ? d.items[0].col : 0,
			 d.count ? d.items[0].msg : "");
	eg_diags_free(&d);
	return s;
}

/* Loads yaml expecting exactly one error, msg at line:col. */
static void one_error(const char *yaml, unsigned line, unsigned col,
		      const char *msg)
{
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_spec_load_buffer("t.yaml", yaml, strlen(yaml), &s, &d);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	if (d.count != 1) {
		for (size_t i = 0; i < d.count; i++)
			print_message("# %u:%u %s\n", d.items[i].line,
				      d.items[i].col, d.items[i].msg);
		fail_msg("expected 1 error, got %zu (want \"%s\")", d.count,
			 msg);
	}
	if (d.items[0].line != line || d.items[0].col != col ||
	    strcmp(d.items[0].msg, msg) != 0) {
		print_message("# got %u:%u %s\n", d.items[0].line,
			      d.items[0].col, d.items[0].msg);
	}
	assert_string_equal(d.items[0].file, "t.yaml");
	assert_string_equal(d.items[0].msg, msg);
	assert_int_equal(d.items[0].line, line);
	assert_int_equal(d.items[0].col, col);
	eg_diags_free(&d);
}

/* Loads yaml expecting failure rc with an error containing part. */
static void fails_with(const char *yaml, size_t len, int want_rc,
		       const char *part)
{
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_spec_load_buffer("t.yaml", yaml, len, &s, &d);
	assert_int_equal(rc, want_rc);
	assert_null(s);
	assert_true(d.count >= 1);
	if (strstr(d.items[0].msg, part) == NULL)
		fail_msg("\"%s\" not in \"%s\"", part, d.items[0].msg);
	eg_diags_free(&d);
}

/* ---------------------------------------------------------------------- */

static void test_example_single_server(void **state)
{
	(void)state;
	struct eg_spec *s = load_file_ok(
		EG_SOURCE_ROOT "/examples/single-server-ec-cube.yaml");
	size_t n;
	assert_false(eg_spec_is_builtin(s));
	assert_int_equal(eg_spec_nfiles(s), 1);
	const struct eg_spec_site *site = eg_spec_site(s);
	assert_string_equal(site->name, "Sakura Tea Online");
	assert_string_equal(site->operator_name, "Sakura Tea Co., Ltd.");
	assert_int_equal(site->locales.n, 2);
	assert_string_equal(site->locales.v[1], "en-US");
	assert_int_equal(site->nendpoints, 4);
	assert_int_equal(site->endpoints[2].payment, 1);
	assert_int_equal(site->endpoints[2].admin, 0);
	assert_int_equal(site->endpoints[3].admin, 1);
	assert_string_equal(site->endpoints[3].url,
			    "https://shop.sakura-tea.example/mgmt-7f3k/");

	const struct eg_spec_zone *z = eg_spec_zones(s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(z[1].name, "office");
	assert_string_equal(z[1].networks.v[0], "198.51.100.16/28");
	const struct eg_spec_flow *f = eg_spec_flows(s, &n);
	assert_int_equal(n, 6);
	assert_string_equal(f[3].from, "server");
	assert_string_equal(f[3].to, "psp");
	assert_int_equal(f[3].port, 443);
	assert_string_equal(f[3].protocol, "tcp");
	assert_int_equal(f[4].logged, 0);

	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(sv->name, "shop1");
	assert_string_equal(sv->role, "all-in-one");
	assert_string_equal(sv->zone, "server");
	assert_string_equal(sv->local_services, "declared");
	assert_int_equal(sv->addresses.n, 2);
	assert_string_equal(sv->addresses.v[1], "2001:db8:80::82");
	assert_int_equal(sv->nservices, 6);
	const struct eg_spec_service *ssh = &sv->services[0];
	assert_string_equal(ssh->name, "ssh");
	assert_int_equal(ssh->port, 22);
	assert_string_equal(ssh->exposure, "public");
	assert_int_equal(ssh->allowed_from.n, 1);
	assert_string_equal(ssh->allowed_from.v[0], "office");
	const struct eg_spec_service *db = &sv->services[4];
	assert_string_equal(db->name, "mariadb");
	assert_int_equal(db->port, 3306);
	assert_string_equal(db->protocol, "tcp");
	assert_string_equal(db->process, "mariadbd");
	assert_string_equal(db->exposure, "local");
	assert_int_equal(db->allowed_from.n, 0);
	/* Positions are exact: the service's "- name:" line. */
	assert_string_equal(db->pos.file, EG_SOURCE_ROOT
			    "/examples/single-server-ec-cube.yaml");
	assert_true(db->pos.line > 90 && db->pos.col == 9);
	assert_int_equal(sv->access.stated, 1);
	assert_string_equal(sv->access.admins.v[0], "sato");
	assert_string_equal(sv->monitoring.log_retention.text, "13m");
	assert_int_equal(sv->monitoring.log_retention.dur.count, 13);
	assert_int_equal(sv->monitoring.log_retention.dur.unit, 'm');
	assert_int_equal(sv->monitoring.file_integrity, 1);
	assert_string_equal(sv->vulnerability.patch_within.text, "7d");
	assert_int_equal(sv->vulnerability.auto_updates, 1);

	const struct eg_spec_secret *x = eg_spec_secrets(s, &n);
	assert_int_equal(n, 6);
	assert_string_equal(x[0].kind, "private-key");
	assert_string_equal(x[0].server, "shop1");
	assert_string_equal(x[5].kind, "access-list");
	const struct eg_spec_user_data *u = eg_spec_user_data(s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(u[2].kind, "card");
	assert_int_equal(u[2].store_allowed, 0);
	assert_int_equal(u[2].encrypted, EG_SPEC_UNSET);
	assert_int_equal(u[0].store_allowed, 1);
	assert_int_equal(u[0].encrypted, 1);
	assert_string_equal(u[1].retention.text, "7y");
	const struct eg_spec_comm *c = eg_spec_communications(s, &n);
	assert_int_equal(n, 4);
	assert_string_equal(c[1].to, "payment-provider");
	assert_string_equal(c[1].non_repudiation, "signed");
	assert_string_equal(c[2].min_tls, "none");
	assert_int_equal(c[2].mutual_auth, 1);
	const struct eg_spec_auth_scene *a = eg_spec_auth_scenes(s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(a[1].scene, "admin-login");
	assert_string_equal(a[1].name, "admin-login");
	assert_int_equal(a[1].factors.n, 2);
	assert_string_equal(a[1].factors.v[1], "totp");
	assert_int_equal(a[1].lockout_threshold, 5);
	assert_int_equal(a[1].password.min_length, 12);
	assert_int_equal(a[1].password.history, 5);
	assert_string_equal(a[1].password.max_age.text, "12m");
	assert_int_equal(a[2].lockout_threshold, 0);
	assert_int_equal(a[2].password.stated, 0);

	eg_spec_owners(s, &n);
	assert_int_equal(n, 11);
	/* Aliases share the anchored mapping. */
	assert_string_equal(eg_spec_find_owner(s, "T05")->name, "Sato Ichiro");
	assert_string_equal(eg_spec_find_owner(s, "T11")->deputy,
			    "Tanaka Hanako");
	const struct eg_spec_policy *p = eg_spec_find_policy(s, "T11");
	assert_non_null(p);
	assert_string_equal(p->review.text, "6m");
	assert_string_equal(p->approved.text, "2025-04-01");
	assert_null(eg_spec_find_policy(s, "T02")->review.text);
	assert_null(eg_spec_find_policy(s, "T12"));
	eg_spec_partners(s, &n);
	assert_int_equal(n, 3);
	const struct eg_spec_waiver *w = eg_spec_waivers(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(w->check, "ssh-port-exposed");
	assert_null(w->measure);
	assert_string_equal(w->resource, "shop1");
	assert_int_equal(w->expires.days - w->approved.days, 183);
	assert_non_null(eg_spec_find_not_applicable(s, "T10.05"));
	assert_null(eg_spec_find_not_applicable(s, "T10.04"));

	enum eg_cadence_source src;
	struct eg_duration du = eg_spec_cadence(s, "T02", EG_CAD_PERIODIC_CHECK,
						&src);
	assert_int_equal(du.count, 1);
	assert_int_equal(du.unit, 'm');
	assert_int_equal(src, EG_CADSRC_THEME);
	du = eg_spec_cadence(s, "T05", EG_CAD_PERIODIC_CHECK, &src);
	assert_int_equal(du.count, 3);
	assert_int_equal(src, EG_CADSRC_SPEC);
	assert_string_equal(eg_spec_cadence_text(s, "T03", EG_CAD_PERIODIC_CHECK),
			    "1m");
	eg_spec_free(s);
}

static void test_example_three_tier(void **state)
{
	(void)state;
	struct eg_spec *s = load_file_ok(
		EG_SOURCE_ROOT "/examples/three-tier/site.yaml");
	size_t n;
	assert_int_equal(eg_spec_nfiles(s), 6);
	assert_string_equal(eg_spec_file(s, 1),
			    EG_SOURCE_ROOT "/examples/three-tier/network.yaml");
	assert_string_equal(eg_spec_file(s, 5),
			    EG_SOURCE_ROOT
			    "/examples/three-tier/organisation/policies.yaml");
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	assert_int_equal(n, 5);
	assert_string_equal(sv[1].name, "web2");
	assert_int_equal(sv[1].nservices, 3);
	assert_string_equal(sv[1].services[2].name, "https");
	assert_string_equal(sv[4].role, "bastion");
	assert_string_equal(sv[3].services[1].allowed_from.v[0], "app");
	/* Positions name the included file. */
	assert_string_equal(sv[0].pos.file,
			    EG_SOURCE_ROOT "/examples/three-tier/servers.yaml");
	assert_int_equal(sv[0].pos.line, 3);
	const struct eg_spec_policy *p = eg_spec_find_policy(s, "T09");
	assert_non_null(p);
	assert_string_equal(p->pos.file,
			    EG_SOURCE_ROOT
			    "/examples/three-tier/organisation/policies.yaml");
	eg_spec_partners(s, &n);
	assert_int_equal(n, 2);
	const struct eg_spec_auth_scene *a = eg_spec_auth_scenes(s, &n);
	assert_int_equal(n, 5);
	assert_string_equal(a[3].name, "ssh-internal");
	assert_int_equal(a[3].servers.n, 4);
	enum eg_cadence_source src;
	struct eg_duration du = eg_spec_cadence(s, "T11", EG_CAD_DRILL, &src);
	assert_int_equal(du.count, 6);
	assert_int_equal(src, EG_CADSRC_SPEC);
	/* Not set in the spec: the catalogue's interval for T01.07. */
	du = eg_spec_cadence(s, "T01", EG_CAD_AUDIT, &src);
	assert_int_equal(du.count, 12);
	assert_int_equal(src, EG_CADSRC_CATALOGUE);
	eg_spec_free(s);
}

static void test_cadence_resolution(void **state)
{
	(void)state;
	struct eg_spec *s = load_ok(HEAD);
	enum eg_cadence_source src;
	struct eg_duration du =
		eg_spec_cadence(s, "T10", EG_CAD_PHYSICAL_ACCESS_REVIEW, &src);
	assert_int_equal(du.count, 6);
	assert_int_equal(du.unit, 'm');
	assert_int_equal(src, EG_CADSRC_CATALOGUE);
	du = eg_spec_cadence(s, "T02", EG_CAD_PERIODIC_CHECK, &src);
	assert_int_equal(du.count, 3);
	assert_int_equal(src, EG_CADSRC_CATALOGUE);
	du = eg_spec_cadence(s, NULL, EG_CAD_PERIODIC_CHECK, &src);
	assert_int_equal(du.count, 3);
	assert_int_equal(src, EG_CADSRC_BUILTIN);
	du = eg_spec_cadence(s, "T04", EG_CAD_DRILL, &src);
	assert_int_equal(du.count, 12);
	assert_int_equal(src, EG_CADSRC_BUILTIN);
	assert_null(eg_spec_cadence_text(s, "T02", EG_CAD_PERIODIC_CHECK));
	assert_string_equal(eg_cadence_name(EG_CAD_PARTNER_REVIEW),
			    "partner_review");
	assert_string_equal(eg_cadence_measure_kind(EG_CAD_PARTNER_REVIEW),
			    "outsourcing");
	eg_spec_free(s);
}

static void test_builtin_default(void **state)
{
	(void)state;
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_spec *s = eg_spec_builtin(&e);
	assert_non_null(s);
	assert_ptr_equal(eg_spec_builtin(&e), s);
	assert_true(eg_spec_is_builtin(s));
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(sv->local_services, "any");
	assert_int_equal(sv->nservices, 3);
	unsigned ports[3] = {22, 80, 443};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(sv->services[i].port, ports[i]);
		assert_string_equal(sv->services[i].exposure, "public");
	}
	struct eg_spec_status *st = NULL;
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	assert_int_equal(eg_spec_assess(s, cat, &st, &n), 0);
	assert_int_equal(n, 31);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(st[i].state, EG_SPEC_MISSING);
		assert_non_null(strstr(st[i].reason, "embedded default"));
	}
	free(st);
}

static const struct eg_spec_status *status_of(struct eg_spec_status *st,
					      size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(st[i].measure->id, id) == 0)
			return &st[i];
	fail_msg("no status for %s", id);
	abort();
}

static void test_assess(void **state)
{
	(void)state;
	struct eg_spec *s = load_ok(
		HEAD
		"zones: [{name: dmz}]\n"
		"flows:\n"
		"  - {from: internet, to: dmz, service: https, purpose: shop, logged: true}\n"
		"  - {from: dmz, to: internet, service: https}\n"
		"servers:\n"
		"  - name: a\n"
		"    role: web\n"
		"    services: [{name: https, port: 443, exposure: public, process: nginx, log: none}]\n"
		"    access: {users: [x]}\n"
		"    monitoring: {file_integrity: true}\n"
		"    vulnerability: {patch_within: 7d}\n"
		"  - {name: b, role: db}\n"
		"user_data:\n"
		"  - {name: cards, kind: card, store_allowed: false}\n"
		"authentication:\n"
		"  - {scene: ssh, factors: [key], allowed_from: [dmz]}\n"
		"  - {scene: admin-login, factors: [password], allowed_from: [dmz]}\n"
		"owners:\n"
		"  T02: {name: A, contact: a@x, deputy: B}\n"
		"  T03: {name: A}\n"
		"policies:\n"
		"  T02: {document: p.md, version: '1', approver: A, approved: 2025-01-01}\n"
		"  T03: {document: p.md}\n"
		"not_applicable:\n"
		"  - {measure: T07.03, reason: no communications of our own}\n");
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	struct eg_spec_status *st = NULL;
	size_t n;
	assert_int_equal(eg_spec_assess(s, cat, &st, &n), 0);
	const struct eg_spec_status *x;
	x = status_of(st, n, "T02.01");
	assert_int_equal(x->state, EG_SPEC_SPECIFIED);
	assert_string_equal(x->subject, "policy");
	x = status_of(st, n, "T03.01");
	assert_int_equal(x->state, EG_SPEC_PARTIAL);
	assert_string_equal(x->reason,
			    "the policy of T03 lacks version, approver, approved");
	x = status_of(st, n, "T03.02");
	assert_string_equal(x->reason, "the owner of T03 lacks contact, deputy");
	x = status_of(st, n, "T04.01");
	assert_int_equal(x->state, EG_SPEC_MISSING);
	assert_string_equal(x->reason, "no policy declared under policies: T04");
	x = status_of(st, n, "T02.03");
	assert_int_equal(x->state, EG_SPEC_PARTIAL);
	assert_string_equal(x->reason,
			    "1 of 2 flows lack purpose or logged: dmz->internet https");
	x = status_of(st, n, "T02.04");
	assert_string_equal(x->reason,
			    "1 of 2 servers lack access or monitoring: b");
	x = status_of(st, n, "T02.05");
	assert_int_equal(x->state, EG_SPEC_SPECIFIED);
	x = status_of(st, n, "T02.06");
	assert_int_equal(x->state, EG_SPEC_PARTIAL);
	x = status_of(st, n, "T03.04");
	assert_int_equal(x->state, EG_SPEC_PARTIAL);
	x = status_of(st, n, "T05.03");
	assert_int_equal(x->state, EG_SPEC_MISSING);
	x = status_of(st, n, "T06.03");
	assert_int_equal(x->state, EG_SPEC_SPECIFIED);
	x = status_of(st, n, "T07.03");
	assert_int_equal(x->state, EG_SPEC_NOT_APPLICABLE);
	assert_string_equal(x->reason, "no communications of our own");
	x = status_of(st, n, "T08.03");
	assert_int_equal(x->state, EG_SPEC_PARTIAL);
	assert_string_equal(x->reason,
			    "1 of 2 scenes lack factors, allowed_from, or (with passwords) lockout_threshold and password.min_length: admin-login");
	x = status_of(st, n, "T09.02");
	assert_string_equal(x->subject, "policy");
	x = status_of(st, n, "T09.01");
	assert_string_equal(x->subject, "owner");
	free(st);
	eg_spec_free(s);
}

/* ---------------------------------------------------------------------- */
/* Error classes: exact message and position. */

static void test_error_unknown_key(void **state)
{
	(void)state;
	one_error(HEAD "servers:\n  - name: a\n    role: web\n    servces: []\n",
		  7, 5, "unknown key \"servces\"; did you mean \"services\"?");
	one_error(HEAD "zonez: []\n", 4, 1,
		  "unknown key \"zonez\"; did you mean \"zones\"?");
	one_error(HEAD "frobnicate: 1\n", 4, 1,
		  "unknown key \"frobnicate\"; remove it or check the documentation for this section");
}

static void test_error_wrong_type(void **state)
{
	(void)state;
	one_error(HEAD "servers: {name: a}\n", 4, 10,
		  "\"servers\" must be a list, not a mapping");
	one_error(HEAD "zones: [x]\n", 4, 9,
		  "a zone must be a mapping (key: value lines), not a value");
	one_error(HEAD "servers:\n  - {name: a, role: web, services: [{name: s, port: 1, exposure: local, log: [a]}]}\n",
		  5, 78, "\"log\" must be text, not a list");
	one_error(HEAD "flows:\n  - {from: internet, to: internet, service: x, logged: yes}\n",
		  5, 56, "\"logged\" must be true or false");
	one_error(HEAD "authentication:\n  - {scene: ssh, lockout_threshold: many}\n",
		  5, 37, "\"lockout_threshold\" must be a whole number, not a value");
	one_error(HEAD "authentication:\n  - {scene: ssh, lockout_threshold: 5000}\n",
		  5, 37, "\"lockout_threshold\" must be between 0 and 1000");
}

static void test_error_missing_required(void **state)
{
	(void)state;
	one_error(HEAD "servers:\n  - name: a\n", 5, 5,
		  "missing required key \"role\"");
	one_error("schema: ecguard.spec/1\nzones: []\n", 1, 1,
		  "missing required key \"site\"");
	one_error(HEAD "waivers:\n  - {measure: T02.05, justification: j, approver: a, approved: 2025-01-01}\n",
		  5, 5, "missing required key \"expires\"");
}

static void test_error_dangling(void **state)
{
	(void)state;
	one_error(HEAD "zones: [{name: dmz}]\nflows:\n  - {from: internet, to: dbz, service: s}\n",
		  6, 26, "to: unknown zone \"dbz\"; did you mean \"dmz\"?");
	one_error(HEAD "servers:\n  - {name: a, role: web, services: [{name: s, port: 1, exposure: zone, allowed_from: [office]}]}\n",
		  5, 87, "allowed_from: unknown zone \"office\"; declare it under zones: or write an address or network such as 192.0.2.0/24");
	one_error(HEAD "secrets:\n  - {name: k, kind: password, server: web9}\n",
		  5, 39, "server: unknown server \"web9\"; declare it under servers:");
	one_error(HEAD "communications:\n  - {from: internet, to: psp, protocol: https}\n",
		  5, 26, "to: unknown zone, server or partner \"psp\"; declare it under zones:, servers: or partners:");
	one_error(HEAD "waivers:\n  - {measure: T02.99, justification: j, approver: a, approved: 2025-01-01, expires: 2025-06-01}\n",
		  5, 15, "unknown measure \"T02.99\" in waiver; measure IDs look like T02.05 (see ecguard catalog)");
	one_error(HEAD "owners:\n  T12: {name: x}\n", 5, 3,
		  "unknown theme \"T12\" under owners; themes are T01 to T11");
	one_error(HEAD "not_applicable:\n  - {measure: T4.06, reason: r}\n", 5, 15,
		  "unknown measure \"T4.06\" in not_applicable; measure IDs look like T02.05 (see ecguard catalog)");
}

static void test_error_duplicates(void **state)
{
	(void)state;
	one_error(HEAD "zones:\n  - name: a\n    name: b\n", 6, 5,
		  "duplicate key \"name\" (first at line 5, column 5); remove one of them");
	one_error(HEAD "servers:\n  - {name: web1, role: web}\n  - {name: web1, role: db}\n",
		  6, 5, "duplicate server \"web1\" (first declared at t.yaml:5:5); names must be unique");
	one_error(HEAD "servers:\n  - name: a\n    role: web\n    services:\n"
		  "      - {name: https, port: 443, exposure: public}\n"
		  "      - {name: alt, port: 443, exposure: public}\n",
		  9, 9, "port 443/tcp is declared twice on server a (first by service https at t.yaml:8:9); a port belongs to one service");
	one_error(HEAD "authentication:\n  - {scene: ssh}\n  - {scene: ssh}\n", 6, 5,
		  "duplicate authentication scene \"ssh\" (first declared at t.yaml:5:5); names must be unique");
}

static void test_error_values(void **state)
{
	(void)state;
	one_error(HEAD "partners:\n  - {name: p, review: 3 months}\n", 5, 23,
		  "invalid interval \"3 months\" for review; write a whole number and d, w, m or y, e.g. 30d, 6w, 12m, 1y");
	one_error(HEAD "partners:\n  - {name: p, review: 0d}\n", 5, 23,
		  "interval \"0d\" for review out of range; it must be at least 1 day and at most 100 years");
	one_error(HEAD "partners:\n  - {name: p, last_review: 2025-02-30}\n", 5, 28,
		  "no such date \"2025-02-30\" for last_review; check the month and day (years 1970-9999)");
	one_error(HEAD "partners:\n  - {name: p, last_review: 1/2/2025}\n", 5, 28,
		  "invalid date \"1/2/2025\" for last_review; write YYYY-MM-DD, e.g. 2025-04-01");
	one_error(HEAD "  endpoints: [{url: 'ftp://x.example/'}]\n", 4, 21,
		  "invalid URL \"ftp://x.example/\" for url: the URL must start with https:// or http://");
	one_error(HEAD "  endpoints: [{url: 'https:///x'}]\n", 4, 21,
		  "invalid URL \"https:///x\" for url: missing host");
	one_error(HEAD "  endpoints: [{url: 'https://a.example:0/'}]\n", 4, 21,
		  "invalid URL \"https://a.example:0/\" for url: invalid port in the URL (1-65535)");
	one_error(HEAD "flows:\n  - {from: internet, to: internet, service: s, port: 65536}\n", 5, 54,
		  "invalid port \"65536\"; write a number from 1 to 65535");
	one_error(HEAD "zones:\n  - {name: z, networks: [10.0.0.1/8]}\n", 5, 26,
		  "invalid network \"10.0.0.1/8\" in networks: host bits are set; write the network address (did you mean \"10.0.0.0/8\"?)");
	one_error(HEAD "zones:\n  - {name: z, networks: ['2001:db8::/129']}\n", 5, 26,
		  "invalid network \"2001:db8::/129\" in networks: IPv6 prefix length must be 0-128; write ADDRESS/PREFIX, e.g. 192.0.2.0/24");
	one_error(HEAD "servers:\n  - {name: a, role: web, addresses: [10.0.0.256]}\n", 5, 38,
		  "invalid address \"10.0.0.256\" in addresses; write an IPv4 or IPv6 address without a prefix");
	one_error(HEAD "servers:\n  - {name: a, role: webb}\n", 5, 21,
		  "invalid role \"webb\"; did you mean \"web\"?");
	one_error(HEAD "servers:\n  - {name: 'a b', role: web}\n", 5, 12,
		  "invalid name \"a b\"; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
	one_error(HEAD "user_data:\n  - {name: c, kind: card, store_allowed: false, retention: 1y}\n", 5, 60,
		  "retention does not apply when store_allowed is false; remove it");
	one_error(HEAD "waivers:\n  - {check: x, justification: j, approver: a, approved: 2025-01-01, expires: 2025-01-01}\n", 5, 78,
		  "waiver expires (2025-01-01) on or before it was approved (2025-01-01)");
	one_error("schema: ecguard.spec/2\nsite: {name: x}\n", 1, 9,
		  "unsupported schema \"ecguard.spec/2\"; this ecguard reads ecguard.spec/1");
}

/* Every error of a file in one run, in reading order. */
static void test_all_errors_one_run(void **state)
{
	(void)state;
	const char *y =
		HEAD
		"zones: [{name: dmz}]\n"                                 /* 4 */
		"flows:\n"                                               /* 5 */
		"  - {from: nowhere, to: dmz, service: s, port: 0}\n"    /* 6 */
		"servers:\n"                                             /* 7 */
		"  - {name: a, role: web, zone: dmzz}\n"                 /* 8 */
		"  - {name: a, role: wbe}\n"                             /* 9 */
		"owners: {T99: {name: x}}\n";                           /* 10 */
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	assert_int_equal(eg_spec_load_buffer("t.yaml", y, strlen(y), &s, &d),
			 EG_E_PARSE);
	assert_null(s);
	static const struct {
		unsigned line, col;
		const char *start;
	} want[] = {
		{6, 12, "from: unknown zone \"nowhere\""},
		{6, 48, "invalid port \"0\""},
		{8, 32, "zone: unknown zone \"dmzz\"; did you mean \"dmz\"?"},
		{9, 5, "duplicate server \"a\""},
		{9, 21, "invalid role \"wbe\"; use one of: web, app,"},
		{10, 10, "unknown theme \"T99\""},
	};
	if (d.count != sizeof(want) / sizeof(want[0]))
		for (size_t i = 0; i < d.count; i++)
			print_message("# %u:%u %s\n", d.items[i].line,
				      d.items[i].col, d.items[i].msg);
	assert_int_equal(d.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < d.count; i++) {
		assert_int_equal(d.items[i].line, want[i].line);
		assert_int_equal(d.items[i].col, want[i].col);
		assert_memory_equal(d.items[i].msg, want[i].start,
				    strlen(want[i].start));
	}
	eg_diags_free(&d);
}

/* More errors than the cap: EG_DIAG_MAX stored, the rest counted. */
static void test_error_cap(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 1 << 20);
	eg_buf_adds(&b, HEAD "servers:\n");
	for (int i = 0; i < 120; i++)
		eg_buf_addf(&b, "  - {name: s%d, role: nope}\n", i);
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	assert_int_equal(eg_spec_load_buffer("t.yaml", eg_buf_str(&b), b.len,
					     &s, &d),
			 EG_E_PARSE);
	assert_int_equal(d.count, EG_DIAG_MAX);
	assert_int_equal(eg_diags_total(&d), 120);
	assert_int_equal(d.items[0].line, 5);
	eg_diags_free(&d);
	eg_buf_free(&b);
}

static void test_list_limit(void **state)
{
	(void)state;
	struct eg_buf b;
	eg_buf_init(&b, 4 << 20);
	eg_buf_adds(&b, HEAD "zones:\n");
	for (unsigned i = 0; i <= EG_SPEC_MAX_LIST; i++)
		eg_buf_addf(&b, "  - {name: z%u}\n", i);
	fails_with(eg_buf_str(&b), b.len, EG_E_PARSE,
		   "more than 4096 entries in zones");
	eg_buf_free(&b);
}

/* ---------------------------------------------------------------------- */
/* Includes */

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/eg-spec-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	char p[512];
	snprintf(p, sizeof(p), "%s/sub", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sub/deeper", tmpdir);
	mkdir(p, 0755);
	return 0;
}

static int teardown_dir(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Loads tmpdir/top expecting failure with one error at line:col in file
 * (relative to tmpdir) whose message contains part. */
static void include_fails(const char *top, const char *file, unsigned line,
			  unsigned col, const char *part)
{
	char path[512], want[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, top);
	snprintf(want, sizeof(want), "%s/%s", tmpdir, file);
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = eg_spec_load_file(path, &s, &d);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	if (d.count != 1)
		for (size_t i = 0; i < d.count; i++)
			print_message("# %s:%u:%u %s\n", d.items[i].file,
				      d.items[i].line, d.items[i].col,
				      d.items[i].msg);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].file, want);
	assert_int_equal(d.items[0].line, line);
	assert_int_equal(d.items[0].col, col);
	if (strstr(d.items[0].msg, part) == NULL)
		fail_msg("\"%s\" not in \"%s\"", part, d.items[0].msg);
	eg_diags_free(&d);
}

static void test_include_ok(void **state)
{
	(void)state;
	write_file("top.yaml", HEAD "include: [sub/a.yaml]\nzones: [{name: z0}]\n");
	write_file("sub/a.yaml", "include: [deeper/b.yaml, ../c.yaml]\nzones: [{name: za}]\n");
	write_file("sub/deeper/b.yaml", "servers: [{name: s1, role: web, zone: zc}]\n");
	write_file("c.yaml", "schema: ecguard.spec/1\nzones: [{name: zc}]\n");
	char path[512];
	snprintf(path, sizeof(path), "%s/top.yaml", tmpdir);
	struct eg_spec *s = load_file_ok(path);
	size_t n;
	assert_int_equal(eg_spec_nfiles(s), 4);
	const struct eg_spec_zone *z = eg_spec_zones(s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(z[0].name, "z0");
	assert_string_equal(z[1].name, "za");
	assert_string_equal(z[2].name, "zc");
	char want[512];
	snprintf(want, sizeof(want), "%s/c.yaml", tmpdir);
	assert_string_equal(z[2].pos.file, want);
	eg_spec_free(s);
}

static void test_include_errors(void **state)
{
	(void)state;
	/* A cycle: top -> x -> y -> x. */
	write_file("cyc.yaml", HEAD "include: [x.yaml]\n");
	write_file("x.yaml", "include: [sub/y.yaml]\n");
	write_file("sub/y.yaml", "include: [../x.yaml]\n");
	include_fails("cyc.yaml", "sub/y.yaml", 1, 11,
		      "include cycle: ");
	/* Including the top file itself is a cycle too. */
	write_file("self.yaml", HEAD "include: [./self.yaml]\n");
	include_fails("self.yaml", "self.yaml", 4, 11, "include cycle");
	/* The same file twice (not a cycle). */
	write_file("twice.yaml", HEAD "include: [c.yaml, sub/../c.yaml]\n");
	include_fails("twice.yaml", "twice.yaml", 4, 19,
		      "c.yaml is included a second time; include each file once");
	/* Escapes. */
	write_file("esc.yaml", HEAD "include: [sub/../../etc/passwd]\n");
	include_fails("esc.yaml", "esc.yaml", 4, 11,
		      "cannot include \"sub/../../etc/passwd\": a path that leaves the spec's folder");
	write_file("abs.yaml", HEAD "include: [/etc/passwd]\n");
	include_fails("abs.yaml", "abs.yaml", 4, 11,
		      "an absolute path; write a path relative to the including file");
	/* A symlink inside the folder pointing outside resolves inside it. */
	char l[512];
	snprintf(l, sizeof(l), "%s/link.yaml", tmpdir);
	unlink(l);
	assert_int_equal(symlink("/etc/hostname", l), 0);
	write_file("sym.yaml", HEAD "include: [link.yaml]\n");
	include_fails("sym.yaml", "sym.yaml", 4, 11,
		      "link.yaml not found");
	/* Missing, and a folder. */
	write_file("miss.yaml", HEAD "include: [nope.yaml]\n");
	include_fails("miss.yaml", "miss.yaml", 4, 11,
		      "not found; paths are relative to the including file");
	write_file("dir.yaml", HEAD "include: [sub]\n");
	include_fails("dir.yaml", "dir.yaml", 4, 11, "is not a regular file");
	/* site: only in the top file; errors in an included file point
	 * into it. */
	write_file("inc-site.yaml", HEAD "include: [bad.yaml]\n");
	write_file("bad.yaml", "zones: [{name: a}]\nsite: {name: x}\n");
	include_fails("inc-site.yaml", "bad.yaml", 2, 7,
		      "site: belongs in the top spec file");
	/* Mappings merged across files: a theme's owner or a cadence set
	 * in two files. */
	write_file("merge.yaml", HEAD "include: [m2.yaml]\n"
		   "owners: {T02: {name: A}}\n"
		   "cadences: {defaults: {education: 6m}}\n");
	write_file("m2.yaml", "cadences:\n  defaults:\n    education: 3m\n");
	char want[600];
	snprintf(want, sizeof(want),
		 "cadence education of defaults is set a second time (first at %s/merge.yaml:6:34)",
		 tmpdir);
	include_fails("merge.yaml", "m2.yaml", 3, 16, want);
	write_file("m2.yaml", "owners:\n  T02: {name: B}\n");
	snprintf(want, sizeof(want),
		 "duplicate owner of theme \"T02\" (first declared at %s/merge.yaml:5:10); names must be unique",
		 tmpdir);
	include_fails("merge.yaml", "m2.yaml", 2, 3, want);
	/* A buffer has no folder to include from. */
	one_error(HEAD "include: [a.yaml]\n", 4, 10,
		  "include: needs a spec loaded from a file");
}

static void test_include_count_limit(void **state)
{
	(void)state;
	char name[64], text[128];
	write_file("chain.yaml", HEAD "include: [c0.yaml]\n");
	for (int i = 0; i < EG_SPEC_MAX_INCLUDES + 5; i++) {
		snprintf(name, sizeof(name), "c%d.yaml", i);
		snprintf(text, sizeof(text), "include: [c%d.yaml]\n", i + 1);
		write_file(name, text);
	}
	char path[512];
	snprintf(path, sizeof(path), "%s/chain.yaml", tmpdir);
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	assert_int_equal(eg_spec_load_file(path, &s, &d), EG_E_LIMIT);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].msg, "more than 256 files in one spec"));
	eg_diags_free(&d);
}

static void test_top_file_errors(void **state)
{
	(void)state;
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	char path[512];
	snprintf(path, sizeof(path), "%s/absent.yaml", tmpdir);
	assert_int_equal(eg_spec_load_file(path, &s, &d), EG_E_NOTFOUND);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 0);
	assert_non_null(strstr(d.items[0].msg, "cannot open the spec"));
	eg_diags_free(&d);
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	assert_int_equal(eg_spec_load_file(path, &s, &d), EG_E_INVAL);
	assert_non_null(strstr(d.items[0].msg, "not a regular file"));
	eg_diags_free(&d);
	write_file("empty.yaml", "");
	snprintf(path, sizeof(path), "%s/empty.yaml", tmpdir);
	assert_int_equal(eg_spec_load_file(path, &s, &d), EG_E_PARSE);
	assert_string_equal(d.items[0].msg,
			    "the spec is empty; start from 'ecguard spec init'");
	eg_diags_free(&d);
}

/* ---------------------------------------------------------------------- */
/* Hostile input */

static void test_hostile(void **state)
{
	(void)state;
	struct eg_buf b;
	/* Alias bomb: each level doubles. */
	eg_buf_init(&b, 1 << 20);
	eg_buf_adds(&b, HEAD "x0: &a0 [z, z, z, z, z, z, z, z, z, z]\n");
	for (int i = 1; i < 30; i++)
		eg_buf_addf(&b, "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			    i - 1, i - 1, i - 1, i - 1);
	fails_with(eg_buf_str(&b), b.len, EG_E_LIMIT, "aliases expand to more than");
	/* Deep nesting. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, HEAD "zones: ");
	for (int i = 0; i < 200; i++)
		eg_buf_addc(&b, '[');
	fails_with(eg_buf_str(&b), b.len, EG_E_LIMIT, "nesting deeper than 64 levels");
	/* A huge scalar. */
	eg_buf_free(&b);
	eg_buf_init(&b, 4 << 20);
	eg_buf_adds(&b, HEAD "zones: [{name: z, description: '");
	for (size_t i = 0; i < EG_YAML_MAX_SCALAR + 10; i++)
		eg_buf_addc(&b, 'a');
	eg_buf_adds(&b, "'}]\n");
	fails_with(eg_buf_str(&b), b.len, EG_E_LIMIT, "value longer than");
	eg_buf_free(&b);
	/* NUL and invalid UTF-8, with their position. */
	static const char nul[] = HEAD "zones: [{name: a\0b}]\n";
	fails_with(nul, sizeof(nul) - 1, EG_E_PARSE, "NUL byte");
	static const char bad[] = HEAD "zones: [{name: a\xff}]\n";
	fails_with(bad, sizeof(bad) - 1, EG_E_PARSE, "invalid UTF-8");
	/* Several documents, and a recursive alias. */
	fails_with(HEAD "---\nx: 1\n", strlen(HEAD "---\nx: 1\n"), EG_E_PARSE,
		   "more than one YAML document");
	fails_with("a: &x [*x]\n", 11, EG_E_PARSE, "refers to a node that contains it");
	/* Not a mapping at the top. */
	one_error("- a\n- b\n", 1, 1,
		  "a spec file must be a mapping of sections (site:, servers:, ...), not a list");
}

/* The validators, directly. */
static void test_validators(void **state)
{
	(void)state;
	struct eg_url u;
	const char *why;
	assert_int_equal(eg_url_parse("https://shop.example.jp:8443/a?b=1#c", &u, &why), 0);
	assert_int_equal(u.https, 1);
	assert_int_equal(u.port, 8443);
	assert_int_equal(u.host_len, 15);
	assert_string_equal(u.path, "/a?b=1#c");
	assert_int_equal(eg_url_parse("http://[2001:db8::1]/", &u, &why), 0);
	assert_int_equal(u.port, 80);
	assert_int_equal(eg_url_parse("HTTP://192.0.2.1", &u, &why), 0);
	static const char *const bad[] = {
		"", "shop.example.jp", "https://", "https://-a.example/",
		"https://a-.example/", "https://a..b/", "https://999.1.1.1/",
		"https://a.example:65536/", "https://a.example:/",
		"https://u@a.example/", "https://a.example/ space",
		"https://a.example/%zz", "https://a.example/#a#b",
		"https://[::1/", "https://a_b.example/", "javascript:alert(1)",
		"https://a.example/\xe3\x81\x82",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (eg_url_parse(bad[i], NULL, &why) == 0)
			fail_msg("URL \"%s\" accepted", bad[i]);
	struct eg_ipaddr a;
	unsigned pfx;
	char sug[64];
	assert_int_equal(eg_cidr_parse("10.0.0.0/8", &a, &pfx, sug, sizeof(sug), &why), 0);
	assert_int_equal(pfx, 8);
	assert_int_equal(eg_cidr_parse("::/0", &a, &pfx, sug, sizeof(sug), &why), 0);
	assert_int_equal(a.family, 6);
	assert_int_equal(eg_cidr_parse("2001:db8::1/64", &a, &pfx, sug, sizeof(sug), &why), EG_E_RANGE);
	assert_string_equal(sug, "2001:db8::/64");
	assert_int_equal(eg_cidr_parse("10.0.0.0/08", &a, &pfx, NULL, 0, &why), EG_E_PARSE);
	assert_int_equal(eg_cidr_parse("10.0.0/8", &a, &pfx, NULL, 0, &why), EG_E_PARSE);
	assert_int_equal(eg_cidr_parse("10.0.0.0/", &a, &pfx, NULL, 0, &why), EG_E_PARSE);
	assert_int_equal(eg_ip_parse("010.0.0.1", &a), EG_E_PARSE);
	assert_int_equal(eg_ip_parse("fe80::1%eth0", &a), EG_E_PARSE);
	assert_int_equal(eg_ip_parse("::ffff:192.0.2.1", &a), 0);
	assert_true(eg_valid_name("web-1.a_b"));
	assert_false(eg_valid_name("-web"));
	assert_false(eg_valid_name("we b"));
	assert_false(eg_valid_name(""));
}

int main(void)
{
	eg_i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_single_server),
		cmocka_unit_test(test_example_three_tier),
		cmocka_unit_test(test_cadence_resolution),
		cmocka_unit_test(test_builtin_default),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_error_unknown_key),
		cmocka_unit_test(test_error_wrong_type),
		cmocka_unit_test(test_error_missing_required),
		cmocka_unit_test(test_error_dangling),
		cmocka_unit_test(test_error_duplicates),
		cmocka_unit_test(test_error_values),
		cmocka_unit_test(test_all_errors_one_run),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_list_limit),
		cmocka_unit_test(test_include_ok),
		cmocka_unit_test(test_include_errors),
		cmocka_unit_test(test_include_count_limit),
		cmocka_unit_test(test_top_file_errors),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_validators),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
