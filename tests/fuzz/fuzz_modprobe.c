/* Fuzz target: modprobe.d commands and /proc/modules lines (kmod.h). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/system/kmod.h"
#include "tables/system/sysio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_rule(void *arg, const struct eg_modprobe_rule *r)
{
	size_t *total = arg;
	*total += strlen(r->module) + strlen(r->args) +
		  (size_t)eg_modprobe_install_disables(r->args);
	return 0;
}

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	(void)lineno;
	eg_proc_modules_line(line, len, arg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0, bad = 0, first = 0;
	eg_modprobe_parse((const char *)data, size, on_rule, &total, &bad,
			  &first);
	struct eg_kmod m;
	eg_kmod_init(&m);
	eg_lines_each((const char *)data, size, on_line, &m, NULL);
	eg_kmod_free(&m);
	return 0;
}
