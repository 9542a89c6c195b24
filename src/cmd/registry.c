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
extern const struct eg_cmd eg_cmd_tls;
extern const struct eg_cmd eg_cmd_web;
extern const struct eg_cmd eg_cmd_record;
extern const struct eg_cmd eg_cmd_records;
extern const struct eg_cmd eg_cmd_evidence;
extern const struct eg_cmd eg_cmd_status;
extern const struct eg_cmd eg_cmd_soa;

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
	&eg_cmd_tls,
	&eg_cmd_web,
	&eg_cmd_record,
	&eg_cmd_records,
	&eg_cmd_evidence,
	&eg_cmd_status,
	&eg_cmd_soa,
	NULL,
};
