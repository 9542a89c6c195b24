/*
 * sshd.c: the sshd_config parser, Include resolution under the audit root,
 * the compiled-in defaults of Debian 12's OpenSSH 9.2p1, and the sshd_config
 * table.
 */
#include "sshd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

/* OpenSSH 9.2 myproposal.h: the server's algorithm lists. */
#define KEX_SERVER_KEX                                                     \
	"sntrup761x25519-sha512@openssh.com,curve25519-sha256,"            \
	"curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"                 \
	"ecdh-sha2-nistp384,ecdh-sha2-nistp521,"                           \
	"diffie-hellman-group-exchange-sha256,"                            \
	"diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"     \
	"diffie-hellman-group14-sha256"
#define KEX_SERVER_ENCRYPT                                                 \
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"  \
	"aes128-gcm@openssh.com,aes256-gcm@openssh.com"
#define KEX_SERVER_MAC                                                     \
	"umac-64-etm@openssh.com,umac-128-etm@openssh.com,"                \
	"hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"     \
	"hmac-sha1-etm@openssh.com,umac-64@openssh.com,"                   \
	"umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1"
#define KEX_DEFAULT_PK_ALG                                                 \
	"ssh-ed25519-cert-v01@openssh.com,"                                \
	"ecdsa-sha2-nistp256-cert-v01@openssh.com,"                        \
	"ecdsa-sha2-nistp384-cert-v01@openssh.com,"                        \
	"ecdsa-sha2-nistp521-cert-v01@openssh.com,"                        \
	"sk-ssh-ed25519-cert-v01@openssh.com,"                             \
	"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"                     \
	"rsa-sha2-512-cert-v01@openssh.com,"                               \
	"rsa-sha2-256-cert-v01@openssh.com,"                               \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"             \
	"ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"                  \
	"sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"
#define SSH_ALLOWED_CA_SIGALGS                                             \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"             \
	"ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"                  \
	"sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"

struct sshd_default {
	const char *keyword;
	const char *value;
};

/*
 * fill_default_server_options() of servconf.c in 9.2p1 as Debian builds it
 * (PAM and GSSAPI compiled in, pid file in /run), written as sshd -T would.
 * Keywords with several rows appear several times.
 */
static const struct sshd_default defaults[] = {
	{"port", "22"},
	{"addressfamily", "any"},
	{"protocol", "2"},
	{"hostkey", "/etc/ssh/ssh_host_rsa_key"},
	{"hostkey", "/etc/ssh/ssh_host_ecdsa_key"},
	{"hostkey", "/etc/ssh/ssh_host_ed25519_key"},
	{"permitrootlogin", "prohibit-password"},
	{"pubkeyauthentication", "yes"},
	{"passwordauthentication", "yes"},
	{"kbdinteractiveauthentication", "yes"},
	{"permitemptypasswords", "no"},
	{"hostbasedauthentication", "no"},
	{"ignorerhosts", "yes"},
	{"ignoreuserknownhosts", "no"},
	{"authenticationmethods", "any"},
	{"authorizedkeysfile", ".ssh/authorized_keys .ssh/authorized_keys2"},
	{"kerberosauthentication", "no"},
	{"gssapiauthentication", "no"},
	{"usepam", "no"},
	{"x11forwarding", "no"},
	{"x11displayoffset", "10"},
	{"x11uselocalhost", "yes"},
	{"allowtcpforwarding", "yes"},
	{"allowagentforwarding", "yes"},
	{"allowstreamlocalforwarding", "yes"},
	{"disableforwarding", "no"},
	{"gatewayports", "no"},
	{"permittunnel", "no"},
	{"permitopen", "any"},
	{"permitlisten", "any"},
	{"permittty", "yes"},
	{"permituserrc", "yes"},
	{"permituserenvironment", "no"},
	{"maxauthtries", "6"},
	{"maxsessions", "10"},
	{"maxstartups", "10:30:100"},
	{"persourcemaxstartups", "none"},
	{"persourcenetblocksize", "32:128"},
	{"logingracetime", "120"},
	{"clientaliveinterval", "0"},
	{"clientalivecountmax", "3"},
	{"tcpkeepalive", "yes"},
	{"usedns", "no"},
	{"strictmodes", "yes"},
	{"printmotd", "yes"},
	{"printlastlog", "yes"},
	{"compression", "yes"},
	{"loglevel", "INFO"},
	{"syslogfacility", "AUTH"},
	{"pidfile", "/run/sshd.pid"},
	{"xauthlocation", "/usr/bin/xauth"},
	{"fingerprinthash", "SHA256"},
	{"rekeylimit", "default none"},
	{"ipqos", "af21 cs1"},
	{"exposeauthinfo", "no"},
	{"streamlocalbindmask", "0177"},
	{"streamlocalbindunlink", "no"},
	{"requiredrsasize", "1024"},
	{"banner", "none"},
	{"chrootdirectory", "none"},
	{"versionaddendum", "none"},
	{"pubkeyauthoptions", "none"},
	{"ciphers", KEX_SERVER_ENCRYPT},
	{"macs", KEX_SERVER_MAC},
	{"kexalgorithms", KEX_SERVER_KEX},
	{"hostkeyalgorithms", KEX_DEFAULT_PK_ALG},
	{"pubkeyacceptedalgorithms", KEX_DEFAULT_PK_ALG},
	{"hostbasedacceptedalgorithms", KEX_DEFAULT_PK_ALG},
	{"casignaturealgorithms", SSH_ALLOWED_CA_SIGALGS},
};

/* servconf.c keywords that are other names of one setting. */
static const struct sshd_default aliases[] = {
	{"challengeresponseauthentication", "kbdinteractiveauthentication"},
	{"skeyauthentication", "kbdinteractiveauthentication"},
	{"dsaauthentication", "pubkeyauthentication"},
	{"pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms"},
	{"hostbasedacceptedkeytypes", "hostbasedacceptedalgorithms"},
	{"hostdsakey", "hostkey"},
	{"keepalive", "tcpkeepalive"},
};

/* Keywords each of whose lines adds to the setting. */
static const char *const multi[] = {
	"port", "listenaddress", "hostkey", "hostcertificate", "acceptenv",
	"allowusers", "denyusers", "allowgroups", "denygroups", "subsystem",
};

/* Algorithm lists that accept +, - and ^ against a default. */
static const struct sshd_default alglists[] = {
	{"ciphers", KEX_SERVER_ENCRYPT},
	{"macs", KEX_SERVER_MAC},
	{"kexalgorithms", KEX_SERVER_KEX},
	{"hostkeyalgorithms", KEX_DEFAULT_PK_ALG},
	{"pubkeyacceptedalgorithms", KEX_DEFAULT_PK_ALG},
	{"hostbasedacceptedalgorithms", KEX_DEFAULT_PK_ALG},
	{"casignaturealgorithms", SSH_ALLOWED_CA_SIGALGS},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct setting {
	char *keyword;
	char *value;
	size_t file; /* index in files */
	unsigned line;
};

struct eg_sshd {
	struct setting *v;
	size_t n, cap;
	char **files;
	size_t nfiles;
	/* Open-addressing set of keywords already set: indexes into v + 1
	 * (0 = empty slot). The table keeps first-wins checks linear on a
	 * hostile file with a million distinct keywords. */
	size_t *slots;
	size_t nslots, nkeys;
};

int eg_sshd_new(struct eg_sshd **out)
{
	*out = eg_calloc(1, sizeof(**out));
	return *out == NULL ? EG_E_NOMEM : 0;
}

void eg_sshd_free(struct eg_sshd *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].keyword);
		free(s->v[i].value);
	}
	free(s->v);
	eg_acct_strv_free(s->files, s->nfiles);
	free(s->slots);
	free(s);
}

static uint64_t hash_str(const char *k)
{
	uint64_t h = 1469598103934665603ull;
	for (; *k != '\0'; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ull;
	}
	return h;
}

/* The index + 1 of the first setting of keyword k, or 0. */
static size_t find_kw(const struct eg_sshd *s, const char *k)
{
	if (s->nslots == 0)
		return 0;
	size_t i = (size_t)hash_str(k) & (s->nslots - 1);
	while (s->slots[i] != 0) {
		if (strcmp(s->v[s->slots[i] - 1].keyword, k) == 0)
			return s->slots[i];
		i = (i + 1) & (s->nslots - 1);
	}
	return 0;
}

static int grow_slots(struct eg_sshd *s)
{
	size_t nn = s->nslots == 0 ? 64 : s->nslots * 2;
	size_t *ns = eg_calloc(nn, sizeof(*ns));
	if (ns == NULL)
		return EG_E_NOMEM;
	for (size_t i = 0; i < s->nslots; i++) {
		if (s->slots[i] == 0)
			continue;
		size_t j = (size_t)hash_str(s->v[s->slots[i] - 1].keyword) &
			   (nn - 1);
		while (ns[j] != 0)
			j = (j + 1) & (nn - 1);
		ns[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = ns;
	s->nslots = nn;
	return 0;
}

static int add_kw(struct eg_sshd *s, size_t idx1)
{
	if ((s->nkeys + 1) * 2 > s->nslots && grow_slots(s) != 0)
		return EG_E_NOMEM;
	const char *k = s->v[idx1 - 1].keyword;
	size_t i = (size_t)hash_str(k) & (s->nslots - 1);
	while (s->slots[i] != 0)
		i = (i + 1) & (s->nslots - 1);
	s->slots[i] = idx1;
	s->nkeys++;
	return 0;
}

static int is_multi(const char *k)
{
	for (size_t i = 0; i < NELEM(multi); i++)
		if (strcmp(k, multi[i]) == 0)
			return 1;
	return 0;
}

/* The index of file in s->files, adding it. (size_t)-1 on failure. */
static size_t file_index(struct eg_sshd *s, const char *file)
{
	if (s->nfiles > 0 && strcmp(s->files[s->nfiles - 1], file) == 0)
		return s->nfiles - 1;
	char *d = eg_strdup(file);
	char **nf = d == NULL ? NULL
			      : eg_reallocarray(s->files, s->nfiles + 1,
						sizeof(*nf));
	if (nf == NULL) {
		free(d);
		return (size_t)-1;
	}
	s->files = nf;
	s->files[s->nfiles] = d;
	return s->nfiles++;
}

/* 1 when item matches one of the comma-separated patterns of list. */
static int in_pattern_list(const char *item, size_t il, const char *list)
{
	char name[256];
	if (il >= sizeof(name))
		return 0;
	memcpy(name, item, il);
	name[il] = '\0';
	const char *p = list;
	while (*p != '\0') {
		size_t pl = strcspn(p, ",");
		char pat[256];
		if (pl > 0 && pl < sizeof(pat)) {
			memcpy(pat, p, pl);
			pat[pl] = '\0';
			if (eg_acct_wildmatch(pat, name, 0))
				return 1;
		}
		p += pl;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* 1 when item s[0..n) is already in the comma list b. */
static int in_list(const struct eg_buf *b, const char *s, size_t n)
{
	const char *p = eg_buf_str(b);
	while (*p != '\0') {
		size_t pl = strcspn(p, ",");
		if (pl == n && memcmp(p, s, n) == 0)
			return 1;
		p += pl;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Appends the items of list to out, skipping duplicates and those that
 * match a pattern of deny (NULL: none). */
static void add_items(struct eg_buf *out, const char *list, const char *deny)
{
	const char *p = list;
	while (*p != '\0') {
		size_t pl = strcspn(p, ",");
		if (pl > 0 && !in_list(out, p, pl) &&
		    (deny == NULL || !in_pattern_list(p, pl, deny))) {
			if (out->len > 0)
				eg_buf_addc(out, ',');
			eg_buf_add(out, p, pl);
		}
		p += pl;
		if (*p == ',')
			p++;
	}
}

/*
 * kex_assemble_names(): "+list" appends to the default, "-list" removes the
 * default's items matching a pattern, "^list" puts list first. Returns the
 * value to store (OUT: caller frees) or NULL on exhaustion.
 */
static char *assemble_alg(const char *keyword, const char *value)
{
	const char *def = NULL;
	for (size_t i = 0; i < NELEM(alglists); i++)
		if (strcmp(keyword, alglists[i].keyword) == 0)
			def = alglists[i].value;
	if (def == NULL || (value[0] != '+' && value[0] != '-' &&
			    value[0] != '^') ||
	    strlen(value) > EG_SSHD_ALGLIST_MAX)
		return eg_strdup(value);
	struct eg_buf out;
	eg_buf_init(&out, EG_LINE_MAX * 2);
	if (value[0] == '+') {
		add_items(&out, def, NULL);
		add_items(&out, value + 1, NULL);
	} else if (value[0] == '-') {
		add_items(&out, def, value + 1);
	} else {
		add_items(&out, value + 1, NULL);
		add_items(&out, def, NULL);
	}
	if (out.err != 0) {
		eg_buf_free(&out);
		return NULL;
	}
	char *r = eg_buf_steal(&out, NULL);
	eg_buf_free(&out);
	return r;
}

/* Stores one setting of the global context unless an earlier one wins. */
static int set_option(struct eg_sshd *s, const char *keyword,
		      const char *value, const char *file, unsigned line,
		      const struct eg_acct_sink *sink)
{
	if (!is_multi(keyword) && find_kw(s, keyword) != 0)
		return 0; /* the first value wins */
	if (s->n >= EG_CONF_MAX_LINES) {
		eg_acct_warn(sink, file, line,
			     _("too many settings; the rest are ignored"));
		return 0;
	}
	if (s->n == s->cap) {
		size_t nc = s->cap == 0 ? 32 : s->cap * 2;
		struct setting *nv = eg_reallocarray(s->v, nc, sizeof(*nv));
		if (nv == NULL)
			return EG_E_NOMEM;
		s->v = nv;
		s->cap = nc;
	}
	size_t fi = file_index(s, file);
	char *k = eg_strdup(keyword);
	char *v = assemble_alg(keyword, value);
	if (fi == (size_t)-1 || k == NULL || v == NULL) {
		free(k);
		free(v);
		return EG_E_NOMEM;
	}
	s->v[s->n].keyword = k;
	s->v[s->n].value = v;
	s->v[s->n].file = fi;
	s->v[s->n].line = line;
	s->n++;
	if (find_kw(s, k) == 0 && add_kw(s, s->n) != 0)
		return EG_E_NOMEM;
	return 0;
}

/*
 * The keyword of a line, as sshd's strdelim(): up to a blank, a quote or
 * '='. Sets *ks, *ke and returns the offset of the arguments (after the
 * blanks and at most one '=').
 */
static size_t split_keyword(const char *s, size_t n, size_t *ks, size_t *ke)
{
	size_t i = eg_acct_skip_ws(s, n, 0);
	*ks = i;
	while (i < n && !eg_acct_isspace(s[i]) && s[i] != '=' && s[i] != '"')
		i++;
	*ke = i;
	i = eg_acct_skip_ws(s, n, i);
	if (i < n && s[i] == '=')
		i = eg_acct_skip_ws(s, n, i + 1);
	return i;
}

/*
 * The arguments of a line, as OpenSSH's argv_split(): blank-separated
 * words, '...' and "..." quoting, backslash escaping a quote, a backslash or
 * (outside quotes) a space, and a word starting with '#' ending the line.
 * Each word is written to out followed by a NUL. Returns the word count, or
 * -1 for an unterminated quote.
 */
static int split_args(const char *s, size_t n, struct eg_buf *out)
{
	int count = 0;
	size_t i = 0;
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || s[i] == '#')
			break;
		char quote = 0;
		for (; i < n; i++) {
			char c = s[i];
			if (c == '\\' && i + 1 < n &&
			    (s[i + 1] == '\'' || s[i + 1] == '"' ||
			     s[i + 1] == '\\' ||
			     (quote == 0 && s[i + 1] == ' '))) {
				eg_buf_addc(out, s[++i]);
			} else if (quote == 0 && (c == ' ' || c == '\t')) {
				break;
			} else if (quote == 0 && (c == '"' || c == '\'')) {
				quote = c;
			} else if (quote != 0 && c == quote) {
				quote = 0;
			} else {
				eg_buf_addc(out, c);
			}
		}
		if (quote != 0)
			return -1;
		eg_buf_addc(out, '\0');
		count++;
	}
	return count;
}

static void lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static const char *canonical(const char *k)
{
	for (size_t i = 0; i < NELEM(aliases); i++)
		if (strcmp(k, aliases[i].keyword) == 0)
			return aliases[i].value;
	return k;
}

int eg_sshd_parse(struct eg_sshd *s, const char *buf, size_t len,
		  const char *file, const struct eg_acct_sink *sink)
{
	struct eg_acct_lines it;
	struct eg_buf args, val;
	const char *line;
	size_t n;
	unsigned ln;
	int rc;
	int active = 1; /* outside any Match block (or in "Match all") */
	char *kw = NULL;
	eg_acct_lines_init(&it, buf, len, file, 0, sink);
	eg_buf_init(&args, EG_LINE_MAX * 2);
	eg_buf_init(&val, EG_LINE_MAX * 2);
	while ((rc = eg_acct_lines_next(&it, &line, &n, &ln)) == 1) {
		size_t ks, ke;
		size_t a = split_keyword(line, n, &ks, &ke);
		if (ks == ke || line[ks] == '#')
			continue;
		free(kw);
		kw = eg_strndup(line + ks, ke - ks);
		if (kw == NULL) {
			rc = EG_E_NOMEM;
			break;
		}
		lower(kw);
		eg_buf_reset(&args);
		int argc = split_args(line + a, n - a, &args);
		if (args.err != 0) {
			rc = EG_E_NOMEM;
			break;
		}
		if (argc < 0) {
			eg_acct_warn(sink, file, ln,
				     _("unterminated quote; line ignored (sshd refuses this file)"));
			continue;
		}
		if (argc == 0) {
			eg_acct_warn(sink, file, ln,
				     _("keyword without a value; line ignored (sshd refuses this file)"));
			continue;
		}
		if (strcmp(kw, "match") == 0) {
			/* Only "Match all" applies to every connection. */
			active = argc == 1 &&
				 eg_acct_ieq(args.data, strlen(args.data),
					     "all");
			continue;
		}
		if (!active)
			continue;
		if (strcmp(kw, "include") == 0) {
			const char *p = args.data;
			int irc = 0;
			for (int i = 0; i < argc && irc == 0; i++) {
				if (sink != NULL && sink->include != NULL)
					irc = sink->include(sink->arg, file,
							    ln, p, 0, NULL);
				p += strlen(p) + 1;
			}
			if (irc != 0) {
				rc = irc;
				break;
			}
			continue;
		}
		/* The value: the words joined by one space. */
		eg_buf_reset(&val);
		const char *p = args.data;
		for (int i = 0; i < argc; i++) {
			if (i > 0)
				eg_buf_addc(&val, ' ');
			eg_buf_adds(&val, p);
			p += strlen(p) + 1;
		}
		if (val.err != 0) {
			rc = EG_E_NOMEM;
			break;
		}
		rc = set_option(s, canonical(kw), eg_buf_str(&val), file, ln,
				sink);
		if (rc != 0)
			break;
	}
	free(kw);
	eg_buf_free(&args);
	eg_buf_free(&val);
	eg_acct_lines_free(&it);
	return rc < 0 ? rc : 0;
}

int eg_sshd_emit(const struct eg_sshd *s, const struct eg_acct_sink *sink)
{
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		const struct setting *t = &s->v[i];
		struct eg_acct_val row[4] = {
			eg_acct_str(t->keyword), eg_acct_str(t->value),
			eg_acct_str(s->files[t->file]),
			eg_acct_int(t->line)};
		rc = eg_acct_row(sink, row, 4);
	}
	for (size_t i = 0; i < NELEM(defaults) && rc == 0; i++) {
		if (find_kw(s, defaults[i].keyword) != 0)
			continue;
		struct eg_acct_val row[4] = {
			eg_acct_str(defaults[i].keyword),
			eg_acct_str(defaults[i].value), eg_acct_null(),
			eg_acct_null()};
		rc = eg_acct_row(sink, row, 4);
	}
	return rc;
}

/* Following Includes. */
struct loader {
	struct eg_root *root;
	struct eg_sshd *s;
	const struct eg_acct_sink *out;
	struct eg_acct_sink in;
	struct eg_acct_incstack st;
};

static void loader_warn(void *arg, const char *file, unsigned line,
			const char *msg)
{
	struct loader *L = arg;
	eg_acct_warn(L->out, file, line, msg);
}

/* Parses path into L->s; from/line name the Include (NULL: the top). */
static int load_file(struct loader *L, const char *path, const char *from,
		     unsigned line)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	int rc = eg_acct_inc_enter(&L->st, L->root, path, from, line, &b,
				   L->out);
	if (rc == 1) {
		rc = eg_sshd_parse(L->s, b.data, b.len, path, &L->in);
		eg_acct_inc_leave(&L->st);
	}
	eg_buf_free(&b);
	return rc;
}

static int loader_include(void *arg, const char *file, unsigned line,
			  const char *target, int kind, const char *filter)
{
	struct loader *L = arg;
	(void)kind;
	(void)filter;
	if (target[0] == '~') {
		eg_acct_warn(L->out, file, line,
			     _("include path starting with ~ not followed"));
		return 0;
	}
	struct eg_buf pat;
	eg_buf_init(&pat, EG_PATH_MAX);
	if (target[0] != '/')
		eg_buf_adds(&pat, "/etc/ssh/");
	eg_buf_adds(&pat, target);
	if (pat.err != 0) {
		eg_buf_free(&pat);
		eg_acct_warn(L->out, file, line,
			     _("include path too long; not followed"));
		return 0;
	}
	char **paths = NULL;
	size_t np = 0;
	int rc = eg_acct_glob(L->root, eg_buf_str(&pat), &paths, &np, file,
			      line, L->out);
	if (rc == EG_E_LIMIT)
		rc = 0;
	for (size_t i = 0; i < np && rc == 0; i++)
		rc = load_file(L, paths[i], file, line);
	eg_acct_strv_free(paths, np);
	eg_buf_free(&pat);
	return rc;
}

int eg_sshd_load(struct eg_root *r, const char *path,
		 const struct eg_acct_sink *sink)
{
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.root = r;
	L.out = sink;
	L.in.arg = &L;
	L.in.warn = loader_warn;
	L.in.include = loader_include;
	struct stat st;
	if (eg_root_stat(r, path, 1, &st, NULL) == EG_E_NOTFOUND)
		return 0; /* no server configured: no rows at all */
	int rc = eg_sshd_new(&L.s);
	if (rc != 0)
		return rc;
	struct eg_buf b;
	eg_buf_init(&b, EG_HOSTFILE_MAX_BYTES);
	rc = eg_acct_inc_enter(&L.st, r, path, NULL, 0, &b, sink);
	if (rc == 1) {
		rc = eg_sshd_parse(L.s, b.data, b.len, path, &L.in);
		eg_acct_inc_leave(&L.st);
		if (rc == 0)
			rc = eg_sshd_emit(L.s, sink);
	}
	/* rc 0 without a parse: sshd cannot start without its file, so
	 * there are no settings to show (the reason was warned). */
	eg_buf_free(&b);
	eg_sshd_free(L.s);
	return rc;
}

static int gen_sshd_config(struct eg_tctx *ctx)
{
	struct eg_acct_sink sink;
	eg_acct_tctx_sink(ctx, &sink);
	int rc = eg_sshd_load(eg_tctx_root(ctx), "/etc/ssh/sshd_config",
			      &sink);
	if (rc == EG_E_LIMIT)
		rc = 0;
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, "%s", _("out of memory"));
	return rc;
}

static const struct eg_column sshd_cols[] = {
	{"keyword", EG_TEXT, 0, "Setting name, lowercased, aliases under their canonical name"},
	{"value", EG_TEXT, 0, "Value in effect, arguments joined by one space (case as written)"},
	{"file", EG_TEXT, 0, "File that set it, inside the audit root (NULL for a compiled-in default)"},
	{"line", EG_INT, 0, "Line in that file (NULL for a compiled-in default)"},
};

const struct eg_table_def eg_table_sshd_config = {
	"sshd_config",
	"Effective global OpenSSH server settings: etc/ssh/sshd_config and its Includes, first value wins, Match blocks (but Match all) left out, unset keywords at Debian 12 OpenSSH 9.2p1 defaults",
	sshd_cols, NELEM(sshd_cols),
	gen_sshd_config,
};
