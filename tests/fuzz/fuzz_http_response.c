/* Fuzz target: the HTTP response parser (whole, and fed in two pieces split
 * where the first byte says, which must give the same response: a peer
 * choosing how to cut its bytes must not change what we see), the
 * Set-Cookie parser on every Set-Cookie header, and the URL resolver on
 * every Location header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scan/http/http_parse.h"
#include "scan/http/url.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const struct eg_http_response *a,
		const struct eg_http_response *b)
{
	if (a->status != b->status || a->nheaders != b->nheaders ||
	    a->body_len != b->body_len || a->body_truncated != b->body_truncated ||
	    memcmp(a->body, b->body, a->body_len) != 0)
		return 0;
	for (size_t i = 0; i < a->nheaders; i++)
		if (strcmp(a->headers[i].name, b->headers[i].name) != 0 ||
		    strcmp(a->headers[i].value, b->headers[i].value) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of the exact size, so ASan sees any read past the end. */
	uint8_t *p = malloc(size ? size : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data, size);
	size_t cap = size > 0 && (p[0] & 1) ? 64 : 0;
	struct eg_http_response *whole = NULL;
	struct eg_err e;
	eg_err_clear(&e);
	int rc = eg_http_parse(p, size, 0, cap, &whole, &e);
	if ((rc == 0) != (whole != NULL))
		abort();
	if (whole != NULL && (whole->body == NULL ||
			      whole->body[whole->body_len] != '\0' ||
			      whole->body_len > (cap ? cap : EG_HTTP_BODY_MAX) ||
			      whole->nheaders > EG_HTTP_MAX_HEADERS))
		abort();

	/* the same bytes in two pieces */
	struct eg_http_parser *ps = NULL;
	if (eg_http_parser_new(0, cap, &ps) == 0) {
		size_t cut = size > 0 ? (size_t)p[0] * size / 256 : 0;
		int r2 = eg_http_parser_feed(ps, p, cut, NULL);
		if (r2 == EG_HTTP_MORE)
			r2 = eg_http_parser_feed(ps, p + cut, size - cut, NULL);
		if (r2 == EG_HTTP_MORE)
			r2 = eg_http_parser_eof(ps);
		struct eg_http_response *split = eg_http_parser_take(ps);
		if (r2 != rc || (whole != NULL && (split == NULL ||
						   !same(whole, split))))
			abort();
		eg_http_response_free(split);
		eg_http_parser_free(ps);
	}

	if (whole != NULL) {
		struct eg_http_url base;
		int have_base = eg_http_url_parse("https://shop.example/a/b?c",
						  &base, &e) == 0;
		for (size_t i = 0; i < whole->nheaders; i++) {
			const char *v = whole->headers[i].value;
			if (strcasecmp(whole->headers[i].name, "Set-Cookie") == 0) {
				struct eg_cookie c;
				if (eg_cookie_parse(v, strlen(v), &c) == 0 &&
				    (c.name == NULL || c.value == NULL))
					abort();
				eg_cookie_clear(&c);
			}
			if (have_base &&
			    strcasecmp(whole->headers[i].name, "Location") == 0) {
				struct eg_http_url u;
				if (eg_http_url_resolve(&base, v, &u, &e) == 0 &&
				    (u.path == NULL || u.path[0] != '/'))
					abort();
				eg_http_url_clear(&u);
			}
		}
		eg_http_url_clear(&base);
	}
	eg_http_response_free(whole);
	free(p);
	return 0;
}
