/* Fuzz target: the Apache httpd configuration reader (logical lines,
 * sections, quoting; includes are recorded, not followed: no filesystem). */
#include <stddef.h>
#include <stdint.h>

#include "tables/web/apache_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_include(void *ud, const char *file, unsigned line,
		      const char *pattern, const char *context, int optional,
		      unsigned depth)
{
	(void)file;
	(void)line;
	(void)pattern;
	(void)context;
	(void)optional;
	(void)depth;
	++*(size_t *)ud;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_wconf *c = eg_wconf_new();
	if (c == NULL)
		return 0;
	size_t includes = 0;
	struct eg_wconf_parse p = {
		.conf = c,
		.file = "fuzz.conf",
		.context = "",
		.depth = 0,
		.include = {on_include, &includes},
	};
	struct eg_err e;
	eg_err_clear(&e);
	eg_apache_parse(&p, (const char *)data, size, &e);
	/* Touch every row so a bad pointer shows up under ASan. */
	size_t sum = 0;
	for (size_t i = 0; i < eg_wconf_count(c); i++) {
		const struct eg_wdir *d = eg_wconf_get(c, i);
		sum += d->line + d->argc + (d->args[0] != '\0') +
		       (d->context[0] != '\0') + (d->name[0] != '\0');
		for (size_t k = 0; k < d->argc; k++)
			sum += d->argv[k][0] != '\0';
	}
	(void)sum;
	eg_wconf_free(c);
	return 0;
}
