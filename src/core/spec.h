/*
 * spec.h: the site security specification (site.yaml) a site keeps in git:
 * the guideline's "specify the requirements for each ..." measures written
 * down as data - endpoints, zones and allowed flows, servers and the
 * services each may run, security-management items, user-data items,
 * communications, authentication scenes, owners, policies, partners,
 * cadences, waivers and not-applicable declarations. docs/spec.md documents
 * every key.
 *
 * The loader treats the file as hostile (the bounded YAML tree, limits.h),
 * follows `include:` only inside the top file's folder, and reports every
 * problem of every file with file:line:column in one run (up to
 * EG_DIAG_MAX). A spec that loaded is valid: references resolve, names are
 * unique, every value has its documented form.
 *
 * Ownership: a loaded spec is immutable. Every pointer the accessors return
 * (structs, arrays, strings, positions) is owned by the spec and valid until
 * eg_spec_free; the embedded default lives for the whole process. Strings
 * that are "not stated" are NULL; tri-state flags are EG_SPEC_UNSET (-1)
 * when not stated, else 0 or 1. Enumerated values (exposure, kinds, ...) are
 * static canonical strings, so they compare with strcmp.
 */
#ifndef EG_SPEC_H
#define EG_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"
#include "../util/duration.h"
#include "../util/err.h"

#define EG_SPEC_SCHEMA "ecguard.spec/1"
#define EG_SPEC_UNSET (-1)

/* Where something was declared: file as the user sees it, 1-based. */
struct eg_spec_pos {
	const char *file;
	unsigned line, col;
};

/* A list of strings, each with the position it was written at. */
struct eg_spec_strv {
	const char *const *v;
	const struct eg_spec_pos *pos;
	size_t n;
};

/* An interval (cadence syntax, duration.h); text NULL when not stated. */
struct eg_spec_interval {
	const char *text;
	struct eg_duration dur;
};

/* A date YYYY-MM-DD; text NULL when not stated; days since 1970-01-01. */
struct eg_spec_date {
	const char *text;
	int32_t days;
};

struct eg_spec_endpoint {
	const char *name;            /* NULL: not named */
	const char *url;
	int payment;                 /* 0/1: a payment page */
	int admin;                   /* 0/1: an administration screen */
	/* Payment pages: hosts (or "*.domain") the page may load scripts
	 * from besides its own, and hosts a card form may post to besides
	 * its own (the payment provider's). Empty when not stated. */
	struct eg_spec_strv script_hosts;
	struct eg_spec_strv form_hosts;
	struct eg_spec_pos pos;
};

struct eg_spec_site {
	const char *name;
	const char *operator_name;   /* the `operator` key */
	struct eg_spec_strv locales;
	const struct eg_spec_endpoint *endpoints;
	size_t nendpoints;
	struct eg_spec_pos pos;
};

struct eg_spec_zone {
	const char *name;
	const char *description;
	struct eg_spec_strv networks;    /* CIDRs */
	struct eg_spec_pos pos;
};

struct eg_spec_flow {
	const char *from, *to;           /* zone names */
	const char *service;             /* label, e.g. "https" */
	const char *protocol;            /* "tcp", "udp" or NULL */
	unsigned port;                   /* 0: not stated */
	const char *purpose;
	int logged;                      /* tri-state */
	struct eg_spec_pos pos;
};

struct eg_spec_service {
	const char *name;
	unsigned port;                   /* 1-65535 */
	const char *protocol;            /* "tcp" (default) or "udp" */
	const char *process;             /* NULL: not stated */
	const char *exposure;            /* "public", "zone" or "local" */
	struct eg_spec_strv allowed_from;/* zone names and addresses/CIDRs */
	const char *log;                 /* log path, "none", or NULL */
	struct eg_spec_pos pos;
};

struct eg_spec_access {
	int stated;
	struct eg_spec_strv users;       /* accounts that may log in */
	struct eg_spec_strv admins;      /* accounts with administrator rights */
	struct eg_spec_strv from;        /* zones/CIDRs logins may come from */
};

struct eg_spec_monitoring {
	int stated;
	struct eg_spec_strv logs;        /* log files that must exist */
	struct eg_spec_interval log_retention;
	int file_integrity;              /* tri-state */
	const char *alert_to;
};

struct eg_spec_vuln {
	int stated;
	struct eg_spec_interval patch_within;
	int auto_updates;                /* tri-state */
	struct eg_spec_interval scan_every;
	struct eg_spec_strv sources;     /* where advisories come from */
};

struct eg_spec_server {
	const char *name;
	const char *role;                /* web, app, db, ... */
	const char *hostname;            /* NULL: same as name */
	const char *zone;                /* NULL: not stated */
	struct eg_spec_strv addresses;   /* IP addresses */
	const char *local_services;      /* "declared" (default) or "any" */
	struct eg_spec_strv web_roots;   /* folders the web server may serve */
	int services_stated;             /* the services key was present */
	const struct eg_spec_service *services;
	size_t nservices;
	struct eg_spec_access access;
	struct eg_spec_monitoring monitoring;
	struct eg_spec_vuln vulnerability;
	struct eg_spec_pos pos;
};

struct eg_spec_secret {
	const char *name;
	const char *kind;                /* password, private-key, ... */
	const char *location;            /* path or store */
	const char *server;              /* NULL or a server name */
	const char *owner;
	struct eg_spec_strv readers;
	struct eg_spec_interval rotation;
	struct eg_spec_strv protection;  /* requirements, free text */
	struct eg_spec_pos pos;
};

struct eg_spec_user_data {
	const char *name;
	const char *kind;                /* personal, card, transactions, ... */
	const char *location;
	const char *server;
	const char *owner;
	int encrypted;                   /* encryption_at_rest, tri-state */
	struct eg_spec_interval retention;
	int store_allowed;               /* 1 unless `store_allowed: false` */
	struct eg_spec_pos pos;
};

struct eg_spec_comm {
	const char *name;                /* NULL: not named */
	const char *from, *to;           /* zone, server or partner names */
	const char *protocol;
	const char *min_tls;             /* "TLSv1.2", "TLSv1.3", "none", NULL */
	int mutual_auth;                 /* tri-state */
	const char *non_repudiation;     /* "signed", "logged", "none", NULL */
	const char *purpose;
	struct eg_spec_pos pos;
};

struct eg_spec_password_rules {
	int stated;
	int min_length;                  /* -1 when not stated */
	int complexity;                  /* tri-state */
	int history;                     /* -1 when not stated */
	struct eg_spec_interval max_age;
};

struct eg_spec_auth_scene {
	const char *name;                /* defaults to scene */
	const char *scene;               /* customer-login, admin-login, ssh,
					  * api, partner */
	struct eg_spec_strv factors;     /* password, totp, key, ... */
	int lockout_threshold;           /* -1 not stated; 0 no lockout */
	struct eg_spec_password_rules password;
	struct eg_spec_strv allowed_from;
	struct eg_spec_strv servers;     /* server names it applies to */
	struct eg_spec_pos pos;
};

struct eg_spec_owner {
	char theme[4];                   /* "T02" */
	const char *name, *role, *contact, *deputy;
	struct eg_spec_pos pos;
};

struct eg_spec_policy {
	char theme[4];
	const char *document;            /* path (relative to pos.file) or URL */
	const char *version;
	const char *approver;
	struct eg_spec_date approved;
	struct eg_spec_interval review;  /* NULL text: the policy_review cadence */
	struct eg_spec_pos pos;
};

struct eg_spec_partner {
	const char *name;
	struct eg_spec_strv handles;     /* what they handle, free text */
	const char *agreement;
	const char *contact;
	struct eg_spec_date last_review;
	struct eg_spec_interval review;  /* NULL text: partner_review cadence */
	struct eg_spec_pos pos;
};

struct eg_spec_waiver {
	const char *check;               /* exactly one of check, measure */
	const char *measure;
	const char *resource;            /* NULL: every resource */
	const char *justification;
	const char *approver;
	struct eg_spec_date approved;
	struct eg_spec_date expires;     /* always stated */
	struct eg_spec_pos pos;
};

struct eg_spec_not_applicable {
	const char *measure;
	const char *reason;
	const char *approver;            /* NULL when not stated */
	struct eg_spec_pos pos;
};

/* Cadences: periodic obligations and their intervals. */
enum eg_cadence {
	EG_CAD_POLICY_REVIEW,
	EG_CAD_SPEC_REVIEW,
	EG_CAD_PERIODIC_CHECK,
	EG_CAD_EDUCATION,
	EG_CAD_AUDIT,
	EG_CAD_DRILL,
	EG_CAD_PARTNER_REVIEW,
	EG_CAD_BUDGET_REVIEW,
	EG_CAD_MEDIA_REVIEW,
	EG_CAD_PHYSICAL_ACCESS_REVIEW,
	EG_CAD_COUNT
};

/* Where a resolved cadence came from. */
enum eg_cadence_source {
	EG_CADSRC_THEME,       /* cadences.themes.TXX in the spec */
	EG_CADSRC_SPEC,        /* cadences.defaults in the spec */
	EG_CADSRC_CATALOGUE,   /* the catalogue's interval for the measure */
	EG_CADSRC_BUILTIN,     /* ecguard's default */
};

/* The key of a cadence in the spec ("periodic_check"), and the catalogue
 * measure kind it is the interval of ("periodic-check"). */
const char *eg_cadence_name(enum eg_cadence k);
const char *eg_cadence_measure_kind(enum eg_cadence k);
/* "theme", "spec", "catalogue" or "builtin". */
const char *eg_cadence_source_name(enum eg_cadence_source src);

struct eg_spec;

/*
 * Loads the spec at path (as the user named it) and the files it includes,
 * which must lie in path's folder or below it. Returns 0 and *out, or
 * EG_E_PARSE / EG_E_LIMIT / EG_E_NOTFOUND / EG_E_IO / EG_E_NOMEM with every
 * problem found added to d (file:line:col, already translated).
 * OUT: *out, caller frees with eg_spec_free.
 */
int eg_spec_load_file(const char *path, struct eg_spec **out,
		      struct eg_diags *d);

/*
 * Loads a spec from memory (named name in messages). `include:` is refused
 * (there is no folder to resolve it in). Same returns as eg_spec_load_file.
 */
int eg_spec_load_buffer(const char *name, const char *data, size_t len,
			struct eg_spec **out, struct eg_diags *d);

/*
 * The embedded default specification of a single-server shop (public ssh,
 * http and https only; everything else on loopback). Loaded once; never
 * freed by the caller. Its specification measures all assess as missing:
 * ecguard assumed them, the site did not specify them. NULL only when the
 * embedded data is broken (a build bug), with the reason in e.
 */
const struct eg_spec *eg_spec_builtin(struct eg_err *e);

/* Frees s; NULL is fine. Never pass the embedded default. */
void eg_spec_free(struct eg_spec *s);

/* 1 for the embedded default. */
int eg_spec_is_builtin(const struct eg_spec *s);

/* The files the spec was loaded from, top file first. */
size_t eg_spec_nfiles(const struct eg_spec *s);
const char *eg_spec_file(const struct eg_spec *s, size_t i);

const struct eg_spec_site *eg_spec_site(const struct eg_spec *s);

/* The sections, in declaration order (files in include order). Each sets
 * *n and returns the array (NULL when *n is 0). */
const struct eg_spec_zone *eg_spec_zones(const struct eg_spec *s, size_t *n);
const struct eg_spec_flow *eg_spec_flows(const struct eg_spec *s, size_t *n);
const struct eg_spec_server *eg_spec_servers(const struct eg_spec *s,
					     size_t *n);
const struct eg_spec_secret *eg_spec_secrets(const struct eg_spec *s,
					     size_t *n);
const struct eg_spec_user_data *eg_spec_user_data(const struct eg_spec *s,
						  size_t *n);
const struct eg_spec_comm *eg_spec_communications(const struct eg_spec *s,
						  size_t *n);
const struct eg_spec_auth_scene *eg_spec_auth_scenes(const struct eg_spec *s,
						     size_t *n);
const struct eg_spec_owner *eg_spec_owners(const struct eg_spec *s,
					   size_t *n);
const struct eg_spec_policy *eg_spec_policies(const struct eg_spec *s,
					      size_t *n);
const struct eg_spec_partner *eg_spec_partners(const struct eg_spec *s,
					       size_t *n);
const struct eg_spec_waiver *eg_spec_waivers(const struct eg_spec *s,
					     size_t *n);
const struct eg_spec_not_applicable *
eg_spec_not_applicable(const struct eg_spec *s, size_t *n);

/* Lookups by name or theme ID; NULL when absent. */
const struct eg_spec_zone *eg_spec_find_zone(const struct eg_spec *s,
					     const char *name);
const struct eg_spec_server *eg_spec_find_server(const struct eg_spec *s,
						 const char *name);
const struct eg_spec_owner *eg_spec_find_owner(const struct eg_spec *s,
					       const char *theme);
const struct eg_spec_policy *eg_spec_find_policy(const struct eg_spec *s,
						 const char *theme);
const struct eg_spec_not_applicable *
eg_spec_find_not_applicable(const struct eg_spec *s, const char *measure);

/*
 * The interval of cadence k for theme (e.g. "T02"; NULL for the site-wide
 * value), resolved: the theme's override in the spec, else the spec's
 * default, else the catalogue's interval of that theme's measure of the
 * matching kind, else ecguard's built-in default (periodic_check 3m,
 * physical_access_review 6m, everything else 12m). Always succeeds.
 */
struct eg_duration eg_spec_cadence(const struct eg_spec *s, const char *theme,
				   enum eg_cadence k,
				   enum eg_cadence_source *src);

/* The text of the cadence as written ("30d") when it came from the spec,
 * else NULL. */
const char *eg_spec_cadence_text(const struct eg_spec *s, const char *theme,
				 enum eg_cadence k);

#endif
