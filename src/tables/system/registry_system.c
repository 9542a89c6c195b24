/*
 * registry_system.c: the tables of the "system" family, NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"

const struct eg_table_def *const eg_tables_system[] = {
	NULL,
};
