/*
 * file_tables.c: the file and file_hash tables: metadata and SHA-256 of the
 * paths a query names (path = / IN / GLOB), inside the audit root.
 *
 * file uses lstat semantics: a symlink is a row of type symlink with its
 * target as stored, never followed (and a link pointing outside the root is
 * only ever a string here). file_hash hashes what a path names: a link is
 * followed, but only inside the root (rootfs.h), and only regular files are
 * hashed, streamed through OpenSSL's EVP in chunks, up to
 * EG_HASH_MAX_BYTES.
 *
 * GLOB patterns are expanded per path component (wglob.h): '*' does not
 * cross '/', "**" does; wildcards match leading dots, as SQLite's GLOB
 * does, which then re-checks every row against the pattern.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "web_tables.h"
#include "wglob.h"

enum { F_PATH, F_TYPE, F_MODE, F_UID, F_GID, F_OWNER, F_GROUP, F_SIZE,
       F_MTIME, F_TARGET };

static const struct eg_column file_cols[] = {
	{"path", EG_TEXT, EG_COL_REQUIRED | EG_COL_GLOB,
	 "path in the audited system (required: path = '...', IN (...) or "
	 "GLOB '...')"},
	{"type", EG_TEXT, 0, "file, directory, symlink, fifo, socket, block "
			     "or character"},
	{"mode", EG_TEXT, 0, "permission bits as four octal digits, e.g. "
			     "'0644', '4755'"},
	{"uid", EG_INT, 0, "owner user id"},
	{"gid", EG_INT, 0, "owner group id"},
	{"owner", EG_TEXT, 0, "owner name from the audited system's "
			      "/etc/passwd (NULL when unknown)"},
	{"group", EG_TEXT, 0, "group name from the audited system's "
			      "/etc/group (NULL when unknown)"},
	{"size", EG_INT, 0, "size in bytes"},
	{"mtime", EG_INT, 0, "modification time, seconds since the epoch"},
	{"symlink_target", EG_TEXT, 0, "target of a symlink as stored (not "
					"followed)"},
};

enum { H_PATH, H_SHA256 };

static const struct eg_column hash_cols[] = {
	{"path", EG_TEXT, EG_COL_REQUIRED | EG_COL_GLOB,
	 "path in the audited system (required: path = '...', IN (...) or "
	 "GLOB '...')"},
	{"sha256", EG_TEXT, 0, "SHA-256 of the contents, lowercase hex (NULL "
			       "when larger than the hashing limit)"},
};

/* The paths of this call: the argument, or what its pattern matches. */
static int arg_paths(struct eg_tctx *ctx, struct eg_strv *out)
{
	int is_glob = 0;
	const char *arg = eg_tctx_arg(ctx, "path", &is_glob);
	if (arg == NULL || arg[0] == '\0')
		return 0;
	if (!is_glob)
		return eg_strv_add(out, arg);
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_wglob(eg_tctx_root(ctx), arg, EG_WGLOB_NOESCAPE,
			  EG_GLOB_MAX_MATCHES, out, &e);
	if (rc == EG_E_NOMEM)
		return rc;
	if (rc != 0)
		eg_tctx_warn(ctx, _("GLOB '%s': %s"), arg, eg_err_msg(&e));
	return 0;
}

/* Returns 0, 1 at the row cap, or a negative code. */
static int file_row(struct eg_tctx *ctx, const struct eg_idmap *ids,
		    const char *path)
{
	struct eg_root *r = eg_tctx_root(ctx);
	struct eg_err e;
	eg_err_clear(&e);
	struct stat st;
	int rc = eg_root_stat(r, path, 1, &st, &e);
	if (rc == EG_E_NOTFOUND)
		return 0;
	if (rc != 0) {
		eg_tctx_warn(ctx, _("cannot stat %s"), eg_err_msg(&e));
		return 0;
	}
	struct eg_buf target;
	eg_buf_init(&target, EG_PATH_MAX);
	if (S_ISLNK(st.st_mode) &&
	    eg_root_readlink(r, path, &target, &e) != 0)
		eg_tctx_warn(ctx, _("cannot read link %s"), eg_err_msg(&e));
	char mode[8];
	eg_mode_text(st.st_mode, mode);
	eg_row_begin(ctx);
	eg_row_text(ctx, F_PATH, path);
	eg_row_text(ctx, F_TYPE, eg_file_type(st.st_mode));
	eg_row_text(ctx, F_MODE, mode);
	eg_row_int(ctx, F_UID, (int64_t)st.st_uid);
	eg_row_int(ctx, F_GID, (int64_t)st.st_gid);
	eg_row_text(ctx, F_OWNER, eg_idmap_user(ids, st.st_uid));
	eg_row_text(ctx, F_GROUP, eg_idmap_group(ids, st.st_gid));
	eg_row_int(ctx, F_SIZE, (int64_t)st.st_size);
	eg_row_int(ctx, F_MTIME, (int64_t)st.st_mtim.tv_sec);
	if (S_ISLNK(st.st_mode) && target.err == 0 && target.data != NULL)
		eg_row_textn(ctx, F_TARGET, target.data, target.len);
	eg_buf_free(&target);
	rc = eg_row_end(ctx);
	if (rc == EG_E_LIMIT)
		return 1;
	return rc;
}

static int file_generate(struct eg_tctx *ctx)
{
	struct eg_strv paths = {0};
	int rc = 0;
	const struct eg_idmap *ids = eg_web_idmap(ctx);
	if (ids == NULL || arg_paths(ctx, &paths) != 0) {
		rc = eg_tctx_error(ctx, EG_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < paths.n; i++) {
		rc = file_row(ctx, ids, paths.v[i]);
		if (rc != 0)
			break;
	}
	if (rc > 0)
		rc = 0;
out:
	eg_strv_free(&paths);
	return rc;
}

/*
 * SHA-256 of the regular file at path as lowercase hex in hex[65]. Returns
 * 0; 1 when path is not a regular file (no row); 2 when it is larger than
 * EG_HASH_MAX_BYTES (a row without a hash); EG_E_NOTFOUND; or another
 * negative code with e set.
 */
static int hash_file(struct eg_root *r, const char *path, char hex[65],
		     struct eg_err *e)
{
	int fd = eg_root_openat(r, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, e);
	if (fd < 0)
		return fd;
	int rc = 0;
	EVP_MD_CTX *md = NULL;
	unsigned char *chunk = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		rc = eg_err_errno(e, EG_E_IO, errno, "%s", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = 1;
		goto out;
	}
	if ((unsigned long long)st.st_size > EG_HASH_MAX_BYTES) {
		rc = 2;
		goto out;
	}
	const size_t csize = 64u * 1024u;
	chunk = malloc(csize);
	md = EVP_MD_CTX_new();
	if (chunk == NULL || md == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s: cannot set up SHA-256",
				path);
		goto out;
	}
	unsigned long long total = 0;
	for (;;) {
		ssize_t n = read(fd, chunk, csize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = eg_err_errno(e, EG_E_IO, errno, "%s", path);
			goto out;
		}
		if (n == 0)
			break;
		total += (unsigned long long)n;
		/* The file grew while being read: same rule as above. */
		if (total > EG_HASH_MAX_BYTES) {
			rc = 2;
			goto out;
		}
		if (EVP_DigestUpdate(md, chunk, (size_t)n) != 1) {
			rc = eg_err_set(e, EG_E_INTERNAL, "%s: SHA-256 failed",
					path);
			goto out;
		}
	}
	unsigned char dig[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	if (EVP_DigestFinal_ex(md, dig, &dlen) != 1 || dlen != 32) {
		rc = eg_err_set(e, EG_E_INTERNAL, "%s: SHA-256 failed", path);
		goto out;
	}
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[dig[i] >> 4];
		hex[2 * i + 1] = digits[dig[i] & 15];
	}
	hex[64] = '\0';
out:
	EVP_MD_CTX_free(md);
	free(chunk);
	close(fd);
	return rc;
}

static int hash_generate(struct eg_tctx *ctx)
{
	struct eg_strv paths = {0};
	int rc = 0;
	if (arg_paths(ctx, &paths) != 0) {
		rc = eg_tctx_error(ctx, EG_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < paths.n; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		char hex[65];
		int h = hash_file(eg_tctx_root(ctx), paths.v[i], hex, &e);
		if (h == 1 || h == EG_E_NOTFOUND)
			continue;
		if (h == EG_E_NOMEM) {
			rc = eg_tctx_error(ctx, h, "out of memory");
			goto out;
		}
		if (h < 0) {
			eg_tctx_warn(ctx, _("cannot hash %s"), eg_err_msg(&e));
			continue;
		}
		if (h == 2)
			eg_tctx_warn(ctx, _("%s: larger than %llu bytes, not "
					    "hashed (sha256 is NULL)"),
				     paths.v[i],
				     (unsigned long long)EG_HASH_MAX_BYTES);
		eg_row_begin(ctx);
		eg_row_text(ctx, H_PATH, paths.v[i]);
		if (h == 0)
			eg_row_text(ctx, H_SHA256, hex);
		if (eg_row_end(ctx) != 0)
			break;
	}
out:
	eg_strv_free(&paths);
	return rc;
}

const struct eg_table_def eg_table_file = {
	"file",
	"metadata of the paths named by path = / IN / GLOB (lstat: links are "
	"not followed)",
	file_cols,
	sizeof(file_cols) / sizeof(file_cols[0]),
	file_generate,
};

const struct eg_table_def eg_table_file_hash = {
	"file_hash",
	"SHA-256 of the regular files named by path = / IN / GLOB",
	hash_cols,
	sizeof(hash_cols) / sizeof(hash_cols[0]),
	hash_generate,
};
