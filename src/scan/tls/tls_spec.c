/*
 * tls_spec.c: the site's own minimum TLS version for an endpoint (see
 * tls_spec.h for the matching rule). The spec is validated data; the host
 * and port come from the user's command line or from the spec itself.
 */
#include "tls_spec.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../../util/i18n.h"
#include "../../util/valid.h"
#include "tls_policy.h"

static int same_host(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

static int is_host(const char *v, const char *host, const char *sni)
{
	return same_host(v, host) || same_host(v, sni);
}

/* (a): to is a server at host that declares a service named protocol on
 * port. */
static int server_rule(const struct eg_spec *s, const struct eg_spec_comm *c,
		       const char *host, unsigned port, const char *sni)
{
	const struct eg_spec_server *sv = eg_spec_find_server(s, c->to);
	if (sv == NULL || c->protocol == NULL)
		return 0;
	int at = is_host(sv->name, host, sni) ||
		 is_host(sv->hostname, host, sni);
	for (size_t i = 0; !at && i < sv->addresses.n; i++)
		at = is_host(sv->addresses.v[i], host, sni);
	if (!at)
		return 0;
	for (size_t i = 0; i < sv->nservices; i++)
		if (sv->services[i].port == port &&
		    strcasecmp(sv->services[i].name, c->protocol) == 0)
			return 1;
	return 0;
}

/* (b): customers' https to the site, and an https endpoint at host:port. */
static int endpoint_rule(const struct eg_spec *s,
			 const struct eg_spec_comm *c, const char *host,
			 unsigned port, const char *sni)
{
	if (c->from == NULL || strcmp(c->from, "internet") != 0 ||
	    c->protocol == NULL || strcasecmp(c->protocol, "https") != 0 ||
	    (eg_spec_find_server(s, c->to) == NULL &&
	     eg_spec_find_zone(s, c->to) == NULL))
		return 0;
	const struct eg_spec_site *site = eg_spec_site(s);
	for (size_t i = 0; i < site->nendpoints; i++) {
		struct eg_url u;
		if (eg_url_parse(site->endpoints[i].url, &u, NULL) != 0 ||
		    !u.https || u.port != port)
			continue;
		char h[256];
		if (u.host_len >= sizeof(h))
			continue;
		memcpy(h, u.host, u.host_len);
		h[u.host_len] = '\0';
		if (is_host(h, host, sni))
			return 1;
	}
	return 0;
}

int eg_tls_spec_min(const struct eg_spec *s, const char *host, unsigned port,
		    const char *sni, struct eg_buf *names)
{
	size_t n = 0;
	const struct eg_spec_comm *c = eg_spec_communications(s, &n);
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		int want = eg_tls_proto_from_name(c[i].min_tls);
		if (want < EG_TLS_12)
			continue; /* "none" or not stated */
		if (!server_rule(s, &c[i], host, port, sni) &&
		    !endpoint_rule(s, &c[i], host, port, sni))
			continue;
		if (want > best)
			best = want;
		if (names->len > 0)
			eg_buf_adds(names, ", ");
		if (c[i].name != NULL)
			eg_buf_adds(names, c[i].name);
		else
			eg_buf_addf(names, "%s -> %s", c[i].from, c[i].to);
	}
	return best;
}

int eg_tls_policy_spec(struct eg_tls_result *r, int min_proto,
		       const char *names)
{
	struct eg_buf below, msg;
	eg_buf_init(&below, 256);
	eg_buf_init(&msg, 8192);
	for (int p = 0; p < min_proto && p < EG_TLS_NPROTO; p++)
		if (r->proto[p] == EG_TLS_YES)
			eg_buf_addf(&below, "%s%s", below.len ? ", " : "",
				    eg_tls_proto_name(p));
	const char *sev = below.len > 0 ? "high" : "info";
	if (below.len > 0)
		eg_buf_addf(&msg, _("accepts %s, below the minimum %s that the site's specification requires (communications: %s); disable them"),
			    eg_buf_str(&below), eg_tls_proto_name(min_proto),
			    names);
	else
		eg_buf_addf(&msg, _("keeps to the minimum %s that the site's specification requires (communications: %s)"),
			    eg_tls_proto_name(min_proto), names);
	int rc = msg.err != 0 ? EG_E_NOMEM :
				eg_tls_finding_add(r, "tls.spec_min_version", sev,
						   "%s", eg_buf_str(&msg));
	eg_buf_free(&below);
	eg_buf_free(&msg);
	return rc;
}
