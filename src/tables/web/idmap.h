/*
 * idmap.h: user and group names of the audited system, for the owner and
 * group columns of file, ssl_files and the like.
 *
 * Names come from the audit root's etc/passwd and etc/group, never from the
 * running host's NSS: a fixture tree or a mounted disk image has its own
 * accounts, and uid 1000 there is not uid 1000 here. As glibc's "files"
 * service, the first entry of an id wins. The accounts family's parsers
 * (passwd.h) read the files; only the name and the id are kept.
 */
#ifndef EG_WEB_IDMAP_H
#define EG_WEB_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/rootfs.h"

struct eg_idmap;

/* An empty map. NULL when memory is exhausted. OUT: eg_idmap_free. */
struct eg_idmap *eg_idmap_new(void);
void eg_idmap_free(struct eg_idmap *m);

/*
 * Adds the entries of buf[0..len), in passwd (group=0) or group (group=1)
 * format. Lines that do not have a name and a numeric id are skipped.
 * Returns 0 or EG_E_NOMEM.
 */
int eg_idmap_parse(struct eg_idmap *m, int group, const char *buf,
		   size_t len);

/*
 * Loads etc/passwd and etc/group from the root (absent or unreadable files
 * leave their half empty). Returns the map, or NULL on exhaustion.
 */
struct eg_idmap *eg_idmap_load(struct eg_root *r);

/* The name of uid / gid, or NULL when the audited system has none. Valid
 * until the map is freed. */
const char *eg_idmap_user(const struct eg_idmap *m, uint64_t uid);
const char *eg_idmap_group(const struct eg_idmap *m, uint64_t gid);

#endif
