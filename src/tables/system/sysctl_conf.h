/*
 * sysctl_conf.h: sysctl names and the sysctl.d configuration syntax.
 *
 * A kernel parameter is a file under /proc/sys; its name is the path with
 * '/' written as '.', and a '.' inside one component (an interface named
 * "eth0.100") written as '/': net.ipv4.conf.eth0/100.rp_filter, as sysctl(8)
 * prints it. Files in sysctl.d (systemd-sysctl's syntax, a superset of
 * sysctl.conf's) hold lines
 *
 *   # comment          ; comment
 *   net.ipv4.ip_forward = 0
 *   net/ipv4/conf/eth0.100/rp_filter = 1    (first separator '/': path form)
 *   -net.ipv4.tcp_ecn = 1                   ('-': failure to set is fine)
 *   net.ipv4.conf.*.rp_filter = 2           (a glob over existing keys)
 *   -net.ipv4.conf.all.rp_filter            (excluded from the globs)
 *
 * The functions here are pure; the sysctl table reads the files and walks
 * /proc/sys.
 */
#ifndef EG_TABLES_SYSCTL_CONF_H
#define EG_TABLES_SYSCTL_CONF_H

#include <stddef.h>

#include "../../util/buf.h"

/* One assignment of a sysctl.d file; strings live until the callback
 * returns. */
struct eg_sysctl_entry {
	const char *name;  /* normalised dotted name (or glob pattern) */
	const char *value; /* normalised (eg_sysctl_value), NULL when the line
			    * excludes name from globs */
	int is_glob;       /* name holds * ? or [ */
	int ignore_errors; /* the line started with '-' */
	size_t line;
};

/* Returns 0 to go on, anything else to stop (returned by the parser). */
typedef int (*eg_sysctl_conf_fn)(void *arg, const struct eg_sysctl_entry *e);

/*
 * Parses a sysctl.d / sysctl.conf file, calling fn for each assignment in
 * order. Lines that are not assignments, or whose names are empty or hold
 * ".." components, are counted in *bad (may be NULL) and the first one's
 * number put in *first_bad (may be NULL; 0 when none). Returns 0,
 * EG_E_NOMEM or fn's value.
 */
int eg_sysctl_conf_parse(const char *buf, size_t len, eg_sysctl_conf_fn fn,
			 void *arg, size_t *bad, size_t *first_bad);

/*
 * The dotted name of a key as written in a file (either form; see above):
 * duplicate separators and "." components dropped, leading and trailing
 * separators removed. Appends to out. Returns 0, or EG_E_PARSE for an empty
 * name or one with a ".." component (it could not name a file under
 * /proc/sys), or out's error.
 */
int eg_sysctl_name(const char *key, size_t n, struct eg_buf *out);

/*
 * The path under /proc/sys of a dotted name ("net.ipv4.ip_forward" ->
 * "net/ipv4/ip_forward"). Appends to out. Returns 0, EG_E_PARSE for a name
 * that is not normalised (empty components, ".", ".."), or out's error.
 */
int eg_sysctl_path(const char *name, struct eg_buf *out);

/*
 * A value as the table shows it: leading and trailing white space removed;
 * when it is two or more integers, they are joined by single tabs, as the
 * kernel prints vectors (so "32768 60999" in a file compares equal to
 * /proc's "32768\t60999"); anything else is kept as it is inside. Cut at a
 * NUL byte. Appends to out; returns out's error.
 */
int eg_sysctl_value(const char *s, size_t n, struct eg_buf *out);

/* 1 when name holds glob characters (* ? [). */
int eg_sysctl_is_glob(const char *name);

/*
 * 1 when the dotted name matches the dotted glob pattern as systemd-sysctl
 * matches it: on the /proc/sys paths, where '*' does not cross a '/'.
 */
int eg_sysctl_glob_match(const char *pattern, const char *name);

#endif
