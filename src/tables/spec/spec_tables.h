/*
 * spec_tables.h: what the spec_* tables share (private to this folder).
 *
 * The tables read the site specification the engine's owner attached as
 * userdata "spec" (a const struct eg_spec *), or the embedded default when
 * none is attached. The spec is validated data, but it is still the user's
 * text: it goes into rows as text (SQL values are never SQL), and lists go
 * in as JSON arrays for json_each.
 */
#ifndef EG_SPEC_TABLES_H
#define EG_SPEC_TABLES_H

#include "../../core/spec.h"
#include "../vtab.h"

/* The spec to read, or NULL after eg_tctx_error (the embedded default is
 * broken: a build bug). */
const struct eg_spec *eg_spect_spec(struct eg_tctx *ctx);

/* A string list as a JSON array into column col (NULL when stated is 0). */
void eg_spect_strv(struct eg_tctx *ctx, size_t col,
		   const struct eg_spec_strv *v, int stated);

/* Position columns: the file and the line. */
void eg_spect_pos(struct eg_tctx *ctx, size_t col_file, size_t col_line,
		  const struct eg_spec_pos *p);

/* An interval as its text and its length in days (both NULL when not
 * stated). */
void eg_spect_interval(struct eg_tctx *ctx, size_t col_text, size_t col_days,
		       const struct eg_spec_interval *iv);

/* A tri-state flag: NULL, 0 or 1. */
void eg_spect_tri(struct eg_tctx *ctx, size_t col, int v);

/* A duration as written ("3m") into out (16 bytes). */
void eg_spect_duration(const struct eg_duration *d, char out[16]);

/* Table definitions. */
extern const struct eg_table_def eg_table_spec_site, eg_table_spec_endpoints,
	eg_table_spec_page_hosts,
	eg_table_spec_zones, eg_table_spec_flows, eg_table_spec_servers,
	eg_table_spec_services, eg_table_spec_secrets,
	eg_table_spec_user_data, eg_table_spec_communications,
	eg_table_spec_auth_scenes, eg_table_spec_owners,
	eg_table_spec_policies, eg_table_spec_partners,
	eg_table_spec_cadences, eg_table_spec_waivers,
	eg_table_spec_not_applicable, eg_table_spec_completeness;

#endif
