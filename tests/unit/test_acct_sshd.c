/* Unit tests: the sshd_config parser, Include resolution and defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/sshd.h"
#include "util/rootfs.h"
#include "acct_check.h"

/* The rows that came from files (defaults end in "|NULL|NULL"), and the
 * default rows, split. */
static void split_rows(const char *all, struct eg_buf *set, struct eg_buf *def)
{
	const char *p = all;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t l = (size_t)(nl - p) + 1;
		int is_def = l > 11 && memcmp(nl - 10, "|NULL|NULL", 10) == 0;
		eg_buf_add(is_def ? def : set, p, l);
		p = nl + 1;
	}
}

struct parsed {
	struct rec r;
	struct eg_buf set, def;
};

static void parse(struct parsed *o, const char *text)
{
	struct eg_sshd *s = NULL;
	rec_init(&o->r);
	assert_int_equal(eg_sshd_new(&s), 0);
	assert_int_equal(eg_sshd_parse(s, text, strlen(text), "/c", &o->r.sink),
			 0);
	assert_int_equal(eg_sshd_emit(s, &o->r.sink), 0);
	eg_sshd_free(s);
	eg_buf_init(&o->set, 1u << 24);
	eg_buf_init(&o->def, 1u << 24);
	split_rows(eg_buf_str(&o->r.rows), &o->set, &o->def);
}

static void parsed_free(struct parsed *o)
{
	rec_free(&o->r);
	eg_buf_free(&o->set);
	eg_buf_free(&o->def);
}

static void test_keywords(void **state)
{
	(void)state;
	struct parsed o;
	parse(&o,
	      "# comment\n"
	      "\n"
	      "PermitRootLogin yes\n"
	      "permitrootlogin no\n"
	      "  PasswordAuthentication=no\n"
	      "MaxAuthTries = 3\n"
	      "Port 22\n"
	      "Port 2222\n"
	      "AllowUsers alice bob\n"
	      "AllowUsers carol\n"
	      "Banner \"/etc/issue net\"\n"
	      "ForceCommand internal-sftp # comment\n"
	      "ChallengeResponseAuthentication no\n"
	      "KbdInteractiveAuthentication yes\n"
	      "LogLevel VERBOSE\n"
	      "Subsystem sftp /usr/lib/openssh/sftp-server\n"
	      "AcceptEnv LANG LC_*\n"
	      "HostKey /etc/ssh/ssh_host_ed25519_key\n"
	      "Esc a\\ b 'c d' \\\"e\n");
	expect_text(eg_buf_str(&o.set),
		    "permitrootlogin|yes|/c|3\n"
		    "passwordauthentication|no|/c|5\n"
		    "maxauthtries|3|/c|6\n"
		    "port|22|/c|7\n"
		    "port|2222|/c|8\n"
		    "allowusers|alice bob|/c|9\n"
		    "allowusers|carol|/c|10\n"
		    "banner|/etc/issue net|/c|11\n"
		    "forcecommand|internal-sftp|/c|12\n"
		    "kbdinteractiveauthentication|no|/c|13\n"
		    "loglevel|VERBOSE|/c|15\n"
		    "subsystem|sftp /usr/lib/openssh/sftp-server|/c|16\n"
		    "acceptenv|LANG LC_*|/c|17\n"
		    "hostkey|/etc/ssh/ssh_host_ed25519_key|/c|18\n"
		    "esc|a b c d \"e|/c|19\n");
	/* Defaults only for what was not set. */
	expect_lacks(eg_buf_str(&o.def), "permitrootlogin|");
	expect_lacks(eg_buf_str(&o.def), "port|");
	expect_lacks(eg_buf_str(&o.def), "hostkey|");
	expect_lacks(eg_buf_str(&o.def), "kbdinteractiveauthentication|");
	expect_has(eg_buf_str(&o.def), "pubkeyauthentication|yes|NULL|NULL\n");
	expect_has(eg_buf_str(&o.def), "x11forwarding|no|NULL|NULL\n");
	assert_int_equal(o.r.nwarns, 0);
	parsed_free(&o);
}

static void test_defaults(void **state)
{
	(void)state;
	struct parsed o;
	parse(&o, "");
	assert_string_equal(eg_buf_str(&o.set), "");
	const char *d = eg_buf_str(&o.def);
	static const char *const want[] = {
		"permitrootlogin|prohibit-password|",
		"passwordauthentication|yes|",
		"pubkeyauthentication|yes|",
		"kbdinteractiveauthentication|yes|",
		"permitemptypasswords|no|",
		"x11forwarding|no|",
		"maxauthtries|6|",
		"logingracetime|120|",
		"clientaliveinterval|0|",
		"clientalivecountmax|3|",
		"usepam|no|",
		"allowtcpforwarding|yes|",
		"allowagentforwarding|yes|",
		"permituserenvironment|no|",
		"hostbasedauthentication|no|",
		"ignorerhosts|yes|",
		"loglevel|INFO|",
		"maxsessions|10|",
		"maxstartups|10:30:100|",
		"port|22|",
		"addressfamily|any|",
		"protocol|2|",
		"hostkey|/etc/ssh/ssh_host_rsa_key|",
		"hostkey|/etc/ssh/ssh_host_ecdsa_key|",
		"hostkey|/etc/ssh/ssh_host_ed25519_key|",
		"ciphers|chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,"
		"aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com|",
		"macs|umac-64-etm@openssh.com,umac-128-etm@openssh.com,"
		"hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
		"hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
		"umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1|",
		"kexalgorithms|sntrup761x25519-sha512@openssh.com,"
		"curve25519-sha256,curve25519-sha256@libssh.org,"
		"ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
		"diffie-hellman-group-exchange-sha256,"
		"diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
		"diffie-hellman-group14-sha256|",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_has(d, want[i]);
	expect_lacks(d, "listenaddress|");
	expect_lacks(d, "subsystem|");
	parsed_free(&o);
}

/* Settings of a Match block are not global; "Match all" is. */
static void test_match(void **state)
{
	(void)state;
	struct parsed o;
	parse(&o,
	      "X11Forwarding no\n"
	      "Match User alice\n"
	      "  PasswordAuthentication yes\n"
	      "  Include /etc/ssh/never.conf\n"
	      "Match Address 10.0.0.0/8\n"
	      "  PermitRootLogin yes\n"
	      "Match all\n"
	      "PermitRootLogin no\n"
	      "MATCH group admins\n"
	      "AllowTcpForwarding no\n");
	expect_text(eg_buf_str(&o.set),
		    "x11forwarding|no|/c|1\n"
		    "permitrootlogin|no|/c|8\n");
	expect_has(eg_buf_str(&o.def), "passwordauthentication|yes|NULL|NULL\n");
	expect_has(eg_buf_str(&o.def), "allowtcpforwarding|yes|NULL|NULL\n");
	/* No Include was asked for from inside a Match block. */
	assert_string_equal(eg_buf_str(&o.r.incs), "");
	parsed_free(&o);
}

static void test_algorithms(void **state)
{
	(void)state;
	struct parsed o;
	parse(&o,
	      "Ciphers +aes128-cbc,chacha20-poly1305@openssh.com\n"
	      "MACs -*sha1*,umac-64*\n"
	      "KexAlgorithms ^diffie-hellman-group14-sha1\n"
	      "HostKeyAlgorithms ssh-ed25519,rsa-sha2-512\n"
	      "PubkeyAcceptedKeyTypes +ssh-rsa\n");
	expect_text(eg_buf_str(&o.set),
		    "ciphers|chacha20-poly1305@openssh.com,aes128-ctr,"
		    "aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
		    "aes256-gcm@openssh.com,aes128-cbc|/c|1\n"
		    "macs|umac-128-etm@openssh.com,"
		    "hmac-sha2-256-etm@openssh.com,"
		    "hmac-sha2-512-etm@openssh.com,umac-128@openssh.com,"
		    "hmac-sha2-256,hmac-sha2-512|/c|2\n"
		    "kexalgorithms|diffie-hellman-group14-sha1,"
		    "sntrup761x25519-sha512@openssh.com,curve25519-sha256,"
		    "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
		    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
		    "diffie-hellman-group-exchange-sha256,"
		    "diffie-hellman-group16-sha512,"
		    "diffie-hellman-group18-sha512,"
		    "diffie-hellman-group14-sha256|/c|3\n"
		    "hostkeyalgorithms|ssh-ed25519,rsa-sha2-512|/c|4\n"
		    "pubkeyacceptedalgorithms|ssh-ed25519-cert-v01@openssh.com,"
		    "ecdsa-sha2-nistp256-cert-v01@openssh.com,"
		    "ecdsa-sha2-nistp384-cert-v01@openssh.com,"
		    "ecdsa-sha2-nistp521-cert-v01@openssh.com,"
		    "sk-ssh-ed25519-cert-v01@openssh.com,"
		    "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
		    "rsa-sha2-512-cert-v01@openssh.com,"
		    "rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,"
		    "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
		    "ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"
		    "sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,"
		    "rsa-sha2-256,ssh-rsa|/c|5\n");
	parsed_free(&o);
}

static void test_bad_lines(void **state)
{
	(void)state;
	struct parsed o;
	parse(&o,
	      "PermitRootLogin\n"
	      "Banner \"unterminated\n"
	      "PermitRootLogin # no value\n"
	      "Include a.conf b/*.conf\n"
	      "PermitRootLogin yes\n"
	      "Bad\xff Line\n");
	expect_text(eg_buf_str(&o.set), "permitrootlogin|yes|/c|5\n");
	expect_text(eg_buf_str(&o.r.warns),
		    "/c:1: keyword without a value; line ignored (sshd refuses this file)\n"
		    "/c:2: unterminated quote; line ignored (sshd refuses this file)\n"
		    "/c:3: keyword without a value; line ignored (sshd refuses this file)\n"
		    "/c:6: line holds a NUL byte or invalid UTF-8; skipped\n");
	expect_text(eg_buf_str(&o.r.incs),
		    "/c:4>a.conf 0 NULL\n"
		    "/c:4>b/*.conf 0 NULL\n");
	parsed_free(&o);
}

static void load(struct rec *r, struct troot *t, int fallback)
{
	struct eg_root *root = NULL;
	struct eg_err e;
	assert_int_equal(eg_root_open(t->dir, &root, &e), 0);
	eg_root_force_fallback(root, fallback);
	rec_init(r);
	assert_int_equal(eg_sshd_load(root, "/etc/ssh/sshd_config", &r->sink),
			 0);
	eg_root_free(root);
}

/* Includes: globs relative to /etc/ssh sorted bytewise, parsed in place,
 * Match scope ending with the included file, cycles cut, links that point
 * outside the root resolved inside it. */
static void test_include(void **state)
{
	(void)state;
	struct troot t, outside;
	troot_make(&t);
	troot_make(&outside);
	troot_file(&outside, "etc/ssh/sshd_config.d/evil.conf",
		   "PermitEmptyPasswords yes\n");
	char target[256];
	snprintf(target, sizeof(target), "%s/etc/ssh/sshd_config.d/evil.conf",
		 outside.dir);
	troot_file(&t, "etc/ssh/sshd_config",
		   "Include sshd_config.d/*.conf\n"
		   "PermitRootLogin yes\n"
		   "Include /etc/ssh/missing/*.conf /etc/ssh/loop.conf\n"
		   "UsePAM yes\n");
	troot_file(&t, "etc/ssh/sshd_config.d/2-b.conf",
		   "PermitRootLogin no\n"
		   "Match User x\n"
		   "MaxAuthTries 1\n");
	troot_file(&t, "etc/ssh/sshd_config.d/10-a.conf",
		   "PasswordAuthentication no\n");
	troot_file(&t, "etc/ssh/sshd_config.d/.hidden.conf",
		   "MaxSessions 1\n");
	troot_file(&t, "etc/ssh/sshd_config.d/skip.txt", "MaxSessions 2\n");
	troot_link(&t, "etc/ssh/sshd_config.d/3-out.conf", target);
	troot_link(&t, "etc/ssh/sshd_config.d/4-up.conf",
		   "../../../../../../../../tmp/x.conf");
	troot_file(&t, "etc/ssh/loop.conf",
		   "Include /etc/ssh/sshd_config\n"
		   "Include loop.conf\n"
		   "MaxStartups 3\n");
	for (int fb = 0; fb < 2; fb++) {
		struct rec r;
		load(&r, &t, fb);
		struct eg_buf set, def;
		eg_buf_init(&set, 1u << 20);
		eg_buf_init(&def, 1u << 20);
		split_rows(eg_buf_str(&r.rows), &set, &def);
		expect_text(eg_buf_str(&set),
			    "passwordauthentication|no|/etc/ssh/sshd_config.d/10-a.conf|1\n"
			    "permitrootlogin|no|/etc/ssh/sshd_config.d/2-b.conf|1\n"
			    "maxstartups|3|/etc/ssh/loop.conf|3\n"
			    "usepam|yes|/etc/ssh/sshd_config|4\n");
		expect_text(eg_buf_str(&r.warns),
			    "/etc/ssh/loop.conf:1: include cycle: the file is already being read; skipped\n"
			    "/etc/ssh/loop.conf:2: include cycle: the file is already being read; skipped\n");
		expect_has(eg_buf_str(&def), "permitemptypasswords|no|NULL|NULL\n");
		expect_has(eg_buf_str(&def), "maxauthtries|6|NULL|NULL\n");
		expect_has(eg_buf_str(&def), "maxsessions|10|NULL|NULL\n");
		eg_buf_free(&set);
		eg_buf_free(&def);
		rec_free(&r);
	}
	troot_remove(&t);
	troot_remove(&outside);
}

static void test_absent_and_deep(void **state)
{
	(void)state;
	struct troot t;
	troot_make(&t);
	struct rec r;
	load(&r, &t, 0);
	/* No sshd_config: no server, no rows (not even defaults). */
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.nwarns, 0);
	rec_free(&r);
	/* A chain of 20 includes stops at the depth limit. */
	char name[64], text[128];
	troot_file(&t, "etc/ssh/sshd_config", "Include c1\nPort 1\n");
	for (int i = 1; i <= 20; i++) {
		snprintf(name, sizeof(name), "etc/ssh/c%d", i);
		snprintf(text, sizeof(text), "Include c%d\nPort %d\n", i + 1,
			 i + 100);
		troot_file(&t, name, text);
	}
	load(&r, &t, 0);
	expect_has(eg_buf_str(&r.rows), "port|115|/etc/ssh/c15|2\n");
	expect_lacks(eg_buf_str(&r.rows), "port|116|");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/ssh/c15:1: includes nested too deeply; not followed\n");
	rec_free(&r);
	troot_remove(&t);
}

/* The escaping main file: a link to the host's file resolves inside the
 * root, to itself, and is never read. */
static void test_escape(void **state)
{
	(void)state;
	struct troot t;
	troot_make(&t);
	troot_link(&t, "etc/ssh/sshd_config",
		   "../../../../../etc/ssh/sshd_config");
	struct rec r;
	load(&r, &t, 1);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.nwarns, 1);
	expect_has(eg_buf_str(&r.warns), "/etc/ssh/sshd_config:0: cannot read:");
	rec_free(&r);
	troot_remove(&t);
}

static void test_wildmatch(void **state)
{
	(void)state;
	static const struct {
		const char *p, *s;
		int period, want;
	} c[] = {
		{"*.conf", "50-a.conf", 1, 1},
		{"*.conf", ".hidden.conf", 1, 0},
		{".*.conf", ".hidden.conf", 1, 1},
		{"*.conf", ".hidden.conf", 0, 1},
		{"*.conf", "a.conf.bak", 1, 0},
		{"?\?-*", "10-x", 1, 1},
		{"?\?-*", "1-x", 1, 0},
		{"[0-9]*", "5x", 1, 1},
		{"[!0-9]*", "5x", 1, 0},
		{"[^a]b", "cb", 1, 1},
		{"[]a]", "]", 1, 1},
		{"[a", "[a", 1, 1},
		{"\\*", "*", 1, 1},
		{"\\*", "x", 1, 0},
		{"*sha1*", "hmac-sha1-etm@openssh.com", 0, 1},
		{"umac-64*", "umac-128@openssh.com", 0, 0},
		{"a*b*c", "aXbYc", 0, 1},
		{"a*b*c", "aXbY", 0, 0},
		{"", "", 0, 1},
		{"*", "", 0, 1},
		{"?", "", 0, 0},
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (eg_acct_wildmatch(c[i].p, c[i].s, c[i].period) != c[i].want) {
			print_error("pattern %s name %s\n", c[i].p, c[i].s);
			fail();
		}
	}
	/* fnmatch(3) takes exponential time here; this must not. */
	char name[256], pat[256];
	memset(name, 'a', 250);
	name[250] = '\0';
	size_t k = 0;
	for (int i = 0; i < 60; i++) {
		pat[k++] = '*';
		pat[k++] = 'a';
	}
	pat[k++] = 'b';
	pat[k] = '\0';
	assert_int_equal(eg_acct_wildmatch(pat, name, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_absent_and_deep),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_wildmatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
