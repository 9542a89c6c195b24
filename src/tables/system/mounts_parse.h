/*
 * mounts_parse.h: lines of /proc/self/mounts (the fstab format):
 *
 *   /dev/sda1 /mnt/my\040disk ext4 rw,nosuid,nodev,relatime 0 0
 *
 * The kernel writes space, tab, newline and backslash inside a field as
 * octal escapes (\040 \011 \012 \134); they are decoded here.
 */
#ifndef EG_TABLES_MOUNTS_PARSE_H
#define EG_TABLES_MOUNTS_PARSE_H

#include <stddef.h>

#include "../../util/buf.h"

struct eg_mount {
	struct eg_buf device;
	struct eg_buf mountpoint;
	struct eg_buf fstype;
	struct eg_buf options;
};

void eg_mount_init(struct eg_mount *m);
void eg_mount_free(struct eg_mount *m);

/*
 * Parses one line into m (buffers reset first), decoding \ooo escapes (a
 * backslash not followed by three octal digits, or one encoding NUL, is kept
 * as it is). Returns 0, or EG_E_PARSE when the line has fewer than four
 * fields.
 */
int eg_mounts_line(const char *line, size_t len, struct eg_mount *m);

#endif
