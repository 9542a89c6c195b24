/*
 * Fuzz target: the iptables-save parser of firewall_rules. Rows and
 * warnings are built and dropped; a crash, a hang or a sanitizer report is
 * the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/firewall_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_FW_NCOLS);
	if (r == NULL)
		return 0;
	eg_iptables_save_parse(buf, size, "/etc/iptables/rules.v4", "iptables",
			       "", r);
	eg_orows_free(r);
	return 0;
}
