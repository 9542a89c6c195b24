/* Fuzz target: the passwd, group and shadow parsers (users, groups,
 * shadow) over the same input. */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/passwd.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	const char *s = (const char *)data;
	eg_acct_parse_passwd(s, size, "passwd", &sink);
	eg_acct_parse_group(s, size, "group", &sink);
	eg_acct_parse_shadow(s, size, "shadow", &sink);
	return 0;
}
