/* Fuzz target: the login.defs parser. */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/logindefs.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	eg_acct_parse_login_defs((const char *)data, size, "/etc/login.defs",
				 &sink);
	return 0;
}
