/*
 * registry_web.c: the tables of the "web" family, NULL-terminated: files and
 * their hashes, the web servers' configurations, PHP settings, certificates,
 * the files under the web roots, and TLS key files.
 */
#include <stddef.h>

#include "web_tables.h"

const struct eg_table_def *const eg_tables_web[] = {
	&eg_table_file,
	&eg_table_file_hash,
	&eg_table_nginx_config,
	&eg_table_apache_config,
	&eg_table_php_ini,
	&eg_table_certificates,
	&eg_table_docroot_files,
	&eg_table_ssl_files,
	NULL,
};
