/*
 * proc_net.h: the socket tables of /proc/net (tcp, tcp6, udp, udp6).
 *
 * Each line after the header describes one socket:
 *
 *   sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when
 *       retrnsmt uid timeout inode ...
 *    0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000
 *       00000000 109 0 23045 1 ...
 *
 * Addresses are hex dumps of the kernel's 32-bit words printed as numbers,
 * so their byte order is the host's (0100007F is 127.0.0.1 on x86); the port
 * is a plain hex number. The parser is a pure function over one line; the
 * listening_ports table feeds it the files.
 */
#ifndef EG_TABLES_PROC_NET_H
#define EG_TABLES_PROC_NET_H

#include <stddef.h>
#include <stdint.h>

/* TCP states of the st column that matter here (include/net/tcp_states.h). */
#define EG_TCP_LISTEN 0x0Au
#define EG_TCP_CLOSE 0x07u /* also an unconnected UDP socket */

/* Room for the longest text of an address (INET6_ADDRSTRLEN). */
#define EG_ADDR_TEXT_MAX 46

struct eg_sock {
	int family;       /* 4 or 6 */
	uint8_t addr[16]; /* local address in network order (4 bytes for IPv4) */
	unsigned port;    /* local port */
	unsigned state;   /* the st column */
	uint64_t uid;
	uint64_t inode;   /* 0 for sockets without one (TIME_WAIT...) */
};

/*
 * Parses one line of a /proc/net socket file; ipv6 is 1 for tcp6/udp6
 * (32-digit addresses). Returns 0 and fills *out, or EG_E_PARSE for the
 * header and anything malformed (wrong widths, non-hex, missing columns).
 */
int eg_proc_net_line(const char *line, size_t len, int ipv6,
		     struct eg_sock *out);

/* 1 when line is the header line ("sl local_address ..."). */
int eg_proc_net_is_header(const char *line, size_t len);

/* 1 when s listens: a TCP socket in LISTEN, or an unconnected UDP socket
 * (state CLOSE), which is how `ss -l` sees them. */
int eg_sock_listening(const struct eg_sock *s, int udp);

/*
 * Writes the local address as text to buf (at least EG_ADDR_TEXT_MAX bytes):
 * "0.0.0.0", "127.0.0.1", "::", "::1", IPv4-mapped as "::ffff:1.2.3.4"
 * (inet_ntop's forms).
 */
void eg_sock_addr_text(const struct eg_sock *s, char *buf, size_t n);

#endif
