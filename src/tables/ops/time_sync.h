/*
 * time_sync.h: the time_sync table and the chrony and ntpd parsers.
 *
 * time_sync(service, setting, value, file): the configuration of the time
 * synchronisation services, one row per setting:
 *   chrony             etc/chrony/chrony.conf (else etc/chrony.conf) and
 *                      what it pulls in as chronyd does: `include` globs,
 *                      `confdir` folders (*.conf) and `sourcedir` folders
 *                      (*.sources), nested at most EG_CONF_MAX_INCLUDE_DEPTH;
 *                      setting = the directive lowercased (server, pool,
 *                      makestep...), value = its arguments, blanks collapsed.
 *   systemd-timesyncd  the [Time] section of etc/systemd/timesyncd.conf
 *                      (else usr/lib/systemd/timesyncd.conf) and its
 *                      timesyncd.conf.d drop-ins (etc, run, usr/local/lib,
 *                      usr/lib; a same-named file in an earlier folder wins,
 *                      read in name order); setting = the key as written
 *                      (NTP, FallbackNTP...), in the order timesyncd reads
 *                      them (a later one overrides; an empty NTP= resets).
 *   ntpd               etc/ntp.conf and etc/ntpsec/ntp.conf, like chrony
 *                      (includefile is not followed).
 * Plus one row (service, 'installed', 'yes', evidence) per service whose
 * daemon or unit file exists under the root (usr/sbin/chronyd,
 * systemd-timesyncd, usr/sbin/ntpd or their units), so a check can tell
 * "no time synchronisation at all" (no installed row) from "installed with
 * its defaults" (an installed row only) from "configured".
 */
#ifndef EG_OPS_TIME_SYNC_H
#define EG_OPS_TIME_SYNC_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of time_sync, in order. */
enum {
	EG_TS_SERVICE,
	EG_TS_SETTING,
	EG_TS_VALUE,
	EG_TS_FILE,
	EG_TS_NCOLS
};

/*
 * Parses buf[0..len), a chrony configuration (or sources) file named file:
 * one row ("chrony", directive, arguments, file) per directive in rows
 * (EG_TS_NCOLS columns). Comments start with # ! ; or %. Includes are not
 * followed here: they are rows like the others (the table follows them).
 * Returns 0 or rows' sticky error.
 */
int eg_chrony_parse(const char *buf, size_t len, const char *file,
		    struct eg_orows *rows);

/* The same for an ntpd (ntp or ntpsec) ntp.conf; service "ntpd". */
int eg_ntp_parse(const char *buf, size_t len, const char *file,
		 struct eg_orows *rows);

extern const struct eg_table_def eg_table_time_sync;

#endif
