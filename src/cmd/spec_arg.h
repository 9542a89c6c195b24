/*
 * spec_arg.h: loading the spec named by a command's --spec option, for the
 * commands that take one (query, tls, web), with the diagnostics and the
 * exit code `spec check` gives.
 */
#ifndef EG_SPEC_ARG_H
#define EG_SPEC_ARG_H

#include "../core/spec.h"

/*
 * Loads the spec at path for command cmd. Returns EG_EXIT_OK with *out set
 * (free with eg_spec_free), or prints every error as file:line:col on
 * stderr with a closing line that says how to check the file, and returns
 * EG_EXIT_USAGE with *out NULL.
 */
int eg_spec_arg_load(const char *cmd, const char *path, struct eg_spec **out);

#endif
