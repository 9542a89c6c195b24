/*
 * registry_accounts.c: the tables of the "accounts" family (accounts,
 * authentication and remote-login configuration), NULL-terminated.
 */
#include <stddef.h>

#include "../vtab.h"
#include "authkeys.h"
#include "logindefs.h"
#include "pam.h"
#include "passwd.h"
#include "sshd.h"
#include "sudoers.h"

const struct eg_table_def *const eg_tables_accounts[] = {
	&eg_table_users,
	&eg_table_groups,
	&eg_table_shadow,
	&eg_table_sshd_config,
	&eg_table_login_defs,
	&eg_table_sudoers,
	&eg_table_pam,
	&eg_table_authorized_keys,
	NULL,
};
