/* Fuzz target: the payment-page inventory (src/scan/web/page.c). The input
 * is a page; when its first line looks like an http(s) URL it is the page's
 * URL too (the resolver's base parser gets hostile text), else a fixed one.
 * Every inventory is written as JSON, compared with itself (which must give
 * no change: the comparison is a function of the inventories, and equal
 * inventories are unchanged), and compared with the inventory of the
 * input's second half, so every comparison path sees hostile pairs. The
 * first external script gets the input as its fetched content. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/web/page.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const hosts[] = {"js.psp.example", "*.cdn.example"};

static void check_self(const struct eg_page_inv *inv)
{
	struct eg_page_policy pol = {hosts, 2, 1, hosts, 2, 1};
	struct eg_page_findings f;
	struct eg_err e;
	eg_err_clear(&e);
	if (eg_page_compare(inv, NULL, inv, NULL, &pol, &f, &e) != 0)
		return;
	for (size_t i = 0; i < f.n; i++)
		if (strstr(f.v[i].id, "added") != NULL ||
		    strstr(f.v[i].id, "removed") != NULL ||
		    strstr(f.v[i].id, "changed") != NULL)
			abort();
	eg_page_findings_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char url[EG_URL_MAX + 1] = "https://shop.example/shopping/payment";
	const uint8_t *nl = memchr(data, '\n', size < EG_URL_MAX ? size : EG_URL_MAX);
	if (nl != NULL && nl - data >= 4 && memcmp(data, "http", 4) == 0 &&
	    memchr(data, '\0', (size_t)(nl - data)) == NULL) {
		memcpy(url, data, (size_t)(nl - data));
		url[nl - data] = '\0';
	}
	/* A copy of the exact size, so ASan sees any read past the end. */
	size_t n = size > EG_PAGE_MAX_BYTES ? EG_PAGE_MAX_BYTES : size;
	uint8_t *p = malloc(n ? n : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data, n);
	struct eg_page_inv *inv = NULL, *half = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	if (size > EG_PAGE_MAX_BYTES &&
	    eg_page_parse(url, data, size, &inv, &e) != EG_E_LIMIT)
		abort();
	eg_err_clear(&e);
	if (eg_page_parse(url, p, n, &inv, &e) != 0) {
		/* only a URL that is not http(s) may be refused */
		if (e.code != EG_E_INVAL || strcmp(url, "https://shop.example/"
						   "shopping/payment") == 0)
			abort();
		free(p);
		return 0;
	}
	for (size_t i = 0; i < inv->nitems; i++)
		if (inv->items[i].kind == EG_PAGE_SCRIPT &&
		    !(inv->items[i].flags & EG_PAGE_F_INLINE)) {
			eg_page_item_set_content(&inv->items[i], p, n);
			break;
		}
	struct eg_buf b;
	eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
	struct eg_json j;
	eg_json_init(&j, &b, 1);
	eg_page_inv_json(&j, inv);
	eg_json_finish(&j);
	eg_buf_free(&b);
	check_self(inv);
	eg_err_clear(&e);
	if (eg_page_parse(url, p + n / 2, n - n / 2, &half, &e) == 0) {
		struct eg_page_headers h1 = {NULL, 0}, h2 = {NULL, 0};
		eg_page_headers_add(&h1, "Content-Security-Policy",
				    (const char *)(n > 0 && p[n - 1] == '\0' ? p : (const uint8_t *)"x"));
		eg_page_headers_add(&h2, "content-security-policy", "y");
		struct eg_page_policy pol = {hosts, 2, 1, hosts, 1, 0};
		struct eg_page_findings f;
		if (eg_page_compare(inv, &h1, half, &h2, &pol, &f, &e) == 0) {
			eg_buf_init(&b, EG_BUF_DEFAULT_MAX);
			eg_json_init(&j, &b, 0);
			eg_page_findings_json(&j, &f);
			eg_json_finish(&j);
			eg_buf_free(&b);
			eg_page_findings_free(&f);
		}
		eg_page_headers_free(&h1);
		eg_page_headers_free(&h2);
		eg_page_inv_free(half);
	}
	eg_page_inv_free(inv);
	free(p);
	return 0;
}
