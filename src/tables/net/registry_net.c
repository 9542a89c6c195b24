/*
 * registry_net.c: the tables of the "net" family, NULL-terminated: what the
 * TLS scanner finds on the endpoints a query names.
 */
#include <stddef.h>

#include "../vtab.h"
#include "net_tables.h"

const struct eg_table_def *const eg_tables_net[] = {
	&eg_table_tls_scans,
	&eg_table_tls_protocols,
	&eg_table_tls_ciphers,
	&eg_table_tls_certificates,
	&eg_table_tls_groups,
	&eg_table_tls_findings,
	&eg_table_http_scans,
	&eg_table_http_responses,
	&eg_table_http_headers,
	&eg_table_http_cookies,
	&eg_table_http_paths,
	&eg_table_http_findings,
	&eg_table_page_checks,
	&eg_table_page_scripts,
	&eg_table_page_forms,
	&eg_table_page_findings,
	NULL,
};
