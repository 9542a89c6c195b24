/*
 * Fuzz target: the apt sources parsers (one-line sources.list and deb822
 * *.sources), both run on every input. Rows and warnings are built and
 * dropped; a crash, a hang or a sanitizer report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/apt_sources.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_APT_NCOLS);
	if (r == NULL)
		return 0;
	eg_apt_parse_list(buf, size, "/fuzz.list", r);
	eg_apt_parse_deb822(buf, size, "/fuzz.sources", r);
	eg_orows_free(r);
	return 0;
}
