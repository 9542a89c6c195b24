/*
 * Fuzz target: the audit rules and auditd.conf parsers. Rows and warnings
 * are built and dropped; a crash, a hang or a sanitizer report is the
 * failure.
 */
#include <stddef.h>
#include <stdint.h>

#include "tables/ops/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct eg_orows *r = eg_orows_new(EG_AR_NCOLS);
	struct eg_orows *c = eg_orows_new(EG_AC_NCOLS);
	if (r != NULL && c != NULL) {
		eg_audit_rules_parse(buf, size, "/etc/audit/audit.rules", r);
		eg_auditd_conf_parse(buf, size, "/etc/audit/auditd.conf", c);
	}
	eg_orows_free(r);
	eg_orows_free(c);
	return 0;
}
