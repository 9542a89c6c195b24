/*
 * webutil.h: small helpers the web-family tables share: a growable list of
 * strings, lexical path handling inside the audit root, file-type names and
 * the octal mode text, and a bounded read of a file's first bytes.
 *
 * Private to src/tables/web (the tables' own tests include it too).
 */
#ifndef EG_WEB_WEBUTIL_H
#define EG_WEB_WEBUTIL_H

#include <stddef.h>
#include <sys/stat.h>

#include "../../util/buf.h"
#include "../../util/err.h"
#include "../../util/rootfs.h"

/* A list of owned C strings. Zero-initialise, then eg_strv_free. */
struct eg_strv {
	char **v;
	size_t n;
	size_t cap;
};

/* Appends a copy of s[0..n). Returns 0 or EG_E_NOMEM. */
int eg_strv_addn(struct eg_strv *sv, const char *s, size_t n);
int eg_strv_add(struct eg_strv *sv, const char *s);

/* 1 when s is already in the list (linear; the lists here are short). */
int eg_strv_has(const struct eg_strv *sv, const char *s);

/* Sorts by strcmp (byte order, as glob(3) in the C locale). */
void eg_strv_sort(struct eg_strv *sv);

/* Frees every string and the list; NULL and empty lists are fine. */
void eg_strv_free(struct eg_strv *sv);

/*
 * Appends to out the lexically normalised absolute form of path, taken
 * relative to base when it does not start with '/': "//" and "." are
 * dropped, ".." removes the previous component and stops at "/" (as the
 * audit root does), no trailing slash except for "/" itself. base must be
 * absolute (or NULL for "/"). Returns 0 or the buffer's error.
 */
int eg_path_norm(struct eg_buf *out, const char *base, const char *path);

/* 1 when path (normalised) is dir itself or lies under it. */
int eg_path_under(const char *path, const char *dir);

/* "file", "directory", "symlink", "fifo", "socket", "block", "character" or
 * "unknown" for the st_mode type bits. */
const char *eg_file_type(mode_t m);

/* Writes the permission bits with setuid/setgid/sticky as four octal digits
 * ("0644", "4755") into out (at least 5 bytes). */
void eg_mode_text(mode_t m, char out[8]);

/*
 * Reads at most max bytes from the start of the regular file at path
 * (following links inside the root) into dst, setting *got, and *st to its
 * stat. Returns 0, EG_E_NOTFOUND, EG_E_INVAL (not a regular file) or
 * EG_E_IO. Nothing is buffered elsewhere, so a caller reading secrets has
 * only dst to wipe.
 */
int eg_root_read_prefix(struct eg_root *r, const char *path, char *dst,
			size_t max, size_t *got, struct stat *st,
			struct eg_err *e);

#endif
