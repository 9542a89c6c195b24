/*
 * cli.c: shared command-line plumbing.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/i18n.h"
#include "../util/neutral.h"

static void vmessage(const char *cmd, const char *fmt, va_list ap)
{
	char msg[EG_ERRMSG_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	struct eg_buf b;
	eg_buf_init(&b, EG_ERRMSG_MAX * 8);
	eg_buf_adds(&b, "ecguard");
	if (cmd != NULL) {
		eg_buf_addc(&b, ' ');
		eg_buf_adds(&b, cmd);
	}
	eg_buf_adds(&b, ": ");
	eg_term_escape(&b, msg, strlen(msg));
	eg_buf_addc(&b, '\n');
	fputs(eg_buf_str(&b), stderr);
	eg_buf_free(&b);
}

int eg_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cmd, fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, _("Try 'ecguard %s --help'.\n"), cmd);
	else
		fprintf(stderr, "%s", _("Try 'ecguard --help'.\n"));
	return EG_EXIT_USAGE;
}

int eg_cli_fail(const char *cmd, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int eg_cli_emit(const char *cmd, struct eg_buf *b, const char *path)
{
	if (b->err != 0)
		return eg_cli_fail(cmd, EG_EXIT_INTERNAL,
				   _("output could not be built: %s"),
				   eg_strerror(b->err));
	int fd = STDOUT_FILENO;
	if (path != NULL && strcmp(path, "-") != 0) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
			  0644);
		if (fd < 0)
			return eg_cli_fail(cmd, EG_EXIT_USAGE,
					   _("cannot write %s: %s; check the folder exists and is writable"),
					   path, strerror(errno));
	}
	size_t off = 0;
	int rc = EG_EXIT_OK;
	while (off < b->len) {
		ssize_t n = write(fd, b->data + off, b->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EPIPE)
				rc = eg_cli_fail(cmd, EG_EXIT_INTERNAL,
						 _("write failed: %s"),
						 strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	if (fd != STDOUT_FILENO && close(fd) != 0 && rc == EG_EXIT_OK)
		rc = eg_cli_fail(cmd, EG_EXIT_INTERNAL, _("write failed: %s"),
				 strerror(errno));
	return rc;
}

int eg_cli_format(const char *cmd, const char *arg, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	char list[256] = "";
	size_t used = 0;
	for (int i = 0; names[i] != NULL; i++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%s",
				 i ? ", " : "", names[i]);
		if (n < 0 || (size_t)n >= sizeof(list) - used)
			break;
		used += (size_t)n;
	}
	eg_cli_usage(cmd, _("unknown format \"%s\"; choose one of: %s"), arg,
		     list);
	return -1;
}

int eg_cli_color(void)
{
	const char *nc = getenv("NO_COLOR");
	if (nc != NULL && nc[0] != '\0')
		return 0;
	return isatty(STDOUT_FILENO);
}

void eg_cli_help_exit_codes(struct eg_buf *b)
{
	eg_buf_adds(b, _("Exit codes:\n"
			 "  0  success (no findings at or above the failure threshold)\n"
			 "  1  findings at or above the failure threshold (--fail-on)\n"
			 "  2  usage or input error\n"
			 "  3  internal error\n"));
}
