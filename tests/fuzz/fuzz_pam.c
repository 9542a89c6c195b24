/* Fuzz target: the PAM configuration parser, unfiltered and filtered. */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/pam.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	const char *s = (const char *)data;
	eg_acct_parse_pam(s, size, "/etc/pam.d/fuzz", "fuzz", NULL, &sink);
	eg_acct_parse_pam(s, size, "/etc/pam.d/fuzz", "fuzz", "auth", &sink);
	return 0;
}
