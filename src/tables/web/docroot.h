/*
 * docroot.h: the one walk of the web roots, and the docroot_files table.
 *
 * The web roots are the nginx "root" directives and the apache
 * "DocumentRoot" directives (values with variables skipped; relative ones
 * from /usr/share/nginx and /etc/apache2), plus /var/www when it exists.
 * A root path itself is resolved inside the audit root, links included (a
 * deployment's "current -> releases/42" is what the server serves); below
 * it nothing is followed: a symlink is listed as type symlink and never
 * descended, so neither a loop nor a link to / widens the walk. A root
 * nested in another is walked as its own root and skipped in the outer
 * walk, so every file is listed once, under its most specific root.
 *
 * The walk is bounded (EG_DOCROOT_MAX_FILES entries, EG_WALK_MAX_DEPTH
 * levels, EG_DIR_MAX_ENTRIES per directory) and done once per engine run
 * (eg_tctx_shared "docroot_walk"); later checks that need the files under
 * the web roots share it.
 */
#ifndef EG_WEB_DOCROOT_H
#define EG_WEB_DOCROOT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../util/rootfs.h"
#include "webutil.h"

struct eg_docroot_entry {
	const char *docroot; /* one of the roots */
	const char *path;    /* docroot + "/" + relative path */
	mode_t mode;         /* lstat st_mode */
	uint32_t uid, gid;
	int64_t size;
	int64_t mtime;
};

struct eg_docroot_walk;

/*
 * Walks each root of roots (normalised absolute paths; missing ones and
 * non-directories are skipped) under r. Problems (unreadable directories,
 * limits) go to warn. Returns the walk, or NULL when memory is exhausted.
 * OUT: caller frees with eg_docroot_walk_free.
 */
struct eg_docroot_walk *eg_docroot_walk(struct eg_root *r,
					const struct eg_strv *roots,
					void (*warn)(void *ud, const char *msg),
					void *ud);
void eg_docroot_walk_free(struct eg_docroot_walk *w);

size_t eg_docroot_count(const struct eg_docroot_walk *w);
const struct eg_docroot_entry *eg_docroot_get(const struct eg_docroot_walk *w,
					      size_t i);

#endif
