/*
 * sysio.h: reading helpers shared by the "system" probe tables.
 *
 * The parsers of this family are pure functions over lines; these helpers
 * cut a buffer or a file under the audit root into lines with the bounds of
 * limits.h (EG_LINE_MAX per line, EG_CONF_MAX_LINES per file), read /proc
 * files that may only be partly wanted (a command line), and list the drop-in
 * folders of sysctl.d and modprobe.d in the order systemd and kmod apply
 * them. Everything reads through rootfs.h, so nothing leaves the root.
 */
#ifndef EG_TABLES_SYSIO_H
#define EG_TABLES_SYSIO_H

#include <stddef.h>

#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/rootfs.h"

/* What a line iteration met besides the lines it passed on. */
struct eg_line_stats {
	size_t lines;    /* lines seen, the skipped ones included */
	size_t overlong; /* lines longer than EG_LINE_MAX: skipped whole */
	size_t first_overlong; /* the first one's number (0: none) */
	int capped;      /* 1 when EG_CONF_MAX_LINES ended the iteration */
};

/*
 * Called for each line: line[0..len) without its '\n' (nor a '\r' before
 * it); it may hold NUL bytes and invalid UTF-8. lineno counts from 1.
 * Returns 0 to go on; any other value stops the iteration and is returned.
 */
typedef int (*eg_line_fn)(void *arg, const char *line, size_t len,
			  size_t lineno);

/*
 * Calls fn for every line of buf[0..len) (a last line without '\n' too).
 * st (may be NULL) is zeroed, then filled. Returns 0 or what fn returned.
 */
int eg_lines_each(const char *buf, size_t len, eg_line_fn fn, void *arg,
		  struct eg_line_stats *st);

/* Adds the overlong lines of ls to a parser's count of bad lines, keeping
 * *first the number of the earliest bad line. */
void eg_lines_merge_overlong(size_t *bad, size_t *first,
			     const struct eg_line_stats *ls);

/*
 * The same over the regular file at path under the root, read in chunks so
 * a big file (dpkg status, /proc/net/tcp of a busy server) never sits in
 * memory whole. Stops with EG_E_LIMIT after max_bytes. Returns 0, what fn
 * returned, or a negative eg code with e set (EG_E_NOTFOUND when absent,
 * EG_E_INVAL when not a regular file); lines already passed stay passed.
 */
int eg_lines_file(struct eg_root *r, const char *path, size_t max_bytes,
		  eg_line_fn fn, void *arg, struct eg_line_stats *st,
		  struct eg_err *e);

/*
 * Appends at most max bytes of the regular file at path to out; *truncated
 * (may be NULL) is set to 1 when the file had more. For /proc files whose
 * size is reported as 0. Returns 0 or a negative eg code with e set.
 */
int eg_sys_read_prefix(struct eg_root *r, const char *path, size_t max,
		       struct eg_buf *out, int *truncated, struct eg_err *e);

/*
 * The same from an open descriptor (which the caller keeps): refuses
 * anything but a regular file (EG_E_INVAL). Returns 0 or a negative eg code;
 * *err_no (may be NULL) gets the errno of a failed read.
 */
int eg_sys_read_fd(int fd, size_t max, struct eg_buf *out, int *truncated,
		   int *err_no);

/* The length of s[0..n) up to its first NUL byte: text handed to a table
 * stops there, as every C consumer of it would. */
size_t eg_sys_clip(const char *s, size_t n);

/* s[0..n) without leading and trailing spaces, tabs, CR and LF. */
void eg_sys_trim(const char **s, size_t *n);

/* One configuration file chosen from a set of drop-in folders. */
struct eg_conffile {
	char *name; /* file name, e.g. "99-sysctl.conf" */
	char *path; /* its path under the root, e.g. "/etc/sysctl.d/99-sysctl.conf" */
};

struct eg_conflist {
	struct eg_conffile *v;
	size_t n;
};

/* A problem worth a warning, already formatted (English). */
typedef void (*eg_warn_fn)(void *arg, const char *msg);

/*
 * Lists the files whose names end in suffix in the folders dirs (a
 * NULL-terminated list, most important first, e.g. etc before usr/lib): one
 * file per name, taken from the first folder that has it, the whole list
 * sorted by name. This is how systemd-sysctl, systemd's other *.d folders and
 * kmod's modprobe.d all choose. A file that is a symbolic link to /dev/null
 * masks that name (it and its namesakes further down are left out). Names
 * starting with '.' are skipped. Folders that are absent are fine; one that
 * cannot be read, or more than EG_DIR_MAX_ENTRIES entries or
 * EG_CONF_MAX_FILES files, is reported through warn (may be NULL) and the
 * rest is still listed. Returns 0 or EG_E_NOMEM. OUT: caller frees out with
 * eg_conflist_free.
 */
int eg_conf_list(struct eg_root *r, const char *const *dirs,
		 const char *suffix, struct eg_conflist *out, eg_warn_fn warn,
		 void *arg);

/* Frees the list's contents; a zeroed list is fine. */
void eg_conflist_free(struct eg_conflist *l);

#endif
