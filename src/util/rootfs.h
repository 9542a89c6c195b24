/*
 * rootfs.h: reading files under an audit root (--root DIR, default "/").
 *
 * Every host fact ecguard reads goes through here. A path is always taken as
 * absolute inside the root ("/etc/passwd" and "etc/passwd" both name
 * ROOT/etc/passwd). Resolution never leaves the root: ".." stops at it and an
 * absolute symlink target restarts from it, as if the root were "/" (the
 * semantics of openat2's RESOLVE_IN_ROOT, which is used when the kernel has
 * it). The fallback resolver walks one component at a time with O_NOFOLLOW
 * from held directory descriptors and never lets the kernel follow a link, so
 * a tree that changes under us cannot make it escape either.
 *
 * Only regular files are read whole (a FIFO or device planted in /etc must not
 * block or feed us forever), and reads are bounded.
 */
#ifndef EG_ROOTFS_H
#define EG_ROOTFS_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "err.h"

struct eg_root;

/*
 * Opens dir as an audit root. Returns 0 or an error (EG_E_NOTFOUND, EG_E_IO);
 * on success *out is the new root. OUT: caller frees with eg_root_free.
 */
int eg_root_open(const char *dir, struct eg_root **out, struct eg_err *e);

/* Frees r; NULL is fine. */
void eg_root_free(struct eg_root *r);

/* The root directory as given (e.g. "/" or "tests/fixtures/weak"). */
const char *eg_root_path(const struct eg_root *r);

/* 1 when the root is the real "/" (facts of the running system). */
int eg_root_is_host(const struct eg_root *r);

/* Forces (on=1) the portable resolver instead of openat2. For tests. */
void eg_root_force_fallback(struct eg_root *r, int on);

/* 1 when openat2(RESOLVE_IN_ROOT) is in use. */
int eg_root_uses_openat2(const struct eg_root *r);

/*
 * Opens path inside the root with open(2) flags (O_CLOEXEC is added). With
 * O_NOFOLLOW the last component is not followed. Returns a descriptor >= 0,
 * or a negative eg code: EG_E_NOTFOUND (no such file), EG_E_LIMIT (path too
 * long, too many links), EG_E_IO (anything else).
 */
int eg_root_openat(struct eg_root *r, const char *path, int flags,
		   struct eg_err *e);

/*
 * Reads the regular file at path whole into out (appending), refusing files
 * larger than max bytes (EG_E_LIMIT) and anything not a regular file
 * (EG_E_INVAL). Returns 0 or a negative eg code.
 */
int eg_root_read(struct eg_root *r, const char *path, size_t max,
		 struct eg_buf *out, struct eg_err *e);

/* stat of path (following the last link) or lstat (nofollow=1). */
int eg_root_stat(struct eg_root *r, const char *path, int nofollow,
		 struct stat *st, struct eg_err *e);

/* The target of the symlink at path, appended to out, as stored. */
int eg_root_readlink(struct eg_root *r, const char *path, struct eg_buf *out,
		     struct eg_err *e);

/* Opens a directory stream. OUT: caller closes with closedir. */
int eg_root_opendir(struct eg_root *r, const char *path, DIR **out,
		    struct eg_err *e);

#endif
