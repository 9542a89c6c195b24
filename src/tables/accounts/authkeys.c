/*
 * authkeys.c: the authorized_keys parser, a strict base64 decoder and SSH
 * public key blob reader, and the authorized_keys table.
 */
#include "authkeys.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "passwd.h"

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int eg_acct_base64_decode(const char *s, size_t n, unsigned char *out,
			  size_t cap, size_t *outlen)
{
	*outlen = 0;
	if (n == 0 || n % 4 != 0)
		return -1;
	size_t pad = 0;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	size_t total = n / 4 * 3 - pad;
	if (total > cap)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int last = i + 4 == n;
		int v[4];
		for (int k = 0; k < 4; k++) {
			unsigned char c = (unsigned char)s[i + (size_t)k];
			if (c == '=' && last && (size_t)k >= 4 - pad) {
				v[k] = 0;
				continue;
			}
			v[k] = b64_value(c);
			if (v[k] < 0)
				return -1;
		}
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
			     (uint32_t)v[2] << 6 | (uint32_t)v[3];
		size_t take = last ? 3 - pad : 3;
		/* Bits past the data must be zero (canonical encoding). */
		if (last && pad > 0 && (w & ((1u << (8 * pad)) - 1)) != 0)
			return -1;
		for (size_t k = 0; k < take; k++)
			out[o++] = (unsigned char)(w >> (16 - 8 * k));
	}
	*outlen = o;
	return 0;
}

struct cur {
	const unsigned char *p;
	size_t n;
};

static int get_string(struct cur *c, const unsigned char **s, size_t *len)
{
	if (c->n < 4)
		return -1;
	uint32_t l = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
		     (uint32_t)c->p[2] << 8 | (uint32_t)c->p[3];
	if (l > c->n - 4)
		return -1;
	*s = c->p + 4;
	*len = l;
	c->p += 4 + (size_t)l;
	c->n -= 4 + (size_t)l;
	return 0;
}

static int str_is(const unsigned char *s, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(s, want, n) == 0;
}

/* Bits of a positive mpint; -1 when negative or not minimal. */
static int64_t mpint_bits(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] & 0x80)
		return -1;
	if (s[0] == 0 && (n == 1 || !(s[1] & 0x80)))
		return -1;
	size_t i = 0;
	while (i < n && s[i] == 0)
		i++;
	if (i == n)
		return 0;
	int top = 0;
	for (unsigned c = s[i]; c != 0; c >>= 1)
		top++;
	return (int64_t)(n - i - 1) * 8 + top;
}

enum ktype { K_RSA, K_DSA, K_ED25519, K_ECDSA, K_SK_ECDSA, K_SK_ED25519 };

struct keytype {
	const char *name;
	enum ktype k;
	int cert;
	const char *curve;
	int64_t bits; /* fixed size, 0 when read from the key */
};

static const struct keytype keytypes[] = {
	{"ssh-rsa", K_RSA, 0, NULL, 0},
	{"ssh-dss", K_DSA, 0, NULL, 0},
	{"ssh-ed25519", K_ED25519, 0, NULL, 256},
	{"ecdsa-sha2-nistp256", K_ECDSA, 0, "nistp256", 256},
	{"ecdsa-sha2-nistp384", K_ECDSA, 0, "nistp384", 384},
	{"ecdsa-sha2-nistp521", K_ECDSA, 0, "nistp521", 521},
	{"sk-ecdsa-sha2-nistp256@openssh.com", K_SK_ECDSA, 0, "nistp256", 256},
	{"sk-ssh-ed25519@openssh.com", K_SK_ED25519, 0, NULL, 256},
	{"ssh-rsa-cert-v01@openssh.com", K_RSA, 1, NULL, 0},
	{"ssh-dss-cert-v01@openssh.com", K_DSA, 1, NULL, 0},
	{"ssh-ed25519-cert-v01@openssh.com", K_ED25519, 1, NULL, 256},
	{"ecdsa-sha2-nistp256-cert-v01@openssh.com", K_ECDSA, 1, "nistp256", 256},
	{"ecdsa-sha2-nistp384-cert-v01@openssh.com", K_ECDSA, 1, "nistp384", 384},
	{"ecdsa-sha2-nistp521-cert-v01@openssh.com", K_ECDSA, 1, "nistp521", 521},
	{"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", K_SK_ECDSA, 1, "nistp256", 256},
	{"sk-ssh-ed25519-cert-v01@openssh.com", K_SK_ED25519, 1, NULL, 256},
};

static const struct keytype *find_type(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++)
		if (strlen(keytypes[i].name) == n &&
		    memcmp(keytypes[i].name, s, n) == 0)
			return &keytypes[i];
	return NULL;
}

int eg_acct_ssh_key_bits(const char *type, const unsigned char *blob,
			 size_t n, int64_t *bits)
{
	const struct keytype *t = find_type(type, strlen(type));
	struct cur c = {blob, n};
	const unsigned char *s, *a;
	size_t sl, al;
	int64_t b = t == NULL ? -1 : t->bits;
	if (t == NULL || get_string(&c, &s, &sl) != 0 ||
	    !str_is(s, sl, t->name))
		return -1;
	if (t->cert && get_string(&c, &s, &sl) != 0) /* the nonce */
		return -1;
	switch (t->k) {
	case K_RSA:
		if (get_string(&c, &s, &sl) != 0 || /* e */
		    mpint_bits(s, sl) <= 0 || get_string(&c, &s, &sl) != 0)
			return -1;
		b = mpint_bits(s, sl);
		break;
	case K_DSA:
		if (get_string(&c, &s, &sl) != 0)
			return -1;
		b = mpint_bits(s, sl);
		for (int k = 0; k < 3; k++) /* q, g, y */
			if (get_string(&c, &a, &al) != 0)
				return -1;
		break;
	case K_ED25519:
	case K_SK_ED25519:
		if (get_string(&c, &s, &sl) != 0 || sl != 32)
			return -1;
		if (t->k == K_SK_ED25519 && get_string(&c, &a, &al) != 0)
			return -1;
		break;
	case K_ECDSA:
	case K_SK_ECDSA:
		if (get_string(&c, &s, &sl) != 0 || !str_is(s, sl, t->curve) ||
		    get_string(&c, &a, &al) != 0 || al == 0 || a[0] != 0x04)
			return -1;
		if (t->k == K_SK_ECDSA && get_string(&c, &a, &al) != 0)
			return -1;
		break;
	}
	/* A plain key is exactly its fields; a certificate goes on. */
	if (b <= 0 || (!t->cert && c.n != 0))
		return -1;
	*bits = b;
	return 0;
}

enum { COL_USER, COL_TYPE, COL_BITS, COL_OPTIONS, COL_COMMENT, NCOLS };

/* The end of an options word: the first blank outside double quotes, where
 * a backslash escapes a quote (sshd's auth_parse_options). */
static size_t options_end(const char *s, size_t n, size_t i, int *ok)
{
	int q = 0;
	for (; i < n; i++) {
		if (s[i] == '\\' && q && i + 1 < n && s[i + 1] == '"') {
			i++;
			continue;
		}
		if (s[i] == '"')
			q = !q;
		else if (!q && (s[i] == ' ' || s[i] == '\t'))
			break;
	}
	*ok = !q;
	return i;
}

static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

int eg_acct_parse_authorized_keys(const char *buf, size_t len,
				  const char *file, const char *user,
				  const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	const char *s;
	size_t n;
	unsigned ln;
	int rc;
	unsigned char *blob = malloc(EG_SSHKEY_BLOB_MAX);
	if (blob == NULL)
		return EG_E_NOMEM;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	while ((rc = eg_acct_lines_next(&it, &s, &n, &ln)) == 1) {
		size_t i = eg_acct_skip_ws(s, n, 0);
		while (n > i && eg_acct_isspace(s[n - 1]))
			n--;
		if (i >= n || s[i] == '#')
			continue;
		size_t os = 0, oe = 0;
		size_t te = word_end(s, n, i);
		const struct keytype *t = find_type(s + i, te - i);
		if (t == NULL) {
			/* Not a key type: options come first. */
			int ok;
			os = i;
			oe = options_end(s, n, i, &ok);
			i = eg_acct_skip_ws(s, n, oe);
			te = word_end(s, n, i);
			t = ok ? find_type(s + i, te - i) : NULL;
			if (t == NULL) {
				eg_acct_warn(sink, file, ln,
					     _("no known key type; line skipped"));
				continue;
			}
		}
		size_t bs = eg_acct_skip_ws(s, n, te);
		size_t be = word_end(s, n, bs);
		size_t blen;
		int64_t bits;
		if (eg_acct_base64_decode(s + bs, be - bs, blob,
					  EG_SSHKEY_BLOB_MAX, &blen) != 0 ||
		    eg_acct_ssh_key_bits(t->name, blob, blen, &bits) != 0) {
			eg_acct_warn(sink, file, ln,
				     _("key is not valid base64 of a key of its type; line skipped"));
			continue;
		}
		size_t cs = eg_acct_skip_ws(s, n, be);
		struct eg_acct_val v[NCOLS] = {
			eg_acct_str(user), eg_acct_str(t->name),
			eg_acct_int(bits),
			oe > os ? eg_acct_strn(s + os, oe - os) : eg_acct_null(),
			cs < n ? eg_acct_strn(s + cs, n - cs) : eg_acct_null()};
		rc = eg_acct_row(sink, v, NCOLS);
		if (rc != 0)
			break;
	}
	eg_acct_lines_free(&it);
	free(blob);
	return rc < 0 ? rc : 0;
}

/* The accounts whose keys are read: name and home from etc/passwd. */
struct account {
	char *name;
	char *home;
};

struct accounts {
	struct account *v;
	size_t n;
	int err;
};

static int collect_row(void *arg, const struct eg_acct_val *v, size_t n)
{
	struct accounts *a = arg;
	(void)n;
	const struct eg_acct_val *name = &v[EG_USERS_NAME];
	const struct eg_acct_val *home = &v[EG_USERS_HOME];
	if (home->n == 0)
		return 0;
	struct account *nv = eg_reallocarray(a->v, a->n + 1, sizeof(*nv));
	if (nv == NULL)
		return a->err = EG_E_NOMEM;
	a->v = nv;
	nv[a->n].name = eg_strndup(name->s, name->n);
	nv[a->n].home = eg_strndup(home->s, home->n);
	a->n++;
	if (nv[a->n - 1].name == NULL || nv[a->n - 1].home == NULL)
		return a->err = EG_E_NOMEM;
	return 0;
}

static void accounts_free(struct accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].home);
	}
	free(a->v);
}

static int gen_authorized_keys(struct eg_tctx *ctx)
{
	struct eg_acct_sink sink, coll;
	struct accounts acc = {NULL, 0, 0};
	struct eg_buf b, path;
	struct eg_root *r = eg_tctx_root(ctx);
	size_t total = 0;
	eg_acct_tctx_sink(ctx, &sink);
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	eg_buf_init(&path, EG_PATH_MAX);
	/* Warnings about etc/passwd are the users table's to give. */
	memset(&coll, 0, sizeof(coll));
	coll.arg = &acc;
	coll.row = collect_row;
	int rc = eg_acct_read(r, "/etc/passwd", &b, NULL);
	if (rc != 0) {
		rc = 0;
		goto out;
	}
	rc = eg_acct_parse_passwd(b.data, b.len, "/etc/passwd", &coll);
	if (rc != 0 || acc.err != 0) {
		rc = EG_E_NOMEM;
		goto out;
	}
	static const char *const names[] = {"authorized_keys",
					    "authorized_keys2"};
	for (size_t i = 0; i < acc.n && rc == 0; i++) {
		for (size_t k = 0; k < 2 && rc == 0; k++) {
			eg_buf_reset(&path);
			if (acc.v[i].home[0] != '/')
				eg_buf_addc(&path, '/');
			eg_buf_adds(&path, acc.v[i].home);
			eg_buf_adds(&path, "/.ssh/");
			eg_buf_adds(&path, names[k]);
			if (path.err != 0)
				continue;
			eg_buf_reset(&b);
			if (eg_acct_read(r, eg_buf_str(&path), &b, &sink) != 0)
				continue;
			total += b.len;
			if (total > EG_AUTHKEYS_TOTAL_MAX_BYTES) {
				eg_acct_warn(&sink, eg_buf_str(&path), 0,
					     _("authorized_keys files too large in total; the rest are ignored"));
				goto out;
			}
			rc = eg_acct_parse_authorized_keys(
				b.data, b.len, eg_buf_str(&path),
				acc.v[i].name, &sink);
		}
	}
out:
	if (rc == EG_E_LIMIT)
		rc = 0;
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	accounts_free(&acc);
	eg_buf_free(&b);
	eg_buf_free(&path);
	return rc;
}

static const struct eg_column authkeys_cols[] = {
	{"user", EG_TEXT, 0, "Account whose home holds the file (etc/passwd)"},
	{"type", EG_TEXT, 0, "Key type (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256, ...)"},
	{"bits", EG_INT, 0, "Key size: RSA modulus, DSA p, ECDSA curve size, 256 for Ed25519"},
	{"options", EG_TEXT, 0, "Options before the key as written (from=, command=, ...), NULL when none"},
	{"comment", EG_TEXT, 0, "Comment after the key, NULL when none"},
};

const struct eg_table_def eg_table_authorized_keys = {
	"authorized_keys",
	"Keys of each account's ~/.ssh/authorized_keys and authorized_keys2, homes resolved inside the audit root only; never the key material",
	authkeys_cols, sizeof(authkeys_cols) / sizeof(authkeys_cols[0]),
	gen_authorized_keys,
};
