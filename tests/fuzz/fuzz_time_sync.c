/*
 * Fuzz target: the chrony and ntpd configuration parsers of time_sync.
 * Rows and warnings are built and dropped; a crash, a hang or a sanitizer
 * report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/time_sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_TS_NCOLS);
	if (r == NULL)
		return 0;
	eg_chrony_parse(buf, size, "/etc/chrony/chrony.conf", r);
	eg_ntp_parse(buf, size, "/etc/ntp.conf", r);
	eg_orows_free(r);
	return 0;
}
