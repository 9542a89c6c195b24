/* Fuzz target: the php.ini parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/web/php_ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_entry(void *ud, unsigned line, const char *key,
		    const char *value)
{
	*(size_t *)ud += line + strlen(key) + (value ? strlen(value) : 0);
	return 0;
}

static void on_bad(void *ud, unsigned line)
{
	*(size_t *)ud += line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;
	struct eg_php_ini_cb cb = {on_entry, on_bad, &sum};
	struct eg_err e;
	eg_err_clear(&e);
	eg_php_ini_parse((const char *)data, size, &cb, &e);
	return 0;
}
