/*
 * records_tables.h: the tables of the "records" family (private to this
 * folder and its registry): the organisational records of the store that
 * the engine's owner attached as userdata "store" (a struct eg_store *), as
 * SQL for the attestation checks. See records.c for the rules.
 */
#ifndef EG_RECORDS_TABLES_H
#define EG_RECORDS_TABLES_H

#include "../vtab.h"

extern const struct eg_table_def eg_table_records, eg_table_records_store,
	eg_table_record_evidence;

#endif
