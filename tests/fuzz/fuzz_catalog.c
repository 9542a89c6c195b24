/* Fuzz target: the catalogue loader (it shares the YAML code the site spec
 * uses, so it is fuzzed as untrusted input anyway). */
#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_catalog *c = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	if (eg_catalog_load("fuzz.yaml", (const char *)data, size, &c, &d) == 0) {
		for (size_t i = 0; i < eg_catalog_nrelations(c); i++)
			(void)eg_catalog_relation(c, i)->nvia;
		(void)eg_catalog_find_measure(c, "T01.01");
		eg_catalog_free(c);
	}
	eg_diags_free(&d);
	return 0;
}
