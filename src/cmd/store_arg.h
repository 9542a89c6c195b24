/*
 * store_arg.h: opening the store named by a command's --store option (or the
 * default path) for the commands that read it (history, diff, report), with
 * the exit code the failure deserves.
 */
#ifndef EG_STORE_ARG_H
#define EG_STORE_ARG_H

#include "../core/store.h"

/*
 * Opens an existing store for command cmd: path, or the default path when
 * path is NULL. Never creates one. Returns EG_EXIT_OK with *out set (close
 * with eg_store_close), or prints why on stderr and returns EG_EXIT_USAGE
 * (no store, a symbolic link, not a store, a newer schema...) or
 * EG_EXIT_INTERNAL (memory, SQLite).
 */
int eg_store_arg_open(const char *cmd, const char *path,
		      struct eg_store **out);

/*
 * The same for the commands a fresh install runs before any store exists
 * (status, soa, web): a store that is not there is *out NULL and
 * EG_EXIT_OK ("nothing recorded yet"); anything else wrong with it fails
 * as eg_store_arg_open does.
 */
int eg_store_arg_open_present(const char *cmd, const char *path,
			      struct eg_store **out);

/* Exit code for an error of the store API: EG_EXIT_INTERNAL for memory and
 * SQLite failures, EG_EXIT_USAGE for everything the user can fix. */
int eg_store_arg_exit(int code);

#endif
