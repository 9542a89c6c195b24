/*
 * registry.c: the list of subcommands. Adding a command is adding its file
 * and one line here.
 */
#include <stddef.h>

#include "cli.h"

extern const struct eg_cmd eg_cmd_audit;
extern const struct eg_cmd eg_cmd_checks;
extern const struct eg_cmd eg_cmd_report;
extern const struct eg_cmd eg_cmd_catalog;
extern const struct eg_cmd eg_cmd_query;
extern const struct eg_cmd eg_cmd_spec;
extern const struct eg_cmd eg_cmd_tables;
extern const struct eg_cmd eg_cmd_history;
extern const struct eg_cmd eg_cmd_diff;

const struct eg_cmd *const eg_commands[] = {
	&eg_cmd_audit,
	&eg_cmd_report,
	&eg_cmd_checks,
	&eg_cmd_catalog,
	&eg_cmd_query,
	&eg_cmd_spec,
	&eg_cmd_tables,
	&eg_cmd_history,
	&eg_cmd_diff,
	NULL,
};
