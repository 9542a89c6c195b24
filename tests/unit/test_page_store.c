/*
 * Unit tests: payment-page baselines in the store. An inventory with its
 * headers round-trips exactly (same JSON, same comparison); a new baseline
 * supersedes the last one of its URL and the history shows both; the
 * tables are append-only; a store of schema version 1 is upgraded to 2
 * keeping its runs; a missing baseline, a bad time and a damaged row give
 * the errors a user can act on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/page_store.h"
#include "core/store.h"
#include "scan/web/page.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#define PAGE_URL "https://shop.example/shopping/payment"

static const char page_html[] =
	"<!doctype html><html><head>\n"
	"<meta http-equiv=Content-Security-Policy content=\"script-src 'self'\">\n"
	"<base href=\"/shop/\">\n"
	"<link rel=stylesheet href=a.css integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=\">\n"
	"<script src=\"https://js.psp.example/token.js\" async defer crossorigin=anonymous "
	"integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI= md5-x\"></script>\n"
	"<script type=module>import 'x';</script>\n"
	"<script type=application/ld+json>{}</script>\n"
	"<script nomodule src=\"legacy.js\" integrity=\"sha256-bad\"></script>\n"
	"</head><body onload=\"go()\">\n"
	"<iframe src=\"https://pay.psp.example/f?s=1\"></iframe><iframe srcdoc=\"<b>x</b>\"></iframe>\n"
	"<form id=p method=post action=/shopping/confirm>"
	"<input autocomplete=cc-number><input name=cvc><input name=exp_month>"
	"<button formaction=\"https://pay.psp.example/x\">go</button></form>\n"
	"<a href=\"javascript:void(0)\">\xe6\x97\xa5\xe6\x9c\xac</a>\n"
	"<a title=\"\x1b[31m\">x</a>\n"
	"</body></html>\n";

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/eg-page-store.XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct eg_store *open_store(const char *name)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	struct eg_store *s = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_store_open(p, EG_STORE_CREATE, &s, &e) != 0)
		fail_msg("open: %s", eg_err_msg(&e));
	return s;
}

static struct eg_page_inv *parse(const char *url, const char *html)
{
	struct eg_page_inv *inv = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_page_parse(url, html, strlen(html), &inv, &e) != 0)
		fail_msg("parse: %s", eg_err_msg(&e));
	return inv;
}

static char *to_json(const struct eg_page_inv *inv)
{
	struct eg_buf b;
	struct eg_json j;
	eg_buf_init(&b, 1u << 24);
	eg_json_init(&j, &b, 1);
	eg_page_inv_json(&j, inv);
	assert_int_equal(eg_json_finish(&j), 0);
	return eg_buf_steal(&b, NULL);
}

static long long count(struct eg_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(eg_store_db(s), sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct eg_store *s = open_store("rt.db");
	struct eg_page_inv *inv = parse(PAGE_URL, page_html);
	/* the caller fetched the PSP script */
	assert_int_equal(eg_page_item_set_content(&inv->items[3], "alert(2)", 8), 0);
	assert_int_equal(inv->items[3].sri_match, 0);
	struct eg_page_headers h = {NULL, 0};
	assert_int_equal(eg_page_headers_add(&h, "Content-Security-Policy",
					     "default-src 'self'; frame-ancestors 'none'"), 0);
	assert_int_equal(eg_page_headers_add(&h, "X-Frame-Options", "DENY"), 0);
	int64_t id = 0;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_baseline_save(s, NULL, inv, &h,
					       "2025-01-02T03:04:05Z", &id, &e), 0);
	assert_int_equal(id, 1);
	assert_int_equal(count(s, "SELECT count(*) FROM page_baseline_items"),
			 (long long)inv->nitems);
	assert_int_equal(count(s, "SELECT count(*) FROM page_baseline_items "
				  "WHERE kind = 'script'"), 4);

	struct eg_page_inv *back = NULL;
	struct eg_page_headers hb = {NULL, 0};
	char *at = NULL;
	assert_int_equal(eg_page_baseline_load(s, PAGE_URL, &back, &hb, &at, &e), 0);
	assert_string_equal(at, "2025-01-02T03:04:05Z");
	char *j1 = to_json(inv), *j2 = to_json(back);
	assert_string_equal(j1, j2);
	assert_int_equal(back->nitems, inv->nitems);
	assert_string_equal(back->items[3].content_sha256,
			    inv->items[3].content_sha256);
	assert_int_equal(back->items[3].sri_match, 0);
	assert_int_equal(hb.n, 2);
	assert_string_equal(hb.v[0].name, "Content-Security-Policy");
	assert_string_equal(hb.v[1].value, "DENY");
	/* The stored baseline compares as unchanged against the page. */
	struct eg_page_findings f;
	assert_int_equal(eg_page_compare(back, &hb, inv, &h, NULL, &f, &e), 0);
	for (size_t i = 0; i < f.n; i++) {
		assert_null(strstr(f.v[i].id, "added"));
		assert_null(strstr(f.v[i].id, "changed"));
		assert_null(strstr(f.v[i].id, "removed"));
	}
	eg_page_findings_free(&f);
	/* Headers and taken_at are optional outputs. */
	struct eg_page_inv *b2 = NULL;
	assert_int_equal(eg_page_baseline_load(s, PAGE_URL, &b2, NULL, NULL, &e), 0);
	eg_page_inv_free(b2);
	free(j1);
	free(j2);
	free(at);
	eg_page_headers_free(&h);
	eg_page_headers_free(&hb);
	eg_page_inv_free(back);
	eg_page_inv_free(inv);
	eg_store_close(s);
}

static void test_supersede_and_list(void **state)
{
	(void)state;
	struct eg_store *s = open_store("sup.db");
	struct eg_err e;
	eg_err_clear(&e);
	struct eg_page_inv *v1 = parse(PAGE_URL, "<script src=/a.js></script>");
	struct eg_page_inv *v2 = parse(PAGE_URL,
				       "<script src=/a.js></script><script src=/b.js></script>");
	struct eg_page_inv *o = parse("https://shop.example/cart", "<p>cart</p>");
	int64_t id;
	assert_int_equal(eg_page_baseline_save(s, NULL, v1, NULL,
					       "2025-01-01T00:00:00Z", &id, &e), 0);
	assert_int_equal(eg_page_baseline_save(s, NULL, o, NULL, NULL, &id, &e), 0);
	assert_int_equal(eg_page_baseline_save(s, NULL, v2, NULL,
					       "2025-02-01T00:00:00Z", &id, &e), 0);
	assert_int_equal(id, 3);
	struct eg_page_inv *back = NULL;
	char *at = NULL;
	assert_int_equal(eg_page_baseline_load(s, PAGE_URL, &back, NULL, &at, &e), 0);
	assert_string_equal(at, "2025-02-01T00:00:00Z");
	assert_int_equal(back->nitems, 2);
	eg_page_inv_free(back);
	free(at);

	struct eg_page_baseline_info *v = NULL;
	size_t n = 0;
	assert_int_equal(eg_page_baseline_list(s, PAGE_URL, 0, &v, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, 3);
	assert_int_equal(v[0].supersedes, 1);
	assert_int_equal(v[0].superseded_by, 0);
	assert_int_equal(v[0].nitems, 2);
	assert_int_equal(v[0].nscripts, 2);
	assert_int_equal(v[1].id, 1);
	assert_int_equal(v[1].supersedes, 0);
	assert_int_equal(v[1].superseded_by, 3);
	assert_string_equal(v[1].taken_at, "2025-01-01T00:00:00Z");
	assert_non_null(v[1].created_at);
	eg_page_baseline_infos_free(v, n);
	assert_int_equal(eg_page_baseline_list(s, NULL, 0, &v, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[1].url, "https://shop.example/cart");
	assert_int_equal(v[1].supersedes, 0);
	eg_page_baseline_infos_free(v, n);
	assert_int_equal(eg_page_baseline_list(s, NULL, 1, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	eg_page_baseline_infos_free(v, n);
	eg_page_inv_free(v1);
	eg_page_inv_free(v2);
	eg_page_inv_free(o);
	eg_store_close(s);
}

static void test_append_only(void **state)
{
	(void)state;
	struct eg_store *s = open_store("ao.db");
	struct eg_err e;
	eg_err_clear(&e);
	struct eg_page_inv *inv = parse(PAGE_URL, "<script>x</script>");
	struct eg_page_headers h = {NULL, 0};
	eg_page_headers_add(&h, "X-Frame-Options", "DENY");
	assert_int_equal(eg_page_baseline_save(s, NULL, inv, &h, NULL, NULL, &e), 0);
	static const char *const sql[] = {
		"UPDATE page_baselines SET url = 'x'",
		"DELETE FROM page_baselines",
		"UPDATE page_baseline_items SET sha256 = NULL",
		"DELETE FROM page_baseline_items",
		"UPDATE page_baseline_headers SET value = 'ALLOW'",
		"DELETE FROM page_baseline_headers",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		char *msg = NULL;
		assert_int_not_equal(sqlite3_exec(eg_store_db(s), sql[i], NULL,
						  NULL, &msg), SQLITE_OK);
		assert_non_null(strstr(msg, "append-only"));
		sqlite3_free(msg);
	}
	assert_int_equal(count(s, "SELECT count(*) FROM page_baseline_items"), 1);
	eg_page_headers_free(&h);
	eg_page_inv_free(inv);
	eg_store_close(s);
}

static void raw_sql(const char *name, const char *sql)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void test_errors(void **state)
{
	(void)state;
	struct eg_store *s = open_store("err.db");
	struct eg_err e;
	eg_err_clear(&e);
	struct eg_page_inv *inv = NULL;
	struct eg_page_headers h;
	char *at = (char *)"x";
	assert_int_equal(eg_page_baseline_load(s, PAGE_URL, &inv, &h, &at, &e),
			 EG_E_NOTFOUND);
	assert_null(inv);
	assert_null(at);
	assert_int_equal(h.n, 0);
	assert_non_null(strstr(eg_err_msg(&e), "ecguard web --baseline " PAGE_URL));
	inv = parse(PAGE_URL, "<script>x</script>");
	eg_err_clear(&e);
	assert_int_equal(eg_page_baseline_save(s, NULL, inv, NULL, "2025-1-2", NULL, &e),
			 EG_E_INVAL);
	assert_non_null(strstr(eg_err_msg(&e), "YYYY-MM-DDTHH:MM:SSZ"));
	eg_err_clear(&e);
	assert_int_equal(eg_page_baseline_save(s, "", inv, NULL, NULL, NULL, &e),
			 EG_E_INVAL);
	assert_int_equal(count(s, "SELECT count(*) FROM page_baselines"), 0);
	/* A hand-edited row is refused with the baseline named. */
	eg_err_clear(&e);
	assert_int_equal(eg_page_baseline_save(s, NULL, inv, NULL, NULL, NULL, &e), 0);
	eg_store_close(s);
	raw_sql("err.db", "DROP TRIGGER page_baseline_items_no_update;"
			  "PRAGMA ignore_check_constraints=ON;"
			  "UPDATE page_baseline_items SET kind = 'applet';");
	s = open_store("err.db");
	struct eg_page_inv *back = NULL;
	assert_int_equal(eg_page_baseline_load(s, PAGE_URL, &back, NULL, NULL, &e),
			 EG_E_PARSE);
	assert_null(back);
	assert_non_null(strstr(eg_err_msg(&e), "page baseline 1 is damaged"));
	eg_page_inv_free(inv);
	eg_store_close(s);
}

static void test_upgrade_from_v1(void **state)
{
	(void)state;
	/* A version-1 store: today's schema without migration 2. */
	struct eg_store *s = open_store("v1.db");
	assert_int_equal(eg_store_schema_version(), 3);
	eg_store_close(s);
	raw_sql("v1.db",
		"DROP VIEW page_baseline_history;"
		"DROP TABLE page_baseline_headers; DROP TABLE page_baseline_items;"
		"DROP TABLE page_baselines;"
		"ALTER TABLE runs DROP COLUMN records_upto;"
		"INSERT INTO runs(id, started_at) VALUES ('r1', '2024-12-01T00:00:00Z');"
		"PRAGMA user_version=1;");
	s = open_store("v1.db");
	assert_int_equal(count(s, "PRAGMA user_version"), 3);
	assert_int_equal(count(s, "SELECT count(*) FROM runs"), 1);
	/* Migration 3: the old run keeps NULL (created_at decides for it). */
	assert_int_equal(count(s, "SELECT count(*) FROM runs WHERE records_upto IS NULL"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM sqlite_schema WHERE name IN "
				  "('page_baselines', 'page_baseline_items', "
				  "'page_baseline_headers', 'page_baseline_history')"),
			 4);
	struct eg_err e;
	eg_err_clear(&e);
	struct eg_page_inv *inv = parse(PAGE_URL, "<script>x</script>");
	assert_int_equal(eg_page_baseline_save(s, NULL, inv, NULL, NULL, NULL, &e), 0);
	eg_page_inv_free(inv);
	eg_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_supersede_and_list),
		cmocka_unit_test(test_append_only),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_upgrade_from_v1),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
