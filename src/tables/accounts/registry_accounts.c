/*
 * registry_accounts.c: the tables of the "accounts" family, NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"

const struct eg_table_def *const eg_tables_accounts[] = {
	NULL,
};
