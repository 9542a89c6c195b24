/* Fuzz target: /proc/net/{tcp,udp}[6] lines (proc_net.h), each line parsed
 * as IPv4 and as IPv6, listening sockets formatted as the table does. */
#include <stddef.h>
#include <stdint.h>

#include "tables/system/proc_net.h"
#include "tables/system/sysio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_line(void *arg, const char *line, size_t len, size_t lineno)
{
	(void)arg;
	(void)lineno;
	if (eg_proc_net_is_header(line, len))
		return 0;
	for (int v6 = 0; v6 < 2; v6++) {
		struct eg_sock s;
		if (eg_proc_net_line(line, len, v6, &s) != 0)
			continue;
		char addr[EG_ADDR_TEXT_MAX];
		eg_sock_addr_text(&s, addr, sizeof(addr));
		(void)eg_sock_listening(&s, v6);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	eg_lines_each((const char *)data, size, on_line, NULL, NULL);
	return 0;
}
