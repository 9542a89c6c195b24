/*
 * Fuzz target: the nftables parser of firewall_rules (includes are not
 * followed without a root), then the rows of the ruleset it built. Rows
 * and warnings are built and dropped; a crash, a hang or a sanitizer
 * report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/firewall_rules.h"
#include "tables/ops/nft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_FW_NCOLS);
	struct eg_nft *m = eg_nft_new();
	if (r != NULL && m != NULL &&
	    eg_nft_parse(m, buf, size, "/etc/nftables.conf", NULL, r) == 0)
		eg_nft_rows(m, r);
	eg_nft_free(m);
	eg_orows_free(r);
	return 0;
}
