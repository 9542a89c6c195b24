/*
 * spec_items.c: spec_secrets, spec_user_data, spec_communications and
 * spec_auth_scenes: the security-management items (T05.03), user-data items
 * (T06.03), communications (T07.03) and authentication scenes (T08.03).
 */
#include "spec_tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* spec_secrets --------------------------------------------------------- */

enum { X_NAME, X_KIND, X_LOCATION, X_SERVER, X_OWNER, X_READERS,
       X_ROTATION, X_ROTATION_DAYS, X_PROTECTION, X_FILE, X_LINE };

static const struct eg_column secret_cols[] = {
	{"name", EG_TEXT, 0, "item name"},
	{"kind", EG_TEXT, 0, "password, private-key, certificate, api-token, access-list or other"},
	{"location", EG_TEXT, 0, "path or store where it lives"},
	{"server", EG_TEXT, 0, "server it lives on, NULL when not stated"},
	{"owner", EG_TEXT, 0, "who is responsible for it"},
	{"readers", EG_TEXT, 0, "JSON array of who may read it"},
	{"rotation", EG_TEXT, 0, "rotation interval (12m...)"},
	{"rotation_days", EG_INT, 0, "rotation in days (months 30, years 365)"},
	{"protection", EG_TEXT, 0, "JSON array of protection requirements"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int secrets_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_secret *x = eg_spec_secrets(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, X_NAME, x[i].name);
		eg_row_text(ctx, X_KIND, x[i].kind);
		eg_row_text(ctx, X_LOCATION, x[i].location);
		eg_row_text(ctx, X_SERVER, x[i].server);
		eg_row_text(ctx, X_OWNER, x[i].owner);
		eg_spect_strv(ctx, X_READERS, &x[i].readers, 1);
		eg_spect_interval(ctx, X_ROTATION, X_ROTATION_DAYS,
				  &x[i].rotation);
		eg_spect_strv(ctx, X_PROTECTION, &x[i].protection, 1);
		eg_spect_pos(ctx, X_FILE, X_LINE, &x[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_secrets = {
	.name = "spec_secrets",
	.description = "Security-management items: passwords, keys, certificates, tokens, access lists (T05.03)",
	.columns = secret_cols,
	.ncolumns = COUNT(secret_cols),
	.generate = secrets_gen,
};

/* spec_user_data ------------------------------------------------------- */

enum { U_NAME, U_KIND, U_LOCATION, U_SERVER, U_OWNER, U_ENCRYPTED,
       U_RETENTION, U_RETENTION_DAYS, U_STORE_ALLOWED, U_FILE, U_LINE };

static const struct eg_column data_cols[] = {
	{"name", EG_TEXT, 0, "item name"},
	{"kind", EG_TEXT, 0, "personal, card, transactions, partner-secrets or other"},
	{"location", EG_TEXT, 0, "where it lives (database table, path)"},
	{"server", EG_TEXT, 0, "server it lives on, NULL when not stated"},
	{"owner", EG_TEXT, 0, "who is responsible for it"},
	{"encryption_at_rest", EG_INT, 0, "1 required, 0 not, NULL not stated"},
	{"retention", EG_TEXT, 0, "how long it is kept (5y...)"},
	{"retention_days", EG_INT, 0, "retention in days"},
	{"store_allowed", EG_INT, 0, "0 when it must not be stored at all (card data)"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int user_data_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_user_data *x = eg_spec_user_data(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, U_NAME, x[i].name);
		eg_row_text(ctx, U_KIND, x[i].kind);
		eg_row_text(ctx, U_LOCATION, x[i].location);
		eg_row_text(ctx, U_SERVER, x[i].server);
		eg_row_text(ctx, U_OWNER, x[i].owner);
		eg_spect_tri(ctx, U_ENCRYPTED, x[i].encrypted);
		eg_spect_interval(ctx, U_RETENTION, U_RETENTION_DAYS,
				  &x[i].retention);
		eg_row_int(ctx, U_STORE_ALLOWED, x[i].store_allowed);
		eg_spect_pos(ctx, U_FILE, U_LINE, &x[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_user_data = {
	.name = "spec_user_data",
	.description = "User-data items: personal data, card data, transactions, partners' secrets (T06.03)",
	.columns = data_cols,
	.ncolumns = COUNT(data_cols),
	.generate = user_data_gen,
};

/* spec_communications -------------------------------------------------- */

enum { C_NAME, C_FROM, C_TO, C_PROTOCOL, C_MIN_TLS, C_MUTUAL,
       C_NONREP, C_PURPOSE, C_FILE, C_LINE };

static const struct eg_column comm_cols[] = {
	{"name", EG_TEXT, 0, "communication name, NULL when not named"},
	{"from_name", EG_TEXT, 0, "zone, server or partner it starts from"},
	{"to_name", EG_TEXT, 0, "zone, server or partner it goes to"},
	{"protocol", EG_TEXT, 0, "protocol (https, ssh, smtp...)"},
	{"min_tls", EG_TEXT, 0, "TLSv1.2, TLSv1.3, none (not TLS) or NULL when not stated"},
	{"mutual_auth", EG_INT, 0, "1 required, 0 not, NULL not stated"},
	{"non_repudiation", EG_TEXT, 0, "signed, logged, none or NULL when not stated"},
	{"purpose", EG_TEXT, 0, "why it exists"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int comms_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_comm *c = eg_spec_communications(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, C_NAME, c[i].name);
		eg_row_text(ctx, C_FROM, c[i].from);
		eg_row_text(ctx, C_TO, c[i].to);
		eg_row_text(ctx, C_PROTOCOL, c[i].protocol);
		eg_row_text(ctx, C_MIN_TLS, c[i].min_tls);
		eg_spect_tri(ctx, C_MUTUAL, c[i].mutual_auth);
		eg_row_text(ctx, C_NONREP, c[i].non_repudiation);
		eg_row_text(ctx, C_PURPOSE, c[i].purpose);
		eg_spect_pos(ctx, C_FILE, C_LINE, &c[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_communications = {
	.name = "spec_communications",
	.description = "Communications and their protection requirements (T07.03)",
	.columns = comm_cols,
	.ncolumns = COUNT(comm_cols),
	.generate = comms_gen,
};

/* spec_auth_scenes ----------------------------------------------------- */

enum { A_NAME, A_SCENE, A_FACTORS, A_LOCKOUT, A_MIN_LENGTH, A_COMPLEXITY,
       A_HISTORY, A_MAX_AGE, A_MAX_AGE_DAYS, A_ALLOWED_FROM, A_SERVERS,
       A_FILE, A_LINE };

static const struct eg_column auth_cols[] = {
	{"name", EG_TEXT, 0, "scene name (the scene unless named)"},
	{"scene", EG_TEXT, 0, "customer-login, admin-login, ssh, api or partner"},
	{"factors", EG_TEXT, 0, "JSON array of factors (password, totp, key...)"},
	{"lockout_threshold", EG_INT, 0, "failures before lockout; 0 no lockout; NULL not stated"},
	{"password_min_length", EG_INT, 0, "minimum password length, NULL when not stated"},
	{"password_complexity", EG_INT, 0, "1 complexity required, 0 not, NULL not stated"},
	{"password_history", EG_INT, 0, "passwords that may not be reused, NULL when not stated"},
	{"password_max_age", EG_TEXT, 0, "maximum password age, NULL for no expiry"},
	{"password_max_age_days", EG_INT, 0, "password_max_age in days"},
	{"allowed_from", EG_TEXT, 0, "JSON array of zones/networks logins may come from"},
	{"servers", EG_TEXT, 0, "JSON array of the servers the scene applies to"},
	{"file", EG_TEXT, 0, "spec file declaring it"},
	{"line", EG_INT, 0, "line in that file"},
};

static int auth_gen(struct eg_tctx *ctx)
{
	const struct eg_spec *s = eg_spect_spec(ctx);
	if (s == NULL)
		return EG_E_INTERNAL;
	size_t n;
	const struct eg_spec_auth_scene *a = eg_spec_auth_scenes(s, &n);
	for (size_t i = 0; i < n; i++) {
		eg_row_begin(ctx);
		eg_row_text(ctx, A_NAME, a[i].name);
		eg_row_text(ctx, A_SCENE, a[i].scene);
		eg_spect_strv(ctx, A_FACTORS, &a[i].factors, 1);
		if (a[i].lockout_threshold != EG_SPEC_UNSET)
			eg_row_int(ctx, A_LOCKOUT, a[i].lockout_threshold);
		if (a[i].password.min_length != EG_SPEC_UNSET)
			eg_row_int(ctx, A_MIN_LENGTH, a[i].password.min_length);
		eg_spect_tri(ctx, A_COMPLEXITY, a[i].password.complexity);
		if (a[i].password.history != EG_SPEC_UNSET)
			eg_row_int(ctx, A_HISTORY, a[i].password.history);
		eg_spect_interval(ctx, A_MAX_AGE, A_MAX_AGE_DAYS,
				  &a[i].password.max_age);
		eg_spect_strv(ctx, A_ALLOWED_FROM, &a[i].allowed_from, 1);
		eg_spect_strv(ctx, A_SERVERS, &a[i].servers, 1);
		eg_spect_pos(ctx, A_FILE, A_LINE, &a[i].pos);
		int rc = eg_row_end(ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct eg_table_def eg_table_spec_auth_scenes = {
	.name = "spec_auth_scenes",
	.description = "Authentication scenes and their requirements (T08.03)",
	.columns = auth_cols,
	.ncolumns = COUNT(auth_cols),
	.generate = auth_gen,
};
