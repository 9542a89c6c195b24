/*
 * registry_system.c: the tables of the "system" family, NULL-terminated.
 */
#include <stddef.h>

#include "system_tables.h"

const struct eg_table_def *const eg_tables_system[] = {
	&eg_table_listening_ports,
	&eg_table_processes,
	&eg_table_deb_packages,
	&eg_table_sysctl,
	&eg_table_os_release,
	&eg_table_kernel_modules,
	&eg_table_modprobe_rules,
	&eg_table_mounts,
	NULL,
};
