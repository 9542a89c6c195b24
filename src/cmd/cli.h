/*
 * cli.h: what every subcommand shares: the command table, exit codes, usage
 * errors, writing output to stdout or --out, and format selection.
 */
#ifndef EG_CLI_H
#define EG_CLI_H

#include <stddef.h>

#include "../util/buf.h"

/* Exit codes: documented in `ecguard --help` and the README. */
enum eg_exit {
	EG_EXIT_OK = 0,        /* success, nothing at or above the threshold */
	EG_EXIT_FINDINGS = 1,  /* findings at or above --fail-on */
	EG_EXIT_USAGE = 2,     /* usage or input error */
	EG_EXIT_INTERNAL = 3,  /* internal error */
};

struct eg_cmd {
	const char *name;
	const char *summary;              /* N_() text, translated on display */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* All subcommands, NULL-terminated, in the order `ecguard --help` lists them. */
extern const struct eg_cmd *const eg_commands[];

/* Prints "ecguard CMD: message" and a hint to --help on stderr; returns
 * EG_EXIT_USAGE. */
int eg_cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "ecguard CMD: message" on stderr (message neutralised); returns rc. */
int eg_cli_fail(const char *cmd, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes b to path (created 0644, or replaced) or stdout when path is NULL or
 * "-". Returns EG_EXIT_OK, or EG_EXIT_USAGE when path cannot be written, or
 * EG_EXIT_INTERNAL when b failed (its sticky error). */
int eg_cli_emit(const char *cmd, struct eg_buf *b, const char *path);

/* Finds arg in the NULL-terminated list of format names; returns its index,
 * or -1 after printing a usage error listing them. */
int eg_cli_format(const char *cmd, const char *arg, const char *const *names);

/* 1 when colour may be used on stdout: a terminal, and NO_COLOR unset. */
int eg_cli_color(void);

/* Standard help footer: exit codes. */
void eg_cli_help_exit_codes(struct eg_buf *b);

#endif
