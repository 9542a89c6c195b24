/*
 * tbl_processes.c: the processes table, one row per /proc/PID folder.
 *
 * A process may exit between the listing of /proc and the reading of its
 * files: one whose comm and status are both gone is left out; any single
 * file that cannot be read leaves its column NULL. Everything a process
 * shows about itself (comm, cmdline) is its own choice, hence hostile: it is
 * bounded and cut at NUL bytes, never interpreted.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "proc_pid.h"
#include "sysio.h"
#include "system_tables.h"

enum { C_PID, C_NAME, C_CMDLINE, C_UID, C_EXE };

static const struct eg_column columns[] = {
	{"pid", EG_INT, 0, "process id"},
	{"name", EG_TEXT, 0, "process name (/proc/PID/comm, at most 15 bytes)"},
	{"cmdline", EG_TEXT, 0,
	 "arguments joined by spaces (cut at 32 KiB); empty for kernel "
	 "threads and zombies"},
	{"uid", EG_INT, 0, "real user id (first number of the Uid: line of status)"},
	{"exe", EG_TEXT, 0,
	 "path of the executable (link /proc/PID/exe); NULL when not "
	 "readable or for kernel threads"},
};

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* One process's row; returns eg_row_end's value (0 when skipped). */
static int one(struct eg_tctx *ctx, uint32_t pid, struct eg_buf *b,
	       struct eg_buf *cmd)
{
	struct eg_root *root = eg_tctx_root(ctx);
	char path[48];
	int have_comm = 0, have_uid = 0;
	uint64_t uid = 0;

	eg_buf_reset(b);
	snprintf(path, sizeof(path), "/proc/%u/status", (unsigned)pid);
	if (eg_sys_read_prefix(root, path, EG_PROC_SMALL_MAX, b, NULL, NULL) ==
	    0) {
		have_comm = 1; /* the process exists */
		have_uid = eg_proc_status_uid(b->data != NULL ? b->data : "",
					      b->len, &uid) == 0;
	}
	eg_buf_reset(b);
	snprintf(path, sizeof(path), "/proc/%u/comm", (unsigned)pid);
	int comm_ok = eg_sys_read_prefix(root, path, EG_PROC_SMALL_MAX, b,
					 NULL, NULL) == 0;
	if (!comm_ok && !have_comm)
		return 0;

	eg_row_begin(ctx);
	eg_row_int(ctx, C_PID, (int64_t)pid);
	if (comm_ok) {
		size_t n = b->len;
		eg_proc_comm(eg_buf_str(b), &n);
		eg_row_textn(ctx, C_NAME, eg_buf_str(b), n);
	}
	if (have_uid)
		eg_row_int(ctx, C_UID, (int64_t)uid);

	eg_buf_reset(b);
	eg_buf_reset(cmd);
	snprintf(path, sizeof(path), "/proc/%u/cmdline", (unsigned)pid);
	if (eg_sys_read_prefix(root, path, EG_CMDLINE_MAX, b, NULL, NULL) ==
	    0) {
		eg_proc_cmdline(eg_buf_str(b), b->len, cmd);
		eg_row_textn(ctx, C_CMDLINE, eg_buf_str(cmd), cmd->len);
	}

	eg_buf_reset(b);
	snprintf(path, sizeof(path), "/proc/%u/exe", (unsigned)pid);
	if (eg_root_readlink(root, path, b, NULL) == 0)
		eg_row_textn(ctx, C_EXE, eg_buf_str(b),
			     eg_sys_clip(eg_buf_str(b), b->len));
	return eg_row_end(ctx);
}

static int generate(struct eg_tctx *ctx)
{
	DIR *d = NULL;
	uint32_t *pids = NULL;
	size_t n = 0, cap = 0, seen = 0;
	struct eg_buf b, cmd;
	eg_buf_init(&b, EG_CMDLINE_MAX + 1);
	eg_buf_init(&cmd, EG_CMDLINE_MAX + 1);
	int rc = 0;
	struct eg_err e;
	eg_err_clear(&e);
	int orc = eg_root_opendir(eg_tctx_root(ctx), "/proc", &d, &e);
	if (orc != 0) {
		if (orc != EG_E_NOTFOUND)
			eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
		goto out;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (++seen > EG_DIR_MAX_ENTRIES) {
			eg_tctx_warn(ctx, _("/proc: more than %u entries; the rest is ignored"),
				     EG_DIR_MAX_ENTRIES);
			break;
		}
		uint32_t pid;
		if (eg_proc_pid_name(de->d_name, &pid) != 0)
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			uint32_t *nv = eg_reallocarray(pids, nc, sizeof(*nv));
			if (nv == NULL) {
				rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
						   eg_strerror(EG_E_NOMEM));
				goto out;
			}
			pids = nv;
			cap = nc;
		}
		pids[n++] = pid;
	}
	if (n > 1)
		qsort(pids, n, sizeof(*pids), u32_cmp);
	for (size_t i = 0; i < n; i++)
		if (one(ctx, pids[i], &b, &cmd) != 0)
			break;
out:
	if (d != NULL)
		closedir(d);
	free(pids);
	eg_buf_free(&b);
	eg_buf_free(&cmd);
	return rc;
}

const struct eg_table_def eg_table_processes = {
	.name = "processes",
	.description = "Running processes (proc/PID): name, command line, "
		       "real uid and executable",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
