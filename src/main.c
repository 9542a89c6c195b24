/*
 * main.c: the ecguard entry point. Sets up the language (global --lang,
 * accepted anywhere on the command line), then dispatches to a subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/limits.h"

#ifndef EG_VERSION
#define EG_VERSION "0.0.0"
#endif

static void main_help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard [--lang ja|en] COMMAND [OPTIONS]\n"
			 "\n"
			 "ecguard verifies an e-commerce site against the ECOM security guideline\n"
			 "for EC sites and the site's own security specification.\n"
			 "\n"
			 "Commands:\n"));
	for (size_t i = 0; eg_commands[i] != NULL; i++)
		eg_buf_addf(b, "  %-10s %s\n", eg_commands[i]->name,
			    _(eg_commands[i]->summary));
	eg_buf_adds(b, _("\n"
			 "Global options:\n"
			 "  --lang ja|en   language of messages and reports (default: from\n"
			 "                 LC_ALL, LC_MESSAGES or LANG; Japanese when it starts with ja)\n"
			 "  --version      print the version\n"
			 "  -h, --help     this help; 'ecguard COMMAND --help' for a command\n"
			 "\n"));
	eg_cli_help_exit_codes(b);
}

/* Takes --lang X / --lang=X out of argv wherever it is (before "--").
 * Returns the value or NULL; sets *bad when the option is malformed. */
static const char *take_lang(int *argc, char **argv, int *bad)
{
	const char *lang = NULL;
	int out = 1;
	int i = 1;
	for (; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0) {
			if (i + 1 >= *argc) {
				*bad = 1;
				continue;
			}
			lang = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--lang=", 7) == 0) {
			lang = argv[i] + 7;
			continue;
		}
		argv[out++] = argv[i];
	}
	for (; i < *argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	*argc = out;
	return lang;
}

int main(int argc, char **argv)
{
	int bad = 0;
	const char *lang = take_lang(&argc, argv, &bad);
	if (eg_i18n_init(lang) != 0) {
		eg_i18n_init(NULL);
		return eg_cli_usage(NULL, _("unknown language \"%s\"; use --lang ja or --lang en"),
				    lang);
	}
	if (bad)
		return eg_cli_usage(NULL, "%s", _("--lang needs a value: ja or en"));
	if (argc < 2) {
		struct eg_buf b;
		eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
		main_help(&b);
		fputs(eg_buf_str(&b), stderr);
		eg_buf_free(&b);
		return EG_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		if (strcmp(cmd, "help") == 0 && argc > 2) {
			for (size_t i = 0; eg_commands[i] != NULL; i++) {
				if (strcmp(eg_commands[i]->name, argv[2]) == 0) {
					char *hargv[] = {argv[2], (char *)"--help",
							 NULL};
					return eg_commands[i]->run(2, hargv);
				}
			}
			return eg_cli_usage(NULL, _("unknown command \"%s\""),
					    argv[2]);
		}
		struct eg_buf b;
		eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
		main_help(&b);
		int rc = eg_cli_emit(NULL, &b, NULL);
		eg_buf_free(&b);
		return rc;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("ecguard %s\n", EG_VERSION);
		return EG_EXIT_OK;
	}
	for (size_t i = 0; eg_commands[i] != NULL; i++)
		if (strcmp(eg_commands[i]->name, cmd) == 0)
			return eg_commands[i]->run(argc - 1, argv + 1);
	return eg_cli_usage(NULL, _("unknown command \"%s\""), cmd);
}
