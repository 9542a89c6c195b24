/*
 * system_tables.h: the probe tables of the "system" family (host state from
 * /proc, /sys, dpkg and the kernel's configuration folders), listed by
 * registry_system.c. Each is defined in its tbl_*.c file.
 */
#ifndef EG_TABLES_SYSTEM_TABLES_H
#define EG_TABLES_SYSTEM_TABLES_H

#include "../vtab.h"
#include "sysio.h"

extern const struct eg_table_def eg_table_listening_ports;
extern const struct eg_table_def eg_table_processes;
extern const struct eg_table_def eg_table_deb_packages;
extern const struct eg_table_def eg_table_sysctl;
extern const struct eg_table_def eg_table_os_release;
extern const struct eg_table_def eg_table_kernel_modules;
extern const struct eg_table_def eg_table_modprobe_rules;
extern const struct eg_table_def eg_table_mounts;

/* Passes a formatted sysio warning on to the table's warnings; arg is the
 * struct eg_tctx. */
void eg_sys_warn_ctx(void *arg, const char *msg);

/*
 * Warns that bad lines of path were skipped (first: the first one's number),
 * counting st's overlong lines too and saying when st hit the line cap. st
 * may be NULL. Nothing when there is nothing to say.
 */
void eg_sys_warn_lines(struct eg_tctx *ctx, const char *path, size_t bad,
		       size_t first, const struct eg_line_stats *st);

#endif
