/*
 * store_arg.c: the --store option of the commands that read the store.
 */
#include "store_arg.h"

#include "../util/i18n.h"
#include "../util/limits.h"
#include "cli.h"

int eg_store_arg_exit(int code)
{
	switch (code) {
	case EG_E_NOMEM:
	case EG_E_SQL:
	case EG_E_INTERNAL:
		return EG_EXIT_INTERNAL;
	default:
		return EG_EXIT_USAGE;
	}
}

int eg_store_arg_open(const char *cmd, const char *path,
		      struct eg_store **out)
{
	char def[EG_PATH_MAX];
	struct eg_err e;
	*out = NULL;
	eg_err_clear(&e);
	if (path == NULL) {
		if (eg_store_default_path(def, sizeof(def)) != 0)
			return eg_cli_fail(cmd, EG_EXIT_USAGE, "%s",
					   _("no default store path (no home "
					     "folder known); give --store FILE"));
		path = def;
	}
	int rc = eg_store_open(path, 0, out, &e);
	if (rc != 0)
		return eg_cli_fail(cmd, eg_store_arg_exit(rc), "%s",
				   eg_err_msg(&e));
	return EG_EXIT_OK;
}

int eg_store_arg_open_present(const char *cmd, const char *path,
			      struct eg_store **out)
{
	char def[EG_PATH_MAX];
	struct eg_err e;
	*out = NULL;
	eg_err_clear(&e);
	if (path == NULL) {
		if (eg_store_default_path(def, sizeof(def)) != 0)
			return EG_EXIT_OK; /* no home: no store either */
		path = def;
	}
	int rc = eg_store_open(path, 0, out, &e);
	if (rc == EG_E_NOTFOUND)
		return EG_EXIT_OK;
	if (rc != 0)
		return eg_cli_fail(cmd, eg_store_arg_exit(rc), "%s",
				   eg_err_msg(&e));
	return EG_EXIT_OK;
}
