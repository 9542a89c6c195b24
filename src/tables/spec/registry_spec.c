/*
 * registry_spec.c: the tables of the "spec" family, NULL-terminated: the
 * loaded site specification (userdata "spec", else the embedded default)
 * as SQL, one table per section (docs/spec.md, "The spec as SQL").
 */
#include <stddef.h>

#include "../vtab.h"
#include "spec_tables.h"

const struct eg_table_def *const eg_tables_spec[] = {
	&eg_table_spec_site,
	&eg_table_spec_endpoints,
	&eg_table_spec_page_hosts,
	&eg_table_spec_zones,
	&eg_table_spec_flows,
	&eg_table_spec_servers,
	&eg_table_spec_services,
	&eg_table_spec_secrets,
	&eg_table_spec_user_data,
	&eg_table_spec_communications,
	&eg_table_spec_auth_scenes,
	&eg_table_spec_owners,
	&eg_table_spec_policies,
	&eg_table_spec_partners,
	&eg_table_spec_cadences,
	&eg_table_spec_waivers,
	&eg_table_spec_not_applicable,
	&eg_table_spec_completeness,
	NULL,
};
