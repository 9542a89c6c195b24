/*
 * Unit tests: the nginx configuration parser (exact directives, contexts,
 * quoting and escapes as nginx reads them, Lua blocks skipped, hostile
 * input refused with file:line:col) and the loader that follows includes
 * inside an audit root (globs, cycles, depth, links that try to leave).
 */
#include "web_check.h"

#include "tables/web/nginx_conf.h"
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
	eg_buf_addf(&l->b, "%s:%u include %s in [%s] opt=%d depth=%u\n", file,
		    line, pattern, context, optional, depth);
	return 0;
}

/* Parses s; returns the code and sets *rows (caller frees). */
static int parse(const char *s, size_t n, char **rows, struct eg_err *e,
		 struct inc_log *log)
{
	struct eg_wconf *c = eg_wconf_new();
	assert_non_null(c);
	struct eg_wconf_parse p = {
		.conf = c,
		.file = "t.conf",
		.context = "",
		.depth = 0,
		.include = {log ? log_include : NULL, log},
	};
	eg_err_clear(e);
	int rc = eg_nginx_parse(&p, s, n, e);
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

static void test_blocks_and_context(void **state)
{
	(void)state;
	expect("user www-data;\n"
	       "events { worker_connections 768; }\n"
	       "http {\n"
	       "  server {\n"
	       "    listen 443 ssl;\n"
	       "    location / { try_files $uri =404; }\n"
	       "    location ~ \\.php$ {\n"
	       "      if ($request_method = POST) { return 405; }\n"
	       "    }\n"
	       "  }\n"
	       "}\n",
	       "1||user|www-data\n"
	       "2||events|\n"
	       "2|events|worker_connections|768\n"
	       "3||http|\n"
	       "4|http|server|\n"
	       "5|http>server|listen|443 ssl\n"
	       "6|http>server|location|/\n"
	       "6|http>server>location /|try_files|$uri =404\n"
	       "7|http>server|location|~ \\.php$\n"
	       "8|http>server>location ~ \\.php$|if|($request_method = POST)\n"
	       "8|http>server>location ~ \\.php$>if ($request_method = POST)|"
	       "return|405\n");
}

static void test_quotes_and_escapes(void **state)
{
	(void)state;
	/* Quotes hide ; { } #; \" \' \\ \t \n \r are translated, other
	 * escapes kept; an unquoted backslash escapes the next character. */
	expect("add_header X \"a;b{c}#d\";\n"
	       "add_header Y 'it\\'s' \"say \\\"hi\\\"\";\n"
	       "log_format t \"a\\tb\\\\c\\d\";\n"
	       "set $x a\\;b;\n"
	       "x \"\" '';\n",
	       "1||add_header|X a;b{c}#d\n"
	       "2||add_header|Y it's say \"hi\"\n"
	       "3||log_format|t a\tb\\c\\d\n"
	       "4||set|$x a\\;b\n"
	       "5||x| \n");
}

static void test_words_like_nginx(void **state)
{
	(void)state;
	/* '#' inside a word is not a comment, "a}" is one word, "${" does
	 * not open a block, ')' may follow a quoted word. */
	expect("# comment line\n"
	       "a b#c d; # trailing comment\n"
	       "e f};\n"
	       "rewrite ^/x${y}z /q;\n"
	       "if ($a = \"b\") { }\n"
	       "   \t\r\n",
	       "2||a|b#c d\n"
	       "3||e|f}\n"
	       "4||rewrite|^/x${y}z /q\n"
	       "5||if|($a = b )\n");
}

static void test_lua_block_skipped(void **state)
{
	(void)state;
	expect("location /t {\n"
	       "  content_by_lua_block {\n"
	       "    local s = \"}\" .. '}' .. [[ } ]] .. [==[ ]] } ]==]\n"
	       "    -- } a comment\n"
	       "    --[[ } long\n comment ]]\n"
	       "    if x then t = { y = 1 } end\n"
	       "    ngx.say(\"it\\\"s }\")\n"
	       "  }\n"
	       "  return 200;\n"
	       "}\n",
	       "1||location|/t\n"
	       "2|location /t|content_by_lua_block|\n"
	       "10|location /t|return|200\n");
}

static void test_include_callback(void **state)
{
	(void)state;
	struct inc_log log;
	eg_buf_init(&log.b, 1u << 16);
	struct eg_err e;
	char *rows;
	const char *conf = "include a.conf;\nhttp { include \"sites/*\"; }\n"
			   "include a b;\n";
	assert_int_equal(parse(conf, strlen(conf), &rows, &e, &log), 0);
	/* "include a b" is recorded but, invalid, not followed. */
	assert_string_equal(eg_buf_str(&log.b),
			    "t.conf:1 include a.conf in [] opt=0 depth=0\n"
			    "t.conf:2 include sites/* in [http] opt=0 depth=0\n");
	assert_string_equal(rows, "1||include|a.conf\n2||http|\n"
				  "2|http|include|sites/*\n3||include|a b\n");
	free(rows);
	eg_buf_free(&log.b);
}

static void test_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("a;\n}\n", EG_E_PARSE,
		     "t.conf:2:1: unexpected \"}\"", "1||a|\n");
	EXPECT_ERROR("a b }", EG_E_PARSE, "t.conf:1:5: unexpected \"}\"",
		     "");
	EXPECT_ERROR("a;\n  ;", EG_E_PARSE, "t.conf:2:3: unexpected \";\"",
		     "1||a|\n");
	EXPECT_ERROR("{ a; }", EG_E_PARSE, "t.conf:1:1: unexpected \"{\"",
		     "");
	EXPECT_ERROR("http {\n a;\n", EG_E_PARSE,
		     "t.conf:3:1: unexpected end of file, expecting \"}\"",
		     "1||http|\n2|http|a|\n");
	EXPECT_ERROR("a b", EG_E_PARSE,
		     "t.conf:1:4: unexpected end of file, expecting \";\" or "
		     "\"}\"", "");
	EXPECT_ERROR("a \"b;\n", EG_E_PARSE,
		     "t.conf:1:3: unexpected end of file in a quoted string",
		     "");
	EXPECT_ERROR("a \"b\"c;", EG_E_PARSE,
		     "t.conf:1:6: unexpected \"c\"", "");
	EXPECT_ERROR("x_by_lua_block { \"", EG_E_PARSE,
		     "t.conf:1:16: unexpected end of file in a Lua block",
		     "1||x_by_lua_block|\n");
	EXPECT_ERROR("a b;\nc\0d;", EG_E_PARSE,
		     "t.conf:2:2: NUL byte in a text file", "");
}

static void test_limits(void **state)
{
	(void)state;
	struct eg_err e;
	char *rows;
	/* Nesting deeper than EG_WEBCONF_MAX_DEPTH. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (int i = 0; i <= EG_WEBCONF_MAX_DEPTH; i++)
		eg_buf_adds(&b, "a{");
	assert_int_equal(parse(b.data, b.len, &rows, &e, NULL), EG_E_LIMIT);
	char want[128];
	snprintf(want, sizeof(want), "t.conf:1:%d: blocks nested deeper than %d",
		 2 * EG_WEBCONF_MAX_DEPTH + 2, EG_WEBCONF_MAX_DEPTH);
	assert_string_equal(eg_err_msg(&e), want);
	free(rows);
	/* A word longer than EG_LINE_MAX, quoted or not. */
	for (int q = 0; q < 2; q++) {
		eg_buf_reset(&b);
		eg_buf_adds(&b, q ? "a \"" : "a ");
		for (size_t i = 0; i <= EG_LINE_MAX; i++)
			eg_buf_addc(&b, 'x');
		eg_buf_adds(&b, q ? "\";" : ";");
		assert_int_equal(parse(b.data, b.len, &rows, &e, NULL),
				 EG_E_LIMIT);
		assert_non_null(strstr(eg_err_msg(&e), "t.conf:1:3: word longer"));
		free(rows);
	}
	/* Too many arguments. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "a");
	for (unsigned i = 0; i <= EG_WEBCONF_MAX_ARGS; i++)
		eg_buf_adds(&b, " x");
	eg_buf_adds(&b, ";");
	assert_int_equal(parse(b.data, b.len, &rows, &e, NULL), EG_E_LIMIT);
	assert_non_null(strstr(eg_err_msg(&e), "more than"));
	free(rows);
	/* Exactly the maximum is fine. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "a");
	for (unsigned i = 0; i < EG_WEBCONF_MAX_ARGS; i++)
		eg_buf_adds(&b, " x");
	eg_buf_adds(&b, ";");
	assert_int_equal(parse(b.data, b.len, &rows, &e, NULL), 0);
	free(rows);
	eg_buf_free(&b);
}

/* ---- the loader, on a throwaway root ---------------------------------- */

static char tree[256];
static char outside[300];

static void collect_warn(void *ud, const char *msg)
{
	eg_buf_addf(ud, "%s\n", msg);
}

static void test_loader(void **state)
{
	(void)state;
	web_tree_new(tree, sizeof(tree), "nginx");
	char root[300];
	snprintf(root, sizeof(root), "%s/root", tree);
	snprintf(outside, sizeof(outside), "%s/outside.conf", tree);
	web_write(tree, "outside.conf", "outside_marker yes;\n");
	web_write(root, "etc/nginx/nginx.conf",
		  "http {\n"
		  "  include conf.d/*.conf;\n"
		  "  include /etc/nginx/sites-enabled/*;\n"
		  "  include missing.conf;\n"
		  "  include /etc/nginx/nginx.conf;\n"
		  "  include deep/1.conf;\n"
		  "}\n");
	web_write(root, "etc/nginx/conf.d/a.conf", "a 1;\n");
	web_write(root, "etc/nginx/conf.d/b.conf", "b 2; server { c 3; }\n");
	web_write(root, "etc/nginx/conf.d/.hidden.conf", "hidden 1;\n");
	web_write(root, "etc/nginx/conf.d/bad.conf", "good 1;\nbad }\n");
	web_write(root, "etc/nginx/sites-available/shop", "server { s 1; }\n");
	web_mkdirs(root, "etc/nginx/sites-enabled");
	web_link(root, "etc/nginx/sites-enabled/shop", "../sites-available/shop");
	/* Leaves the root when followed naively; confined it names
	 * root/outside.conf, which does not exist. */
	web_link(root, "etc/nginx/sites-enabled/up", "../../../../outside.conf");
	/* A chain of includes deeper than the limit. */
	char rel[64], body[64];
	for (int i = 1; i <= EG_CONF_MAX_INCLUDE_DEPTH + 2; i++) {
		snprintf(rel, sizeof(rel), "etc/nginx/deep/%d.conf", i);
		snprintf(body, sizeof(body), "d %d; include deep/%d.conf;\n", i,
			 i + 1);
		web_write(root, rel, body);
	}
	struct eg_root *r;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_root_open(root, &r, &e), 0);
	struct eg_buf warns;
	eg_buf_init(&warns, 1u << 20);
	struct eg_wconf *c;
	assert_int_equal(eg_wconf_load_nginx(r, collect_warn, &warns, &c), 0);
	char *rows = web_render(c, 1);
	struct eg_buf want;
	eg_buf_init(&want, 1u << 20);
	eg_buf_adds(&want,
		    "/etc/nginx/nginx.conf:1||http|\n"
		    "/etc/nginx/nginx.conf:2|http|include|conf.d/*.conf\n"
		    "/etc/nginx/conf.d/a.conf:1|http|a|1\n"
		    "/etc/nginx/conf.d/b.conf:1|http|b|2\n"
		    "/etc/nginx/conf.d/b.conf:1|http|server|\n"
		    "/etc/nginx/conf.d/b.conf:1|http>server|c|3\n"
		    "/etc/nginx/conf.d/bad.conf:1|http|good|1\n"
		    "/etc/nginx/nginx.conf:3|http|include|/etc/nginx/sites-enabled/*\n"
		    "/etc/nginx/sites-enabled/shop:1|http|server|\n"
		    "/etc/nginx/sites-enabled/shop:1|http>server|s|1\n"
		    "/etc/nginx/nginx.conf:4|http|include|missing.conf\n"
		    "/etc/nginx/nginx.conf:5|http|include|/etc/nginx/nginx.conf\n"
		    "/etc/nginx/nginx.conf:6|http|include|deep/1.conf\n");
	for (int i = 1; i <= EG_CONF_MAX_INCLUDE_DEPTH; i++)
		eg_buf_addf(&want,
			    "/etc/nginx/deep/%d.conf:1|http|d|%d\n"
			    "/etc/nginx/deep/%d.conf:1|http|include|deep/%d.conf\n",
			    i, i, i, i + 1);
	assert_string_equal(rows, eg_buf_str(&want));
	char wantw[2048];
	snprintf(wantw, sizeof(wantw),
		 "/etc/nginx/conf.d/bad.conf:2:5: unexpected \"}\" (the rest "
		 "of this file is not read)\n"
		 "/etc/nginx/nginx.conf:3: cannot read included file: "
		 "/etc/nginx/sites-enabled/up: No such file or directory\n"
		 "/etc/nginx/nginx.conf:4: included file /etc/nginx/missing.conf "
		 "not found\n"
		 "/etc/nginx/nginx.conf:5: include cycle: /etc/nginx/nginx.conf "
		 "is already being read; not read again\n"
		 "/etc/nginx/deep/%d.conf:1: includes nested deeper than %d: "
		 "deep/%d.conf not read\n",
		 EG_CONF_MAX_INCLUDE_DEPTH, EG_CONF_MAX_INCLUDE_DEPTH,
		 EG_CONF_MAX_INCLUDE_DEPTH + 1);
	assert_string_equal(eg_buf_str(&warns), wantw);
	/* Nothing of the file outside the root was read. */
	assert_null(strstr(rows, "outside_marker"));
	free(rows);
	eg_buf_free(&want);
	eg_buf_free(&warns);
	eg_wconf_free(c);
	eg_root_free(r);
	web_tree_rm(tree);
}

static void test_loader_absent(void **state)
{
	(void)state;
	web_tree_new(tree, sizeof(tree), "nginx0");
	struct eg_root *r;
	struct eg_err e;
	assert_int_equal(eg_root_open(tree, &r, &e), 0);
	struct eg_buf warns;
	eg_buf_init(&warns, 1u << 16);
	struct eg_wconf *c;
	assert_int_equal(eg_wconf_load_nginx(r, collect_warn, &warns, &c), 0);
	assert_int_equal(eg_wconf_count(c), 0);
	assert_string_equal(eg_buf_str(&warns), "");
	eg_buf_free(&warns);
	eg_wconf_free(c);
	eg_root_free(r);
	web_tree_rm(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_context),
		cmocka_unit_test(test_quotes_and_escapes),
		cmocka_unit_test(test_words_like_nginx),
		cmocka_unit_test(test_lua_block_skipped),
		cmocka_unit_test(test_include_callback),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_loader),
		cmocka_unit_test(test_loader_absent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
