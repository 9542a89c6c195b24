/*
 * http_client.c: the HTTP client (http_client.h). Each request is one
 * non-blocking socket driven by poll() against one deadline; TLS runs over
 * it through OpenSSL with the socket still non-blocking, so a handshake or
 * a read that stalls is bounded the same way. Connections are not reused:
 * every request says "Connection: close", which also delimits bodies of
 * servers that send neither a length nor chunks.
 */
#include "http_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

struct map_entry {
	char *host;
	unsigned port;
	char *addr;
};

struct eg_http_client {
	SSL_CTX *ctx;
	struct map_entry *map;
	size_t nmap;
};

int64_t eg_http_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_ip(const char *s)
{
	unsigned char b[16];
	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

void eg_http_client_free(struct eg_http_client *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nmap; i++) {
		free(c->map[i].host);
		free(c->map[i].addr);
	}
	free(c->map);
	SSL_CTX_free(c->ctx);
	free(c);
}

int eg_http_client_new(const struct eg_http_resolve *map, size_t n,
		       struct eg_http_client **out, struct eg_err *e)
{
	int rc;
	struct eg_http_client *c = eg_calloc(1, sizeof(*c));
	*out = NULL;
	if (c == NULL)
		return eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
	if (n > EG_WEB_MAX_RESOLVE) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("at most %u --resolve entries are accepted"),
				EG_WEB_MAX_RESOLVE);
		goto out;
	}
	c->map = eg_calloc(n ? n : 1, sizeof(*c->map));
	if (c->map == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (map[i].addr == NULL || !is_ip(map[i].addr) ||
		    map[i].host == NULL || map[i].host[0] == '\0') {
			rc = eg_err_set(e, EG_E_INVAL,
					_("--resolve needs HOST:PORT:ADDR with an IP address as ADDR, not \"%.*s\""),
					EG_QUOTE_MAX,
					map[i].addr ? map[i].addr : "");
			goto out;
		}
		c->map[i].host = eg_strdup(map[i].host);
		c->map[i].addr = eg_strdup(map[i].addr);
		c->map[i].port = map[i].port;
		c->nmap++;
		if (c->map[i].host == NULL || c->map[i].addr == NULL) {
			rc = eg_err_set(e, EG_E_NOMEM, "%s",
					_("out of memory"));
			goto out;
		}
	}
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (c->ctx == NULL) {
		rc = eg_err_set(e, EG_E_INTERNAL, "%s",
				_("cannot set up OpenSSL for HTTPS"));
		goto out;
	}
	/* Reach old and weak servers too: judging their TLS is the job of
	 * `ecguard tls`; this scan looks at what they serve. */
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_VERSION);
	SSL_CTX_set_security_level(c->ctx, 0);
	SSL_CTX_set_options(c->ctx, SSL_OP_LEGACY_SERVER_CONNECT |
				    SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	/* Without a system store every hop reads "not verified", which is
	 * what it then is: not an error. */
	SSL_CTX_set_default_verify_paths(c->ctx);
	*out = c;
	c = NULL;
	rc = 0;
out:
	eg_http_client_free(c);
	ERR_clear_error();
	return rc;
}

const struct eg_http_hop *eg_http_final(const struct eg_http_result *r)
{
	return r->nhops > 0 ? &r->hops[r->nhops - 1] : NULL;
}

static void hop_clear(struct eg_http_hop *h)
{
	free(h->url);
	free(h->addr);
	eg_http_response_free(h->resp);
	free(h->errmsg);
	free(h->tls_verify);
	free(h->tls_version);
}

void eg_http_result_free(struct eg_http_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nhops; i++)
		hop_clear(&r->hops[i]);
	free(r->hops);
	free(r);
}

/* ---- one connection --------------------------------------------------- */

struct conn {
	int fd;
	SSL *ssl;
	int64_t deadline;
	struct eg_http_hop *hop;
};

/* Records the hop's failure (the first one wins). */
static int hop_fail(struct eg_http_hop *h, int code, int timed_out,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int hop_fail(struct eg_http_hop *h, int code, int timed_out,
		    const char *fmt, ...)
{
	if (h->err != 0)
		return h->err;
	char msg[EG_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h->err = code;
	h->timed_out = timed_out;
	h->errmsg = eg_strdup(msg);
	return code;
}

/* 1 when fd is ready for ev, 0 at the deadline, -1 on error. */
static int wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - eg_http_clock_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = ev};
		int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int timeout_fail(struct conn *k, const char *what)
{
	return hop_fail(k->hop, EG_E_IO, 1,
			_("no answer within the time limit (%s)"),
			what);
}

/* Connects to one address. 0, or an error recorded in the hop when it was
 * the deadline (else the caller tries the next address). */
static int connect_one(struct conn *k, const struct addrinfo *ai, int *err)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
				       SOCK_CLOEXEC, ai->ai_protocol);
	*err = 0;
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		if (errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			return -1;
		}
		int r = wait_fd(fd, POLLOUT, k->deadline);
		int soerr = 0;
		socklen_t sl = sizeof(soerr);
		if (r == 0) {
			close(fd);
			return timeout_fail(k, _("connecting"));
		}
		if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
					&sl) != 0 || soerr != 0) {
			*err = soerr != 0 ? soerr : errno;
			close(fd);
			return -1;
		}
	}
	k->fd = fd;
	return 0;
}

static const char *map_lookup(const struct eg_http_client *c,
			      const struct eg_http_url *u)
{
	for (size_t i = 0; i < c->nmap; i++)
		if (strcasecmp(c->map[i].host, u->host) == 0 &&
		    c->map[i].port == u->port)
			return c->map[i].addr;
	for (size_t i = 0; i < c->nmap; i++)
		if (strcasecmp(c->map[i].host, u->host) == 0 &&
		    c->map[i].port == 0)
			return c->map[i].addr;
	return NULL;
}

static int tcp_open(struct eg_http_client *c, struct conn *k,
		    const struct eg_http_url *u)
{
	struct addrinfo hints, *res = NULL;
	char port[8];
	const char *mapped = map_lookup(c, u);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | (mapped != NULL ? AI_NUMERICHOST : 0);
	snprintf(port, sizeof(port), "%u", u->port);
	/* getaddrinfo has no deadline of its own; the system resolver's
	 * timeouts bound it (resolv.conf). */
	int r = getaddrinfo(mapped != NULL ? mapped : u->host, port, &hints,
			    &res);
	if (r != 0 || res == NULL)
		return hop_fail(k->hop, EG_E_NOTFOUND, 0,
				_("cannot resolve host \"%s\": %s"),
				u->host, gai_strerror(r));
	int err = 0, rc = -1;
	for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
		rc = connect_one(k, ai, &err);
		if (rc == 0) {
			char a[INET6_ADDRSTRLEN + 8], h[INET6_ADDRSTRLEN];
			if (getnameinfo(ai->ai_addr, ai->ai_addrlen, h,
					sizeof(h), NULL, 0, NI_NUMERICHOST) == 0) {
				snprintf(a, sizeof(a), ai->ai_family == AF_INET6 ?
					 "[%s]:%u" : "%s:%u", h, u->port);
				k->hop->addr = eg_strdup(a);
			}
			break;
		}
		if (k->hop->err != 0)
			break; /* the deadline: no time for other addresses */
	}
	freeaddrinfo(res);
	if (rc != 0 && k->hop->err == 0)
		hop_fail(k->hop, EG_E_IO, 0, _("cannot connect: %s"),
			 strerror(err ? err : ECONNREFUSED));
	return rc == 0 ? 0 : k->hop->err;
}

static int ssl_wait(struct conn *k, int r, const char *what)
{
	int w = SSL_get_error(k->ssl, r);
	if (w != SSL_ERROR_WANT_READ && w != SSL_ERROR_WANT_WRITE)
		return -1;
	int x = wait_fd(k->fd, w == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
			k->deadline);
	if (x == 0)
		return timeout_fail(k, what);
	return x < 0 ? -1 : 0;
}

static int tls_open(struct eg_http_client *c, struct conn *k,
		    const struct eg_http_url *u)
{
	struct eg_http_hop *h = k->hop;
	h->tls = 1;
	k->ssl = SSL_new(c->ctx);
	if (k->ssl == NULL)
		return hop_fail(h, EG_E_NOMEM, 0, "%s", _("out of memory"));
	if (u->ipv6 || is_ip(u->host)) {
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(k->ssl), u->host);
	} else {
		SSL_set_tlsext_host_name(k->ssl, u->host);
		SSL_set1_host(k->ssl, u->host);
	}
	if (SSL_set_fd(k->ssl, k->fd) != 1)
		return hop_fail(h, EG_E_INTERNAL, 0, "%s",
				_("cannot set up OpenSSL for HTTPS"));
	for (;;) {
		int r = SSL_connect(k->ssl);
		if (r == 1)
			break;
		int x = ssl_wait(k, r, _("TLS handshake"));
		if (x > 0 || h->err != 0)
			return h->err;
		if (x < 0) {
			unsigned long le = ERR_peek_last_error();
			char reason[256] = "";
			if (le != 0)
				ERR_error_string_n(le, reason, sizeof(reason));
			return hop_fail(h, EG_E_IO, 0,
					_("TLS handshake failed%s%s"),
					reason[0] ? ": " : "", reason);
		}
	}
	long v = SSL_get_verify_result(k->ssl);
	h->tls_verified = v == X509_V_OK &&
			  SSL_get0_peer_certificate(k->ssl) != NULL;
	h->tls_verify = eg_strdup(SSL_get0_peer_certificate(k->ssl) == NULL ?
				  "no certificate" : v == X509_V_OK ? "ok" :
				  X509_verify_cert_error_string(v));
	h->tls_version = eg_strdup(SSL_get_version(k->ssl));
	return 0;
}

static int conn_write(struct conn *k, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w;
		if (k->ssl != NULL) {
			int r = SSL_write(k->ssl, p, n > 1 << 30 ? 1 << 30 : (int)n);
			if (r <= 0) {
				int x = ssl_wait(k, r, _("sending"));
				if (x < 0 || k->hop->err != 0)
					goto fail;
				continue;
			}
			w = r;
		} else {
			w = send(k->fd, p, n, MSG_NOSIGNAL);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				if (errno != EAGAIN && errno != EWOULDBLOCK)
					goto fail;
				int x = wait_fd(k->fd, POLLOUT, k->deadline);
				if (x == 0)
					return timeout_fail(k, _("sending"));
				if (x < 0)
					goto fail;
				continue;
			}
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
fail:
	return hop_fail(k->hop, EG_E_IO, 0,
			_("the connection broke while sending the request"));
}

/* Reads some bytes: > 0, 0 at end of stream, < 0 on error (recorded). */
static ssize_t conn_read(struct conn *k, unsigned char *b, size_t n)
{
	for (;;) {
		if (k->ssl != NULL) {
			int r = SSL_read(k->ssl, b, (int)n);
			if (r > 0)
				return r;
			int w = SSL_get_error(k->ssl, r);
			if (w == SSL_ERROR_ZERO_RETURN)
				return 0;
			if (w == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
				return 0; /* closed without close_notify */
			int x = ssl_wait(k, r, _("reading the response"));
			if (x == 0)
				continue;
			if (k->hop->err == 0)
				hop_fail(k->hop, EG_E_IO, 0,
					 _("the TLS connection broke while reading the response"));
			return -1;
		}
		ssize_t r = recv(k->fd, b, n, 0);
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			hop_fail(k->hop, EG_E_IO, 0,
				 _("the connection broke while reading the response: %s"),
				 strerror(errno));
			return -1;
		}
		int x = wait_fd(k->fd, POLLIN, k->deadline);
		if (x == 0) {
			timeout_fail(k, _("reading the response"));
			return -1;
		}
		if (x < 0) {
			hop_fail(k->hop, EG_E_IO, 0,
				 _("the connection broke while reading the response: %s"),
				 strerror(errno));
			return -1;
		}
	}
}

static int token_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') ||
		      strchr("!#$%&'*+-.^_`|~", c) != NULL))
			return 0;
	}
	return 1;
}

static int value_ok(const char *s)
{
	for (; s != NULL && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return s != NULL;
}

/* The request bytes; EG_E_INVAL for a header the client does not send. */
static int build_request(const struct eg_http_url *u, const char *method,
			 const struct eg_http_request *rq, struct eg_buf *b,
			 struct eg_err *e)
{
	static const char *const reserved[] = {
		"Host", "Connection", "Content-Length", "Transfer-Encoding",
		"Accept-Encoding", NULL,
	};
	eg_buf_addf(b, "%s %s HTTP/1.1\r\nHost: ", method, u->path);
	eg_http_url_hostport(u, b);
	eg_buf_adds(b, "\r\nUser-Agent: ecguard/" EG_VERSION
		    " (security audit)\r\nAccept: */*\r\n"
		    "Accept-Encoding: gzip\r\nConnection: close\r\n");
	for (size_t i = 0; i < rq->nheaders; i++) {
		const struct eg_http_header *h = &rq->headers[i];
		int bad = !token_ok(h->name) || !value_ok(h->value);
		for (size_t r = 0; !bad && reserved[r] != NULL; r++)
			bad = strcasecmp(h->name, reserved[r]) == 0;
		if (bad)
			return eg_err_set(e, EG_E_INVAL,
					  _("request header \"%.*s\" cannot be sent"),
					  EG_QUOTE_MAX, h->name ? h->name : "");
		eg_buf_addf(b, "%s: %s\r\n", h->name, h->value);
	}
	eg_buf_adds(b, "\r\n");
	return b->err != 0 ? eg_err_set(e, b->err, "%s",
					_("request too long")) : 0;
}

/* One request to u; the outcome is recorded in h. */
static int one_hop(struct eg_http_client *c, const struct eg_http_url *u,
		   const char *method, const struct eg_http_request *rq,
		   struct eg_http_hop *h, const struct eg_buf *req)
{
	int64_t t0 = eg_http_clock_ms();
	struct conn k = {.fd = -1, .hop = h};
	struct eg_http_parser *p = NULL;
	unsigned timeout = rq->timeout_ms ? rq->timeout_ms :
			   EG_HTTP_TIMEOUT_DEFAULT_MS;
	k.deadline = t0 + timeout;
	if (rq->not_after_ms > 0 && rq->not_after_ms < k.deadline)
		k.deadline = rq->not_after_ms;
	if (k.deadline <= t0) {
		hop_fail(h, EG_E_IO, 1, _("the scan's time budget is spent"));
		goto out;
	}
	if (tcp_open(c, &k, u) != 0)
		goto out;
	if (strcmp(u->scheme, "https") == 0 && tls_open(c, &k, u) != 0)
		goto out;
	if (conn_write(&k, req->data, req->len) != 0)
		goto out;
	if (eg_http_parser_new(strcmp(method, "HEAD") == 0, rq->body_max,
			       &p) != 0) {
		hop_fail(h, EG_E_NOMEM, 0, "%s", _("out of memory"));
		goto out;
	}
	unsigned char buf[16384];
	int pr = EG_HTTP_MORE;
	while (pr == EG_HTTP_MORE) {
		ssize_t r = conn_read(&k, buf, sizeof(buf));
		if (r < 0)
			goto out;
		pr = r == 0 ? eg_http_parser_eof(p) :
		     eg_http_parser_feed(p, buf, (size_t)r, NULL);
	}
	if (pr != EG_HTTP_DONE) {
		hop_fail(h, pr, 0, "%s", eg_http_parser_error(p));
		goto out;
	}
	h->resp = eg_http_parser_take(p);
out:
	eg_http_parser_free(p);
	if (k.ssl != NULL) {
		SSL_set_quiet_shutdown(k.ssl, 1);
		SSL_free(k.ssl);
	}
	if (k.fd >= 0)
		close(k.fd);
	ERR_clear_error();
	h->ms = eg_http_clock_ms() - t0;
	return h->err;
}

static int is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

int eg_http_fetch(struct eg_http_client *c, const struct eg_http_url *url,
		  const struct eg_http_request *rq,
		  struct eg_http_result **out, struct eg_err *e)
{
	int rc;
	struct eg_http_result *r = NULL;
	struct eg_http_url cur;
	struct eg_buf req, ub;
	const char *method = rq->method != NULL ? rq->method : "GET";
	memset(&cur, 0, sizeof(cur));
	eg_buf_init(&req, 64u * 1024u);
	eg_buf_init(&ub, EG_URL_MAX + 64);
	*out = NULL;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	    strcmp(method, "OPTIONS") != 0 && strcmp(method, "TRACE") != 0) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("method %.*s is not one the client sends (GET, HEAD, OPTIONS, TRACE)"),
				EG_QUOTE_MAX, method);
		goto out;
	}
	if (rq->nheaders > EG_HTTP_MAX_REQ_HEADERS) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("at most %u extra request headers"),
				EG_HTTP_MAX_REQ_HEADERS);
		goto out;
	}
	unsigned maxr = rq->max_redirects > EG_HTTP_MAX_REDIRECTS ?
			EG_HTTP_MAX_REDIRECTS : rq->max_redirects;
	r = eg_calloc(1, sizeof(*r));
	if (r == NULL || (r->hops = eg_calloc(maxr + 1, sizeof(*r->hops))) ==
			 NULL || eg_http_url_copy(&cur, url) != 0) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
		goto out;
	}
	for (;;) {
		struct eg_http_hop *h = &r->hops[r->nhops++];
		eg_buf_reset(&ub);
		eg_buf_reset(&req);
		eg_http_url_format(&cur, &ub);
		h->url = eg_strdup(eg_buf_str(&ub));
		if (h->url == NULL || ub.err != 0) {
			rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
			goto out;
		}
		if ((rc = build_request(&cur, method, rq, &req, e)) != 0)
			goto out;
		if (one_hop(c, &cur, method, rq, h, &req) != 0) {
			r->stop = EG_HTTP_STOP_ERROR;
			break;
		}
		if (maxr == 0 || !is_redirect(h->resp->status)) {
			r->stop = EG_HTTP_STOP_FINAL;
			break;
		}
		const char *loc = eg_http_header_get(h->resp, "Location");
		struct eg_http_url next;
		struct eg_err le;
		eg_err_clear(&le);
		if (loc == NULL || eg_http_url_resolve(&cur, loc, &next, &le) != 0) {
			r->stop = EG_HTTP_STOP_BAD_LOCATION;
			break;
		}
		if (strcmp(next.host, cur.host) != 0) {
			r->stop = EG_HTTP_STOP_OTHER_HOST;
			eg_http_url_clear(&next);
			break;
		}
		eg_buf_reset(&ub);
		eg_http_url_format(&next, &ub);
		int loop = 0;
		for (size_t i = 0; i < r->nhops; i++)
			if (strcmp(r->hops[i].url, eg_buf_str(&ub)) == 0)
				loop = 1;
		if (loop || r->nhops > maxr) {
			r->stop = loop ? EG_HTTP_STOP_LOOP : EG_HTTP_STOP_LIMIT;
			eg_http_url_clear(&next);
			break;
		}
		/* 303 asks for a GET; browsers also turn a redirected POST
		 * into GET after 301/302, and we never send a body. */
		if (h->resp->status == 303 && strcmp(method, "HEAD") != 0)
			method = "GET";
		eg_http_url_clear(&cur);
		cur = next;
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	eg_http_result_free(r);
	eg_http_url_clear(&cur);
	eg_buf_free(&req);
	eg_buf_free(&ub);
	return rc;
}
