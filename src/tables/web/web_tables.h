/*
 * web_tables.h: the tables of the web family (listed in registry_web.c) and
 * the run-wide state they share through eg_tctx_shared: the parsed nginx
 * and apache configurations (read once, used by nginx_config,
 * apache_config, certificates, ssl_files and docroot_files) and the
 * audited system's user and group names.
 *
 * Private to src/tables/web.
 */
#ifndef EG_WEB_WEB_TABLES_H
#define EG_WEB_WEB_TABLES_H

#include "../vtab.h"
#include "idmap.h"
#include "webconf.h"
#include "webutil.h"

extern const struct eg_table_def eg_table_file;
extern const struct eg_table_def eg_table_file_hash;
extern const struct eg_table_def eg_table_nginx_config;
extern const struct eg_table_def eg_table_apache_config;
extern const struct eg_table_def eg_table_php_ini;
extern const struct eg_table_def eg_table_certificates;
extern const struct eg_table_def eg_table_docroot_files;
extern const struct eg_table_def eg_table_ssl_files;

/*
 * The configurations of this run, loaded on first use with their problems
 * reported as warnings of the table that asked first. NULL only when
 * memory is exhausted. Owned by the engine.
 */
const struct eg_wconf *eg_web_nginx(struct eg_tctx *ctx);
const struct eg_wconf *eg_web_apache(struct eg_tctx *ctx);

/* The audit root's passwd/group names; NULL only on exhaustion. */
const struct eg_idmap *eg_web_idmap(struct eg_tctx *ctx);

/*
 * Appends to out the normalised absolute paths the configurations name
 * with an nginx directive (relative ones from nginx_base) and an apache
 * directive (case-insensitive; relative ones from /etc/apache2), first
 * argument only, skipping values with variables ('$') and nginx's
 * "data:" values. Duplicates are not added. Returns 0 or EG_E_NOMEM.
 */
int eg_web_conf_paths(struct eg_tctx *ctx, const char *nginx_directive,
		      const char *nginx_base, const char *apache_directive,
		      struct eg_strv *out);

#endif
