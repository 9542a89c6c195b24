/*
 * net_tables.h: the tables of the "net" family (private to this folder and
 * its registry): facts fetched over the network from the endpoints a query
 * names, today the TLS scanner's (src/scan/tls). Each table takes the
 * endpoint as the required hidden argument `target` (HOST:PORT, [IPV6]:PORT)
 * and an optional hidden `sni`; the scan of one target runs once per engine
 * run whichever table asks first (eg_tctx_shared), so the five tls_* tables
 * over one target cost one scan. Traffic goes only to the targets the
 * query names: a check joins spec_endpoints, so the embedded default spec
 * (no endpoints) makes none.
 */
#ifndef EG_NET_TABLES_H
#define EG_NET_TABLES_H

#include "../vtab.h"

extern const struct eg_table_def eg_table_tls_scans, eg_table_tls_protocols,
	eg_table_tls_ciphers, eg_table_tls_certificates, eg_table_tls_groups,
	eg_table_tls_findings;

extern const struct eg_table_def eg_table_http_scans,
	eg_table_http_responses, eg_table_http_headers, eg_table_http_cookies,
	eg_table_http_paths, eg_table_http_findings, eg_table_page_checks,
	eg_table_page_scripts, eg_table_page_forms, eg_table_page_findings;

#endif
