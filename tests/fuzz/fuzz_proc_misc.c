/* Fuzz target: the other /proc text the system tables parse: mounts lines
 * (mounts_parse.h), and a process's status, comm, cmdline and fd link
 * targets (proc_pid.h), all from the same bytes. */
#include <stddef.h>
#include <stdint.h>

#include "tables/system/mounts_parse.h"
#include "tables/system/proc_pid.h"
#include "tables/system/sysio.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	(void)lineno;
	uint64_t ino;
	eg_mounts_line(line, len, arg);
	eg_proc_socket_inode(line, len, &ino);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct eg_mount m;
	eg_mount_init(&m);
	eg_lines_each(s, size, on_line, &m, NULL);
	eg_mount_free(&m);
	uint64_t uid;
	eg_proc_status_uid(s, size, &uid);
	size_t n = size;
	eg_proc_comm(s, &n);
	struct eg_buf b;
	eg_buf_init(&b, EG_CMDLINE_MAX + 1);
	eg_proc_cmdline(s, size < EG_CMDLINE_MAX ? size : EG_CMDLINE_MAX, &b);
	eg_buf_free(&b);
	return 0;
}
