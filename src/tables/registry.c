/*
 * registry.c: every probe table family. A family is a folder under
 * src/tables/ with its own registry_FAMILY.c listing its tables.
 */
#include <stddef.h>

#include "registry.h"

extern const struct eg_table_def *const eg_tables_accounts[];
extern const struct eg_table_def *const eg_tables_system[];
extern const struct eg_table_def *const eg_tables_web[];
extern const struct eg_table_def *const eg_tables_spec[];
extern const struct eg_table_def *const eg_tables_ops[];
extern const struct eg_table_def *const eg_tables_records[];
extern const struct eg_table_def *const eg_tables_net[];

const struct eg_table_def *const *const eg_table_families[] = {
	eg_tables_accounts,
	eg_tables_system,
	eg_tables_web,
	eg_tables_spec,
	eg_tables_ops,
	eg_tables_records,
	eg_tables_net,
	NULL,
};
