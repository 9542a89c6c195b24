/*
 * nginx_conf.h: the nginx configuration language, parsed as nginx itself
 * tokenises it (ngx_conf_file.c), into webconf directives.
 *
 * Words are separated by blanks; ';' ends a directive, '{' opens a block
 * and '}' closes it; '#' at the start of a word comments to the end of the
 * line; "..." and '...' quote (the quotes are removed); a backslash escapes
 * the next character and \" \' \\ \t \r \n are translated, other escapes
 * are kept as written; "${" inside a word does not open a block. The bodies
 * of *_by_lua_block directives are Lua, not nginx syntax: they are skipped
 * whole (strings, long brackets and comments understood, so a brace in a
 * Lua string does not end the block) and only the directive itself is
 * recorded.
 */
#ifndef EG_WEB_NGINX_CONF_H
#define EG_WEB_NGINX_CONF_H

#include <stddef.h>

#include "../../util/err.h"
#include "webconf.h"

/*
 * Parses buf[0..len) as one nginx configuration file, appending its
 * directives to p->conf and calling p->include.fn for each "include".
 * Returns 0; or EG_E_PARSE ("FILE:LINE:COL: unexpected ..." in e), EG_E_LIMIT
 * (a word longer than EG_LINE_MAX, more than EG_WEBCONF_MAX_ARGS arguments,
 * blocks nested deeper than EG_WEBCONF_MAX_DEPTH, too many directives) or
 * EG_E_NOMEM. On error the directives before the fault stay in p->conf.
 * A NUL byte is a parse error: nginx configuration is text.
 */
int eg_nginx_parse(const struct eg_wconf_parse *p, const char *buf,
		   size_t len, struct eg_err *e);

#endif
