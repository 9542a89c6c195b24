/*
 * registry.c: the list of subcommands. Adding a command is adding its file
 * and one line here.
 */
#include <stddef.h>

#include "cli.h"

extern const struct eg_cmd eg_cmd_catalog;

const struct eg_cmd *const eg_commands[] = {
	&eg_cmd_catalog,
	NULL,
};
