/*
 * cron_jobs.h: the cron_jobs table and the crontab parser.
 *
 * cron_jobs(file, line, user, schedule, command): every job cron would run,
 * from etc/crontab and the files of etc/cron.d (with a user field), the
 * user crontabs in var/spool/cron/crontabs (Debian) and var/spool/cron (Red
 * Hat), the user being the file's name, and the scripts of etc/cron.hourly,
 * daily, weekly and monthly (schedule `@hourly`..., command and file the
 * script's path, line NULL, user root). `schedule` is the five time fields
 * joined by one space (`0 3 * * 1`) or the special as written (`@reboot`,
 * `@daily`). Environment assignments (`MAILTO=...`) are not jobs and are
 * skipped. Commands are data: never executed, never resolved.
 *
 * Files are chosen as cron and run-parts choose them: in etc/cron.d and the
 * cron.DAILY folders only names made of [A-Za-z0-9_-] (so `x.dpkg-old` is
 * ignored), in the cron.DAILY folders only executable regular files, in the
 * spool no name starting with '.' or "tmp.".
 */
#ifndef EG_OPS_CRON_JOBS_H
#define EG_OPS_CRON_JOBS_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of cron_jobs, in order. */
enum {
	EG_CRON_FILE,
	EG_CRON_LINE,
	EG_CRON_USER,
	EG_CRON_SCHEDULE,
	EG_CRON_COMMAND,
	EG_CRON_NCOLS
};

/*
 * Parses buf[0..len), a crontab named file, into rows (EG_CRON_NCOLS
 * columns). user NULL: a system crontab, whose lines carry a user field
 * after the schedule; otherwise a user's crontab, every job run as user.
 * Comments, blank lines and environment assignments are skipped; a line
 * that is none of these nor a valid job is skipped with a warning
 * "file:line: ...". Returns 0 or rows' sticky error.
 */
int eg_crontab_parse(const char *buf, size_t len, const char *file,
		     const char *user, struct eg_orows *rows);

extern const struct eg_table_def eg_table_cron_jobs;

#endif
