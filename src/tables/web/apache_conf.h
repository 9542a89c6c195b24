/*
 * apache_conf.h: the Apache httpd configuration language, parsed as httpd
 * reads it (server/config.c, util.c ap_getword_conf), into webconf
 * directives.
 *
 * One directive per logical line; a backslash right before the end of a
 * line joins the next one (as httpd does, without touching the next line's
 * leading blanks); a line whose first non-blank is '#' is a comment (httpd
 * has no trailing comments). Arguments are words or "..."/'...' strings in
 * which \" (or \') and \\ are unescaped. <Section args> ... </Section>
 * nest: the opener is a directive named after the section (without '<')
 * and its args, and "Section args" becomes a step of the context of what
 * it encloses ("VirtualHost *:443>Directory /var/www"). Directive names are
 * kept as written: httpd compares them case-insensitively, so should a
 * query (lower(directive) or LIKE).
 */
#ifndef EG_WEB_APACHE_CONF_H
#define EG_WEB_APACHE_CONF_H

#include <stddef.h>

#include "../../util/err.h"
#include "webconf.h"

/*
 * Parses buf[0..len) as one httpd configuration file, appending its
 * directives to p->conf and calling p->include.fn for Include and
 * IncludeOptional. Returns 0; or EG_E_PARSE ("FILE:LINE:COL: message" in
 * e: a section closed without being opened or left open, an opener
 * without its '>', a NUL byte), EG_E_LIMIT (a logical line longer than
 * EG_LINE_MAX, too many arguments, sections nested deeper than
 * EG_WEBCONF_MAX_DEPTH, too many directives) or EG_E_NOMEM. On error the
 * directives before the fault stay in p->conf.
 */
int eg_apache_parse(const struct eg_wconf_parse *p, const char *buf,
		    size_t len, struct eg_err *e);

#endif
