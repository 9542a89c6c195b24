/* Fuzz target: the dpkg status parser (dpkg_status.h), fed as the table
 * feeds it: line by line, then finished. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/system/dpkg_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_pkg(void *arg, const struct eg_dpkg_pkg *p)
{
	size_t *total = arg;
	/* Touch every string the table would copy. */
	*total += strlen(p->name) + strlen(p->source);
	if (p->version != NULL)
		*total += strlen(p->version);
	if (p->status != NULL)
		*total += strlen(p->status);
	if (p->arch != NULL)
		*total += strlen(p->arch);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0, bad = 0;
	eg_dpkg_parse((const char *)data, size, on_pkg, &total, &bad);
	return 0;
}
