/*
 * Fuzz target: the crontab parser of cron_jobs, as a system crontab (with
 * a user field) and as a user's crontab. Rows and warnings are built and
 * dropped; a crash, a hang or a sanitizer report is the failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/cron_jobs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_CRON_NCOLS);
	if (r == NULL)
		return 0;
	eg_crontab_parse(buf, size, "/etc/crontab", NULL, r);
	eg_crontab_parse(buf, size, "/var/spool/cron/crontabs/u", "u", r);
	eg_orows_free(r);
	return 0;
}
