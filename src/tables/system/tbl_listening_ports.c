/*
 * tbl_listening_ports.c: the listening_ports table: sockets that accept
 * connections or datagrams, from proc/net/{tcp,tcp6,udp,udp6}, with the
 * process that holds each one.
 *
 * The owner of a socket is found the way ss -p and lsof find it: every
 * /proc/PID/fd/N link of a socket reads "socket:[INODE]". Pids are scanned
 * in increasing order and the first holder wins, so a forking server (nginx,
 * sshd) is shown by its parent. The scan stops as soon as every listening
 * socket has an owner, and is bounded (EG_DIR_MAX_ENTRIES pids and fds per
 * folder, EG_PROC_MAX_FD_LINKS links in all). Links are read with
 * readlinkat on a descriptor of the fd folder opened under the audit root:
 * the entry names come from readdir (no '/'), and readlinkat never follows
 * the link, so nothing outside the root is touched; this saves resolving the
 * whole path again for each of thousands of links.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "proc_net.h"
#include "proc_pid.h"
#include "sysio.h"
#include "system_tables.h"

enum { C_PROTOCOL, C_ADDRESS, C_PORT, C_INODE, C_PID, C_PROCESS };

static const struct eg_column columns[] = {
	{"protocol", EG_TEXT, 0,
	 "tcp, tcp6, udp or udp6: the /proc/net file listing the socket"},
	{"address", EG_TEXT, 0,
	 "local address: 0.0.0.0 or :: is every address, 127.0.0.1 or ::1 "
	 "loopback only, ::ffff:a.b.c.d an IPv4-mapped address"},
	{"port", EG_INT, 0, "local port"},
	{"inode", EG_INT, 0, "socket inode (links the socket to its process)"},
	{"pid", EG_INT, 0,
	 "lowest pid holding the socket open; NULL when none was found or "
	 "/proc/PID/fd was not readable"},
	{"process", EG_TEXT, 0, "name (comm) of that process"},
};

static const char *const files[] = {"tcp", "tcp6", "udp", "udp6"};

struct lsock {
	struct eg_sock s;
	unsigned file; /* index in files */
	uint32_t pid;  /* 0: unknown */
};

struct gather {
	struct eg_tctx *ctx;
	unsigned file;
	struct lsock *v;
	size_t n, cap;
	size_t bad, first_bad;
	int nomem;
};

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	struct gather *g = arg;
	struct eg_sock s;
	if (eg_proc_net_is_header(line, len))
		return 0;
	if (eg_proc_net_line(line, len, g->file % 2 == 1, &s) != 0) {
		if (g->bad++ == 0)
			g->first_bad = lineno;
		return 0;
	}
	if (!eg_sock_listening(&s, g->file >= 2))
		return 0;
	if (g->n >= EG_TABLE_MAX_ROWS)
		return 0;
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 32;
		struct lsock *nv = eg_reallocarray(g->v, nc, sizeof(*nv));
		if (nv == NULL) {
			g->nomem = 1;
			return EG_E_NOMEM;
		}
		g->v = nv;
		g->cap = nc;
	}
	g->v[g->n].s = s;
	g->v[g->n].file = g->file;
	g->v[g->n].pid = 0;
	g->n++;
	return 0;
}

/* ---- owners ---- */

struct owner {
	uint64_t inode;
	uint32_t pid;
};

static int owner_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The pids under proc, sorted. OUT: *pids, caller frees. Returns 0, or a
 * negative eg code (proc absent: EG_E_NOTFOUND).
 */
static int list_pids(struct eg_tctx *ctx, uint32_t **pids, size_t *npids)
{
	*pids = NULL;
	*npids = 0;
	DIR *d = NULL;
	int rc = eg_root_opendir(eg_tctx_root(ctx), "/proc", &d, NULL);
	if (rc != 0)
		return rc;
	uint32_t *v = NULL;
	size_t n = 0, cap = 0, seen = 0;
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
			uint32_t *nv = eg_reallocarray(v, nc, sizeof(*nv));
			if (nv == NULL) {
				free(v);
				closedir(d);
				return EG_E_NOMEM;
			}
			v = nv;
			cap = nc;
		}
		v[n++] = pid;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), u32_cmp);
	*pids = v;
	*npids = n;
	return 0;
}

/*
 * Fills owner pids for the sockets of o[0..n) (sorted by inode, unique).
 * Returns 0 or EG_E_NOMEM; unreadable processes are simply skipped.
 */
static int find_owners(struct eg_tctx *ctx, struct owner *o, size_t n)
{
	uint32_t *pids = NULL;
	size_t npids = 0, found = 0, links = 0;
	int rc = list_pids(ctx, &pids, &npids);
	if (rc != 0)
		return rc == EG_E_NOMEM ? rc : 0;
	char path[64];
	char target[128];
	for (size_t i = 0; i < npids && found < n; i++) {
		snprintf(path, sizeof(path), "/proc/%u/fd", (unsigned)pids[i]);
		DIR *d = NULL;
		if (eg_root_opendir(eg_tctx_root(ctx), path, &d, NULL) != 0)
			continue;
		struct dirent *de;
		size_t seen = 0;
		while (found < n && (de = readdir(d)) != NULL) {
			if (++seen > EG_DIR_MAX_ENTRIES)
				break;
			if (de->d_name[0] == '.')
				continue;
			if (++links > EG_PROC_MAX_FD_LINKS) {
				eg_tctx_warn(ctx, _("more than %u descriptor links under /proc; the owners of the remaining sockets are not looked for"),
					     EG_PROC_MAX_FD_LINKS);
				closedir(d);
				goto out;
			}
			ssize_t tl = readlinkat(dirfd(d), de->d_name, target,
						sizeof(target));
			if (tl <= 0 || (size_t)tl >= sizeof(target))
				continue;
			struct owner key;
			if (eg_proc_socket_inode(target, (size_t)tl,
						 &key.inode) != 0)
				continue;
			struct owner *hit =
				bsearch(&key, o, n, sizeof(*o), owner_cmp);
			if (hit != NULL && hit->pid == 0) {
				hit->pid = pids[i];
				found++;
			}
		}
		closedir(d);
	}
out:
	free(pids);
	return 0;
}

static int generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct gather g = {.ctx = ctx};
	struct owner *o = NULL;
	struct eg_buf comm;
	eg_buf_init(&comm, EG_PROC_SMALL_MAX);
	int rc = 0;
	for (unsigned f = 0; f < 4; f++) {
		char path[32];
		snprintf(path, sizeof(path), "/proc/net/%s", files[f]);
		struct eg_err e;
		eg_err_clear(&e);
		g.file = f;
		g.bad = g.first_bad = 0;
		struct eg_line_stats ls;
		int lrc = eg_lines_file(root, path, EG_HOSTFILE_MAX_BYTES,
					on_line, &g, &ls, &e);
		if (g.nomem) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
					   eg_strerror(EG_E_NOMEM));
			goto out;
		}
		if (lrc != 0 && lrc != EG_E_NOTFOUND)
			eg_tctx_warn(ctx, _("%s; its sockets may be missing"),
				     eg_err_msg(&e));
		eg_sys_warn_lines(ctx, path, g.bad, g.first_bad, &ls);
	}
	/* The inodes to find owners for, sorted and unique. */
	size_t no = 0;
	if (g.n > 0) {
		o = eg_calloc(g.n, sizeof(*o));
		if (o == NULL) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
					   eg_strerror(EG_E_NOMEM));
			goto out;
		}
	}
	for (size_t i = 0; i < g.n; i++)
		if (g.v[i].s.inode != 0)
			o[no++].inode = g.v[i].s.inode;
	if (no > 0) {
		qsort(o, no, sizeof(*o), owner_cmp);
		size_t u = 1;
		for (size_t i = 1; i < no; i++)
			if (o[i].inode != o[u - 1].inode)
				o[u++] = o[i];
		no = u;
		if (find_owners(ctx, o, no) != 0) {
			rc = eg_tctx_error(ctx, EG_E_NOMEM, "%s",
					   eg_strerror(EG_E_NOMEM));
			goto out;
		}
	}
	for (size_t i = 0; i < g.n; i++) {
		const struct lsock *l = &g.v[i];
		char addr[EG_ADDR_TEXT_MAX];
		eg_sock_addr_text(&l->s, addr, sizeof(addr));
		uint32_t pid = 0;
		if (l->s.inode != 0) {
			struct owner key = {.inode = l->s.inode};
			struct owner *hit =
				bsearch(&key, o, no, sizeof(*o), owner_cmp);
			if (hit != NULL)
				pid = hit->pid;
		}
		eg_row_begin(ctx);
		eg_row_text(ctx, C_PROTOCOL, files[l->file]);
		eg_row_text(ctx, C_ADDRESS, addr);
		eg_row_int(ctx, C_PORT, (int64_t)l->s.port);
		eg_row_int(ctx, C_INODE, (int64_t)l->s.inode);
		if (pid != 0) {
			char cpath[48];
			snprintf(cpath, sizeof(cpath), "/proc/%u/comm",
				 (unsigned)pid);
			eg_row_int(ctx, C_PID, (int64_t)pid);
			eg_buf_reset(&comm);
			if (eg_sys_read_prefix(root, cpath, EG_PROC_SMALL_MAX,
					       &comm, NULL, NULL) == 0) {
				size_t cl = comm.len;
				const char *cs = eg_buf_str(&comm);
				eg_proc_comm(cs, &cl);
				eg_row_textn(ctx, C_PROCESS, cs, cl);
			}
		}
		if (eg_row_end(ctx) != 0)
			break;
	}
out:
	free(g.v);
	free(o);
	eg_buf_free(&comm);
	return rc;
}

const struct eg_table_def eg_table_listening_ports = {
	.name = "listening_ports",
	.description = "Sockets listening for TCP connections or UDP datagrams "
		       "(proc/net/tcp, tcp6, udp, udp6), with their process",
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.generate = generate,
};
