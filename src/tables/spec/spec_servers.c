/*
 * spec_servers.c: spec_servers and spec_services: each server with its
 * access, monitoring and security-hole requirements (T02.04, T03.04), and
 * the services each may run with their exposure (T02.05, T02.06).
 */
#include <string.h>

#include "spec_tables.h"

/* spec_servers --------------------------------------------------------- */

enum {
	SV_NAME, SV_ROLE, SV_HOSTNAME, SV_ZONE, SV_ADDRESSES,
	SV_LOCAL_SERVICES, SV_WEB_ROOTS, SV_SERVICES_STATED, SV_USERS,
	SV_ADMINS, SV_ACCESS_FROM, SV_LOGS, SV_LOG_RETENTION,
	SV_LOG_RETENTION_DAYS, SV_FILE_INTEGRITY, SV_ALERT_TO,
	SV_PATCH_WITHIN, SV_PATCH_WITHIN_DAYS, SV_AUTO_UPDATES,
	SV_SCAN_EVERY, SV_SCAN_EVERY_DAYS, SV_ADVISORY_SOURCES, SV_FILE,
	SV_LINE,
};

static const struct eg_column server_cols[] = {
	{"name", EG_TEXT, 0, "server name"},
	{"role", EG_TEXT, 0, "web, app, db, mail, bastion, all-in-one..."},
	{"hostname", EG_TEXT, 0, "host name the audit matches (the name unless stated)"},
	{"zone", EG_TEXT, 0, "zone of the server, NULL when not stated"},
	{"addresses", EG_TEXT, 0, "JSON array of its IP addresses"},
	{"local_services", EG_TEXT, 0,
	 "declared: only declared services may listen, even on loopback; any: undeclared ones may listen on loopback"},
	{"web_roots", EG_TEXT, 0, "JSON array of folders the web server may serve"},
	{"services_stated", EG_INT, 0, "1 when the spec lists its services (T02.06)"},
	{"access_users", EG_TEXT, 0, "JSON array of accounts that may log in; NULL when access is not stated"},
	{"access_admins", EG_TEXT, 0, "JSON array of accounts with administrator rights; NULL when access is not stated"},
	{"access_from", EG_TEXT, 0, "JSON array of zones/networks logins may come from; NULL when access is not stated"},
	{"monitoring_logs", EG_TEXT, 0, "JSON array of log files that must exist; NULL when monitoring is not stated"},
	{"log_retention", EG_TEXT, 0, "how long logs are kept (30d, 12m...)"},
	{"log_retention_days", EG_INT, 0, "log_retention in days (months 30, years 365)"},
	{"file_integrity", EG_INT, 0, "1 file-integrity monitoring required, 0 not, NULL not stated"},
	{"alert_to", EG_TEXT, 0, "where monitoring alerts go"},
	{"patch_within", EG_TEXT, 0, "how soon security updates are applied (T03.04)"},
	{"patch_within_days", EG_INT, 0, "patch_within in days"},
	{"auto_updates", EG_INT, 0, "1 automatic security updates required, 0 not, NULL not stated"},
	{"scan_every", EG_TEXT, 0, "interval between vulnerability scans"},
	{"scan_every_days", EG_INT, 0, "scan_every in days"},
	{"advisory_sources", EG_TEXT, 0, "JSON array of where advisories come from; NULL when not stated"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int servers_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	for (size_t i = 0; i < n; i++) {
		const struct eg_spec_server *x = &sv[i];
		eg_row_begin(ctx);
		eg_row_text(ctx, SV_NAME, x->name);
		eg_row_text(ctx, SV_ROLE, x->role);
		eg_row_text(ctx, SV_HOSTNAME,
			    x->hostname != NULL ? x->hostname : x->name);
		eg_row_text(ctx, SV_ZONE, x->zone);
		eg_spect_strv(ctx, SV_ADDRESSES, &x->addresses, 1);
		eg_row_text(ctx, SV_LOCAL_SERVICES, x->local_services);
		eg_spect_strv(ctx, SV_WEB_ROOTS, &x->web_roots, 1);
		eg_row_int(ctx, SV_SERVICES_STATED, x->services_stated);
		eg_spect_strv(ctx, SV_USERS, &x->access.users,
			      x->access.stated);
		eg_spect_strv(ctx, SV_ADMINS, &x->access.admins,
			      x->access.stated);
		eg_spect_strv(ctx, SV_ACCESS_FROM, &x->access.from,
			      x->access.stated);
		eg_spect_strv(ctx, SV_LOGS, &x->monitoring.logs,
			      x->monitoring.stated);
		eg_spect_interval(ctx, SV_LOG_RETENTION, SV_LOG_RETENTION_DAYS,
				  &x->monitoring.log_retention);
		eg_spect_tri(ctx, SV_FILE_INTEGRITY,
			     x->monitoring.file_integrity);
		eg_row_text(ctx, SV_ALERT_TO, x->monitoring.alert_to);
		eg_spect_interval(ctx, SV_PATCH_WITHIN, SV_PATCH_WITHIN_DAYS,
				  &x->vulnerability.patch_within);
		eg_spect_tri(ctx, SV_AUTO_UPDATES,
			     x->vulnerability.auto_updates);
		eg_spect_interval(ctx, SV_SCAN_EVERY, SV_SCAN_EVERY_DAYS,
				  &x->vulnerability.scan_every);
		eg_spect_strv(ctx, SV_ADVISORY_SOURCES,
			      &x->vulnerability.sources,
			      x->vulnerability.stated);
		eg_spect_pos(ctx, SV_FILE, SV_LINE, &x->pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_servers = {
	.name = "spec_servers",
	.description = "Servers of the spec with their access, monitoring and security-hole requirements (T02.04, T03.04)",
	.columns = server_cols,
	.ncolumns = sizeof(server_cols) / sizeof(server_cols[0]),
	.generate = servers_gen,
};

/* spec_services -------------------------------------------------------- */

enum {
	SS_SERVER, SS_NAME, SS_PORT, SS_PROTOCOL, SS_PROCESS, SS_EXPOSURE,
	SS_ALLOWED_FROM, SS_REACHABLE_FROM, SS_LOG, SS_FILE, SS_LINE,
};

static const struct eg_column service_cols[] = {
	{"server", EG_TEXT, 0, "server the service runs on"},
	{"name", EG_TEXT, 0, "service name"},
	{"port", EG_INT, 0, "port"},
	{"protocol", EG_TEXT, 0, "tcp or udp"},
	{"process", EG_TEXT, 0, "process expected to listen, NULL when not stated"},
	{"exposure", EG_TEXT, 0,
	 "public (any address), zone (not on public addresses) or local (loopback only)"},
	{"allowed_from", EG_TEXT, 0, "JSON array of zones/networks as written ([] when not stated)"},
	{"reachable_from", EG_TEXT, 0,
	 "JSON array of who may reach it in effect: allowed_from, else [\"internet\"] for public, the server's zone for zone, [] for local"},
	{"log", EG_TEXT, 0, "log recording access to it, 'none', or NULL when not stated"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int services_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_server *sv = eg_spec_servers(s, &n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < sv[i].nservices; j++) {
			const struct eg_spec_service *x = &sv[i].services[j];
			eg_row_begin(ctx);
			eg_row_text(ctx, SS_SERVER, sv[i].name);
			eg_row_text(ctx, SS_NAME, x->name);
			eg_row_int(ctx, SS_PORT, x->port);
			eg_row_text(ctx, SS_PROTOCOL, x->protocol);
			eg_row_text(ctx, SS_PROCESS, x->process);
			eg_row_text(ctx, SS_EXPOSURE, x->exposure);
			eg_spect_strv(ctx, SS_ALLOWED_FROM, &x->allowed_from, 1);
			const char *dflt[1];
			struct eg_spec_strv eff = x->allowed_from;
			if (strcmp(x->exposure, "local") == 0) {
				eff.n = 0;
			} else if (eff.n == 0) {
				dflt[0] = strcmp(x->exposure, "public") == 0
						  ? "internet"
						  : sv[i].zone;
				eff.v = dflt;
				eff.n = dflt[0] != NULL;
			}
			eg_spect_strv(ctx, SS_REACHABLE_FROM, &eff, 1);
			eg_row_text(ctx, SS_LOG, x->log);
			eg_spect_pos(ctx, SS_FILE, SS_LINE, &x->pos);
			int rc = eg_row_end(ctx);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

const struct eg_table_def eg_table_spec_services = {
	.name = "spec_services",
	.description = "Services each server may run, with exposure and who may reach them (T02.05, T02.06)",
	.columns = service_cols,
	.ncolumns = sizeof(service_cols) / sizeof(service_cols[0]),
	.generate = services_gen,
};
