/*
 * registry_ops.c: the tables of the "ops" family (how the host is run:
 * services, jobs, packages' sources, time, logs, audit, firewall),
 * NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"
#include "apt_sources.h"
#include "audit.h"
#include "cron_jobs.h"
#include "firewall_rules.h"
#include "logrotate.h"
#include "systemd_units.h"
#include "time_sync.h"

const struct eg_table_def *const eg_tables_ops[] = {
	&eg_table_systemd_units,
	&eg_table_cron_jobs,
	&eg_table_apt_sources,
	&eg_table_time_sync,
	&eg_table_logrotate,
	&eg_table_audit_rules,
	&eg_table_auditd_conf,
	&eg_table_firewall_rules,
	NULL,
};
