#!/usr/bin/env python3
"""Hostile and special HTTP peers for tests/cli/test_web.sh, on 127.0.0.1.

Usage: http_peer.py MODE PORTFILE

Listens on a free loopback port, writes it to PORTFILE, and answers every
connection the way MODE says until killed:

  trace_cors      a plain site whose TRACE echoes the request and whose CORS
                  reflects any Origin with credentials; "/" is 200, every
                  other path 404
  endless_headers a status line, then header lines forever
  slow_drip       a valid response, one byte per second
  redirect_loop   every path redirects: /a -> /b -> /a ...
  gzip_bomb       200 with a gzip body that inflates to 256 MiB of zeros
  huge_length     Content-Length: 10^15, then bytes as fast as they are read
  malformed       a status line that is not HTTP
"""
import os
import socket
import sys
import threading
import time
import zlib


def read_request(conn):
    data = b""
    conn.settimeout(10)
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def bomb_body():
    # 256 MiB of zeros (~250 KiB of gzip), 64 times the client's cap;
    # compressed at start-up in 1 MiB steps
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [z.compress(block) for _ in range(256)]
    parts.append(z.flush())
    return b"".join(parts)


BOMB = None


def handle(mode, conn):
    try:
        req = read_request(conn)
        line = req.split(b"\r\n", 1)[0].split(b" ")
        method = line[0] if line else b""
        path = line[1] if len(line) > 1 else b"/"
        if mode == "trace_cors":
            if method == b"TRACE":
                body = req
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: message/http\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(body) + body)
                return
            origin = b""
            for h in req.split(b"\r\n")[1:]:
                if h.lower().startswith(b"origin:"):
                    origin = h.split(b":", 1)[1].strip()
            status, body = (b"200 OK", b"<html><body>shop</body></html>") \
                if path == b"/" else (b"404 Not Found", b"nope")
            cors = b""
            if origin:
                cors = (b"Access-Control-Allow-Origin: " + origin + b"\r\n"
                        b"Access-Control-Allow-Credentials: true\r\n")
            conn.sendall(b"HTTP/1.1 " + status + b"\r\n" + cors +
                         b"Content-Length: %d\r\n\r\n" % len(body) + body)
        elif mode == "endless_headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            i = 0
            while True:
                conn.sendall(b"".join(b"X-Endless-%d: %s\r\n" % (i + k, b"v" * 100)
                                      for k in range(100)))
                i += 100
        elif mode == "slow_drip":
            for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                conn.sendall(bytes([b]))
                time.sleep(1)
        elif mode == "redirect_loop":
            to = b"/b" if path == b"/a" else b"/a"
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: " + to +
                         b"\r\nContent-Length: 0\r\n\r\n")
        elif mode == "gzip_bomb":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(BOMB))
            conn.sendall(BOMB)
        elif mode == "huge_length":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n")
            block = b"A" * 65536
            while True:
                conn.sendall(block)
        elif mode == "malformed":
            conn.sendall(b"HTTP/1.1 OK maybe\r\nContent-Length: 0\r\n\r\n")
    except OSError:
        pass  # the client hung up: expected for every hostile mode
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    global BOMB
    mode, portfile = sys.argv[1], sys.argv[2]
    if mode == "gzip_bomb":
        BOMB = bomb_body()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handle, args=(mode, conn), daemon=True).start()


if __name__ == "__main__":
    main()
