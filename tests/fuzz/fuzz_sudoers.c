/* Fuzz target: the sudoers parser (user specifications, includes). */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/sudoers.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	eg_acct_parse_sudoers((const char *)data, size, "/etc/sudoers", &sink);
	return 0;
}
