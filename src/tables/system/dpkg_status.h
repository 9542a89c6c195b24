/*
 * dpkg_status.h: dpkg's database of packages, var/lib/dpkg/status.
 *
 * The file is a list of RFC 822-style stanzas separated by blank lines:
 *
 *   Package: openssh-server
 *   Status: install ok installed
 *   Architecture: amd64
 *   Source: openssh (1:9.2p1-2)
 *   Version: 1:9.2p1-2+deb12u3
 *   Description: secure shell (SSH) server
 *    continuation lines start with a space or a tab
 *
 * On a big server it is tens of MiB, so the parser is fed one line at a time
 * (from eg_lines_file) and keeps only the fields of the current stanza. Field
 * names are case-insensitive; a field seen twice in a stanza keeps its first
 * value, as a careful reader of a file dpkg itself would reject should.
 */
#ifndef EG_TABLES_DPKG_STATUS_H
#define EG_TABLES_DPKG_STATUS_H

#include <stddef.h>

/* One package, as handed to the callback; strings are NUL-terminated, cut
 * at any NUL byte of the file, and live until the callback returns. */
struct eg_dpkg_pkg {
	const char *name;    /* Package */
	const char *version; /* Version, or NULL */
	const char *status;  /* last word of Status ("installed",
			      * "config-files", ...), or NULL */
	const char *arch;    /* Architecture, or NULL */
	const char *source;  /* package name of Source, else name */
	size_t line;         /* line where the stanza starts */
};

/* Returns 0 to go on, anything else to stop (returned by the parser). */
typedef int (*eg_dpkg_fn)(void *arg, const struct eg_dpkg_pkg *pkg);

struct eg_dpkg_parser;

/* Creates a parser calling fn for each complete stanza with a Package field.
 * Returns 0 or EG_E_NOMEM. OUT: caller frees with eg_dpkg_parser_free. */
int eg_dpkg_parser_new(eg_dpkg_fn fn, void *arg, struct eg_dpkg_parser **out);

/*
 * Feeds one line (without '\n'); parser is the struct eg_dpkg_parser, so
 * this is an eg_line_fn (sysio.h). Returns 0 or what fn returned.
 */
int eg_dpkg_parser_line(void *parser, const char *line, size_t len,
			size_t lineno);

/* Ends the input: the last stanza is handed over. Returns 0 or fn's value. */
int eg_dpkg_parser_finish(struct eg_dpkg_parser *p);

/* Lines that were neither a field, a continuation nor a separator, plus
 * stanzas without a Package field. */
size_t eg_dpkg_parser_bad(const struct eg_dpkg_parser *p);

/* The first bad line's number (0 when none). */
size_t eg_dpkg_parser_first_bad(const struct eg_dpkg_parser *p);

void eg_dpkg_parser_free(struct eg_dpkg_parser *p);

/*
 * The whole buffer at once (tests, fuzzing): feeds every line and finishes.
 * *bad (may be NULL) gets eg_dpkg_parser_bad. Returns 0, EG_E_NOMEM or fn's
 * value.
 */
int eg_dpkg_parse(const char *buf, size_t len, eg_dpkg_fn fn, void *arg,
		  size_t *bad);

#endif
