/*
 * Fuzz target: the systemd unit-file parser (unit files and
 * timesyncd.conf). Rows and warnings are built and dropped; a crash, a
 * hang or a sanitizer report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/systemd_units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_UNIT_NCOLS);
	if (r == NULL)
		return 0;
	eg_unit_parse(buf, size, "/etc/systemd/system/fuzz.service", r);
	eg_orows_free(r);
	return 0;
}
