/*
 * spec.c: loading and validating the site specification.
 *
 * Loading happens in three passes so that every problem is reported in one
 * run: (1) each file is parsed into the bounded YAML tree and its sections
 * are read into the model, with every value checked for its form (type,
 * enumerations, names, ports, intervals, dates, URLs, CIDRs); references to
 * zones, servers and partners are only recorded, since what they name may
 * be declared in a file included later; (2) `include:` entries are followed
 * depth first, confined to the top file's folder (rootfs.h), refusing
 * cycles, repeats and escapes; (3) once every file is in, names are checked
 * for uniqueness and the recorded references are resolved.
 *
 * Strings in the model point into the YAML documents, which the spec keeps
 * until eg_spec_free; small arrays come from a per-spec arena.
 */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/num.h"
#include "../util/rootfs.h"
#include "../util/valid.h"
#include "../util/yaml.h"
#include "catalog.h"

/* Generated at build time from catalog/default-site.yaml. */
extern const unsigned char eg_spec_default_yaml[];
extern const size_t eg_spec_default_yaml_len;

/* A growable array of one section's elements. */
struct vec {
	void *items;
	size_t n, cap;
};

struct eg_spec {
	int builtin;
	struct eg_ydoc **docs;           /* every file, top first; owns text */
	size_t ndocs;
	void **arena;                    /* every small array, for freeing */
	size_t narena, caparena;
	int have_site;
	struct eg_spec_site site;
	struct vec zones, flows, servers, secrets, user_data, comms, auth,
		owners, policies, partners, waivers, na;
	/* Cadences: [0] is the spec-wide default, [1 + i] theme i. */
	struct eg_spec_interval (*cad)[EG_CAD_COUNT];
	struct eg_spec_pos (*cad_pos)[EG_CAD_COUNT];
	size_t ncad;
};

/* Themes of the catalogue (it has 11; its loader caps them at 99). */
#define EG_SPEC_MAX_THEMES 100

/* A reference to check once every file is loaded. */
enum ref_kind {
	REF_ZONE,      /* a zone */
	REF_SOURCE,    /* a zone, or an address/CIDR already validated */
	REF_SERVER,    /* a server */
	REF_PARTY,     /* a zone, a server or a partner */
};

struct ref {
	enum ref_kind kind;
	const char *name;
	const char *key;         /* the key it was written under, for messages */
	struct eg_spec_pos pos;
};

/* A file loaded (or being loaded), for cycle and repeat detection. */
struct seen {
	dev_t dev;
	ino_t ino;
	char *rel;               /* path relative to the top folder */
};

struct loader {
	struct eg_spec *s;
	const struct eg_catalog *cat;
	struct eg_diags *d;
	struct eg_root *root;    /* top file's folder; NULL for a buffer */
	char *dispdir;           /* folder prefix as the user wrote it */
	struct seen *seen;
	size_t nseen;
	size_t chain[EG_SPEC_MAX_INCLUDES + 1]; /* indexes into seen */
	size_t depth;
	size_t total_bytes;
	const struct eg_ydoc *doc;   /* the file being read */
	const char *file;
	struct ref *refs;
	size_t nrefs, caprefs;
	size_t diag_start;       /* d->count when loading began */
	int nomem;
	int fatal;               /* stop following includes (a limit hit) */
	int limit;               /* a file exceeded a YAML limit */
};

/* ---------------------------------------------------------------------- */
/* Small helpers */

static void *vec_push(struct loader *L, struct vec *v, size_t size)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 8;
		void *p = eg_reallocarray(v->items, nc, size);
		if (p == NULL) {
			L->nomem = 1;
			return NULL;
		}
		v->items = p;
		v->cap = nc;
	}
	void *it = (char *)v->items + v->n * size;
	memset(it, 0, size);
	v->n++;
	return it;
}

static void *arena_calloc(struct loader *L, size_t n, size_t size)
{
	struct eg_spec *s = L->s;
	if (n == 0)
		n = 1;
	if (s->narena == s->caparena) {
		size_t nc = s->caparena ? s->caparena * 2 : 64;
		void *p = eg_reallocarray(s->arena, nc, sizeof(*s->arena));
		if (p == NULL) {
			L->nomem = 1;
			return NULL;
		}
		s->arena = p;
		s->caparena = nc;
	}
	void *p = eg_calloc(n, size);
	if (p == NULL) {
		L->nomem = 1;
		return NULL;
	}
	s->arena[s->narena++] = p;
	return p;
}

static struct eg_spec_pos pos_of(const struct loader *L,
				 const struct eg_ynode *n)
{
	struct eg_spec_pos p = {L->file, n->line, n->col};
	return p;
}

static void vdiag(struct loader *L, const struct eg_spec_pos *p,
		  const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void vdiag(struct loader *L, const struct eg_spec_pos *p,
		  const char *fmt, va_list ap)
{
	char msg[EG_ERRMSG_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (eg_diag_add(L->d, p->file, p->line, p->col, "%s", msg) ==
	    EG_E_NOMEM)
		L->nomem = 1;
}

/* An error at a node of the current file. */
static void err_at(struct loader *L, const struct eg_ynode *n,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err_at(struct loader *L, const struct eg_ynode *n,
		   const char *fmt, ...)
{
	struct eg_spec_pos p = pos_of(L, n);
	va_list ap;
	va_start(ap, fmt);
	vdiag(L, &p, fmt, ap);
	va_end(ap);
}

/* An error at a recorded position (any file). */
static void err_pos(struct loader *L, const struct eg_spec_pos *p,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err_pos(struct loader *L, const struct eg_spec_pos *p,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(L, p, fmt, ap);
	va_end(ap);
}

/* Length to quote a user string with %.*s. */
static int qlen(const char *s)
{
	size_t n = strlen(s);
	return (int)(n > EG_QUOTE_MAX ? EG_QUOTE_MAX : n);
}

/* Whether more diagnostics would still be stored (suggestions cost time;
 * skip them once the list is full). */
static int diags_room(const struct loader *L)
{
	return L->d->count < EG_DIAG_MAX;
}

static void add_ref(struct loader *L, enum ref_kind kind, const char *name,
		    const char *key, struct eg_spec_pos pos)
{
	if (L->nrefs == L->caprefs) {
		size_t nc = L->caprefs ? L->caprefs * 2 : 64;
		void *p = eg_reallocarray(L->refs, nc, sizeof(*L->refs));
		if (p == NULL) {
			L->nomem = 1;
			return;
		}
		L->refs = p;
		L->caprefs = nc;
	}
	struct ref *r = &L->refs[L->nrefs++];
	r->kind = kind;
	r->name = name;
	r->key = key;
	r->pos = pos;
}

static void join_list(char *out, size_t outlen, const char *const *vals)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; vals[i] != NULL; i++) {
		int n = snprintf(out + used, outlen - used, "%s%s",
				 i ? ", " : "", vals[i]);
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
}

/* ---------------------------------------------------------------------- */
/* Typed getters: each reports its own problem and leaves *out alone when
 * the key is absent (the caller presets the default). */

static int is_map(struct loader *L, const struct eg_ynode *n, const char *what)
{
	if (n->type == EG_Y_MAP)
		return 1;
	err_at(L, n, _("%s must be a mapping (key: value lines), not %s"),
	       what, eg_ynode_kind(n));
	return 0;
}

static void check_keys(struct loader *L, const struct eg_ynode *map,
		       const char *const *allowed, const char *const *required)
{
	eg_ymap_check_keys(L->doc, map, allowed, required, L->d);
}

static const char *get_str(struct loader *L, const struct eg_ynode *map,
			   const char *key)
{
	const char *v = NULL;
	eg_yget_str(L->doc, map, key, 0, &v, L->d);
	return v;
}

static const char *get_name(struct loader *L, const struct eg_ynode *map,
			    const char *key)
{
	const char *v = get_str(L, map, key);
	if (v != NULL && !eg_valid_name(v)) {
		err_at(L, eg_ymap_get(map, key),
		       _("invalid %s \"%.*s\"; use 1 to %u letters, digits, '.', '_' or '-', starting with a letter or digit"),
		       key, qlen(v), v, (unsigned)EG_SPEC_MAX_NAME);
		return NULL;
	}
	return v;
}

/* Reports an enumerated value not in vals, with a suggestion. */
static void bad_enum(struct loader *L, const struct eg_ynode *n,
		     const char *key, const char *v, const char *const *vals)
{
	const char *sug = eg_did_you_mean(v, vals);
	if (sug != NULL) {
		err_at(L, n, _("invalid %s \"%.*s\"; did you mean \"%s\"?"),
		       key, qlen(v), v, sug);
	} else {
		char list[512];
		join_list(list, sizeof(list), vals);
		err_at(L, n, _("invalid %s \"%.*s\"; use one of: %s"), key,
		       qlen(v), v, list);
	}
}

static const char *enum_value(const char *v, const char *const *vals)
{
	for (size_t i = 0; vals[i] != NULL; i++)
		if (strcmp(v, vals[i]) == 0)
			return vals[i];
	return NULL;
}

static const char *get_enum(struct loader *L, const struct eg_ynode *map,
			    const char *key, const char *const *vals)
{
	const char *v = get_str(L, map, key);
	if (v == NULL)
		return NULL;
	const char *c = enum_value(v, vals);
	if (c == NULL)
		bad_enum(L, eg_ymap_get(map, key), key, v, vals);
	return c;
}

static void get_bool(struct loader *L, const struct eg_ynode *map,
		     const char *key, int *out)
{
	eg_yget_bool(L->doc, map, key, 0, out, L->d);
}

static void get_int(struct loader *L, const struct eg_ynode *map,
		    const char *key, int64_t min, int64_t max, int *out)
{
	int64_t v;
	if (eg_ymap_get(map, key) != NULL &&
	    eg_yget_int(L->doc, map, key, 0, min, max, &v, L->d) == 0)
		*out = (int)v;
}

static unsigned get_port(struct loader *L, const struct eg_ynode *map,
			 const char *key)
{
	const struct eg_ynode *n = eg_ymap_get(map, key);
	uint64_t v;
	if (n == NULL)
		return 0;
	if (n->type == EG_Y_SCALAR && n->plain &&
	    eg_parse_u64n(n->str, n->len, 10, 1, 65535, &v) == 0)
		return (unsigned)v;
	if (n->type == EG_Y_SCALAR)
		err_at(L, n, _("invalid port \"%.*s\"; write a number from 1 to 65535"),
		       qlen(n->str), n->str);
	else
		err_at(L, n, _("\"%s\" must be a port number from 1 to 65535, not %s"),
		       key, eg_ynode_kind(n));
	return 0;
}

static void get_interval(struct loader *L, const struct eg_ynode *map,
			 const char *key, struct eg_spec_interval *out)
{
	const char *v = get_str(L, map, key);
	if (v == NULL)
		return;
	struct eg_duration du;
	int r = eg_duration_parse(v, &du);
	if (r == EG_E_RANGE) {
		err_at(L, eg_ymap_get(map, key),
		       _("interval \"%.*s\" for %s out of range; it must be at least 1 day and at most 100 years"),
		       qlen(v), v, key);
		return;
	}
	if (r != 0) {
		err_at(L, eg_ymap_get(map, key),
		       _("invalid interval \"%.*s\" for %s; write a whole number and d, w, m or y, e.g. 30d, 6w, 12m, 1y"),
		       qlen(v), v, key);
		return;
	}
	out->text = v;
	out->dur = du;
}

static void get_date(struct loader *L, const struct eg_ynode *map,
		     const char *key, struct eg_spec_date *out)
{
	const char *v = get_str(L, map, key);
	if (v == NULL)
		return;
	int32_t days;
	int r = eg_date_parse(v, &days);
	if (r == EG_E_RANGE) {
		err_at(L, eg_ymap_get(map, key),
		       _("no such date \"%.*s\" for %s; check the month and day (years 1970-9999)"),
		       qlen(v), v, key);
		return;
	}
	if (r != 0) {
		err_at(L, eg_ymap_get(map, key),
		       _("invalid date \"%.*s\" for %s; write YYYY-MM-DD, e.g. 2025-04-01"),
		       qlen(v), v, key);
		return;
	}
	out->text = v;
	out->days = days;
}

static const char *get_url(struct loader *L, const struct eg_ynode *map,
			   const char *key)
{
	const char *v = get_str(L, map, key);
	const char *why = NULL;
	if (v != NULL && eg_url_parse(v, NULL, &why) != 0) {
		err_at(L, eg_ymap_get(map, key),
		       _("invalid URL \"%.*s\" for %s: %s"), qlen(v), v, key,
		       _(why));
		return NULL;
	}
	return v;
}

/* What the items of a string list must be. */
enum strv_kind {
	SV_TEXT,       /* any text */
	SV_NAME,       /* eg_valid_name */
	SV_IP,         /* one address */
	SV_CIDR,       /* a network */
	SV_SOURCE,     /* a zone name, an address or a network */
	SV_SERVER,     /* a server name */
	SV_LOCALE,     /* ja-JP */
	SV_ENUM,       /* one of vals */
	SV_HOSTPAT,    /* a host name or address, or "*.domain" */
};

static int valid_locale(const char *s)
{
	/* language (2-3 letters) then -subtags of 2-8 letters or digits. */
	size_t i = 0;
	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (s[i] == '-') {
		size_t j = ++i;
		while ((s[i] >= 'a' && s[i] <= 'z') ||
		       (s[i] >= 'A' && s[i] <= 'Z') ||
		       (s[i] >= '0' && s[i] <= '9'))
			i++;
		if (i - j < 2 || i - j > 8)
			return 0;
	}
	return s[i] == '\0';
}

/* Checks one address or network; reports and returns 0 when invalid. */
static int check_net(struct loader *L, const struct eg_ynode *n,
		     const char *key, const char *v, int allow_ip)
{
	if (allow_ip && eg_ip_parse(v, NULL) == 0)
		return 1;
	char sug[64] = "";
	const char *why = NULL;
	int r = eg_cidr_parse(v, NULL, NULL, sug, sizeof(sug), &why);
	if (r == 0)
		return 1;
	if (sug[0] != '\0')
		err_at(L, n, _("invalid network \"%.*s\" in %s: %s (did you mean \"%s\"?)"),
		       qlen(v), v, key, _(why), sug);
	else if (strchr(v, '/') != NULL || !allow_ip)
		err_at(L, n, _("invalid network \"%.*s\" in %s: %s; write ADDRESS/PREFIX, e.g. 192.0.2.0/24"),
		       qlen(v), v, key, _(why));
	else
		err_at(L, n, _("invalid address \"%.*s\" in %s; write an IPv4 or IPv6 address"),
		       qlen(v), v, key);
	return 0;
}

/*
 * A host a payment page may load scripts from or post a card form to: a
 * DNS name (letters, digits, hyphens in dot-separated labels), an address,
 * or "*." and a name with at least two labels for every subdomain of it.
 * No scheme, port or path: the check compares hosts only.
 */
static int valid_host_pattern(const char *s)
{
	if (eg_ip_parse(s, NULL) == 0)
		return 1;
	if (s[0] == '*' && s[1] == '.') {
		s += 2;
		if (strchr(s, '.') == NULL)
			return 0;
	}
	size_t label = 0, total = 0;
	for (const char *c = s; *c != '\0'; c++, total++) {
		if (*c == '.') {
			if (label == 0 || c[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			 (*c >= '0' && *c <= '9') || *c == '-';
		if (!ok || (label == 0 && *c == '-') || ++label > 63)
			return 0;
	}
	return total > 0 && total <= 253 && label > 0 &&
	       s[total - 1] != '-';
}

static void get_strv(struct loader *L, const struct eg_ynode *map,
		     const char *key, enum strv_kind kind,
		     const char *const *vals, struct eg_spec_strv *out)
{
	const struct eg_ynode *seq = NULL;
	if (eg_yget_seq(L->doc, map, key, 0, &seq, L->d) != 0 || seq == NULL)
		return;
	if (seq->n > EG_SPEC_MAX_LIST) {
		err_at(L, seq, _("%s has %zu entries, more than %u; split or shorten it"),
		       key, seq->n, (unsigned)EG_SPEC_MAX_LIST);
		return;
	}
	const char **v = arena_calloc(L, seq->n, sizeof(*v));
	struct eg_spec_pos *pos = arena_calloc(L, seq->n, sizeof(*pos));
	if (v == NULL || pos == NULL)
		return;
	size_t k = 0;
	for (size_t i = 0; i < seq->n; i++) {
		const struct eg_ynode *n = seq->items[i];
		const char *s = NULL;
		if (eg_yscalar_str(L->doc, n, key, &s, L->d) != 0)
			continue;
		int ok = 1;
		switch (kind) {
		case SV_TEXT:
			break;
		case SV_NAME:
		case SV_SERVER:
			if (!eg_valid_name(s)) {
				err_at(L, n, _("invalid name \"%.*s\" in %s; use letters, digits, '.', '_' or '-'"),
				       qlen(s), s, key);
				ok = 0;
			} else if (kind == SV_SERVER) {
				add_ref(L, REF_SERVER, s, key, pos_of(L, n));
			}
			break;
		case SV_IP:
			if (eg_ip_parse(s, NULL) != 0) {
				err_at(L, n, _("invalid address \"%.*s\" in %s; write an IPv4 or IPv6 address without a prefix"),
				       qlen(s), s, key);
				ok = 0;
			}
			break;
		case SV_CIDR:
			ok = check_net(L, n, key, s, 0);
			break;
		case SV_SOURCE:
			if (eg_ip_parse(s, NULL) == 0)
				break;
			if (strchr(s, '/') != NULL || strchr(s, ':') != NULL ||
			    !eg_valid_name(s)) {
				ok = check_net(L, n, key, s, 1);
				break;
			}
			add_ref(L, REF_SOURCE, s, key, pos_of(L, n));
			break;
		case SV_HOSTPAT:
			if (!valid_host_pattern(s)) {
				err_at(L, n, _("invalid host \"%.*s\" in %s; write a host name (shop.example), an address, or *.domain for its subdomains"),
				       qlen(s), s, key);
				ok = 0;
			}
			break;
		case SV_LOCALE:
			if (!valid_locale(s)) {
				err_at(L, n, _("invalid locale \"%.*s\"; write a language tag such as ja-JP or en-US"),
				       qlen(s), s);
				ok = 0;
			}
			break;
		case SV_ENUM: {
			const char *c = enum_value(s, vals);
			if (c == NULL) {
				bad_enum(L, n, key, s, vals);
				ok = 0;
			} else {
				s = c;
			}
			break;
		}
		}
		if (!ok)
			continue;
		v[k] = s;
		pos[k] = pos_of(L, n);
		k++;
	}
	out->v = v;
	out->pos = pos;
	out->n = k;
}

/* The entries of a list section, or NULL after reporting a wrong type. */
static const struct eg_ynode *get_list(struct loader *L,
				       const struct eg_ynode *map,
				       const char *key)
{
	const struct eg_ynode *seq = NULL;
	if (eg_yget_seq(L->doc, map, key, 0, &seq, L->d) != 0)
		return NULL;
	return seq;
}

/* Room for one more element of section v (limit EG_SPEC_MAX_LIST across
 * files); reports once at the list when full. */
static void *section_push(struct loader *L, struct vec *v, size_t size,
			  const struct eg_ynode *list, const char *key)
{
	if (v->n >= EG_SPEC_MAX_LIST) {
		err_at(L, list, _("more than %u entries in %s (all files together); split the site into several specs"),
		       (unsigned)EG_SPEC_MAX_LIST, key);
		return NULL;
	}
	return vec_push(L, v, size);
}

/* ---------------------------------------------------------------------- */
/* Enumerations */

static const char *const exposures[] = {"public", "zone", "local", NULL};
static const char *const protocols[] = {"tcp", "udp", NULL};
static const char *const local_modes[] = {"declared", "any", NULL};
static const char *const roles[] = {
	"web", "app", "db", "mail", "cache", "storage", "proxy", "dns",
	"admin", "bastion", "monitoring", "backup", "batch", "all-in-one",
	"other", NULL};
static const char *const secret_kinds[] = {
	"password", "private-key", "certificate", "api-token", "access-list",
	"other", NULL};
static const char *const data_kinds[] = {
	"personal", "card", "transactions", "partner-secrets", "other", NULL};
static const char *const tls_versions[] = {"TLSv1.2", "TLSv1.3", "none",
					   NULL};
static const char *const nonrep[] = {"signed", "logged", "none", NULL};
static const char *const scenes[] = {"customer-login", "admin-login", "ssh",
				     "api", "partner", NULL};
static const char *const factors[] = {"password", "totp", "key",
				      "certificate", "webauthn", "sms",
				      "email", "sso", NULL};

static const char *const cadence_keys[] = {
	"policy_review", "spec_review", "periodic_check", "education", "audit",
	"drill", "partner_review", "budget_review", "media_review",
	"physical_access_review", NULL};

static const char *const cadence_kinds[] = {
	"policy", "specification", "periodic-check", "education", "audit",
	"drill", "outsourcing", "budget", "media", "physical-access", NULL};

const char *eg_cadence_name(enum eg_cadence k)
{
	return (unsigned)k < EG_CAD_COUNT ? cadence_keys[k] : "";
}

const char *eg_cadence_measure_kind(enum eg_cadence k)
{
	return (unsigned)k < EG_CAD_COUNT ? cadence_kinds[k] : "";
}

const char *eg_cadence_source_name(enum eg_cadence_source src)
{
	switch (src) {
	case EG_CADSRC_THEME: return "theme";
	case EG_CADSRC_SPEC: return "spec";
	case EG_CADSRC_CATALOGUE: return "catalogue";
	default: return "builtin";
	}
}

/* ---------------------------------------------------------------------- */
/* Sections */

static void parse_site(struct loader *L, const struct eg_ynode *n)
{
	static const char *const keys[] = {"name", "operator", "endpoints",
					   "locales", NULL};
	static const char *const req[] = {"name", NULL};
	static const char *const ekeys[] = {"url", "name", "payment", "admin",
					    "script_hosts", "form_hosts",
					    NULL};
	static const char *const ereq[] = {"url", NULL};
	struct eg_spec *s = L->s;
	if (!is_map(L, n, "site"))
		return;
	if (s->have_site) {
		err_at(L, n, _("site is declared a second time (first at %s:%u:%u); keep one site: section"),
		       s->site.pos.file, s->site.pos.line, s->site.pos.col);
		return;
	}
	s->have_site = 1;
	s->site.pos = pos_of(L, n);
	check_keys(L, n, keys, req);
	s->site.name = get_str(L, n, "name");
	s->site.operator_name = get_str(L, n, "operator");
	get_strv(L, n, "locales", SV_LOCALE, NULL, &s->site.locales);
	const struct eg_ynode *eps = get_list(L, n, "endpoints");
	if (eps == NULL)
		return;
	if (eps->n > EG_SPEC_MAX_LIST) {
		err_at(L, eps, _("endpoints has %zu entries, more than %u"),
		       eps->n, (unsigned)EG_SPEC_MAX_LIST);
		return;
	}
	struct eg_spec_endpoint *ep = arena_calloc(L, eps->n, sizeof(*ep));
	if (ep == NULL)
		return;
	size_t k = 0;
	for (size_t i = 0; i < eps->n; i++) {
		const struct eg_ynode *e = eps->items[i];
		if (!is_map(L, e, _("an endpoint")))
			continue;
		check_keys(L, e, ekeys, ereq);
		memset(&ep[k], 0, sizeof(ep[k])); /* may hold a refused one */
		ep[k].url = get_url(L, e, "url");
		ep[k].name = get_name(L, e, "name");
		get_bool(L, e, "payment", &ep[k].payment);
		get_bool(L, e, "admin", &ep[k].admin);
		get_strv(L, e, "script_hosts", SV_HOSTPAT, NULL,
			 &ep[k].script_hosts);
		get_strv(L, e, "form_hosts", SV_HOSTPAT, NULL,
			 &ep[k].form_hosts);
		ep[k].pos = pos_of(L, e);
		if (ep[k].url != NULL)
			k++;
	}
	s->site.endpoints = ep;
	s->site.nendpoints = k;
}

static void parse_zones(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {"name", "description", "networks",
					   NULL};
	static const char *const req[] = {"name", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a zone")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_zone *z = section_push(L, &L->s->zones,
						      sizeof(*z), list,
						      "zones");
		if (z == NULL)
			return;
		z->pos = pos_of(L, n);
		z->name = get_name(L, n, "name");
		z->description = get_str(L, n, "description");
		get_strv(L, n, "networks", SV_CIDR, NULL, &z->networks);
		if (z->name == NULL)
			L->s->zones.n--;
	}
}

static void parse_flows(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {"from", "to", "service", "protocol",
					   "port", "purpose", "logged", NULL};
	static const char *const req[] = {"from", "to", "service", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a flow")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_flow *f = section_push(L, &L->s->flows,
						      sizeof(*f), list,
						      "flows");
		if (f == NULL)
			return;
		f->pos = pos_of(L, n);
		f->from = get_name(L, n, "from");
		f->to = get_name(L, n, "to");
		f->service = get_str(L, n, "service");
		f->protocol = get_enum(L, n, "protocol", protocols);
		f->port = get_port(L, n, "port");
		f->purpose = get_str(L, n, "purpose");
		f->logged = EG_SPEC_UNSET;
		get_bool(L, n, "logged", &f->logged);
		if (f->from != NULL)
			add_ref(L, REF_ZONE, f->from, "from",
				pos_of(L, eg_ymap_get(n, "from")));
		if (f->to != NULL)
			add_ref(L, REF_ZONE, f->to, "to",
				pos_of(L, eg_ymap_get(n, "to")));
	}
}

static void parse_service(struct loader *L, const struct eg_ynode *n,
			  struct eg_spec_service *sv)
{
	static const char *const keys[] = {"name", "port", "protocol",
					   "process", "exposure",
					   "allowed_from", "log",
					   "description", NULL};
	static const char *const req[] = {"name", "port", "exposure", NULL};
	check_keys(L, n, keys, req);
	sv->pos = pos_of(L, n);
	sv->name = get_name(L, n, "name");
	sv->port = get_port(L, n, "port");
	sv->protocol = get_enum(L, n, "protocol", protocols);
	if (sv->protocol == NULL)
		sv->protocol = "tcp";
	sv->process = get_str(L, n, "process");
	sv->exposure = get_enum(L, n, "exposure", exposures);
	get_strv(L, n, "allowed_from", SV_SOURCE, NULL, &sv->allowed_from);
	sv->log = get_str(L, n, "log");
	const struct eg_ynode *af = eg_ymap_get(n, "allowed_from");
	if (af != NULL && sv->exposure != NULL &&
	    strcmp(sv->exposure, "local") == 0)
		err_at(L, af, "%s",
		       _("allowed_from does not apply to a local service (it listens on loopback only); remove it or use exposure: zone"));
}

static void parse_access(struct loader *L, const struct eg_ynode *n,
			 struct eg_spec_access *a)
{
	static const char *const keys[] = {"users", "admins", "from", NULL};
	if (!is_map(L, n, "access"))
		return;
	check_keys(L, n, keys, NULL);
	a->stated = 1;
	get_strv(L, n, "users", SV_NAME, NULL, &a->users);
	get_strv(L, n, "admins", SV_NAME, NULL, &a->admins);
	get_strv(L, n, "from", SV_SOURCE, NULL, &a->from);
}

static void parse_monitoring(struct loader *L, const struct eg_ynode *n,
			     struct eg_spec_monitoring *m)
{
	static const char *const keys[] = {"logs", "log_retention",
					   "file_integrity", "alert_to", NULL};
	if (!is_map(L, n, "monitoring"))
		return;
	check_keys(L, n, keys, NULL);
	m->stated = 1;
	get_strv(L, n, "logs", SV_TEXT, NULL, &m->logs);
	get_interval(L, n, "log_retention", &m->log_retention);
	get_bool(L, n, "file_integrity", &m->file_integrity);
	m->alert_to = get_str(L, n, "alert_to");
}

static void parse_vuln(struct loader *L, const struct eg_ynode *n,
		       struct eg_spec_vuln *v)
{
	static const char *const keys[] = {"patch_within", "auto_updates",
					   "scan_every", "sources", NULL};
	if (!is_map(L, n, "vulnerability"))
		return;
	check_keys(L, n, keys, NULL);
	v->stated = 1;
	get_interval(L, n, "patch_within", &v->patch_within);
	get_bool(L, n, "auto_updates", &v->auto_updates);
	get_interval(L, n, "scan_every", &v->scan_every);
	get_strv(L, n, "sources", SV_TEXT, NULL, &v->sources);
}

static void parse_servers(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"name", "role", "hostname", "zone", "addresses",
		"local_services", "web_roots", "services", "access",
		"monitoring", "vulnerability", "description", NULL};
	static const char *const req[] = {"name", "role", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a server")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_server *sv = section_push(L, &L->s->servers,
							 sizeof(*sv), list,
							 "servers");
		if (sv == NULL)
			return;
		sv->pos = pos_of(L, n);
		sv->name = get_name(L, n, "name");
		sv->role = get_enum(L, n, "role", roles);
		sv->hostname = get_str(L, n, "hostname");
		sv->zone = get_name(L, n, "zone");
		if (sv->zone != NULL)
			add_ref(L, REF_ZONE, sv->zone, "zone",
				pos_of(L, eg_ymap_get(n, "zone")));
		get_strv(L, n, "addresses", SV_IP, NULL, &sv->addresses);
		sv->local_services = get_enum(L, n, "local_services",
					      local_modes);
		if (sv->local_services == NULL)
			sv->local_services = "declared";
		get_strv(L, n, "web_roots", SV_TEXT, NULL, &sv->web_roots);
		sv->monitoring.file_integrity = EG_SPEC_UNSET;
		sv->vulnerability.auto_updates = EG_SPEC_UNSET;
		const struct eg_ynode *sub;
		if ((sub = eg_ymap_get(n, "access")) != NULL)
			parse_access(L, sub, &sv->access);
		if ((sub = eg_ymap_get(n, "monitoring")) != NULL)
			parse_monitoring(L, sub, &sv->monitoring);
		if ((sub = eg_ymap_get(n, "vulnerability")) != NULL)
			parse_vuln(L, sub, &sv->vulnerability);
		const struct eg_ynode *svcs = get_list(L, n, "services");
		if (svcs != NULL) {
			sv->services_stated = 1;
			if (svcs->n > EG_SPEC_MAX_LIST) {
				err_at(L, svcs, _("services has %zu entries, more than %u"),
				       svcs->n, (unsigned)EG_SPEC_MAX_LIST);
			} else {
				struct eg_spec_service *a = arena_calloc(
					L, svcs->n, sizeof(*a));
				size_t k = 0;
				for (size_t j = 0; a != NULL && j < svcs->n;
				     j++) {
					const struct eg_ynode *e = svcs->items[j];
					if (!is_map(L, e, _("a service")))
						continue;
					/* a[k] may hold a refused entry. */
					memset(&a[k], 0, sizeof(a[k]));
					parse_service(L, e, &a[k]);
					if (a[k].name != NULL)
						k++;
				}
				sv->services = a;
				sv->nservices = k;
			}
		}
		if (sv->name == NULL)
			L->s->servers.n--;
	}
}

static void parse_secrets(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"name", "kind", "location", "server", "owner", "readers",
		"rotation", "protection", "description", NULL};
	static const char *const req[] = {"name", "kind", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a security-management item")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_secret *x = section_push(L, &L->s->secrets,
							sizeof(*x), list,
							"secrets");
		if (x == NULL)
			return;
		x->pos = pos_of(L, n);
		x->name = get_name(L, n, "name");
		x->kind = get_enum(L, n, "kind", secret_kinds);
		x->location = get_str(L, n, "location");
		x->server = get_name(L, n, "server");
		if (x->server != NULL)
			add_ref(L, REF_SERVER, x->server, "server",
				pos_of(L, eg_ymap_get(n, "server")));
		x->owner = get_str(L, n, "owner");
		get_strv(L, n, "readers", SV_TEXT, NULL, &x->readers);
		get_interval(L, n, "rotation", &x->rotation);
		get_strv(L, n, "protection", SV_TEXT, NULL, &x->protection);
		if (x->name == NULL)
			L->s->secrets.n--;
	}
}

static void parse_user_data(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"name", "kind", "location", "server", "owner",
		"encryption_at_rest", "retention", "store_allowed",
		"description", NULL};
	static const char *const req[] = {"name", "kind", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a user-data item")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_user_data *x = section_push(
			L, &L->s->user_data, sizeof(*x), list, "user_data");
		if (x == NULL)
			return;
		x->pos = pos_of(L, n);
		x->name = get_name(L, n, "name");
		x->kind = get_enum(L, n, "kind", data_kinds);
		x->location = get_str(L, n, "location");
		x->server = get_name(L, n, "server");
		if (x->server != NULL)
			add_ref(L, REF_SERVER, x->server, "server",
				pos_of(L, eg_ymap_get(n, "server")));
		x->owner = get_str(L, n, "owner");
		x->encrypted = EG_SPEC_UNSET;
		get_bool(L, n, "encryption_at_rest", &x->encrypted);
		get_interval(L, n, "retention", &x->retention);
		x->store_allowed = 1;
		get_bool(L, n, "store_allowed", &x->store_allowed);
		if (!x->store_allowed) {
			/* Data that may not be kept has no rest to protect:
			 * stating both is a contradiction worth catching. */
			static const char *const moot[] = {
				"encryption_at_rest", "retention", NULL};
			for (size_t k = 0; moot[k] != NULL; k++) {
				const struct eg_ynode *m = eg_ymap_get(n, moot[k]);
				if (m != NULL)
					err_at(L, m, _("%s does not apply when store_allowed is false; remove it"),
					       moot[k]);
			}
		}
		if (x->name == NULL)
			L->s->user_data.n--;
	}
}

static void parse_comms(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"name", "from", "to", "protocol", "min_tls", "mutual_auth",
		"non_repudiation", "purpose", NULL};
	static const char *const req[] = {"from", "to", "protocol", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a communication")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_comm *c = section_push(L, &L->s->comms,
						      sizeof(*c), list,
						      "communications");
		if (c == NULL)
			return;
		c->pos = pos_of(L, n);
		c->name = get_name(L, n, "name");
		c->from = get_name(L, n, "from");
		c->to = get_name(L, n, "to");
		if (c->from != NULL)
			add_ref(L, REF_PARTY, c->from, "from",
				pos_of(L, eg_ymap_get(n, "from")));
		if (c->to != NULL)
			add_ref(L, REF_PARTY, c->to, "to",
				pos_of(L, eg_ymap_get(n, "to")));
		c->protocol = get_str(L, n, "protocol");
		c->min_tls = get_enum(L, n, "min_tls", tls_versions);
		c->mutual_auth = EG_SPEC_UNSET;
		get_bool(L, n, "mutual_auth", &c->mutual_auth);
		c->non_repudiation = get_enum(L, n, "non_repudiation", nonrep);
		c->purpose = get_str(L, n, "purpose");
	}
}

static void parse_auth(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"scene", "name", "factors", "lockout_threshold", "password",
		"allowed_from", "servers", "description", NULL};
	static const char *const req[] = {"scene", NULL};
	static const char *const pkeys[] = {"min_length", "complexity",
					    "history", "max_age", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("an authentication scene")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_auth_scene *a = section_push(
			L, &L->s->auth, sizeof(*a), list, "authentication");
		if (a == NULL)
			return;
		a->pos = pos_of(L, n);
		a->scene = get_enum(L, n, "scene", scenes);
		a->name = get_name(L, n, "name");
		if (a->name == NULL && eg_ymap_get(n, "name") == NULL)
			a->name = a->scene;
		get_strv(L, n, "factors", SV_ENUM, factors, &a->factors);
		a->lockout_threshold = EG_SPEC_UNSET;
		get_int(L, n, "lockout_threshold", 0, 1000,
			&a->lockout_threshold);
		a->password.min_length = EG_SPEC_UNSET;
		a->password.complexity = EG_SPEC_UNSET;
		a->password.history = EG_SPEC_UNSET;
		const struct eg_ynode *pw = eg_ymap_get(n, "password");
		if (pw != NULL && is_map(L, pw, "password")) {
			check_keys(L, pw, pkeys, NULL);
			a->password.stated = 1;
			get_int(L, pw, "min_length", 1, 1024,
				&a->password.min_length);
			get_bool(L, pw, "complexity", &a->password.complexity);
			get_int(L, pw, "history", 0, 1000,
				&a->password.history);
			get_interval(L, pw, "max_age", &a->password.max_age);
		}
		get_strv(L, n, "allowed_from", SV_SOURCE, NULL,
			 &a->allowed_from);
		get_strv(L, n, "servers", SV_SERVER, NULL, &a->servers);
		if (a->name == NULL)
			L->s->auth.n--;
	}
}

/* The theme a key of owners/policies/cadences names, or NULL after an
 * error or for a repeated key. seen has a flag per catalogue theme. */
static const struct eg_theme *theme_key(struct loader *L,
					const struct eg_ynode *k,
					const char *section,
					unsigned char *seen)
{
	const struct eg_theme *t = NULL;
	if (k->type == EG_Y_SCALAR)
		t = eg_catalog_find_theme(L->cat, k->str);
	if (t != NULL) {
		/* A repeated key in one mapping was reported by the YAML
		 * reader already; skip it rather than report it twice. */
		size_t ti = (size_t)(t - eg_catalog_theme(L->cat, 0));
		if (seen[ti])
			return NULL;
		seen[ti] = 1;
	} else {
		size_t nt = eg_catalog_nthemes(L->cat);
		err_at(L, k, _("unknown theme \"%.*s\" under %s; themes are %s to %s"),
		       k->type == EG_Y_SCALAR ? qlen(k->str) : 0,
		       k->type == EG_Y_SCALAR ? k->str : "", section,
		       eg_catalog_theme(L->cat, 0)->id,
		       eg_catalog_theme(L->cat, nt - 1)->id);
	}
	return t;
}

static void parse_owners(struct loader *L, const struct eg_ynode *map)
{
	unsigned char seen[EG_SPEC_MAX_THEMES] = {0};
	static const char *const keys[] = {"name", "role", "contact", "deputy",
					   NULL};
	static const char *const req[] = {"name", NULL};
	for (size_t i = 0; i < map->n; i++) {
		const struct eg_ynode *k = map->items[2 * i];
		const struct eg_ynode *v = map->items[2 * i + 1];
		const struct eg_theme *t = theme_key(L, k, "owners", seen);
		if (t == NULL || !is_map(L, v, _("an owner")))
			continue;
		check_keys(L, v, keys, req);
		struct eg_spec_owner *o = section_push(L, &L->s->owners,
						       sizeof(*o), map,
						       "owners");
		if (o == NULL)
			return;
		memcpy(o->theme, t->id, sizeof(o->theme));
		o->pos = pos_of(L, k);
		o->name = get_str(L, v, "name");
		o->role = get_str(L, v, "role");
		o->contact = get_str(L, v, "contact");
		o->deputy = get_str(L, v, "deputy");
	}
}

static void parse_policies(struct loader *L, const struct eg_ynode *map)
{
	unsigned char seen[EG_SPEC_MAX_THEMES] = {0};
	static const char *const keys[] = {"document", "version", "approver",
					   "approved", "review", NULL};
	static const char *const req[] = {"document", NULL};
	for (size_t i = 0; i < map->n; i++) {
		const struct eg_ynode *k = map->items[2 * i];
		const struct eg_ynode *v = map->items[2 * i + 1];
		const struct eg_theme *t = theme_key(L, k, "policies", seen);
		if (t == NULL || !is_map(L, v, _("a policy")))
			continue;
		check_keys(L, v, keys, req);
		struct eg_spec_policy *p = section_push(L, &L->s->policies,
							sizeof(*p), map,
							"policies");
		if (p == NULL)
			return;
		memcpy(p->theme, t->id, sizeof(p->theme));
		p->pos = pos_of(L, k);
		p->document = get_str(L, v, "document");
		if (p->document != NULL &&
		    (strncasecmp(p->document, "http://", 7) == 0 ||
		     strncasecmp(p->document, "https://", 8) == 0))
			p->document = get_url(L, v, "document");
		p->version = get_str(L, v, "version");
		p->approver = get_str(L, v, "approver");
		get_date(L, v, "approved", &p->approved);
		get_interval(L, v, "review", &p->review);
	}
}

static void parse_partners(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {"name", "handles", "agreement",
					   "contact", "last_review", "review",
					   "description", NULL};
	static const char *const req[] = {"name", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a partner")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_partner *p = section_push(L, &L->s->partners,
							 sizeof(*p), list,
							 "partners");
		if (p == NULL)
			return;
		p->pos = pos_of(L, n);
		p->name = get_name(L, n, "name");
		get_strv(L, n, "handles", SV_TEXT, NULL, &p->handles);
		p->agreement = get_str(L, n, "agreement");
		p->contact = get_str(L, n, "contact");
		get_date(L, n, "last_review", &p->last_review);
		get_interval(L, n, "review", &p->review);
		if (p->name == NULL)
			L->s->partners.n--;
	}
}

/* One map of cadence name -> interval into slot (0 default, 1+i theme i). */
static void parse_cadence_map(struct loader *L, const struct eg_ynode *m,
			      size_t slot, const char *where)
{
	struct eg_spec *s = L->s;
	if (!is_map(L, m, where))
		return;
	check_keys(L, m, cadence_keys, NULL);
	for (size_t k = 0; k < EG_CAD_COUNT; k++) {
		const struct eg_ynode *v = eg_ymap_get(m, cadence_keys[k]);
		if (v == NULL)
			continue;
		struct eg_spec_interval iv = {NULL, {0, 0}};
		get_interval(L, m, cadence_keys[k], &iv);
		if (iv.text == NULL)
			continue;
		if (s->cad[slot][k].text != NULL) {
			const struct eg_spec_pos *f = &s->cad_pos[slot][k];
			err_at(L, v, _("cadence %s of %s is set a second time (first at %s:%u:%u)"),
			       cadence_keys[k], where, f->file, f->line,
			       f->col);
			continue;
		}
		s->cad[slot][k] = iv;
		s->cad_pos[slot][k] = pos_of(L, v);
	}
}

static void parse_cadences(struct loader *L, const struct eg_ynode *n)
{
	static const char *const keys[] = {"defaults", "themes", NULL};
	if (!is_map(L, n, "cadences"))
		return;
	check_keys(L, n, keys, NULL);
	const struct eg_ynode *def = eg_ymap_get(n, "defaults");
	if (def != NULL)
		parse_cadence_map(L, def, 0, "defaults");
	const struct eg_ynode *th = eg_ymap_get(n, "themes");
	unsigned char seen[EG_SPEC_MAX_THEMES] = {0};
	if (th == NULL || !is_map(L, th, "cadences.themes"))
		return;
	for (size_t i = 0; i < th->n; i++) {
		const struct eg_ynode *k = th->items[2 * i];
		const struct eg_theme *t = theme_key(L, k, "cadences.themes",
						    seen);
		if (t == NULL)
			continue;
		size_t ti = (size_t)(t - eg_catalog_theme(L->cat, 0));
		parse_cadence_map(L, th->items[2 * i + 1], 1 + ti, t->id);
	}
}

static void parse_waivers(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {
		"check", "measure", "resource", "justification", "approver",
		"approved", "expires", NULL};
	static const char *const req[] = {"justification", "approver",
					  "approved", "expires", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a waiver")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_waiver *w = section_push(L, &L->s->waivers,
							sizeof(*w), list,
							"waivers");
		if (w == NULL)
			return;
		w->pos = pos_of(L, n);
		w->check = get_name(L, n, "check");
		w->measure = get_str(L, n, "measure");
		w->resource = get_str(L, n, "resource");
		w->justification = get_str(L, n, "justification");
		w->approver = get_str(L, n, "approver");
		get_date(L, n, "approved", &w->approved);
		get_date(L, n, "expires", &w->expires);
		const struct eg_ynode *cn = eg_ymap_get(n, "check");
		const struct eg_ynode *mn = eg_ymap_get(n, "measure");
		if (cn == NULL && mn == NULL)
			err_at(L, n, "%s",
			       _("a waiver needs a target: check: CHECK-ID or measure: T02.05"));
		else if (cn != NULL && mn != NULL)
			err_at(L, mn, "%s",
			       _("a waiver targets either a check or a measure, not both; write two waivers"));
		if (w->measure != NULL &&
		    eg_catalog_find_measure(L->cat, w->measure) == NULL) {
			err_at(L, mn, _("unknown measure \"%.*s\" in waiver; measure IDs look like T02.05 (see ecguard catalog)"),
			       qlen(w->measure), w->measure);
			w->measure = NULL;
		}
		if (w->approved.text != NULL && w->expires.text != NULL &&
		    w->expires.days <= w->approved.days)
			err_at(L, eg_ymap_get(n, "expires"),
			       _("waiver expires (%s) on or before it was approved (%s)"),
			       w->expires.text, w->approved.text);
		if ((w->check == NULL && w->measure == NULL) ||
		    w->expires.text == NULL)
			L->s->waivers.n--;
	}
}

static void parse_na(struct loader *L, const struct eg_ynode *list)
{
	static const char *const keys[] = {"measure", "reason", "approver",
					   NULL};
	static const char *const req[] = {"measure", "reason", NULL};
	for (size_t i = 0; i < list->n; i++) {
		const struct eg_ynode *n = list->items[i];
		if (!is_map(L, n, _("a not_applicable entry")))
			continue;
		check_keys(L, n, keys, req);
		struct eg_spec_not_applicable *a = section_push(
			L, &L->s->na, sizeof(*a), list, "not_applicable");
		if (a == NULL)
			return;
		a->pos = pos_of(L, n);
		a->measure = get_str(L, n, "measure");
		a->reason = get_str(L, n, "reason");
		a->approver = get_str(L, n, "approver");
		if (a->measure != NULL &&
		    eg_catalog_find_measure(L->cat, a->measure) == NULL) {
			err_at(L, eg_ymap_get(n, "measure"),
			       _("unknown measure \"%.*s\" in not_applicable; measure IDs look like T02.05 (see ecguard catalog)"),
			       qlen(a->measure), a->measure);
			a->measure = NULL;
		}
		if (a->measure == NULL || a->reason == NULL)
			L->s->na.n--;
	}
}

/* ---------------------------------------------------------------------- */
/* Files and includes */

/* Reads an open descriptor whole, refusing non-regular files and more
 * than max bytes. */
static int read_fd(int fd, size_t max, struct eg_buf *out)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return EG_E_IO;
	if (!S_ISREG(st.st_mode))
		return EG_E_INVAL;
	if ((uint64_t)st.st_size > max)
		return EG_E_LIMIT;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return EG_E_IO;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > max)
			return EG_E_LIMIT;
		if (eg_buf_add(out, chunk, (size_t)n) != 0)
			return out->err;
	}
	return 0;
}

static int seen_add(struct loader *L, const struct stat *st, const char *rel)
{
	void *p = eg_reallocarray(L->seen, L->nseen + 1, sizeof(*L->seen));
	if (p == NULL) {
		L->nomem = 1;
		return EG_E_NOMEM;
	}
	L->seen = p;
	struct seen *e = &L->seen[L->nseen];
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->rel = eg_strdup(rel);
	if (e->rel == NULL) {
		L->nomem = 1;
		return EG_E_NOMEM;
	}
	L->nseen++;
	return 0;
}

static void parse_file_body(struct loader *L, const struct eg_ynode *root,
			    int top);

/* Parses one file's text and reads its sections (includes followed). */
static void load_text(struct loader *L, const char *display, const char *data,
		      size_t len, int top)
{
	struct eg_spec *s = L->s;
	struct eg_ydoc *doc = NULL;
	int rc = eg_yaml_parse(display, data, len, &doc, L->d);
	if (rc != 0) {
		if (rc == EG_E_LIMIT)
			L->limit = 1;
		else if (rc == EG_E_NOMEM)
			L->nomem = 1;
		return;
	}
	void *p = eg_reallocarray(s->docs, s->ndocs + 1, sizeof(*s->docs));
	if (p == NULL) {
		eg_ydoc_free(doc);
		L->nomem = 1;
		return;
	}
	s->docs = p;
	s->docs[s->ndocs++] = doc;
	const struct eg_ydoc *saved_doc = L->doc;
	const char *saved_file = L->file;
	L->doc = doc;
	L->file = eg_ydoc_file(doc);
	const struct eg_ynode *root = eg_ydoc_root(doc);
	if (root == NULL || eg_ynode_is_null(root)) {
		if (top) {
			struct eg_spec_pos p0 = {L->file, 1, 1};
			err_pos(L, &p0, "%s",
				_("the spec is empty; start from 'ecguard spec init'"));
		}
	} else if (root->type != EG_Y_MAP) {
		err_at(L, root, _("a spec file must be a mapping of sections (site:, servers:, ...), not %s"),
		       eg_ynode_kind(root));
	} else {
		parse_file_body(L, root, top);
	}
	L->doc = saved_doc;
	L->file = saved_file;
}

/* Joins the folder of the including file (rel_from) and an include path
 * lexically, refusing absolute paths and ".." above the top folder. */
static int include_path(const char *rel_from, const char *inc,
			struct eg_buf *out, const char **why)
{
	if (inc[0] == '/') {
		*why = N_("an absolute path; write a path relative to the including file");
		return EG_E_ESCAPE;
	}
	if (strlen(inc) >= EG_PATH_MAX) {
		*why = N_("a path that is too long");
		return EG_E_LIMIT;
	}
	/* Components: the including file's folder, then the include. */
	const char *comp[EG_PATH_MAX_COMPONENTS];
	size_t clen[EG_PATH_MAX_COMPONENTS];
	size_t nc = 0;
	const char *parts[2] = {rel_from, inc};
	for (int part = 0; part < 2; part++) {
		const char *p = parts[part];
		const char *end = p + strlen(p);
		if (part == 0) {
			/* Drop the file name: keep its folder. */
			const char *sl = strrchr(p, '/');
			end = sl != NULL ? sl : p;
		}
		while (p < end) {
			while (p < end && *p == '/')
				p++;
			const char *st = p;
			while (p < end && *p != '/')
				p++;
			size_t l = (size_t)(p - st);
			if (l == 0 || (l == 1 && st[0] == '.'))
				continue;
			if (l == 2 && st[0] == '.' && st[1] == '.') {
				if (nc == 0) {
					*why = N_("a path that leaves the spec's folder");
					return EG_E_ESCAPE;
				}
				nc--;
				continue;
			}
			if (nc == EG_PATH_MAX_COMPONENTS) {
				*why = N_("a path that is too long");
				return EG_E_LIMIT;
			}
			comp[nc] = st;
			clen[nc] = l;
			nc++;
		}
	}
	if (nc == 0) {
		*why = N_("a folder, not a file");
		return EG_E_INVAL;
	}
	for (size_t i = 0; i < nc; i++) {
		if (i > 0)
			eg_buf_addc(out, '/');
		eg_buf_add(out, comp[i], clen[i]);
	}
	if (out->err != 0) {
		*why = N_("a path that is too long");
		return EG_E_LIMIT;
	}
	return 0;
}

/* Loads the include at rel (relative to the top folder), written at node
 * n of the current file. */
static void load_include(struct loader *L, const struct eg_ynode *n,
			 const char *rel)
{
	struct eg_buf disp, data;
	struct eg_err e;
	eg_buf_init(&disp, EG_PATH_MAX * 2);
	eg_buf_init(&data, EG_YAML_MAX_BYTES + 1);
	eg_err_clear(&e);
	int fd = -1;
	if (L->nseen >= EG_SPEC_MAX_INCLUDES) {
		err_at(L, n, _("more than %d files in one spec; merge some of them"),
		       EG_SPEC_MAX_INCLUDES);
		L->fatal = 1;
		goto out;
	}
	eg_buf_adds(&disp, L->dispdir);
	eg_buf_adds(&disp, rel);
	fd = eg_root_openat(L->root, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY,
			    &e);
	if (fd < 0) {
		if (fd == EG_E_NOTFOUND)
			err_at(L, n, _("included file %.*s not found; paths are relative to the including file"),
			       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		else
			err_at(L, n, _("cannot open included file %.*s: %s"),
			       qlen(eg_buf_str(&disp)), eg_buf_str(&disp),
			       eg_err_msg(&e));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		err_at(L, n, _("cannot read included file %.*s"),
		       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		goto out;
	}
	for (size_t i = 0; i < L->nseen; i++) {
		if (L->seen[i].dev != st.st_dev || L->seen[i].ino != st.st_ino)
			continue;
		int in_chain = 0;
		for (size_t c = 0; c < L->depth; c++)
			if (L->chain[c] == i)
				in_chain = 1;
		if (in_chain)
			err_at(L, n, _("include cycle: %.*s is already being loaded (it includes this file, directly or not); remove one of the includes"),
			       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		else
			err_at(L, n, _("%.*s is included a second time; include each file once"),
			       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		goto out;
	}
	int r = read_fd(fd, EG_YAML_MAX_BYTES, &data);
	if (r == EG_E_LIMIT) {
		err_at(L, n, _("included file %.*s is larger than %u bytes"),
		       qlen(eg_buf_str(&disp)), eg_buf_str(&disp),
		       (unsigned)EG_YAML_MAX_BYTES);
		goto out;
	}
	if (r == EG_E_INVAL) {
		err_at(L, n, _("included file %.*s is not a regular file"),
		       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		goto out;
	}
	if (r != 0) {
		err_at(L, n, _("cannot read included file %.*s"),
		       qlen(eg_buf_str(&disp)), eg_buf_str(&disp));
		goto out;
	}
	if (data.len > EG_SPEC_MAX_TOTAL_BYTES - L->total_bytes) {
		err_at(L, n, _("the spec's files together exceed %u bytes"),
		       (unsigned)EG_SPEC_MAX_TOTAL_BYTES);
		L->fatal = 1;
		goto out;
	}
	L->total_bytes += data.len;
	if (seen_add(L, &st, rel) != 0)
		goto out;
	close(fd);
	fd = -1;
	L->chain[L->depth++] = L->nseen - 1;
	load_text(L, eg_buf_str(&disp), eg_buf_str(&data), data.len, 0);
	L->depth--;
out:
	if (fd >= 0)
		close(fd);
	eg_buf_free(&disp);
	eg_buf_free(&data);
}

static void parse_includes(struct loader *L, const struct eg_ynode *list)
{
	/* The current file's path relative to the top folder. */
	const char *from = L->seen[L->chain[L->depth - 1]].rel;
	char *from_copy = eg_strdup(from); /* seen may move while loading */
	if (from_copy == NULL) {
		L->nomem = 1;
		return;
	}
	for (size_t i = 0; i < list->n && !L->fatal && !L->nomem; i++) {
		const struct eg_ynode *n = list->items[i];
		const char *inc = NULL;
		if (eg_yscalar_str(L->doc, n, "include", &inc, L->d) != 0)
			continue;
		struct eg_buf rel;
		const char *why = NULL;
		eg_buf_init(&rel, EG_PATH_MAX);
		int r = include_path(from_copy, inc, &rel, &why);
		if (r != 0)
			err_at(L, n, _("cannot include \"%.*s\": %s"), qlen(inc),
			       inc, _(why));
		else
			load_include(L, n, eg_buf_str(&rel));
		eg_buf_free(&rel);
	}
	free(from_copy);
}

static void parse_file_body(struct loader *L, const struct eg_ynode *root,
			    int top)
{
	static const char *const keys[] = {
		"schema", "site", "include", "zones", "flows", "servers",
		"secrets", "user_data", "communications", "authentication",
		"owners", "policies", "partners", "cadences", "waivers",
		"not_applicable", NULL};
	static const char *const top_req[] = {"schema", "site", NULL};
	check_keys(L, root, keys, top ? top_req : NULL);
	const char *schema = get_str(L, root, "schema");
	if (schema != NULL && strcmp(schema, EG_SPEC_SCHEMA) != 0)
		err_at(L, eg_ymap_get(root, "schema"),
		       _("unsupported schema \"%.*s\"; this ecguard reads %s"),
		       qlen(schema), schema, EG_SPEC_SCHEMA);
	const struct eg_ynode *n;
	if ((n = eg_ymap_get(root, "site")) != NULL) {
		if (!top && L->root != NULL)
			err_at(L, n, "%s",
			       _("site: belongs in the top spec file, not in an included one"));
		else
			parse_site(L, n);
	}
	static const struct {
		const char *key;
		void (*fn)(struct loader *, const struct eg_ynode *);
	} lists[] = {
		{"zones", parse_zones},
		{"flows", parse_flows},
		{"servers", parse_servers},
		{"secrets", parse_secrets},
		{"user_data", parse_user_data},
		{"communications", parse_comms},
		{"authentication", parse_auth},
		{"partners", parse_partners},
		{"waivers", parse_waivers},
		{"not_applicable", parse_na},
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const struct eg_ynode *l = get_list(L, root, lists[i].key);
		if (l != NULL)
			lists[i].fn(L, l);
	}
	const struct eg_ynode *m = NULL;
	if (eg_yget_map(L->doc, root, "owners", 0, &m, L->d) == 0 && m != NULL)
		parse_owners(L, m);
	m = NULL;
	if (eg_yget_map(L->doc, root, "policies", 0, &m, L->d) == 0 &&
	    m != NULL)
		parse_policies(L, m);
	if ((n = eg_ymap_get(root, "cadences")) != NULL)
		parse_cadences(L, n);
	const struct eg_ynode *inc = get_list(L, root, "include");
	if (inc != NULL) {
		if (L->root == NULL)
			err_at(L, inc, "%s",
			       _("include: needs a spec loaded from a file"));
		else
			parse_includes(L, inc);
	}
}

/* ---------------------------------------------------------------------- */
/* Cross-file checks */

struct named {
	const char *name;
	const struct eg_spec_pos *pos;
	size_t order;
};

static int named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : (x->order > y->order ? 1 : 0);
}

/* Reports every repeat of a name in v[0..n). what is a translated noun. */
static void check_unique(struct loader *L, struct named *v, size_t n,
			 const char *what)
{
	if (n < 2)
		return;
	qsort(v, n, sizeof(*v), named_cmp);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (i < n && strcmp(v[i].name, v[first].name) == 0) {
			err_pos(L, v[i].pos,
				_("duplicate %s \"%.*s\" (first declared at %s:%u:%u); names must be unique"),
				what, qlen(v[i].name), v[i].name,
				v[first].pos->file, v[first].pos->line,
				v[first].pos->col);
			i++;
		}
	}
}

/* Collects (name, pos) pairs of one section for check_unique. */
#define COLLECT(vecp, type, namefield, what)                                  \
	do {                                                                  \
		const type *a_ = (vecp)->items;                               \
		size_t k_ = 0;                                                \
		for (size_t i_ = 0; i_ < (vecp)->n; i_++) {                   \
			if (a_[i_].namefield == NULL ||                       \
			    a_[i_].namefield[0] == '\0')                      \
				continue;                                     \
			tmp[k_].name = a_[i_].namefield;                      \
			tmp[k_].pos = &a_[i_].pos;                            \
			tmp[k_].order = i_;                                   \
			k_++;                                                 \
		}                                                             \
		check_unique(L, tmp, k_, what);                               \
	} while (0)

struct portref {
	unsigned port;
	const char *proto;
	size_t idx;
};

static int portref_cmp(const void *a, const void *b)
{
	const struct portref *x = a, *y = b;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	int c = strcmp(x->proto, y->proto);
	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : (x->idx > y->idx ? 1 : 0);
}

/* One service per port and protocol on a server (sorted, not n^2: a
 * hostile spec may give a server thousands of services). */
static void check_ports(struct loader *L, const struct eg_spec_server *sv)
{
	const struct eg_spec_service *a = sv->services;
	if (sv->nservices < 2)
		return;
	struct portref *v = eg_calloc(sv->nservices, sizeof(*v));
	if (v == NULL) {
		L->nomem = 1;
		return;
	}
	size_t k = 0;
	for (size_t j = 0; j < sv->nservices; j++) {
		if (a[j].port == 0)
			continue;
		v[k].port = a[j].port;
		v[k].proto = a[j].protocol;
		v[k].idx = j;
		k++;
	}
	qsort(v, k, sizeof(*v), portref_cmp);
	for (size_t i = 1; i < k; i++) {
		size_t first = i - 1;
		while (i < k && v[i].port == v[first].port &&
		       strcmp(v[i].proto, v[first].proto) == 0) {
			const struct eg_spec_service *f = &a[v[first].idx];
			const struct eg_spec_service *d = &a[v[i].idx];
			err_pos(L, &d->pos,
				_("port %u/%s is declared twice on server %.*s (first by service %.*s at %s:%u:%u); a port belongs to one service"),
				d->port, d->protocol, qlen(sv->name), sv->name,
				qlen(f->name), f->name, f->pos.file,
				f->pos.line, f->pos.col);
			i++;
		}
	}
	free(v);
}

static void check_names(struct loader *L)
{
	struct eg_spec *s = L->s;
	size_t max = EG_SPEC_MAX_LIST + 1;
	struct named *tmp = eg_calloc(max, sizeof(*tmp));
	if (tmp == NULL) {
		L->nomem = 1;
		return;
	}
	COLLECT(&s->zones, struct eg_spec_zone, name, _("zone"));
	COLLECT(&s->servers, struct eg_spec_server, name, _("server"));
	COLLECT(&s->secrets, struct eg_spec_secret, name,
		_("security-management item"));
	COLLECT(&s->user_data, struct eg_spec_user_data, name,
		_("user-data item"));
	COLLECT(&s->comms, struct eg_spec_comm, name, _("communication"));
	COLLECT(&s->auth, struct eg_spec_auth_scene, name,
		_("authentication scene"));
	COLLECT(&s->partners, struct eg_spec_partner, name, _("partner"));
	COLLECT(&s->na, struct eg_spec_not_applicable, measure,
		_("not_applicable measure"));
	{
		const struct eg_spec_owner *a = s->owners.items;
		for (size_t i = 0; i < s->owners.n; i++) {
			tmp[i].name = a[i].theme;
			tmp[i].pos = &a[i].pos;
			tmp[i].order = i;
		}
		check_unique(L, tmp, s->owners.n, _("owner of theme"));
		const struct eg_spec_policy *p = s->policies.items;
		for (size_t i = 0; i < s->policies.n; i++) {
			tmp[i].name = p[i].theme;
			tmp[i].pos = &p[i].pos;
			tmp[i].order = i;
		}
		check_unique(L, tmp, s->policies.n, _("policy of theme"));
	}
	/* Services: names unique per server, and one service per port. */
	const struct eg_spec_server *sv = s->servers.items;
	for (size_t i = 0; i < s->servers.n; i++) {
		const struct eg_spec_service *a = sv[i].services;
		for (size_t j = 0; j < sv[i].nservices; j++) {
			tmp[j].name = a[j].name;
			tmp[j].pos = &a[j].pos;
			tmp[j].order = j;
		}
		check_unique(L, tmp, sv[i].nservices, _("service"));
		check_ports(L, &sv[i]);
	}
	free(tmp);
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted, NULL-terminated list of one section's names. */
static const char **sorted_names(struct loader *L, const struct vec *v,
				 size_t size, size_t off, size_t *n,
				 const char *extra)
{
	const char **a = eg_calloc(v->n + 2, sizeof(*a));
	size_t k = 0;
	if (a == NULL) {
		L->nomem = 1;
		*n = 0;
		return NULL;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *name = *(const char *const *)((const char *)v->items +
							  i * size + off);
		if (name != NULL)
			a[k++] = name;
	}
	if (extra != NULL)
		a[k++] = extra;
	qsort(a, k, sizeof(*a), str_ptr_cmp);
	a[k] = NULL;
	*n = k;
	return a;
}

static int in_sorted(const char **a, size_t n, const char *name)
{
	return a != NULL &&
	       bsearch(&name, a, n, sizeof(*a), str_ptr_cmp) != NULL;
}

/* A did-you-mean from a sorted list; bounded so a hostile spec with
 * thousands of names and errors stays cheap. */
static const char *suggest(const struct loader *L, const char **a, size_t n,
			   const char *name)
{
	if (a == NULL || n == 0 || n > 256 || !diags_room(L))
		return NULL;
	return eg_did_you_mean(name, a);
}

static void resolve_refs(struct loader *L)
{
	struct eg_spec *s = L->s;
	size_t nz, ns, np;
	const char **zones = sorted_names(L, &s->zones,
					  sizeof(struct eg_spec_zone),
					  offsetof(struct eg_spec_zone, name),
					  &nz, "internet");
	const char **servers = sorted_names(
		L, &s->servers, sizeof(struct eg_spec_server),
		offsetof(struct eg_spec_server, name), &ns, NULL);
	const char **partners = sorted_names(
		L, &s->partners, sizeof(struct eg_spec_partner),
		offsetof(struct eg_spec_partner, name), &np, NULL);
	for (size_t i = 0; i < L->nrefs && !L->nomem; i++) {
		const struct ref *r = &L->refs[i];
		const char *sug = NULL;
		switch (r->kind) {
		case REF_ZONE:
		case REF_SOURCE:
			if (in_sorted(zones, nz, r->name))
				continue;
			sug = suggest(L, zones, nz, r->name);
			if (sug != NULL)
				err_pos(L, &r->pos, _("%s: unknown zone \"%.*s\"; did you mean \"%s\"?"),
					r->key, qlen(r->name), r->name, sug);
			else if (r->kind == REF_SOURCE)
				err_pos(L, &r->pos, _("%s: unknown zone \"%.*s\"; declare it under zones: or write an address or network such as 192.0.2.0/24"),
					r->key, qlen(r->name), r->name);
			else
				err_pos(L, &r->pos, _("%s: unknown zone \"%.*s\"; declare it under zones:"),
					r->key, qlen(r->name), r->name);
			break;
		case REF_SERVER:
			if (in_sorted(servers, ns, r->name))
				continue;
			sug = suggest(L, servers, ns, r->name);
			if (sug != NULL)
				err_pos(L, &r->pos, _("%s: unknown server \"%.*s\"; did you mean \"%s\"?"),
					r->key, qlen(r->name), r->name, sug);
			else
				err_pos(L, &r->pos, _("%s: unknown server \"%.*s\"; declare it under servers:"),
					r->key, qlen(r->name), r->name);
			break;
		case REF_PARTY:
			if (in_sorted(zones, nz, r->name) ||
			    in_sorted(servers, ns, r->name) ||
			    in_sorted(partners, np, r->name))
				continue;
			sug = suggest(L, servers, ns, r->name);
			if (sug == NULL)
				sug = suggest(L, zones, nz, r->name);
			if (sug == NULL)
				sug = suggest(L, partners, np, r->name);
			if (sug != NULL)
				err_pos(L, &r->pos, _("%s: unknown zone, server or partner \"%.*s\"; did you mean \"%s\"?"),
					r->key, qlen(r->name), r->name, sug);
			else
				err_pos(L, &r->pos, _("%s: unknown zone, server or partner \"%.*s\"; declare it under zones:, servers: or partners:"),
					r->key, qlen(r->name), r->name);
			break;
		}
	}
	free(zones);
	free(servers);
	free(partners);
}

/* ---------------------------------------------------------------------- */
/* Entry points */

void eg_spec_free(struct eg_spec *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ndocs; i++)
		eg_ydoc_free(s->docs[i]);
	free(s->docs);
	for (size_t i = 0; i < s->narena; i++)
		free(s->arena[i]);
	free(s->arena);
	struct vec *vs[] = {&s->zones, &s->flows, &s->servers, &s->secrets,
			    &s->user_data, &s->comms, &s->auth, &s->owners,
			    &s->policies, &s->partners, &s->waivers, &s->na};
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++)
		free(vs[i]->items);
	free(s->cad);
	free(s->cad_pos);
	free(s);
}

static void loader_free(struct loader *L)
{
	for (size_t i = 0; i < L->nseen; i++)
		free(L->seen[i].rel);
	free(L->seen);
	free(L->refs);
	free(L->dispdir);
	eg_root_free(L->root);
}

static int loader_init(struct loader *L, struct eg_diags *d)
{
	struct eg_err e;
	memset(L, 0, sizeof(*L));
	L->d = d;
	L->diag_start = d->count;
	eg_err_clear(&e);
	L->cat = eg_catalog_builtin(&e);
	if (L->cat == NULL) {
		eg_diag_add(d, "", 0, 0, "%s", eg_err_msg(&e));
		return EG_E_INTERNAL;
	}
	L->s = eg_calloc(1, sizeof(*L->s));
	if (L->s == NULL)
		return EG_E_NOMEM;
	L->s->ncad = 1 + eg_catalog_nthemes(L->cat);
	L->s->cad = eg_calloc(L->s->ncad, sizeof(*L->s->cad));
	L->s->cad_pos = eg_calloc(L->s->ncad, sizeof(*L->s->cad_pos));
	if (L->s->cad == NULL || L->s->cad_pos == NULL)
		return EG_E_NOMEM;
	return 0;
}

/* Diagnostics in reading order: files in the order they first appear,
 * then line and column (the passes find problems out of order). */
struct diag_key {
	struct eg_diag d;
	size_t file_rank, index;
};

static int diag_key_cmp(const void *a, const void *b)
{
	const struct diag_key *x = a, *y = b;
	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	if (x->d.col != y->d.col)
		return x->d.col < y->d.col ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

static void sort_diags(struct eg_diags *d, size_t from)
{
	if (from >= d->count || d->count - from < 2)
		return;
	size_t n = d->count - from;
	struct diag_key *k = eg_calloc(n, sizeof(*k));
	if (k == NULL)
		return; /* unsorted is still correct */
	for (size_t i = 0; i < n; i++) {
		k[i].d = d->items[from + i];
		k[i].index = i;
		k[i].file_rank = i;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(k[j].d.file, k[i].d.file) == 0) {
				k[i].file_rank = k[j].file_rank;
				break;
			}
		}
	}
	qsort(k, n, sizeof(*k), diag_key_cmp);
	for (size_t i = 0; i < n; i++)
		d->items[from + i] = k[i].d;
	free(k);
}

/* Runs the cross-file checks and hands the spec over when all is well. */
static int loader_finish(struct loader *L, size_t diags_before,
			 struct eg_spec **out)
{
	if (!L->nomem && L->s->ndocs > 0) {
		check_names(L);
		resolve_refs(L);
	}
	if (L->nomem) {
		eg_diag_add(L->d, "", 0, 0, "%s", _("out of memory"));
		return EG_E_NOMEM;
	}
	if (eg_diags_total(L->d) > diags_before) {
		sort_diags(L->d, L->diag_start);
		return L->fatal || L->limit ? EG_E_LIMIT : EG_E_PARSE;
	}
	*out = L->s;
	L->s = NULL;
	return 0;
}

static int load_buffer(const char *name, const char *data, size_t len,
		       int builtin, struct eg_spec **out, struct eg_diags *d)
{
	struct loader L;
	size_t before = eg_diags_total(d);
	*out = NULL;
	int rc = loader_init(&L, d);
	if (rc == 0) {
		L.s->builtin = builtin;
		L.total_bytes = len;
		load_text(&L, name, data, len, 1);
		rc = loader_finish(&L, before, out);
	}
	eg_spec_free(L.s);
	loader_free(&L);
	return rc;
}

int eg_spec_load_buffer(const char *name, const char *data, size_t len,
			struct eg_spec **out, struct eg_diags *d)
{
	return load_buffer(name, data, len, 0, out, d);
}

int eg_spec_load_file(const char *path, struct eg_spec **out,
		      struct eg_diags *d)
{
	struct loader L;
	struct eg_buf data;
	size_t before = eg_diags_total(d);
	int fd = -1;
	*out = NULL;
	eg_buf_init(&data, EG_YAML_MAX_BYTES + 1);
	int rc = loader_init(&L, d);
	if (rc != 0)
		goto out;
	/* The folder the includes are confined to: path's folder, as
	 * written. The top file itself is opened as named (it may be a
	 * symlink kept elsewhere); only includes are confined. */
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	if (base[0] == '\0') {
		eg_diag_add(d, path, 0, 0, "%s",
			    _("this names a folder; give the spec file, e.g. site.yaml"));
		rc = EG_E_INVAL;
		goto out;
	}
	struct eg_buf dir;
	eg_buf_init(&dir, EG_PATH_MAX);
	if (slash == NULL)
		eg_buf_adds(&dir, ".");
	else if (slash == path)
		eg_buf_adds(&dir, "/");
	else
		eg_buf_add(&dir, path, (size_t)(slash - path));
	L.dispdir = eg_strndup(path, (size_t)(base - path));
	struct eg_err e;
	eg_err_clear(&e);
	if (dir.err != 0 || L.dispdir == NULL) {
		eg_buf_free(&dir);
		rc = EG_E_NOMEM;
		eg_diag_add(d, path, 0, 0, "%s", _("out of memory"));
		goto out;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		eg_buf_free(&dir);
		rc = err == ENOENT ? EG_E_NOTFOUND : EG_E_IO;
		eg_diag_add(d, path, 0, 0, _("cannot open the spec: %s"),
			    strerror(err));
		goto out;
	}
	rc = eg_root_open(eg_buf_str(&dir), &L.root, &e);
	eg_buf_free(&dir);
	if (rc != 0) {
		eg_diag_add(d, path, 0, 0, _("cannot open the spec's folder: %s"),
			    eg_err_msg(&e));
		goto out;
	}
	rc = read_fd(fd, EG_YAML_MAX_BYTES, &data);
	if (rc != 0) {
		if (rc == EG_E_LIMIT)
			eg_diag_add(d, path, 0, 0,
				    _("file is larger than %u bytes; split it with include:"),
				    (unsigned)EG_YAML_MAX_BYTES);
		else if (rc == EG_E_INVAL)
			eg_diag_add(d, path, 0, 0, "%s",
				    _("not a regular file; give the spec file, e.g. site.yaml"));
		else
			eg_diag_add(d, path, 0, 0, _("cannot read the spec: %s"),
				    eg_strerror(rc));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || seen_add(&L, &st, base) != 0) {
		rc = EG_E_IO;
		eg_diag_add(d, path, 0, 0, "%s", _("cannot read the spec"));
		goto out;
	}
	L.chain[L.depth++] = 0;
	L.total_bytes = data.len;
	load_text(&L, path, eg_buf_str(&data), data.len, 1);
	rc = loader_finish(&L, before, out);
out:
	if (fd >= 0)
		close(fd);
	eg_buf_free(&data);
	eg_spec_free(L.s);
	loader_free(&L);
	return rc;
}

const struct eg_spec *eg_spec_builtin(struct eg_err *e)
{
	static struct eg_spec *builtin;
	if (builtin != NULL)
		return builtin;
	struct eg_diags d;
	eg_diags_init(&d);
	int rc = load_buffer("catalog/default-site.yaml",
			     (const char *)eg_spec_default_yaml,
			     eg_spec_default_yaml_len, 1, &builtin, &d);
	if (rc != 0) {
		if (d.count > 0)
			eg_err_set(e, EG_E_INTERNAL,
				   "built-in default spec is broken: %s:%u:%u: %s",
				   d.items[0].file, d.items[0].line,
				   d.items[0].col, d.items[0].msg);
		else
			eg_err_set(e, EG_E_INTERNAL,
				   "built-in default spec is broken: %s",
				   eg_strerror(rc));
	}
	eg_diags_free(&d);
	return builtin;
}

int eg_spec_is_builtin(const struct eg_spec *s)
{
	return s->builtin;
}

size_t eg_spec_nfiles(const struct eg_spec *s)
{
	return s->ndocs;
}

const char *eg_spec_file(const struct eg_spec *s, size_t i)
{
	return i < s->ndocs ? eg_ydoc_file(s->docs[i]) : NULL;
}

const struct eg_spec_site *eg_spec_site(const struct eg_spec *s)
{
	return &s->site;
}

#define ACCESSOR(fn, type, field)                                          \
	const type *fn(const struct eg_spec *s, size_t *n)                 \
	{                                                                  \
		*n = s->field.n;                                           \
		return s->field.n ? s->field.items : NULL;                 \
	}

ACCESSOR(eg_spec_zones, struct eg_spec_zone, zones)
ACCESSOR(eg_spec_flows, struct eg_spec_flow, flows)
ACCESSOR(eg_spec_servers, struct eg_spec_server, servers)
ACCESSOR(eg_spec_secrets, struct eg_spec_secret, secrets)
ACCESSOR(eg_spec_user_data, struct eg_spec_user_data, user_data)
ACCESSOR(eg_spec_communications, struct eg_spec_comm, comms)
ACCESSOR(eg_spec_auth_scenes, struct eg_spec_auth_scene, auth)
ACCESSOR(eg_spec_owners, struct eg_spec_owner, owners)
ACCESSOR(eg_spec_policies, struct eg_spec_policy, policies)
ACCESSOR(eg_spec_partners, struct eg_spec_partner, partners)
ACCESSOR(eg_spec_waivers, struct eg_spec_waiver, waivers)
ACCESSOR(eg_spec_not_applicable, struct eg_spec_not_applicable, na)

/* Lookup by one string key; the lists are short (EG_SPEC_MAX_LIST). */
#define FINDER(fn, type, field, key)                                       \
	const type *fn(const struct eg_spec *s, const char *want)          \
	{                                                                  \
		const type *a = s->field.items;                            \
		for (size_t i = 0; i < s->field.n; i++)                    \
			if (strcmp(a[i].key, want) == 0)                   \
				return &a[i];                              \
		return NULL;                                               \
	}

FINDER(eg_spec_find_zone, struct eg_spec_zone, zones, name)
FINDER(eg_spec_find_server, struct eg_spec_server, servers, name)
FINDER(eg_spec_find_owner, struct eg_spec_owner, owners, theme)
FINDER(eg_spec_find_policy, struct eg_spec_policy, policies, theme)
FINDER(eg_spec_find_not_applicable, struct eg_spec_not_applicable, na, measure)

/* The slot of theme in the cadence table, or 0 (the spec default). */
static size_t cad_slot(const struct eg_spec *s, const struct eg_catalog *cat,
		       const char *theme)
{
	if (theme == NULL || cat == NULL)
		return 0;
	const struct eg_theme *t = eg_catalog_find_theme(cat, theme);
	if (t == NULL)
		return 0;
	size_t i = 1 + (size_t)(t - eg_catalog_theme(cat, 0));
	return i < s->ncad ? i : 0;
}

const char *eg_spec_cadence_text(const struct eg_spec *s, const char *theme,
				 enum eg_cadence k)
{
	if ((unsigned)k >= EG_CAD_COUNT)
		return NULL;
	size_t slot = cad_slot(s, eg_catalog_builtin(NULL), theme);
	if (slot != 0 && s->cad[slot][k].text != NULL)
		return s->cad[slot][k].text;
	return s->cad[0][k].text;
}

struct eg_duration eg_spec_cadence(const struct eg_spec *s, const char *theme,
				   enum eg_cadence k,
				   enum eg_cadence_source *src)
{
	struct eg_duration du = {12, 'm'};
	enum eg_cadence_source from = EG_CADSRC_BUILTIN;
	const struct eg_catalog *cat = eg_catalog_builtin(NULL);
	if ((unsigned)k >= EG_CAD_COUNT)
		goto out;
	size_t slot = cad_slot(s, cat, theme);
	if (slot != 0 && s->cad[slot][k].text != NULL) {
		du = s->cad[slot][k].dur;
		from = EG_CADSRC_THEME;
		goto out;
	}
	if (s->cad[0][k].text != NULL) {
		du = s->cad[0][k].dur;
		from = EG_CADSRC_SPEC;
		goto out;
	}
	if (slot != 0) {
		const struct eg_theme *t = eg_catalog_theme(cat, slot - 1);
		const char *kind = cadence_kinds[k];
		for (size_t i = 0; i < t->nmeasures; i++) {
			const struct eg_measure *m = &t->measures[i];
			struct eg_duration cd;
			int match = strcmp(m->kind, kind) == 0 ||
				    (k == EG_CAD_POLICY_REVIEW &&
				     strcmp(m->kind, "config-policy") == 0);
			if (match && m->cadence != NULL &&
			    eg_duration_parse(m->cadence, &cd) == 0) {
				du = cd;
				from = EG_CADSRC_CATALOGUE;
				goto out;
			}
		}
	}
	if (k == EG_CAD_PERIODIC_CHECK)
		du.count = 3;
	else if (k == EG_CAD_PHYSICAL_ACCESS_REVIEW)
		du.count = 6;
out:
	if (src != NULL)
		*src = from;
	return du;
}
