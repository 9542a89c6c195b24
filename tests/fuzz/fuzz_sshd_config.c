/* Fuzz target: the sshd_config parser and the emission of effective
 * settings with defaults. */
#include <stddef.h>
#include <stdint.h>

#include "tables/accounts/sshd.h"
#include "acct_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_acct_sink sink = fuzz_acct_sink();
	struct eg_sshd *s = NULL;
	if (eg_sshd_new(&s) != 0)
		return 0;
	if (eg_sshd_parse(s, (const char *)data, size, "sshd_config",
			  &sink) == 0)
		eg_sshd_emit(s, &sink);
	eg_sshd_free(s);
	return 0;
}
