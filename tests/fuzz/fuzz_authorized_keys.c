/* Fuzz target: the authorized_keys parser (options, strict base64, SSH key
 * blobs). */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/authkeys.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	eg_acct_parse_authorized_keys((const char *)data, size, "keys", "u",
				      &sink);
	return 0;
}
