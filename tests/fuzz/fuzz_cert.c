/* Fuzz target: certificate parsing (PEM bundles or one DER certificate)
 * and the key-file sniffer, over the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/web/cert.h"
#include "tables/web/ssl_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_cert(void *ud, const struct eg_cert_info *ci)
{
	size_t *sum = ud;
	*sum += strlen(ci->subject) + strlen(ci->issuer) +
		(ci->not_before ? strlen(ci->not_before) : 0) +
		(ci->not_after ? strlen(ci->not_after) : 0) +
		(ci->key_type ? strlen(ci->key_type) : 0) +
		(ci->sig_alg ? strlen(ci->sig_alg) : 0) +
		(size_t)ci->key_bits + (size_t)ci->self_signed;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;
	struct eg_err e;
	eg_err_clear(&e);
	eg_cert_parse(data, size, on_cert, &sum, &e);
	int enc;
	eg_key_sniff((const char *)data, size, &enc);
	return 0;
}
