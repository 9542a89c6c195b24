/*
 * Fuzz target: the logrotate.conf parser (includes are not followed
 * without a root). Rows and warnings are built and dropped; a crash, a
 * hang or a sanitizer report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/logrotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_LR_NCOLS);
	if (r == NULL)
		return 0;
	eg_logrotate_parse(buf, size, "/etc/logrotate.conf", NULL, r);
	eg_orows_free(r);
	return 0;
}
