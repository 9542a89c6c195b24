/*
 * cmd_tls.c: `ecguard tls HOST[:PORT]` scans one TLS endpoint (protocol
 * versions, cipher suites, server order, key-exchange groups, compression,
 * renegotiation, certificate chain, OCSP stapling) with the scanner of
 * src/scan/tls and prints its findings, including the verdict against IPA's
 * TLS guideline and, with --spec, against the site's own minimum TLS
 * version (tls_spec.h). Connections go only to the address given.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../report/table.h"
#include "../scan/http/http_client.h"
#include "../scan/tls/tls_policy.h"
#include "../scan/tls/tls_scan.h"
#include "../scan/tls/tls_spec.h"
#include "../util/diag.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "../util/num.h"
#include "cli.h"
#include "spec_arg.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_addf(b, _("Usage: ecguard tls HOST[:PORT] [--sni NAME] [--spec FILE] [--format text|json] [--timeout MS] [--no-http]\n"
			 "\n"
			 "Scans one TLS endpoint: which of SSLv3 and TLS 1.0-1.3 it accepts, every\n"
			 "cipher suite it accepts per version, whether it imposes its own suite\n"
			 "order, the key-exchange groups it accepts (and the DHE prime size),\n"
			 "compression, secure and client-initiated renegotiation, OCSP stapling,\n"
			 "and its certificate chain (validity, host name, trust against the system\n"
			 "store, key, signature, order and completeness). Reports findings with a\n"
			 "severity and the verdict against IPA's TLS guideline (tls.ipa_recommended,\n"
			 "tls.ipa_high). Connections go only to HOST, several at once, each with a\n"
			 "timeout; client-initiated renegotiation is tried once. Then one GET /\n"
			 "reads the Strict-Transport-Security header (HSTS) of the HTTPS answer.\n"
			 "\n"
			 "  HOST[:PORT]     a name, an IPv4 address, or [IPv6]; port 443 by default\n"
			 "  --sni NAME      the server name to send and to check the certificate\n"
			 "                  against (default: HOST unless it is an address)\n"
			 "  --spec FILE     also judge against the site specification's\n"
			 "                  communications (min_tls) that apply to this endpoint:\n"
			 "                  to a server at HOST (or NAME) declaring a service on\n"
			 "                  PORT named as the protocol, or from internet over https\n"
			 "                  while an https endpoint of the site has this host and\n"
			 "                  port (finding tls.spec_min_version). Without --spec no\n"
			 "                  specification is applied, not even the embedded default\n"
			 "  --no-http       do not send the GET / for HSTS (not a web server)\n"
			 "  --format FMT    text (default) or json\n"
			 "  --timeout MS    time one connection may take (default %u, at most %u)\n"
			 "  -h, --help      this help\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  no findings above severity info\n"
			 "  1  findings of severity low, medium or high\n"
			 "  2  usage error, or the endpoint cannot be reached or speaks no TLS\n"
			 "  3  internal error\n"),
		    EG_TLS_TIMEOUT_DEFAULT_MS, EG_TLS_TIMEOUT_MAX_MS);
}

static const char *state_word(int st)
{
	return st == EG_TLS_YES ? _("yes") : st == EG_TLS_NO ? _("no") :
							      _("unknown (timed out)");
}

static const char *tri_word(int v)
{
	return v == 1 ? _("yes") : v == 0 ? _("no") : _("unknown");
}

static void esc(struct eg_buf *out, const char *s)
{
	eg_term_escape(out, s, strlen(s));
}

/* What the HTTPS response says about HSTS (RFC 6797). */
struct hsts {
	int checked;             /* an HTTP response came back over TLS */
	int status;
	char *header;            /* Strict-Transport-Security, or NULL */
	int64_t max_age;         /* -1 when absent or malformed */
	int include_subdomains;
};

/* max-age and includeSubDomains of an STS value. */
static void hsts_parse(const char *v, struct hsts *h)
{
	h->max_age = -1;
	for (const char *p = v; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *name = p;
		while (*p != '\0' && *p != ';' && *p != '=')
			p++;
		size_t nl = (size_t)(p - name);
		while (nl > 0 && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
			nl--;
		const char *val = NULL;
		size_t vl = 0;
		if (*p == '=') {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '"')
				p++;
			val = p;
			while (*p >= '0' && *p <= '9')
				p++;
			vl = (size_t)(p - val);
			while (*p != '\0' && *p != ';')
				p++;
		}
		if (nl == 7 && strncasecmp(name, "max-age", 7) == 0 && vl > 0) {
			uint64_t n;
			if (eg_parse_u64n(val, vl, 10, 0, INT64_MAX, &n) == 0)
				h->max_age = (int64_t)n;
		} else if (nl == 17 &&
			   strncasecmp(name, "includeSubDomains", 17) == 0) {
			h->include_subdomains = 1;
		}
	}
}

/*
 * One GET / over TLS to the endpoint, for its Strict-Transport-Security
 * header; adds tls.hsts_missing / tls.hsts_short. The request goes to the
 * scanned address only: with a name to send (sni) other than the target,
 * the name is mapped to the address as curl --resolve does; when neither
 * is an address the probe is skipped rather than resolve a second name.
 * A server that does not speak HTTP is no finding (not every TLS endpoint
 * is a web site). Returns 0 or EG_E_NOMEM.
 */
static int hsts_probe(struct eg_tls_result *r, const char *host,
		      const char *port, const char *sni, unsigned timeout,
		      struct hsts *h)
{
	unsigned char a[16];
	int host_is_addr = inet_pton(AF_INET, host, a) == 1 ||
			   inet_pton(AF_INET6, host, a) == 1;
	const char *name = sni != NULL ? sni : host;
	uint64_t pn = 0;
	struct eg_http_resolve map = {0};
	size_t nmap = 0;
	if (strcmp(name, host) != 0) {
		if (!host_is_addr)
			return 0;
		eg_parse_u64(port, 1, 65535, &pn);
		map.host = name;
		map.port = (unsigned)pn;
		map.addr = host;
		nmap = 1;
	}
	struct eg_http_client *hc = NULL;
	struct eg_http_result *res = NULL;
	struct eg_http_url u = {0};
	struct eg_buf url;
	struct eg_err e;
	int rc = 0;
	eg_err_clear(&e);
	eg_buf_init(&url, EG_URL_MAX + 16);
	int v6 = strchr(name, ':') != NULL;
	eg_buf_addf(&url, "https://%s%s%s:%s/", v6 ? "[" : "", name,
		    v6 ? "]" : "", port);
	if (url.err != 0 || eg_http_url_parse(eg_buf_str(&url), &u, &e) != 0 ||
	    eg_http_client_new(nmap ? &map : NULL, nmap, &hc, &e) != 0)
		goto out;
	const struct eg_http_request rq = {
		.method = "GET",
		.timeout_ms = timeout,
		.body_max = 4096,
	};
	if (eg_http_fetch(hc, &u, &rq, &res, &e) != 0)
		goto out;
	const struct eg_http_hop *hop = eg_http_final(res);
	if (hop->resp == NULL)
		goto out;
	h->checked = 1;
	h->status = hop->resp->status;
	const char *sts = eg_http_header_get(hop->resp,
					     "Strict-Transport-Security");
	if (sts == NULL) {
		rc = eg_tls_finding_add(r, "tls.hsts_missing", "medium", "%s",
					_("the HTTPS response has no Strict-Transport-Security header: a first visit over plain HTTP can be intercepted (HSTS, RFC 6797)"));
		goto out;
	}
	if ((h->header = strdup(sts)) == NULL) {
		rc = EG_E_NOMEM;
		goto out;
	}
	hsts_parse(sts, h);
	if (h->max_age < 31536000)
		rc = eg_tls_finding_add(r, "tls.hsts_short", "low",
					_("Strict-Transport-Security max-age is %lld seconds; one year (31536000) or more is advised"),
					(long long)h->max_age);
out:
	eg_http_result_free(res);
	eg_http_client_free(hc);
	eg_http_url_clear(&u);
	eg_buf_free(&url);
	return rc;
}

static int text_report(const struct eg_tls_result *r, const char *sni,
		       const struct hsts *hsts, struct eg_buf *out)
{
	int rc = 0;
	eg_buf_addf(out, _("TLS scan of %s"), r->target);
	if (sni != NULL) {
		eg_buf_addf(out, " (%s ", _("SNI"));
		esc(out, sni);
		eg_buf_addc(out, ')');
	}
	eg_buf_adds(out, "\n\n");
	eg_buf_addf(out, "%s\n", _("Protocols"));
	for (int p = 0; p < EG_TLS_NPROTO; p++)
		eg_buf_addf(out, "  %-8s %s\n", eg_tls_proto_name(p),
			    state_word(r->proto[p]));
	eg_buf_addf(out, "\n%s (%zu)\n", _("Cipher suites"), r->nciphers);
	if (r->nciphers > 0) {
		struct eg_table *t = eg_table_new(5);
		if (t == NULL)
			return EG_E_NOMEM;
		eg_table_cell(t, _("Protocol"));
		eg_table_cell(t, _("OpenSSL name"));
		eg_table_cell(t, _("IANA name"));
		eg_table_cell(t, _("Kex"));
		eg_table_cell(t, _("Bits"));
		for (size_t i = 0; i < r->nciphers; i++) {
			const struct eg_tls_cipher *c = &r->ciphers[i];
			char bits[16];
			snprintf(bits, sizeof(bits), "%d", c->bits);
			eg_table_cell(t, eg_tls_proto_name(c->proto));
			eg_table_cell(t, c->name);
			eg_table_cell(t, c->iana);
			eg_table_cell(t, c->kex);
			eg_table_cell(t, bits);
		}
		rc = eg_table_render(t, 1, out);
		eg_table_free(t);
		if (rc != 0)
			return rc;
	}
	eg_buf_addf(out, "\n%s %s\n", _("Server enforces its suite order:"),
		    r->server_order < 0 ? _("cannot tell (fewer than two suites)") :
		    r->server_order ? _("yes") : _("no"));
	eg_buf_addf(out, "\n%s (%zu)\n", _("Key-exchange groups"), r->ngroups);
	for (size_t i = 0; i < r->ngroups; i++)
		eg_buf_addf(out, "  %-8s %-16s %5d %s%s\n",
			    eg_tls_proto_name(r->groups[i].proto),
			    r->groups[i].name, r->groups[i].bits, _("bits"),
			    r->groups[i].legacy ? _(" (not on IPA's list)") : "");
	eg_buf_addf(out, "  %s %s\n", _("Preferred by the server:"),
		    r->preferred_group[0] ? r->preferred_group :
		    _("none (it follows the client, or cannot be told)"));
	eg_buf_addf(out, "\n%-34s %s\n", _("Compression (DEFLATE) accepted:"),
		    tri_word(r->compression));
	eg_buf_addf(out, "%-34s %s\n", _("Secure renegotiation (RFC 5746):"),
		    tri_word(r->secure_reneg));
	eg_buf_addf(out, "%-34s %s\n", _("Client-initiated renegotiation:"),
		    tri_word(r->client_reneg));
	if (r->have_cert) {
		const struct eg_tls_cert *c = &r->cert;
		eg_buf_addf(out, "%-34s %s\n", _("OCSP response stapled:"),
			    c->ocsp_stapled ? c->ocsp_status : _("no"));
		eg_buf_addf(out, "\n%s\n", _("Certificate"));
		eg_buf_addf(out, "  %-16s ", _("Subject:"));
		esc(out, c->subject);
		eg_buf_addf(out, "\n  %-16s ", _("Issuer:"));
		esc(out, c->issuer);
		eg_buf_addf(out, "\n  %-16s ", _("SANs:"));
		for (size_t i = 0; i < c->nsans; i++) {
			if (i > 0)
				eg_buf_adds(out, ", ");
			esc(out, c->sans[i]);
		}
		eg_buf_addf(out, "\n  %-16s %s .. %s (%lld %s)\n",
			    _("Valid:"), c->not_before, c->not_after,
			    (long long)c->days_left, _("days left"));
		eg_buf_addf(out, "  %-16s %s %lld, %s\n", _("Key, signature:"),
			    c->key_type, (long long)c->key_bits, c->sig_alg);
		eg_buf_addf(out, "  %-16s %s", _("Host name:"),
			    c->hostname_match ? _("matches") : _("does not match"));
		if (c->checked_name != NULL) {
			eg_buf_adds(out, " ");
			esc(out, c->checked_name);
		}
		eg_buf_addf(out, "\n  %-16s %s (", _("Trusted:"),
			    c->trusted ? _("yes") : _("no"));
		esc(out, c->verify);
		eg_buf_addf(out, ")\n  %-16s %s\n  %-16s %d\n",
			    _("Self-signed:"), c->self_signed ? _("yes") : _("no"),
			    _("Chain length:"), c->chain_len);
		eg_buf_addf(out, "\n%s: %s, %s\n", _("Chain as sent"),
			    c->chain_complete ? _("complete") : _("incomplete"),
			    c->chain_in_order ? _("in order") : _("out of order"));
		for (size_t i = 0; i < c->nchain; i++) {
			eg_buf_addf(out, "  %zu%s ", i,
				    c->chain[i].on_path ? " " : "!");
			esc(out, c->chain[i].subject);
			eg_buf_adds(out, "\n     ");
			eg_buf_addf(out, "%s ", _("issuer:"));
			esc(out, c->chain[i].issuer);
			eg_buf_addc(out, '\n');
		}
	}
	if (hsts->checked) {
		eg_buf_addf(out, "\n%s ", _("HSTS:"));
		if (hsts->header != NULL)
			esc(out, hsts->header);
		else
			eg_buf_adds(out, _("none"));
		eg_buf_addc(out, '\n');
	}
	eg_buf_addf(out, "\n%s (%zu)\n", _("Findings"), r->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct eg_tls_finding *f = &r->findings[i];
		eg_buf_addf(out, "  %-6s %-26s ", f->severity, f->id);
		esc(out, f->reason);
		eg_buf_addc(out, '\n');
	}
	return 0;
}

/* A tri-state as true, false or null. */
static void json_tri(struct eg_json *j, const char *key, int v)
{
	eg_json_key(j, key);
	if (v < 0)
		eg_json_null(j);
	else
		eg_json_bool(j, v);
}

static void json_report(const struct eg_tls_result *r,
			const struct hsts *hsts, struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "target", r->target);
	eg_json_key(&j, "protocols");
	eg_json_arr_begin(&j);
	for (int p = 0; p < EG_TLS_NPROTO; p++) {
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "name", eg_tls_proto_name(p));
		eg_json_key(&j, "supported");
		if (r->proto[p] == EG_TLS_UNTESTED)
			eg_json_null(&j);
		else
			eg_json_bool(&j, r->proto[p] == EG_TLS_YES);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_key(&j, "ciphers");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < r->nciphers; i++) {
		const struct eg_tls_cipher *c = &r->ciphers[i];
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "protocol", eg_tls_proto_name(c->proto));
		eg_json_kstr(&j, "name", c->name);
		eg_json_kstr(&j, "iana", c->iana);
		eg_json_kstr(&j, "kex", c->kex);
		eg_json_kint(&j, "bits", c->bits);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_key(&j, "server_order");
	if (r->server_order < 0)
		eg_json_null(&j);
	else
		eg_json_bool(&j, r->server_order);
	eg_json_key(&j, "groups");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < r->ngroups; i++) {
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "name", r->groups[i].name);
		eg_json_kstr(&j, "protocol", eg_tls_proto_name(r->groups[i].proto));
		eg_json_kint(&j, "bits", r->groups[i].bits);
		eg_json_kbool(&j, "legacy", r->groups[i].legacy);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_key(&j, "preferred_group");
	if (r->preferred_group[0])
		eg_json_str(&j, r->preferred_group);
	else
		eg_json_null(&j);
	json_tri(&j, "compression", r->compression);
	json_tri(&j, "secure_renegotiation", r->secure_reneg);
	json_tri(&j, "client_renegotiation", r->client_reneg);
	eg_json_key(&j, "certificate");
	if (!r->have_cert) {
		eg_json_null(&j);
	} else {
		const struct eg_tls_cert *c = &r->cert;
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "subject", c->subject);
		eg_json_kstr(&j, "issuer", c->issuer);
		eg_json_key(&j, "sans");
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < c->nsans; i++)
			eg_json_str(&j, c->sans[i]);
		eg_json_arr_end(&j);
		eg_json_kstr(&j, "not_before", c->not_before);
		eg_json_kstr(&j, "not_after", c->not_after);
		eg_json_kint(&j, "days_left", c->days_left);
		eg_json_kbool(&j, "expired", c->expired);
		eg_json_kbool(&j, "not_yet_valid", c->not_yet_valid);
		eg_json_kbool(&j, "expires_within_30_days", c->expires_soon);
		eg_json_kstr(&j, "checked_name", c->checked_name);
		eg_json_kbool(&j, "hostname_match", c->hostname_match);
		eg_json_kbool(&j, "trusted", c->trusted);
		eg_json_kstr(&j, "verify_result", c->verify);
		eg_json_kbool(&j, "self_signed", c->self_signed);
		eg_json_kstr(&j, "key_type", c->key_type);
		eg_json_kint(&j, "key_bits", c->key_bits);
		eg_json_kstr(&j, "signature_algorithm", c->sig_alg);
		eg_json_kint(&j, "chain_length", c->chain_len);
		eg_json_kbool(&j, "chain_complete", c->chain_complete);
		eg_json_kbool(&j, "chain_in_order", c->chain_in_order);
		eg_json_kint(&j, "chain_extra", (int64_t)c->chain_extra);
		eg_json_kbool(&j, "anchor_sent", c->anchor_sent);
		eg_json_kstr(&j, "missing_issuer", c->missing_issuer);
		eg_json_kbool(&j, "ocsp_stapled", c->ocsp_stapled);
		eg_json_key(&j, "ocsp_status");
		if (c->ocsp_stapled)
			eg_json_str(&j, c->ocsp_status);
		else
			eg_json_null(&j);
		eg_json_key(&j, "chain");
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < c->nchain; i++) {
			const struct eg_tls_chain_cert *k = &c->chain[i];
			eg_json_obj_begin(&j);
			eg_json_kint(&j, "position", (int64_t)i);
			eg_json_kstr(&j, "subject", k->subject);
			eg_json_kstr(&j, "issuer", k->issuer);
			eg_json_kstr(&j, "not_before", k->not_before);
			eg_json_kstr(&j, "not_after", k->not_after);
			eg_json_kbool(&j, "expired", k->expired);
			eg_json_kbool(&j, "not_yet_valid", k->not_yet_valid);
			eg_json_kbool(&j, "self_signed", k->self_signed);
			eg_json_kbool(&j, "issued_by_next", k->issued_by_next);
			eg_json_kbool(&j, "on_path", k->on_path);
			eg_json_obj_end(&j);
		}
		eg_json_arr_end(&j);
		eg_json_obj_end(&j);
	}
	eg_json_key(&j, "hsts");
	eg_json_obj_begin(&j);
	eg_json_kbool(&j, "checked", hsts->checked);
	eg_json_key(&j, "status");
	if (hsts->checked)
		eg_json_int(&j, hsts->status);
	else
		eg_json_null(&j);
	eg_json_kstr(&j, "header", hsts->header);
	eg_json_key(&j, "max_age");
	if (hsts->max_age >= 0)
		eg_json_int(&j, hsts->max_age);
	else
		eg_json_null(&j);
	eg_json_kbool(&j, "include_subdomains", hsts->include_subdomains);
	eg_json_obj_end(&j);
	eg_json_key(&j, "findings");
	eg_json_arr_begin(&j);
	for (size_t i = 0; i < r->nfindings; i++) {
		eg_json_obj_begin(&j);
		eg_json_kstr(&j, "id", r->findings[i].id);
		eg_json_kstr(&j, "severity", r->findings[i].severity);
		eg_json_kstr(&j, "reason", r->findings[i].reason);
		eg_json_obj_end(&j);
	}
	eg_json_arr_end(&j);
	eg_json_kint(&j, "handshakes", r->handshakes);
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"sni", required_argument, NULL, 's'},
		{"timeout", required_argument, NULL, 't'},
		{"spec", required_argument, NULL, 'p'},
		{"no-http", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc, no_http = 0;
	struct hsts hsts = {.max_age = -1};
	const char *sni = NULL, *spec_path = NULL;
	struct eg_spec *spec = NULL;
	uint64_t timeout = EG_TLS_TIMEOUT_DEFAULT_MS;
	struct eg_buf out, host, port;
	struct eg_tls_result *r = NULL;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&host, EG_URL_MAX);
	eg_buf_init(&port, 16);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:s:t:p:N", opts, NULL)) != -1) {
		switch (c) {
		case 'N':
			no_http = 1;
			break;
		case 'p':
			spec_path = optarg;
			break;
		case 'f':
			fmt = eg_cli_format("tls", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 's':
			if (optarg[0] == '\0' || strlen(optarg) > 253) {
				rc = eg_cli_usage("tls", "%s",
						  _("--sni takes a host name of 1 to 253 characters"));
				goto out;
			}
			sni = optarg;
			break;
		case 't':
			if (eg_parse_u64(optarg, 1, EG_TLS_TIMEOUT_MAX_MS,
					 &timeout) != 0) {
				rc = eg_cli_usage("tls",
						  _("--timeout takes milliseconds from 1 to %u"),
						  EG_TLS_TIMEOUT_MAX_MS);
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("tls", &out, NULL);
			goto out;
		default:
			rc = eg_cli_usage("tls", _("unknown option %s"),
					  argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = eg_cli_usage("tls", "%s",
				  _("give one target, HOST[:PORT]"));
		goto out;
	}
	if (eg_tls_split_target(argv[optind], &host, &port) != 0) {
		rc = eg_cli_usage("tls",
				  _("bad target \"%.*s\": write HOST, HOST:PORT or [IPv6]:PORT with a port from 1 to 65535"),
				  EG_QUOTE_MAX, argv[optind]);
		goto out;
	}
	if (spec_path != NULL) {
		/* Before any traffic: a bad spec is an input error. */
		if ((rc = eg_spec_arg_load("tls", spec_path, &spec)) !=
		    EG_EXIT_OK)
			goto out;
	}
	/* A peer closing mid-write must end a connection, not the process. */
	signal(SIGPIPE, SIG_IGN);
	struct eg_tls_opts o = {
		.host = eg_buf_str(&host),
		.port = eg_buf_str(&port),
		.sni = sni,
		.timeout_ms = (unsigned)timeout,
		.threads = EG_TLS_THREADS,
	};
	struct eg_err e;
	eg_err_clear(&e);
	rc = eg_tls_scan(&o, &r, &e);
	if (rc != 0) {
		rc = eg_cli_fail("tls", rc == EG_E_NOMEM || rc == EG_E_INTERNAL ?
				 EG_EXIT_INTERNAL : EG_EXIT_USAGE,
				 "%s", eg_err_msg(&e));
		goto out;
	}
	/* The name the scanner sent: --sni, else HOST unless an address. */
	const char *shown_sni = sni;
	unsigned char a[16];
	if (shown_sni == NULL && inet_pton(AF_INET, o.host, a) != 1 &&
	    inet_pton(AF_INET6, o.host, a) != 1)
		shown_sni = o.host;
	if (spec != NULL) {
		struct eg_buf names;
		uint64_t pn = 0;
		eg_buf_init(&names, EG_BUF_DEFAULT_MAX);
		eg_parse_u64(o.port, 1, 65535, &pn);
		int want = eg_tls_spec_min(spec, o.host, (unsigned)pn,
					   shown_sni, &names);
		rc = 0;
		if (want >= 0)
			rc = eg_tls_policy_spec(r, want, eg_buf_str(&names));
		eg_buf_free(&names);
		if (rc != 0) {
			rc = eg_cli_fail("tls", EG_EXIT_INTERNAL, "%s",
					 eg_strerror(rc));
			goto out;
		}
	}
	if (!no_http && (rc = hsts_probe(r, o.host, o.port, shown_sni,
					  (unsigned)timeout, &hsts)) != 0) {
		rc = eg_cli_fail("tls", EG_EXIT_INTERNAL, "%s",
				 eg_strerror(rc));
		goto out;
	}
	if (fmt == 1)
		json_report(r, &hsts, &out);
	else if ((rc = text_report(r, shown_sni, &hsts, &out)) != 0 &&
		 out.err == 0)
		out.err = rc;
	rc = eg_cli_emit("tls", &out, NULL);
	if (rc == EG_EXIT_OK)
		for (size_t i = 0; i < r->nfindings; i++)
			if (eg_tls_severity_fails(r->findings[i].severity))
				rc = EG_EXIT_FINDINGS;
out:
	free(hsts.header);
	eg_spec_free(spec);
	eg_tls_result_free(r);
	eg_buf_free(&out);
	eg_buf_free(&host);
	eg_buf_free(&port);
	return rc;
}

const struct eg_cmd eg_cmd_tls = {
	.name = "tls",
	.summary = N_("scan a TLS endpoint: protocols, cipher suites, certificate"),
	.run = run,
};
