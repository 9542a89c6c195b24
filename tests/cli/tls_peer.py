#!/usr/bin/env python3
"""tls_peer.py: hostile and legacy TLS peers on loopback for test_tls.sh.

Usage: tls_peer.py MODE PORTFILE
Binds 127.0.0.1 on a free port, writes the port to PORTFILE, and serves
every connection in its own thread until killed, adding a line to
PORTFILE.conns for each (tests count the connections a scan makes):
  junk    answers anything with an HTTP response, then closes
  silent  accepts and never sends a byte
  drip    sends a TLS record header, then one byte every 200 ms
  sslv3   an SSLv3-only server: to an SSLv3 ClientHello offering 0x000a
          (DES-CBC3-SHA) or 0x002f (AES128-SHA) it answers a ServerHello
          choosing the first of those two it was offered; to anything else
          a handshake_failure or protocol_version alert
  legacy  the same for every version from SSLv3 to TLS 1.2 (a ServerHello
          of the version the client asked for): an old server with 3DES
  deflate the same as legacy, but choosing DEFLATE compression (1) when
          the client offers it: a server open to CRIME
"""
import socket
import struct
import sys
import threading
import time

SUPPORTED = [0x000A, 0x002F]


def read_exact(c, n):
    b = b""
    while len(b) < n:
        k = c.recv(n - len(b))
        if not k:
            raise EOFError
        b += k
    return b


def sslv3(c, newest=0x0300, deflate=False):
    hdr = read_exact(c, 5)
    typ, ver, ln = struct.unpack("!BHH", hdr)
    body = read_exact(c, ln)
    if typ != 0x16 or body[0] != 1:
        raise EOFError
    hello_ver = struct.unpack("!H", body[4:6])[0]
    if not 0x0300 <= hello_ver <= newest:
        c.sendall(bytes([0x15, 3, 0, 0, 2, 2, 70]))  # protocol_version
        return
    p = 6 + 32
    sid = body[p]
    p += 1 + sid
    n = struct.unpack("!H", body[p:p + 2])[0]
    p += 2
    offered = [struct.unpack("!H", body[p + i:p + i + 2])[0]
               for i in range(0, n, 2)]
    p += n
    comps = body[p + 1:p + 1 + body[p]]
    pick = next((s for s in SUPPORTED if s in offered), None)
    if pick is None:
        c.sendall(bytes([0x15, 3, 0, 0, 2, 2, 40]))  # handshake_failure
        return
    sh = struct.pack("!H", hello_ver) + bytes(32) + b"\x00" + \
        struct.pack("!HB", pick, 1 if deflate and 1 in comps else 0)
    msg = b"\x02" + struct.pack("!I", len(sh))[1:] + sh
    done = b"\x0e\x00\x00\x00"
    rec = msg + done
    c.sendall(struct.pack("!BHH", 0x16, hello_ver, len(rec)) + rec)
    time.sleep(0.05)


def serve(mode, c):
    try:
        if mode == "junk":
            c.recv(4096)
            c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n\x00\xff garbage")
        elif mode == "silent":
            time.sleep(30)
        elif mode == "drip":
            c.sendall(b"\x16\x03\x03\x40\x00")
            for _ in range(150):
                time.sleep(0.2)
                c.sendall(b"\x02")
        elif mode == "sslv3":
            sslv3(c)
        elif mode == "legacy":
            sslv3(c, 0x0303)
        elif mode == "deflate":
            sslv3(c, 0x0303, deflate=True)
    except (OSError, EOFError, IndexError, struct.error):
        pass
    finally:
        c.close()


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    while True:
        c, _ = s.accept()
        with open(portfile + ".conns", "a") as f:  # one line a connection
            f.write("1\n")
        threading.Thread(target=serve, args=(mode, c), daemon=True).start()


if __name__ == "__main__":
    main()
