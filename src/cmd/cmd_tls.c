/*
 * cmd_tls.c: `ecguard tls HOST[:PORT]` scans one TLS endpoint (protocol
 * versions, cipher suites, server order, certificate) with the scanner of
 * src/scan/tls and prints its findings, including the verdict against IPA's
 * TLS guideline. Connections go only to the address given.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../report/table.h"
#include "../scan/tls/tls_policy.h"
#include "../scan/tls/tls_scan.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "../util/num.h"
#include "cli.h"

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_addf(b, _("Usage: ecguard tls HOST[:PORT] [--sni NAME] [--format text|json] [--timeout MS]\n"
			 "\n"
			 "Scans one TLS endpoint: which of SSLv3 and TLS 1.0-1.3 it accepts, every\n"
			 "cipher suite it accepts per version, whether it imposes its own suite\n"
			 "order, and its certificate (validity, host name, trust against the system\n"
			 "store, key, signature). Reports findings with a severity and the verdict\n"
			 "against IPA's TLS guideline (tls.ipa_recommended, tls.ipa_high).\n"
			 "Connections go only to HOST, several at once, each with a timeout.\n"
			 "\n"
			 "  HOST[:PORT]     a name, an IPv4 address, or [IPv6]; port 443 by default\n"
			 "  --sni NAME      the server name to send and to check the certificate\n"
			 "                  against (default: HOST unless it is an address)\n"
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

/* Splits HOST[:PORT] / [V6]:PORT / bare V6 into buffers. 0 or -1. */
static int split_target(const char *t, struct eg_buf *host,
			struct eg_buf *port)
{
	const char *colon = strrchr(t, ':');
	if (t[0] == '[') {
		const char *end = strchr(t, ']');
		if (end == NULL || end == t + 1)
			return -1;
		eg_buf_add(host, t + 1, (size_t)(end - t - 1));
		if (end[1] == '\0')
			eg_buf_adds(port, "443");
		else if (end[1] == ':' && end[2] != '\0')
			eg_buf_adds(port, end + 2);
		else
			return -1;
	} else if (colon != NULL && strchr(t, ':') == colon) {
		if (colon == t || colon[1] == '\0')
			return -1;
		eg_buf_add(host, t, (size_t)(colon - t));
		eg_buf_adds(port, colon + 1);
	} else {
		eg_buf_adds(host, t); /* a name, IPv4, or a bare IPv6 */
		eg_buf_adds(port, "443");
	}
	uint64_t p;
	if (host->err || port->err || host->len == 0 ||
	    eg_parse_u64(eg_buf_str(port), 1, 65535, &p) != 0)
		return -1;
	return 0;
}

static const char *state_word(int st)
{
	return st == EG_TLS_YES ? _("yes") : st == EG_TLS_NO ? _("no") :
							      _("unknown (timed out)");
}

static void esc(struct eg_buf *out, const char *s)
{
	eg_term_escape(out, s, strlen(s));
}

static int text_report(const struct eg_tls_result *r, const char *sni,
		       struct eg_buf *out)
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
	if (r->have_cert) {
		const struct eg_tls_cert *c = &r->cert;
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

static void json_report(const struct eg_tls_result *r, struct eg_buf *out)
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
		eg_json_obj_end(&j);
	}
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc;
	const char *sni = NULL;
	uint64_t timeout = EG_TLS_TIMEOUT_DEFAULT_MS;
	struct eg_buf out, host, port;
	struct eg_tls_result *r = NULL;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_buf_init(&host, EG_URL_MAX);
	eg_buf_init(&port, 16);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:s:t:", opts, NULL)) != -1) {
		switch (c) {
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
	if (split_target(argv[optind], &host, &port) != 0) {
		rc = eg_cli_usage("tls",
				  _("bad target \"%.*s\": write HOST, HOST:PORT or [IPv6]:PORT with a port from 1 to 65535"),
				  EG_QUOTE_MAX, argv[optind]);
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
	if (fmt == 1)
		json_report(r, &out);
	else if ((rc = text_report(r, shown_sni, &out)) != 0 && out.err == 0)
		out.err = rc;
	rc = eg_cli_emit("tls", &out, NULL);
	if (rc == EG_EXIT_OK)
		for (size_t i = 0; i < r->nfindings; i++)
			if (eg_tls_severity_fails(r->findings[i].severity))
				rc = EG_EXIT_FINDINGS;
out:
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
