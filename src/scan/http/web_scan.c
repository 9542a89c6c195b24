/*
 * web_scan.c: the HTTP exposure scanner (web_scan.h).
 *
 * A scan is three steps. (1) The main page, alone: if it cannot be fetched
 * at all, nothing else is tried. (2) In parallel: the site's not-found
 * shapes (four random paths of the kinds probed later: plain, .php, dot
 * file, folder), plain HTTP for the redirect check, TRACE, and CORS with a
 * foreign Origin. (3) In parallel, once the not-found shapes are known:
 * security.txt, the sensitive paths, folders that might list, and the admin
 * URLs. Then every result is judged in this thread, in a fixed order, so
 * the output does not depend on which request finished first.
 *
 * Bodies seen are kept only while judging; a finding's evidence names what
 * matched (a marker, key names), never a value.
 */
#include "web_scan.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/rand.h>

#include "../../util/buf.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "../../util/num.h"
#include "url.h"

/* ---- the checks ------------------------------------------------------- */

struct body {
	const char *s;
	size_t n;
};

typedef int (*match_fn)(const struct body *b, struct eg_buf *evidence);

struct path_check {
	const char *path;
	const char *id;
	const char *severity;
	match_fn match;
};

/* Case-insensitive search of an ASCII needle in a byte string. */
static const char *find_ci(const struct body *b, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; nl <= b->n && i <= b->n - nl; i++)
		if (strncasecmp(b->s + i, needle, nl) == 0)
			return b->s + i;
	return NULL;
}

static const char *find(const struct body *b, const char *needle)
{
	return memmem(b->s, b->n, needle, strlen(needle));
}

static int starts(const struct body *b, const char *p, size_t n)
{
	return b->n >= n && memcmp(b->s, p, n) == 0;
}

static int looks_html(const struct body *b)
{
	return find_ci(b, "<html") != NULL || find_ci(b, "<!doctype") != NULL ||
	       find_ci(b, "<body") != NULL;
}

static int is_hex40(const char *s, size_t n)
{
	if (n < 40)
		return 0;
	for (size_t i = 0; i < 40; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return n == 40 || s[40] == '\n' || s[40] == '\r';
}

static int m_git_head(const struct body *b, struct eg_buf *ev)
{
	if (starts(b, "ref: refs/", 10)) {
		eg_buf_adds(ev, _("a Git HEAD naming a branch (\"ref: refs/...\")"));
		return 1;
	}
	if (b->n <= 42 && is_hex40(b->s, b->n)) {
		eg_buf_adds(ev, _("a Git HEAD holding a commit id"));
		return 1;
	}
	return 0;
}

static int m_git_config(const struct body *b, struct eg_buf *ev)
{
	if (find(b, "[core]") == NULL || looks_html(b))
		return 0;
	eg_buf_adds(ev, find(b, "[remote") != NULL ?
		    _("a Git config with a [core] section and remotes (their URLs may hold credentials)") :
		    _("a Git config with a [core] section"));
	return 1;
}

static int m_svn_entries(const struct body *b, struct eg_buf *ev)
{
	size_t l = 0;
	while (l < b->n && l < 4 && b->s[l] >= '0' && b->s[l] <= '9')
		l++;
	uint64_t v;
	if (l == 0 || l >= b->n || b->s[l] != '\n' ||
	    eg_parse_u64n(b->s, l, 10, 8, 12, &v) != 0)
		return 0;
	eg_buf_addf(ev, _("a Subversion entries file (format %u)"),
		    (unsigned)v);
	return 1;
}

static int m_sqlite(const struct body *b, struct eg_buf *ev)
{
	if (!starts(b, "SQLite format 3", 16))
		return 0;
	eg_buf_adds(ev, _("an SQLite database (Subversion's wc.db)"));
	return 1;
}

/* KEY=VALUE lines: evidence lists the keys, never a value. */
static int m_env(const struct body *b, struct eg_buf *ev)
{
	static const char *const secret_keys[] = {
		"APP_KEY", "APP_SECRET", "DB_PASSWORD", "DATABASE_URL",
		"ECCUBE_AUTH_MAGIC", "MAILER_URL", "MAILER_DSN", "SECRET_KEY",
		"AWS_SECRET_ACCESS_KEY", "DB_USERNAME", "REDIS_PASSWORD", NULL,
	};
	if (looks_html(b))
		return 0;
	unsigned lines = 0, secret = 0, shown = 0;
	struct eg_buf keys;
	eg_buf_init(&keys, 1024);
	for (size_t i = 0; i < b->n;) {
		const char *l = b->s + i;
		const char *nl = memchr(l, '\n', b->n - i);
		size_t ll = nl ? (size_t)(nl - l) : b->n - i;
		i += ll + 1;
		size_t k = 0;
		if (ll > 7 && strncmp(l, "export ", 7) == 0) {
			l += 7;
			ll -= 7;
		}
		while (k < ll && ((l[k] >= 'A' && l[k] <= 'Z') ||
				  (l[k] >= 'a' && l[k] <= 'z') || l[k] == '_' ||
				  (k > 0 && l[k] >= '0' && l[k] <= '9')))
			k++;
		if (k == 0 || k >= ll || l[k] != '=')
			continue;
		lines++;
		for (size_t s = 0; secret_keys[s] != NULL; s++)
			if (strlen(secret_keys[s]) == k &&
			    strncmp(l, secret_keys[s], k) == 0)
				secret++;
		if (shown < 8) {
			if (shown++ > 0)
				eg_buf_adds(&keys, ", ");
			eg_buf_add(&keys, l, k);
		}
	}
	int ok = lines >= 2 || secret > 0;
	if (ok) {
		eg_buf_addf(ev, _("%u KEY=VALUE lines, keys %s%s (values hidden)"),
			    lines, eg_buf_str(&keys), lines > shown ? ", ..." : "");
	}
	eg_buf_free(&keys);
	return ok;
}

static int m_htaccess(const struct body *b, struct eg_buf *ev)
{
	static const char *const dirs[] = {
		"RewriteEngine", "RewriteRule", "RewriteCond", "Options",
		"Deny from", "Allow from", "Require ", "Order ", "AuthType",
		"AuthUserFile", "<IfModule", "<Files", "php_value", "php_flag",
		"DirectoryIndex", "ErrorDocument", "Header ", NULL,
	};
	if (looks_html(b))
		return 0;
	for (size_t i = 0; i < b->n;) {
		const char *l = b->s + i;
		const char *nl = memchr(l, '\n', b->n - i);
		size_t ll = nl ? (size_t)(nl - l) : b->n - i;
		i += ll + 1;
		while (ll > 0 && (*l == ' ' || *l == '\t')) {
			l++;
			ll--;
		}
		for (size_t d = 0; dirs[d] != NULL; d++) {
			size_t dl = strlen(dirs[d]);
			if (ll >= dl && strncasecmp(l, dirs[d], dl) == 0) {
				eg_buf_addf(ev, _("Apache directives (%s)"),
					    dirs[d]);
				return 1;
			}
		}
	}
	return 0;
}

static int m_sql(const struct body *b, struct eg_buf *ev)
{
	static const char *const marks[] = {
		"-- MySQL dump", "-- MariaDB dump", "-- PostgreSQL database dump",
		"-- phpMyAdmin SQL Dump", "CREATE TABLE", "INSERT INTO", NULL,
	};
	if (looks_html(b))
		return 0;
	for (size_t i = 0; marks[i] != NULL; i++)
		if (find(b, marks[i]) != NULL) {
			eg_buf_addf(ev, _("an SQL dump (\"%s\")"), marks[i]);
			return 1;
		}
	return 0;
}

static int m_zip(const struct body *b, struct eg_buf *ev)
{
	if (!starts(b, "PK\003\004", 4))
		return 0;
	eg_buf_adds(ev, _("a ZIP archive (PK\\x03\\x04)"));
	return 1;
}

static int m_php_source(const struct body *b, struct eg_buf *ev)
{
	if (find(b, "<?php") == NULL)
		return 0;
	eg_buf_adds(ev, _("PHP source code (\"<?php\"), served as text"));
	return 1;
}

static int m_installer(const struct body *b, struct eg_buf *ev)
{
	if (find_ci(b, "<form") == NULL ||
	    (find_ci(b, "install") == NULL && find_ci(b, "setup") == NULL &&
	     find(b, "インストール") == NULL))
		return 0;
	eg_buf_adds(ev, _("an installer page (a form about installation or setup)"));
	return 1;
}

static int m_phpinfo(const struct body *b, struct eg_buf *ev)
{
	if (find(b, "phpinfo()") == NULL &&
	    (find(b, "PHP Version") == NULL || find_ci(b, "<table") == NULL))
		return 0;
	eg_buf_adds(ev, _("phpinfo() output (PHP version, configuration, environment)"));
	return 1;
}

static int m_apache_status(const struct body *b, struct eg_buf *ev)
{
	if (find(b, "Apache Server Status") == NULL)
		return 0;
	eg_buf_adds(ev, _("Apache's server-status page (clients and the URLs they request)"));
	return 1;
}

static int m_nginx_status(const struct body *b, struct eg_buf *ev)
{
	if (!starts(b, "Active connections:", 19))
		return 0;
	eg_buf_adds(ev, _("nginx's stub_status page"));
	return 1;
}

/* First non-space byte. */
static char first_char(const struct body *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->s[i] != ' ' && b->s[i] != '\t' && b->s[i] != '\n' &&
		    b->s[i] != '\r')
			return b->s[i];
	return '\0';
}

static int m_installed_json(const struct body *b, struct eg_buf *ev)
{
	char c = first_char(b);
	if ((c != '{' && c != '[') || find(b, "\"name\"") == NULL ||
	    find(b, "\"version\"") == NULL)
		return 0;
	eg_buf_adds(ev, _("Composer's installed.json (every package with its version)"));
	return 1;
}

static int m_composer_json(const struct body *b, struct eg_buf *ev)
{
	if (first_char(b) != '{' || find(b, "\"require\"") == NULL)
		return 0;
	eg_buf_adds(ev, _("composer.json (the application's dependencies)"));
	return 1;
}

static int m_composer_lock(const struct body *b, struct eg_buf *ev)
{
	if (first_char(b) != '{' || (find(b, "\"content-hash\"") == NULL &&
				     find(b, "\"packages\"") == NULL))
		return 0;
	eg_buf_adds(ev, _("composer.lock (exact versions of every package)"));
	return 1;
}

static int is_listing(const struct body *b)
{
	return find_ci(b, "<title>Index of /") != NULL ||
	       find_ci(b, "<h1>Index of /") != NULL ||
	       find_ci(b, "Directory listing for /") != NULL ||
	       find(b, "[To Parent Directory]") != NULL;
}

static int m_listing(const struct body *b, struct eg_buf *ev)
{
	if (!is_listing(b))
		return 0;
	eg_buf_adds(ev, _("a directory listing (\"Index of /...\")"));
	return 1;
}

static int m_eccube_config(const struct body *b, struct eg_buf *ev)
{
	if (find(b, "<?php") == NULL && find(b, "define(") == NULL)
		return 0;
	eg_buf_adds(ev, _("EC-CUBE 2 configuration source (database settings)"));
	return 1;
}

static const struct path_check path_checks[] = {
	{"/.git/HEAD", "web.git_exposed", "high", m_git_head},
	{"/.git/config", "web.git_exposed", "high", m_git_config},
	{"/.svn/entries", "web.svn_exposed", "high", m_svn_entries},
	{"/.svn/wc.db", "web.svn_exposed", "high", m_sqlite},
	{"/.env", "web.env_exposed", "critical", m_env},
	{"/.htaccess", "web.htaccess_exposed", "medium", m_htaccess},
	{"/backup.sql", "web.sql_dump_exposed", "critical", m_sql},
	{"/dump.sql", "web.sql_dump_exposed", "critical", m_sql},
	{"/db.sql", "web.sql_dump_exposed", "critical", m_sql},
	{"/backup.zip", "web.archive_exposed", "high", m_zip},
	{"/site.zip", "web.archive_exposed", "high", m_zip},
	{"/wp-config.php~", "web.source_backup_exposed", "high", m_php_source},
	{"/wp-config.php.bak", "web.source_backup_exposed", "high",
	 m_php_source},
	{"/index.php.bak", "web.source_backup_exposed", "high", m_php_source},
	{"/install/", "web.installer_exposed", "high", m_installer},
	{"/setup/", "web.installer_exposed", "high", m_installer},
	{"/install.php", "web.installer_exposed", "high", m_installer},
	{"/phpinfo.php", "web.phpinfo_exposed", "high", m_phpinfo},
	{"/info.php", "web.phpinfo_exposed", "high", m_phpinfo},
	{"/server-status", "web.server_status_exposed", "medium",
	 m_apache_status},
	{"/nginx_status", "web.server_status_exposed", "medium",
	 m_nginx_status},
	{"/vendor/composer/installed.json", "web.framework_file_exposed",
	 "medium", m_installed_json},
	{"/composer.json", "web.framework_file_exposed", "low",
	 m_composer_json},
	{"/composer.lock", "web.framework_file_exposed", "medium",
	 m_composer_lock},
	{"/var/log/", "web.private_dir_exposed", "high", m_listing},
	{"/app/config/eccube/", "web.private_dir_exposed", "high", m_listing},
	{"/data/", "web.private_dir_exposed", "high", m_listing},
	{"/data/config/config.php", "web.eccube_data_exposed", "critical",
	 m_eccube_config},
};

/* Folders that often list their files when autoindex is on. */
static const char *const listing_dirs[] = {
	"/images/", "/upload/", "/uploads/", "/files/", "/backup/", "/tmp/",
	"/user_data/",
};

#define NPATHS (sizeof(path_checks) / sizeof(path_checks[0]))
#define NLISTING (sizeof(listing_dirs) / sizeof(listing_dirs[0]))
#define NPROBES 4

/* ---- jobs and the pool ------------------------------------------------ */

enum job_kind {
	J_404, J_HTTP, J_TRACE, J_CORS, J_SECTXT, J_PATH, J_LISTING, J_ADMIN
};

struct job {
	enum job_kind kind;
	const char *purpose;
	struct eg_http_url url;
	char *path;                   /* J_404, J_PATH, J_LISTING */
	const struct path_check *pc;  /* J_PATH */
	struct eg_http_header hdr;    /* TRACE marker, CORS Origin */
	int nhdr;
	const char *method;
	unsigned redirects;
	size_t body_max;
	struct eg_http_result *res;
	int rc;
	int skipped;                  /* out of requests or time */
};

struct scan {
	const struct eg_web_opts *o;
	struct eg_http_client *client;
	int64_t not_after;
	unsigned timeout;
	pthread_mutex_t mu;
	unsigned requests;
	int budget_spent;
	struct job *jobs;
	size_t njobs, next;
	char token[33];
};

static void run_job(struct scan *s, struct job *j)
{
	pthread_mutex_lock(&s->mu);
	/* Reserve the most hops this job may make, so the cap holds even
	 * with every worker redirecting at once. */
	int ok = s->requests + j->redirects + 1 <= EG_WEB_MAX_REQUESTS &&
		 eg_http_clock_ms() < s->not_after;
	if (ok)
		s->requests += j->redirects + 1;
	else
		s->budget_spent = 1;
	pthread_mutex_unlock(&s->mu);
	if (!ok) {
		j->skipped = 1;
		return;
	}
	struct eg_http_request rq = {
		.method = j->method,
		.headers = j->nhdr ? &j->hdr : NULL,
		.nheaders = (size_t)j->nhdr,
		.timeout_ms = s->timeout,
		.not_after_ms = s->not_after,
		.body_max = j->body_max,
		.max_redirects = j->redirects,
	};
	struct eg_err e;
	eg_err_clear(&e);
	j->rc = eg_http_fetch(s->client, &j->url, &rq, &j->res, &e);
	pthread_mutex_lock(&s->mu);
	/* give back the hops not used */
	size_t used = j->res != NULL ? j->res->nhops : 0;
	s->requests -= j->redirects + 1 - (unsigned)used;
	pthread_mutex_unlock(&s->mu);
}

static void *worker(void *arg)
{
	struct scan *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->mu);
		size_t i = s->next < s->njobs ? s->next++ : s->njobs;
		pthread_mutex_unlock(&s->mu);
		if (i >= s->njobs)
			return NULL;
		run_job(s, &s->jobs[i]);
	}
}

/* Runs jobs [0, n) on the pool; returns when all are done. */
static int run_pool(struct scan *s, struct job *jobs, size_t n)
{
	unsigned nt = s->o->threads ? s->o->threads : EG_WEB_THREADS;
	if (nt > EG_WEB_THREADS)
		nt = EG_WEB_THREADS;
	if (nt > n)
		nt = (unsigned)n;
	pthread_t th[EG_WEB_THREADS];
	unsigned started = 0;
	s->jobs = jobs;
	s->njobs = n;
	s->next = 0;
	for (unsigned i = 1; i < nt; i++) {
		if (pthread_create(&th[started], NULL, worker, s) != 0)
			break;
		started++;
	}
	worker(s); /* this thread works too, so a failed create only slows */
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	return 0;
}

/* ---- building the result ---------------------------------------------- */

static int sev_rank(const char *s)
{
	static const char *const order[] = {"info", "low", "medium", "high",
					    "critical"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, order[i]) == 0)
			return i;
	return 0;
}

int eg_web_severity_fails(const char *severity)
{
	return sev_rank(severity) > 0;
}

static int add_finding(struct eg_web_result *r, const char *id,
		       const char *sev, const char *url, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int add_finding(struct eg_web_result *r, const char *id,
		       const char *sev, const char *url, const char *fmt, ...)
{
	struct eg_web_finding *nf = eg_reallocarray(r->findings,
						    r->nfindings + 1,
						    sizeof(*nf));
	if (nf == NULL)
		return EG_E_NOMEM;
	r->findings = nf;
	struct eg_web_finding *f = &nf[r->nfindings];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->severity = sev;
	struct eg_buf b;
	eg_buf_init(&b, 8192);
	va_list ap;
	va_start(ap, fmt);
	eg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->url = eg_strdup(url);
	f->reason = eg_buf_steal(&b, NULL);
	eg_buf_free(&b);
	r->nfindings++;
	if (f->url == NULL || f->reason == NULL)
		return EG_E_NOMEM;
	return 0;
}

static int copy_headers(const struct eg_http_response *resp,
			struct eg_http_header **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (resp == NULL || resp->nheaders == 0)
		return 0;
	*out = eg_calloc(resp->nheaders, sizeof(**out));
	if (*out == NULL)
		return EG_E_NOMEM;
	for (size_t i = 0; i < resp->nheaders; i++) {
		(*out)[i].name = eg_strdup(resp->headers[i].name);
		(*out)[i].value = eg_strdup(resp->headers[i].value);
		(*n)++;
		if ((*out)[i].name == NULL || (*out)[i].value == NULL)
			return EG_E_NOMEM;
	}
	return 0;
}

static void free_headers(struct eg_http_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
}

/* Records every hop of res as a response. */
static int add_responses(struct eg_web_result *r,
			 const struct eg_http_result *res, const char *purpose,
			 const char *method)
{
	if (res == NULL)
		return 0;
	struct eg_web_response *nr = eg_reallocarray(r->responses,
						     r->nresponses + res->nhops,
						     sizeof(*nr));
	if (nr == NULL)
		return EG_E_NOMEM;
	r->responses = nr;
	for (size_t i = 0; i < res->nhops; i++) {
		const struct eg_http_hop *h = &res->hops[i];
		struct eg_web_response *w = &nr[r->nresponses++];
		memset(w, 0, sizeof(*w));
		w->purpose = purpose;
		w->method = method != NULL ? method : "GET";
		w->url = eg_strdup(h->url);
		w->error = h->errmsg != NULL ? eg_strdup(h->errmsg) : NULL;
		w->timed_out = h->timed_out;
		w->tls = h->tls;
		w->tls_verified = h->tls_verified;
		w->tls_verify = h->tls_verify ? eg_strdup(h->tls_verify) : NULL;
		w->tls_version = h->tls_version ? eg_strdup(h->tls_version) :
				 NULL;
		w->ms = h->ms;
		if (h->resp != NULL) {
			w->status = h->resp->status;
			w->body_len = h->resp->body_len;
			w->body_truncated = h->resp->body_truncated;
			if (copy_headers(h->resp, &w->headers, &w->nheaders))
				return EG_E_NOMEM;
		}
		if (w->url == NULL)
			return EG_E_NOMEM;
	}
	return 0;
}

static const struct eg_http_response *final_resp(const struct job *j)
{
	if (j->res == NULL)
		return NULL;
	return eg_http_final(j->res)->resp;
}

/* ---- not-found shapes ------------------------------------------------- */

struct shape {
	int valid;
	int status;
	size_t len;       /* after removing the path */
	uint64_t hash;
};

/* FNV-1a of the body with every occurrence of cut removed (a not-found
 * page that echoes the path it was asked for keeps one shape). */
static void shape_of(const struct eg_http_response *resp, const char *cut,
		     struct shape *sh)
{
	uint64_t h = 1469598103934665603ull;
	size_t cl = cut != NULL ? strlen(cut) : 0, len = 0;
	const unsigned char *b = resp->body;
	for (size_t i = 0; i < resp->body_len;) {
		if (cl > 0 && resp->body_len - i >= cl &&
		    memcmp(b + i, cut, cl) == 0) {
			i += cl;
			continue;
		}
		h = (h ^ b[i]) * 1099511628211ull;
		len++;
		i++;
	}
	sh->valid = 1;
	sh->status = resp->status;
	sh->len = len;
	sh->hash = h;
}

static int matches_404(const struct shape *probes, const struct shape *sh)
{
	for (int i = 0; i < NPROBES; i++) {
		const struct shape *p = &probes[i];
		if (!p->valid || p->status != sh->status)
			continue;
		if (p->hash == sh->hash)
			return 1;
		/* dynamic not-found pages (a timestamp, a token) differ a
		 * little each time; small bodies must match exactly */
		size_t d = p->len > sh->len ? p->len - sh->len :
			   sh->len - p->len;
		if (p->len >= 512 && d <= p->len / 20 + 16)
			return 1;
	}
	return 0;
}

/* ---- judging ---------------------------------------------------------- */

/* HSTS max-age in seconds, or -1 when there is none. */
static int64_t hsts_max_age(const char *v)
{
	const char *p = v;
	while ((p = strcasestr(p, "max-age")) != NULL) {
		const char *q = p + 7;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '=') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			int quoted = *q == '"';
			q += quoted;
			size_t n = strspn(q, "0123456789");
			uint64_t x;
			if (n > 0 && n <= 18 &&
			    eg_parse_u64n(q, n, 10, 0, UINT64_MAX, &x) == 0)
				return (int64_t)x;
			return -1;
		}
		p = q;
	}
	return -1;
}

static int has_version(const char *v)
{
	for (const char *p = v; *p; p++)
		if (*p >= '0' && *p <= '9')
			return 1;
	return 0;
}

static int judge_headers(struct eg_web_result *r,
			 const struct eg_http_response *m, const char *url,
			 int https)
{
	int rc = 0;
	const char *v;
	if (https) {
		v = eg_http_header_get(m, "Strict-Transport-Security");
		int64_t ma = v != NULL ? hsts_max_age(v) : -1;
		if (v == NULL)
			rc |= add_finding(r, "web.hsts_missing", "medium", url, "%s",
					  _("no Strict-Transport-Security header: browsers may reach the site over plain HTTP first"));
		else if (ma < 31536000)
			rc |= add_finding(r, "web.hsts_short", "low", url,
					  _("Strict-Transport-Security max-age is %lld seconds; one year (31536000) or more is advised"),
					  (long long)ma);
	}
	v = eg_http_header_get(m, "Content-Security-Policy");
	if (v == NULL)
		rc |= add_finding(r, "web.csp_missing", "medium", url, "%s",
				  _("no Content-Security-Policy header: nothing limits where scripts may come from (the defence against injected skimming scripts)"));
	const char *xcto = eg_http_header_get(m, "X-Content-Type-Options");
	if (xcto == NULL || strcasecmp(xcto, "nosniff") != 0)
		rc |= add_finding(r, "web.xcto_missing", "low", url, "%s",
				  _("no \"X-Content-Type-Options: nosniff\": browsers may guess content types"));
	const char *xfo = eg_http_header_get(m, "X-Frame-Options");
	int framed = (v != NULL && strcasestr(v, "frame-ancestors") != NULL) ||
		     (xfo != NULL && (strcasecmp(xfo, "DENY") == 0 ||
				      strcasecmp(xfo, "SAMEORIGIN") == 0));
	if (!framed)
		rc |= add_finding(r, "web.framing_allowed", "medium", url, "%s",
				  _("neither CSP frame-ancestors nor X-Frame-Options: other sites may frame the page (clickjacking)"));
	if (eg_http_header_get(m, "Referrer-Policy") == NULL)
		rc |= add_finding(r, "web.referrer_policy_missing", "low", url,
				  "%s", _("no Referrer-Policy header: full URLs may leak to other sites"));
	if (eg_http_header_get(m, "Permissions-Policy") == NULL)
		rc |= add_finding(r, "web.permissions_policy_missing", "low", url,
				  "%s", _("no Permissions-Policy header: browser features (camera, payment, geolocation) are not restricted"));
	v = eg_http_header_get(m, "Server");
	if (v != NULL && has_version(v))
		rc |= add_finding(r, "web.server_banner", "low", url,
				  _("the Server header tells the software version (\"%s\"); hide it (nginx: server_tokens off; Apache: ServerTokens Prod)"),
				  v);
	static const char *const powered[] = {"X-Powered-By", "X-AspNet-Version",
					      "X-AspNetMvc-Version", NULL};
	for (size_t i = 0; powered[i] != NULL; i++) {
		v = eg_http_header_get(m, powered[i]);
		if (v != NULL)
			rc |= add_finding(r, "web.powered_by", "low", url,
					  _("the %s header tells the software (\"%s\"); remove it (PHP: expose_php = Off)"),
					  powered[i], v);
	}
	return rc != 0 ? EG_E_NOMEM : 0;
}

static int session_name(const char *n)
{
	static const char *const names[] = {
		"sess", "sid", "phpsessid", "jsessionid", "eccube", "token",
		"auth", "login", NULL,
	};
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcasestr(n, names[i]) != NULL)
			return 1;
	return 0;
}

static int add_cookies(struct eg_web_result *r, const struct eg_http_hop *h,
		       int https)
{
	const struct eg_http_response *resp = h->resp;
	for (size_t i = 0; resp != NULL && i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, "Set-Cookie") != 0)
			continue;
		struct eg_cookie c;
		const char *v = resp->headers[i].value;
		int prc = eg_cookie_parse(v, strlen(v), &c);
		if (prc == EG_E_NOMEM)
			return prc;
		if (prc != 0)
			continue;
		struct eg_web_cookie *nc = eg_reallocarray(r->cookies,
							   r->ncookies + 1,
							   sizeof(*nc));
		if (nc == NULL) {
			eg_cookie_clear(&c);
			return EG_E_NOMEM;
		}
		r->cookies = nc;
		struct eg_web_cookie *w = &nc[r->ncookies++];
		memset(w, 0, sizeof(*w));
		w->url = eg_strdup(h->url);
		w->name = c.name;
		c.name = NULL;
		w->value_len = strlen(c.value);
		w->secure = c.secure;
		w->httponly = c.httponly;
		w->samesite = c.samesite;
		w->path = c.path;
		w->domain = c.domain;
		w->expires = c.expires;
		w->has_max_age = c.has_max_age;
		w->max_age = c.max_age;
		c.samesite = c.path = c.domain = c.expires = NULL;
		int deleting = w->value_len == 0 ||
			       (c.has_max_age && c.max_age <= 0);
		eg_cookie_clear(&c);
		if (w->url == NULL)
			return EG_E_NOMEM;
		w->session = !deleting && (session_name(w->name) ||
					   (w->expires == NULL &&
					    !w->has_max_age));
		if (!w->session)
			continue;
		int rc = 0;
		if (https && !w->secure)
			rc |= add_finding(r, "web.cookie_not_secure", "medium",
					  h->url,
					  _("session cookie \"%s\" lacks Secure: it is also sent over plain HTTP"),
					  w->name);
		if (!w->httponly)
			rc |= add_finding(r, "web.cookie_not_httponly", "medium",
					  h->url,
					  _("session cookie \"%s\" lacks HttpOnly: a script (an injected skimmer) can read it"),
					  w->name);
		if (w->samesite == NULL)
			rc |= add_finding(r, "web.cookie_no_samesite", "low",
					  h->url,
					  _("session cookie \"%s\" has no SameSite attribute: set Lax or Strict against cross-site request forgery"),
					  w->name);
		if (rc != 0)
			return EG_E_NOMEM;
	}
	return 0;
}

/* RFC 9116: Contact and Expires fields; Expires in the future. */
static int judge_security_txt(struct eg_web_result *r, const struct job *j,
			      const struct shape *probes)
{
	const struct eg_http_response *resp = final_resp(j);
	const char *url = eg_http_final(j->res)->url;
	struct shape sh;
	if (resp != NULL)
		shape_of(resp, j->path, &sh);
	struct body b = {resp ? (const char *)resp->body : "",
			 resp ? resp->body_len : 0};
	if (resp == NULL || resp->status != 200 || matches_404(probes, &sh) ||
	    looks_html(&b))
		return add_finding(r, "web.security_txt_missing", "low", url,
				   "%s", _("no /.well-known/security.txt (RFC 9116): nobody knows where to report a vulnerability"));
	int contact = 0;
	int64_t expires = -1;
	int bad_expires = 0;
	for (size_t i = 0; i < b.n;) {
		const char *l = b.s + i;
		const char *nl = memchr(l, '\n', b.n - i);
		size_t ll = nl ? (size_t)(nl - l) : b.n - i;
		i += ll + 1;
		if (ll > 0 && l[ll - 1] == '\r')
			ll--;
		if (ll > 8 && strncasecmp(l, "Contact:", 8) == 0)
			contact = 1;
		if (ll > 8 && strncasecmp(l, "Expires:", 8) == 0) {
			/* RFC 3339, e.g. 2026-12-31T23:59:59Z or +09:00 */
			const char *v = l + 8;
			size_t vl = ll - 8;
			while (vl > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			struct tm tm;
			memset(&tm, 0, sizeof(tm));
			char tmp[64];
			snprintf(tmp, sizeof(tmp), "%.*s",
				 (int)(vl < 63 ? vl : 63), v);
			const char *end = strptime(tmp, "%Y-%m-%dT%H:%M:%S", &tm);
			if (end == NULL) {
				bad_expires = 1;
				continue;
			}
			int64_t t = (int64_t)timegm(&tm);
			if (*end == '.')
				end += 1 + strspn(end + 1, "0123456789");
			if ((end[0] == '+' || end[0] == '-') &&
			    strlen(end) == 6 && end[3] == ':') {
				uint64_t hh, mm;
				if (eg_parse_u64n(end + 1, 2, 10, 0, 23, &hh) ||
				    eg_parse_u64n(end + 4, 2, 10, 0, 59, &mm)) {
					bad_expires = 1;
					continue;
				}
				int64_t off = (int64_t)(hh * 3600 + mm * 60);
				t += end[0] == '+' ? -off : off;
			} else if (strcmp(end, "Z") != 0 && strcmp(end, "z") != 0) {
				bad_expires = 1;
				continue;
			}
			expires = t;
		}
	}
	int rc = 0;
	if (!contact)
		rc |= add_finding(r, "web.security_txt_invalid", "low", url, "%s",
				  _("security.txt has no Contact field (RFC 9116 requires one)"));
	if (expires < 0)
		rc |= add_finding(r, "web.security_txt_invalid", "low", url, "%s",
				  bad_expires ?
				  _("security.txt has an Expires field that is not an RFC 3339 date") :
				  _("security.txt has no Expires field (RFC 9116 requires one)"));
	else if (expires < (int64_t)time(NULL))
		rc |= add_finding(r, "web.security_txt_expired", "low", url, "%s",
				  _("security.txt has expired (its Expires date is past): renew it"));
	return rc != 0 ? EG_E_NOMEM : 0;
}

static int has_password_field(const struct body *b)
{
	return find_ci(b, "type=\"password\"") != NULL ||
	       find_ci(b, "type='password'") != NULL ||
	       find_ci(b, "type=password") != NULL;
}

static int judge_admin(struct eg_web_result *r, const struct job *j,
		       const struct shape *probes, int same_origin)
{
	const struct eg_http_hop *h = eg_http_final(j->res);
	const struct eg_http_response *resp = h->resp;
	if (resp == NULL)
		return 0; /* not reachable from here: as it should be */
	struct body b = {(const char *)resp->body, resp->body_len};
	struct shape sh;
	shape_of(resp, j->url.path, &sh);
	if (same_origin && matches_404(probes, &sh))
		return 0;
	if (resp->status == 401 ||
	    (resp->status >= 200 && resp->status < 300 &&
	     has_password_field(&b)))
		return add_finding(r, "web.admin_reachable", "low", h->url,
				   _("admin screen reachable from this address (status %d, it asks for a login); restrict it to the operators' addresses"),
				   resp->status);
	if (resp->status >= 200 && resp->status < 300)
		return add_finding(r, "web.admin_no_auth", "high", h->url,
				   _("admin screen answers %d without asking for a login"),
				   resp->status);
	return 0;
}

static int judge_path(struct eg_web_result *r, const struct job *j,
		      const struct shape *probes)
{
	struct eg_web_path *np = eg_reallocarray(r->paths, r->npaths + 1,
						 sizeof(*np));
	if (np == NULL)
		return EG_E_NOMEM;
	r->paths = np;
	struct eg_web_path *p = &np[r->npaths++];
	memset(p, 0, sizeof(*p));
	p->path = eg_strdup(j->path);
	p->check = j->kind == J_LISTING ? "web.directory_listing" : j->pc->id;
	if (p->path == NULL)
		return EG_E_NOMEM;
	if (j->skipped) {
		p->error = eg_strdup(_("not tried: the scan's request or time budget was spent"));
		return p->error ? 0 : EG_E_NOMEM;
	}
	const struct eg_http_hop *h = eg_http_final(j->res);
	p->url = eg_strdup(h->url);
	if (p->url == NULL)
		return EG_E_NOMEM;
	if (h->resp == NULL) {
		p->error = eg_strdup(h->errmsg ? h->errmsg : "");
		return p->error ? 0 : EG_E_NOMEM;
	}
	const struct eg_http_response *resp = h->resp;
	p->status = resp->status;
	p->length = resp->body_len;
	struct shape sh;
	shape_of(resp, j->path, &sh);
	p->soft404 = matches_404(probes, &sh);
	if (p->soft404 || resp->status < 200 || resp->status >= 300 ||
	    resp->encoded)
		return 0;
	struct body b = {(const char *)resp->body, resp->body_len};
	struct eg_buf ev;
	eg_buf_init(&ev, 1024);
	match_fn m = j->kind == J_LISTING ? m_listing : j->pc->match;
	int rc = 0;
	if (m(&b, &ev)) {
		p->exposed = 1;
		p->evidence = eg_buf_steal(&ev, NULL);
		if (p->evidence == NULL) {
			rc = EG_E_NOMEM;
		} else if (j->kind == J_LISTING) {
			rc = add_finding(r, "web.directory_listing", "medium",
					 h->url,
					 _("the folder lists its files (autoindex or Options Indexes is on): %s"),
					 p->evidence);
		} else {
			rc = add_finding(r, j->pc->id, j->pc->severity, h->url,
					 _("%s is public and holds %s"), j->path,
					 p->evidence);
		}
	}
	eg_buf_free(&ev);
	return rc;
}

/* ---- the scan --------------------------------------------------------- */

static void job_init(struct job *j, enum job_kind kind, const char *purpose,
		     unsigned redirects, size_t body_max)
{
	memset(j, 0, sizeof(*j));
	j->kind = kind;
	j->purpose = purpose;
	j->redirects = redirects;
	j->body_max = body_max;
}

static int job_url(struct job *j, const struct eg_http_url *base, const char *ref)
{
	struct eg_err e;
	eg_err_clear(&e);
	return eg_http_url_resolve(base, ref, &j->url, &e);
}

static void jobs_free(struct job *jobs, size_t n)
{
	for (size_t i = 0; jobs != NULL && i < n; i++) {
		eg_http_url_clear(&jobs[i].url);
		free(jobs[i].path);
		free(jobs[i].hdr.value);
		eg_http_result_free(jobs[i].res);
	}
	free(jobs);
}

void eg_web_result_free(struct eg_web_result *r)
{
	if (r == NULL)
		return;
	free(r->target);
	free(r->final_url);
	free_headers(r->headers, r->nheaders);
	for (size_t i = 0; i < r->nresponses; i++) {
		struct eg_web_response *w = &r->responses[i];
		free(w->url);
		free(w->error);
		free_headers(w->headers, w->nheaders);
		free(w->tls_verify);
		free(w->tls_version);
	}
	free(r->responses);
	for (size_t i = 0; i < r->ncookies; i++) {
		struct eg_web_cookie *c = &r->cookies[i];
		free(c->url);
		free(c->name);
		free(c->samesite);
		free(c->path);
		free(c->domain);
		free(c->expires);
	}
	free(r->cookies);
	for (size_t i = 0; i < r->npaths; i++) {
		free(r->paths[i].path);
		free(r->paths[i].url);
		free(r->paths[i].evidence);
		free(r->paths[i].error);
	}
	free(r->paths);
	for (size_t i = 0; i < r->nfindings; i++) {
		free(r->findings[i].url);
		free(r->findings[i].reason);
	}
	free(r->findings);
	free(r);
}

static void make_token(char out[33])
{
	unsigned char rnd[16];
	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		/* not secret, only unlikely to exist on the site */
		uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)eg_http_clock_ms();
		for (size_t i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)(t >> (8 * (i % 8))) ^
				 (unsigned char)i;
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		snprintf(out + 2 * i, 3, "%02x", rnd[i]);
}

static int cmp_findings(const void *a, const void *b)
{
	const struct eg_web_finding *x = a, *y = b;
	int d = sev_rank(y->severity) - sev_rank(x->severity);
	if (d != 0)
		return d;
	d = strcmp(x->id, y->id);
	return d != 0 ? d : strcmp(x->url, y->url);
}

/* The main page: fetched alone, following redirects on the same host. */
static int fetch_main(struct scan *s, const struct eg_http_url *base,
		      struct eg_http_result **res, struct eg_err *e)
{
	struct eg_http_request rq = {
		.timeout_ms = s->timeout,
		.not_after_ms = s->not_after,
		.max_redirects = 5,
	};
	int rc = eg_http_fetch(s->client, base, &rq, res, e);
	if (rc != 0)
		return rc;
	s->requests += (unsigned)(*res)->nhops;
	const struct eg_http_hop *first = &(*res)->hops[0];
	if (first->resp == NULL)
		return eg_err_set(e, first->err == EG_E_NOTFOUND ?
				  EG_E_NOTFOUND : EG_E_IO, "%s",
				  first->errmsg ? first->errmsg :
				  _("the site cannot be reached"));
	return 0;
}

int eg_web_scan(const struct eg_web_opts *o, struct eg_web_result **out,
		struct eg_err *e)
{
	int rc;
	struct scan s;
	struct eg_http_url base, top;
	struct eg_web_result *r = NULL;
	struct eg_http_result *mainres = NULL;
	struct job *j1 = NULL, *j2 = NULL;
	size_t n1 = 0, n2 = 0;
	struct shape probes[NPROBES];
	int mu_init = 0;
	memset(&s, 0, sizeof(s));
	memset(&base, 0, sizeof(base));
	memset(&top, 0, sizeof(top));
	memset(probes, 0, sizeof(probes));
	*out = NULL;
	if (o->nadmin > EG_WEB_MAX_ADMIN) {
		rc = eg_err_set(e, EG_E_INVAL, _("at most %u admin URLs"),
				EG_WEB_MAX_ADMIN);
		goto out;
	}
	if ((rc = eg_http_url_parse(o->url, &base, e)) != 0)
		goto out;
	s.o = o;
	s.timeout = o->timeout_ms ? o->timeout_ms : EG_HTTP_TIMEOUT_DEFAULT_MS;
	s.not_after = eg_http_clock_ms() +
		      (o->budget_ms ? o->budget_ms : EG_WEB_BUDGET_MS);
	if (pthread_mutex_init(&s.mu, NULL) != 0) {
		rc = eg_err_set(e, EG_E_INTERNAL, "%s", _("internal error"));
		goto out;
	}
	mu_init = 1;
	make_token(s.token);
	if ((rc = eg_http_client_new(o->resolve, o->nresolve, &s.client, e)))
		goto out;
	r = eg_calloc(1, sizeof(*r));
	if (r == NULL || (r->target = eg_strdup(o->url)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
		goto out;
	}
	/* admin URLs are checked before any traffic: a typo is a usage
	 * error, not a finding */
	for (size_t i = 0; i < o->nadmin; i++) {
		struct eg_http_url a;
		struct eg_err ae;
		eg_err_clear(&ae);
		if (eg_http_url_resolve(&base, o->admin[i], &a, &ae) != 0) {
			rc = eg_err_set(e, EG_E_INVAL,
					_("bad admin URL \"%.*s\": %s"),
					EG_QUOTE_MAX, o->admin[i],
					eg_err_msg(&ae));
			goto out;
		}
		eg_http_url_clear(&a);
	}

	/* (1) the main page */
	if ((rc = fetch_main(&s, &base, &mainres, e)) != 0)
		goto out;
	const struct eg_http_hop *mh = NULL;
	for (size_t i = 0; i < mainres->nhops; i++)
		if (mainres->hops[i].resp != NULL)
			mh = &mainres->hops[i];
	if (mh == NULL) { /* fetch_main saw the first hop answer */
		rc = eg_err_set(e, EG_E_INTERNAL, "%s", _("internal error"));
		goto out;
	}
	const struct eg_http_response *m = mh->resp;
	if ((rc = eg_http_url_parse(mh->url, &top, e)) != 0)
		goto out;
	int https = strcmp(top.scheme, "https") == 0;
	r->final_url = eg_strdup(mh->url);
	r->status = m->status;
	if (r->final_url == NULL ||
	    copy_headers(m, &r->headers, &r->nheaders) != 0 ||
	    add_responses(r, mainres, "main", "GET") != 0)
		goto nomem;

	/* (2) not-found shapes, plain HTTP, TRACE, CORS */
	static const char *const probe_pre[NPROBES] = {
		"/ecguard-", "/ecguard-", "/.ecguard-", "/ecguard-",
	};
	static const char *const probe_suf[NPROBES] = {"", ".php", "", "/"};
	j1 = eg_calloc(NPROBES + 3, sizeof(*j1));
	if (j1 == NULL)
		goto nomem;
	for (int i = 0; i < NPROBES; i++) {
		struct job *j = &j1[n1++];
		char p[64];
		snprintf(p, sizeof(p), "%s%s%s", probe_pre[i], s.token,
			 probe_suf[i]);
		job_init(j, J_404, "404", 3, EG_WEB_PROBE_BODY_MAX);
		if ((j->path = eg_strdup(p)) == NULL ||
		    job_url(j, &top, p) != 0)
			goto nomem;
	}
	if (https) {
		struct job *j = &j1[n1++];
		job_init(j, J_HTTP, "http", 0, EG_WEB_PROBE_BODY_MAX);
		if (eg_http_url_copy(&j->url, &top) != 0)
			goto nomem;
		free(j->url.scheme);
		j->url.scheme = eg_strdup("http");
		free(j->url.path);
		j->url.path = eg_strdup("/");
		j->url.port = o->http_port ? o->http_port : 80;
		if (j->url.scheme == NULL || j->url.path == NULL)
			goto nomem;
	}
	struct job *jt = &j1[n1++];
	job_init(jt, J_TRACE, "trace", 0, EG_WEB_PROBE_BODY_MAX);
	jt->method = "TRACE";
	jt->hdr.name = "X-Ecguard-Trace";
	jt->hdr.value = eg_strdup(s.token);
	jt->nhdr = 1;
	if (jt->hdr.value == NULL || job_url(jt, &top, "/") != 0)
		goto nomem;
	struct job *jc = &j1[n1++];
	job_init(jc, J_CORS, "cors", 0, EG_WEB_PROBE_BODY_MAX);
	struct eg_buf ob;
	eg_buf_init(&ob, 128);
	eg_buf_addf(&ob, "https://ecguard-%.12s.example", s.token);
	jc->hdr.name = "Origin";
	jc->hdr.value = eg_buf_steal(&ob, NULL);
	eg_buf_free(&ob);
	jc->nhdr = 1;
	if (jc->hdr.value == NULL || job_url(jc, &top, top.path) != 0)
		goto nomem;
	run_pool(&s, j1, n1);
	for (int i = 0; i < NPROBES; i++) {
		const struct eg_http_response *pr = final_resp(&j1[i]);
		if (pr != NULL)
			shape_of(pr, j1[i].path, &probes[i]);
	}

	/* (3) security.txt, sensitive paths, listings, admin screens */
	j2 = eg_calloc(1 + NPATHS + NLISTING + o->nadmin, sizeof(*j2));
	if (j2 == NULL)
		goto nomem;
	struct job *js = &j2[n2++];
	job_init(js, J_SECTXT, "security.txt", 3, EG_WEB_PROBE_BODY_MAX);
	if ((js->path = eg_strdup("/.well-known/security.txt")) == NULL ||
	    job_url(js, &top, js->path) != 0)
		goto nomem;
	for (size_t i = 0; i < NPATHS; i++) {
		struct job *j = &j2[n2++];
		job_init(j, J_PATH, "path", 3, EG_WEB_PROBE_BODY_MAX);
		j->pc = &path_checks[i];
		if ((j->path = eg_strdup(path_checks[i].path)) == NULL ||
		    job_url(j, &top, j->path) != 0)
			goto nomem;
	}
	for (size_t i = 0; i < NLISTING; i++) {
		struct job *j = &j2[n2++];
		job_init(j, J_LISTING, "listing", 0, EG_WEB_PROBE_BODY_MAX);
		if ((j->path = eg_strdup(listing_dirs[i])) == NULL ||
		    job_url(j, &top, j->path) != 0)
			goto nomem;
	}
	for (size_t i = 0; i < o->nadmin; i++) {
		struct job *j = &j2[n2++];
		job_init(j, J_ADMIN, "admin", 5, EG_WEB_PROBE_BODY_MAX);
		if (job_url(j, &base, o->admin[i]) != 0)
			goto nomem;
	}
	run_pool(&s, j2, n2);

	/* judging, in a fixed order */
	rc = 0;
	if (mainres->stop == EG_HTTP_STOP_LOOP ||
	    mainres->stop == EG_HTTP_STOP_LIMIT)
		rc |= add_finding(r, "web.redirect_loop", "medium", mh->url,
				  mainres->stop == EG_HTTP_STOP_LOOP ?
				  _("the page redirects in a loop (%zu requests); visitors get an error") :
				  _("the page redirects more than %zu times; visitors get an error"),
				  mainres->nhops);
	if (!https)
		rc |= add_finding(r, "web.no_https", "high", mh->url, "%s",
				  _("the site is served over plain HTTP and does not redirect to HTTPS"));
	rc |= judge_headers(r, m, mh->url, https);
	for (size_t i = 0; i < mainres->nhops; i++)
		if (mainres->hops[i].resp != NULL)
			rc |= add_cookies(r, &mainres->hops[i], https);
	if (rc != 0)
		goto nomem;
	for (size_t i = 0; i < n1; i++) {
		struct job *j = &j1[i];
		const struct eg_http_response *jr = final_resp(j);
		const char *u = j->res ? eg_http_final(j->res)->url : "";
		if (add_responses(r, j->res, j->purpose, j->method) != 0)
			goto nomem;
		if (j->skipped)
			continue;
		struct body b = {jr ? (const char *)jr->body : "",
				 jr ? jr->body_len : 0};
		if (j->kind == J_HTTP && jr != NULL) {
			const char *loc = eg_http_header_get(jr, "Location");
			struct eg_http_url to;
			struct eg_err le;
			int ok = 0;
			eg_err_clear(&le);
			if (jr->status >= 300 && jr->status < 400 && loc &&
			    eg_http_url_resolve(&j->url, loc, &to, &le) == 0) {
				ok = strcmp(to.scheme, "https") == 0;
				eg_http_url_clear(&to);
			}
			if (!ok)
				rc |= add_finding(r, "web.http_no_redirect",
						  "medium", u,
						  _("plain HTTP answers %d without redirecting to HTTPS"),
						  jr->status);
		} else if (j->kind == J_TRACE && jr != NULL &&
			   jr->status == 200 && find(&b, s.token) != NULL) {
			rc |= add_finding(r, "web.trace_enabled", "medium", u,
					  "%s", _("TRACE is enabled: the server echoes requests back (cross-site tracing); disable it"));
		} else if (j->kind == J_CORS && jr != NULL) {
			const char *ao = eg_http_header_get(jr,
				"Access-Control-Allow-Origin");
			const char *ac = eg_http_header_get(jr,
				"Access-Control-Allow-Credentials");
			int cred = ac != NULL && strcasecmp(ac, "true") == 0;
			if (ao != NULL && strcmp(ao, j->hdr.value) == 0 && cred)
				rc |= add_finding(r, "web.cors_reflected_credentials",
						  "high", u, "%s",
						  _("CORS reflects any Origin with credentials allowed: every site can read this site's pages as the logged-in visitor"));
			else if (ao != NULL && strcmp(ao, "*") == 0 && cred)
				rc |= add_finding(r, "web.cors_wildcard_credentials",
						  "medium", u, "%s",
						  _("CORS allows any origin (*) together with credentials"));
			else if (ao != NULL && strcmp(ao, j->hdr.value) == 0)
				rc |= add_finding(r, "web.cors_reflected_origin",
						  "low", u, "%s",
						  _("CORS reflects any Origin (without credentials)"));
		}
	}
	if (rc != 0)
		goto nomem;
	/* the main page itself may be a listing */
	struct body mb = {(const char *)m->body, m->body_len};
	if (m->status == 200 && is_listing(&mb) &&
	    add_finding(r, "web.directory_listing", "medium", mh->url, "%s",
			_("the page is a directory listing (autoindex or Options Indexes is on)")) != 0)
		goto nomem;
	for (size_t i = 0; i < n2; i++) {
		struct job *j = &j2[i];
		if (add_responses(r, j->res, j->purpose, j->method) != 0)
			goto nomem;
		if (j->kind == J_PATH || j->kind == J_LISTING) {
			if (judge_path(r, j, probes) != 0)
				goto nomem;
			continue;
		}
		if (j->skipped || j->res == NULL)
			continue;
		if (j->kind == J_SECTXT)
			rc |= judge_security_txt(r, j, probes);
		else if (j->kind == J_ADMIN)
			rc |= judge_admin(r, j, probes,
					  eg_http_url_same_origin(&j->url, &top));
	}
	if (rc != 0)
		goto nomem;
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings),
		      cmp_findings);
	r->requests = s.requests;
	r->budget_spent = s.budget_spent;
	*out = r;
	r = NULL;
	rc = 0;
	goto out;
nomem:
	rc = eg_err_set(e, EG_E_NOMEM, "%s", _("out of memory"));
out:
	eg_web_result_free(r);
	eg_http_result_free(mainres);
	jobs_free(j1, n1);
	jobs_free(j2, n2);
	eg_http_client_free(s.client);
	if (mu_init)
		pthread_mutex_destroy(&s.mu);
	eg_http_url_clear(&base);
	eg_http_url_clear(&top);
	return rc;
}
