/*
 * registry_records.c: the tables of the "records" family, NULL-terminated:
 * the organisational records of the store (userdata "store") and whether
 * there is a store at all.
 */
#include <stddef.h>

#include "../vtab.h"
#include "records_tables.h"

const struct eg_table_def *const eg_tables_records[] = {
	&eg_table_records,
	&eg_table_records_store,
	&eg_table_record_evidence,
	NULL,
};
