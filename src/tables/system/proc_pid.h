/*
 * proc_pid.h: the per-process files of /proc/PID that the processes and
 * listening_ports tables read: the folder name, comm, cmdline, the Uid: line
 * of status and the socket:[INODE] targets of fd/N links. Pure functions
 * over buffers; a process may write anything into its comm and cmdline, so
 * they are hostile input like any file.
 */
#ifndef EG_TABLES_PROC_PID_H
#define EG_TABLES_PROC_PID_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/buf.h"

/* Largest pid Linux hands out (PID_MAX_LIMIT, 2^22). */
#define EG_PID_MAX 4194304u

/*
 * Parses a /proc entry name as a pid: decimal digits without a leading
 * zero, 1..EG_PID_MAX. Returns 0 and sets *pid, or EG_E_PARSE (not a pid:
 * "self", "net", "0012") or EG_E_RANGE.
 */
int eg_proc_pid_name(const char *name, uint32_t *pid);

/* The process name in comm: s[0..*n) without its trailing newline and cut
 * at a NUL. Updates *n. */
void eg_proc_comm(const char *s, size_t *n);

/*
 * Appends cmdline (arguments each ending in NUL) to out as one line with the
 * arguments joined by single spaces; the final NUL(s) are dropped, empty
 * arguments kept as empty. Returns out's sticky error.
 */
int eg_proc_cmdline(const char *s, size_t n, struct eg_buf *out);

/*
 * Finds the real uid, the first number of the "Uid:" line of status.
 * Returns 0 and sets *uid, or EG_E_PARSE when the line is missing or bad.
 */
int eg_proc_status_uid(const char *s, size_t n, uint64_t *uid);

/*
 * Parses a descriptor link target "socket:[12345]". Returns 0 and sets
 * *inode, or EG_E_PARSE for anything else (files, pipes, anon inodes).
 */
int eg_proc_socket_inode(const char *s, size_t n, uint64_t *inode);

#endif
