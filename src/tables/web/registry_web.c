/*
 * registry_web.c: the tables of the "web" family, NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"

const struct eg_table_def *const eg_tables_web[] = {
	NULL,
};
