/*
 * registry.h: the list of probe table families (each a NULL-terminated list
 * of tables), NULL-terminated.
 */
#ifndef EG_TABLES_REGISTRY_H
#define EG_TABLES_REGISTRY_H

#include "vtab.h"

extern const struct eg_table_def *const *const eg_table_families[];

#endif
