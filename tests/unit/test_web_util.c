/*
 * Unit tests: the web family's building blocks: lexical paths, mode text,
 * user/group names from the audited root, the key-file sniffer, pattern
 * expansion inside a root (never through a link, never out of the root)
 * and the walk of the web roots.
 */
#include "web_check.h"

#include "tables/web/docroot.h"
#include "tables/web/idmap.h"
#include "tables/web/ssl_files.h"
#include "tables/web/webutil.h"
#include "tables/web/wglob.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/rootfs.h"

static void norm_is(const char *base, const char *path, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, EG_PATH_MAX);
	eg_buf_adds(&b, "prefix:");
	assert_int_equal(eg_path_norm(&b, base, path), 0);
	assert_string_equal(eg_buf_str(&b) + 7, want);
	eg_buf_free(&b);
}

static void test_paths(void **state)
{
	(void)state;
	norm_is(NULL, "/etc//nginx/./nginx.conf", "/etc/nginx/nginx.conf");
	norm_is("/etc/nginx", "sites-enabled/*", "/etc/nginx/sites-enabled/*");
	norm_is("/etc/nginx", "/abs", "/abs");
	norm_is("/etc/nginx", "../../../../x/../y/", "/y");
	norm_is(NULL, "..", "/");
	norm_is(NULL, "", "/");
	norm_is("/a/b", ".", "/a/b");
	assert_true(eg_path_under("/var/www/shop", "/var/www"));
	assert_true(eg_path_under("/var/www", "/var/www"));
	assert_false(eg_path_under("/var/www2", "/var/www"));
	assert_true(eg_path_under("/x", "/"));
	char m[8];
	eg_mode_text(S_IFREG | 04755, m);
	assert_string_equal(m, "4755");
	eg_mode_text(S_IFDIR | 01777, m);
	assert_string_equal(m, "1777");
	eg_mode_text(S_IFREG | 0640, m);
	assert_string_equal(m, "0640");
	assert_string_equal(eg_file_type(S_IFLNK), "symlink");
	assert_string_equal(eg_file_type(S_IFCHR), "character");
	assert_string_equal(eg_file_type(S_IFSOCK), "socket");
}

static void test_idmap(void **state)
{
	(void)state;
	struct eg_idmap *m = eg_idmap_new();
	assert_non_null(m);
	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\n"
				 "# comment\n"
				 "  www-data:x:33:33::/var/www:/usr/sbin/nologin\n"
				 "bad:x:notanumber:0::/:\n"
				 "toobig:x:4294967296:0::/:\n"
				 ":x:5:5::/:\n"
				 "dup:x:0:0::/:\n"
				 "short:x:77\n"
				 "nul\0x:x:88:0::/:\n";
	assert_int_equal(eg_idmap_parse(m, 0, pw, sizeof(pw) - 1), 0);
	assert_int_equal(eg_idmap_parse(m, 1, "ssl-cert:x:110:\n", 16), 0);
	assert_string_equal(eg_idmap_user(m, 0), "root"); /* first wins */
	assert_string_equal(eg_idmap_user(m, 33), "www-data");
	/* As the users table: no gid field, not an entry (glibc skips it). */
	assert_null(eg_idmap_user(m, 77));
	assert_null(eg_idmap_user(m, 5));
	assert_null(eg_idmap_user(m, 88));
	assert_null(eg_idmap_user(m, 110));
	assert_string_equal(eg_idmap_group(m, 110), "ssl-cert");
	assert_null(eg_idmap_group(m, 0));
	eg_idmap_free(m);
}

static void sniff_is(const char *s, enum eg_key_kind kind, int enc)
{
	int e = 7;
	assert_int_equal(eg_key_sniff(s, strlen(s), &e), kind);
	assert_int_equal(e, enc);
}

static void test_key_sniff(void **state)
{
	(void)state;
	sniff_is("-----BEGIN PRIVATE KEY-----\nMIIE\n", EG_KEY_PRIVATE, 0);
	sniff_is("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", EG_KEY_PRIVATE, 0);
	sniff_is("-----BEGIN EC PRIVATE KEY-----\r\nMHcC\r\n", EG_KEY_PRIVATE,
		 0);
	sniff_is("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n",
		 EG_KEY_PRIVATE, 1);
	sniff_is("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
		 "DEK-Info: AES-256-CBC,00\n\nMIIE\n", EG_KEY_PRIVATE, 1);
	sniff_is("-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n",
		 EG_KEY_PRIVATE, 1);
	sniff_is("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n", EG_KEY_PRIVATE,
		 -1);
	/* EC parameters before the key, a PKCS#12 export's bag text. */
	sniff_is("-----BEGIN EC PARAMETERS-----\nBggq\n-----END EC PARAMETERS"
		 "-----\n-----BEGIN EC PRIVATE KEY-----\nMHcC\n",
		 EG_KEY_PRIVATE, 0);
	sniff_is("Bag Attributes\n    localKeyID: 01\nKey Attributes: <No "
		 "Attributes>\n-----BEGIN PRIVATE KEY-----\n", EG_KEY_PRIVATE,
		 0);
	/* A certificate, then a key: a key file. */
	sniff_is("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE---"
		 "--\n-----BEGIN PRIVATE KEY-----\n", EG_KEY_PRIVATE, 0);
	sniff_is("-----BEGIN CERTIFICATE-----\nMIIB\n", EG_KEY_CERT, -1);
	sniff_is("-----BEGIN TRUSTED CERTIFICATE-----\n", EG_KEY_CERT, -1);
	/* Not at the start of a line, unterminated, lowercase, other. */
	sniff_is("x -----BEGIN PRIVATE KEY-----\n", EG_KEY_OTHER, -1);
	sniff_is("-----BEGIN PRIVATE KEY--", EG_KEY_OTHER, -1);
	sniff_is("-----BEGIN private key-----\n", EG_KEY_OTHER, -1);
	sniff_is("-----BEGIN PGP PRIVATE KEY BLOCK-----\n", EG_KEY_OTHER, -1);
	sniff_is("", EG_KEY_OTHER, -1);
	sniff_is("\x30\x82\x04\xa4", EG_KEY_OTHER, -1);
}

/* ---- globbing and walking in a throwaway root ------------------------- */

static char tree[256];
static char root[300];

static int setup_tree(void **state)
{
	(void)state;
	web_tree_new(tree, sizeof(tree), "webutil");
	snprintf(root, sizeof(root), "%s/root", tree);
	web_write(tree, "outside/secret.txt", "secret\n");
	web_write(root, "etc/ssl/private/a.key", "a\n");
	web_write(root, "etc/ssl/private/b.pem", "b\n");
	web_write(root, "etc/ssl/private/.hidden", "h\n");
	web_write(root, "var/www/shop/index.php", "i\n");
	web_write(root, "var/www/shop/inc/db.php", "d\n");
	web_write(root, "var/www/shop/inc/deep/x.php", "x\n");
	web_write(root, "var/www/shop/public/index.php", "p\n");
	web_write(root, "var/www/other/index.html", "o\n");
	/* Links that must never be descended. */
	web_link(root, "var/www/shop/rootlink", "/");
	web_link(root, "var/www/shop/loop", ".");
	web_link(root, "var/www/shop/up", "../../../../outside");
	web_link(root, "etc/ssl/private/c.key", "/etc/ssl/private/a.key");
	web_link(root, "etc/ssl/private/d.key", "../../../../outside/secret.txt");
	return 0;
}

static int teardown_tree(void **state)
{
	(void)state;
	web_tree_rm(tree);
	return 0;
}

static char *glob_join(const char *pat, unsigned flags, size_t max, int *rc)
{
	struct eg_root *r;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(root, &r, &e), 0);
	struct eg_strv m = {0};
	*rc = eg_wglob(r, pat, flags, max, &m, &e);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	for (size_t i = 0; i < m.n; i++)
		eg_buf_addf(&b, "%s ", m.v[i]);
	eg_strv_free(&m);
	eg_root_free(r);
	size_t n;
	char *s = eg_buf_steal(&b, &n);
	return s != NULL ? s : strdup("");
}

static void glob_is(const char *pat, unsigned flags, const char *want)
{
	int rc;
	char *got = glob_join(pat, flags, EG_GLOB_MAX_MATCHES, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void test_glob(void **state)
{
	(void)state;
	glob_is("/etc/ssl/private/*", 0,
		"/etc/ssl/private/.hidden /etc/ssl/private/a.key "
		"/etc/ssl/private/b.pem /etc/ssl/private/c.key "
		"/etc/ssl/private/d.key ");
	glob_is("/etc/ssl/private/*", EG_WGLOB_PERIOD,
		"/etc/ssl/private/a.key /etc/ssl/private/b.pem "
		"/etc/ssl/private/c.key /etc/ssl/private/d.key ");
	glob_is("etc/ssl/private/[ab].*", 0,
		"etc/ssl/private/a.key etc/ssl/private/b.pem ");
	glob_is("/etc/ssl/private/?.key", 0,
		"/etc/ssl/private/a.key /etc/ssl/private/c.key "
		"/etc/ssl/private/d.key ");
	glob_is("/etc/ssl/private/[!a]*", EG_WGLOB_PERIOD,
		"/etc/ssl/private/b.pem /etc/ssl/private/c.key "
		"/etc/ssl/private/d.key ");
	/* Literal paths: present (a dangling link counts) or not. */
	glob_is("/etc/ssl/private/d.key", 0, "/etc/ssl/private/d.key ");
	glob_is("/etc/ssl/private/none", 0, "");
	glob_is("/nowhere/*", 0, "");
	/* "**": everything below, never through rootlink, loop or up. */
	glob_is("/var/www/**", 0,
		"/var/www/other /var/www/other/index.html /var/www/shop "
		"/var/www/shop/inc /var/www/shop/inc/db.php "
		"/var/www/shop/inc/deep /var/www/shop/inc/deep/x.php "
		"/var/www/shop/index.php /var/www/shop/loop "
		"/var/www/shop/public /var/www/shop/public/index.php "
		"/var/www/shop/rootlink /var/www/shop/up ");
	glob_is("/var/www/**/index.*", 0,
		"/var/www/other/index.html /var/www/shop/index.php "
		"/var/www/shop/public/index.php ");
	glob_is("/var/www/shop/**/**/x.php", 0,
		"/var/www/shop/inc/deep/x.php ");
	/* A wildcard never walks into a linked directory. */
	glob_is("/var/www/shop/*/secret.txt", 0, "");
	glob_is("/var/www/shop/*/etc", 0, "");
	/* ".." stops at the root. */
	glob_is("/../../../outside/*", 0, "");
	glob_is("/../../etc/ssl/private/a.*", 0,
		"/../../etc/ssl/private/a.key ");
	/* The match cap. */
	int rc;
	char *got = glob_join("/var/www/**", 0, 3, &rc);
	assert_int_equal(rc, EG_E_LIMIT);
	assert_string_equal(got, "/var/www/other /var/www/other/index.html "
				 "/var/www/shop ");
	free(got);
}

static void test_glob_depth(void **state)
{
	(void)state;
	/* A chain deeper than EG_WALK_MAX_DEPTH stops with EG_E_LIMIT. */
	struct eg_buf rel;
	eg_buf_init(&rel, 4096);
	eg_buf_adds(&rel, "deep");
	for (int i = 0; i < EG_WALK_MAX_DEPTH + 2; i++)
		eg_buf_adds(&rel, "/d");
	web_mkdirs(root, eg_buf_str(&rel));
	eg_buf_free(&rel);
	int rc;
	char *got = glob_join("/deep/**", 0, EG_GLOB_MAX_MATCHES, &rc);
	assert_int_equal(rc, EG_E_LIMIT);
	free(got);
}

static void collect(void *ud, const char *msg)
{
	eg_buf_addf(ud, "%s\n", msg);
}

static void test_docroot_walk(void **state)
{
	(void)state;
	struct eg_root *r;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(root, &r, &e), 0);
	struct eg_strv roots = {0};
	eg_strv_add(&roots, "/var/www");
	eg_strv_add(&roots, "/var/www/shop/public");
	eg_strv_add(&roots, "/var/www/missing");
	eg_strv_add(&roots, "/var/www/shop/up"); /* a link: followed, confined */
	struct eg_buf w;
	eg_buf_init(&w, 1u << 16);
	struct eg_docroot_walk *dw = eg_docroot_walk(r, &roots, collect, &w);
	assert_non_null(dw);
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	for (size_t i = 0; i < eg_docroot_count(dw); i++) {
		const struct eg_docroot_entry *en = eg_docroot_get(dw, i);
		eg_buf_addf(&b, "%s %s %s\n", en->docroot, en->path,
			    eg_file_type(en->mode));
	}
	assert_string_equal(eg_buf_str(&b),
		"/var/www /var/www/other directory\n"
		"/var/www /var/www/other/index.html file\n"
		"/var/www /var/www/shop directory\n"
		"/var/www /var/www/shop/inc directory\n"
		"/var/www /var/www/shop/inc/db.php file\n"
		"/var/www /var/www/shop/inc/deep directory\n"
		"/var/www /var/www/shop/inc/deep/x.php file\n"
		"/var/www /var/www/shop/index.php file\n"
		"/var/www /var/www/shop/loop symlink\n"
		"/var/www /var/www/shop/public directory\n"
		"/var/www /var/www/shop/rootlink symlink\n"
		"/var/www /var/www/shop/up symlink\n"
		"/var/www/shop/public /var/www/shop/public/index.php file\n");
	/* /var/www/shop/up -> ../../../../outside: confined, it names
	 * ROOT/outside, which does not exist: no rows, no warning. */
	assert_string_equal(eg_buf_str(&w), "");
	eg_docroot_walk_free(dw);
	eg_buf_free(&b);
	eg_buf_free(&w);
	eg_strv_free(&roots);
	eg_root_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_idmap),
		cmocka_unit_test(test_key_sniff),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_glob_depth),
		cmocka_unit_test(test_docroot_walk),
	};
	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
