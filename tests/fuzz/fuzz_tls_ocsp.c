/* Fuzz target: the TLS scanner's reading of a stapled OCSP response (bytes
 * a server sends in its handshake): whatever the input, a status among
 * good, revoked, unknown and invalid, and no read past the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/tls/tls_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_tls_cert c;
	/* A copy of the exact size, so ASan sees any read past the end. */
	uint8_t *p = malloc(size ? size : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data, size);
	memset(&c, 0, sizeof(c));
	eg_tls_cert_ocsp(&c, NULL, p, size);
	if (!c.ocsp_stapled ||
	    (strcmp(c.ocsp_status, "good") != 0 &&
	     strcmp(c.ocsp_status, "revoked") != 0 &&
	     strcmp(c.ocsp_status, "unknown") != 0 &&
	     strcmp(c.ocsp_status, "invalid") != 0))
		abort();
	free(p);
	return 0;
}
