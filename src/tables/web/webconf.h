/*
 * webconf.h: a web server's configuration as a flat list of directives, the
 * form both the nginx and the apache parsers produce and the tables read
 * (nginx_config, apache_config, and the certificate, key and web-root paths
 * the other tables take from them).
 *
 * A directive keeps the file it was read from (its path inside the audit
 * root), its line, its context (the enclosing blocks, '>'-joined: "http>
 * server>location /", "" at top level), its name as written and its
 * arguments unquoted, both one by one and space-joined. Block openers
 * (nginx "server {", apache "<VirtualHost *:443>") are directives too, in
 * their enclosing context.
 *
 * Loading follows includes through a callback the parsers call, so the
 * parsers themselves stay pure functions over a buffer (unit tests and fuzz
 * targets call them without a filesystem).
 */
#ifndef EG_WEB_WEBCONF_H
#define EG_WEB_WEBCONF_H

#include <stddef.h>

#include "../../util/err.h"
#include "../../util/rootfs.h"

struct eg_wdir {
	const char *file;    /* path inside the root, e.g. /etc/nginx/nginx.conf */
	unsigned line;       /* 1-based line where the directive starts */
	const char *context; /* "" at top level */
	const char *name;    /* as written */
	const char *args;    /* arguments space-joined ("" when none) */
	size_t argc;
	const char *const *argv;
};

struct eg_wconf;

/* A new empty list. Returns NULL when memory is exhausted. OUT: caller
 * frees with eg_wconf_free. */
struct eg_wconf *eg_wconf_new(void);

/* Frees c; NULL is fine. */
void eg_wconf_free(struct eg_wconf *c);

size_t eg_wconf_count(const struct eg_wconf *c);

/* The i-th directive (i < count), valid until c is freed. */
const struct eg_wdir *eg_wconf_get(const struct eg_wconf *c, size_t i);

/*
 * Appends one directive; strings are copied. Returns 0, EG_E_NOMEM, or
 * EG_E_LIMIT past EG_CONF_MAX_LINES directives in one configuration.
 */
int eg_wconf_add(struct eg_wconf *c, const char *file, unsigned line,
		 const char *context, const char *name, size_t argc,
		 const char *const *argv);

/*
 * Called by a parser when it meets an include directive (nginx "include",
 * apache "Include"/"IncludeOptional"), right after adding that directive.
 * pattern is the argument as written; context the one the included files'
 * directives belong to; optional is 1 for IncludeOptional. Returns 0, or a
 * negative code that stops the parse (only for exhausted memory: problems
 * with included files are the callback's to report).
 */
struct eg_wconf_include {
	int (*fn)(void *ud, const char *file, unsigned line,
		  const char *pattern, const char *context, int optional,
		  unsigned depth);
	void *ud;
};

/* Where a parser puts what it reads. */
struct eg_wconf_parse {
	struct eg_wconf *conf;
	const char *file;    /* for rows and messages */
	const char *context; /* context of the including directive; "" or NULL */
	unsigned depth;      /* include depth of this file, 0 for the main one */
	struct eg_wconf_include include; /* fn NULL: includes only recorded */
};

/* A non-fatal problem found while loading, already formatted. */
typedef void (*eg_warn_fn)(void *ud, const char *msg);

/*
 * Loads etc/nginx/nginx.conf (nginx) or etc/apache2/apache2.conf (apache)
 * from the root with every include followed: patterns are globbed inside
 * the root, relative ones from etc/nginx or etc/apache2 (Debian's prefix
 * and ServerRoot; a ServerRoot directive is not honoured); include depth,
 * file count and cycles are bounded (EG_CONF_MAX_INCLUDE_DEPTH,
 * EG_CONF_MAX_FILES, EG_WEBCONF_FILE_MAX bytes per file; a file including
 * itself directly or not is skipped).
 * Problems with one file (unreadable, malformed, missing include) go to
 * warn and that file's remaining directives are dropped; the others load.
 * A missing main file gives an empty list. Returns 0 with *out set, or
 * EG_E_NOMEM. OUT: caller frees *out with eg_wconf_free.
 */
int eg_wconf_load_nginx(struct eg_root *r, eg_warn_fn warn, void *ud,
			struct eg_wconf **out);
int eg_wconf_load_apache(struct eg_root *r, eg_warn_fn warn, void *ud,
			 struct eg_wconf **out);

/* The web servers' standard places inside the root. */
#define EG_NGINX_PREFIX "/etc/nginx"
#define EG_NGINX_MAIN "/etc/nginx/nginx.conf"
#define EG_NGINX_HTML_PREFIX "/usr/share/nginx" /* Debian's --prefix */
#define EG_APACHE_ROOT "/etc/apache2"
#define EG_APACHE_MAIN "/etc/apache2/apache2.conf"

#endif
