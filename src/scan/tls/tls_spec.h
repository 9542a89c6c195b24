/*
 * tls_spec.h: which of the site specification's communications (spec.h,
 * struct eg_spec_comm, T07.03) state the minimum TLS version an endpoint
 * must keep to, and the finding when it accepts less.
 *
 * A communication with min_tls TLSv1.2 or TLSv1.3 applies to HOST:PORT
 * (HOST, or the SNI name when one is sent) when
 *  (a) its `to` is a server whose name, hostname or one of whose addresses
 *      is that host, and the server declares a service on PORT named as the
 *      communication's protocol (e.g. https on 443), or
 *  (b) it comes `from` the zone internet, goes `to` a zone or a server (not
 *      a partner), its protocol is https, and the site declares an https
 *      endpoint whose URL has that host and PORT.
 * (`to` cannot name an endpoint: it is a zone, a server or a partner.)
 * The strictest min_tls of those that apply is the requirement. Host names
 * compare without regard to case.
 */
#ifndef EG_TLS_SPEC_H
#define EG_TLS_SPEC_H

#include "../../core/spec.h"
#include "../../util/buf.h"
#include "tls_scan.h"

/*
 * The strictest min_tls (EG_TLS_12 or EG_TLS_13) of the communications of
 * s that apply to host:port (sni: the name sent, or NULL), or -1 when none
 * does. Their names (or "FROM -> TO" for an unnamed one) are appended to
 * names, comma-separated.
 */
int eg_tls_spec_min(const struct eg_spec *s, const char *host, unsigned port,
		    const char *sni, struct eg_buf *names);

/*
 * Appends the finding tls.spec_min_version to r: "high" listing the
 * versions below min_proto that r accepts, or "info" when it accepts none;
 * names says which communications asked for it. Returns 0 or EG_E_NOMEM.
 */
int eg_tls_policy_spec(struct eg_tls_result *r, int min_proto,
		       const char *names);

#endif
