/*
 * tbl_mounts.c: the mounts table, from proc/self/mounts (the mounts seen by
 * this process, as the kernel prints them), else proc/mounts.
 */
#include <string.h>

#include "../../util/limits.h"
#include "mounts_parse.h"
#include "sysio.h"
#include "system_tables.h"

enum { C_DEVICE, C_MOUNTPOINT, C_FSTYPE, C_OPTIONS };

static const struct eg_column columns[] = {
	{"device", EG_TEXT, 0, "mounted device or source (/dev/sda1, tmpfs, proc...)"},
	{"mountpoint", EG_TEXT, 0, "where it is mounted (octal escapes decoded)"},
	{"fstype", EG_TEXT, 0, "filesystem type (ext4, tmpfs...)"},
	{"options", EG_TEXT, 0, "mount options, comma-separated (rw,nosuid,nodev,noexec,relatime)"},
};

struct state {
	struct eg_tctx *ctx;
	struct eg_mount m;
	size_t bad, first_bad;
};

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	struct state *st = arg;
	if (eg_mounts_line(line, len, &st->m) != 0) {
		if (st->bad++ == 0)
			st->first_bad = lineno;
		return 0;
	}
	struct eg_tctx *ctx = st->ctx;
	eg_row_begin(ctx);
	eg_row_textn(ctx, C_DEVICE, eg_buf_str(&st->m.device),
		     st->m.device.len);
	eg_row_textn(ctx, C_MOUNTPOINT, eg_buf_str(&st->m.mountpoint),
		     st->m.mountpoint.len);
	eg_row_textn(ctx, C_FSTYPE, eg_buf_str(&st->m.fstype),
		     st->m.fstype.len);
	eg_row_textn(ctx, C_OPTIONS, eg_buf_str(&st->m.options),
		     st->m.options.len);
	return eg_row_end(ctx);
}

static int generate(struct eg_tctx *ctx)
{
	static const char *const paths[] = {"/proc/self/mounts", "/proc/mounts"};
	struct state st = {.ctx = ctx};
	eg_mount_init(&st.m);
	for (size_t p = 0; p < 2; p++) {
		struct eg_err e;
		struct eg_line_stats ls;
		eg_err_clear(&e);
		st.bad = st.first_bad = 0;
		eg_lines_file(eg_tctx_root(ctx), paths[p], EG_HOSTFILE_MAX_BYTES,
			      on_line, &st, &ls, &e);
		if (e.code == EG_E_NOTFOUND)
			continue;
		if (e.code != 0) {
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
			if (ls.lines == 0)
				continue; /* nothing read: try the other */
		}
		eg_sys_warn_lines(ctx, paths[p], st.bad, st.first_bad, &ls);
		break;
	}
	eg_mount_free(&st.m);
	return 0;
}

const struct eg_table_def eg_table_mounts = {
	.name = "mounts",
	.description = "Mounted filesystems and their options (proc/self/mounts)",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
