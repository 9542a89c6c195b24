/*
 * ssl_files.c: the key-file sniffer and the ssl_files table (see
 * ssl_files.h).
 */
#include "ssl_files.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "web_tables.h"
#include "wglob.h"

#define PEM_BEGIN "-----BEGIN "
#define PEM_DASHES "-----"
#define PEM_LABEL_MAX 64

static int label_is(const char *l, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(l, want, n) == 0;
}

/* Looks at the header lines after a traditional key's BEGIN line. */
static int proc_type_encrypted(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || memchr(p, ':', n) == NULL)
			return 0; /* end of the headers: base64 follows */
		if (n >= 10 && memcmp(p, "Proc-Type:", 10) == 0 &&
		    memmem(p, n, "ENCRYPTED", 9) != NULL)
			return 1;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

enum eg_key_kind eg_key_sniff(const char *buf, size_t len, int *encrypted)
{
	static const char *const keys[] = {
		"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
		"DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
		"OPENSSH PRIVATE KEY",
	};
	static const char *const certs[] = {
		"CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE",
	};
	const size_t bl = sizeof(PEM_BEGIN) - 1;
	enum eg_key_kind kind = EG_KEY_OTHER;
	*encrypted = -1;
	const char *end = buf + len;
	const char *p = buf;
	while (p < end) {
		const char *b = memmem(p, (size_t)(end - p), PEM_BEGIN, bl);
		if (b == NULL)
			break;
		p = b + bl;
		if (b != buf && b[-1] != '\n')
			continue;
		const char *l = p;
		while (p < end && p - l <= PEM_LABEL_MAX &&
		       ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			*p == ' '))
			p++;
		size_t ln = (size_t)(p - l);
		if ((size_t)(end - p) < sizeof(PEM_DASHES) - 1 ||
		    memcmp(p, PEM_DASHES, sizeof(PEM_DASHES) - 1) != 0)
			continue;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (!label_is(l, ln, keys[i]))
				continue;
			if (i == 5) {
				*encrypted = -1;
			} else if (i == 4) {
				*encrypted = 1;
			} else if (i == 0) {
				*encrypted = 0;
			} else {
				const char *nl = memchr(p, '\n',
							(size_t)(end - p));
				*encrypted = nl != NULL &&
					     proc_type_encrypted(nl + 1, end);
			}
			/* A private key anywhere makes the file a key file,
			 * whatever came before it (EC PARAMETERS, a
			 * certificate in a combined file). */
			return EG_KEY_PRIVATE;
		}
		for (size_t i = 0; i < sizeof(certs) / sizeof(certs[0]); i++)
			if (label_is(l, ln, certs[i]))
				kind = EG_KEY_CERT;
	}
	return kind;
}

/* ---- the ssl_files table ---------------------------------------- */

enum { S_PATH, S_KIND, S_MODE, S_UID, S_GID, S_OWNER, S_ENC };

static const struct eg_column ssl_cols[] = {
	{"path", EG_TEXT, 0, "file found in a usual key place or named by "
			     "the web server configuration"},
	{"kind", EG_TEXT, 0, "private_key, certificate or other (from the "
			     "first PEM header)"},
	{"mode", EG_TEXT, 0, "permission bits of the file, four octal digits "
			     "(links followed inside the root)"},
	{"uid", EG_INT, 0, "owner user id"},
	{"gid", EG_INT, 0, "owner group id"},
	{"owner", EG_TEXT, 0, "owner name from the audited system's "
			      "/etc/passwd (NULL when unknown)"},
	{"encrypted", EG_INT, 0, "private keys: 1 when protected by a "
				 "passphrase, 0 when not (NULL: unknown or "
				 "not a key)"},
};

static int add_glob(struct eg_tctx *ctx, const char *pat,
		    struct eg_strv *out)
{
	struct eg_strv m = {0};
	struct eg_err e;
	eg_err_clear(&e);
	/* Dot files too: a key hidden as ".old.key" is still a key. */
	int rc = eg_wglob(eg_tctx_root(ctx), pat, 0, EG_GLOB_MAX_MATCHES, &m,
			  &e);
	if (rc == EG_E_NOMEM)
		goto out;
	if (rc != 0)
		eg_tctx_warn(ctx, "%s", eg_err_msg(&e));
	rc = 0;
	for (size_t i = 0; i < m.n && rc == 0; i++)
		if (!eg_strv_has(out, m.v[i]))
			rc = eg_strv_add(out, m.v[i]);
out:
	eg_strv_free(&m);
	return rc;
}

static int ssl_generate(struct eg_tctx *ctx)
{
	static const char *const places[] = {
		"/etc/ssl/private/*",
		"/etc/letsencrypt/live/*/privkey.pem",
		"/etc/letsencrypt/archive/*/privkey*.pem",
		"/etc/nginx/ssl/*",
		"/etc/apache2/ssl/*",
	};
	struct eg_root *r = eg_tctx_root(ctx);
	struct eg_strv paths = {0};
	char *sniff = NULL;
	int rc = 0;
	const struct eg_idmap *ids = eg_web_idmap(ctx);
	if (ids == NULL)
		goto nomem;
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (add_glob(ctx, places[i], &paths) != 0)
			goto nomem;
	size_t first_named = paths.n;
	if (eg_web_conf_paths(ctx, "ssl_certificate_key", EG_NGINX_PREFIX,
			      "SSLCertificateKeyFile", &paths) != 0)
		goto nomem;
	sniff = malloc(EG_KEY_SNIFF_BYTES);
	if (sniff == NULL)
		goto nomem;
	for (size_t i = 0; i < paths.n; i++) {
		struct eg_err e;
		eg_err_clear(&e);
		struct stat st;
		size_t got = 0;
		int r2 = eg_root_read_prefix(r, paths.v[i], sniff,
					     EG_KEY_SNIFF_BYTES, &got, &st, &e);
		if (r2 == EG_E_INVAL)
			continue; /* a directory or other non-file */
		if (r2 == EG_E_NOTFOUND) {
			if (i >= first_named)
				eg_tctx_warn(ctx, _("%s is named in the web "
						    "server configuration but "
						    "does not exist"),
					     paths.v[i]);
			else
				eg_tctx_warn(ctx, _("%s: a link to a file "
						    "that does not exist"),
					     paths.v[i]);
			continue;
		}
		if (r2 != 0) {
			eg_tctx_warn(ctx, _("cannot read %s"), eg_err_msg(&e));
			continue;
		}
		int enc = -1;
		enum eg_key_kind k = eg_key_sniff(sniff, got, &enc);
		eg_wipe(sniff, got);
		char mode[8];
		eg_mode_text(st.st_mode, mode);
		eg_row_begin(ctx);
		eg_row_text(ctx, S_PATH, paths.v[i]);
		eg_row_text(ctx, S_KIND, k == EG_KEY_PRIVATE ? "private_key" :
					 k == EG_KEY_CERT ? "certificate" :
					 "other");
		eg_row_text(ctx, S_MODE, mode);
		eg_row_int(ctx, S_UID, (int64_t)st.st_uid);
		eg_row_int(ctx, S_GID, (int64_t)st.st_gid);
		eg_row_text(ctx, S_OWNER, eg_idmap_user(ids, st.st_uid));
		if (k == EG_KEY_PRIVATE && enc >= 0)
			eg_row_int(ctx, S_ENC, enc);
		if (eg_row_end(ctx) != 0)
			break;
	}
	goto out;
nomem:
	rc = eg_tctx_error(ctx, EG_E_NOMEM, "out of memory");
out:
	if (sniff != NULL) {
		eg_wipe(sniff, EG_KEY_SNIFF_BYTES);
		free(sniff);
	}
	eg_strv_free(&paths);
	return rc;
}

const struct eg_table_def eg_table_ssl_files = {
	"ssl_files",
	"TLS key files in the usual places and those the web server "
	"configuration names, with their mode and owner",
	ssl_cols,
	sizeof(ssl_cols) / sizeof(ssl_cols[0]),
	ssl_generate,
};
