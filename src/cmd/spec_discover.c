/*
 * spec_discover.c: pre-filling a spec from the host's facts.
 *
 * Facts come from the probe tables of the query engine (the same code the
 * audit reads them with), so they are confined to the audit root and
 * bounded. Every string taken from the host is hostile: names are rebuilt
 * from a safe alphabet, everything else is written as a YAML double-quoted
 * scalar with every control, quote and backslash escaped, and nothing from
 * the host ever lands in a comment (a newline there would start a key).
 * The result is loaded back with the spec loader before it is returned: a
 * discovered spec that would not pass `spec check` is a bug, reported as
 * such rather than written.
 */
#include "spec_discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/engine.h"
#include "../core/spec.h"
#include "../util/limits.h"
#include "../util/mem.h"
#include "../util/neutral.h"
#include "../util/valid.h"

/* A list of unique strings. */
struct strset {
	char **v;
	size_t n;
};

static int set_has(const struct strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return 1;
	return 0;
}

/* Adds a copy of x unless present or full. Returns 0 or EG_E_NOMEM. */
static int set_add(struct strset *s, const char *x)
{
	if (x == NULL || x[0] == '\0' || set_has(s, x) ||
	    s->n >= EG_SPEC_MAX_LIST)
		return 0;
	void *p = eg_reallocarray(s->v, s->n + 1, sizeof(*s->v));
	if (p == NULL)
		return EG_E_NOMEM;
	s->v = p;
	s->v[s->n] = eg_strdup(x);
	if (s->v[s->n] == NULL)
		return EG_E_NOMEM;
	s->n++;
	return 0;
}

static void set_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* One service: the listening sockets of one port and protocol. */
struct svc {
	unsigned port;
	int udp;
	int exposure;            /* 0 local, 1 zone, 2 public */
	char process[64];        /* sanitised; "" when unknown */
	char name[EG_SPEC_MAX_NAME + 1];
};

struct facts {
	char host[EG_SPEC_MAX_NAME + 1];  /* server name */
	char *hostname;                   /* as read, for hostname: */
	struct strset addresses, web_roots, server_names, certs, keys,
		databases, users, notes;
	struct svc *svcs;
	size_t nsvcs;
	int web;                          /* a web server listens */
	int https;                        /* port 443 is served */
};

static void facts_free(struct facts *f)
{
	free(f->hostname);
	set_free(&f->addresses);
	set_free(&f->web_roots);
	set_free(&f->server_names);
	set_free(&f->certs);
	set_free(&f->keys);
	set_free(&f->databases);
	set_free(&f->users);
	set_free(&f->notes);
	free(f->svcs);
}

/* Copies s into out (size len) keeping [A-Za-z0-9._-], others as '-',
 * starting with a letter or digit; "" when nothing is left. */
static void safe_name(const char *s, char *out, size_t len)
{
	size_t k = 0;
	for (size_t i = 0; s != NULL && s[i] != '\0' && k + 1 < len; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			 c == '-';
		if (k == 0 && (!ok || c == '.' || c == '_' || c == '-'))
			continue;
		out[k++] = ok ? c : '-';
	}
	while (k > 0 && out[k - 1] == '-')
		k--;
	out[k] = '\0';
}

/* A YAML double-quoted scalar: printable UTF-8 as is; quotes, backslash,
 * controls, DEL, C1 and bidi controls escaped; invalid bytes as U+FFFD. */
static void yq(struct eg_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	eg_buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_adds(b, "\\uFFFD");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			eg_buf_addc(b, '\\');
			eg_buf_addc(b, (char)cp);
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
			   (cp >= 0x202A && cp <= 0x202E) ||
			   (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
			   cp == 0x200F || cp == 0xFEFF || cp == 0x2028 ||
			   cp == 0x2029) {
			eg_buf_addf(b, "\\u%04X", (unsigned)cp);
		} else {
			eg_buf_add(b, p + i, l);
		}
		i += l;
	}
	eg_buf_addc(b, '"');
}

/* The exposure a bind address implies: 2 public, 1 zone, 0 local. */
static int exposure_of(const char *addr)
{
	struct eg_ipaddr a;
	if (addr == NULL)
		return 2;
	if (strncmp(addr, "::ffff:", 7) == 0 && strchr(addr + 7, ':') == NULL)
		addr += 7;
	if (eg_ip_parse(addr, &a) != 0)
		return 2;
	const uint8_t *x = a.bytes;
	if (a.family == 4) {
		if (x[0] == 127)
			return 0;
		if (x[0] == 10 || (x[0] == 172 && (x[1] & 0xF0) == 16) ||
		    (x[0] == 192 && x[1] == 168) ||
		    (x[0] == 169 && x[1] == 254) ||
		    (x[0] == 100 && (x[1] & 0xC0) == 64))
			return 1;
		return 2; /* 0.0.0.0 and public addresses */
	}
	static const uint8_t loop[16] = {[15] = 1};
	if (memcmp(x, loop, 16) == 0)
		return 0;
	if ((x[0] & 0xFE) == 0xFC || (x[0] == 0xFE && (x[1] & 0xC0) == 0x80))
		return 1;
	return 2; /* :: and global addresses */
}

/* Whether addr is one address of this host (not a wildcard, not
 * loopback), as written in a spec. */
static int host_address(const char *addr, char *out, size_t len)
{
	struct eg_ipaddr a;
	if (strncmp(addr, "::ffff:", 7) == 0 && strchr(addr + 7, ':') == NULL)
		addr += 7;
	if (eg_ip_parse(addr, &a) != 0 || exposure_of(addr) == 0)
		return 0;
	static const uint8_t zero[16];
	if (memcmp(a.bytes, zero, a.family == 4 ? 4 : 16) == 0)
		return 0;
	snprintf(out, len, "%s", addr);
	return 1;
}

static const char *well_known(unsigned port, int udp)
{
	static const struct {
		unsigned port;
		int udp;
		const char *name;
	} names[] = {
		{21, 0, "ftp"},        {22, 0, "ssh"},
		{23, 0, "telnet"},     {25, 0, "smtp"},
		{53, 0, "dns"},        {53, 1, "dns"},
		{80, 0, "http"},       {110, 0, "pop3"},
		{111, 0, "rpcbind"},   {111, 1, "rpcbind"},
		{123, 1, "ntp"},       {143, 0, "imap"},
		{161, 1, "snmp"},      {323, 1, "chrony"},
		{443, 0, "https"},     {465, 0, "smtps"},
		{587, 0, "submission"}, {993, 0, "imaps"},
		{995, 0, "pop3s"},     {1433, 0, "mssql"},
		{3306, 0, "mysql"},    {5353, 1, "mdns"},
		{5432, 0, "postgresql"}, {6379, 0, "redis"},
		{8080, 0, "http-alt"}, {8443, 0, "https-alt"},
		{9000, 0, "php-fpm"},  {11211, 0, "memcached"},
		{27017, 0, "mongodb"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].port == port && names[i].udp == udp)
			return names[i].name;
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Gathering */

static int listening_row(void *arg, sqlite3_stmt *st)
{
	struct facts *f = arg;
	const char *proto = (const char *)sqlite3_column_text(st, 0);
	const char *addr = (const char *)sqlite3_column_text(st, 1);
	int64_t port = sqlite3_column_int64(st, 2);
	const char *proc = (const char *)sqlite3_column_text(st, 3);
	if (proto == NULL || port < 1 || port > 65535)
		return 0;
	int udp = strncmp(proto, "udp", 3) == 0;
	char a[64];
	if (addr != NULL && host_address(addr, a, sizeof(a)) &&
	    set_add(&f->addresses, a) != 0)
		return EG_E_NOMEM;
	struct svc *s = NULL;
	for (size_t i = 0; i < f->nsvcs; i++)
		if (f->svcs[i].port == (unsigned)port && f->svcs[i].udp == udp)
			s = &f->svcs[i];
	if (s == NULL) {
		if (f->nsvcs >= EG_SPEC_MAX_LIST)
			return 0;
		void *p = eg_reallocarray(f->svcs, f->nsvcs + 1,
					  sizeof(*f->svcs));
		if (p == NULL)
			return EG_E_NOMEM;
		f->svcs = p;
		s = &f->svcs[f->nsvcs++];
		memset(s, 0, sizeof(*s));
		s->port = (unsigned)port;
		s->udp = udp;
	}
	int ex = exposure_of(addr);
	if (ex > s->exposure)
		s->exposure = ex;
	if (s->process[0] == '\0' && proc != NULL)
		safe_name(proc, s->process, sizeof(s->process));
	if (strcmp(s->process, "nginx") == 0 ||
	    strcmp(s->process, "apache2") == 0 ||
	    strcmp(s->process, "httpd") == 0) {
		f->web = 1;
		if (port == 443)
			f->https = 1;
	}
	return 0;
}

/* Adds each space-separated word of args (a directive's arguments). */
static int add_words(struct strset *s, const char *args, int names)
{
	char word[512];
	while (args != NULL && *args != '\0') {
		while (*args == ' ')
			args++;
		size_t l = strcspn(args, " ");
		if (l > 0 && l < sizeof(word)) {
			memcpy(word, args, l);
			word[l] = '\0';
			/* server_name: skip catch-alls, wildcards, regexes. */
			int ok = !names || (strcmp(word, "_") != 0 &&
					    strchr(word, '*') == NULL &&
					    word[0] != '~' &&
					    strcmp(word, "localhost") != 0);
			if (ok && set_add(s, word) != 0)
				return EG_E_NOMEM;
		}
		args += l;
	}
	return 0;
}

static int webconf_row(void *arg, sqlite3_stmt *st)
{
	struct facts *f = arg;
	const char *d = (const char *)sqlite3_column_text(st, 0);
	const char *args = (const char *)sqlite3_column_text(st, 1);
	if (d == NULL || args == NULL)
		return 0;
	if (strcmp(d, "root") == 0 || strcmp(d, "documentroot") == 0)
		return set_add(&f->web_roots, args);
	if (strcmp(d, "server_name") == 0 || strcmp(d, "servername") == 0 ||
	    strcmp(d, "serveralias") == 0)
		return add_words(&f->server_names, args, 1);
	if (strcmp(d, "ssl_certificate") == 0 ||
	    strcmp(d, "sslcertificatefile") == 0)
		return set_add(&f->certs, args);
	if (strcmp(d, "ssl_certificate_key") == 0 ||
	    strcmp(d, "sslcertificatekeyfile") == 0)
		return set_add(&f->keys, args);
	return 0;
}

static int one_column_row(void *arg, sqlite3_stmt *st)
{
	return set_add(arg, (const char *)sqlite3_column_text(st, 0));
}

static int user_row(void *arg, sqlite3_stmt *st)
{
	const char *name = (const char *)sqlite3_column_text(st, 0);
	if (name == NULL || !eg_valid_name(name))
		return 0;
	return set_add(arg, name);
}

/* Runs one query; a failure (a source that cannot be read) is noted and
 * discovery goes on with what it has. Only exhaustion is fatal. */
static int gather(struct eg_engine *eng, const char *what, const char *sql,
		  int (*cb)(void *, sqlite3_stmt *), void *arg,
		  struct facts *f)
{
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_engine_exec(eng, sql, cb, arg, &e);
	if (rc == EG_E_NOMEM)
		return rc;
	if (rc != 0)
		return set_add(&f->notes, what);
	return 0;
}

static int read_hostname(struct eg_root *root, struct facts *f)
{
	struct eg_buf b;
	struct eg_err e;
	eg_buf_init(&b, 4096);
	eg_err_clear(&e);
	int rc = 0;
	if (eg_root_read(root, "/etc/hostname", 4096, &b, &e) == 0) {
		const char *s = eg_buf_str(&b);
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		size_t l = strcspn(s, " \t\r\n#");
		f->hostname = eg_strndup(s, l);
		if (f->hostname == NULL)
			rc = EG_E_NOMEM;
		else
			safe_name(f->hostname, f->host, sizeof(f->host));
	}
	if (f->hostname != NULL && f->hostname[0] == '\0') {
		free(f->hostname);
		f->hostname = NULL;
	}
	if (f->host[0] == '\0')
		snprintf(f->host, sizeof(f->host), "server1");
	eg_buf_free(&b);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Writing */

static const char *tr(enum eg_lang lang, const char *en, const char *ja)
{
	return lang == EG_LANG_JA ? ja : en;
}

static void strv(struct eg_buf *b, const struct strset *s)
{
	eg_buf_addc(b, '[');
	for (size_t i = 0; i < s->n; i++) {
		if (i > 0)
			eg_buf_adds(b, ", ");
		yq(b, s->v[i]);
	}
	eg_buf_addc(b, ']');
}

/* Gives every service a unique name: the well-known name of its port, or
 * its process, or port-N; a repeat gets its protocol or port appended. */
static int name_taken(const struct facts *f, size_t upto, const char *name)
{
	for (size_t j = 0; j < upto; j++)
		if (strcmp(f->svcs[j].name, name) == 0)
			return 1;
	return 0;
}

static void name_services(struct facts *f)
{
	for (size_t i = 0; i < f->nsvcs; i++) {
		struct svc *s = &f->svcs[i];
		const char *wk = well_known(s->port, s->udp);
		char base[48];
		if (wk != NULL)
			snprintf(base, sizeof(base), "%s", wk);
		else if (s->process[0] != '\0')
			snprintf(base, sizeof(base), "%.40s", s->process);
		else
			snprintf(base, sizeof(base), "port-%u", s->port);
		char cand[4][EG_SPEC_MAX_NAME + 1];
		snprintf(cand[0], sizeof(cand[0]), "%s", base);
		snprintf(cand[1], sizeof(cand[1]), "%s-%s", base,
			 s->udp ? "udp" : "tcp");
		snprintf(cand[2], sizeof(cand[2]), "%s-%s%u", base,
			 s->udp ? "udp" : "tcp", s->port);
		/* Ports are unique per protocol, so this one always is. */
		snprintf(cand[3], sizeof(cand[3]), "svc-%s%u",
			 s->udp ? "udp" : "tcp", s->port);
		size_t k = 0;
		while (k < 3 && name_taken(f, i, cand[k]))
			k++;
		memcpy(s->name, cand[k], sizeof(s->name));
	}
}

static void write_spec(const struct facts *f, enum eg_lang lang,
		       struct eg_buf *b)
{
	static const char *const exposures[] = {"local", "zone", "public"};
	eg_buf_adds(b, tr(lang,
		"# Site security specification pre-filled by\n"
		"# `ecguard spec init --discover` from what this host runs today.\n"
		"#\n"
		"# Everything below was OBSERVED, not decided: what listens today is not\n"
		"# necessarily what should. Review every entry, delete what should not\n"
		"# run, choose each service's exposure and allowed_from, give each flow\n"
		"# its purpose, and add what cannot be observed (owners, policies,\n"
		"# partners, communications, authentication). `ecguard spec init --out -`\n"
		"# prints the commented template; docs/spec.md describes every key.\n",
		"# `ecguard spec init --discover` がこのホストの現状から作成した\n"
		"# サイトセキュリティ仕様です。\n"
		"#\n"
		"# 以下はすべて「観測したもの」であり「決めたもの」ではありません。今\n"
		"# 待ち受けているものが、待ち受けるべきものとは限りません。すべての項目を\n"
		"# 見直し、動かすべきでないものは削除し、各サービスの exposure と\n"
		"# allowed_from を決め、各フローに目的を書き、観測できないもの（責任者、\n"
		"# ポリシー、委託先、通信、認証）を追加してください。コメント付きの\n"
		"# テンプレートは `ecguard spec init --out -`、各キーの説明は docs/spec.md に\n"
		"# あります。\n"));
	for (size_t i = 0; i < f->notes.n; i++) {
		eg_buf_adds(b, tr(lang, "# Could not be read: ",
				  "# 読み取れなかったもの: "));
		eg_buf_adds(b, f->notes.v[i]); /* our own labels only */
		eg_buf_addc(b, '\n');
	}
	eg_buf_adds(b, "schema: ecguard.spec/1\n\nsite:\n  name: ");
	yq(b, f->hostname != NULL ? f->hostname : f->host);
	eg_buf_addc(b, '\n');
	size_t neps = 0;
	for (size_t i = 0; i < f->server_names.n && f->web; i++) {
		char url[EG_URL_MAX + 1];
		int n = snprintf(url, sizeof(url), "%s://%s/",
				 f->https ? "https" : "http",
				 f->server_names.v[i]);
		if (n < 0 || (size_t)n >= sizeof(url) ||
		    eg_url_parse(url, NULL, NULL) != 0)
			continue;
		if (neps++ == 0)
			eg_buf_adds(b, tr(lang,
				"  # From the web server's server names: mark payment pages\n"
				"  # (payment: true) and admin screens (admin: true).\n",
				"  # Web サーバのサーバ名から。決済ページ（payment: true）と\n"
				"  # 管理画面（admin: true）に印を付けてください。\n"));
		if (neps == 1)
			eg_buf_adds(b, "  endpoints:\n");
		eg_buf_adds(b, "    - url: ");
		yq(b, url);
		eg_buf_addc(b, '\n');
	}

	eg_buf_adds(b, "\nzones:\n  - name: server\n    description: ");
	yq(b, tr(lang, "this host", "このホスト"));
	eg_buf_addc(b, '\n');

	size_t npublic = 0;
	for (size_t i = 0; i < f->nsvcs; i++)
		npublic += f->svcs[i].exposure == 2;
	if (npublic > 0) {
		eg_buf_adds(b, tr(lang,
			"\n# Flows for the services reachable from outside today. Give each\n"
			"# its purpose and logged: true/false; delete those not wanted.\n",
			"\n# 現在外部から到達できるサービスのフロー。それぞれに目的（purpose）と\n"
			"# logged: true/false を書き、不要なものは削除してください。\n"));
		eg_buf_adds(b, "flows:\n");
		for (size_t i = 0; i < f->nsvcs; i++) {
			const struct svc *s = &f->svcs[i];
			if (s->exposure != 2)
				continue;
			eg_buf_addf(b, "  - {from: internet, to: server, service: %s, protocol: %s, port: %u}\n",
				    s->name, s->udp ? "udp" : "tcp", s->port);
		}
	}

	int db = f->databases.n > 0;
	const char *role = f->web && db ? "all-in-one" :
			   f->web ? "web" : db ? "db" : "other";
	eg_buf_adds(b, "\nservers:\n  - name: ");
	eg_buf_adds(b, f->host);
	eg_buf_addf(b, "\n    role: %s\n", role);
	if (f->hostname != NULL) {
		eg_buf_adds(b, "    hostname: ");
		yq(b, f->hostname);
		eg_buf_addc(b, '\n');
	}
	eg_buf_adds(b, "    zone: server\n");
	if (f->addresses.n > 0) {
		eg_buf_adds(b, "    addresses: ");
		strv(b, &f->addresses);
		eg_buf_addc(b, '\n');
	}
	if (f->web_roots.n > 0) {
		eg_buf_adds(b, "    web_roots: ");
		strv(b, &f->web_roots);
		eg_buf_addc(b, '\n');
	}
	eg_buf_adds(b, tr(lang,
		"    # One service per listening socket; exposure guessed from the bind\n"
		"    # address (loopback: local, private: zone, any or public: public).\n",
		"    # 待ち受けソケットごとのサービス。exposure は待ち受けアドレスからの推定\n"
		"    # （ループバック: local、プライベート: zone、全アドレスかグローバル: public）。\n"));
	eg_buf_adds(b, "    services:");
	if (f->nsvcs == 0)
		eg_buf_adds(b, " []");
	eg_buf_addc(b, '\n');
	for (size_t i = 0; i < f->nsvcs; i++) {
		const struct svc *s = &f->svcs[i];
		eg_buf_addf(b, "      - name: %s\n        port: %u\n        protocol: %s\n",
			    s->name, s->port, s->udp ? "udp" : "tcp");
		if (s->process[0] != '\0') {
			eg_buf_adds(b, "        process: ");
			yq(b, s->process);
			eg_buf_addc(b, '\n');
		}
		eg_buf_addf(b, "        exposure: %s\n", exposures[s->exposure]);
	}
	if (f->users.n > 0) {
		eg_buf_adds(b, tr(lang,
			"    # Accounts with a login shell today: keep only those who should log in.\n",
			"    # 現在ログインシェルを持つアカウント。ログインすべき人だけを残してください。\n"));
		eg_buf_adds(b, "    access:\n      users: ");
		strv(b, &f->users);
		eg_buf_addc(b, '\n');
	}

	size_t nsecrets = f->certs.n + f->keys.n;
	if (nsecrets > 0) {
		eg_buf_adds(b, tr(lang,
			"\n# Certificates and keys the web server uses: add owner, readers,\n"
			"# rotation and protection.\n",
			"\n# Web サーバが使う証明書と鍵。owner、readers、rotation、protection を\n"
			"# 追加してください。\n"));
		eg_buf_adds(b, "secrets:\n");
		size_t k = 0;
		for (size_t i = 0; i < f->certs.n && k < EG_SPEC_MAX_LIST; i++, k++) {
			eg_buf_addf(b, "  - name: certificate-%zu\n    kind: certificate\n    location: ",
				    i + 1);
			yq(b, f->certs.v[i]);
			eg_buf_addf(b, "\n    server: %s\n", f->host);
		}
		for (size_t i = 0; i < f->keys.n && k < EG_SPEC_MAX_LIST; i++, k++) {
			eg_buf_addf(b, "  - name: private-key-%zu\n    kind: private-key\n    location: ",
				    i + 1);
			yq(b, f->keys.v[i]);
			eg_buf_addf(b, "\n    server: %s\n", f->host);
		}
	}
	if (db) {
		eg_buf_adds(b, tr(lang,
			"\n# Database servers installed: say what each holds (kind), where,\n"
			"# encryption_at_rest and retention.\n",
			"\n# インストールされているデータベースサーバ。それぞれが保持するもの（kind）、\n"
			"# 場所、encryption_at_rest、retention を書いてください。\n"));
		eg_buf_adds(b, "user_data:\n");
		for (size_t i = 0; i < f->databases.n; i++) {
			char nm[EG_SPEC_MAX_NAME + 1];
			char pkg[48];
			/* "name version": the package name only. */
			char first[48];
			snprintf(first, sizeof(first), "%.*s",
				 (int)strcspn(f->databases.v[i], " "),
				 f->databases.v[i]);
			safe_name(first, pkg, sizeof(pkg));
			snprintf(nm, sizeof(nm), "%s-data",
				 pkg[0] != '\0' ? pkg : "database");
			eg_buf_addf(b, "  - name: %s\n    kind: other\n    server: %s\n    description: ",
				    nm, f->host);
			yq(b, f->databases.v[i]);
			eg_buf_addc(b, '\n');
		}
	}
}

int eg_spec_discover(const char *rootdir, enum eg_lang lang,
		     struct eg_buf *out, struct eg_err *e)
{
	struct eg_root *root = NULL;
	struct eg_engine *eng = NULL;
	struct facts f;
	struct eg_buf b;
	struct eg_diags d;
	struct eg_spec *check = NULL;
	memset(&f, 0, sizeof(f));
	eg_buf_init(&b, EG_YAML_MAX_BYTES);
	eg_diags_init(&d);
	int rc = eg_root_open(rootdir, &root, e);
	if (rc != 0)
		goto out;
	rc = eg_engine_new(root, &eng, e);
	if (rc != 0)
		goto out;
	if ((rc = read_hostname(root, &f)) != 0 ||
	    (rc = gather(eng, "listening_ports",
			 "SELECT protocol, address, port, process FROM listening_ports ORDER BY port, protocol, address",
			 listening_row, &f, &f)) != 0 ||
	    (rc = gather(eng, "nginx_config",
			 "SELECT directive, args FROM nginx_config WHERE directive IN ('root', 'server_name', 'ssl_certificate', 'ssl_certificate_key') ORDER BY file, line",
			 webconf_row, &f, &f)) != 0 ||
	    (rc = gather(eng, "apache_config",
			 "SELECT lower(directive), args FROM apache_config WHERE lower(directive) IN ('documentroot', 'servername', 'serveralias', 'sslcertificatefile', 'sslcertificatekeyfile') ORDER BY file, line",
			 webconf_row, &f, &f)) != 0 ||
	    (rc = gather(eng, "certificates",
			 "SELECT path FROM certificates WHERE path GLOB '/etc/letsencrypt/live/*' ORDER BY path",
			 one_column_row, &f.certs, &f)) != 0 ||
	    (rc = gather(eng, "deb_packages",
			 "SELECT name || ' ' || version FROM deb_packages WHERE status = 'installed' AND (name GLOB 'mariadb-server*' OR name GLOB 'mysql-server*' OR name GLOB 'postgresql-[0-9]*' OR name = 'redis-server' OR name GLOB 'mongodb*-server' OR name = 'memcached') ORDER BY name",
			 one_column_row, &f.databases, &f)) != 0 ||
	    (rc = gather(eng, "users",
			 "SELECT name FROM users WHERE (uid = 0 OR uid >= 1000) AND uid != 65534 AND shell NOT GLOB '*nologin' AND shell NOT GLOB '*/false' AND shell NOT GLOB '*/sync' ORDER BY uid, name",
			 user_row, &f.users, &f)) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
		goto out;
	}
	name_services(&f);
	write_spec(&f, lang, &b);
	if (b.err != 0) {
		rc = eg_err_set(e, b.err, "%s", eg_strerror(b.err));
		goto out;
	}
	/* What we write must pass `spec check`. */
	rc = eg_spec_load_buffer("discovered.yaml", eg_buf_str(&b), b.len,
				 &check, &d);
	if (rc != 0) {
		rc = eg_err_set(e, EG_E_INTERNAL,
				"discovered spec does not load (a bug): %u:%u: %s",
				d.count ? d.items[0].line : 0,
				d.count ? d.items[0].col : 0,
				d.count ? d.items[0].msg : eg_strerror(rc));
		goto out;
	}
	if (eg_buf_add(out, b.data, b.len) != 0)
		rc = eg_err_set(e, out->err, "%s", eg_strerror(out->err));
out:
	eg_spec_free(check);
	eg_diags_free(&d);
	eg_buf_free(&b);
	facts_free(&f);
	eg_engine_free(eng);
	eg_root_free(root);
	return rc;
}
