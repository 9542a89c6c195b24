/*
 * Unit tests: the Apache httpd configuration parser (sections as context,
 * line continuations, quoting as ap_getword_conf, comments, errors with
 * file:line:col) and the loader (Include/IncludeOptional globs, directory
 * includes, cycles, links that try to leave the root).
 */
#include "web_check.h"

#include "tables/web/apache_conf.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/rootfs.h"

struct inc_log {
	struct eg_buf b;
};

static int log_include(void *ud, const char *file, unsigned line,
		       const char *pattern, const char *context, int optional,
		       unsigned depth)
{
	struct inc_log *l = ud;
	eg_buf_addf(&l->b, "%s:%u %s [%s] opt=%d depth=%u\n", file, line,
		    pattern, context, optional, depth);
	return 0;
}

static int parse(const char *s, size_t n, char **rows, struct eg_err *e,
		 struct inc_log *log)
{
	struct eg_wconf *c = eg_wconf_new();
	assert_non_null(c);
	struct eg_wconf_parse p = {
		.conf = c,
		.file = "a.conf",
		.context = "",
		.depth = 2,
		.include = {log ? log_include : NULL, log},
	};
	eg_err_clear(e);
	int rc = eg_apache_parse(&p, s, n, e);
	*rows = web_render(c, 0);
	eg_wconf_free(c);
	return rc;
}

static void expect(const char *conf, const char *want)
{
	struct eg_err e;
	char *rows;
	int rc = parse(conf, strlen(conf), &rows, &e, NULL);
	if (rc != 0)
		fail_msg("parse failed: %s", eg_err_msg(&e));
	assert_string_equal(rows, want);
	free(rows);
}

static void expect_error(const char *conf, size_t n, int code,
			 const char *msg, const char *partial)
{
	struct eg_err e;
	char *rows;
	int rc = parse(conf, n, &rows, &e, NULL);
	assert_int_equal(rc, code);
	assert_string_equal(eg_err_msg(&e), msg);
	assert_string_equal(rows, partial);
	free(rows);
}

#define EXPECT_ERROR(lit, code, msg, partial) \
	expect_error(lit, sizeof(lit) - 1, code, msg, partial)

static void test_sections(void **state)
{
	(void)state;
	expect("# comment\n"
	       "ServerRoot \"/etc/apache2\"\n"
	       "\n"
	       "<IfModule mod_ssl.c>\n"
	       "  <VirtualHost *:443 [::]:443>\n"
	       "    DocumentRoot /var/www/html\n"
	       "    <Directory \"/var/www/html\">\n"
	       "      Options -Indexes\n"
	       "    </Directory>\n"
	       "    <Location />\n"
	       "    </location>\n"
	       "  </VirtualHost>\n"
	       "</IfModule>\n"
	       "<Files>\n"
	       "</Files>\n"
	       "ServerTokens Prod   \n",
	       "2||ServerRoot|/etc/apache2\n"
	       "4||IfModule|mod_ssl.c\n"
	       "5|IfModule mod_ssl.c|VirtualHost|*:443 [::]:443\n"
	       "6|IfModule mod_ssl.c>VirtualHost *:443 [::]:443|DocumentRoot|"
	       "/var/www/html\n"
	       "7|IfModule mod_ssl.c>VirtualHost *:443 [::]:443|Directory|"
	       "/var/www/html\n"
	       "8|IfModule mod_ssl.c>VirtualHost *:443 [::]:443>Directory "
	       "/var/www/html|Options|-Indexes\n"
	       "10|IfModule mod_ssl.c>VirtualHost *:443 [::]:443|Location|/\n"
	       "14||Files|\n"
	       "16||ServerTokens|Prod\n");
}

static void test_words_and_continuations(void **state)
{
	(void)state;
	/* Quotes as ap_getword_conf; a trailing backslash joins the next
	 * line as it is (its blanks kept), "\\\\" at the end does not; a '#'
	 * after a directive is an argument (httpd has no trailing comments);
	 * CRLF line ends. */
	expect("LogFormat \"%h \\\"%r\\\" %>s\" 'it\\'s' a\\\\b \"\"\n"
	       "SSLCipherSuite HIGH:\\\n"
	       "   !aNULL:\\\n"
	       "MEDIUM\n"
	       "Path C:\\\\\n"
	       "Header set X \"1\" # not a comment\r\n"
	       "  \t# indented comment\n"
	       "Last \"unterminated",
	       "1||LogFormat|%h \"%r\" %>s it's a\\b \n"
	       "2||SSLCipherSuite|HIGH: !aNULL:MEDIUM\n"
	       "5||Path|C:\\\n"
	       "6||Header|set X 1 # not a comment\n"
	       "8||Last|unterminated\n");
}

static void test_include_callback(void **state)
{
	(void)state;
	struct inc_log log;
	eg_buf_init(&log.b, 1u << 16);
	struct eg_err e;
	char *rows;
	const char *conf = "Include ports.conf\n<VirtualHost *:80>\n"
			   "includeoptional \"conf d/*.conf\"\n</VirtualHost>\n"
			   "Include a b\n";
	assert_int_equal(parse(conf, strlen(conf), &rows, &e, &log), 0);
	assert_string_equal(eg_buf_str(&log.b),
			    "a.conf:1 ports.conf [] opt=0 depth=2\n"
			    "a.conf:3 conf d/*.conf [VirtualHost *:80] opt=1 "
			    "depth=2\n");
	free(rows);
	eg_buf_free(&log.b);
}

static void test_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("A 1\n</VirtualHost>\n", EG_E_PARSE,
		     "a.conf:2:1: </VirtualHost> without a matching "
		     "<VirtualHost> section", "1||A|1\n");
	EXPECT_ERROR("<Directory />\n  </Files>\n", EG_E_PARSE,
		     "a.conf:2:3: </Files> without a matching <Files> section",
		     "1||Directory|/\n");
	EXPECT_ERROR("<VirtualHost *:80>\nA 1\n", EG_E_PARSE,
		     "a.conf:1:1: <VirtualHost> section not closed",
		     "1||VirtualHost|*:80\n2|VirtualHost *:80|A|1\n");
	EXPECT_ERROR("<VirtualHost *:80\n", EG_E_PARSE,
		     "a.conf:1:1: section start without its closing '>'", "");
	EXPECT_ERROR("<>\n", EG_E_PARSE,
		     "a.conf:1:1: section start without its closing '>'", "");
	EXPECT_ERROR("</X> y\n", EG_E_PARSE,
		     "a.conf:1:1: section end without its closing '>'", "");
	EXPECT_ERROR("A 1\nB \0\n", EG_E_PARSE,
		     "a.conf:2:1: NUL byte in a text file", "1||A|1\n");
}

static void test_limits(void **state)
{
	(void)state;
	struct eg_err e;
	char *rows;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (int i = 0; i <= EG_WEBCONF_MAX_DEPTH; i++)
		eg_buf_adds(&b, "<D x>\n");
	assert_int_equal(parse(b.data, b.len, &rows, &e, NULL), EG_E_LIMIT);
	char want[128];
	snprintf(want, sizeof(want), "a.conf:%d:1: sections nested deeper "
		 "than %d", EG_WEBCONF_MAX_DEPTH + 1, EG_WEBCONF_MAX_DEPTH);
	assert_string_equal(eg_err_msg(&e), want);
	free(rows);
	/* A logical line longer than EG_LINE_MAX, made of continuations. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "A ");
	for (size_t i = 0; i < EG_LINE_MAX / 1000 + 1; i++) {
		for (int k = 0; k < 1000; k++)
			eg_buf_addc(&b, 'x');
		eg_buf_adds(&b, "\\\n");
	}
	assert_int_equal(parse(b.data, b.len, &rows, &e, NULL), EG_E_LIMIT);
	assert_non_null(strstr(eg_err_msg(&e), "a.conf:1:1: line longer"));
	free(rows);
	eg_buf_free(&b);
}

static char tree[256];

static void collect_warn(void *ud, const char *msg)
{
	eg_buf_addf(ud, "%s\n", msg);
}

static void test_loader(void **state)
{
	(void)state;
	web_tree_new(tree, sizeof(tree), "apache");
	char root[300];
	snprintf(root, sizeof(root), "%s/root", tree);
	web_write(tree, "outside.conf", "OutsideMarker yes\n");
	web_write(root, "etc/apache2/apache2.conf",
		  "Include ports.conf\n"
		  "IncludeOptional mods-enabled/*.load\n"
		  "Include conf.d\n"
		  "<VirtualHost *:80>\n"
		  "IncludeOptional sites-enabled/*.conf\n"
		  "</VirtualHost>\n"
		  "Include nomatch/*.conf\n"
		  "IncludeOptional none.conf\n"
		  "Include /etc/apache2/../apache2/apache2.conf\n");
	web_write(root, "etc/apache2/ports.conf", "Listen 80\n");
	web_write(root, "etc/apache2/conf.d/b.conf", "B 1\n");
	web_write(root, "etc/apache2/conf.d/a.conf", "A 1\n");
	web_write(root, "etc/apache2/conf.d/sub/c.conf", "C 1\n");
	web_write(root, "etc/apache2/sites-available/s.conf",
		  "ServerName s\n</Directory>\n");
	web_mkdirs(root, "etc/apache2/sites-enabled");
	web_mkdirs(root, "etc/apache2/nomatch");
	web_link(root, "etc/apache2/sites-enabled/s.conf",
		 "../sites-available/s.conf");
	web_link(root, "etc/apache2/sites-enabled/up.conf",
		 "../../../../outside.conf");
	struct eg_root *r;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(root, &r, &e), 0);
	struct eg_buf warns;
	eg_buf_init(&warns, 1u << 20);
	struct eg_wconf *c;
	assert_int_equal(eg_wconf_load_apache(r, collect_warn, &warns, &c), 0);
	char *rows = web_render(c, 1);
	assert_string_equal(rows,
		"/etc/apache2/apache2.conf:1||Include|ports.conf\n"
		"/etc/apache2/ports.conf:1||Listen|80\n"
		"/etc/apache2/apache2.conf:2||IncludeOptional|mods-enabled/*.load\n"
		"/etc/apache2/apache2.conf:3||Include|conf.d\n"
		"/etc/apache2/conf.d/a.conf:1||A|1\n"
		"/etc/apache2/conf.d/b.conf:1||B|1\n"
		"/etc/apache2/conf.d/sub/c.conf:1||C|1\n"
		"/etc/apache2/apache2.conf:4||VirtualHost|*:80\n"
		"/etc/apache2/apache2.conf:5|VirtualHost *:80|IncludeOptional|"
		"sites-enabled/*.conf\n"
		"/etc/apache2/sites-enabled/s.conf:1|VirtualHost *:80|ServerName|s\n"
		"/etc/apache2/apache2.conf:7||Include|nomatch/*.conf\n"
		"/etc/apache2/apache2.conf:8||IncludeOptional|none.conf\n"
		"/etc/apache2/apache2.conf:9||Include|"
		"/etc/apache2/../apache2/apache2.conf\n");
	assert_string_equal(eg_buf_str(&warns),
		"/etc/apache2/sites-enabled/s.conf:2:1: </Directory> without a "
		"matching <Directory> section (the rest of this file is not "
		"read)\n"
		"/etc/apache2/apache2.conf:5: cannot read included file: "
		"/etc/apache2/sites-enabled/up.conf: No such file or directory\n"
		"/etc/apache2/apache2.conf:7: no files match the include pattern "
		"/etc/apache2/nomatch/*.conf\n"
		"/etc/apache2/apache2.conf:9: include cycle: "
		"/etc/apache2/apache2.conf is already being read; not read "
		"again\n");
	assert_null(strstr(rows, "OutsideMarker"));
	free(rows);
	eg_buf_free(&warns);
	eg_wconf_free(c);
	eg_root_free(r);
	web_tree_rm(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_words_and_continuations),
		cmocka_unit_test(test_include_callback),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_loader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
