/* Fuzz target: sysctl.d files (sysctl_conf.h): every assignment's name is
 * turned back into a /proc/sys path and matched as a glob, as the sysctl
 * table does with them. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tables/system/sysctl_conf.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_entry(void *arg, const struct eg_sysctl_entry *e)
{
	(void)arg;
	struct eg_buf b;
	eg_buf_init(&b, 1u << 20);
	eg_sysctl_path(e->name, &b);
	if (e->is_glob)
		(void)eg_sysctl_glob_match(e->name, "net.ipv4.conf.all.rp_filter");
	else
		(void)eg_sysctl_glob_match("net.*.conf.*.x", e->name);
	if (e->value != NULL) {
		eg_buf_reset(&b);
		eg_sysctl_value(e->value, strlen(e->value), &b);
	}
	eg_buf_free(&b);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad = 0, first = 0;
	eg_sysctl_conf_parse((const char *)data, size, on_entry, NULL, &bad,
			     &first);
	/* The whole input as a /proc/sys value too. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	eg_sysctl_value((const char *)data, size, &b);
	eg_buf_free(&b);
	return 0;
}
