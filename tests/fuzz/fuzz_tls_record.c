/* Fuzz target: the TLS scanner's parser of a server's first record (the
 * answer to the hand-built SSLv3 ClientHello), over the whole input and
 * over every prefix a slow peer could deliver first; and the ClientHello
 * builder over suites taken from the input, and the TLS 1.3 group probe's. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/tls/tls_hello.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_tls_server_hello h;
	/* A copy of the exact size, so ASan sees any read past the end. */
	uint8_t *p = malloc(size ? size : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data, size);
	int full = eg_tls_parse_server_hello(p, size, &h);
	if (full == 1 && size >= EG_TLS_HELLO_MAX)
		abort(); /* "need more" past the bound would read forever */
	if (full == 0 && h.kind != EG_TLS_ANS_HELLO &&
	    h.kind != EG_TLS_ANS_ALERT)
		abort();
	if (full == 0) {
		/* Every prefix of the first record must ask for more bytes:
		 * a drip-fed answer parses the same as one read at once. */
		size_t end = 5 + ((size_t)p[3] << 8 | p[4]);
		for (size_t n = 0; n < end && n < 512; n++)
			if (eg_tls_parse_server_hello(p, n, &h) != 1)
				abort();
	}
	free(p);
	if (size >= 2) {
		uint16_t suites[64];
		size_t n = size / 2 > 64 ? 64 : size / 2;
		for (size_t i = 0; i < n; i++)
			suites[i] = (uint16_t)(data[2 * i] << 8 | data[2 * i + 1]);
		uint8_t rnd[32] = {0};
		struct eg_buf b;
		eg_buf_init(&b, 8192);
		uint16_t ver = (uint16_t)(0x0300 + (data[0] & 3));
		if (eg_tls_raw_client_hello(&b, ver, suites, n, rnd) == 0) {
			/* the builder's record header must describe its body */
			const uint8_t *q = (const uint8_t *)b.data;
			if (b.len < 9 || (size_t)((q[3] << 8) | q[4]) != b.len - 5)
				abort();
		}
		eg_buf_free(&b);
		/* the TLS 1.3 group probe, group and name from the input */
		char name[64];
		size_t nl = size - 2 < sizeof(name) - 1 ? size - 2 :
							  sizeof(name) - 1;
		memcpy(name, data + 2, nl);
		name[nl] = '\0';
		eg_buf_init(&b, 8192);
		if (eg_tls_raw_client_hello13(&b, suites[0], rnd,
					      nl > 0 && strlen(name) == nl ?
						      name : NULL) == 0) {
			const uint8_t *q = (const uint8_t *)b.data;
			if (b.len < 9 || (size_t)((q[3] << 8) | q[4]) != b.len - 5)
				abort();
		}
		eg_buf_free(&b);
	}
	return 0;
}
