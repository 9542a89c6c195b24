/* Fuzz target: os-release shell-style quoting (os_release.h). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/system/os_release.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_kv(void *arg, const char *key, const char *value, size_t line)
{
	size_t *total = arg;
	*total += strlen(key) + strlen(value) + line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0, bad = 0, first = 0;
	eg_os_release_parse((const char *)data, size, on_kv, &total, &bad,
			    &first);
	return 0;
}
