/*
 * registry_spec.c: the tables of the "spec" family, NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"

const struct eg_table_def *const eg_tables_spec[] = {
	NULL,
};
