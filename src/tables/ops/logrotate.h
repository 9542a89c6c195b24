/*
 * logrotate.h: the logrotate table and the logrotate.conf parser.
 *
 * logrotate(file, path, setting, value): what logrotate is told to do, read
 * as logrotate reads it: etc/logrotate.conf and what it includes (`include
 * /etc/logrotate.d`: a folder's regular files in name order, skipping the
 * names logrotate skips such as *.dpkg-old, *~, *.rpmsave). A directive in a
 * block gives one row per log path of the block (`path` as written, globs
 * kept: `/var/log/nginx/access.log`); a directive outside any block is
 * global and has path '' (it applies to the blocks after it, which may
 * override it). A
 * block without directives gives one row per path with setting NULL.
 * daily, weekly, monthly, yearly and hourly become setting `frequency` with
 * the word (and its argument) as value; arguments of other directives are
 * joined by one space, NULL when there are none (compress, missingok...).
 * Scripts (postrotate ... endscript) are a row whose value is the script's
 * lines, trimmed, joined by newlines: data only, never run.
 */
#ifndef EG_OPS_LOGROTATE_H
#define EG_OPS_LOGROTATE_H

#include <stddef.h>

#include "../vtab.h"
#include "opsio.h"
#include "orows.h"

/* Columns of logrotate, in order. */
enum {
	EG_LR_FILE,
	EG_LR_PATH,
	EG_LR_SETTING,
	EG_LR_VALUE,
	EG_LR_NCOLS
};

/*
 * Parses buf[0..len), a logrotate configuration file named file, into rows
 * (EG_LR_NCOLS columns). With src, `include` directives are followed at the
 * point they appear (through src: bounded depth, file count, no cycles);
 * without, they are only rows. Problems (an unclosed block, a '}' outside
 * one, an include inside a block...) are warnings "file:line: ...".
 * Returns 0 or rows' sticky error.
 */
int eg_logrotate_parse(const char *buf, size_t len, const char *file,
		       struct eg_ops_src *src, struct eg_orows *rows);

extern const struct eg_table_def eg_table_logrotate;

#endif
