/*
 * proc_pid.c: parsing /proc/PID names, comm, cmdline, status and fd links.
 */
#include "proc_pid.h"

#include <string.h>

#include "../../util/err.h"
#include "../../util/num.h"

int eg_proc_pid_name(const char *name, uint32_t *pid)
{
	size_t n = strlen(name);
	if (n == 0 || name[0] == '0')
		return EG_E_PARSE;
	uint64_t v;
	int rc = eg_parse_u64n(name, n, 10, 1, EG_PID_MAX, &v);
	if (rc != 0)
		return rc;
	*pid = (uint32_t)v;
	return 0;
}

void eg_proc_comm(const char *s, size_t *n)
{
	const char *z = memchr(s, '\0', *n);
	size_t len = z != NULL ? (size_t)(z - s) : *n;
	if (len > 0 && s[len - 1] == '\n')
		len--;
	*n = len;
}

int eg_proc_cmdline(const char *s, size_t n, struct eg_buf *out)
{
	/* Drop the terminating NULs, then every remaining NUL separates two
	 * arguments. */
	while (n > 0 && s[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		eg_buf_addc(out, s[i] == '\0' ? ' ' : s[i]);
	return out->err;
}

int eg_proc_status_uid(const char *s, size_t n, uint64_t *uid)
{
	size_t i = 0;
	while (i < n) {
		const char *line = s + i;
		const char *nl = memchr(line, '\n', n - i);
		size_t len = nl != NULL ? (size_t)(nl - line) : n - i;
		i += len + 1;
		if (len < 4 || memcmp(line, "Uid:", 4) != 0)
			continue;
		size_t p = 4;
		while (p < len && (line[p] == ' ' || line[p] == '\t'))
			p++;
		size_t start = p;
		while (p < len && line[p] >= '0' && line[p] <= '9')
			p++;
		if (p == start || (p < len && line[p] != ' ' && line[p] != '\t'))
			return EG_E_PARSE;
		return eg_parse_u64n(line + start, p - start, 10, 0, UINT32_MAX,
				     uid) == 0 ? 0 : EG_E_PARSE;
	}
	return EG_E_PARSE;
}

int eg_proc_socket_inode(const char *s, size_t n, uint64_t *inode)
{
	static const char pre[] = "socket:[";
	size_t pl = sizeof(pre) - 1;
	if (n < pl + 2 || memcmp(s, pre, pl) != 0 || s[n - 1] != ']')
		return EG_E_PARSE;
	return eg_parse_u64n(s + pl, n - pl - 1, 10, 1, UINT64_MAX, inode) == 0
		       ? 0
		       : EG_E_PARSE;
}
