# tls_servers.sh: test peers for the TLS scanner, shared by
# tests/cli/test_tls.sh and bench/tls.sh. Source it with $TMPD set, then:
#   tls_make_pki              a test CA and server certificates in $TMPD/pki:
#                             good.pem (localhost, 90 days), expired.pem
#                             (localhost, expired), other.pem (other.example,
#                             10 days left), self.pem (self-signed, an ANSI
#                             escape in its subject)
#   tls_free_port             prints a free loopback port
#   tls_start_nginx           starts /usr/sbin/nginx on four ports ($WEAK_PORT,
#                             $GOOD_PORT, $OTHER_PORT, $SELF_PORT) with its
#                             config, pid and logs in $TMPD/nginx
#   tls_stop_nginx            stops it (call from an EXIT trap)
# Only loopback addresses are used; nginx runs as the calling user with
# "daemon off" in the background, so no system nginx is touched.

tls_make_pki() {
	local d=$TMPD/pki
	mkdir -p "$d" || return 1
	(
		cd "$d" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key \
			-out ca.pem -days 30 -subj "/CN=ecguard test CA" \
			>/dev/null 2>&1 || exit 1
		for c in good:localhost:90 expired:localhost:-1 other:other.example:10; do
			n=${c%%:*}
			rest=${c#*:}
			cn=${rest%%:*}
			days=${rest#*:}
			printf 'subjectAltName=DNS:%s\n' "$cn" >"$n.ext"
			openssl req -newkey rsa:2048 -nodes -keyout "$n.key" \
				-out "$n.csr" -subj "/CN=$cn" >/dev/null 2>&1 || exit 1
			openssl x509 -req -in "$n.csr" -CA ca.pem -CAkey ca.key \
				-CAcreateserial -days "$days" -extfile "$n.ext" \
				-out "$n.pem" >/dev/null 2>&1 || exit 1
		done
		openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key \
			-out self.pem -days 90 \
			-subj "/O=$(printf 'evil\033[31mred')/CN=localhost" \
			-addext subjectAltName=DNS:localhost >/dev/null 2>&1 || exit 1
	)
}

# tls_free_port [N]: prints N (default 1) distinct free loopback ports; all
# are held open together while chosen, so no two are the same.
tls_free_port() {
	python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss:
    s.close()' "${1:-1}"
}

_tls_start_nginx_once() {
	local d=$TMPD/nginx p=$TMPD/pki
	mkdir -p "$d/tmp" || return 1
	# Another process may take a port between its choice and nginx's
	# bind: then nginx exits and tls_start_nginx tries again.
	local ports
	ports=$(tls_free_port 4) || return 1
	read -r WEAK_PORT GOOD_PORT OTHER_PORT SELF_PORT <<<"$ports"
	cat >"$d/nginx.conf" <<CONF
daemon off;
worker_processes 4;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 512; }
http {
	access_log off;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	# (a) weak: legacy protocols, every suite, an expired certificate
	server {
		listen 127.0.0.1:$WEAK_PORT ssl;
		ssl_certificate $p/expired.pem;
		ssl_certificate_key $p/expired.key;
		ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
		ssl_ciphers ALL:@SECLEVEL=0;
		location / { return 200 "weak\n"; }
	}
	# (b) good: TLS 1.2/1.3, ECDHE with AES-GCM or ChaCha20 only
	server {
		listen 127.0.0.1:$GOOD_PORT ssl;
		ssl_certificate $p/good.pem;
		ssl_certificate_key $p/good.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
		ssl_prefer_server_ciphers on;
		location / { return 200 "good\n"; }
	}
	# (c) a valid certificate for another name
	server {
		listen 127.0.0.1:$OTHER_PORT ssl;
		ssl_certificate $p/other.pem;
		ssl_certificate_key $p/other.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_ciphers ECDHE+AESGCM;
		location / { return 200 "other\n"; }
	}
	# (d) a self-signed certificate
	server {
		listen 127.0.0.1:$SELF_PORT ssl;
		ssl_certificate $p/self.pem;
		ssl_certificate_key $p/self.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		location / { return 200 "self\n"; }
	}
}
CONF
	/usr/sbin/nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
		>"$d/stdout" 2>&1 &
	NGINX_PID=$!
	local i
	for i in $(seq 1 100); do
		if python3 - "$WEAK_PORT" "$GOOD_PORT" "$OTHER_PORT" "$SELF_PORT" <<'PY' 2>/dev/null
import socket, sys
for p in sys.argv[1:]:
    socket.create_connection(("127.0.0.1", int(p)), timeout=0.2).close()
PY
		then
			return 0
		fi
		kill -0 "$NGINX_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$d/error.log" >&2
	return 1
}

tls_start_nginx() {
	local try
	for try in 1 2 3; do
		_tls_start_nginx_once && return 0
		tls_stop_nginx
	done
	return 1
}

tls_stop_nginx() {
	if [ -n "${NGINX_PID:-}" ]; then
		kill "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=
	fi
}
