/*
 * registry_ops.c: the tables of the "ops" family, NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"

const struct eg_table_def *const eg_tables_ops[] = {
	NULL,
};
