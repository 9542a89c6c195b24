/*
 * php_ini.h: PHP's php.ini format, and the php_ini table that reads every
 * SAPI's php.ini and the *.ini files of its conf.d under etc/php (Debian's
 * layout: etc/php/VERSION/SAPI/php.ini and
 * etc/php/VERSION/SAPI/conf.d/NN-name.ini).
 *
 * "key = value" lines; ';' (and '#') start comments; "[section]" lines
 * (including PHP's [PATH=...] / [HOST=...]) are skipped, their keys kept;
 * "..." and '...' values lose their quotes (\" and \\ unescaped in "..."),
 * and may span lines as in PHP; an unquoted value ends at ';' and is
 * trimmed; a bare "key" line has no value (NULL). Values are kept as
 * written: On/Off/1/0 are not normalised, so a query compares with
 * lower(value) IN ('on', '1', 'yes', 'true').
 */
#ifndef EG_WEB_PHP_INI_H
#define EG_WEB_PHP_INI_H

#include <stddef.h>

#include "../../util/err.h"

struct eg_php_ini_cb {
	/* One setting; value is NULL for a bare key. A non-zero return stops
	 * the parse and is returned. */
	int (*entry)(void *ud, unsigned line, const char *key,
		     const char *value);
	/* A line that is neither a setting, a section nor a comment (ignored
	 * as PHP would reject it); may be NULL. */
	void (*bad_line)(void *ud, unsigned line);
	void *ud;
};

/*
 * Parses buf[0..len). Returns 0; EG_E_PARSE for a NUL byte; EG_E_LIMIT for
 * a line or quoted value longer than EG_LINE_MAX or more than
 * EG_CONF_MAX_LINES lines; EG_E_NOMEM; or what cb->entry returned. e holds
 * "line N: ..." (the caller prefixes the file name).
 */
int eg_php_ini_parse(const char *buf, size_t len,
		     const struct eg_php_ini_cb *cb, struct eg_err *e);

#endif
