# tls_servers.sh: test peers for the TLS scanner, shared by
# tests/cli/test_tls.sh and bench/tls.sh. Source it with $TMPD set, then:
#   tls_make_pki              a test CA and server certificates in $TMPD/pki:
#                             good.pem (localhost and 127.0.0.1, 90 days)
#                             with a stapled OCSP response good.ocsp
#                             ("good"), expired.pem (localhost, expired),
#                             other.pem (other.example, 10 days left),
#                             self.pem (self-signed, an ANSI escape in its
#                             subject); an intermediate CA int.pem issuing
#                             chain.pem (localhost, 60 days) and future.pem
#                             (localhost, valid from 30 days on); a 1024-bit
#                             DH prime dh1024.pem
#   tls_free_port             prints a free loopback port
#   tls_start_nginx           starts /usr/sbin/nginx on eight ports
#                             ($WEAK_PORT, $GOOD_PORT, $OTHER_PORT,
#                             $SELF_PORT, and for the chain and key-exchange
#                             tests $DHE_PORT, $FUTURE_PORT, $MISSING_PORT,
#                             $MESSY_PORT) with its config, pid and logs in
#                             $TMPD/nginx
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
			# good also names the address, for specs that give
			# https://127.0.0.1:PORT/ (no localhost needed)
			[ "$n" = good ] && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$n.ext"
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
		# An intermediate CA, and leaves it issues through `openssl
		# ca`, which can set a notBefore in the future.
		printf 'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n' >int.ext
		openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr \
			-subj "/CN=ecguard test intermediate" >/dev/null 2>&1 || exit 1
		openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 30 -extfile int.ext -out int.pem \
			>/dev/null 2>&1 || exit 1
		: >index.txt
		echo 1000 >int.srl
		cat >ca.cnf <<'CNF'
[ca]
default_ca = ica
[ica]
database = index.txt
new_certs_dir = .
serial = int.srl
default_md = sha256
policy = pol
unique_subject = no
[pol]
commonName = supplied
[leaf]
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
		local now=$(date -u +%Y%m%d%H%M%SZ)
		local end=$(date -u -d '+60 days' +%Y%m%d%H%M%SZ)
		local soon=$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)
		local later=$(date -u -d '+120 days' +%Y%m%d%H%M%SZ)
		for c in chain:$now:$end future:$soon:$later; do
			n=${c%%:*}
			rest=${c#*:}
			openssl req -newkey rsa:2048 -nodes -keyout "$n.key" \
				-out "$n.csr" -subj "/CN=localhost" >/dev/null 2>&1 || exit 1
			openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key \
				-in "$n.csr" -out "$n.pem" -notext -extensions leaf \
				-startdate "${rest%%:*}" -enddate "${rest#*:}" \
				>/dev/null 2>&1 || exit 1
		done
		cat future.pem int.pem >future-full.pem
		# leaf, an unrelated certificate, the root, then the
		# intermediate: out of order, one extra, the anchor sent
		cat chain.pem other.pem ca.pem int.pem >messy-full.pem
		# A stapled OCSP response for good.pem: "good".
		local serial
		serial=$(openssl x509 -in good.pem -noout -serial) || exit 1
		printf 'V\t%s\t\t%s\tunknown\t/CN=localhost\n' \
			"$(date -u -d '+90 days' +%y%m%d%H%M%SZ)" "${serial#serial=}" >ocsp.idx
		openssl ocsp -issuer ca.pem -cert good.pem -no_nonce \
			-reqout ocsp.req >/dev/null 2>&1 || exit 1
		openssl ocsp -index ocsp.idx -rsigner ca.pem -rkey ca.key \
			-CA ca.pem -reqin ocsp.req -respout good.ocsp -ndays 7 \
			>/dev/null 2>&1 || exit 1
		openssl dhparam -dsaparam -out dh1024.pem 1024 >/dev/null 2>&1 || exit 1
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
	ports=$(tls_free_port 8) || return 1
	read -r WEAK_PORT GOOD_PORT OTHER_PORT SELF_PORT DHE_PORT FUTURE_PORT \
		MISSING_PORT MESSY_PORT <<<"$ports"
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
		add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
		location / { return 200 "good\n"; }
	}
	# (c) a valid certificate for another name
	server {
		listen 127.0.0.1:$OTHER_PORT ssl;
		add_header Strict-Transport-Security "max-age=300" always;
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
	# (e) TLS 1.2 with DHE over a 1024-bit prime, two ECDHE groups in the
	# server's order, and a stapled OCSP response
	server {
		listen 127.0.0.1:$DHE_PORT ssl;
		ssl_certificate $p/good.pem;
		ssl_certificate_key $p/good.key;
		ssl_protocols TLSv1.2;
		ssl_ciphers DHE+AESGCM:ECDHE+AESGCM:@SECLEVEL=1;
		ssl_prefer_server_ciphers on;
		ssl_dhparam $p/dh1024.pem;
		ssl_ecdh_curve secp384r1:secp256r1;
		ssl_stapling on;
		ssl_stapling_file $p/good.ocsp;
		location / { return 200 "dhe\n"; }
	}
	# (f) a certificate valid only from 30 days on, with its intermediate
	server {
		listen 127.0.0.1:$FUTURE_PORT ssl;
		ssl_certificate $p/future-full.pem;
		ssl_certificate_key $p/future.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		location / { return 200 "future\n"; }
	}
	# (g) a leaf whose intermediate is not sent
	server {
		listen 127.0.0.1:$MISSING_PORT ssl;
		ssl_certificate $p/chain.pem;
		ssl_certificate_key $p/chain.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		location / { return 200 "missing\n"; }
	}
	# (h) the chain out of order, an unrelated certificate, the root
	server {
		listen 127.0.0.1:$MESSY_PORT ssl;
		ssl_certificate $p/messy-full.pem;
		ssl_certificate_key $p/chain.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		location / { return 200 "messy\n"; }
	}
}
CONF
	/usr/sbin/nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
		>"$d/stdout" 2>&1 &
	NGINX_PID=$!
	local i
	for i in $(seq 1 100); do
		if python3 - "$WEAK_PORT" "$GOOD_PORT" "$OTHER_PORT" "$SELF_PORT" \
			"$DHE_PORT" "$FUTURE_PORT" "$MISSING_PORT" "$MESSY_PORT" <<'PY' 2>/dev/null
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

# tls_start_http_nginx ROOT DIRECTIVES: starts /usr/sbin/nginx with one
# plain-HTTP server on a free loopback port ($HTTP_PORT) serving ROOT, with
# DIRECTIVES (nginx text) added inside the server block; config, pid and
# logs in $TMPD/nginx-http. Stop it with tls_stop_nginx. Returns 1 when
# nginx does not start after three ports.
tls_start_http_nginx() {
	local root=$1 directives=$2 d=$TMPD/nginx-http try i
	mkdir -p "$d/tmp" || return 1
	for try in 1 2 3; do
		HTTP_PORT=$(tls_free_port 1)
		cat >"$d/nginx.conf" <<CONF
daemon off;
worker_processes 2;
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
	server {
		listen 127.0.0.1:$HTTP_PORT;
		root $root;
		$directives
	}
}
CONF
		/usr/sbin/nginx -p "$d" -c "$d/nginx.conf" >"$d/stdout" 2>&1 &
		NGINX_PID=$!
		for i in $(seq 1 100); do
			if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()' "$HTTP_PORT" 2>/dev/null; then
				return 0
			fi
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.05
		done
		tls_stop_nginx
	done
	return 1
}
